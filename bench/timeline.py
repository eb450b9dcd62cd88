#!/usr/bin/env python3
"""timeline.py - what VGPU_TIMELINE costs (docs/timeline.md, "Cost and size").

  python3 bench/timeline.py [--reps N] [--build DIR]

1. Time: every example (examples/) run N times without and N times with VGPU_TIMELINE, the runs
   interleaved so that machine noise hits both alike; the median of each and their ratio, per
   example and in total, with the spread (min-max over the repetitions).  Two measures: wall time,
   and CPU time as `perf stat -e task-clock` counts it (the program and the processes it started
   that ended before it: the compiler, and SM workers the runtime reaped), which other jobs on a
   busy machine disturb far less (left out when perf is not installed).
2. Size: the timeline of one launch of 2^20 work-items (vecmul --n 1048576), with work-groups of
   256 (4096 groups) and of 1 (2^20 groups: the aggregation at work), and the file's size.
Uses the build tree's ICD; the compile cache is warm after the first run, so builds do not weigh."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--build", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build"))
args = ap.parse_args()
build = os.path.abspath(args.build)
env0 = dict(os.environ, OCL_ICD_VENDORS=os.path.join(build, "vgpu-test.icd"))
env0.pop("VGPU_TIMELINE", None)
env0.pop("VGPU_PROFILE", None)
tmp = tempfile.mkdtemp(prefix="vgpu-timeline-bench-")
tl = os.path.join(tmp, "t.json")

EXAMPLES = [("vecmul", []), ("convolution", []), ("matmul", []), ("reduction", []), ("histogram", []),
            ("divergence", []), ("multigpu", [])]


perf = shutil.which("perf")


def run(name, extra, timeline):
    """(wall seconds, CPU seconds of the process tree or None)"""
    env = dict(env0)
    if name == "multigpu":
        env["VGPU_DEVICES"] = "2"
    if timeline:
        env["VGPU_TIMELINE"] = tl
    cmd = [os.path.join(build, "examples", name)] + extra
    if perf:
        cmd = [perf, "stat", "-x,", "-e", "task-clock", "-o", os.path.join(tmp, "perf.txt")] + cmd
    t0 = time.monotonic()
    r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    dt = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"{name} failed ({r.returncode})")
    cpu = None
    if perf:
        for line in open(os.path.join(tmp, "perf.txt")):
            f = line.split(",")
            if len(f) > 2 and f[2].startswith("task-clock"):
                cpu = float(f[0]) / 1e3
    return dt, cpu


def row(label, a, b):
    m0, m1 = statistics.median(a), statistics.median(b)
    print(f"{label:<12} {m0:8.3f} [{min(a):.3f}-{max(a):.3f}] {m1:8.3f} [{min(b):.3f}-{max(b):.3f}] {m1 / m0:6.2f}")
    return m0, m1


res = {}
for name, extra in EXAMPLES:
    run(name, extra, False)  # warm the compile cache
    res[name] = ([], [])
    for _ in range(args.reps):
        res[name][0].append(run(name, extra, False))
        res[name][1].append(run(name, extra, True))
for k, what in ((0, "wall seconds"), (1, "CPU seconds, all processes (perf stat task-clock)")):
    if k == 1 and not perf:
        continue
    print(f"# examples, {args.reps} runs each way; {what}: median [min-max]")
    print(f"{'example':<12} {'default':>22} {'VGPU_TIMELINE':>22} {'ratio':>6}")
    tot0 = tot1 = 0.0
    for name, _ in EXAMPLES:
        m0, m1 = row(name, [x[k] for x in res[name][0]], [x[k] for x in res[name][1]])
        tot0 += m0
        tot1 += m1
    print(f"{'total':<12} {tot0:8.3f} {'':13} {tot1:8.3f} {'':13} {tot1 / tot0:6.2f}\n")

print("# one launch of 2^20 work-items (vecmul --n 1048576)")
for local in (256, 1):
    dt, _ = run("vecmul", ["--n", "1048576", "--local", str(local)], True)
    size = os.path.getsize(tl)
    ev = json.load(open(tl))["traceEvents"]
    slices = sum(1 for e in ev if e.get("cat") == "work-group")
    groups = [e["args"]["groups"] for e in ev if e.get("cat") == "launch"]
    print(f"--local {local:<4} {groups[-1]:>8} work-groups -> {slices:>5} slices, {len(ev):>6} events, "
          f"{size / 1e6:6.2f} MB ({dt:.2f} s)")
shutil.rmtree(tmp)
