#!/usr/bin/env bash
# Installs every pinned tool the project needs, skipping what is already there.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

WORKER_BUILD_VERSION=0.8.7
# Must equal the wasm-bindgen version in Cargo.lock (pinned in Cargo.toml).
WASM_BINDGEN_VERSION=0.2.130

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
for c in clippy rustfmt; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

if [ "$(worker-build --version 2>/dev/null || true)" != "$WORKER_BUILD_VERSION" ]; then
  echo "installing worker-build $WORKER_BUILD_VERSION (a few minutes, once)"
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --locked
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  echo "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: its lock file asks for a crate version the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# JS-side tools (wrangler/workerd, wasm-opt, esbuild), reinstalled only when the lock changes.
stamp="tools/node_modules/.dream-lock-sha"
want="$(sha256sum tools/package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  (cd tools && npm ci --no-audit --no-fund)
  echo "$want" > "$stamp"
fi

# schemathesis (OpenAPI conformance), in a venv kept outside the clone so CI reuses it.
SCHEMATHESIS_VERSION=4.32.5
venv="${XDG_DATA_HOME:-$HOME/.local/share}/dream-api/schemathesis-$SCHEMATHESIS_VERSION"
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

# trunk builds the dashboard; 0.22.1 declares a newer rustc than this machine's but builds and works.
TRUNK_VERSION=0.22.1
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  echo "installing trunk $TRUNK_VERSION (about 12 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --ignore-rust-version
fi

CARGO_FUZZ_VERSION=0.13.1
if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
