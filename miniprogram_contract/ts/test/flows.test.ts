// The upload-policy flow and the payment flow, against a stand-in wx.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { MirrorClient, PaymentError, TransportError, UploadError, isApiError, memoryTokens, type Order } from "../src";
import { BASE, FakeWx, error } from "./support/fakeWx";

const TOKENS = { token_type: "Bearer", access_token: "a1", refresh_token: "r1", expires_in: 900, refresh_expires_in: 9 };

const POLICY = {
  ticket_id: "t1",
  upload_url: "https://mirror-dev.oss.example.test",
  file_field: "file",
  content_type: "image/jpeg",
  max_bytes: 20971520,
  object_key: "stores/s1/clients/c1/t1.jpg",
  expires_at: "2026-01-01T00:05:00Z",
  form_data: {
    key: "stores/s1/clients/c1/t1.jpg",
    policy: "eyJleHBpcmF0aW9uIjo",
    "x-oss-signature-version": "OSS4-HMAC-SHA256",
    "x-oss-credential": "LTAI/20260101/cn-hangzhou/oss/aliyun_v4_request",
    "x-oss-date": "20260101T000000Z",
    "x-oss-signature": "abc",
    "x-oss-forbid-overwrite": "true",
    callback: "eyJjYWxsYmFja1VybCI6",
    "Content-Type": "image/jpeg",
  },
};
const PHOTO = { storeId: "s1", clientId: "c1", sessionId: "cs1", view: "face_front", contentType: "image/jpeg" as const, filePath: "wxfile://tmp/photo.jpg" };

function uploadServer(wx: FakeWx) {
  wx.on("POST", "/api/v1/stores/s1/uploads", { status: 201, body: POLICY });
  wx.on("POST", "/api/v1/stores/s1/uploads/t1/confirm", { status: 200, body: { ticket_id: "t1", image_id: "img1", status: "processing" } });
  return new MirrorClient({ baseUrl: BASE, wx, tokens: memoryTokens(TOKENS) });
}

describe("upload flow", () => {
  it("asks for a policy, posts the file with exactly its form, and returns the callback's result", async () => {
    const wx = new FakeWx();
    wx.uploadReply = () => ({ statusCode: 200, data: JSON.stringify({ ticket_id: "t1", image_id: "img1", status: "processing" }) });
    const result = await uploadServer(wx).uploadPhoto(PHOTO);
    assert.deepEqual(result, { ticket_id: "t1", image_id: "img1", status: "processing" });
    assert.deepEqual(wx.sent[0].body, { client_id: "c1", session_id: "cs1", view: "face_front", content_type: "image/jpeg" });
    assert.equal(wx.uploads.length, 1);
    const upload = wx.uploads[0];
    assert.equal(upload.url, POLICY.upload_url);
    assert.equal(upload.name, "file");
    assert.equal(upload.filePath, PHOTO.filePath);
    assert.deepEqual(upload.formData, POLICY.form_data);
    assert.equal(upload.header, undefined, "OSS gets no bearer token");
    assert.equal(wx.sentTo("POST", "/api/v1/stores/s1/uploads/t1/confirm").length, 0);
  });

  it("confirms with the server when OSS stored the file but its callback failed (203)", async () => {
    const wx = new FakeWx();
    wx.uploadReply = () => ({ statusCode: 203, data: "<Error><Code>CallbackFailed</Code></Error>" });
    const result = await uploadServer(wx).uploadPhoto(PHOTO);
    assert.equal(result.image_id, "img1");
    assert.equal(wx.sentTo("POST", "/api/v1/stores/s1/uploads/t1/confirm").length, 1);
  });

  it("an OSS refusal is an UploadError with OSS's code; a failed wx.uploadFile a TransportError", async () => {
    const wx = new FakeWx();
    wx.uploadReply = () => ({ statusCode: 409, data: "<?xml version=\"1.0\"?><Error><Code>FileAlreadyExists</Code><Message>exists</Message></Error>" });
    const api = uploadServer(wx);
    await assert.rejects(api.uploadPhoto(PHOTO), (e: unknown) =>
      e instanceof UploadError && e.statusCode === 409 && e.ossCode === "FileAlreadyExists" && e.ticketId === "t1",
    );
    wx.uploadReply = () => "uploadFile:fail timeout";
    await assert.rejects(api.uploadPhoto(PHOTO), (e: unknown) => e instanceof TransportError && e.api === "uploadFile");
  });

  it("a refused policy is the server's ApiError and nothing is uploaded", async () => {
    const wx = new FakeWx();
    wx.on("POST", "/api/v1/stores/s1/uploads", error(403, "consent_required", "客户尚未签署覆盖此用途的知情同意，或已撤回"));
    const api = new MirrorClient({ baseUrl: BASE, wx, tokens: memoryTokens(TOKENS) });
    await assert.rejects(api.uploadPhoto(PHOTO), (e: unknown) => isApiError(e, "uploads_create") && e.reason === "consent_required");
    assert.equal(wx.uploads.length, 0);
  });

  it("uploads a consent signature with the request's own form", async () => {
    const wx = new FakeWx();
    wx.on("POST", "/api/v1/consent-requests/rq1/signature-upload", { status: 201, body: { ...POLICY, ticket_id: "sig1", content_type: "image/png" } });
    wx.uploadReply = () => ({ statusCode: 200, data: JSON.stringify({ ticket_id: "sig1", image_id: null, status: "uploaded" }) });
    const api = new MirrorClient({ baseUrl: BASE, wx, tokens: memoryTokens(TOKENS) });
    assert.equal(await api.uploadSignature("rq1", "wxfile://sig.png"), "sig1");
    assert.equal(wx.uploads[0].filePath, "wxfile://sig.png");
  });
});

const PAYMENT = { timeStamp: "1767225600", nonceStr: "n0nce", package: "prepay_id=wx201410272009395522657a690389285100", signType: "RSA", paySign: "c2lnbg==" };

function order(status: Order["status"]): Order {
  return {
    id: "o1", out_trade_no: "MW20260101abc", plan_code: "vip_month", amount_fen: 2900, currency: "CNY", channel: "wechatpay_jsapi",
    status, created_at: "2026-01-01T00:00:00Z", expires_at: "2026-01-01T00:30:00Z", paid_at: status === "paid" ? "2026-01-01T00:01:00Z" : null, closed_at: null,
  };
}

/** Orders whose GET answers the given statuses in turn (the last one repeats). */
function paymentServer(wx: FakeWx, statuses: Order["status"][]) {
  const slept: number[] = [];
  wx.on("POST", "/api/v1/orders", { status: 201, body: { order: order("created"), payment: PAYMENT } });
  let polls = 0;
  wx.on("GET", "/api/v1/orders/o1", () => ({ status: 200, body: order(statuses[Math.min(polls++, statuses.length - 1)]) }));
  const api = new MirrorClient({
    baseUrl: BASE, wx, tokens: memoryTokens(TOKENS),
    sleep: async (ms) => void slept.push(ms),
  });
  return { api, slept, polls: () => polls };
}

describe("payment flow", () => {
  it("creates the order, pays with exactly the returned parameters and polls until the server says paid", async () => {
    const wx = new FakeWx();
    const { api, slept, polls } = paymentServer(wx, ["created", "created", "paid"]);
    const paid = await api.buy({ planCode: "vip_month", platform: "android", pollIntervalMs: 250 });
    assert.equal(paid.status, "paid");
    assert.deepEqual(wx.sentTo("POST", "/api/v1/orders")[0].body, { plan_code: "vip_month", platform: "android" });
    assert.equal(wx.payments.length, 1);
    const { success, fail, ...params } = wx.payments[0];
    assert.deepEqual(params, PAYMENT);
    assert.equal(typeof success, "function");
    assert.equal(typeof fail, "function");
    assert.equal(polls(), 3);
    assert.deepEqual(slept, [250, 250]);
  });

  it("a cancelled payment is PaymentError cancelled, and the order is not polled", async () => {
    const wx = new FakeWx();
    wx.paymentReply = () => "requestPayment:fail cancel";
    const { api, polls } = paymentServer(wx, ["created"]);
    await assert.rejects(api.buy({ planCode: "vip_month", platform: "android" }), (e: unknown) =>
      e instanceof PaymentError && e.kind === "cancelled" && e.orderId === "o1",
    );
    assert.equal(polls(), 0);
  });

  it("another payment failure asks the server once: WeChat may have taken the money", async () => {
    const wx = new FakeWx();
    wx.paymentReply = () => "requestPayment:fail (detail message)";
    const unpaid = paymentServer(wx, ["created"]);
    await assert.rejects(unpaid.api.buy({ planCode: "vip_month", platform: "android" }), (e: unknown) =>
      e instanceof PaymentError && e.kind === "failed" && /detail/.test(e.errMsg ?? ""),
    );
    assert.equal(unpaid.polls(), 1);
    const wx2 = new FakeWx();
    wx2.paymentReply = () => "requestPayment:fail (detail message)";
    const paidAnyway = paymentServer(wx2, ["paid"]);
    assert.equal((await paidAnyway.api.buy({ planCode: "vip_month", platform: "android" })).status, "paid");
  });

  it("a closed order is PaymentError closed; an order still unpaid when polling gives up is pending", async () => {
    const closed = paymentServer(new FakeWx(), ["created", "closed"]);
    await assert.rejects(closed.api.buy({ planCode: "vip_month", platform: "android" }), (e: unknown) =>
      e instanceof PaymentError && e.kind === "closed",
    );
    const pending = paymentServer(new FakeWx(), ["created"]);
    await assert.rejects(
      pending.api.buy({ planCode: "vip_month", platform: "android", pollIntervalMs: 1000, pollTimeoutMs: 5000 }),
      (e: unknown) => e instanceof PaymentError && e.kind === "pending",
    );
    assert.equal(pending.polls(), 6);
    assert.deepEqual(pending.slept, [1000, 1000, 1000, 1000, 1000]);
  });

  it("a refused order is the server's ApiError and wx.requestPayment is never called", async () => {
    const wx = new FakeWx();
    wx.on("POST", "/api/v1/orders", error(403, "payment_unavailable_on_platform", "iOS 端暂不支持在小程序内购买，请使用激活码开通"));
    const api = new MirrorClient({ baseUrl: BASE, wx, tokens: memoryTokens(TOKENS) });
    await assert.rejects(api.buy({ planCode: "vip_month", platform: "ios" }), (e: unknown) =>
      isApiError(e, "orders_create") && e.reason === "payment_unavailable_on_platform",
    );
    assert.equal(wx.payments.length, 0);
  });
});
