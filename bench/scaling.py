#!/usr/bin/env python3
"""scaling.py BUILD_DIR [--reps N] - how VirtualGPU's speed scales with SMs and with devices.

1. SMs: the compute-bound kernels of vgpu-bench (mandelbrot, sgemm_naive), median device time of
   --reps runs, with VGPU_SMS=1, 2 and 4 on one device.
2. Devices: the data-distribution examples (heat, matmul_split, allreduce) at sizes where the
   kernels dominate, whole-program wall time (median of --reps, spread min-max), with
   VGPU_DEVICES=1, 2 and 4, one SM per device (VGPU_SMS=1) so that the SM processes grow with the
   devices, and VGPU_TOPOLOGY=ring.
Each SM is a process interpreting its work-groups, so neither figure can exceed the CPUs the
machine gives (printed first, from os.sched_getaffinity), whatever the number of SMs or devices.
Prints a Markdown table (docs/performance.md, "Scaling across SMs and devices").
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
reps = int(sys.argv[sys.argv.index("--reps") + 1]) if "--reps" in sys.argv else 3
env0 = dict(os.environ, OCL_ICD_VENDORS=os.path.join(build, "vgpu-test.icd"))
cpus = len(os.sched_getaffinity(0))
print(f"CPUs available: {cpus}; load average at start: {os.getloadavg()[0]:.2f}; {reps} runs each\n")

print("| compute-bound kernel | VGPU_SMS=1 | 2 | 4 | speed-up 2 | speed-up 4 |")
print("|---|---|---|---|---|---|")
res = {}
for sms in (1, 2, 4):
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        subprocess.run([os.path.join(build, "bin", "vgpu-bench"), "--platform", "VirtualGPU", "--kernels",
                        "mandelbrot,sgemm_naive", "--reps", str(reps), "--json", f.name],
                       env=dict(env0, VGPU_SMS=str(sms)), check=True, stdout=subprocess.DEVNULL)
        for k in json.load(open(f.name))["kernels"]:
            res.setdefault(k["name"], {})[sms] = k["device_ms"]
for name, t in res.items():
    print(f"| {name} | {t[1]:.1f} ms | {t[2]:.1f} ms | {t[4]:.1f} ms | {t[1] / t[2]:.2f} | {t[1] / t[4]:.2f} |")

EXAMPLES = {"heat": ["--w", "512", "--h", "512", "--steps", "10"], "matmul_split": ["--n", "256"],
            "allreduce": ["--n", "1966080"]}
print("\n| example (VGPU_SMS=1 per device, ring) | 1 device | 2 devices | 4 devices | speed-up 2 | speed-up 4 |")
print("|---|---|---|---|---|---|")
for name, args in EXAMPLES.items():
    t = {}
    for d in (1, 2, 4):
        runs = []
        for _ in range(reps):
            t0 = time.monotonic()
            subprocess.run([os.path.join(build, "examples", name), "--platform", "VirtualGPU"] + args, check=True,
                           env=dict(env0, VGPU_DEVICES=str(d), VGPU_SMS="1", VGPU_TOPOLOGY="ring"),
                           stdout=subprocess.DEVNULL)
            runs.append(time.monotonic() - t0)
        t[d] = (statistics.median(runs), min(runs), max(runs))
    cell = lambda d: f"{t[d][0]:.2f} s ({t[d][1]:.2f}-{t[d][2]:.2f})"
    print(f"| {name} {' '.join(args)} | {cell(1)} | {cell(2)} | {cell(4)} | {t[1][0] / t[2][0]:.2f} | "
          f"{t[1][0] / t[4][0]:.2f} |")
print(f"\nload average at end: {os.getloadavg()[0]:.2f}")
