#!/usr/bin/env python3
"""rgo vs gc on one benchmark, interleaved: builds bench/programs/NAME.go with both,
then runs rgo's and gc's binaries alternately RUNS times and prints both medians and
the median of the per-pair ratios rgo/gc.

    bench/paired.py sieve 40

Why: on a shared machine the speed drifts over seconds, and bench/run.sh runs all of
one toolchain's repetitions before the other's, so a drift shows up as a ratio.
Pairing each rgo run with the gc run next to it cancels most of it. Numbers only
inform; nothing here decides pass or fail.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(name, work):
    src = os.path.join(ROOT, "bench", "programs", name + ".go")
    rgo = os.environ.get("RGO", os.path.join(ROOT, "target", "release", "rgo"))
    out_rgo = os.path.join(work, name + "_rgo")
    subprocess.run([rgo, "build", "-o", out_rgo, src], check=True)
    mod = os.path.join(work, "gomod")
    os.makedirs(mod, exist_ok=True)
    with open(os.path.join(mod, "go.mod"), "w") as f:
        f.write("module bench\n\ngo 1.19\n")
    with open(src) as f, open(os.path.join(mod, "main.go"), "w") as g:
        g.write(f.read())
    out_gc = os.path.join(work, name + "_gc")
    subprocess.run([os.environ.get("GO", "go"), "build", "-o", out_gc, "."], check=True, cwd=mod)
    return out_rgo, out_gc


def timed(exe):
    t = time.perf_counter()
    subprocess.run([exe], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: bench/paired.py NAME [RUNS]")
    name = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as work:
        rgo, gc = build(name, work)
        timed(rgo), timed(gc)  # warm-up
        a, b, r = [], [], []
        for _ in range(runs):
            x, y = timed(rgo), timed(gc)
            a.append(x)
            b.append(y)
            r.append(x / y)
    print(f"{name}: rgo median {statistics.median(a) * 1e3:.1f} ms, gc median "
          f"{statistics.median(b) * 1e3:.1f} ms, median paired rgo/gc {statistics.median(r):.3f} "
          f"({runs} pairs)")


if __name__ == "__main__":
    main()
