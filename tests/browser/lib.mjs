// What every browser test shares: headless Chromium, a run that fails on any console error
// (expected ones are taken off by name), and waiting for state that arrives by webhook.
import { createRequire } from "module";
import { mkdirSync } from "fs";

const require = createRequire(`${process.env.TOOLS_DIR}/package.json`);
const { chromium } = require("playwright-core");

export const DASHBOARD = process.env.DASHBOARD_URL ?? "http://127.0.0.1:8080";
export const API = process.env.DREAM_API_URL ?? "http://127.0.0.1:8787";
export const SIM = process.env.DREAM_SIM_URL ?? "http://127.0.0.1:8790";
export const STARTER = process.env.STARTER_URL ?? "http://127.0.0.1:8081";
export const SHOTS = process.env.SCREENSHOT_DIR ?? "results/screenshots";
export const TIMEOUT = 20_000;
mkdirSync(SHOTS, { recursive: true });

/** Headless Chromium, offline. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}

/** One test run: its current step (named in every failure) and the console errors seen. */
export class Run {
  step = "start";
  errors = [];

  check(cond, msg) {
    if (!cond) throw new Error(`${this.step}: ${msg}`);
  }

  /** Records `page`'s console errors and uncaught exceptions as `who`'s. */
  watch(page, who) {
    page.on("console", (m) => { if (m.type() === "error") this.errors.push(`${who}: ${m.text()} (${m.location().url})`); });
    page.on("pageerror", (e) => this.errors.push(`${who}: ${e.message}`));
    return page;
  }

  /** Takes off one console error containing `text` (an expected refusal); fails if there is none. */
  expectConsoleError(text) {
    const i = this.errors.findIndex((e) => e.includes(text));
    this.check(i >= 0, `an expected console error (${text}) did not happen`);
    this.errors.splice(i, 1);
  }

  /** Polls `fn` until it answers true. */
  async until(what, fn, ms = TIMEOUT) {
    const end = Date.now() + ms;
    let last;
    while (Date.now() < end) {
      last = await fn().catch((e) => e.message);
      if (last === true) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    // What the simulated Stripe delivered, so a failure says where the state stopped.
    const deliveries = await fetch(`${SIM}/_sim/stripe/deliveries`).then((r) => r.text()).catch((e) => e.message);
    throw new Error(`${this.step}: ${what} never happened (last: ${last}); webhook deliveries: ${deliveries}`);
  }

  /** Fails the run if any console error is left. */
  noConsoleErrors() {
    this.step = "no console errors";
    this.check(this.errors.length === 0, `console errors:\n${this.errors.join("\n")}`);
  }
}

/** A JSON call to dream-api. */
export async function api(method, path, { token, body, headers = {} } = {}) {
  const h = { "content-type": "application/json", ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  const r = await fetch(`${API}${path}`, { method, headers: h, body: body ? JSON.stringify(body) : undefined });
  return { status: r.status, body: await r.json().catch(() => null) };
}
