#!/usr/bin/env python3
"""timeline.py - what VGPU_TIMELINE costs (docs/timeline.md, "Cost and size").

  python3 bench/timeline.py [--reps N] [--build DIR]

1. Time: every example (examples/) run N times without and N times with VGPU_TIMELINE, the runs
   interleaved so that machine noise hits both alike; the median wall time of each and their
   ratio, per example and in total, with the spread (min-max over the repetitions).
2. Size: the timeline of one launch of 2^20 work-items (vecmul --n 1048576), with work-groups of
   256 (4096 groups) and of 1 (2^20 groups: the aggregation at work), and the file's size.
Uses the build tree's ICD; the compile cache is warm after the first run, so builds do not weigh."""
import argparse
import json
import os
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


def run(name, extra, timeline):
    env = dict(env0)
    if name == "multigpu":
        env["VGPU_DEVICES"] = "2"
    if timeline:
        env["VGPU_TIMELINE"] = tl
    t0 = time.monotonic()
    r = subprocess.run([os.path.join(build, "examples", name)] + extra, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    dt = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit(f"{name} failed ({r.returncode})")
    return dt


print(f"# examples, {args.reps} runs each way (wall seconds: median [min-max])")
print(f"{'example':<12} {'default':>22} {'VGPU_TIMELINE':>22} {'ratio':>6}")
tot0 = tot1 = 0.0
for name, extra in EXAMPLES:
    run(name, extra, False)  # warm the compile cache
    a, b = [], []
    for _ in range(args.reps):
        a.append(run(name, extra, False))
        b.append(run(name, extra, True))
    m0, m1 = statistics.median(a), statistics.median(b)
    tot0 += m0
    tot1 += m1
    print(f"{name:<12} {m0:8.3f} [{min(a):.3f}-{max(a):.3f}] {m1:8.3f} [{min(b):.3f}-{max(b):.3f}] {m1 / m0:6.2f}")
print(f"{'total':<12} {tot0:8.3f} {'':13} {tot1:8.3f} {'':13} {tot1 / tot0:6.2f}")

print("\n# one launch of 2^20 work-items (vecmul --n 1048576)")
for local in (256, 1):
    dt = run("vecmul", ["--n", "1048576", "--local", str(local)], True)
    size = os.path.getsize(tl)
    ev = json.load(open(tl))["traceEvents"]
    slices = sum(1 for e in ev if e.get("cat") == "work-group")
    groups = [e["args"]["groups"] for e in ev if e.get("cat") == "launch"]
    print(f"--local {local:<4} {groups[-1]:>8} work-groups -> {slices:>5} slices, {len(ev):>6} events, "
          f"{size / 1e6:6.2f} MB ({dt:.2f} s)")
os.remove(tl)
os.rmdir(tmp)
