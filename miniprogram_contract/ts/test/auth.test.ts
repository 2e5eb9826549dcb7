// Bearer tokens and their refresh on 401 `token_expired`, against a stand-in wx.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ApiError, MirrorClient, isApiError, memoryTokens, wxStorageTokens, type TokenPair } from "../src";
import { BASE, FakeStorage, FakeWx, error, gate, type Sent } from "./support/fakeWx";

function pair(n: number): TokenPair {
  return { token_type: "Bearer", access_token: `a${n}`, refresh_token: `r${n}`, expires_in: 900, refresh_expires_in: 2592000 };
}

const PROFILE = { user_id: "u1", phone_bound: false, phone_masked: null, pending_agreements: [], consultant: null, created_at: "2026-01-01T00:00:00Z" };

/** A server whose valid access token is `a<current>`; each refresh token works once, as the BFF's. */
function server(wx: FakeWx, options: { refreshGate?: Promise<void> } = {}) {
  const state = { current: 1, refreshes: 0 };
  const authed = (sent: Sent) => sent.header.Authorization === `Bearer a${state.current}`;
  wx.on("POST", "/api/v1/auth/refresh", async (sent) => {
    state.refreshes += 1;
    await options.refreshGate;
    const given = (sent.body as { refresh_token: string }).refresh_token;
    if (given !== `r${state.current}`) return error(401, "refresh_token_reused", "登录凭证已被使用，为保护账号安全请重新登录");
    state.current += 1;
    return { status: 200, body: pair(state.current) };
  });
  wx.on("GET", "/api/v1/me", (sent) =>
    authed(sent) ? { status: 200, body: PROFILE } : error(401, "token_expired", "登录已过期，请刷新登录"),
  );
  wx.on("GET", "/api/v1/me/vip", (sent) =>
    authed(sent) ? { status: 200, body: { vip: false } } : error(401, "token_expired"),
  );
  return state;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 1));
}

/** The pair a client holds after its access token expired: a0 is refused, r1 still works once. */
function expiredAccess(): TokenPair {
  return { ...pair(1), access_token: "a0" };
}

describe("tokens", () => {
  it("login keeps the tokens and later calls carry the access token; public calls carry none", async () => {
    const wx = new FakeWx();
    wx.on("POST", "/api/v1/auth/login", { status: 200, body: { user_id: "u1", is_new_user: true, tokens: pair(1) } });
    wx.on("GET", "/api/v1/agreements", { status: 200, body: { documents: [] } });
    server(wx);
    const client = new MirrorClient({ baseUrl: `${BASE}/`, wx });
    const out = await client.login("code-1");
    assert.equal(out.is_new_user, true);
    assert.deepEqual(wx.sentTo("POST", "/api/v1/auth/login")[0].body, { code: "code-1" });
    assert.equal(wx.sentTo("POST", "/api/v1/auth/login")[0].header.Authorization, undefined);
    assert.deepEqual(await client.call("me_get"), PROFILE);
    assert.equal(wx.sentTo("GET", "/api/v1/me")[0].header.Authorization, "Bearer a1");
    await client.call("agreements_list");
    assert.equal(wx.sentTo("GET", "/api/v1/agreements")[0].header.Authorization, undefined);
  });

  it("keeps the tokens in wx storage across client instances", async () => {
    const storage = new FakeStorage();
    const wx = new FakeWx();
    wx.on("POST", "/api/v1/auth/login", { status: 200, body: { user_id: "u1", is_new_user: false, tokens: pair(1) } });
    wx.on("POST", "/api/v1/auth/logout", { status: 204 });
    server(wx);
    await new MirrorClient({ baseUrl: BASE, wx, tokens: wxStorageTokens(storage) }).login("c");
    assert.deepEqual(storage.getStorageSync("mirror.tokens"), pair(1));
    const relaunched = new MirrorClient({ baseUrl: BASE, wx, tokens: wxStorageTokens(storage) });
    await relaunched.call("me_get");
    assert.equal(wx.sentTo("GET", "/api/v1/me")[0].header.Authorization, "Bearer a1");
    await relaunched.logout();
    assert.equal(storage.getStorageSync("mirror.tokens"), "");
  });

  it("refreshes on 401 token_expired, stores the new pair and retries once", async () => {
    const wx = new FakeWx();
    const state = server(wx);
    const tokens = memoryTokens(expiredAccess());
    const client = new MirrorClient({ baseUrl: BASE, wx, tokens });
    assert.deepEqual(await client.call("me_get"), PROFILE);
    assert.equal(state.refreshes, 1);
    const refresh = wx.sentTo("POST", "/api/v1/auth/refresh")[0];
    assert.deepEqual(refresh.body, { refresh_token: "r1" });
    assert.equal(refresh.header.Authorization, undefined);
    assert.deepEqual(tokens.get(), pair(2));
    assert.deepEqual(wx.sentTo("GET", "/api/v1/me").map((s) => s.header.Authorization), ["Bearer a0", "Bearer a2"]);
  });

  it("concurrent calls that find the token expired share one refresh", async () => {
    for (let round = 0; round < 20; round++) {
      const wx = new FakeWx();
      const held = gate();
      const state = server(wx, { refreshGate: held.wait });
      const tokens = memoryTokens(expiredAccess());
      const client = new MirrorClient({ baseUrl: BASE, wx, tokens });
      const calls = [
        ...Array.from({ length: 6 }, () => client.call("me_get")),
        ...Array.from({ length: 4 }, () => client.call("me_vip")),
      ];
      await until(() => state.refreshes === 1); // the refresh has reached the server, which holds it
      const late = client.call("me_get"); // started while the refresh is under way: waits for it
      held.open();
      const results = await Promise.all([...calls, late]);
      assert.equal(results.length, 11);
      assert.equal(state.refreshes, 1, `round ${round}: one refresh for every call`);
      assert.deepEqual(tokens.get(), pair(2));
      const retried = wx.sent.filter((s) => s.path !== "/api/v1/auth/refresh" && s.header.Authorization === "Bearer a2");
      assert.equal(retried.length, 11);
      assert.equal(wx.sent.filter((s) => s.header.Authorization === "Bearer a0").length, 10);
    }
  });

  it("a failed refresh ends every waiting call with its reason, clears the tokens and ends the session once", async () => {
    const wx = new FakeWx();
    const held = gate();
    const state = server(wx, { refreshGate: held.wait });
    state.current = 5; // the client's r1 was used elsewhere already
    const tokens = memoryTokens(pair(1));
    const ended: ApiError[] = [];
    const client = new MirrorClient({ baseUrl: BASE, wx, tokens, onSessionEnded: (e) => ended.push(e) });
    const calls = [client.call("me_get"), client.call("me_vip"), client.call("me_get")].map((p) =>
      p.then(() => assert.fail("should have failed"), (e: unknown) => e),
    );
    await until(() => state.refreshes === 1);
    held.open();
    const failures = await Promise.all(calls);
    assert.equal(state.refreshes, 1);
    assert.deepEqual(failures.map((e) => isApiError(e) && [e.operationId, e.status, e.reason]), [
      ["me_get", 401, "refresh_token_reused"],
      ["me_vip", 401, "refresh_token_reused"],
      ["me_get", 401, "refresh_token_reused"],
    ]);
    assert.equal(tokens.get(), null);
    assert.equal(ended.length, 1);
    assert.equal(ended[0].reason, "refresh_token_reused");
  });

  it("other 401 reasons are not refreshed", async () => {
    for (const reason of ["token_invalid", "session_revoked", "account_disabled", "token_missing"]) {
      const wx = new FakeWx();
      const state = server(wx);
      wx.on("GET", "/api/v1/me", error(401, reason));
      const client = new MirrorClient({ baseUrl: BASE, wx, tokens: memoryTokens(pair(1)) });
      await assert.rejects(client.call("me_get"), (e: unknown) => isApiError(e, "me_get") && e.reason === reason);
      assert.equal(state.refreshes, 0, reason);
    }
  });

  it("retries only once: a token refused again after the refresh ends the call", async () => {
    const wx = new FakeWx();
    const state = server(wx);
    wx.on("GET", "/api/v1/me", error(401, "token_expired"));
    const client = new MirrorClient({ baseUrl: BASE, wx, tokens: memoryTokens(expiredAccess()) });
    await assert.rejects(client.call("me_get"), (e: unknown) => isApiError(e) && e.reason === "token_expired");
    assert.equal(state.refreshes, 1);
    assert.equal(wx.sentTo("GET", "/api/v1/me").length, 2);
  });

  it("without any tokens a call goes out without a header and the server's 401 is the answer", async () => {
    const wx = new FakeWx();
    const state = server(wx);
    wx.on("GET", "/api/v1/me", error(401, "token_missing", "请先登录"));
    const client = new MirrorClient({ baseUrl: BASE, wx });
    await assert.rejects(client.call("me_get"), (e: unknown) => isApiError(e) && e.reason === "token_missing");
    assert.equal(wx.sentTo("GET", "/api/v1/me")[0].header.Authorization, undefined);
    assert.equal(state.refreshes, 0);
  });
});
