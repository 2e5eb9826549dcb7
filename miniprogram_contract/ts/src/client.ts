import { ApiError, isErrorBody, PaymentError, TransportError, UploadError } from "./errors";
import { OPERATIONS, type OperationId } from "./generated/operations";
import type { components, operations } from "./generated/schema";
import type { WxLike, WxMethod, WxRequestSuccess, WxStorage, WxUploadSuccess } from "./wx";

export type Schemas = components["schemas"];
export type TokenPair = Schemas["TokenPair"];
export type Order = Schemas["OrderOut"];
export type UploadForm = Schemas["UploadForm"] | Schemas["UploadPolicyOut"];
export type UploadResult = Schemas["UploadResult"];

type Op<O extends OperationId> = operations[O];
type Params<O extends OperationId> = Op<O>["parameters"];
// One part of the arguments: absent when the operation has none, optional when all of it is.
type Part<T, K extends keyof T, Name extends string> = [NonNullable<T[K]>] extends [never]
  ? unknown
  : object extends Pick<T, K>
    ? { [P in Name]?: NonNullable<T[K]> }
    : { [P in Name]: NonNullable<T[K]> };
type JsonBody<T> = T extends { content: { "application/json": infer B } } ? B : never;
type BodyPart<O extends OperationId> = [JsonBody<NonNullable<Op<O>["requestBody"]>>] extends [never]
  ? unknown
  : object extends Pick<Op<O>, "requestBody">
    ? { body?: JsonBody<NonNullable<Op<O>["requestBody"]>> }
    : { body: JsonBody<NonNullable<Op<O>["requestBody"]>> };

/** What `call(op, args)` takes: `path`, `query` and `body`, each typed from the OpenAPI document. */
export type CallArgs<O extends OperationId> = Part<Params<O>, "path", "path"> &
  Part<Params<O>, "query", "query"> &
  BodyPart<O>;

type Status<O extends OperationId> = (typeof OPERATIONS)[O]["status"];
type Success<O extends OperationId> = Op<O>["responses"][Status<O> & keyof Op<O>["responses"]];
/** What `call(op)` resolves to: the 2xx JSON body, `undefined` for 204, an ArrayBuffer for a file. */
export type CallResult<O extends OperationId> = (typeof OPERATIONS)[O]["body"] extends "json"
  ? JsonBody<Success<O>>
  : (typeof OPERATIONS)[O]["body"] extends "binary"
    ? ArrayBuffer
    : undefined;

type ArgsTuple<O extends OperationId> = object extends CallArgs<O> ? [args?: CallArgs<O>] : [args: CallArgs<O>];

/** Where the tokens live between calls (and, with `wxStorageTokens`, across launches). */
export interface TokenStore {
  get(): TokenPair | null;
  set(tokens: TokenPair | null): void;
}

export function memoryTokens(initial: TokenPair | null = null): TokenStore {
  let tokens = initial;
  return { get: () => tokens, set: (next) => void (tokens = next) };
}

export function wxStorageTokens(storage: WxStorage, key = "mirror.tokens"): TokenStore {
  return {
    get: () => (storage.getStorageSync(key) as TokenPair | "") || null,
    set: (next) => (next ? storage.setStorageSync(key, next) : storage.removeStorageSync(key)),
  };
}

export interface ClientOptions {
  /** The API's origin, e.g. `https://api.example.com` (paths start with /api/v1). */
  baseUrl: string;
  wx: WxLike;
  tokens?: TokenStore;
  /** Milliseconds for each wx.request / wx.uploadFile. */
  timeoutMs?: number;
  /** Called when a refresh fails with 401: the login is over, send the user to log in again. */
  onSessionEnded?: (error: ApiError) => void;
  /** How payment polling waits (tests pass a fake clock). */
  sleep?: (ms: number) => Promise<void>;
}

export interface UploadPhotoArgs {
  storeId: string;
  clientId: string;
  sessionId: string;
  view: string;
  contentType: Schemas["UploadPolicyIn"]["content_type"];
  /** A local file path, e.g. from wx.chooseMedia or the camera. */
  filePath: string;
}

export interface BuyArgs {
  planCode: string;
  platform: Schemas["OrderCreate"]["platform"];
  /** Between two `orders_get` polls after wx.requestPayment succeeded (default 1000 ms). */
  pollIntervalMs?: number;
  /** Give up polling after this long (default 30000 ms): PaymentError `pending`. */
  pollTimeoutMs?: number;
}

export const METHOD_OVERRIDE_HEADER = "X-HTTP-Method-Override";

/**
 * The BFF's API over wx.request, wx.uploadFile and wx.requestPayment.
 *
 * `call(operationId, { path, query, body })` is typed from the OpenAPI document. Calls that need
 * login carry the access token; on 401 `token_expired` the client refreshes once (concurrent calls
 * share that one refresh, since a refresh token works once) and retries.
 */
export class MirrorClient {
  readonly baseUrl: string;
  readonly tokens: TokenStore;
  private readonly wx: WxLike;
  private readonly options: ClientOptions;
  private refreshing: Promise<string> | null = null;

  constructor(options: ClientOptions) {
    this.options = options;
    this.wx = options.wx;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.tokens = options.tokens ?? memoryTokens();
  }

  async call<O extends OperationId>(operationId: O, ...[args]: ArgsTuple<O>): Promise<CallResult<O>> {
    const meta = OPERATIONS[operationId];
    const given = (args ?? {}) as { path?: object; query?: object; body?: unknown };
    if (!meta.auth) return this.send(operationId, given, null) as Promise<CallResult<O>>;
    const token = await this.accessToken(operationId);
    try {
      return (await this.send(operationId, given, token)) as CallResult<O>;
    } catch (err) {
      if (!(token && err instanceof ApiError && err.reason === "token_expired")) throw err;
      // The server refused before doing anything, so sending the same request again is safe.
      const fresh = await this.refreshAfter(token, operationId);
      return (await this.send(operationId, given, fresh)) as CallResult<O>;
    }
  }

  /** `code` from wx.login(); keeps the tokens. */
  async login(code: string): Promise<Schemas["LoginOut"]> {
    const out = await this.call("auth_login", { body: { code } });
    this.tokens.set(out.tokens);
    return out;
  }

  async logout(): Promise<void> {
    try {
      await this.call("auth_logout");
    } finally {
      this.tokens.set(null);
    }
  }

  /** Upload flow: policy → wx.uploadFile with the PostObject form → the image's ticket and status. */
  async uploadPhoto(args: UploadPhotoArgs): Promise<UploadResult> {
    const policy = await this.call("uploads_create", {
      path: { store_id: args.storeId },
      body: { client_id: args.clientId, session_id: args.sessionId, view: args.view, content_type: args.contentType },
    });
    const uploaded = await this.postObject(policy, args.filePath);
    if (uploaded.statusCode === 200) return parseJson(uploaded.data, "uploadFile") as UploadResult;
    // 203 CallbackFailed: OSS stored the object but could not tell the server; confirm instead.
    return this.call("uploads_confirm", { path: { store_id: args.storeId, ticket_id: policy.ticket_id } });
  }

  /** Consent signing: the handwritten signature PNG through its own form; returns the ticket to sign with. */
  async uploadSignature(requestId: string, filePath: string): Promise<string> {
    const form = await this.call("consent_requests_signature_upload", { path: { request_id: requestId } });
    await this.postObject(form, filePath);
    return form.ticket_id;
  }

  /**
   * wx.uploadFile of a file with a PostObject form: formData exactly as given, the file under
   * `file_field`. Resolves on 200 and 203 (stored, callback failed); OSS refusals are UploadError.
   */
  async postObject(form: UploadForm, filePath: string): Promise<WxUploadSuccess> {
    const res = await new Promise<WxUploadSuccess>((resolve, reject) => {
      this.wx.uploadFile({
        url: form.upload_url,
        filePath,
        name: form.file_field,
        formData: form.form_data,
        timeout: this.options.timeoutMs,
        success: resolve,
        fail: (err) => reject(new TransportError("uploadFile", err.errMsg)),
      });
    });
    if (res.statusCode === 200 || res.statusCode === 203) return res;
    const code = /<Code>([^<]+)<\/Code>/.exec(res.data ?? "")?.[1] ?? null;
    throw new UploadError(res.statusCode, code, form.ticket_id, res.data ?? "");
  }

  /**
   * Payment flow: create the order → wx.requestPayment with the returned parameters → poll the order
   * until the server knows it is paid. Resolves with the paid order; otherwise PaymentError.
   */
  async buy(args: BuyArgs): Promise<Order> {
    const created = await this.call("orders_create", { body: { plan_code: args.planCode, platform: args.platform } });
    const { order, payment } = created;
    try {
      await new Promise<void>((resolve, reject) => {
        this.wx.requestPayment({ ...payment, success: () => resolve(), fail: reject });
      });
    } catch (err) {
      const errMsg = (err as { errMsg?: string }).errMsg ?? String(err);
      if (/cancel/.test(errMsg)) throw new PaymentError("cancelled", order.id, errMsg);
      // Not cancelled: WeChat may still have taken the money, so the server has the last word.
      const now = await this.call("orders_get", { path: { order_id: order.id } });
      if (isPaid(now)) return now;
      throw new PaymentError("failed", order.id, errMsg);
    }
    return this.waitPaid(order.id, args.pollIntervalMs ?? 1000, args.pollTimeoutMs ?? 30000);
  }

  /** Poll `orders_get` until the order leaves `created` (the server asks WeChat Pay while it waits). */
  async waitPaid(orderId: string, intervalMs = 1000, timeoutMs = 30000): Promise<Order> {
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let waited = 0; ; waited += intervalMs) {
      const order = await this.call("orders_get", { path: { order_id: orderId } });
      if (isPaid(order)) return order;
      if (order.status === "closed") throw new PaymentError("closed", orderId);
      if (waited >= timeoutMs) throw new PaymentError("pending", orderId);
      await sleep(intervalMs);
    }
  }

  /** The access token to send; while a refresh is under way, the one it brings. */
  private async accessToken(operationId: OperationId): Promise<string | null> {
    if (this.refreshing) return this.joinRefresh(operationId);
    return this.tokens.get()?.access_token ?? null;
  }

  /** One refresh for every call that found `stale` expired; a newer token is used as it is. */
  private async refreshAfter(stale: string, operationId: OperationId): Promise<string> {
    const current = this.tokens.get();
    if (!this.refreshing && current && current.access_token !== stale) return current.access_token;
    if (!this.refreshing) {
      this.refreshing = this.refresh().finally(() => {
        this.refreshing = null;
      });
    }
    return this.joinRefresh(operationId);
  }

  /** Wait for the refresh under way; its failure ends this call too, reported as this call's. */
  private async joinRefresh(operationId: OperationId): Promise<string> {
    try {
      return await (this.refreshing as Promise<string>);
    } catch (err) {
      if (err instanceof ApiError) throw new ApiError(operationId, err.status, err.body, err.retryAfter);
      throw err;
    }
  }

  private async refresh(): Promise<string> {
    const tokens = this.tokens.get();
    if (!tokens) throw new ApiError("auth_refresh", 401, NO_TOKENS);
    try {
      const pair = (await this.send("auth_refresh", { body: { refresh_token: tokens.refresh_token } }, null)) as TokenPair;
      this.tokens.set(pair);
      return pair.access_token;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        this.tokens.set(null);
        this.options.onSessionEnded?.(err);
      }
      throw err;
    }
  }

  private async send(
    operationId: OperationId,
    args: { path?: object; query?: object; body?: unknown },
    token: string | null,
  ): Promise<unknown> {
    const meta = OPERATIONS[operationId];
    const header: Record<string, string> = {};
    let method = meta.method as string;
    if (method === "PATCH") {
      method = "POST"; // wx.request cannot send PATCH; the server runs the route's PATCH
      header[METHOD_OVERRIDE_HEADER] = "PATCH";
    }
    if (token) header.Authorization = `Bearer ${token}`;
    let data: string | undefined;
    if (args.body !== undefined) {
      header["Content-Type"] = "application/json";
      data = JSON.stringify(args.body);
    }
    const url = this.baseUrl + fillPath(meta.path, args.path) + queryString(args.query);
    const res = await new Promise<WxRequestSuccess>((resolve, reject) => {
      this.wx.request({
        url,
        method: method as WxMethod,
        header,
        data,
        dataType: meta.body === "binary" ? "binary" : "json",
        responseType: meta.body === "binary" ? "arraybuffer" : "text",
        timeout: this.options.timeoutMs,
        success: resolve,
        fail: (err) => reject(new TransportError("request", err.errMsg)),
      });
    });
    if (res.statusCode >= 200 && res.statusCode < 300) {
      if (meta.body === "none") return undefined;
      if (meta.body === "binary") return res.data;
      return typeof res.data === "string" ? parseJson(res.data, "request") : res.data;
    }
    const body = errorData(res.data);
    if (!isErrorBody(body)) throw new TransportError("request", `unexpected ${res.statusCode} answer`, res.statusCode);
    const retryAfter = Number(headerValue(res.header, "Retry-After"));
    throw new ApiError(operationId, res.statusCode, body, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
}

const NO_TOKENS = { code: 401, status: "Unauthorized", reason: "token_missing", message: "请先登录" };

function isPaid(order: Order): boolean {
  return order.status === "paid" || order.status === "partially_refunded" || order.status === "refunded";
}

function fillPath(template: string, values: object | undefined): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = (values as Record<string, unknown> | undefined)?.[name];
    if (value === undefined || value === null || value === "") throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

function queryString(query: object | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`);
    }
  }
  return parts.length ? `?${parts.join("&")}` : "";
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function parseJson(text: string, api: "request" | "uploadFile"): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new TransportError(api, "answer is not JSON");
  }
}

function errorData(data: unknown): unknown {
  // A binary call's error arrives as an ArrayBuffer, a non-JSON answer as text.
  if (data instanceof ArrayBuffer) data = utf8(data);
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

function utf8(buffer: ArrayBuffer): string {
  if (typeof TextDecoder !== "undefined") return new TextDecoder().decode(buffer);
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return decodeURIComponent(escape(binary)); // older base libraries lack TextDecoder
}
