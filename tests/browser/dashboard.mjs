// The dashboard in headless Chromium against the real workers (workerd) and the simulator:
// a new developer clicks through sign-in, keys, tiers, settings, Stripe and products; usage,
// an end user's upgrade and a revocation show up; the admin view is for admins only.
// Screenshots go to SCREENSHOT_DIR; any console error fails the run.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { api, API, DASHBOARD, launch, Run, SHOTS, TIMEOUT } from "./lib.mjs";

const run = new Run();
const check = (cond, msg) => run.check(cond, msg);
const watch = (page, who) => run.watch(page, who);
const until = (what, fn, ms) => run.until(what, fn, ms);

async function signInAndRegister(page, userId) {
  await page.goto(`${DASHBOARD}/`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/clerk\/dashboard\/sign-in/);
  await page.getByLabel("User id").fill(userId);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Create my first project" }).click();
  await page.getByText("you will not see them again").waitFor();
}
function nav(page, name) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}
async function stat(page, label) {
  return (await page.locator(".stat", { has: page.locator(".l", { hasText: new RegExp(`^${label}$`) }) }).locator(".n").textContent()).trim();
}
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  ctx.setDefaultTimeout(TIMEOUT);
  const page = await ctx.newPage();
  watch(page, "developer");
  const runId = Date.now().toString(36);

  run.step = "1. sign in and see the keys once";
  await signInAndRegister(page, `user_browser_${runId}`);
  const sk = await page.getByLabel("Test secret key").inputValue();
  const pk = await page.getByLabel("Test publishable key").inputValue();
  check(sk.startsWith("sk_test_") && pk.startsWith("pk_test_"), `keys shown: ${sk.slice(0, 8)} ${pk.slice(0, 8)}`);
  await page.getByRole("button", { name: "I have saved my keys" }).click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  await page.getByRole("heading", { name: "Getting started" }).waitFor();
  const token = await page.evaluate(() => sessionStorage.getItem("dream.session"));
  check(token, "the session token is kept for the tab");

  run.step = "1. define tiers";
  await nav(page, "Tiers").click();
  await page.locator("#tier-0-limit").fill("3");
  await page.locator("#tier-0-price").fill("5");
  await page.getByRole("button", { name: "Save tiers" }).click();
  await page.locator(".error").waitFor(); // the API's validation message: free must cost 0
  check((await page.locator(".error").textContent()).includes("free"), "the API's message names the free tier");
  // Chromium logs the 400 behind that message as a console error: the one expected error.
  run.expectConsoleError("status of 400");
  await page.locator("#tier-0-price").fill("0");
  await page.locator("#tier-1-limit").fill("100");
  await page.locator("#tier-1-price").fill("9");
  await page.locator("#tier-1-flags").fill("export_csv");
  await page.locator("#tier-1-meters").fill("exports=25, seats=unlimited");
  const proRow = page.locator('[data-tier-row="1"]');
  await page.locator("#tier-1-trial").fill("7");
  await proRow.getByLabel("Card up front for the trial").uncheck();
  await proRow.getByLabel("Promotion codes at checkout").check();
  await page.getByRole("button", { name: "Save tiers" }).click();
  await page.getByText("Tiers saved.").waitFor();
  const saved = await api("GET", "/api/developer/tiers?mode=test", { token });
  const pro = saved.body.tiers.find((t) => t.name === "pro");
  check(JSON.stringify(pro.flags) === '["export_csv"]' && pro.meters.exports === 25 && pro.meters.seats === null,
    `the entitlements editor saved pro's flags and meters: ${JSON.stringify(pro)}`);
  check(pro.trial?.days === 7 && pro.trial?.cardRequired === false && pro.promotionCodes === true,
    `the trial and promotion-code controls saved: ${JSON.stringify(pro)}`);
  await page.screenshot({ path: `${SHOTS}/tiers.png`, fullPage: true });

  run.step = "1. settings: the app's origin";
  await nav(page, "Settings").click();
  await page.getByLabel(/Your app's origins/).fill(DASHBOARD);
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Settings saved.").waitFor();

  run.step = "settings changed elsewhere meanwhile: the stale save is refused, not silently undone";
  const current = await api("GET", "/api/developer/settings", { token });
  const elsewhere = await api("PUT", "/api/developer/settings", { token, body: { ...current.body, rateLimitPerMinute: 77 } });
  check(elsewhere.status === 200, `the other tab's save: ${elsewhere.status}`);
  await page.getByLabel("Requests per minute per end user").fill("88");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText(/changed since you read them/).waitFor();
  run.expectConsoleError("status of 412");
  const kept = await api("GET", "/api/developer/settings", { token });
  check(kept.body.rateLimitPerMinute === 77, `the other tab's change survived: ${kept.body.rateLimitPerMinute}`);
  await page.reload();
  await page.getByLabel("Requests per minute per end user").fill("88");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Settings saved.").waitFor();

  run.step = "1. connect Stripe";
  await nav(page, "Stripe").click();
  await page.getByRole("button", { name: "Connect Stripe" }).click();
  await page.waitForURL(/\/oauth\/authorize/);
  await page.getByRole("button", { name: "Connect my Stripe account" }).click();
  await page.waitForURL(/\/stripe\?stripe=connected/);
  await page.getByText("Stripe account connected.").waitFor();
  check((await page.locator("#stripe-account").textContent()).startsWith("acct_"), "the connected account is shown");

  run.step = "a promotion code for the checkout";
  await page.getByLabel("Code", { exact: true }).fill("LAUNCH20");
  await page.getByLabel("Percent off").fill("20");
  await page.getByRole("button", { name: "Create code" }).click();
  await page.locator('tr[data-code="LAUNCH20"]').waitFor();
  check((await page.locator('tr[data-code="LAUNCH20"]').textContent()).includes("20% off, first invoice"), "the code is listed with its discount");

  run.step = "1. create products";
  await nav(page, "Tiers").click();
  await page.getByRole("button", { name: "Create Stripe products" }).click();
  await page.locator('tr[data-product-tier="pro"]').waitFor();
  check((await page.locator('tr[data-product-tier="pro"]').textContent()).includes("created"), "pro's product was created");

  run.step = "2. usage of two end users";
  for (const user of ["alice", "alice", "bob"]) {
    const r = await fetch(`${API}/api/data`, { method: "POST", headers: { authorization: `Bearer ${sk}` }, body: JSON.stringify({ userId: user }) });
    check(r.status === 200, `track ${user}: ${r.status}`);
  }
  await nav(page, "Customers").click();
  await page.locator('tr[data-user="alice"]').waitFor();
  check((await page.locator('tr[data-user="alice"]').textContent()).includes("2 / 3"), "alice's bar shows 2 / 3");
  check((await page.locator('tr[data-user="bob"]').textContent()).includes("1 / 3"), "bob's bar shows 1 / 3");
  await page.screenshot({ path: `${SHOTS}/customers.png`, fullPage: true });
  await nav(page, "Overview").click();
  const today = new Date().toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  await page.locator(`rect[aria-label="${today}: 3 calls"]`).waitFor();
  const calls = page.locator(".chart", { hasText: "Calls per day" });
  check((await calls.locator("h3").textContent()).includes("3 calls in all"), "the chart states the period's total");
  check(await calls.locator("text.date", { hasText: today }).count() === 1, "the date axis labels today");
  const ticks = await calls.locator("text.tick").allTextContents();
  check(ticks.includes("0 calls") && ticks.includes("3 calls"), `the value axis has round ticks: ${ticks}`);
  const period = page.getByLabel("Period");
  check(await period.inputValue() === "30", "30 days by default");
  await period.selectOption("90");
  await page.getByRole("heading", { name: /Calls per day \(90 days\)/ }).waitFor();
  check(await calls.locator("rect").count() === 90, "90 days, one bar each");
  await period.selectOption("7");
  await page.getByRole("heading", { name: /Calls per day \(7 days\)/ }).waitFor();
  check(await calls.locator("rect").count() === 7, "7 days, one bar each");
  await period.selectOption("30");
  await page.getByRole("heading", { name: /Calls per day \(30 days\)/ }).waitFor();

  run.step = "3. an end user upgrades through checkout";
  const co = await api("POST", "/api/create-checkout", { token: sk, body: { tier: "pro", userId: "alice", successUrl: `${DASHBOARD}/?paid`, cancelUrl: `${DASHBOARD}/` } });
  check(co.status === 200, `create-checkout: ${JSON.stringify(co.body)}`);
  const buyer = await ctx.newPage();
  watch(buyer, "end user");
  await buyer.goto(co.body.url);
  await buyer.getByRole("button", { name: "Pay" }).click();
  await buyer.waitForURL(`${DASHBOARD}/?paid`);
  await buyer.close();
  // The overview refreshes itself: no reload here.
  await until("MRR $9.00 and one active subscription", async () =>
    (await stat(page, "MRR")) === "$9.00" && (await stat(page, "Active subscriptions")) === "1");
  await page.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });

  run.step = "a customer's detail, and setting a plan by hand";
  await nav(page, "Customers").click();
  await page.locator('tr[data-user="bob"] a').click();
  await page.getByRole("heading", { name: "bob" }).waitFor();
  await page.getByLabel("Set plan by hand").selectOption("pro");
  await page.getByRole("button", { name: "Set plan" }).click();
  await until("bob on pro", async () => (await page.locator(".card").first().textContent()).includes("Plan pro"));

  run.step = "an end user's subscription, canceled and resumed from the dashboard";
  await nav(page, "Customers").click();
  await page.locator('tr[data-user="alice"] a').click();
  await page.getByRole("heading", { name: "alice" }).waitFor();
  check((await page.locator(".card").first().textContent()).includes("trial ends"), "alice's trial end is shown");
  await page.getByRole("button", { name: "Cancel at period end" }).click();
  await until("alice's subscription set to cancel", async () => (await page.locator(".card").first().textContent()).includes("cancels at period end"));
  await page.getByRole("button", { name: "Resume" }).click();
  await until("alice's subscription resumed", async () => !(await page.locator(".card").first().textContent()).includes("cancels at period end"));

  run.step = "the developer's own plan: Basic through checkout";
  await nav(page, "Billing").click();
  await page.getByRole("heading", { name: "Free plan" }).waitFor();
  await page.getByRole("button", { name: "Choose Basic" }).click();
  await page.waitForURL(/\/checkout\//);
  await page.getByRole("button", { name: "Pay" }).click();
  await page.waitForURL(`${DASHBOARD}/billing`);
  await until("the Basic plan", async () => {
    await page.reload();
    // isVisible does not wait: read the heading only once the page has loaded its plan.
    const heading = page.getByRole("heading", { name: /^\w+ plan$/ });
    await heading.waitFor();
    return (await heading.textContent()) === "Basic plan";
  });

  run.step = "webhooks: an endpoint (its secret shown once), deliveries listed and resent, disabled, rotated, removed";
  const hooks = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hooks.push({ id: req.headers["webhook-id"], body });
      res.writeHead(200).end();
    });
  });
  await new Promise((ok) => receiver.listen(0, "127.0.0.1", ok));
  try {
    await nav(page, "Webhooks").click();
    await page.getByLabel("URL (https; http too in test mode)").fill(`http://127.0.0.1:${receiver.address().port}/hooks`);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = await page.getByLabel("Signing secret").inputValue();
    check(secret.startsWith("whsec_"), "the signing secret is shown once");
    await page.locator("tr[data-endpoint]").waitFor();
    for (let i = 0; i < 3; i++) {
      const r = await api("POST", "/api/data", { token: sk, body: { userId: "wendy" } });
      check(r.status === 200, `track wendy: ${r.status}`);
    }
    await until("80% and 100% delivered", async () => hooks.length >= 2 || `${hooks.length}`);
    await page.getByRole("button", { name: "Refresh" }).click();
    await until("the deliveries listed", async () => (await page.locator("tr[data-delivery]").count()) >= 2);
    const row = page.locator("tr[data-delivery]").first();
    check((await row.textContent()).includes("delivered"), "a delivery shows as delivered");
    await row.getByRole("button", { name: "Resend" }).click();
    await until("the resent delivery arrives", async () => hooks.length >= 3 || `${hooks.length}`);
    check(hooks.filter((h) => h.id === hooks[2].id).length === 2, "a resend carries the same event id");
    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByText(/^Disabled: http/).waitFor();
    await page.getByRole("button", { name: "Enable" }).click();
    await until("the notice gone", async () => (await page.getByText(/^Disabled: http/).count()) === 0);
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await until("a new secret", async () => (await page.getByLabel("Signing secret").inputValue()) !== secret);
    await page.screenshot({ path: `${SHOTS}/webhooks.png`, fullPage: true });
    page.once("dialog", (d) => d.accept());
    await page.getByRole("button", { name: "Remove" }).click();
    await until("the endpoint removed", async () => (await page.locator("tr[data-endpoint]").count()) === 0);
  } finally {
    receiver.close();
  }

  run.step = "store: a product added and changed, a guest's paid order listed with its lines, exported, the product archived";
  await nav(page, "Store").click();
  await page.getByLabel("Name", { exact: true }).fill("Mug");
  await page.getByLabel("Description").fill("Holds tea");
  await page.getByLabel("Price").fill("12");
  await page.getByLabel("Stock (empty: unlimited)").fill("2");
  await page.getByRole("button", { name: "Save product" }).click();
  const mug = page.locator("tr[data-product]", { hasText: "Mug" });
  await until("the mug listed at $12.00", async () => (await mug.count()) === 1 && (await mug.textContent()).includes("$12.00"));
  await mug.getByRole("button", { name: "Edit" }).click();
  check(await page.getByLabel("Price").inputValue() === "12.00", "Edit fills the form with the product");
  await page.getByLabel("Price").fill("15");
  await page.getByRole("button", { name: "Save product" }).click();
  await until("the mug at $15.00", async () => (await mug.textContent()).includes("$15.00"));
  const productId = await mug.getAttribute("data-product");
  const cart = await api("POST", "/api/cart/checkout", {
    headers: { "x-publishable-key": pk },
    body: { items: [{ productId, quantity: 1 }], successUrl: `${DASHBOARD}/?bought`, cancelUrl: `${DASHBOARD}/` },
  });
  check(cart.status === 200, `cart checkout: ${JSON.stringify(cart.body)}`);
  const guest = await ctx.newPage();
  watch(guest, "guest");
  await guest.goto(cart.body.url);
  await guest.getByRole("button", { name: "Pay" }).click();
  await guest.waitForURL(`${DASHBOARD}/?bought`);
  await guest.close();
  const order = page.locator(`tr[data-order="${cart.body.orderId}"]`);
  await until("the paid order listed", async () => {
    await page.getByRole("button", { name: "Newest" }).click();
    return (await order.count()) === 1 && (await order.locator(".pill").textContent()) === "paid";
  });
  await order.locator("summary").click();
  check((await order.textContent()).includes("1 × Mug at $15.00"), `the order's lines: ${await order.textContent()}`);
  check((await order.textContent()).includes("$15.00"), "what was paid");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const csv = readFileSync(await download.path(), "utf8");
  check(download.suggestedFilename() === "orders.csv" && csv.includes(`${cart.body.orderId},paid`) && csv.includes(",Mug,1,1500,usd,1500"),
    `the CSV export: ${csv}`);
  await page.screenshot({ path: `${SHOTS}/store.png`, fullPage: true });
  await mug.getByRole("button", { name: "Archive" }).click();
  await until("the mug archived", async () => (await mug.textContent()).includes("archived"));
  const onSale = await api("GET", "/api/products", { headers: { "x-publishable-key": pk } });
  check(onSale.status === 200 && onSale.body.products.length === 0, `buyers no longer see it: ${JSON.stringify(onSale.body)}`);
  // A zero-decimal currency: 1200 yen is 1200 of its smallest unit, not 120000.
  await page.getByLabel("Name", { exact: true }).fill("Teapot");
  await page.getByLabel("Price").fill("1200");
  await page.getByLabel("Currency").fill("JPY");
  await page.getByRole("button", { name: "Save product" }).click();
  const teapot = page.locator("tr[data-product]", { hasText: "Teapot" });
  await until("the teapot at 1200 JPY", async () => (await teapot.count()) === 1 && (await teapot.textContent()).includes("1200 JPY"));
  const yen = await api("GET", "/api/products", { headers: { "x-publishable-key": pk } });
  check(yen.body.products[0]?.price === 1200 && yen.body.products[0]?.currency === "jpy", `stored in yen: ${JSON.stringify(yen.body)}`);

  run.step = "4. revoking a key";
  await nav(page, "Keys").click();
  const row = page.locator("tr[data-key]", { hasText: `sk_test_…${sk.slice(-4)}` });
  await row.getByRole("button", { name: "Revoke" }).click();
  await row.getByRole("button", { name: "Yes, revoke" }).click();
  await row.getByText("revoked").waitFor();
  await page.screenshot({ path: `${SHOTS}/keys.png`, fullPage: true });
  // api-multi trusts a key record it has read for up to 5 s (KEY_RECORD_TTL_MS).
  await until("the revoked key refused", async () => {
    const refused = await api("POST", "/api/data", { token: sk, body: { userId: "alice" } });
    return (refused.status === 401 && refused.body.error.code === "api_key_revoked") || `${refused.status}`;
  }, 10_000);

  run.step = "a second project: its own tiers, shown by the switcher, deleted after typing its name";
  await nav(page, "Projects").click();
  await page.getByLabel("Name", { exact: true }).fill("Side project");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByText("Copy the new project's secret keys now").waitFor();
  const switcher = page.getByLabel("Project", { exact: true });
  await until("two projects in the switcher", async () => (await switcher.locator("option").count()) === 2);
  await switcher.selectOption({ label: "Side project" });
  await nav(page, "Tiers").click();
  await until("the side project's own (default) tiers", async () => (await page.locator("#tier-0-limit").inputValue()) === "100");
  await nav(page, "Projects").click();
  const side = page.locator(".card", { hasText: "Side project" }).filter({ has: page.getByRole("button", { name: "Delete…" }) });
  await side.getByRole("button", { name: "Delete…" }).click();
  await side.getByText("removes, for good").waitFor();
  await side.getByLabel("Type the project's name to confirm").fill("Side project");
  await side.getByRole("button", { name: "Delete project for good" }).click();
  await page.getByText(/^Deleted Side project/).waitFor();
  await until("one project left", async () => (await switcher.locator("option").count()) === 1);
  await nav(page, "Tiers").click();
  await until("the first project's tiers again", async () => (await page.locator("#tier-0-limit").inputValue()) === "3");
  await page.screenshot({ path: `${SHOTS}/projects.png`, fullPage: true });

  run.step = "works at 360 px";
  await page.setViewportSize({ width: 360, height: 800 });
  await nav(page, "Overview").click();
  await page.getByRole("heading", { name: "Overview" }).waitFor();
  await page.locator(".stat").first().waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 362, `no sideways scrolling at 360 px (page is ${width} px wide)`);
  await page.screenshot({ path: `${SHOTS}/overview-360.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  run.step = "5. the admin view";
  check((await nav(page, "Admin").count()) === 0, "no Admin link for a developer");
  await page.goto(`${DASHBOARD}/admin`);
  await page.getByText("admins only").waitFor();
  const denied = await api("GET", "/api/developer/admin/stats", { token });
  check(denied.status === 403, `the API refuses a developer: ${denied.status}`);
  const adminCtx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  adminCtx.setDefaultTimeout(TIMEOUT);
  const admin = await adminCtx.newPage();
  watch(admin, "admin");
  await signInAndRegister(admin, "user_admin");
  await admin.getByRole("button", { name: "I have saved my keys" }).click();
  await nav(admin, "Admin").click();
  await until("the admin figures", async () => Number(await stat(admin, "Developers")) >= 2);
  await admin.screenshot({ path: `${SHOTS}/admin.png`, fullPage: true });

  run.noConsoleErrors();
  console.log(`browser tests passed; screenshots in ${SHOTS}`);
} finally {
  await browser.close();
}
