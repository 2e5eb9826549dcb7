// The part of the mini-program's `wx` object the client uses, typed structurally so that the real
// `wx` (and a stand-in in tests) fits. Callback style, as the base library offers it.

/** What wx.request can send: no PATCH (the client sends POST + X-HTTP-Method-Override instead). */
export type WxMethod = "OPTIONS" | "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "TRACE" | "CONNECT";

export interface WxFail {
  errMsg: string;
  errno?: number;
}

export interface WxRequestSuccess {
  statusCode: number;
  data: unknown;
  header: Record<string, string>;
  errMsg?: string;
}

export interface WxRequestOption {
  url: string;
  method: WxMethod;
  header?: Record<string, string>;
  data?: string | ArrayBuffer;
  dataType?: string;
  responseType?: "text" | "arraybuffer";
  timeout?: number;
  success?: (res: WxRequestSuccess) => void;
  fail?: (err: WxFail) => void;
}

export interface WxUploadSuccess {
  statusCode: number;
  /** The response body as text. */
  data: string;
  errMsg?: string;
}

export interface WxUploadFileOption {
  url: string;
  filePath: string;
  /** The file's form field name. */
  name: string;
  formData?: Record<string, string>;
  header?: Record<string, string>;
  timeout?: number;
  success?: (res: WxUploadSuccess) => void;
  fail?: (err: WxFail) => void;
}

export interface WxRequestPaymentOption {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
  success?: (res: { errMsg: string }) => void;
  fail?: (err: WxFail) => void;
}

export interface WxLike {
  request(option: WxRequestOption): unknown;
  uploadFile(option: WxUploadFileOption): unknown;
  requestPayment(option: WxRequestPaymentOption): unknown;
}

/** wx.getStorageSync / wx.setStorageSync, for keeping the tokens across launches. */
export interface WxStorage {
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, data: unknown): void;
  removeStorageSync(key: string): void;
}
