// Generate src/generated/ from the committed ../openapi.json:
//   schema.ts      the types of every path, operation and schema (openapi-typescript)
//   operations.ts  each mini-program operation's method, path, auth and success status, and the
//                  error reasons the document declares for it (the `reason` union)
// `node scripts/generate.mjs --check` writes nothing and fails when the committed files differ.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const specPath = join(root, "..", "openapi.json");
const outDir = join(root, "src", "generated");
const HEADER = "// Generated from miniprogram_contract/openapi.json by `npm run generate`. Do not edit.\n";
const API_PREFIX = "/api/v1/"; // the mini-program's API; the admin API is not its contract
const METHODS = ["get", "post", "put", "patch", "delete"];
// In a response description: "`reason`：message" (per operation) or "401 `reason`（message）" (any route).
const DECLARED = /`([a-z0-9_]+)`：([^；]*)/g;
const GENERIC = /(\d{3}) `([a-z0-9_]+)`（([^）]*)）/g;

async function render(spec) {
  // A field with a default may be left out of a request body: keep it optional.
  const schema = HEADER + astToString(await openapiTS(spec, { defaultNonNullable: false }));
  return { "schema.ts": schema, "operations.ts": renderOperations(spec) };
}

function renderOperations(spec) {
  const reasons = {}; // reason -> { status, message }
  const add = (reason, status, message) => {
    const known = reasons[reason];
    if (known && known.status !== status) {
      throw new Error(`reason ${reason} is documented with two statuses: ${known.status} and ${status}`);
    }
    reasons[reason] ??= { status, message };
  };
  const generic = [];
  for (const m of (spec.components?.responses?.DEFAULT_ERROR?.description ?? "").matchAll(GENERIC)) {
    add(m[2], Number(m[1]), m[3]);
    generic.push(m[2]);
  }
  if (!generic.length) throw new Error("DEFAULT_ERROR lists no reason: has its description changed?");

  const operations = {};
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!path.startsWith(API_PREFIX)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const success = Object.keys(op.responses).filter((s) => s.startsWith("2"));
      if (success.length !== 1) throw new Error(`${op.operationId}: expected one 2xx response`);
      const ok = op.responses[success[0]];
      const declared = [];
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^[45]\d\d$/.test(status)) continue;
        const found = [...(response.description ?? "").matchAll(DECLARED)];
        if (!found.length) throw new Error(`${op.operationId} ${status}: no reason in its description`);
        for (const m of found) {
          add(m[1], Number(status), m[2]);
          if (!declared.includes(m[1])) declared.push(m[1]);
        }
      }
      operations[op.operationId] = {
        method: method.toUpperCase(),
        path,
        auth: Boolean(op.security?.length),
        status: Number(success[0]),
        // No JSON schema on the 2xx: 204 has no body; a 200 without one is a file (PNG, PDF).
        body: ok.content?.["application/json"] ? "json" : success[0] === "204" ? "none" : "binary",
        reasons: declared.sort(),
      };
    }
  }
  const sortedReasons = Object.fromEntries(Object.keys(reasons).sort().map((r) => [r, reasons[r]]));
  const sortedOperations = Object.fromEntries(Object.keys(operations).sort().map((o) => [o, operations[o]]));
  const json = (value) => JSON.stringify(value, null, 2);
  return `${HEADER}
/** Every error reason the document declares: its HTTP status and the message the server sends. */
export const ERROR_REASONS = ${json(sortedReasons)} as const;

/** The error reasons the server may send, from any route. */
export type ErrorReason = keyof typeof ERROR_REASONS;

/** Reasons any route may answer (documented once, on the default error response). */
export const GENERIC_REASONS = ${json(generic.sort())} as const;

export type GenericReason = (typeof GENERIC_REASONS)[number];

/** The mini-program's operations by operationId: how to call each, and the reasons it declares. */
export const OPERATIONS = ${json(sortedOperations)} as const;

export type OperationId = keyof typeof OPERATIONS;

/** The reasons one operation may answer: those it declares, plus those any route may answer. */
export type OperationReason<O extends OperationId> = (typeof OPERATIONS)[O]["reasons"][number] | GenericReason;
`;
}

async function main() {
  const check = process.argv.includes("--check");
  const spec = JSON.parse(readFileSync(specPath, "utf8"));
  const files = await render(spec);
  const stale = [];
  for (const [name, text] of Object.entries(files)) {
    const target = join(outDir, name);
    const committed = existsSync(target) ? readFileSync(target, "utf8") : null;
    if (committed === text) continue;
    if (check) {
      stale.push(relative(root, target));
    } else {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(target, text);
      console.log(`wrote ${relative(root, target)}`);
    }
  }
  if (stale.length) {
    console.error(`out of date with ../openapi.json: ${stale.join(", ")}\nrun \`npm run generate\` in miniprogram_contract/ts and commit the result`);
    process.exit(1);
  }
  if (check) console.log("generated types match ../openapi.json");
}

await main();
