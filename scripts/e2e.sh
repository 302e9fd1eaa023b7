#!/usr/bin/env bash
# End-to-end tests: fresh state, the real workers in workerd plus the simulator, then a scan
# of the persisted state for plaintext secrets.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
state="$ROOT/.state/e2e"
"$ROOT/scripts/stack.sh" stop "$state" 2>/dev/null || true
rm -rf "$state" && mkdir -p "$state"

scripts/build-workers.sh --dev
cargo build -q -p dream-sim
cargo test -q -p dream-e2e --no-run

trap '"$ROOT/scripts/stack.sh" stop "$state"' EXIT
# A small test-mode cap, so the test that crosses it stays quick (the default is 10,000).
export TEST_MODE_DAILY_CALLS=2000
# Webhook retries 200 ms, 800 ms, 3.2 s, … apart (the default starts at 5 s), so the test of
# a failing endpoint recovering stays quick.
export WEBHOOK_FIRST_RETRY_MS=200
scripts/stack.sh start "$state"
export DREAM_API_URL="http://127.0.0.1:$API_PORT" DREAM_SIM_URL="http://127.0.0.1:$SIM_PORT"
export DREAM_STRIPE_SECRET="$(sed -n 's/^STRIPE_SECRET_KEY_TEST=//p' "$state/secrets.env")"
export DREAM_CONNECT_WHSEC="$(sed -n 's/^STRIPE_CONNECT_WEBHOOK_SECRET=//p' "$state/secrets.env")"
export E2E_SECRETS_FILE="$state/secrets.txt" E2E_PUBLIC_FILE="$state/publishable.txt" DREAM_STATE_DIR="$state/wrangler"
cargo test -q -p dream-e2e --test flows
cargo test -q -p dream-e2e --test billing
cargo test -q -p dream-e2e --test plans
cargo test -q -p dream-e2e --test developer_state
cargo test -q -p dream-e2e --test end_users
cargo test -q -p dream-e2e --test oauth_states
cargo test -q -p dream-e2e --test client
cargo test -q -p dream-e2e --test entitlements
cargo test -q -p dream-e2e --test projects
# The TypeScript SDK against the same workers.
(cd clients/js && tsc -p tsconfig.json && node --test test/integration.test.js)
scripts/conformance.sh "$state"
DREAM_STACK_DIR="$state" cargo test -q -p dream-e2e --test crash -- --ignored --nocapture
DREAM_STACK_DIR="$state" cargo test -q -p dream-e2e --test webhooks -- --ignored --nocapture
# Stop first so every write is on disk, then look at what was persisted.
scripts/stack.sh stop "$state"
cargo test -q -p dream-e2e --test state_scan -- --ignored --nocapture
