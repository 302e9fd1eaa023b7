# dream-api: `just dev` runs the product locally, `just test` runs every test.
set shell := ["bash", "-euo", "pipefail", "-c"]

# List the recipes.
default:
    @just --list

# Install the pinned tools (idempotent; skips what is there).
setup:
    scripts/setup.sh

# Run the whole product locally: dashboard, workers in workerd, simulated Clerk and Stripe; Ctrl-C stops it.
dev: setup
    scripts/dev.sh

# Every test: format, lints (native and wasm32), unit, route, end-to-end, conformance and browser tests, fuzzing.
test: setup lint unit sdk e2e deploy-check browser fuzz

# Formatting and clippy for the native and wasm32 targets.
lint:
    cargo fmt --all --check
    cargo fmt --manifest-path fuzz/Cargo.toml --check
    cargo clippy --workspace --all-targets -- -D warnings
    cargo clippy -p dream-core -p dream-services -p dream-web -p dream-edge -p api-multi -p front-auth-api -p oauth-api -p dream-dashboard -p probe --target wasm32-unknown-unknown -- -D warnings

# Unit and route tests (native, in-memory ports).
unit:
    cargo test --workspace --exclude dream-e2e

# The TypeScript SDK: types in step with the OpenAPI document, build, unit tests, npm pack + install.
sdk: setup
    scripts/sdk.sh

# End-to-end tests against the real workers in workerd and the simulator.
e2e: setup
    scripts/e2e.sh

# Each worker's production environment, offline: no local URL, the vars it reads, and `wrangler deploy --dry-run`.
deploy-check: setup
    scripts/deploy-check.sh

# The dashboard in headless Chromium against the real workers and the simulator (screenshots in results/screenshots).
browser: setup
    scripts/setup-browser.sh
    scripts/browser.sh

# The release dashboard in dist/ (for `wrangler pages deploy dist`) with its gzipped size.
build-dashboard: setup
    scripts/build-dashboard.sh

# Each fuzz target for FUZZ_SECONDS (default 60) after replaying past crashes.
fuzz: setup
    scripts/fuzz.sh

# Load (wrk) against release workers as ratios to a baseline worker, wasm sizes, micro-benchmarks.
bench: setup
    scripts/bench-tools.sh
    python3 bench/run.py

# Where a request's CPU goes inside workerd, sampled with perf (needs linux-tools): `just profile track-hot`.
profile *WORKLOADS: setup
    scripts/bench-tools.sh
    python3 bench/profile.py {{WORKLOADS}}

# Release builds of the workers (wasm-opt on) with their gzipped sizes.
build-release: setup
    scripts/build-workers.sh --release
    @for app in api-multi front-auth-api oauth-api; do printf '%-16s %8d bytes gzipped\n' "$app" "$(gzip -9c apps/$app/build/index_bg.wasm | wc -c)"; done

# Print a developer session token from the local Clerk (needs `just dev` to have run once).
token sub="user_local_dev":
    @target/debug/dream-sim token --sub {{sub}} --azp http://127.0.0.1:8080 --state-dir .state/dev/sim
