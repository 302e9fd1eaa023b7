# Sourced by the other scripts: tool locations and a quiet, offline wrangler.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$ROOT/tools/node_modules/.bin:$PATH"
# worker-build downloads these unless told where they are.
export WASM_BINDGEN_BIN="${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen"
export WASM_OPT_BIN="$ROOT/tools/node_modules/binaryen/bin/wasm-opt"
export ESBUILD_BIN="$ROOT/tools/node_modules/@esbuild/linux-x64/bin/esbuild"
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false DO_NOT_TRACK=1
export WRANGLER_HIDE_BANNER=true CLOUDFLARE_CF_FETCH_ENABLED=false
export XDG_CONFIG_HOME="$ROOT/.state/xdg/config" XDG_CACHE_HOME="$ROOT/.state/xdg/cache"
API_PORT=8787
SIM_PORT=8790
DASHBOARD_PORT=8080
STARTER_PORT=8081
# trunk would otherwise ask the network for its latest version.
export TRUNK_SKIP_VERSION_CHECK=true
SCHEMATHESIS="${XDG_DATA_HOME:-$HOME/.local/share}/dream-api/schemathesis-4.32.5/bin/schemathesis"
