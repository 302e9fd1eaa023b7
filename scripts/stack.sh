#!/usr/bin/env bash
# Starts or stops the local product: the simulator and the workers in one `wrangler dev`.
#   stack.sh start STATE_DIR   (returns once both answer; pids and logs in STATE_DIR;
#                               STACK_CONFIGS overrides the wrangler configs, entry first)
#   stack.sh stop STATE_DIR    (graceful)
#   stack.sh crash STATE_DIR   (SIGKILL, for crash-safety tests)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cmd="$1"
state="$(mkdir -p "$2" && cd "$2" && pwd)"
cd "$ROOT"

port_busy() { (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Kills without warning (crash tests): SIGKILL to each process group.
crash() {
  for name in wrangler sim; do
    if [ -f "$state/$name.pid" ]; then
      kill -KILL -- "-$(cat "$state/$name.pid")" 2>/dev/null || true
      rm -f "$state/$name.pid"
    fi
  done
}

stop() {
  for name in wrangler sim; do
    if [ -f "$state/$name.pid" ]; then
      pid="$(cat "$state/$name.pid")"
      # Each was started as its own process group: take the children (workerd) too.
      kill -TERM -- "-$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
      rm -f "$state/$name.pid"
    fi
  done
}

wait_for() {
  local url="$1" pidfile="$2" log="$3"
  for _ in $(seq 300); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "process for $url exited; its log:" >&2; tail -n 40 "$log" >&2; return 1
    fi
    sleep 0.3
  done
  echo "timed out waiting for $url; log:" >&2; tail -n 40 "$log" >&2; return 1
}

# Local secrets, made once per state folder (kept across restarts, never in the repo): the
# platform's simulated Stripe keys and the two webhook signing secrets; plus the overrides
# named below when set in the environment.
secrets() {
  local f="$state/secrets.env"
  # Adds whichever is missing (a state folder from an older checkout keeps its values).
  python3 - "$f" <<'PY'
import os, secrets, sys
path = sys.argv[1]
have = {}
if os.path.exists(path):
    for line in open(path):
        k, _, v = line.strip().partition("=")
        if k:
            have[k] = v
want = {
    "STRIPE_SECRET_KEY_TEST": lambda: "sk_test_sim" + secrets.token_hex(16),
    "STRIPE_SECRET_KEY_LIVE": lambda: "sk_live_sim" + secrets.token_hex(16),
    "STRIPE_CONNECT_WEBHOOK_SECRET": lambda: "whsec_" + secrets.token_hex(24),
    "STRIPE_WEBHOOK_SECRET": lambda: "whsec_" + secrets.token_hex(24),
    # Developer webhooks' signing secrets are derived from it (never stored).
    "WEBHOOK_SIGNING_KEY": lambda: secrets.token_hex(32),
}
for k, make in want.items():
    have.setdefault(k, make())
# Deployment settings a run may override (the tests' small test-mode cap, the bench's large one).
for k in ["TEST_MODE_DAILY_CALLS", "WEBHOOK_FIRST_RETRY_MS"]:
    if os.environ.get(k):
        have[k] = os.environ[k]
    else:
        have.pop(k, None)
with open(path, "w") as f:
    f.writelines(f"{k}={v}\n" for k, v in have.items())
PY
  chmod 600 "$f"
  # shellcheck disable=SC1090
  set -a; source "$f"; set +a
  # wrangler gives every worker of a multi-config run the .dev.vars beside its config (its
  # --env-file reaches only the first); ignored by git, rewritten at each start.
  install -m 600 "$f" "$ROOT/wrangler/.dev.vars"
  # The simulated end-user Clerk's Backend API key (derived from its signing key, made here
  # the first time): what api-multi's hosted sign-up binds people with.
  printf 'END_USER_CLERK_SECRET_KEY=%s\n' "$("$ROOT/target/debug/dream-sim" clerk-secret --instance endusers --state-dir "$state/sim")" \
    >> "$ROOT/wrangler/.dev.vars"
}

case "$cmd" in
  start)
    for p in "$API_PORT" "$SIM_PORT"; do
      if port_busy "$p"; then echo "port $p on 127.0.0.1 is in use (is \`just dev\` already running?)" >&2; exit 1; fi
    done
    secrets
    SIM_STRIPE_SECRET_KEY="$STRIPE_SECRET_KEY_TEST" SIM_STRIPE_LIVE_SECRET_KEY="$STRIPE_SECRET_KEY_LIVE" SIM_STRIPE_CLIENT_ID=ca_dreamlocal \
      SIM_STRIPE_WEBHOOKS="connect|http://127.0.0.1:$API_PORT/webhook/stripe|$STRIPE_CONNECT_WEBHOOK_SECRET,account|http://127.0.0.1:$API_PORT/api/developer/webhook/stripe|$STRIPE_WEBHOOK_SECRET" \
      setsid "$ROOT/target/debug/dream-sim" serve --port "$SIM_PORT" --state-dir "$state/sim" > "$state/sim.log" 2>&1 &
    echo $! > "$state/sim.pid"
    # setsid straight from this shell: $! is then the leader of the new process group.
    configs=()
    for c in ${STACK_CONFIGS:-wrangler/dev-router.toml wrangler/api-multi.toml wrangler/front-auth-api.toml wrangler/oauth-api.toml}; do
      configs+=(-c "$c")
    done
    setsid wrangler dev "${configs[@]}" \
      --local --ip 127.0.0.1 --port "$API_PORT" --persist-to "$state/wrangler" \
      --show-interactive-dev-session=false --log-level "${WRANGLER_LOG_LEVEL:-warn}" < /dev/null > "$state/wrangler.log" 2>&1 &
    echo $! > "$state/wrangler.pid"
    trap 'stop' ERR
    wait_for "http://127.0.0.1:$SIM_PORT/health" "$state/sim.pid" "$state/sim.log"
    wait_for "http://127.0.0.1:$API_PORT/health" "$state/wrangler.pid" "$state/wrangler.log"
    wait_for "http://127.0.0.1:$API_PORT/api/developer/health" "$state/wrangler.pid" "$state/wrangler.log"
    wait_for "http://127.0.0.1:$API_PORT/api/oauth/health" "$state/wrangler.pid" "$state/wrangler.log"
    ;;
  stop) stop ;;
  crash) crash ;;
  *) echo "usage: stack.sh start|stop|crash STATE_DIR" >&2; exit 2 ;;
esac
