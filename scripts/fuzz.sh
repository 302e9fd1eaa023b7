#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZ_SECONDS, default 60), after replaying the
# regression inputs of earlier crashes (fuzz/regressions/<target>/). A crash leaves its input
# in fuzz/artifacts/<target>/: copy it to fuzz/regressions/<target>/ with the fix.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
seconds="${FUZZ_SECONDS:-60}"
# cargo fuzz needs nightly-only flags (sanitizer coverage); the stable toolchain has them
# behind RUSTC_BOOTSTRAP, and no other toolchain can be installed on these machines.
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O 2>&1 | grep -E '^(error|warning)' || true
for target in $(cargo fuzz list); do
  if compgen -G "fuzz/regressions/$target/*" > /dev/null; then
    cargo fuzz run -O "$target" "fuzz/regressions/$target" -- -runs=0
  fi
  mkdir -p "fuzz/corpus/$target"
  echo "fuzzing $target for ${seconds}s"
  log="fuzz/corpus/$target.log"
  status=0
  cargo fuzz run -O "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 > "$log" 2>&1 || status=$?
  grep -E '^Done' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
