#!/usr/bin/env python3
"""Checks each worker's production environment (`[env.production]` in wrangler/<worker>.toml):
routes, bindings and the variables the worker reads, none of them local (a simulator URL,
127.0.0.1, localhost, plain http) and no ALLOW_INSECURE_JWKS. Exits non-zero on any problem.
`--self-test` also proves the check refuses a production config pointing at a local URL."""
import copy
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = {
    "api-multi": ["END_USER_CLERK_ISSUER", "END_USER_CLERK_JWKS_URL", "END_USER_CLERK_PUBLISHABLE_KEY",
                  "END_USER_CLERK_JS_URL", "SIGN_UP_ORIGIN"],
    "front-auth-api": ["CLERK_ISSUER", "CLERK_JWKS_URL", "DASHBOARD_ORIGINS"],
    "oauth-api": ["CLERK_ISSUER", "CLERK_JWKS_URL", "DASHBOARD_ORIGINS", "STRIPE_OAUTH_REDIRECT_URI"],
}
LOCAL = re.compile(r"(127\.\d+\.\d+\.\d+|localhost|0\.0\.0\.0|\[::1\]|http://)", re.I)


def problems(worker: str, cfg: dict) -> list[str]:
    env = cfg.get("env", {}).get("production")
    if not env:
        return [f"{worker}: no [env.production]"]
    out = []
    if not env.get("routes"):
        out.append(f"{worker}: production has no routes")
    if not any(k.get("binding") == "DREAM_KV" for k in env.get("kv_namespaces", [])):
        out.append(f"{worker}: production has no DREAM_KV namespace")
    if not any(b.get("name") == "METER" for b in env.get("durable_objects", {}).get("bindings", [])):
        out.append(f"{worker}: production has no METER Durable Object binding")
    vars_ = env.get("vars", {})
    for name in WORKERS[worker]:
        if not str(vars_.get(name, "")).strip():
            out.append(f"{worker}: production var {name} is missing")
    if str(vars_.get("ALLOW_INSECURE_JWKS", "")).lower() == "true":
        out.append(f"{worker}: ALLOW_INSECURE_JWKS is for local development only")
    if "WEBHOOK_FIRST_RETRY_MS" in vars_:
        out.append(f"{worker}: WEBHOOK_FIRST_RETRY_MS is for tests only (production retries start at 5 s)")
    if "WEBHOOK_SIGNING_KEY" in vars_:
        out.append(f"{worker}: WEBHOOK_SIGNING_KEY is a secret: put it with `wrangler secret put`, not in vars")
    for name, value in vars_.items():
        if LOCAL.search(str(value)):
            out.append(f"{worker}: production var {name} points at a local or plain-http URL: {value}")
    for route in env.get("routes", []):
        pattern = route.get("pattern", "") if isinstance(route, dict) else str(route)
        if LOCAL.search(pattern):
            out.append(f"{worker}: production route {pattern} is local")
    return out


def main() -> int:
    configs = {w: tomllib.loads((ROOT / "wrangler" / f"{w}.toml").read_text()) for w in WORKERS}
    found = [p for w, cfg in configs.items() for p in problems(w, cfg)]
    if "--self-test" in sys.argv:
        bad = copy.deepcopy(configs["oauth-api"])
        bad["env"]["production"]["vars"]["STRIPE_API_BASE"] = "http://127.0.0.1:8790"
        if not problems("oauth-api", bad):
            found.append("self-test: a production config with a local URL was not refused")
    for p in found:
        print(f"deploy-check: {p}", file=sys.stderr)
    if not found:
        print(f"deploy-check: production configs of {', '.join(WORKERS)} are clean")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
