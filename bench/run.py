#!/usr/bin/env python3
"""`just bench`: load against release builds of the workers in workerd, as ratios to a
baseline worker measured in the same run, plus wasm sizes and the core micro-benchmarks.

Everything listens on and sends to 127.0.0.1 only; every load run is bounded in time."""

import gzip
import json
import os
import subprocess
import sys
import time
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Where the stack keeps its state (BENCH_STATE overrides). By default a tmpfs when there is
# one: workerd's local storage fsyncs each commit on the one thread that runs every worker, so
# with the state on disk every committing route waits for this machine's disk with the CPU
# idle, which Cloudflare's storage (durable by replication, off the isolate's thread) does not
# do. The 1,000-user track row is measured again with the state on disk at the end of each run,
# so both figures are always shown.
MEMORY = Path("/dev/shm")
DISK_STATE = ROOT / ".state" / "bench"
STATE = Path(os.environ.get("BENCH_STATE") or
             (MEMORY / "dream-bench" if MEMORY.is_dir() and os.access(MEMORY, os.W_OK) else DISK_STATE))
ON_DISK_ROW = "track, secret key, 1000 users, state on disk"
API = "http://127.0.0.1:8787"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
# Pairs (baseline, workload) measured per workload; the row is the pair with the median ratio.
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
THREADS, CONNECTIONS = 2, 32
CONFIGS = "wrangler/bench-router.toml wrangler/api-multi.toml wrangler/front-auth-api.toml wrangler/oauth-api.toml wrangler/baseline.toml wrangler/probe.toml"


def sh(*args, env=None, capture=False):
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **(env or {})}, check=True, text=True,
                          stdout=subprocess.PIPE if capture else None).stdout


def call(method, path, token=None, body=None):
    req = urllib.request.Request(API + path, method=method, data=json.dumps(body).encode() if body is not None else None)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return json.load(e)


# The end-user app the browser-mode load pretends to be (its tokens' azp, the platforms' allowed origin).
APP_ORIGIN = "http://127.0.0.1:8081"


def token(sub, instance="dashboard", platform=None):
    args = [str(ROOT / "target/debug/dream-sim"), "token", "--sub", sub, "--instance", instance, "--state-dir", str(STATE / "sim")]
    args += ["--azp", "http://127.0.0.1:8080" if instance == "dashboard" else APP_ORIGIN]
    args += ["--platform-id", platform] if platform else []
    return subprocess.run(args, check=True, text=True, stdout=subprocess.PIPE).stdout.strip()


def platform(name, free_limit, rate):
    dev = token(f"user_bench_{name}_{int(time.time())}")
    reg = call("POST", "/api/developer/register", dev)
    tiers = {"tiers": [{"name": "free", "displayName": "Free", "limit": free_limit, "priceCents": 0}]}
    assert "tiers" in call("PUT", "/api/developer/tiers?mode=test", dev, tiers)
    settings = {"rateLimitPerMinute": rate, "allowedOrigins": [APP_ORIGIN], "endUserAuth": {"kind": "shared"}}
    assert "rateLimitPerMinute" in call("PUT", "/api/developer/settings", dev, settings)
    return reg["platformId"], reg["test"]["secretKey"], reg["test"]["publishableKey"], dev


class Hooks(BaseHTTPRequestHandler):
    """A developer's webhook endpoint for the bench: takes every delivery (204) and counts it."""
    taken = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", "0")))
        Hooks.taken += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def hook_receiver():
    """Starts the endpoint on 127.0.0.1 (a free port); answers its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/hooks"


def alerting(name, alerts, endpoint):
    """A platform whose every end user may make one call (free limit 1) with `alerts`; with
    `endpoint`, a webhook endpoint there takes every event."""
    plt, sk, _, dev = platform(name, 1, 1_000_000)
    settings = {"rateLimitPerMinute": 1_000_000, "allowedOrigins": [APP_ORIGIN], "endUserAuth": {"kind": "shared"},
                "usageAlerts": alerts}
    assert "usageAlerts" in call("PUT", "/api/developer/settings", dev, settings)
    if endpoint:
        assert "secret" in call("POST", "/api/developer/webhook-endpoints?mode=test", dev, {"url": endpoint})
    return sk


# End users of the large platform (the rows that show whether costs stay flat as it grows).
BIG_USERS = int(os.environ.get("BENCH_BIG_USERS", "100000"))


def seed(sk, users):
    """Tracks once for each of u0…u<users-1> (CONNECTIONS at a time), then checks the count."""
    started = time.time()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        answers = list(pool.map(lambda i: call("POST", "/api/data", sk, {"userId": f"u{i}"}), range(users)))
    failed = [a for a in answers if "usage" not in a]
    assert not failed, f"seeding failed: {failed[:3]}"
    total = call("GET", "/api/users?limit=1", sk)["total"]
    print(f"  seeded {total} end users in {time.time() - started:.0f} s", file=sys.stderr)
    assert total >= users, f"seeding made {total} of {users} end users"


def wrk(env, seconds):
    out = sh("wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "-s", "bench/load.lua", API,
             env=env, capture=True)
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    r = json.loads(line)
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    return r


# The product's object hop is a JS RPC call, so the split uses the probe's RPC rows.
SPLIT_ROWS = ("track, secret key, 1000 users", "api-multi /health (router, no storage)", "split: one KV read",
              "split: empty Durable Object round trip, JS RPC", "split: object round trip + meter track SQL, JS RPC")


def where_the_time_goes(rows):
    """A track's cost above the baseline, split by the probe rows: each row's cost per request
    at saturation (1/req-s, the machine's whole capacity per request) minus its baseline run's.
    Approximate by construction (the pieces overlap a little), so the rest is shown as is."""
    # Each row's cost above the baseline run right before it.
    cost = {r["name"]: 1e6 / r["rps"] - 1e6 / r["baseline_rps"] for r in rows if r["rps"] > 0 and r["baseline_rps"] > 0}
    if not all(name in cost for name in SPLIT_ROWS):
        return {}
    track = cost["track, secret key, 1000 users"]
    parts = {
        "router, request id, CORS (api-multi /health)": cost["api-multi /health (router, no storage)"],
        "Durable Object round trip (JS RPC)": cost[SPLIT_ROWS[3]],
        "meter SQL in the object": cost[SPLIT_ROWS[4]] - cost[SPLIT_ROWS[3]],
    }
    parts["the rest (auth, quota, JSON, response)"] = track - sum(parts.values())
    split = {k: (v, 100 * v / track) for k, v in parts.items()}
    # Off the path since key records are cached per isolate; shown for what it would add.
    split["(one KV read, not on the path for a known key)"] = (cost["split: one KV read"], 100 * cost["split: one KV read"] / track)
    return split


def micro_benchmarks():
    sh("cargo", "bench", "-q", "-p", "dream-core", "--bench", "hot_paths", "--", "--noplot", "--warm-up-time", "1", "--measurement-time", "3")
    out = {}
    for est in sorted((ROOT / "target" / "criterion").glob("*/new/estimates.json")):
        out[est.parent.parent.name] = json.loads(est.read_text())["median"]["point_estimate"]
    return out


def start_stack():
    """The release stack on a fresh STATE."""
    subprocess.run([str(ROOT / "scripts/stack.sh"), "stop", str(STATE)], cwd=ROOT)
    subprocess.run(["rm", "-rf", str(STATE)], check=True)
    # The load runs on test keys: lift the test-mode cap so every request is the real path.
    sh("scripts/stack.sh", "start", str(STATE), env={"STACK_CONFIGS": CONFIGS, "TEST_MODE_DAILY_CALLS": "1000000000000"})


BASELINE = {"BENCH_PATH": "/__baseline"}
TRACK = {"BENCH_METHOD": "POST", "BENCH_PATH": "/api/data", "BENCH_BODY": '{"userId":"{user}"}'}


def measure(name, env):
    """One row: interleaved, the baseline is measured right before each run of the workload
    and the workload's ratio is to that run, so the machine's drift cancels out; repeated, and
    the pair with the median ratio kept, so one disturbed run does not decide."""
    pairs = []
    for _ in range(REPEATS):
        wrk(BASELINE, WARMUP)
        b = wrk(BASELINE, SECONDS)
        wrk(env, WARMUP)
        r = b if env is BASELINE else wrk(env, SECONDS)
        pairs.append({**r, "name": name, "baseline_rps": b["rps"], "baseline_p99_us": b["p99_us"]})
    pairs.sort(key=lambda p: p["rps"] / p["baseline_rps"])
    r = pairs[len(pairs) // 2]
    r["ratios_seen"] = [round(p["rps"] / p["baseline_rps"], 3) for p in pairs]
    print(f"  {name}: {r['rps']:.0f} req/s", file=sys.stderr)
    if (r["non2xx"] or r["socket_errors"]) and not name.startswith("refused"):
        print(f"  WARNING: {name} had {r['non2xx']} non-2xx answers: it does not measure what it says", file=sys.stderr)
    return r


def on_disk():
    """The 1,000-user track row again on a stack whose state is on disk (see STATE)."""
    global STATE
    memory, STATE = STATE, DISK_STATE
    start_stack()
    try:
        _, sk, _, _ = platform("open", None, 1_000_000)
        seed(sk, 1000)
        return measure(ON_DISK_ROW, {**TRACK, "BENCH_AUTH": f"Bearer {sk}", "BENCH_USERS": "1000"})
    finally:
        sh("scripts/stack.sh", "stop", str(STATE))
        STATE = memory


def main():
    sh("scripts/setup.sh")
    sh("scripts/build-workers.sh", "--release", env={"APPS": "api-multi front-auth-api oauth-api baseline probe"})
    sh("cargo", "build", "-q", "-p", "dream-sim")
    print(f"  stack state in {STATE}", file=sys.stderr)
    start_stack()
    try:
        plt, sk, pk, dev = platform("open", None, 1_000_000)
        _, sk_full, _, _ = platform("full", 1, 1_000_000)
        _, sk_rate, _, _ = platform("rate", None, 1)
        _, sk_big, _, dev_big = platform("big", None, 1_000_000)
        # A new end user each call (from a billion): each call's first track. With alerts at
        # 100% of a limit of 1, every call makes a usage.threshold_reached event that a webhook
        # endpoint receives; without, none: the pair shows what events cost a track.
        sk_quiet = alerting("quiet", [], None)
        receiver = hook_receiver()
        sk_alerts = alerting("alerts", [100], receiver)
        # The same as the 1000-user row, with a webhook endpoint and the default alerts (80
        # and 100% of a limit no call reaches): what an endpoint costs a track that makes no event.
        _, sk_hooked, _, dev_hooked = platform("hooked", 1_000_000_000, 1_000_000)
        assert "secret" in call("POST", "/api/developer/webhook-endpoints?mode=test", dev_hooked, {"url": receiver})
        seed(sk_hooked, 1000)
        seed(sk, 1000)
        seed(sk_big, BIG_USERS)
        call("POST", "/api/data", sk_full, {"userId": "u0"})
        call("POST", "/api/data", sk_rate, {"userId": "u0"})
        tokens = STATE / "tokens.txt"
        tokens.write_text("\n".join(token(f"u{i}", "endusers", plt) for i in range(100)) + "\n")
        workloads = [
            ("baseline (200 to anything)", BASELINE),
            ("api-multi /health (router, no storage)", {"BENCH_PATH": "/health"}),
            ("track, secret key, 1000 users", {**TRACK, "BENCH_AUTH": f"Bearer {sk}", "BENCH_USERS": "1000"}),
            ("track, secret key, 1000 users, webhook endpoint", {**TRACK, "BENCH_AUTH": f"Bearer {sk_hooked}", "BENCH_USERS": "1000"}),
            ("track, secret key, 1 hot user", {**TRACK, "BENCH_AUTH": f"Bearer {sk}", "BENCH_USERS": "1"}),
            ("track, publishable key + JWT, 100 users", {"BENCH_METHOD": "POST", "BENCH_PATH": "/api/data", "BENCH_PK": pk, "BENCH_TOKENS": str(tokens)}),
            ("usage read, 1000 users", {"BENCH_PATH": "/api/usage?userId={user}", "BENCH_AUTH": f"Bearer {sk}", "BENCH_USERS": "1000"}),
            ("usage check, 1000 users", {**TRACK, "BENCH_PATH": "/api/usage/check", "BENCH_AUTH": f"Bearer {sk}", "BENCH_USERS": "1000"}),
            (f"track, secret key, {BIG_USERS} users", {**TRACK, "BENCH_AUTH": f"Bearer {sk_big}", "BENCH_USERS": str(BIG_USERS)}),
            ("track, new user each call, no webhooks", {**TRACK, "BENCH_AUTH": f"Bearer {sk_quiet}", "BENCH_USERS": "1000000000"}),
            ("track, new user each call, event each", {**TRACK, "BENCH_AUTH": f"Bearer {sk_alerts}", "BENCH_USERS": "1000000000"}),
            # A platform's size must not show in what one page or the stats cost.
            ("customers page (50), 1000 end users", {"BENCH_PATH": "/api/users?limit=50", "BENCH_AUTH": f"Bearer {sk}"}),
            (f"customers page (50), {BIG_USERS} end users", {"BENCH_PATH": "/api/users?limit=50", "BENCH_AUTH": f"Bearer {sk_big}"}),
            ("stats, 1000 end users", {"BENCH_PATH": "/api/developer/stats?mode=test", "BENCH_AUTH": f"Bearer {dev}"}),
            (f"stats, {BIG_USERS} end users", {"BENCH_PATH": "/api/developer/stats?mode=test", "BENCH_AUTH": f"Bearer {dev_big}"}),
            ("refused: limit reached (429)", {**TRACK, "BENCH_AUTH": f"Bearer {sk_full}", "BENCH_USERS": "1"}),
            ("refused: rate limited (429)", {**TRACK, "BENCH_AUTH": f"Bearer {sk_rate}", "BENCH_USERS": "1"}),
            # The pieces of a track (apps/probe): what each costs on its own.
            ("split: one KV read", {"BENCH_PATH": "/__probe/kv"}),
            ("split: empty Durable Object round trip", {"BENCH_PATH": "/__probe/do?u={user}", "BENCH_USERS": "1000"}),
            ("split: object round trip + meter track SQL", {"BENCH_METHOD": "POST", "BENCH_PATH": "/__probe/do-track?u={user}", "BENCH_USERS": "1000"}),
            # The same two hops as JS RPC calls instead of fetches (apps/probe/rpc.mjs).
            ("split: empty Durable Object round trip, JS RPC", {"BENCH_PATH": "/__probe/rpc?u={user}", "BENCH_USERS": "1000"}),
            ("split: object round trip + meter track SQL, JS RPC", {"BENCH_METHOD": "POST", "BENCH_PATH": "/__probe/rpc-track?u={user}", "BENCH_USERS": "1000"}),
        ]
        # BENCH_ONLY: parts of row names to run, separated by "|" (or by "," when no part has
        # one); the baseline always runs.
        only_text = os.environ.get("BENCH_ONLY", "")
        only = [o.strip() for o in only_text.split("|" if "|" in only_text else ",") if o.strip()]
        if only:
            workloads = workloads[:1] + [w for w in workloads[1:] if any(o in w[0] for o in only)]
        rows = [measure(name, env) for name, env in workloads]
        if Hooks.taken:
            print(f"  the bench's webhook endpoint took {Hooks.taken} deliveries", file=sys.stderr)
    finally:
        sh("scripts/stack.sh", "stop", str(STATE))
    if STATE != DISK_STATE and (not only or any(o in ON_DISK_ROW for o in only)):
        rows.append(on_disk())
    for r in rows:
        r["rps_ratio"] = r["rps"] / r["baseline_rps"] if r["baseline_rps"] else 0.0
        r["p99_delta_us"] = r["p99_us"] - r["baseline_p99_us"]
    sizes = {app: len(gzip.compress((ROOT / "apps" / app / "build" / "index_bg.wasm").read_bytes(), 9))
             for app in ("api-multi", "front-auth-api", "oauth-api", "baseline")}
    micro = micro_benchmarks()

    print(f"\nLoad: wrk {THREADS} threads x {CONNECTIONS} connections, {SECONDS}s after {WARMUP}s warm-up, release builds in wrangler dev;"
          f" each workload right after its own baseline run, {REPEATS} times; the row is the pair with the median ratio;"
          f" the stack's state in {STATE}" + (f" (the '{ON_DISK_ROW}' row: {DISK_STATE})" if any(r["name"] == ON_DISK_ROW for r in rows) else "") + "\n")
    print(f"| {'workload':42} | {'req/s':>7} | {'x baseline':>10} | {'ratios seen':>18} | {'p50 ms':>7} | {'p99 ms':>7} | {'p99.9 ms':>8} | {'non-2xx':>7} | {'sock err':>8} |")
    print(f"|{'-' * 44}|{'-' * 9}|{'-' * 12}|{'-' * 20}|{'-' * 9}|{'-' * 9}|{'-' * 10}|{'-' * 9}|{'-' * 10}|")
    for r in rows:
        seen = " ".join(f"{x:.2f}" for x in r["ratios_seen"])
        print(f"| {r['name']:42} | {r['rps']:7.0f} | {r['rps_ratio']:10.2f} | {seen:>18} | {r['p50_us'] / 1000:7.2f} | {r['p99_us'] / 1000:7.2f} | "
              f"{r['p999_us'] / 1000:8.2f} | {r['non2xx']:7d} | {r['socket_errors']:8d} |")
    split = where_the_time_goes(rows)
    print("\nWhere a track's time goes (per-request cost at saturation, 1/req-s, minus the baseline's):")
    for part, (us, share) in split.items():
        print(f"  {part:44} {us:8.0f} µs  {share:5.1f} %")
    print("\nWorker wasm, release + wasm-opt, gzipped:")
    for app, n in sizes.items():
        print(f"  {app:16} {n / 1024:8.0f} KiB")
    print("\nCore hot paths (criterion median):")
    for name, ns in micro.items():
        print(f"  {name:40} {ns / 1000:10.2f} µs")
    results = ROOT / "results"
    results.mkdir(exist_ok=True)
    doc = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "seconds": SECONDS, "repeats": REPEATS, "threads": THREADS,
           "connections": CONNECTIONS, "state": str(STATE), "load": rows, "track_split_us": split, "wasm_gzip_bytes": sizes,
           "micro_median_ns": micro}
    path = results / f"bench-{doc['when'].replace(':', '')}.json"
    path.write_text(json.dumps(doc, indent=1))
    print(f"\nwritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
