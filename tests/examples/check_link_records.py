#!/usr/bin/env python3
"""check_link_records.py EXE - the three records of the modelled links agree with each other.

Runs the allreduce example on 2 devices in a ring with VGPU_PROFILE, VGPU_TIMELINE and
VGPU_COUNTERS at once, then checks, link by link and way by way, that the timeline's interconnect
tracks hold one slice per transfer the profile's `links` section counts, with the same bytes, and
that the slices' modelled times add up to the link's `seconds`; that the `[vgpu links]` report on
stderr gives the same bytes; and that the peer link carried what the all-reduce formula says,
2 (D - 1) n / D floats each way.  Exit 0 when all agree, 1 otherwise, 77 when no VirtualGPU.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

exe = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    prof, tl = os.path.join(tmp, "p.json"), os.path.join(tmp, "t.json")
    env = dict(os.environ, VGPU_DEVICES="2", VGPU_TOPOLOGY="ring", VGPU_PROFILE=prof, VGPU_TIMELINE=tl,
               VGPU_COUNTERS="1")
    r = subprocess.run([exe, "--platform", "VirtualGPU", "--n", "4096"], env=env, capture_output=True, text=True,
                       cwd=os.path.dirname(exe))
    if r.returncode == 77:
        sys.exit(77)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(1)
    links = json.load(open(prof))["links"]
    events = json.load(open(tl))["traceEvents"]

failed = []
names = {}
for e in events:
    if e.get("ph") == "M" and e.get("name") == "thread_name" and e.get("pid") == 4194307:
        names[e["tid"]] = e["args"]["name"]
slices = {}
for e in events:
    if e.get("cat") == "link" and e["ph"] == "b":
        slices.setdefault(e["tid"], []).append(e["args"])
ends = sum(1 for e in events if e.get("cat") == "link" and e["ph"] == "e")
if ends != sum(len(v) for v in slices.values()):
    failed.append(f"{ends} slice ends for {sum(len(v) for v in slices.values())} beginnings")
for i, l in enumerate(links):
    for way in (0, 1):
        tid = 2 * i + way
        got = slices.get(tid, [])
        ends_ = (l["from"], l["to"]) if way == 0 else (l["to"], l["from"])
        if got and names.get(tid) != f"{ends_[0]} -> {ends_[1]}":
            failed.append(f"track {tid} is named {names.get(tid)!r}, not {ends_[0]} -> {ends_[1]}")
        if len(got) != l["transfers"][way] or sum(a["bytes"] for a in got) != l["bytes"][way]:
            failed.append(f"{ends_[0]} -> {ends_[1]}: timeline {len(got)} slices, {sum(a['bytes'] for a in got)} bytes; "
                          f"profile {l['transfers'][way]} transfers, {l['bytes'][way]} bytes")
    model = sum(a["model_ns"] for w in (0, 1) for a in slices.get(2 * i + w, []))
    n = l["transfers"][0] + l["transfers"][1]
    if abs(model - l["seconds"] * 1e9) > n + 1:  # each slice's time is rounded to a nanosecond
        failed.append(f"{l['from']}-{l['to']}: slices last {model} ns, the profile says {l['seconds'] * 1e9:.0f} ns")
    m = re.search(rf"{l['kind']}\s+{l['from']}-{l['to']}\s+\S+ (\d+) B in (\d+), \S+ (\d+) B in (\d+)", r.stderr)
    if not m or [int(m.group(1)), int(m.group(3))] != l["bytes"]:
        failed.append(f"{l['from']}-{l['to']}: the [vgpu links] report does not say {l['bytes']}")
peer = [l for l in links if l["kind"] == "nvlink"]
want = 2 * (2 - 1) * 4096 // 2 * 4
if len(peer) != 1 or peer[0]["bytes"] != [want, want]:
    failed.append(f"peer link carried {peer[0]['bytes'] if peer else None}, the formula says {want} each way")
for f in failed:
    print("FAIL:", f)
if not failed:
    print(f"{len(links)} links: timeline, profile and report agree ({sum(len(v) for v in slices.values())} transfers)")
sys.exit(1 if failed else 0)
