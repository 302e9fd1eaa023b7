#!/usr/bin/env bash
# Builds the dashboard for release into dist/ (trunk, wasm-opt -Oz) and prints its size.
# Build-time settings come from the environment: DREAM_API_URL, DREAM_AUTH, DREAM_SIGN_IN_URL,
# DREAM_CLERK_JS_URL, DREAM_CLERK_PUBLISHABLE_KEY (see dashboard/src/config.rs).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
# Type-erased components: much less monomorphised view code (Leptos' documented size switch).
# Source paths in panic locations are cut to the crate's own path, so the download is the same
# size wherever it is built (and a few hundred bytes smaller).
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
remap="--remap-path-prefix=$registry=/crates --remap-path-prefix=$ROOT=/dream-api"
RUSTFLAGS="--cfg erase_components $remap" trunk build --release --offline 2>&1 | grep -Ev '^\s*$| INFO ' || true
wasm="$(ls dist/*_bg.wasm)"
js="$(ls dist/*.js | head -1)"
test -s "$wasm" || { echo "dashboard build failed" >&2; exit 1; }
printf 'dashboard        %8d bytes gzipped (wasm %d + JS glue %d; budget 300000)\n' \
  "$(( $(gzip -9c "$wasm" | wc -c) + $(gzip -9c "$js" | wc -c) ))" "$(gzip -9c "$wasm" | wc -c)" "$(gzip -9c "$js" | wc -c)"
