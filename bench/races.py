#!/usr/bin/env python3
"""races.py - what race detection costs: VirtualGPU's VGPU_CHECKS=1 against Oclgrind's
`oclgrind --data-races`, on bench kernels (vgpu-bench, one kernel per process, --size small).

For each configuration and kernel, RUNS runs of `vgpu-bench --kernels K --reps 1 --warmup 0`:
the kernel's time (vgpu-bench's device ms, one launch) and the peak memory of the whole process
tree (host and SM processes), sampled every 5 ms as the sum of their PSS (proportional set size:
the arena memfd the processes share is counted once, not once per process).  VirtualGPU's
compile cache is filled first, so its compiler process is not in the figures; Oclgrind compiles
in its own process, so its figures include its compiler (LLVM).  Prints a Markdown
table: median, min-max spread.  Configurations:
  vgpu          VirtualGPU, no checks
  vgpu-checks   VGPU_CHECKS=1 (strict bounds, __local and global race detection)
  vgpu-nograce  VGPU_CHECKS=1 with the kernel in VGPU_CHECKS_SUPPRESS (everything but the global
                race detector: its own share is the difference)
  oclgrind      oclgrind      Oclgrind without race detection (its interpreter and compiler alone)
  oclgrind --data-races   Oclgrind's race detector
usage: bench/races.py BUILD_DIR [RUNS] [KERNELS]   (docs/performance.md)"""
import json, os, statistics, subprocess, sys, tempfile, time

def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out

def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

def run(cmd, env):
    with tempfile.NamedTemporaryFile(suffix=".json") as js:
        p = subprocess.Popen(cmd + ["--json", js.name], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        peak = 0
        while p.poll() is None:
            peak = max(peak, sum(pss_kib(q) for q in tree(p.pid)))
            time.sleep(0.005)
        if p.returncode != 0:
            sys.exit(f"races.py: {' '.join(cmd)} failed ({p.returncode})")
        k = json.load(open(js.name))["kernels"][0]
        if not k["valid"]:
            sys.exit(f"races.py: {k['name']} did not validate: {k['error']}")
        return k["device_ms"], peak / 1024.0

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    build = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    kernels = (sys.argv[3] if len(sys.argv) > 3 else "vadd,sgemm_tiled,histogram").split(",")
    bench = [f"{build}/bin/vgpu-bench", "--reps", "1", "--warmup", "0", "--build-reps", "1", "--size", "small"]
    cache = tempfile.mkdtemp()
    base = dict(os.environ, OCL_ICD_VENDORS=f"{build}/vgpu-test.icd", VGPU_CACHE_DIR=cache)
    configs = [
        ("vgpu", [], {}),
        ("vgpu-checks", [], {"VGPU_CHECKS": "1"}),
        ("vgpu-nograce", [], {"VGPU_CHECKS": "1", "VGPU_CHECKS_SUPPRESS": "{k}"}),
        ("oclgrind", ["oclgrind"], {"OCL_ICD_VENDORS": ""}),
        ("oclgrind --data-races", ["oclgrind", "--data-races"], {"OCL_ICD_VENDORS": ""}),
    ]
    print("| kernel | configuration | kernel ms (median, min-max) | peak memory MiB (median, min-max) |")
    print("|---|---|---|---|")
    for k in kernels:
        run(bench + ["--platform", "VirtualGPU", "--kernels", k], base)  # fills the compile cache: no build measured
        for name, prefix, extra in configs:
            env = dict(base, **{n: v.format(k=k) for n, v in extra.items()})
            plat = ["--platform", "Oclgrind"] if prefix else ["--platform", "VirtualGPU"]
            ms, mib = zip(*[run(prefix + bench + plat + ["--kernels", k], env) for _ in range(runs)])
            print(f"| {k} | {name} | {statistics.median(ms):.1f} ({min(ms):.1f}-{max(ms):.1f}) | "
                  f"{statistics.median(mib):.1f} ({min(mib):.1f}-{max(mib):.1f}) |", flush=True)

if __name__ == "__main__":
    main()
