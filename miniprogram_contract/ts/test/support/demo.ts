// The running demo (`mirror demo`: SQLite, in-process jobs, the sandbox and its OSS emulator), and a
// `wx` that talks to it over real HTTP as the WeChat client would.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";

import type { WxLike, WxRequestOption, WxRequestPaymentOption, WxUploadFileOption } from "../../src/wx";

const REPO = resolve(__dirname, "..", "..", "..", "..");

function python(): string {
  const given = process.env.MIRROR_PYTHON;
  if (given) return given;
  const venv = join(REPO, ".venv", "bin", "python");
  if (!existsSync(venv)) throw new Error(`no ${venv}: run scripts/setup first, or set MIRROR_PYTHON`);
  return venv;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

/** A port whose next port is free too: the demo serves its OSS emulator on port + 1. */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await new Promise<number>((done, fail) => {
      const server = createServer();
      server.once("error", fail);
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => done(port));
      });
    });
    if (port < 65535 && (await portFree(port + 1))) return port;
  }
  throw new Error("no two adjacent free ports");
}

export interface Demo {
  base: string;
  sandbox: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Start `python -m bff.cli demo` on free ports with a fresh data dir. `env(base)` adds MIRROR_*
 * settings (every MIRROR_* variable of this process is dropped, as a newcomer's shell has none).
 */
export async function startDemo(
  env: (base: string) => Record<string, string> = () => ({}),
  timeoutMs = 90_000,
): Promise<Demo> {
  const port = await freePortPair();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "mirror-ts-demo-"));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MIRROR_")));
  const child: ChildProcess = spawn(
    python(),
    ["-m", "bff.cli", "demo", "--port", String(port), "--data-dir", dataDir],
    // Its own process group: the demo forks (job work horses), and every one of them must go.
    { cwd: REPO, env: { ...clean, PYTHONUNBUFFERED: "1", ...env(base) }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const group = child.pid as number;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-group, name);
    } catch {
      // the group is gone already
    }
  };
  const orphaned = () => signal("SIGKILL"); // never outlive the test process
  const interrupted = () => {
    signal("SIGKILL");
    process.exit(130);
  };
  process.once("exit", orphaned);
  process.once("SIGTERM", interrupted);
  process.once("SIGINT", interrupted);
  let output = "";
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const stop = async () => {
    signal("SIGTERM");
    const killed = setTimeout(() => signal("SIGKILL"), 5000);
    await exited;
    clearTimeout(killed);
    signal("SIGKILL"); // forked children that outlived the demo
    child.stdout?.destroy();
    child.stderr?.destroy();
    process.removeListener("exit", orphaned);
    process.removeListener("SIGTERM", interrupted);
    process.removeListener("SIGINT", interrupted);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const ready = new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo not up after ${timeoutMs} ms:\n${output.slice(-3000)}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("演示登录")) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`demo exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, sandbox: `${base}/sandbox`, output: () => output, stop };
}

const MIME: Record<string, string> = { ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".heic": "image/heic" };

/**
 * `wx` over HTTP. wx.uploadFile reads `filePath` from disk and posts a multipart form: formData
 * first, the file last (its type from the extension, as WeChat does). wx.requestPayment stands for
 * the user confirming the payment: the sandbox's control route pays the prepay order.
 */
export class HttpWx implements WxLike {
  readonly methods: string[] = [];

  constructor(private readonly sandbox: string) {}

  request(option: WxRequestOption): void {
    this.methods.push(option.method);
    (async () => {
      const res = await fetch(option.url, { method: option.method, headers: option.header, body: option.data });
      const header: Record<string, string> = {};
      res.headers.forEach((value, key) => (header[key] = value));
      let data: unknown;
      if (option.responseType === "arraybuffer") {
        data = await res.arrayBuffer();
      } else {
        data = await res.text();
        if (option.dataType === "json") {
          try {
            data = JSON.parse(data as string);
          } catch {
            // wx leaves a non-JSON answer as text
          }
        }
      }
      option.success?.({ statusCode: res.status, data, header });
    })().catch((err: Error) => option.fail?.({ errMsg: `request:fail ${err.message}` }));
  }

  uploadFile(option: WxUploadFileOption): void {
    (async () => {
      const form = new FormData();
      for (const [key, value] of Object.entries(option.formData ?? {})) form.append(key, value);
      const bytes = readFileSync(option.filePath);
      const type = MIME[extname(option.filePath).toLowerCase()] ?? "application/octet-stream";
      form.append(option.name, new Blob([bytes], { type }), option.filePath.split("/").pop());
      const res = await fetch(option.url, { method: "POST", body: form, headers: option.header });
      option.success?.({ statusCode: res.status, data: await res.text() });
    })().catch((err: Error) => option.fail?.({ errMsg: `uploadFile:fail ${err.message}` }));
  }

  requestPayment(option: WxRequestPaymentOption): void {
    (async () => {
      const prepayId = /^prepay_id=(.+)$/.exec(option.package)?.[1];
      if (option.signType !== "RSA" || !prepayId || !option.paySign || !option.timeStamp || !option.nonceStr) {
        return option.fail?.({ errMsg: "requestPayment:fail invalid parameters" });
      }
      const res = await fetch(`${this.sandbox}/control/wechatpay/pay`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ prepay_id: prepayId }),
      });
      if (!res.ok) return option.fail?.({ errMsg: `requestPayment:fail ${res.status} ${await res.text()}` });
      option.success?.({ errMsg: "requestPayment:ok" });
    })().catch((err: Error) => option.fail?.({ errMsg: `requestPayment:fail ${err.message}` }));
  }
}

/** The sandbox's stand-ins for wx.login and the getPhoneNumber button. */
export class WechatUser {
  openid: string | undefined;

  constructor(private readonly sandbox: string) {}

  private async control(path: string, body: object): Promise<Record<string, string>> {
    const res = await fetch(`${this.sandbox}/control/wechat/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  }

  /** wx.login(): a one-time code. */
  async login(): Promise<string> {
    const out = await this.control("login", this.openid ? { openid: this.openid } : {});
    this.openid = out.openid;
    return out.code;
  }

  /** The getPhoneNumber button's code for `phone`. */
  async phoneCode(phone: string): Promise<string> {
    return (await this.control("phone-code", { openid: this.openid as string, phone })).code;
  }
}
