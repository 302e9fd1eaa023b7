// The SDK against the real workers in workerd and the simulator (run by scripts/e2e.sh, which
// starts them): a developer registers, then the SDK tracks, reads, lists and refuses, in
// server mode and in browser mode with an end user's token.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";
import DreamAPI, { DreamApiError, verifyWebhook } from "../dist/index.js";

const API = process.env.DREAM_API_URL ?? "http://127.0.0.1:8787";
const SIM = process.env.DREAM_SIM_URL ?? "http://127.0.0.1:8790";
const DASHBOARD_ORIGIN = "http://127.0.0.1:8080";
const APP_ORIGIN = "https://app.example";
const run = Date.now().toString(36);

async function json(resp) {
  const text = await resp.text();
  return text ? JSON.parse(text) : null;
}

async function mint(instance, claims) {
  const r = await fetch(`${SIM}/clerk/${instance}/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(claims),
  });
  assert.equal(r.status, 200);
  return (await json(r)).jwt;
}

async function developerCall(token, method, path, body) {
  const r = await fetch(`${API}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await json(r) };
}

let platform;
before(async () => {
  const token = await mint("dashboard", { sub: `user_sdk_${run}`, azp: DASHBOARD_ORIGIN });
  const reg = await developerCall(token, "POST", "/api/developer/register");
  assert.equal(reg.status, 200, JSON.stringify(reg.body));
  platform = { id: reg.body.platformId, sk: reg.body.test.secretKey, pk: reg.body.test.publishableKey, dev: token };
  // The persisted-state scan after the e2e run looks for these in plaintext.
  if (process.env.E2E_SECRETS_FILE) appendFileSync(process.env.E2E_SECRETS_FILE, `${platform.sk}\n`);
  const tiers = { tiers: [
    { name: "free", displayName: "Free", limit: 3, priceCents: 0, flags: ["export_csv"], meters: { exports: 2 } },
    { name: "pro", displayName: "Pro", limit: 100, priceCents: 900 },
  ] };
  assert.equal((await developerCall(token, "PUT", "/api/developer/tiers?mode=test", tiers)).status, 200);
  const settings = { rateLimitPerMinute: 600, allowedOrigins: [APP_ORIGIN], endUserAuth: { kind: "shared" } };
  assert.equal((await developerCall(token, "PUT", "/api/developer/settings", settings)).status, 200);
});

test("server mode: track to the limit, then a typed 429; users list, get and set plan", async () => {
  const api = new DreamAPI(platform.sk, { baseUrl: API });
  for (let i = 1; i <= 3; i++) {
    const r = await api.trackUsage("ada");
    assert.equal(r.usage.used, i);
  }
  await assert.rejects(api.trackUsage("ada"), (e) => {
    assert.ok(e instanceof DreamApiError);
    assert.equal(e.status, 429);
    assert.equal(e.code, "usage_limit_exceeded");
    assert.ok(e.requestId, "the answer's request id is kept");
    return true;
  });
  assert.equal((await api.checkUsage("ada")).allowed, false);
  assert.equal((await api.getUsage("ada")).remaining, 0);
  assert.deepEqual((await api.getTiers()).tiers.map((t) => t.name), ["free", "pro"]);
  const list = await api.users.list({ search: "ad" });
  assert.deepEqual(list.customers.map((c) => c.userId), ["ada"]);
  assert.equal((await api.users.setPlan("ada", "pro")).limit, 100);
  assert.equal((await api.users.get("ada")).plan, "pro");
  assert.equal((await api.trackUsage("ada", { amount: 5 })).usage.used, 8);
});

test("an explicit idempotency key counts once however often it is sent", async () => {
  const api = new DreamAPI(platform.sk, { baseUrl: API });
  const key = `sdk-${run}`;
  const first = await api.trackUsage("grace", { idempotencyKey: key });
  const again = await api.trackUsage("grace", { idempotencyKey: key });
  assert.equal(first.usage.used, 1);
  assert.equal(again.usage.used, 1);
  assert.equal((await api.getUsage("grace")).used, 1);
});

test("browser mode: the end user's own token, and never another platform's", async () => {
  const jwt = await mint("endusers", { sub: "user_lin", azp: APP_ORIGIN, publicMetadata: { platformId: platform.id } });
  const api = new DreamAPI(platform.pk, { baseUrl: API, getToken: async () => jwt });
  const r = await api.trackUsage();
  assert.equal(r.usage.userId, "user_lin");
  assert.equal((await api.getUsage()).used, 1);
  assert.throws(() => api.users.list(), /server-side only/);
  const foreign = await mint("endusers", { sub: "user_lin", azp: APP_ORIGIN, publicMetadata: { platformId: "plt_someoneelse00" } });
  const other = new DreamAPI(platform.pk, { baseUrl: API, getToken: () => foreign });
  await assert.rejects(other.trackUsage(), (e) => e.status === 401 && e.code === "token_platform_mismatch");
});

test("Stripe errors arrive as dream-api codes: a checkout before Stripe is connected", async () => {
  const api = new DreamAPI(platform.sk, { baseUrl: API });
  const urls = { successUrl: `${APP_ORIGIN}/ok`, cancelUrl: `${APP_ORIGIN}/no` };
  await assert.rejects(api.createCheckout("ada", "pro", urls), (e) => e.status === 409 && e.code === "stripe_not_connected");
});

test("waitForPlan resolves once the plan changes (here set by hand while it waits)", async () => {
  const api = new DreamAPI(platform.sk, { baseUrl: API });
  await api.trackUsage("zed");
  const waiting = api.waitForPlan("pro", "zed", { intervalMs: 200, timeoutMs: 10_000 });
  await new Promise((r) => setTimeout(r, 300));
  await api.users.setPlan("zed", "pro");
  assert.equal((await waiting).plan, "pro");
});

test("hosted sign-up: the shared Clerk settings, and links the hosted pages honour or refuse", async () => {
  const api = new DreamAPI(platform.pk, { baseUrl: API });
  const cfg = await api.getSignInConfig();
  assert.match(cfg.clerkJsUrl, /clerk\.browser\.js$/);
  const script = await fetch(cfg.clerkJsUrl);
  assert.equal(script.status, 200, "Clerk's browser SDK (the local stand-in) is served");
  const ok = await fetch(api.signUpUrl(`${APP_ORIGIN}/welcome`));
  assert.equal(ok.status, 200);
  assert.ok((await ok.text()).includes(cfg.clerkJsUrl), "the page loads that SDK");
  const off = await fetch(api.signInUrl("https://elsewhere.example/welcome"));
  assert.equal(off.status, 400);
  assert.ok((await off.text()).includes('data-code="redirect_not_allowed"'));
});

test("customers: create, get, change and delete, each seen by the dashboard", async () => {
  const api = new DreamAPI(platform.sk, { baseUrl: API });
  const dashboardOne = (id) => developerCall(platform.dev, "GET", `/api/developer/customers/${id}?mode=test`);
  const created = await api.customers.create({ userId: "cleo", email: "cleo@example.com", firstName: "Cleo" });
  assert.equal(created.customer.email, "cleo@example.com");
  assert.equal((await dashboardOne("cleo")).body.email, "cleo@example.com");
  await assert.rejects(api.customers.create({ userId: "cleo", email: "cleo@example.com" }),
    (e) => e instanceof DreamApiError && e.status === 409 && e.code === "customer_exists");
  assert.equal((await api.customers.get("cleo")).customer.firstName, "Cleo");
  const changed = await api.customers.update("cleo", { plan: "pro", lastName: "Ray" });
  assert.deepEqual([changed.customer.plan, changed.customer.limit, changed.customer.lastName], ["pro", 100, "Ray"]);
  assert.equal((await dashboardOne("cleo")).body.plan, "pro");
  const before = await api.getDashboardTotals();
  assert.ok(before.customers >= 1, JSON.stringify(before));
  const deleted = await api.customers.del("cleo");
  assert.equal(deleted.deleted, true);
  await assert.rejects(api.customers.get("cleo"), (e) => e.status === 404 && e.code === "customer_not_found");
  const list = await developerCall(platform.dev, "GET", "/api/developer/customers?mode=test&search=cleo");
  assert.equal(list.body.total, 0, JSON.stringify(list.body));
  assert.equal((await api.getDashboardTotals()).customers, before.customers - 1);
  assert.equal((await api.getDashboard()).totals.endUsers, before.customers - 1);
});

test("customers: one made with a Clerk user signs in as that customer", async () => {
  const api = new DreamAPI(platform.sk, { baseUrl: API });
  const email = `dana-${run}@example.com`;
  const made = await api.customers.create({ email, firstName: "Dana", clerkUser: true });
  const id = made.customer.userId;
  assert.match(id, /^user_/, "the customer is the Clerk user");
  await assert.rejects(api.customers.create({ email, clerkUser: true }), (e) => e.status === 409 && e.code === "customer_exists");
  // The person's session token carries the binding (their public metadata): it works here.
  const jwt = await mint("endusers", { sub: id, azp: APP_ORIGIN });
  const browser = new DreamAPI(platform.pk, { baseUrl: API, getToken: async () => jwt });
  const tracked = await browser.trackUsage();
  assert.equal(tracked.usage.userId, id);
  assert.equal((await api.customers.get(id)).customer.email, email);
});

test("entitlements: a named meter counts to its own limit, and one call answers flags and meters", async () => {
  const api = new DreamAPI(platform.sk, { baseUrl: API });
  const first = await api.trackUsage("ezra", { feature: "exports" });
  assert.equal(first.usage.feature, "exports");
  await api.trackUsage("ezra", { feature: "exports" });
  await assert.rejects(api.trackUsage("ezra", { feature: "exports" }), (e) => e.status === 429 && e.code === "usage_limit_exceeded");
  assert.equal((await api.checkUsage("ezra", { feature: "exports" })).allowed, false);
  assert.equal((await api.getUsage("ezra", { feature: "exports" })).used, 2);
  await api.trackUsage("ezra");
  const e = await api.getEntitlements("ezra");
  assert.deepEqual(e.flags, ["export_csv"]);
  assert.deepEqual(e.meters.exports, { used: 2, limit: 2, remaining: 0 });
  assert.deepEqual(e.meters.api_calls, { used: 1, limit: 3, remaining: 2 });
  await assert.rejects(api.trackUsage("ezra", { feature: "exprots" }), (e) => e.status === 400 && e.code === "unknown_feature");
});

test("webhooks: a real delivery verifies with verifyWebhook and the endpoint's secret", async () => {
  const got = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  try {
    const url = `http://127.0.0.1:${server.address().port}/hooks`;
    const made = await developerCall(platform.dev, "POST", "/api/developer/webhook-endpoints?mode=test", { url, events: ["usage.threshold_reached"] });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    if (process.env.E2E_SECRETS_FILE) appendFileSync(process.env.E2E_SECRETS_FILE, `${made.body.secret}\n`);
    const api = new DreamAPI(platform.sk, { baseUrl: API });
    for (let i = 0; i < 3; i++) await api.trackUsage("wanda");
    for (let i = 0; i < 300 && got.length < 2; i++) await new Promise((ok) => setTimeout(ok, 100));
    assert.equal(got.length, 2, "80% and 100% of a limit of 3, both at the third call");
    const events = [];
    for (const g of got) events.push(await verifyWebhook(g.body, g.headers, made.body.secret));
    assert.deepEqual(events.map((e) => [e.type, e.data.threshold, e.data.userId]).sort(), [
      ["usage.threshold_reached", 100, "wanda"],
      ["usage.threshold_reached", 80, "wanda"],
    ]);
    await assert.rejects(verifyWebhook(got[0].body, got[0].headers, "whsec_b3RoZXI="), /no signature matches/);
  } finally {
    server.close();
  }
});
