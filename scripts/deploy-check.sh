#!/usr/bin/env bash
# Validates every worker's production environment offline: the config check (no local URL,
# the variables each worker reads, routes and bindings), then `wrangler deploy --dry-run
# --env production` per worker (bundles and validates without an account).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
python3 scripts/deploy_check.py --self-test
for app in api-multi front-auth-api oauth-api; do
  [ -s "apps/$app/build/index_bg.wasm" ] || APPS="$app" scripts/build-workers.sh --dev
  out="$ROOT/.state/deploy-check/$app"
  rm -rf "$out" && mkdir -p "$(dirname "$out")"
  if ! wrangler deploy -c "wrangler/$app.toml" --env production --dry-run --outdir "$out" > "$out.log" 2>&1; then
    cat "$out.log" >&2
    echo "deploy-check: wrangler refused the production config of $app" >&2
    exit 1
  fi
  echo "deploy-check: $app bundles for production ($(du -sk "$out" | cut -f1) KiB)"
done
