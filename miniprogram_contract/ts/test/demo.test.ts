// The client against the running demo over real HTTP: WeChat login through the sandbox's code
// flow, profile, a client file (changed through the PATCH override), consent, a photo through the
// upload policy into the OSS emulator, and VIP bought through WeChat Pay's sandbox.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";

import { MirrorClient, isApiError, memoryTokens, type TokenPair } from "../src";
import { HttpWx, WechatUser, startDemo, type Demo } from "./support/demo";

const FIXTURES = join(__dirname, "fixtures");
// Access tokens live 2 s (plus the server's 5 s leeway), so the flows below outlive several and
// the client has to refresh along the way, as a mini-program left open does.
const ACCESS_TTL = 2;
const LEEWAY = 5;

let demo: Demo;

interface User {
  wechat: WechatUser;
  wx: HttpWx;
  api: MirrorClient;
  ended: string[];
}

function user(): User {
  const wx = new HttpWx(demo.sandbox);
  const ended: string[] = [];
  const api = new MirrorClient({ baseUrl: demo.base, wx, tokens: memoryTokens(), onSessionEnded: (e) => ended.push(e.reason) });
  return { wechat: new WechatUser(demo.sandbox), wx, api, ended };
}

/** wx.login → login → read and accept the agreements (checking their hashes) → bind a phone. */
async function onboard(who: User, phone: string): Promise<void> {
  const login = await who.api.login(await who.wechat.login());
  assert.equal(login.is_new_user, true);
  const { documents } = await who.api.call("agreements_list");
  const accepted = [];
  for (const summary of documents) {
    const doc = await who.api.call("agreements_get", { path: { kind: summary.kind } });
    assert.equal(createHash("sha256").update(doc.body, "utf8").digest("hex"), doc.sha256);
    accepted.push({ kind: doc.kind, version: doc.version, sha256: doc.sha256 });
  }
  await who.api.call("me_agreements_accept", { body: { accepted } });
  await who.api.call("me_bind_phone", { body: { code: await who.wechat.phoneCode(phone) } });
}

function expiry(tokens: TokenPair | null): number {
  const payload = JSON.parse(Buffer.from((tokens?.access_token ?? "").split(".")[1], "base64url").toString("utf8"));
  return payload.exp * 1000;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("against the running demo", { timeout: 180_000 }, () => {
  before(async () => {
    demo = await startDemo((base) => ({
      MIRROR_ACCESS_TOKEN_TTL: String(ACCESS_TTL),
      // The embedded default does not point WeChat Pay at the sandbox yet (bff/embedded.py sets
      // only WeChat and OSS): without this, POST /orders answers 503 wechatpay_unavailable.
      MIRROR_WECHATPAY_GATEWAY: `${base}/sandbox/wechatpay`,
    }));
  });
  after(async () => {
    await demo?.stop();
  });

  it("a consultant logs in, registers, keeps a client file, captures a consented photo and buys VIP", async () => {
    const consultant = user();
    await onboard(consultant, "13600136000");
    const profile = await consultant.api.call("me_get");
    assert.equal(profile.phone_bound, true);
    assert.equal(profile.phone_masked, "136****6000");
    assert.deepEqual(profile.pending_agreements, []);
    assert.equal(profile.consultant, null);

    const registered = await consultant.api.call("me_register_consultant", {
      body: {
        display_name: "林顾问", industry: "beauty_consulting", store_name: "美学镜体验店", store_city: "杭州",
        store_address: "西湖区文三路 100 号", adult_attested: true,
      },
    });
    assert.equal(registered.consultant?.display_name, "林顾问");
    const store = await consultant.api.call("stores_create", {
      body: { name: "美学镜·西湖店", address: "杭州市西湖区文三路 100 号", business_category: "beauty_salon" },
    });

    // A client file, changed through PATCH: wx.request sends POST + X-HTTP-Method-Override.
    const file = await consultant.api.call("clients_create", {
      path: { store_id: store.id }, body: { name: "林晓晴", phone: "13600136001", tags: ["新客"] },
    });
    assert.equal(file.name_masked, "林*晴");
    const changed = await consultant.api.call("clients_update", {
      path: { store_id: store.id, client_id: file.id }, body: { tags: ["敏感肌", "VIP"] },
    });
    assert.deepEqual([...changed.tags].sort(), ["VIP", "敏感肌"]);
    const reread = await consultant.api.call("clients_get", { path: { store_id: store.id, client_id: file.id } });
    assert.deepEqual([...reread.tags].sort(), ["VIP", "敏感肌"]);
    assert.ok(!consultant.wx.methods.includes("PATCH"));

    // Without the client's capture consent there is no upload policy.
    const noSession = await consultant.api
      .call("capture_sessions_create", {
        path: { store_id: store.id, client_id: file.id },
        body: { device_kind: "phone_camera", device: { camera_model: "iPhone 15 Pro" }, light_mode: "standard", protocol: "face_standard_5" },
      })
      .catch((e: unknown) => e);
    assert.ok(isApiError(noSession, "capture_sessions_create"));
    assert.equal(noSession.reason, "consent_required");

    // The client signs: opens the request by its scene, uploads a handwritten signature, signs.
    const { templates } = await consultant.api.call("consent_templates_list");
    const template = templates.find((t) => t.code === "facial_skin_imaging");
    assert.ok(template);
    const request = await consultant.api.call("consent_requests_create", {
      path: { store_id: store.id, client_id: file.id }, body: { template_id: template.id, scopes: ["capture"] },
    });
    const client = user();
    await onboard(client, "13600136001");
    const shown = await client.api.call("consent_requests_view", { path: { scene: request.scene } });
    assert.equal(shown.client_name_masked, "林*晴");
    const signatureTicket = await client.api.uploadSignature(shown.id, join(FIXTURES, "signature.png"));
    const record = await client.api.call("consent_requests_sign", {
      path: { request_id: shown.id },
      body: {
        template_sha256: shown.template.sha256, signature_ticket_id: signatureTicket,
        scopes_agreed: [{ scope: "capture", agreed: true }],
      },
    });
    assert.deepEqual(record.scopes, ["capture"]);

    // A photo: upload policy → wx.uploadFile into the OSS emulator → the callback's result.
    const session = await consultant.api.call("capture_sessions_create", {
      path: { store_id: store.id, client_id: file.id },
      body: { device_kind: "phone_camera", device: { camera_model: "iPhone 15 Pro" }, light_mode: "standard", protocol: "face_standard_5" },
    });
    const uploaded = await consultant.api.uploadPhoto({
      storeId: store.id, clientId: file.id, sessionId: session.id, view: "face_front", contentType: "image/jpeg",
      filePath: join(FIXTURES, "photo.jpg"),
    });
    assert.ok(uploaded.image_id);
    assert.ok(["processing", "ready"].includes(uploaded.status), uploaded.status);
    const image = await until("the photo to be checked", async () => {
      const got = await consultant.api.call("images_get", { path: { store_id: store.id, image_id: uploaded.image_id as string } });
      return got.status === "processing" ? undefined : got;
    });
    assert.equal(image.status, "ready");
    assert.deepEqual([image.width, image.height, image.view], [320, 240, "face_front"]);
    const link = await consultant.api.call("images_view_url", {
      path: { store_id: store.id, image_id: image.id }, body: { variant: "display" },
    });
    const shownImage = await fetch(link.url);
    assert.equal(shownImage.status, 200);
    assert.deepEqual([...new Uint8Array(await shownImage.arrayBuffer()).slice(0, 2)], [0xff, 0xd8]);
    // VIP: plans for Android offer WeChat Pay; order → wx.requestPayment → poll until paid.
    assert.equal((await consultant.api.call("me_vip")).vip, false);
    const plans = await consultant.api.call("plans_list", { query: { platform: "android" } });
    assert.deepEqual(plans.purchase_channels, ["wechatpay_jsapi"]);
    const paid = await consultant.api.buy({ planCode: "vip_month", platform: "android", pollIntervalMs: 200, pollTimeoutMs: 20_000 });
    assert.equal(paid.status, "paid");
    const vip = await consultant.api.call("me_vip");
    assert.equal(vip.vip, true);
    assert.equal(vip.plan_code, "vip_month");
    const orders = await consultant.api.call("orders_list");
    assert.deepEqual(orders.orders.map((o) => [o.id, o.status]), [[paid.id, "paid"]]);
    assert.deepEqual(consultant.ended, []);
  });

  it("concurrent calls with an expired access token share one refresh (a second would end the session)", async () => {
    const who = user();
    await onboard(who, "13600136009");
    const before = who.api.tokens.get();
    // Wait until the server refuses the access token (its expiry plus the leeway).
    await new Promise((r) => setTimeout(r, Math.max(0, expiry(before) + LEEWAY * 1000 + 500 - Date.now())));
    const results = await Promise.all([
      who.api.call("me_get"), who.api.call("me_vip"), who.api.call("me_get"), who.api.call("orders_list"), who.api.call("me_get"),
    ]);
    assert.equal(results.length, 5);
    const afterwards = who.api.tokens.get();
    assert.notEqual(afterwards?.refresh_token, before?.refresh_token);
    assert.deepEqual(who.ended, []);
    // The server rotated the refresh token once: using the old one again is refused as reuse.
    const replay = await who.api.call("auth_refresh", { body: { refresh_token: before?.refresh_token as string } }).catch((e: unknown) => e);
    assert.ok(isApiError(replay, "auth_refresh"));
    assert.equal(replay.reason, "refresh_token_reused");
  });
});
