#!/usr/bin/env bash
# Serves the starter app (examples/saas-starter) with the SDK it imports, built from
# clients/js, on 127.0.0.1:$STARTER_PORT; the server's pid goes to STATE_DIR/starter.pid.
#   serve-starter.sh STATE_DIR
set -euo pipefail
source "$(dirname "$0")/env.sh"
state="$(mkdir -p "$1" && cd "$1" && pwd)"
cd "$ROOT"
(cd clients/js && tsc -p tsconfig.json)
site="$state/starter"
rm -rf "$site" && mkdir -p "$site"
cp -R examples/saas-starter/. "$site/"
cp -R clients/js/dist "$site/sdk"
python3 scripts/serve-dist.py --port "$STARTER_PORT" --dir "$site" > "$state/starter.log" 2>&1 &
echo $! > "$state/starter.pid"
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$STARTER_PORT/" 2>/dev/null && exit 0; sleep 0.1; done
echo "the starter app did not come up; see $state/starter.log" >&2
exit 1
