// How calls go out over wx.request and how answers come back, against a stand-in wx.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import {
  ApiError,
  ERROR_REASONS,
  GENERIC_REASONS,
  MirrorClient,
  OPERATIONS,
  TransportError,
  isApiError,
  isKnownReason,
  memoryTokens,
  type CallReason,
  type OperationId,
} from "../src";
import { BASE, FakeWx, error } from "./support/fakeWx";

const TOKENS = { token_type: "Bearer", access_token: "a1", refresh_token: "r1", expires_in: 900, refresh_expires_in: 9 };
const client = (wx: FakeWx) => new MirrorClient({ baseUrl: BASE, wx, tokens: memoryTokens(TOKENS) });

describe("requests", () => {
  it("fills path parameters (encoded), query parameters and a JSON body", async () => {
    const wx = new FakeWx();
    wx.on("GET", "/api/v1/stores/s%2F1/clients", { status: 200, body: { items: [], next_cursor: null } });
    wx.on("POST", "/api/v1/stores/s1/clients", { status: 201, body: { id: "c1" } });
    const api = client(wx);
    await api.call("clients_list", { path: { store_id: "s/1" }, query: { q: "张 三", limit: 20, cursor: undefined } });
    const listed = wx.sent[0];
    assert.equal(listed.query.get("q"), "张 三");
    assert.equal(listed.query.get("limit"), "20");
    assert.equal(listed.query.has("cursor"), false);
    assert.equal(listed.body, undefined);
    await api.call("clients_create", { path: { store_id: "s1" }, body: { name: "林晓晴", tags: ["敏感肌"] } });
    const created = wx.sent[1];
    assert.deepEqual(created.body, { name: "林晓晴", tags: ["敏感肌"] });
    assert.equal(created.header["Content-Type"], "application/json");
    assert.equal(created.header.Authorization, "Bearer a1");
  });

  it("sends PATCH as POST with X-HTTP-Method-Override: PATCH (wx.request has no PATCH)", async () => {
    const wx = new FakeWx();
    wx.on("POST", "/api/v1/stores/s1/clients/c1", (sent) =>
      sent.header["X-HTTP-Method-Override"] === "PATCH"
        ? { status: 200, body: { id: "c1", tags: (sent.body as { tags: string[] }).tags } }
        : error(405, "method_not_allowed"),
    );
    const out = await client(wx).call("clients_update", { path: { store_id: "s1", client_id: "c1" }, body: { tags: ["B"] } });
    assert.deepEqual(out.tags, ["B"]);
    assert.equal(wx.sent[0].method, "POST");
    // Every PATCH operation of the document goes out this way; no other method is overridden.
    const patches = Object.entries(OPERATIONS).filter(([, op]) => op.method === "PATCH");
    assert.ok(patches.length >= 2);
    const others = new FakeWx();
    others.on("GET", "/api/v1/me", { status: 200, body: {} });
    await client(others).call("me_get");
    assert.equal(others.sent[0].header["X-HTTP-Method-Override"], undefined);
  });

  it("a server error becomes an ApiError with the envelope's reason, message, field errors and Retry-After", async () => {
    const wx = new FakeWx();
    wx.on("POST", "/api/v1/orders", {
      ...error(503, "wechatpay_unavailable", "微信支付暂不可用，请稍后再试"),
      header: { "retry-after": "7" },
    });
    wx.on("POST", "/api/v1/stores", error(422, "validation_error", "提交的数据有误", { name: ["不能为空"] }));
    const api = client(wx);
    const unavailable = await api.call("orders_create", { body: { plan_code: "vip_month", platform: "android" } }).catch((e) => e);
    assert.ok(unavailable instanceof ApiError);
    assert.ok(isApiError(unavailable, "orders_create"));
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.reason, "wechatpay_unavailable");
    assert.equal(unavailable.message, "微信支付暂不可用，请稍后再试");
    assert.equal(unavailable.retryAfter, 7);
    assert.equal(isApiError(unavailable, "stores_create"), false);
    const invalid = await api.call("stores_create", { body: { name: "", address: "x", business_category: "other" } }).catch((e) => e);
    assert.ok(isApiError(invalid, "stores_create"));
    assert.deepEqual(invalid.errors, { name: ["不能为空"] });
    assert.equal(invalid.retryAfter, null);
  });

  it("the reasons union is what the OpenAPI document declares, per operation", () => {
    const spec = JSON.parse(readFileSync(join(__dirname, "..", "..", "openapi.json"), "utf8"));
    const documented = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, { operationId: string; responses: Record<string, { description?: string }> }>>(spec.paths)) {
      if (!path.startsWith("/api/v1/")) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
        const declared = Object.entries(op.responses)
          .filter(([status]) => /^[45]/.test(status))
          .flatMap(([, r]) => [...(r.description ?? "").matchAll(/`([a-z0-9_]+)`：/g)].map((m) => m[1]));
        declared.forEach((r) => documented.add(r));
        assert.deepEqual([...OPERATIONS[op.operationId as OperationId].reasons], [...new Set(declared)].sort(), op.operationId);
      }
    }
    for (const generic of GENERIC_REASONS) documented.add(generic);
    assert.deepEqual(Object.keys(ERROR_REASONS).sort(), [...documented].sort());
    assert.ok(GENERIC_REASONS.includes("database_busy" as never));
    assert.deepEqual(ERROR_REASONS.token_expired, { status: 401, message: "登录已过期，请刷新登录" });
    assert.ok(OPERATIONS.orders_create.reasons.includes("payment_unavailable_on_platform" as never));
    assert.equal(isKnownReason("wechatpay_unavailable"), true);
    assert.equal(isKnownReason("no_such_reason"), false);
  });

  it("a switch over an operation's reasons is checked by the compiler", async () => {
    const wx = new FakeWx();
    wx.on("POST", "/api/v1/orders", error(403, "payment_unavailable_on_platform"));
    const err = await client(wx).call("orders_create", { body: { plan_code: "vip_month", platform: "ios" } }).catch((e) => e);
    assert.ok(isApiError(err, "orders_create"));
    assert.equal(advice(err.reason), "use_activation_code");
  });

  it("a wx.request failure or an answer that is not the API's is a TransportError", async () => {
    const wx = new FakeWx(); // no route: the stand-in fails the call as wx does offline
    await assert.rejects(client(wx).call("plans_list", { query: { platform: "android" } }), (e: unknown) =>
      e instanceof TransportError && e.api === "request" && /fail/.test(e.errMsg),
    );
    wx.on("GET", "/api/v1/plans", { status: 502, body: "<html>Bad Gateway</html>" });
    await assert.rejects(client(wx).call("plans_list", { query: { platform: "android" } }), (e: unknown) =>
      e instanceof TransportError && e.statusCode === 502,
    );
  });

  it("204 resolves to undefined; a file comes back as an ArrayBuffer and its errors still as ApiError", async () => {
    const wx = new FakeWx();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    wx.on("POST", "/api/v1/auth/logout", { status: 204 });
    wx.on("GET", "/api/v1/stores/s1/invitations/i1/qrcode", { status: 200, body: png });
    wx.on("GET", "/api/v1/stores/s1/invitations/i2/qrcode", error(404, "invitation_not_found", "邀请不存在或已失效"));
    const api = client(wx);
    assert.equal(await api.call("auth_logout"), undefined);
    const qr = await api.call("stores_invitations_qrcode", { path: { store_id: "s1", invitation_id: "i1" } });
    assert.ok(qr instanceof ArrayBuffer);
    assert.deepEqual(new Uint8Array(qr), png);
    assert.equal(wx.sent[1].responseType, "arraybuffer");
    const missing = await api.call("stores_invitations_qrcode", { path: { store_id: "s1", invitation_id: "i2" } }).catch((e) => e);
    assert.ok(isApiError(missing));
    assert.equal(missing.reason, "invitation_not_found");
    assert.equal(missing.message, "邀请不存在或已失效");
  });
});

// A page's handling of orders_create failures: the compiler fails this function when a reason the
// document declares for orders_create is not handled (or a handled one no longer exists).
function advice(reason: CallReason<"orders_create">): string {
  switch (reason) {
    case "payment_unavailable_on_platform":
      return "use_activation_code";
    case "plan_not_found":
      return "reload_plans";
    case "consultant_required":
      return "register";
    case "agreement_required":
      return "agreements";
    case "rate_limited":
    case "wechatpay_unavailable":
    case "wechatpay_rejected":
    case "database_busy":
    case "dependency_unavailable":
    case "internal_error":
      return "retry_later";
    case "token_missing":
    case "token_invalid":
    case "token_expired":
    case "session_revoked":
    case "account_disabled":
    case "refresh_token_reused":
      return "login";
    case "validation_error":
    case "malformed_json":
    case "bad_request":
    case "method_not_allowed":
    case "payload_too_large":
      return "bug";
    default: {
      const unhandled: never = reason;
      return unhandled;
    }
  }
}

// Compile-time checks of the call signatures (type-checked by `tsc --noEmit`, never run).
export function signatures(api: MirrorClient): void {
  // @ts-expect-error store_id is a required path parameter
  void api.call("clients_list", { path: {} });
  // @ts-expect-error clients_create needs a body
  void api.call("clients_create", { path: { store_id: "s1" } });
  // @ts-expect-error an operation the document does not have
  void api.call("clients_merge");
  // @ts-expect-error a field ClientUpdate does not have
  void api.call("clients_update", { path: { store_id: "s1", client_id: "c1" }, body: { linked_user_id: 1 } });
  // @ts-expect-error platform is an enum
  void api.call("orders_create", { body: { plan_code: "vip_month", platform: "symbian" } });
  void api.call("me_get");
  void api.call("plans_list", { query: { platform: "ios" } });
}
