// @dream-api/client: auth, billing and usage limits for your app, in a few lines.
//
// Server side, with the platform's secret key:
//   const api = new DreamAPI("sk_live_…", { baseUrl });
//   await api.trackUsage(userId);
// In the browser, with the publishable key and the signed-in end user's session token:
//   const api = new DreamAPI("pk_live_…", { baseUrl, getToken: () => Clerk.session?.getToken() });
//   await api.trackUsage();
//   location.href = (await api.createCheckout(undefined, "pro")).url;
// End users sign up on the hosted page (`api.signUpUrl()`) and come back signed in
// (`redeemSignInTicket(Clerk)`).
//
// No runtime dependencies: it needs only `fetch`, `AbortController` and `crypto.randomUUID`
// (browsers, Node >= 20, Cloudflare Workers, Deno).

import type {
  ChangePlanRequest,
  CreateCustomerRequest,
  CustomerAnswer,
  DashboardTotals,
  DeletedCustomer,
  Entitlements,
  UpdateCustomerRequest,
  UsageStats,
  CheckRequest,
  CheckResponse,
  CheckoutRequest,
  CustomerList,
  ErrorBody,
  PortalRequest,
  RedirectUrl,
  SharedSignIn,
  TierList,
  TrackRequest,
  TrackResponse,
  Usage,
  WebhookEvent,
} from "./types.gen.js";

export type * from "./types.gen.js";

/** The end user's session token (e.g. `() => Clerk.session?.getToken()`); `null` when signed out. */
export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

/** How a client talks to dream-api. */
export interface DreamApiOptions {
  /** Server side: the platform's secret key (`sk_test_…` / `sk_live_…`). Never ship it to a browser. */
  secretKey?: string;
  /** Browser: the platform's publishable key (`pk_test_…` / `pk_live_…`), with `getToken`. */
  publishableKey?: string;
  /** Browser: the signed-in end user's session token (calls that need one fail with
   * `not_signed_in` without it; sign-up links and the sign-in config do not). */
  getToken?: TokenSource;
  /** Your dream-api deployment's API origin, e.g. `https://api.example.com`. */
  baseUrl?: string;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** Time allowed for one attempt, in milliseconds (default 10,000). */
  timeoutMs?: number;
  /** Retries of a request that failed on the network or with a 5xx, when retrying is safe (default 2). */
  maxRetries?: number;
  /** Wait out a `429`'s `Retry-After` of at most this many seconds and try again (default 0: never wait). */
  maxRetryAfterSeconds?: number;
}

/** Options of a track call. */
export interface TrackOptions {
  /** Units to count (default 1). */
  amount?: number;
  /** Makes retries safe: the same key counts once. Generated when omitted. */
  idempotencyKey?: string;
  /** A named meter of the tier (e.g. `"exports"`); default: the main meter, calls. */
  feature?: string;
}

/** Where Stripe sends the buyer back (default in a browser: the current page). */
export interface CheckoutOptions {
  successUrl?: string;
  cancelUrl?: string;
}

/** Where the customer portal sends the end user back (default in a browser: the current page). */
export interface PortalOptions {
  returnUrl?: string;
}

/** How long `waitForPlan` waits, and how often it looks. */
export interface WaitOptions {
  /** Give up after this long, in milliseconds (default 30,000). */
  timeoutMs?: number;
  /** Look this often, in milliseconds (default 1,000). */
  intervalMs?: number;
}

/** Paging and search of the end users (server side). */
export interface ListUsersOptions {
  search?: string;
  cursor?: string;
  limit?: number;
}

/** An error answered by dream-api (or a network failure, with status 0 and code `network_error`). */
export class DreamApiError extends Error {
  /** HTTP status (0: no answer). */
  readonly status: number;
  /** Category, e.g. `usage_limit_error`. */
  readonly type: string;
  /** Stable code to branch on, e.g. `usage_limit_exceeded`. */
  readonly code: string;
  /** The `x-request-id` of the answer, for support. */
  readonly requestId: string | null;
  /** Seconds to wait before retrying, when the API said so. */
  readonly retryAfter: number | null;

  constructor(init: { status: number; type: string; code: string; message: string; requestId: string | null; retryAfter: number | null }) {
    super(init.message);
    this.name = "DreamApiError";
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }
}

interface Call {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  /** Safe to send again after a network failure or a 5xx. */
  retry: boolean;
  idempotencyKey?: string;
  /** Sent without credentials (public routes). */
  anonymous?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const MAX_BACKOFF_MS = 4_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function retryAfterSeconds(h: string | null): number | null {
  if (h === null) return null;
  const n = Number(h);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** `?a=1&b=2` of the parameters that are set, or "". */
function query(params: Record<string, string | undefined>): string {
  const set = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return set.length === 0 ? "" : "?" + new URLSearchParams(set).toString();
}

function currentPage(what: string): string {
  const loc = (globalThis as { location?: { href?: string } }).location;
  if (loc?.href) return loc.href;
  throw new TypeError(`${what} is required outside a browser`);
}

/** A dream-api client, in server mode (secret key) or browser mode (publishable key + end-user token). */
export class DreamAPI {
  readonly mode: "server" | "browser";
  readonly #opts: DreamApiOptions;
  readonly #base: string;
  readonly #fetch: typeof fetch;

  /** `new DreamAPI("sk_…" | "pk_…", options)` or `new DreamAPI(options)`. */
  constructor(keyOrOptions: string | DreamApiOptions, options: DreamApiOptions = {}) {
    const opts: DreamApiOptions = typeof keyOrOptions === "string" ? { ...options } : { ...keyOrOptions };
    if (typeof keyOrOptions === "string") {
      if (keyOrOptions.startsWith("sk_")) opts.secretKey = keyOrOptions;
      else if (keyOrOptions.startsWith("pk_")) opts.publishableKey = keyOrOptions;
      else throw new TypeError("the key must be a secret key (sk_…) or a publishable key (pk_…)");
    }
    if (opts.secretKey && opts.publishableKey) {
      throw new TypeError("give a secret key (server) or a publishable key (browser), not both");
    }
    if (!opts.secretKey && !opts.publishableKey) throw new TypeError("a secret key or a publishable key is required");
    if (!opts.baseUrl) throw new TypeError("baseUrl is required: your dream-api deployment's API origin");
    const f = opts.fetch ?? globalThis.fetch;
    if (typeof f !== "function") throw new TypeError("no fetch available: pass options.fetch");
    this.mode = opts.secretKey ? "server" : "browser";
    this.#opts = opts;
    this.#base = opts.baseUrl.replace(/\/+$/, "");
    this.#fetch = f.bind(globalThis);
  }

  /** Counts `amount` (default 1) for the end user on the main meter or the named `feature`,
   * if their tier and rate limit allow it. Retried on network failures and 5xx under one
   * idempotency key, so it counts once. */
  trackUsage(userId?: string, options: TrackOptions = {}): Promise<TrackResponse> {
    const body: TrackRequest = { userId, amount: options.amount, feature: options.feature };
    const idempotencyKey = options.idempotencyKey ?? globalThis.crypto.randomUUID();
    return this.#call({ method: "POST", path: "/api/data", body, retry: true, idempotencyKey });
  }

  /** Whether `amount` (default 1) of the main meter or `feature` would be allowed now; counts nothing. */
  checkUsage(userId?: string, options: { amount?: number; feature?: string } = {}): Promise<CheckResponse> {
    const body: CheckRequest = { userId, amount: options.amount, feature: options.feature };
    return this.#call({ method: "POST", path: "/api/usage/check", body, retry: true });
  }

  /** The end user's plan, usage and limit this period, of the main meter or `feature`. */
  getUsage(userId?: string, options: { feature?: string } = {}): Promise<Usage> {
    const q = query({ userId, feature: options.feature });
    return this.#call({ method: "GET", path: `/api/usage${q}`, retry: true });
  }

  /** What the end user may do right now: the tier's flags and every meter's used, limit and
   * remaining, in one call (e.g. to show or hide an export button). */
  getEntitlements(userId?: string): Promise<Entitlements> {
    return this.#call({ method: "GET", path: `/api/entitlements${query({ userId })}`, retry: true });
  }

  /** Waits until the end user is on `plan` (a checkout's webhook arrives a moment after the
   * buyer is sent back): call it on the success page, then show the new plan without a reload.
   * Answers the usage on `plan`; a `DreamApiError` with code `timeout` if it does not come. */
  async waitForPlan(plan: string, userId?: string, options: WaitOptions = {}): Promise<Usage> {
    const timeout = options.timeoutMs ?? 30_000;
    const interval = options.intervalMs ?? 1_000;
    const start = Date.now();
    for (;;) {
      const usage = await this.getUsage(userId);
      if (usage.plan === plan) return usage;
      if (Date.now() - start + interval > timeout) {
        throw new DreamApiError({
          status: 0, type: "api_error", code: "timeout",
          message: `the end user is still on ${usage.plan}, not ${plan}, after ${timeout} ms`,
          requestId: null, retryAfter: null,
        });
      }
      await sleep(interval);
    }
  }

  /** The platform's tiers in the key's mode. */
  getTiers(): Promise<TierList> {
    return this.#call({ method: "GET", path: "/api/tiers", retry: true });
  }

  /** A Stripe Checkout page for the end user to buy `tier`; send them to its `url`. */
  createCheckout(userId: string | undefined, tier: string, options: CheckoutOptions = {}): Promise<RedirectUrl> {
    const body: CheckoutRequest = {
      tier,
      userId,
      successUrl: options.successUrl ?? currentPage("successUrl"),
      cancelUrl: options.cancelUrl ?? currentPage("cancelUrl"),
    };
    // Not retried: a retry would open another checkout (the last one opened is the one payable).
    return this.#call({ method: "POST", path: "/api/create-checkout", body, retry: false });
  }

  /** Moves the end user's subscription to another paid tier: up at once (the rest of the
   * period's difference is charged now), down at the period end (`subscription.scheduledChange`
   * says when). Answers their usage. Safe to retry: asking for the tier held changes nothing. */
  changePlan(userId: string | undefined, tier: string): Promise<Usage> {
    const body: ChangePlanRequest = { tier, userId };
    return this.#call({ method: "POST", path: "/api/subscription/change", body, retry: true });
  }

  /** Sets the end user's subscription to end at the period end; they keep the tier until then. */
  cancelSubscription(userId?: string): Promise<Usage> {
    return this.#call({ method: "POST", path: "/api/subscription/cancel", body: { userId }, retry: true });
  }

  /** Keeps a subscription set to end at the period end going. */
  resumeSubscription(userId?: string): Promise<Usage> {
    return this.#call({ method: "POST", path: "/api/subscription/resume", body: { userId }, retry: true });
  }

  /** Stripe's customer portal for the end user (change card, cancel); send them to its `url`. */
  openCustomerPortal(userId?: string, options: PortalOptions = {}): Promise<RedirectUrl> {
    const body: PortalRequest = { userId, returnUrl: options.returnUrl ?? currentPage("returnUrl") };
    return this.#call({ method: "POST", path: "/api/customer-portal", body, retry: false });
  }

  /** The hosted sign-up page of this platform (browser mode): link the person there; they
   * come back to `redirect` (default: this page) signed in, with a one-time `__clerk_ticket`
   * that {@link redeemSignInTicket} turns into a Clerk session. `redirect` must be on one of
   * the platform's allowed origins. */
  signUpUrl(redirect?: string): string {
    return this.#hostedPage("signup", redirect);
  }

  /** The hosted sign-in page (for people who signed up before); as {@link signUpUrl}. */
  signInUrl(redirect?: string): string {
    return this.#hostedPage("signin", redirect);
  }

  /** How to load Clerk's browser SDK for the deployment's shared end-user Clerk app. */
  getSignInConfig(): Promise<SharedSignIn> {
    return this.#call({ method: "GET", path: "/api/sign-in-config", retry: true, anonymous: true });
  }

  #hostedPage(page: "signup" | "signin", redirect?: string): string {
    const pk = this.#opts.publishableKey;
    if (!pk) throw new TypeError("the hosted pages take a publishable key: use browser mode");
    const q = new URLSearchParams({ pk, redirect: redirect ?? currentPage("redirect") });
    return `${this.#base}/${page}?${q}`;
  }

  /** The platform's end users (server side only). */
  get users() {
    const server = () => {
      if (this.mode !== "server") throw new TypeError("users is server-side only: use a secret key");
    };
    return {
      /** A page of end users, newest activity first. */
      list: (options: ListUsersOptions = {}): Promise<CustomerList> => {
        server();
        const q = new URLSearchParams();
        if (options.search !== undefined) q.set("search", options.search);
        if (options.cursor !== undefined) q.set("cursor", options.cursor);
        if (options.limit !== undefined) q.set("limit", String(options.limit));
        const qs = q.toString();
        return this.#call({ method: "GET", path: `/api/users${qs ? `?${qs}` : ""}`, retry: true });
      },
      /** One end user's usage and subscription. */
      get: (userId: string): Promise<Usage> => {
        server();
        return this.#call({ method: "GET", path: `/api/users/${encodeURIComponent(userId)}`, retry: true });
      },
      /** Puts an end user on a tier by hand (a paid subscription still takes precedence). */
      setPlan: (userId: string, plan: string): Promise<Usage> => {
        server();
        const path = `/api/users/${encodeURIComponent(userId)}/plan`;
        return this.#call({ method: "PUT", path, body: { plan }, retry: true });
      },
    };
  }

  /** Customer records: an end user's email and names beside their plan and usage (server side only). */
  get customers() {
    const server = () => {
      if (this.mode !== "server") throw new TypeError("customers is server-side only: use a secret key");
    };
    const path = (userId: string) => `/api/customers/${encodeURIComponent(userId)}`;
    return {
      /** Creates a customer (`userId` omitted: dream-api makes one). Not retried: a retry of a
       * create that succeeded would answer `customer_exists`. */
      create: (customer: CreateCustomerRequest): Promise<CustomerAnswer> => {
        server();
        return this.#call({ method: "POST", path: "/api/customers", body: customer, retry: false });
      },
      /** One customer; a `DreamApiError` with code `customer_not_found` for an id never seen. */
      get: (userId: string): Promise<CustomerAnswer> => {
        server();
        return this.#call({ method: "GET", path: path(userId), retry: true });
      },
      /** Sets the fields given (email, names, plan); an empty name removes it. */
      update: (userId: string, change: UpdateCustomerRequest): Promise<CustomerAnswer> => {
        server();
        return this.#call({ method: "PATCH", path: path(userId), body: change, retry: true });
      },
      /** Deletes a customer and their usage; refused (`customer_subscribed`) while a
       * subscription can still bill or entitle them. Not retried. */
      del: (userId: string): Promise<DeletedCustomer> => {
        server();
        return this.#call({ method: "DELETE", path: path(userId), retry: false });
      },
    };
  }

  /** The platform's metrics in the key's mode (server side only): per-day calls and revenue,
   * top users, totals and the revenue ledger. */
  getDashboard(): Promise<UsageStats> {
    if (this.mode !== "server") throw new TypeError("getDashboard is server-side only: use a secret key");
    return this.#call({ method: "GET", path: "/api/dashboard", retry: true });
  }

  /** Headline figures: customers, MRR, active subscriptions, calls this month, revenue. */
  getDashboardTotals(): Promise<DashboardTotals> {
    if (this.mode !== "server") throw new TypeError("getDashboardTotals is server-side only: use a secret key");
    return this.#call({ method: "GET", path: "/api/dashboard/totals", retry: true });
  }

  async #headers(call: Call): Promise<Record<string, string>> {
    const h: Record<string, string> = { accept: "application/json" };
    if (call.body !== undefined) h["content-type"] = "application/json";
    if (call.idempotencyKey) h["idempotency-key"] = call.idempotencyKey;
    if (call.anonymous) return h;
    if (this.#opts.secretKey) {
      h.authorization = `Bearer ${this.#opts.secretKey}`;
    } else {
      h["x-publishable-key"] = this.#opts.publishableKey as string;
      let token: string | null | undefined;
      try {
        token = this.#opts.getToken ? await this.#opts.getToken() : null;
      } catch (e) {
        // The app's token source failed: not a network failure, so not retried.
        throw new DreamApiError({
          status: 0, type: "authentication_error", code: "token_unavailable",
          message: `getToken failed: ${String(e)}`, requestId: null, retryAfter: null,
        });
      }
      if (!token) {
        throw new DreamApiError({
          status: 0, type: "authentication_error", code: "not_signed_in",
          message: "no end user is signed in (no getToken, or it returned nothing)", requestId: null, retryAfter: null,
        });
      }
      h.authorization = `Bearer ${token}`;
    }
    return h;
  }

  async #attempt(call: Call): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    try {
      return await this.#fetch(`${this.#base}${call.path}`, {
        method: call.method,
        headers: await this.#headers(call),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async #call<T>(call: Call): Promise<T> {
    const retries = call.retry ? (this.#opts.maxRetries ?? DEFAULT_RETRIES) : 0;
    const maxWait = this.#opts.maxRetryAfterSeconds ?? 0;
    for (let attempt = 0; ; attempt++) {
      let resp: Response;
      try {
        resp = await this.#attempt(call);
      } catch (e) {
        if (e instanceof DreamApiError) throw e;
        if (attempt < retries) {
          await sleep(Math.min(MAX_BACKOFF_MS, 200 * 2 ** attempt));
          continue;
        }
        const timedOut = e instanceof Error && e.name === "AbortError";
        throw new DreamApiError({
          status: 0, type: "api_error", code: timedOut ? "timeout" : "network_error",
          message: timedOut ? "dream-api did not answer in time" : `dream-api could not be reached (${String(e)})`,
          requestId: null, retryAfter: null,
        });
      }
      if (resp.ok) return (await resp.json()) as T;
      const error = await DreamAPI.#error(resp);
      const wait = error.retryAfter;
      if (resp.status === 429 && wait !== null && wait <= maxWait && attempt < Math.max(retries, 1)) {
        await sleep(wait * 1000);
        continue;
      }
      if (resp.status >= 500 && attempt < retries) {
        await sleep(wait !== null ? Math.min(wait * 1000, MAX_BACKOFF_MS) : Math.min(MAX_BACKOFF_MS, 200 * 2 ** attempt));
        continue;
      }
      throw error;
    }
  }

  static async #error(resp: Response): Promise<DreamApiError> {
    const requestId = resp.headers.get("x-request-id");
    const retryAfter = retryAfterSeconds(resp.headers.get("retry-after"));
    const body = (await resp.json().catch(() => null)) as ErrorBody | null;
    const e = body?.error;
    return new DreamApiError({
      status: resp.status,
      type: e?.type ?? "api_error",
      code: e?.code ?? "http_error",
      message: e?.message ?? `dream-api answered ${resp.status}`,
      requestId,
      retryAfter,
    });
  }
}

/** The part of Clerk's browser SDK (`window.Clerk` after `load()`) a ticket sign-in uses. */
export interface ClerkLike {
  client: { signIn: { create(params: { strategy: "ticket"; ticket: string }): Promise<{ status: string | null; createdSessionId: string | null }> } };
  setActive(params: { session: string }): Promise<void>;
}

/** Back from a hosted sign-up or sign-in page: redeems the one-time `__clerk_ticket` in `url`
 * (default: this page) with Clerk, makes that session active, and removes the ticket from the
 * address bar. Answers whether there was a ticket. A used or expired ticket is an error:
 * send the person to the sign-in page again. */
export async function redeemSignInTicket(clerk: ClerkLike, url?: string): Promise<boolean> {
  const here = new URL(url ?? currentPage("url"));
  const ticket = here.searchParams.get("__clerk_ticket");
  if (!ticket) return false;
  here.searchParams.delete("__clerk_ticket");
  if (url === undefined) globalThis.history?.replaceState(null, "", here.toString());
  const attempt = await clerk.client.signIn.create({ strategy: "ticket", ticket });
  if (attempt.status !== "complete" || !attempt.createdSessionId) {
    throw new DreamApiError({
      status: 0, type: "authentication_error", code: "sign_in_incomplete",
      message: `Clerk did not complete the ticket sign-in (status ${attempt.status})`, requestId: null, retryAfter: null,
    });
  }
  await clerk.setActive({ session: attempt.createdSessionId });
  return true;
}

/** Why a webhook was refused by {@link verifyWebhook}. */
export class WebhookVerificationError extends Error {
  /** `missing_headers`, `bad_secret`, `bad_timestamp`, `stale_timestamp`, `signature_mismatch` or `unreadable_body`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "WebhookVerificationError";
    this.code = code;
  }
}

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** How far `webhook-timestamp` may be from now (default 300 s, as Standard Webhooks says). */
  toleranceSeconds?: number;
  /** Unix seconds to check against (default: now). */
  now?: number;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const rec = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : rec[key];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Equal strings, compared in time that does not depend on where they differ. */
function sameString(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Checks a webhook from dream-api as the Standard Webhooks specification says (HMAC-SHA256
 * over `webhook-id.webhook-timestamp.body` with the endpoint's `whsec_` secret; several
 * secrets may be given while one rotates) and answers the parsed event. Pass the raw body,
 * exactly as received. Throws {@link WebhookVerificationError} on anything else. Uses Web
 * Crypto only (browsers, Node 20+, Workers, Deno, Bun). */
export async function verifyWebhook(
  body: string,
  headers: HeaderSource,
  secret: string | string[],
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError("missing_headers", "webhook-id, webhook-timestamp and webhook-signature are required");
  }
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError("bad_timestamp", "webhook-timestamp is not a number of seconds");
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError("stale_timestamp", "webhook-timestamp is too far from now");
  }
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${body}`);
  const offered = signatures.split(" ").filter((s) => s.startsWith("v1,")).map((s) => s.slice(3));
  for (const s of Array.isArray(secret) ? secret : [secret]) {
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = base64ToBytes(s.startsWith("whsec_") ? s.slice(6) : s);
    } catch {
      throw new WebhookVerificationError("bad_secret", "the secret is not whsec_ followed by base64");
    }
    if (raw.length === 0) throw new WebhookVerificationError("bad_secret", "the secret is empty");
    const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const expected = bytesToBase64(new Uint8Array(await crypto.subtle.sign("HMAC", key, signed)));
    if (offered.some((o) => sameString(o, expected))) {
      try {
        return JSON.parse(body) as WebhookEvent;
      } catch {
        throw new WebhookVerificationError("unreadable_body", "the signed body is not JSON");
      }
    }
  }
  throw new WebhookVerificationError("signature_mismatch", "no signature matches the body and secret");
}

export default DreamAPI;
