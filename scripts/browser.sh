#!/usr/bin/env bash
# Browser tests: the release dashboard (trunk, wasm-opt) served like Pages on 127.0.0.1:8080,
# the real workers in workerd and the simulator, driven by headless Chromium (playwright-core).
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
  [ -f "$state/dist.pid" ] && kill "$(cat "$state/dist.pid")" 2>/dev/null || true
  "$ROOT/scripts/stack.sh" stop "$state"
}
trap cleanup EXIT
scripts/stack.sh start "$state"
python3 scripts/serve-dist.py --port "$DASHBOARD_PORT" --dir dist > "$state/dist.log" 2>&1 &
echo $! > "$state/dist.pid"
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$DASHBOARD_PORT/" 2>/dev/null && break; sleep 0.1; done
rm -rf results/screenshots
TOOLS_DIR="$ROOT/tools" SCREENSHOT_DIR="$ROOT/results/screenshots" \
  DASHBOARD_URL="http://127.0.0.1:$DASHBOARD_PORT" DREAM_API_URL="http://127.0.0.1:$API_PORT" \
  node tests/browser/dashboard.mjs
