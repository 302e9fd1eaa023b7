// Quotebox: an end-user app on dream-api in one file. People sign up on dream-api's hosted
// page, use the product within their tier's limit, upgrade through Stripe Checkout and manage
// billing in Stripe's portal — the app has no backend and no auth setup of its own.
import DreamAPI, { DreamApiError, redeemSignInTicket } from "./sdk/index.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const HOME = `${location.origin}/`;

// Which dream-api and which platform: `?api=` and `?pk=` (remembered), e.g. from `just dev`.
function setting(name, fallback) {
  const given = params.get(name);
  if (given) localStorage.setItem(`quotebox.${name}`, given);
  return given ?? localStorage.getItem(`quotebox.${name}`) ?? fallback;
}
const API_URL = setting("api", "http://127.0.0.1:8787");
const PK = setting("pk", null);

function say(text, error = false) {
  $("message").textContent = text;
  $("message").className = error ? "error" : "";
}

function show(section) {
  for (const id of ["setup", "signed-out", "not-bound", "app"]) $(id).hidden = id !== section;
}

function loadScript(src, attrs) {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.crossOrigin = "anonymous";
    for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(s);
  });
}

const QUOTES = [
  "Simplicity is prerequisite for reliability. — Edsger Dijkstra",
  "Make it work, make it right, make it fast. — Kent Beck",
  "The best code is no code at all. — Jeff Atwood",
  "Programs must be written for people to read. — Harold Abelson",
];

function render(usage) {
  $("plan").textContent = usage.plan;
  const limited = usage.limit !== null && usage.limit !== undefined;
  const pct = limited ? Math.min(100, Math.round((usage.used / Math.max(usage.limit, 1)) * 100)) : 0;
  $("fill").style.width = `${pct}%`;
  $("fill").classList.toggle("full", limited && usage.remaining === 0);
  const bar = document.querySelector(".bar");
  bar.setAttribute("aria-valuenow", String(usage.used));
  if (limited) bar.setAttribute("aria-valuemax", String(usage.limit));
  $("usage-text").textContent = limited
    ? `${usage.used} of ${usage.limit} quotes used this period`
    : `${usage.used} quotes this period (unlimited)`;
  $("portal").hidden = !usage.subscription;
  $("upgrade").hidden = !(limited && usage.remaining === 0);
}

async function offerUpgrades(api) {
  const { tiers } = await api.getTiers();
  const current = $("plan").textContent;
  $("offers").replaceChildren(
    ...tiers
      .filter((t) => t.priceCents > 0 && t.name !== current)
      .map((t) => {
        const b = document.createElement("button");
        const limit = t.limit === null || t.limit === undefined ? "unlimited" : `${t.limit}`;
        b.textContent = `Upgrade to ${t.displayName} — $${(t.priceCents / 100).toFixed(2)}/month, ${limit} quotes`;
        b.addEventListener("click", () => guarded(async () => {
          say("Opening checkout…");
          const { url } = await api.createCheckout(undefined, t.name, {
            successUrl: `${HOME}?upgraded=${encodeURIComponent(t.name)}`,
            cancelUrl: HOME,
          });
          location.assign(url);
        }));
        return b;
      }),
  );
}

let api;

// Runs an action; dream-api's errors become something the person can act on.
async function guarded(action) {
  try {
    await action();
  } catch (e) {
    if (!(e instanceof DreamApiError)) return say(e.message, true);
    switch (e.code) {
      case "usage_limit_exceeded":
        $("upgrade").hidden = false;
        await offerUpgrades(api);
        return say("That was your last free quote this period.");
      case "token_platform_mismatch":
        $("bind").href = api.signUpUrl(HOME);
        return show("not-bound");
      case "rate_limited":
        return say(`Slow down a little: try again in ${e.retryAfter ?? 60} s.`, true);
      default:
        return say(`${e.message} (${e.code})`, true);
    }
  }
}

async function main() {
  if (!PK) {
    show("setup");
    $("setup-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      location.assign(`${HOME}?pk=${encodeURIComponent($("pk").value.trim())}`);
    });
    return;
  }
  api = new DreamAPI(PK, { baseUrl: API_URL, getToken: () => window.Clerk?.session?.getToken() ?? null });
  // Clerk's browser SDK for the deployment's shared end-user app, then the hand-off ticket.
  const { clerkJsUrl, clerkPublishableKey } = await api.getSignInConfig();
  await loadScript(clerkJsUrl, { "data-clerk-publishable-key": clerkPublishableKey });
  await window.Clerk.load();
  await redeemSignInTicket(window.Clerk);
  if (!window.Clerk.user) {
    $("sign-up").href = api.signUpUrl(HOME);
    $("sign-in").href = api.signInUrl(HOME);
    return show("signed-out");
  }
  $("user").textContent = window.Clerk.user.id;
  $("sign-out").addEventListener("click", async () => {
    await window.Clerk.signOut();
    location.assign(HOME);
  });
  $("use").addEventListener("click", () => guarded(async () => {
    const { usage } = await api.trackUsage();
    $("quote").textContent = QUOTES[usage.used % QUOTES.length];
    $("quote").hidden = false;
    render(usage);
    if (usage.remaining === 0 && usage.limit !== null) await offerUpgrades(api);
  }));
  $("portal").addEventListener("click", () => guarded(async () => {
    const { url } = await api.openCustomerPortal(undefined, { returnUrl: HOME });
    location.assign(url);
  }));
  await guarded(async () => {
    const usage = await api.getUsage();
    show("app");
    render(usage);
    if (!$("upgrade").hidden) await offerUpgrades(api);
    // Back from Checkout: the webhook puts the person on the new plan a moment later.
    const upgraded = params.get("upgraded");
    if (upgraded) {
      history.replaceState(null, "", HOME);
      say(`Confirming your ${upgraded} plan…`);
      render(await api.waitForPlan(upgraded));
      say(`You are on ${upgraded} now. Thank you!`);
    }
  });
}

main().catch((e) => say(e.message, true));
