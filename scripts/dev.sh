#!/usr/bin/env bash
# `just dev`: the whole product locally; Ctrl-C stops it. State persists in .state/dev.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
state="$ROOT/.state/dev"
scripts/build-workers.sh --dev
cargo build -q -p dream-sim
trunk build --offline 2>&1 | grep -Ev '^\s*$| INFO ' || true
cleanup() {
  for f in dist starter; do [ -f "$state/$f.pid" ] && kill "$(cat "$state/$f.pid")" 2>/dev/null || true; done
  "$ROOT/scripts/stack.sh" stop "$state"
}
trap 'cleanup; exit 0' INT TERM EXIT
scripts/stack.sh start "$state"
python3 scripts/serve-dist.py --port "$DASHBOARD_PORT" --dir dist > "$state/dist.log" 2>&1 &
echo $! > "$state/dist.pid"
scripts/serve-starter.sh "$state"
cat <<MSG

dream-api is running (state in .state/dev):
  Dashboard                         http://127.0.0.1:$DASHBOARD_PORT   (sign in with any user id; user_admin is an admin)
  API (api-multi, front-auth-api, oauth-api)  http://127.0.0.1:$API_PORT
  Simulated Clerk and Stripe        http://127.0.0.1:$SIM_PORT
    developer sign-in page          http://127.0.0.1:$SIM_PORT/clerk/dashboard/sign-in
    developer token for curl        just token user_me
  Starter app (an end-user app)     http://127.0.0.1:$STARTER_PORT/?pk=<a publishable key>
                                    (add http://127.0.0.1:$STARTER_PORT to the platform's allowed origins)
  Logs: .state/dev/wrangler.log, .state/dev/sim.log      Ctrl-C stops everything.
MSG
while kill -0 "$(cat "$state/wrangler.pid")" 2>/dev/null && kill -0 "$(cat "$state/sim.pid")" 2>/dev/null; do sleep 1; done
echo "a process exited; see the logs in .state/dev" >&2
exit 1
