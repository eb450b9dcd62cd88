#!/usr/bin/env python3
"""timeline_check.py TIMELINE.json PROFILING.json - checks the VGPU_TIMELINE file test_timeline.c
(tests/tools) made against what must hold (docs/timeline.md):

 - every command slice carries exactly the QUEUED/SUBMIT/START/END values clGetEventProfilingInfo
   returned (PROFILING.json), and sits at START for END - START;
 - every work-group slice lies inside its launch, the slices of one SM never overlap (an SM runs
   one work-group at a time, sim/workgroup.c), and the slices of a launch cover its work-groups
   exactly once (their group counts add up to the NDRange's) even when the launch has more groups
   than the timeline keeps per SM (aggregation);
 - the kernel whose every warp splits at one `if` and passes one barrier shows one divergent branch
   per warp, at the source line of the `if`, with the lanes split 16/16, and one barrier wait per
   group inside that group's slice;
 - the host thread's API calls and the build are there.
Exit 0 when all hold, 1 otherwise (each failure printed)."""
import json
import sys

SPLIT_N, SPLIT_LOCAL = 4096, 64
IF_LINE, BARRIER_LINE = 6, 4

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


path = sys.argv[1]
with open(sys.argv[2]) as f:
    profiling = json.load(f)
with open(path) as f:
    tl = json.load(f)
ev = tl["traceEvents"]
NS = lambda us: round(us * 1000)  # the file's microseconds carry whole nanoseconds

# commands: the profiling info, exactly
cmds = [e for e in ev if e.get("cat") == "command"]
for name in ("split", "read", "many", "migrated_read"):
    prof = profiling[name]
    match = [c for c in cmds if c["args"]["start"] == prof["start"]]
    check(len(match) == 1, f"{name}: one command slice starts at CL_PROFILING_COMMAND_START")
    if match:
        c = match[0]
        for k, v in prof.items():
            check(c["args"][k] == v, f"{name}: {k} {c['args'][k]} == profiling info {v}")
        check(NS(c["ts"]) == prof["start"] and NS(c["dur"]) == prof["end"] - prof["start"],
              f"{name}: the slice spans START..END")

# transfers and migrations: the buffer written on device 0 and read on device 1 is copied to
# device 1 (4096 bytes from device 0), inside the read's command, on device 1's track
xfers = sorted((c["args"]["command"], c["args"].get("bytes")) for c in cmds if "Buffer" in c["args"]["command"])
check(xfers == [("ReadBuffer", 4096), ("ReadBuffer", 4 * SPLIT_N), ("WriteBuffer", 4096)],
      f"each transfer says its bytes: {xfers}")
mig = [e for e in ev if e.get("cat") == "migration"]
mr = [c for c in cmds if c["args"]["start"] == profiling["migrated_read"]["start"]]
dev1 = [e["pid"] for e in ev if e.get("ph") == "M" and e["name"] == "process_name" and e["args"]["name"].startswith("device 1:")]
check(len(mig) == 1 and mig[0]["args"] == {"bytes": 4096, "from": "device 0"} and [mig[0]["pid"]] == dev1,
      f"one migration, to device 1 from device 0: {mig}")
if mig and mr:
    check(NS(mr[0]["ts"]) <= NS(mig[0]["ts"]) and NS(mig[0]["ts"]) + NS(mig[0]["dur"]) <= NS(mr[0]["ts"]) + NS(mr[0]["dur"]),
          "the migration happens inside the read that needed it")

# launches and their work-groups
launches = [e for e in ev if e.get("cat") == "launch"]
check([l["name"] for l in launches] == ["split", "many"], "two launches, in order")
groups = [e for e in ev if e.get("cat") == "work-group"]
per_sm = {}
for g in groups:
    per_sm.setdefault((g["pid"], g["tid"]), []).append(g)
for key, gs in per_sm.items():
    gs.sort(key=lambda g: g["ts"])
    for a, b in zip(gs, gs[1:]):
        check(NS(b["ts"]) >= NS(a["ts"]) + NS(a["dur"]), f"SM track {key}: work-group slices never overlap")
for L in launches:
    lo, hi = NS(L["ts"]), NS(L["ts"]) + NS(L["dur"])
    inside = [g for g in groups if g["pid"] == L["pid"] and lo <= NS(g["ts"]) <= hi]
    for g in inside:
        check(NS(g["ts"]) + NS(g["dur"]) <= hi, f"{L['name']}: a work-group slice ends inside its launch")
    total = L["args"]["groups"]
    check(sum(g["args"]["groups"] for g in inside) == total,
          f"{L['name']}: the slices cover its {total} work-groups exactly once")
    check(L["args"]["groups_run"] == total, f"{L['name']}: the SMs ran {total} groups")
    for key in {(g["pid"], g["tid"]) for g in inside}:
        n = sum(1 for g in inside if (g["pid"], g["tid"]) == key)
        check(n <= tl["otherData"]["slices_per_sm"], f"{L['name']}: at most slices_per_sm slices on SM {key}")
    inside_all = [g for g in groups if lo <= NS(g["ts"]) and NS(g["ts"]) + NS(g["dur"]) <= hi]
    check(len(inside_all) == len(inside), f"{L['name']}: no slice straddles the launch")
many = launches[1] if len(launches) > 1 else None
if many:
    lo, hi = NS(many["ts"]), NS(many["ts"]) + NS(many["dur"])
    check(any(g["args"]["groups"] > 1 for g in groups if lo <= NS(g["ts"]) <= hi),
          "the 16384-group launch was aggregated (slices of several groups)")

# barrier waits and divergent branches of `split`
split = launches[0] if launches else None
if split:
    lo, hi = NS(split["ts"]), NS(split["ts"]) + NS(split["dur"])
    warps = SPLIT_N // 32
    check(split["args"]["divergent_branches"] == warps, f"split: {warps} divergent branches, one per warp")
    check(split["args"]["barriers"] == SPLIT_N // SPLIT_LOCAL, "split: one barrier per work-group")
    div = [e for e in ev if e.get("cat") == "divergence" and lo <= NS(e["ts"]) <= hi]
    check(len(div) == warps, f"split: {warps} divergence instants")
    check(all(d["args"]["line"] == IF_LINE and d["args"]["taken"] == 16 and d["args"]["not_taken"] == 16 for d in div),
          f"split: each at line {IF_LINE}, 16 lanes each way")
    lines = {r["line"]: r for r in split["args"]["branch_lines"]}
    r = lines.get(IF_LINE, {})
    check(r.get("branches") == warps and r.get("divergent") == warps and r.get("taken") == 16 * warps
          and r.get("not_taken") == 16 * warps, f"split: line {IF_LINE} sums {r}: every warp splits 16/16")
    bars = [e for e in ev if e.get("cat") == "barrier" and lo <= NS(e["ts"]) <= hi]
    check(len(bars) == SPLIT_N // SPLIT_LOCAL, "split: one barrier wait per group")
    check(all(b["args"]["line"] == BARRIER_LINE and b["args"]["warps"] == SPLIT_LOCAL // 32 for b in bars),
          "split: each barrier wait at line 4, both warps waiting")
    for b in bars:
        host_slice = [g for g in groups if g["tid"] == b["tid"] and g["pid"] == b["pid"] and
                      NS(g["ts"]) <= NS(b["ts"]) and NS(b["ts"]) + NS(b["dur"]) <= NS(g["ts"]) + NS(g["dur"])]
        check(len(host_slice) == 1, "a barrier wait lies inside one work-group slice of its SM")

# host side
api = [e for e in ev if e.get("cat") == "api"]
check(any(e["name"] == "clEnqueueNDRangeKernel" and e["tid"] == profiling["pid"] for e in api),
      "clEnqueueNDRangeKernel on the main thread's track")
check(any(e["name"] == "clBuildProgram" for e in api), "clBuildProgram on the host track")
builds = [e for e in ev if e.get("cat") == "build"]
check(len(builds) == 1 and builds[0]["args"]["status"] == "ok", "one build, ok")
check(any(e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"]["name"] == "SM 1" for e in ev),
      "SM tracks are named")

print(f"timeline_check: {len(ev)} events, {len(failures)} failures")
sys.exit(1 if failures else 0)
