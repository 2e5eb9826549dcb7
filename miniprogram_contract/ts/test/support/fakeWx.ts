// A stand-in for the mini-program's `wx`: routes wx.request to handlers a test writes, records
// every call, and answers asynchronously as the base library does.
import type {
  WxLike,
  WxMethod,
  WxRequestOption,
  WxRequestPaymentOption,
  WxStorage,
  WxUploadFileOption,
  WxUploadSuccess,
} from "../../src/wx";

export interface Sent {
  method: WxMethod;
  path: string;
  query: URLSearchParams;
  header: Record<string, string>;
  body: unknown;
  responseType: string | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
  header?: Record<string, string>;
}

type Handler = (sent: Sent) => Reply | Promise<Reply>;

export const BASE = "https://api.example.test";

export function error(status: number, reason: string, message = "出错了", errors: object = {}): Reply {
  return { status, body: { code: status, status: "Error", message, reason, errors } };
}

export class FakeWx implements WxLike {
  readonly sent: Sent[] = [];
  readonly uploads: WxUploadFileOption[] = [];
  readonly payments: WxRequestPaymentOption[] = [];
  /** What wx.uploadFile answers; a string is a `fail` errMsg. */
  uploadReply: (option: WxUploadFileOption) => WxUploadSuccess | string = () => "uploadFile:fail no reply set";
  /** What wx.requestPayment answers: null for success, else the `fail` errMsg. */
  paymentReply: (option: WxRequestPaymentOption) => string | null = () => null;
  private readonly routes = new Map<string, Handler>();

  on(method: WxMethod, path: string, handler: Handler | Reply): this {
    this.routes.set(`${method} ${path}`, typeof handler === "function" ? handler : () => handler);
    return this;
  }

  sentTo(method: WxMethod, path: string): Sent[] {
    return this.sent.filter((s) => s.method === method && s.path === path);
  }

  request(option: WxRequestOption): void {
    const url = new URL(option.url);
    if (url.origin !== BASE) throw new Error(`request to an unexpected origin: ${option.url}`);
    const sent: Sent = {
      method: option.method,
      path: url.pathname,
      query: url.searchParams,
      header: { ...option.header },
      body: typeof option.data === "string" ? JSON.parse(option.data) : option.data,
      responseType: option.responseType,
    };
    this.sent.push(sent);
    const handler = this.routes.get(`${sent.method} ${sent.path}`);
    setImmediate(async () => {
      if (!handler) return option.fail?.({ errMsg: `request:fail no route for ${sent.method} ${sent.path}` });
      const reply = await handler(sent);
      let data = reply.body;
      // As wx does: dataType json parses a JSON answer; responseType arraybuffer hands over bytes.
      if (option.responseType === "arraybuffer") {
        const bytes = data instanceof Uint8Array ? data : new TextEncoder().encode(JSON.stringify(data));
        data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      }
      option.success?.({ statusCode: reply.status, data: data ?? "", header: reply.header ?? {} });
    });
  }

  uploadFile(option: WxUploadFileOption): void {
    this.uploads.push(option);
    setImmediate(() => {
      const reply = this.uploadReply(option);
      if (typeof reply === "string") option.fail?.({ errMsg: reply });
      else option.success?.(reply);
    });
  }

  requestPayment(option: WxRequestPaymentOption): void {
    this.payments.push(option);
    setImmediate(() => {
      const failed = this.paymentReply(option);
      if (failed) option.fail?.({ errMsg: failed });
      else option.success?.({ errMsg: "requestPayment:ok" });
    });
  }
}

export class FakeStorage implements WxStorage {
  readonly items = new Map<string, unknown>();
  getStorageSync(key: string): unknown {
    return this.items.has(key) ? structuredClone(this.items.get(key)) : "";
  }
  setStorageSync(key: string, data: unknown): void {
    this.items.set(key, structuredClone(data));
  }
  removeStorageSync(key: string): void {
    this.items.delete(key);
  }
}

/** A promise a test resolves later, to hold a handler's answer. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}
