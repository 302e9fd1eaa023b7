// Unit tests of the SDK with an injected fetch: what goes on the wire, retries, errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DreamAPI, DreamApiError, redeemSignInTicket } from "../dist/index.js";

const BASE = "https://api.test";

/** A fetch that answers from `answers` in turn and records every request. */
function fake(answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init, headers: init.headers, body: init.body ? JSON.parse(init.body) : undefined });
    const next = answers.shift();
    if (next === undefined) throw new Error("no answer left");
    if (next instanceof Error) throw next;
    const { status = 200, body = {}, headers = {} } = next;
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
  };
  return { fetch, calls };
}

const usage = { userId: "u1", plan: "free", used: 1, limit: 3, remaining: 2, periodStart: "", periodEnd: "", firstSeen: "", lastSeen: "" };
const failure = (status, code, extra = {}) => ({
  status,
  body: { error: { type: "api_error", code, message: `failed: ${code}` } },
  headers: { "x-request-id": "req_1", ...extra },
});

test("server mode: track sends the secret key, the user, the amount and a generated idempotency key", async () => {
  const { fetch, calls } = fake([{ body: { tracked: 2, usage } }]);
  const api = new DreamAPI("sk_test_abc", { baseUrl: `${BASE}/`, fetch });
  assert.equal(api.mode, "server");
  const r = await api.trackUsage("u1", { amount: 2 });
  assert.equal(r.tracked, 2);
  assert.equal(calls[0].url, `${BASE}/api/data`);
  assert.equal(calls[0].init.method, "POST");
  assert.equal(calls[0].headers.authorization, "Bearer sk_test_abc");
  assert.match(calls[0].headers["idempotency-key"], /^[0-9a-f-]{36}$/);
  assert.deepEqual(calls[0].body, { userId: "u1", amount: 2 });
});

test("track retries network failures and 5xx under the same idempotency key", async () => {
  const { fetch, calls } = fake([new TypeError("fetch failed"), failure(503, "upstream_unavailable"), { body: { tracked: 1, usage } }]);
  const api = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch });
  const r = await api.trackUsage("u1");
  assert.equal(r.tracked, 1);
  assert.equal(calls.length, 3);
  const keys = new Set(calls.map((c) => c.headers["idempotency-key"]));
  assert.equal(keys.size, 1, "one key for every attempt, so the call counts once");
});

test("a 4xx is not retried and becomes a typed DreamApiError", async () => {
  const { fetch, calls } = fake([failure(429, "usage_limit_exceeded", { "retry-after": "30" })]);
  const api = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch });
  await assert.rejects(api.trackUsage("u1"), (e) => {
    assert.ok(e instanceof DreamApiError);
    assert.equal(e.status, 429);
    assert.equal(e.code, "usage_limit_exceeded");
    assert.equal(e.type, "api_error");
    assert.equal(e.requestId, "req_1");
    assert.equal(e.retryAfter, 30);
    assert.equal(e.message, "failed: usage_limit_exceeded");
    return true;
  });
  assert.equal(calls.length, 1);
});

test("a 429 is waited out when the caller allows that long", async () => {
  const { fetch, calls } = fake([failure(429, "rate_limited", { "retry-after": "0" }), { body: { allowed: true, usage } }]);
  const api = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch, maxRetryAfterSeconds: 1 });
  assert.equal((await api.checkUsage("u1")).allowed, true);
  assert.equal(calls.length, 2);
});

test("browser mode: publishable key plus the end user's token; no token, no request", async () => {
  let token = "jwt.of.user";
  const { fetch, calls } = fake([{ body: usage }]);
  const api = new DreamAPI("pk_live_xyz", { baseUrl: BASE, fetch, getToken: async () => token });
  assert.equal(api.mode, "browser");
  await api.getUsage();
  assert.equal(calls[0].url, `${BASE}/api/usage`);
  assert.equal(calls[0].headers["x-publishable-key"], "pk_live_xyz");
  assert.equal(calls[0].headers.authorization, "Bearer jwt.of.user");
  token = null;
  await assert.rejects(api.getUsage(), (e) => e.code === "not_signed_in");
  assert.equal(calls.length, 1);
  assert.throws(() => api.users.list(), /server-side only/);
});

test("a checkout is never retried (a retry would open another one)", async () => {
  const { fetch, calls } = fake([failure(502, "stripe_unavailable")]);
  const api = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch });
  await assert.rejects(api.createCheckout("u1", "pro", { successUrl: "https://app/ok", cancelUrl: "https://app/no" }), (e) => e.code === "stripe_unavailable");
  assert.equal(calls.length, 1);
  assert.deepEqual(calls[0].body, { tier: "pro", userId: "u1", successUrl: "https://app/ok", cancelUrl: "https://app/no" });
  assert.throws(() => api.createCheckout("u1", "pro"), /successUrl is required outside a browser/);
});

test("a request that takes too long is aborted and reported as a timeout", async () => {
  const fetch = (_url, init) => new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" }))));
  const api = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch, timeoutMs: 20, maxRetries: 1 });
  await assert.rejects(api.getTiers(), (e) => e instanceof DreamApiError && e.code === "timeout" && e.status === 0);
});

test("users: list with paging, get and set plan (server side)", async () => {
  const { fetch, calls } = fake([{ body: { customers: [usage], nextCursor: null, total: 1 } }, { body: usage }, { body: usage }]);
  const api = new DreamAPI("sk_live_abc", { baseUrl: BASE, fetch });
  await api.users.list({ search: "a b", limit: 10 });
  await api.users.get("user/1");
  await api.users.setPlan("u1", "pro");
  assert.equal(calls[0].url, `${BASE}/api/users?search=a+b&limit=10`);
  assert.equal(calls[1].url, `${BASE}/api/users/user%2F1`);
  assert.equal(calls[2].init.method, "PUT");
  assert.deepEqual(calls[2].body, { plan: "pro" });
});

test("the constructor refuses what cannot work", () => {
  assert.throws(() => new DreamAPI("nope", { baseUrl: BASE }), /secret key .* or a publishable key/);
  assert.throws(() => new DreamAPI("sk_test_abc"), /baseUrl is required/);
  assert.throws(() => new DreamAPI({ secretKey: "sk_test_a", publishableKey: "pk_test_b", baseUrl: BASE }), /not both/);
});

test("waitForPlan looks until the plan arrives, and gives up with a timeout", async () => {
  const on = (plan) => ({ body: { ...usage, plan } });
  const { fetch, calls } = fake([on("free"), on("free"), on("pro")]);
  const api = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch });
  const u = await api.waitForPlan("pro", "u1", { intervalMs: 5 });
  assert.equal(u.plan, "pro");
  assert.equal(calls.length, 3);
  assert.equal(calls[0].url, `${BASE}/api/usage?userId=u1`);
  const never = fake([on("free"), on("free"), on("free"), on("free")]);
  const slow = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch: never.fetch });
  await assert.rejects(slow.waitForPlan("pro", "u1", { intervalMs: 5, timeoutMs: 12 }), (e) => e.code === "timeout" && /still on free/.test(e.message));
});

test("before anyone signs in: hosted sign-up links and the public sign-in config, and calls that need a token refuse", async () => {
  const { fetch, calls } = fake([{ body: { clerkPublishableKey: "pk_test_clerk", clerkJsUrl: "https://clerk.test/clerk.js" } }]);
  const api = new DreamAPI("pk_test_abc", { baseUrl: BASE, fetch });
  assert.equal(api.signUpUrl("https://app.test/welcome?x=1"), `${BASE}/signup?pk=pk_test_abc&redirect=https%3A%2F%2Fapp.test%2Fwelcome%3Fx%3D1`);
  assert.equal(api.signInUrl("https://app.test/"), `${BASE}/signin?pk=pk_test_abc&redirect=https%3A%2F%2Fapp.test%2F`);
  const cfg = await api.getSignInConfig();
  assert.equal(cfg.clerkJsUrl, "https://clerk.test/clerk.js");
  assert.equal(calls[0].url, `${BASE}/api/sign-in-config`);
  assert.equal(calls[0].headers.authorization, undefined, "the config is public: no credentials sent");
  await assert.rejects(api.getUsage(), (e) => e instanceof DreamApiError && e.code === "not_signed_in");
  assert.equal(calls.length, 1, "nothing sent without a token");
  const server = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch });
  assert.throws(() => server.signUpUrl("https://app.test/"), /publishable key/);
});

test("redeemSignInTicket hands the ticket to Clerk and activates the session it made", async () => {
  const seen = [];
  const clerk = {
    client: { signIn: { create: async (p) => { seen.push(p); return { status: "complete", createdSessionId: "sess_1" }; } } },
    setActive: async (p) => { seen.push(p); },
  };
  assert.equal(await redeemSignInTicket(clerk, "https://app.test/welcome"), false, "no ticket: nothing to do");
  assert.equal(await redeemSignInTicket(clerk, "https://app.test/welcome?__clerk_ticket=t_1&x=2"), true);
  assert.deepEqual(seen, [{ strategy: "ticket", ticket: "t_1" }, { session: "sess_1" }]);
  const stuck = { ...clerk, client: { signIn: { create: async () => ({ status: "needs_second_factor", createdSessionId: null }) } } };
  await assert.rejects(redeemSignInTicket(stuck, "https://app.test/?__clerk_ticket=t_2"), (e) => e.code === "sign_in_incomplete");
});

test("a named meter goes in the body or the query, and entitlements are one GET", async () => {
  const { fetch, calls } = fake([{ body: { tracked: 1, usage } }, { body: usage }, { body: { flags: [], meters: {} } }]);
  const api = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch });
  await api.trackUsage("u 1", { feature: "exports" });
  assert.deepEqual(calls[0].body, { userId: "u 1", feature: "exports" });
  await api.getUsage("u 1", { feature: "exports" });
  assert.equal(calls[1].url, `${BASE}/api/usage?userId=u+1&feature=exports`);
  await api.getEntitlements();
  assert.equal(calls[2].url, `${BASE}/api/entitlements`);
});

test("plan changes, cancel and resume post to the subscription routes and are retried (each is safe to repeat)", async () => {
  const scheduled = { ...usage, plan: "scale", subscription: { scheduledChange: { tier: "pro", at: "2027-01-01T00:00:00Z" } } };
  const { fetch, calls } = fake([failure(503, "stripe_unavailable"), { body: scheduled }, { body: usage }, { body: usage }]);
  const api = new DreamAPI("sk_test_abc", { baseUrl: BASE, fetch });
  const changed = await api.changePlan("u1", "pro");
  assert.equal(changed.subscription.scheduledChange.tier, "pro");
  assert.equal(calls.length, 2, "a 503 is retried");
  assert.equal(calls[1].url, `${BASE}/api/subscription/change`);
  assert.deepEqual(calls[1].body, { tier: "pro", userId: "u1" });
  await api.cancelSubscription("u1");
  await api.resumeSubscription("u1");
  assert.deepEqual(calls.slice(2).map((c) => [c.url, c.body]), [
    [`${BASE}/api/subscription/cancel`, { userId: "u1" }],
    [`${BASE}/api/subscription/resume`, { userId: "u1" }],
  ]);
});

// Standard Webhooks' own test vector (the specification's reference implementation).
// (the same vector dream_core::standard_webhooks is tested with).
const SPEC = {
  secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
  id: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
  timestamp: "1649367553",
  body: '{"email":"test@example.com","username":"test_user"}',
  signature: "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
};

test("verifyWebhook: the specification's vector verifies; a changed body, an old timestamp or another secret is refused", async () => {
  const { verifyWebhook, WebhookVerificationError } = await import("../dist/index.js");
  const headers = { "webhook-id": SPEC.id, "webhook-timestamp": SPEC.timestamp, "webhook-signature": SPEC.signature };
  const now = Number(SPEC.timestamp) + 10;
  assert.deepEqual(await verifyWebhook(SPEC.body, headers, SPEC.secret, { now }), { email: "test@example.com", username: "test_user" });
  // Headers objects and several offered signatures (a rotation) work too.
  const h = new Headers({ ...headers, "webhook-signature": `v1,bm90IGl0 ${SPEC.signature}` });
  assert.deepEqual(await verifyWebhook(SPEC.body, h, ["whsec_b3RoZXI=", SPEC.secret], { now }), { email: "test@example.com", username: "test_user" });
  const refused = async (body, hs, secret, opts, code) => {
    await assert.rejects(verifyWebhook(body, hs, secret, opts), (e) => e instanceof WebhookVerificationError && e.code === code);
  };
  await refused('{"email":"x"}', headers, SPEC.secret, { now }, "signature_mismatch");
  await refused(SPEC.body, headers, "whsec_b3RoZXI=", { now }, "signature_mismatch");
  await refused(SPEC.body, headers, SPEC.secret, { now: now + 600 }, "stale_timestamp");
  await refused(SPEC.body, { ...headers, "webhook-id": undefined }, SPEC.secret, { now }, "missing_headers");
  await refused(SPEC.body, { ...headers, "webhook-timestamp": "soon" }, SPEC.secret, { now }, "bad_timestamp");
  await refused(SPEC.body, headers, "whsec_!!!", { now }, "bad_secret");
});
