#!/usr/bin/env python3
"""`just profile [workload]`: where a request's CPU goes inside workerd, with `perf`.

Starts the release workers (as `just bench` does), loads one workload with wrk and samples
every CPU with `perf record` meanwhile, then splits the samples of the busiest workerd
process: workerd's own code (V8, the runtime's Request/Response/promise machinery, GC,
SQLite), code V8 compiled at run time (our wasm and its JS glue: "[JIT]"), and the kernel
(network, disk), plus how idle the machine was. Needs `perf` (linux-tools); everything stays
on 127.0.0.1."""

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the bench's setup and wrk driver)

SECONDS = int(os.environ.get("PROFILE_SECONDS", "8"))


def workloads(sk, sk_full):
    track = {"BENCH_METHOD": "POST", "BENCH_PATH": "/api/data", "BENCH_BODY": '{"userId":"{user}"}'}
    return {
        "track-1000": {**track, "BENCH_AUTH": f"Bearer {sk}", "BENCH_USERS": "1000"},
        "track-hot": {**track, "BENCH_AUTH": f"Bearer {sk}", "BENCH_USERS": "1"},
        "refused": {**track, "BENCH_AUTH": f"Bearer {sk_full}", "BENCH_USERS": "1"},
        "baseline": {"BENCH_PATH": "/__baseline"},
    }


def split(data):
    """Shares of all samples by (command, object file), folded into the parts named above."""
    out = subprocess.run(["perf", "report", "-i", data, "--sort", "comm,dso", "--no-children", "-g", "none",
                          "--stdio"], check=True, text=True, capture_output=True).stdout
    parts = {"workerd runtime (V8, API objects, GC, SQLite)": 0.0, "JIT: our wasm + JS glue": 0.0,
             "kernel on workerd's behalf": 0.0, "idle": 0.0, "everything else (wrk, node, ...)": 0.0}
    for line in out.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#") or not fields[0].endswith("%"):
            continue
        share, comm, dso = float(fields[0][:-1]), fields[1], " ".join(fields[2:])
        if comm == "swapper":
            parts["idle"] += share
        elif comm.startswith("workerd") or comm.startswith("V8"):
            if "[JIT]" in dso:
                parts["JIT: our wasm + JS glue"] += share
            elif "kernel" in dso:
                parts["kernel on workerd's behalf"] += share
            else:
                parts["workerd runtime (V8, API objects, GC, SQLite)"] += share
        else:
            parts["everything else (wrk, node, ...)"] += share
    return parts


def main():
    if not shutil.which("perf"):
        sys.exit("perf is not installed (linux-tools); `just bench` splits a track's cost without it")
    names = sys.argv[1:] or ["track-1000", "track-hot"]
    run.sh("scripts/setup.sh")
    run.sh("scripts/build-workers.sh", "--release", env={"APPS": "api-multi front-auth-api oauth-api baseline probe"})
    run.sh("cargo", "build", "-q", "-p", "dream-sim")
    subprocess.run([str(run.ROOT / "scripts/stack.sh"), "stop", str(run.STATE)], cwd=run.ROOT)
    subprocess.run(["rm", "-rf", str(run.STATE)], check=True)
    run.sh("scripts/stack.sh", "start", str(run.STATE), env={"STACK_CONFIGS": run.CONFIGS, "TEST_MODE_DAILY_CALLS": "1000000000000"})
    try:
        _, sk, _, _ = run.platform("open", None, 1_000_000)
        _, sk_full, _, _ = run.platform("full", 1, 1_000_000)
        run.call("POST", "/api/data", sk_full, {"userId": "u0"})
        loads = workloads(sk, sk_full)
        for name in names:
            env = loads[name]
            run.wrk(env, 2)
            data = str(run.STATE / f"perf-{name}.data")
            result = {}
            load = threading.Thread(target=lambda: result.update(run.wrk(env, SECONDS + 2)))
            load.start()
            subprocess.run(["perf", "record", "-F", "499", "-a", "-o", data, "--", "sleep", str(SECONDS)],
                           check=True, capture_output=True)
            load.join()
            print(f"\n{name}: {result.get('rps', 0):.0f} req/s under perf; share of all CPU samples:")
            for part, share in split(data).items():
                print(f"  {part:48} {share:5.1f} %")
    finally:
        run.sh("scripts/stack.sh", "stop", str(run.STATE))


if __name__ == "__main__":
    main()
