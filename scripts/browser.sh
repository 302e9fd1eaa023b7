#!/usr/bin/env bash
# Browser tests, in headless Chromium (playwright-core) against the real workers in workerd and
# the simulator: the release dashboard (trunk, wasm-opt) served like Pages on 127.0.0.1:8080, and
# the starter app (examples/saas-starter) as an end user.
# Prints the dashboard's size; screenshots land in results/screenshots.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
state="$ROOT/.state/browser"
"$ROOT/scripts/stack.sh" stop "$state" 2>/dev/null || true
rm -rf "$state" && mkdir -p "$state"

scripts/build-dashboard.sh
scripts/build-workers.sh --dev
cargo build -q -p dream-sim

cleanup() {
  for f in dist starter; do [ -f "$state/$f.pid" ] && kill "$(cat "$state/$f.pid")" 2>/dev/null || true; done
  "$ROOT/scripts/stack.sh" stop "$state"
}
trap cleanup EXIT
scripts/stack.sh start "$state"
python3 scripts/serve-dist.py --port "$DASHBOARD_PORT" --dir dist > "$state/dist.log" 2>&1 &
echo $! > "$state/dist.pid"
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$DASHBOARD_PORT/" 2>/dev/null && break; sleep 0.1; done
scripts/serve-starter.sh "$state"
rm -rf results/screenshots
export TOOLS_DIR="$ROOT/tools" SCREENSHOT_DIR="$ROOT/results/screenshots" \
  DASHBOARD_URL="http://127.0.0.1:$DASHBOARD_PORT" DREAM_API_URL="http://127.0.0.1:$API_PORT" \
  DREAM_SIM_URL="http://127.0.0.1:$SIM_PORT" STARTER_URL="http://127.0.0.1:$STARTER_PORT"
node tests/browser/dashboard.mjs
node tests/browser/starter.mjs
