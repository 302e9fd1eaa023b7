#!/usr/bin/env bash
# Builds the workers' wasm bundles: `--dev` (default, fast) or `--release` (wasm-opt on).
# APPS overrides which (default: api-multi front-auth-api oauth-api).
set -euo pipefail
source "$(dirname "$0")/env.sh"
profile="${1:---dev}"
for app in ${APPS:-api-multi front-auth-api oauth-api}; do
  (cd "$ROOT/apps/$app" && worker-build "$profile" 2>&1 | grep -Ev '^\s*$|INFO' || true)
  test -s "$ROOT/apps/$app/build/index_bg.wasm" || { echo "build of $app failed" >&2; exit 1; }
  # Release bundles ship without function names (see strip_wasm_names.py).
  if [ "$profile" = "--release" ]; then
    python3 "$ROOT/scripts/strip_wasm_names.py" "$ROOT/apps/$app/build/index_bg.wasm" > /dev/null
  fi
done
