// The starter app (examples/saas-starter) in headless Chromium, as an end user: sign up on the
// hosted page, use the product to the free limit, upgrade through Checkout and see the paid
// plan without reloading, open the portal; the same person is refused by a second platform
// until they sign up for it too, then uses both with separate usage; a hosted sign-up link
// whose return URL is not on the platform's allowed origins is refused. The two platforms are
// set up through the developer API, as a developer's scripts would.
import { api, API, launch, Run, SHOTS, SIM, STARTER, TIMEOUT } from "./lib.mjs";

const run = new Run();
const runId = Date.now().toString(36);

/** A developer with a test-mode platform whose app is the starter: free 3, pro 100 for $9. */
async function platform(name, { stripe }) {
  const minted = await fetch(`${SIM}/clerk/dashboard/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub: `user_${name}_${runId}`, azp: "http://127.0.0.1:8080" }),
  }).then((r) => r.json());
  const token = minted.jwt;
  const reg = await api("POST", "/api/developer/register", { token });
  run.check(reg.status === 200, `register ${name}: ${JSON.stringify(reg.body)}`);
  const tiers = { tiers: [
    { name: "free", displayName: "Free", limit: 3, priceCents: 0 },
    { name: "pro", displayName: "Pro", limit: 100, priceCents: 900 },
  ] };
  run.check((await api("PUT", "/api/developer/tiers?mode=test", { token, body: tiers })).status === 200, "tiers");
  const settings = { rateLimitPerMinute: 1000, allowedOrigins: [STARTER], endUserAuth: { kind: "shared" } };
  run.check((await api("PUT", "/api/developer/settings", { token, body: settings })).status === 200, "settings");
  if (stripe) {
    // Connect: authorize → the simulator's consent → callback → complete, as the dashboard does.
    const start = await api("GET", "/api/oauth/authorize?mode=test", { token });
    const query = new URL(start.body.url).search.slice(1);
    const consent = await fetch(`${SIM}/oauth/authorize`, {
      method: "POST", redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `${query}&decision=allow`,
    });
    const callback = await fetch(consent.headers.get("location"), { redirect: "manual" });
    const back = new URL(callback.headers.get("location"));
    const done = await api("POST", "/api/oauth/complete", {
      token, body: { state: back.searchParams.get("state"), code: back.searchParams.get("code") },
    });
    run.check(done.status === 200, `connect Stripe: ${JSON.stringify(done.body)}`);
    const products = await api("POST", "/api/developer/create-products?mode=test", { token });
    run.check(products.status === 200, `create products: ${JSON.stringify(products.body)}`);
  }
  return { pk: reg.body.test.publishableKey, sk: reg.body.test.secretKey };
}

async function usageText(page) {
  return (await page.locator("#usage-text").textContent()).trim();
}

const browser = await launch();
try {
  run.step = "setting up two platforms";
  const a = await platform("starter_a", { stripe: true });
  const b = await platform("starter_b", { stripe: false });
  const person = `user_person_${runId}`;
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  ctx.setDefaultTimeout(TIMEOUT);
  const page = run.watch(await ctx.newPage(), "end user");

  run.step = "3. a return URL off the platform's allowed origins is refused by the hosted page";
  const evil = `${API}/signup?pk=${a.pk}&redirect=${encodeURIComponent("https://evil.example/steal")}`;
  const refused = await page.goto(evil);
  run.check(refused.status() === 400, `the hosted page answered ${refused.status()}`);
  await page.getByText("This sign-in link cannot be used").waitFor();
  run.check(await page.locator('[data-code="redirect_not_allowed"]').count() === 1, "the page names redirect_not_allowed");
  run.check(!page.url().startsWith(SIM), "Clerk was never loaded");
  run.expectConsoleError("status of 400");

  run.step = "1. sign up on the hosted page from the starter app";
  await page.goto(`${STARTER}/?pk=${a.pk}&api=${encodeURIComponent(API)}`);
  await page.getByRole("link", { name: "Sign up", exact: true }).click();
  await page.waitForURL(/\/clerk\/endusers\/sign-up/);
  await page.getByLabel("User id").fill(person);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.waitForURL((u) => u.href.startsWith(`${STARTER}/`));
  await page.getByText(`Signed in as ${person}`).waitFor();
  run.check(!page.url().includes("__clerk_ticket"), "the ticket is gone from the address bar");
  await page.screenshot({ path: `${SHOTS}/starter-signed-in.png`, fullPage: true });

  run.step = "1. use the product to the free limit: a clear upgrade prompt";
  for (let i = 1; i <= 3; i++) {
    await page.getByRole("button", { name: "Get a quote" }).click();
    await run.until(`${i} of 3 used`, async () => (await usageText(page)) === `${i} of 3 quotes used this period`);
  }
  await page.getByRole("heading", { name: "You have used every free quote this period" }).waitFor();
  await page.getByRole("button", { name: "Get a quote" }).click();
  await page.getByText("That was your last free quote this period.").waitFor();
  run.expectConsoleError("status of 429");
  run.check(!(await page.getByRole("button", { name: "Manage billing" }).isVisible()), "no billing to manage on free");
  await page.screenshot({ path: `${SHOTS}/starter-limit.png`, fullPage: true });

  run.step = "1. upgrade through Checkout: on Pro without reloading";
  await page.getByRole("button", { name: /^Upgrade to Pro/ }).click();
  await page.waitForURL(/\/checkout\//);
  await page.getByRole("button", { name: "Pay" }).click();
  await page.waitForURL((u) => u.href.startsWith(`${STARTER}/`)); // the success URL; the app then waits for the webhook
  await page.getByText("You are on pro now.").waitFor();
  run.check((await page.locator("#plan").textContent()) === "pro", "the plan shown is pro");
  // The subscription starts a new billing period: a fresh count under Pro's limit.
  run.check((await usageText(page)) === "0 of 100 quotes used this period", `usage on pro: ${await usageText(page)}`);
  await page.getByRole("button", { name: "Get a quote" }).click();
  await run.until("1 of 100 used", async () => (await usageText(page)) === "1 of 100 quotes used this period");
  await page.screenshot({ path: `${SHOTS}/starter-pro.png`, fullPage: true });

  run.step = "1. Manage billing opens the portal";
  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.waitForURL(/\/portal\//);
  await page.getByRole("heading", { name: "Manage your plan" }).waitFor();
  await page.getByRole("link", { name: "Return" }).click();
  await page.waitForURL((u) => u.href.startsWith(`${STARTER}/`));
  await page.getByText(`Signed in as ${person}`).waitFor();

  run.step = "2. platform B refuses the person until they sign up for it too";
  await page.goto(`${STARTER}/?pk=${b.pk}`);
  await page.getByText("You are signed in, but not to this app yet.").waitFor();
  run.expectConsoleError("status of 401");
  await page.getByRole("link", { name: "Sign up for this app" }).click();
  // Already signed in with the shared Clerk app: the hosted page binds and hands back at once.
  await page.waitForURL((u) => u.href.startsWith(`${STARTER}/`));
  await page.getByText(`Signed in as ${person}`).waitFor();
  run.check((await page.locator("#plan").textContent()) === "free", "on B's free tier");
  await page.getByRole("button", { name: "Get a quote" }).click();
  await run.until("B's own usage", async () => (await usageText(page)) === "1 of 3 quotes used this period");

  run.step = "2. both platforms work for the person, each with its own usage";
  await page.goto(`${STARTER}/?pk=${a.pk}`);
  await run.until("A's usage is A's", async () => (await usageText(page)) === "1 of 100 quotes used this period");
  const seen = async (sk) => (await api("GET", `/api/users/${person}`, { token: sk })).body;
  const [onA, onB] = [await seen(a.sk), await seen(b.sk)];
  run.check(onA.used === 1 && onA.plan === "pro" && onB.used === 1 && onB.plan === "free",
    `A: ${onA.plan} ${onA.used}, B: ${onB.plan} ${onB.used}`);

  run.noConsoleErrors();
  console.log(`starter app browser tests passed; screenshots in ${SHOTS}`);
} finally {
  await browser.close();
}
