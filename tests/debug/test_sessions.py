#!/usr/bin/env python3
"""Scripted `vgpu debug` sessions (issue 12) and the fault report's JSON, checked against values that
follow from the kernels' arithmetic (computed here, never recorded from the tool):

  diverge.cl   one warp of 8 lanes: the mask before (all), inside the `if` (odd lanes) and the `else`
               (even lanes) and after it (all again); the reconvergence stack inside the `if`;
               `print -all v` inside and after the `if`.
  groups.cl    4 work-groups of 4 on 2 SMs: watchpoints on out[6] and out[9] stop in groups 1 and 2,
               on SMs 1 and 0 (group g on SM g % 2), in the writing lane, with the value written;
               the session's transcript is the same on a second run (a serial launch replays).
  quit.cl      `quit` fails the first launch with the debugger's status; the program goes on and
               its second launch computes its values.
  two devices  tests/kernels/test_ndrange_multidevice (VGPU_DEVICES=2) scales one buffer on device 1
               by 3, on device 0 by 2, on device 1 by 5: a kernel breakpoint stops each launch on
               its device, with f and a[5] = 5, 15, 30 before it runs.
  watchdog     a 3 s stop under VGPU_WATCHDOG=1 does not count as kernel time.
  explain.cl   (tests/kernels/cl/faults) under VGPU_PROFILE: the launch's "fault" object.

Usage: test_sessions.py VGPU KERNEL_TEST MULTIDEVICE_TEST (CTest passes them; the ICD comes from the
environment)."""
import json, os, re, subprocess, sys, tempfile

import time
VGPU, KT, MULTI = sys.argv[1], sys.argv[2], sys.argv[3]
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
failures = 0


def check(cond, what, transcript=None):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what)
        if transcript is not None:
            print("---- transcript ----\n" + transcript + "\n--------------------")


def session(cl, commands, breaks=(), env=None, program=None):
    with tempfile.NamedTemporaryFile("w", suffix=".cmd", delete=False) as f:
        f.write("\n".join(commands) + "\n")
    args = [VGPU, "debug"]
    for b in breaks:
        args += ["--break", b]
    args += ["--commands", f.name, "--"] + (program or [KT, os.path.join(HERE, cl)])
    e = dict(os.environ, **(env or {}))
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=e, timeout=120)
    os.unlink(f.name)
    return r.returncode, r.stdout


def stops(t):
    """(reason, group, warp, line, mask) of each stop, in order."""
    return [(m[0], int(m[1]), int(m[2]), int(m[3]), int(m[4], 16)) for m in re.findall(
        r"\n(\S[^\n]*), kernel \w+, device \d+ SM \d+\n  group \((\d+),0,0\) warp (\d+), program.cl:(\d+) "
        r"\(VIR pc \d+\), mask 0x([0-9a-f]+)", t)]


def lanes_table(t, after):
    """The rows of the first `print -all` table after the command line `after`."""
    part = t.split("(vgpu) " + after + "\n", 1)[1]
    rows = {}
    for line in part.split("\n")[1:]:
        m = re.match(r"\s*(\d+)\s+(\d+)\s+(-?\d+)(   \(inactive\))?$", line)
        if not m:
            break
        rows[int(m[1])] = (int(m[2]), int(m[3]), m[4] is not None)
    return rows


# ---- diverge.cl: divergence live ----
N = 8
ALL = (1 << N) - 1
ODD = sum(1 << l for l in range(N) if l % 2 == 1)
EVEN = ALL & ~ODD
rc, t = session("diverge.cl", ["print -all v", "continue", "info stack", "print -all v", "continue",
                               "continue", "print -all v", "continue"], breaks=["13", "diverge.cl:14", "17", "19"])
check(rc == 0 and "7 passed, 0 failed" in t, "diverge: the program passes under the debugger", t)
s = stops(t)
check([(x[3], x[4]) for x in s] == [(13, ALL), (14, ODD), (17, EVEN), (19, ALL)],
      "diverge: stops at lines 13, 14, 17, 19 with masks all, odd, even, all: got %s" % [(x[3], hex(x[4])) for x in s], t)
before = lanes_table(t, "print -all v")
check(before == {l: (l, 10 * l, False) for l in range(N)}, "diverge: v = 10 * gid in every lane before the if", t)
check("running  mask 0x%016x at program.cl:14, reconverges at program.cl:19" % ODD in t and
      "pending  mask 0x%016x resumes at program.cl:17, reconverges at program.cl:19" % EVEN in t and
      "waiting  mask 0x%016x resumes at program.cl:19" % ALL in t, "diverge: the reconvergence stack inside the if", t)
inside = lanes_table(t.split("(vgpu) info stack", 1)[1], "print -all v")
check(inside == {l: (l, 10 * l, l % 2 == 0) for l in range(N)}, "diverge: v inside the if, even lanes inactive", t)
after = lanes_table(t.split("breakpoint 4,", 1)[1], "print -all v")
check(after == {l: (l, 10 * l + l % 2, False) for l in range(N)}, "diverge: v after the if", t)

# ---- groups.cl: several groups on two SMs, watchpoints, replay ----
LOCAL, SMS = 4, 2
cmds = ["where", "watch out[9]", "watch out[6]", "delete 1", "continue", "print -all s", "continue",
        "print -all s", "info groups", "continue"]
rc, t = session("groups.cl", cmds, breaks=["acc"], env={"VGPU_SMS": str(SMS)})
check(rc == 0 and "8 passed, 0 failed" in t, "groups: the program passes under the debugger", t)
hits = re.findall(r"watchpoint (\d+): lane (\d+) \(work-item (\d+)\) writes 0x([0-9a-f]+) over 0x0 at 0x[0-9a-f]+, "
                  r"kernel acc, device 0 SM (\d+)\n  group \((\d+),0,0\)", t)
want = []
for number, item in ((3, 6), (2, 9)):  # groups in order: out[6] (group 1) is written before out[9] (group 2)
    g = item // LOCAL
    want.append((number, item % LOCAL, item, 3 * item + item % LOCAL + 1, g % SMS, g))
got = [(int(a), int(b), int(c), int(d, 16), int(e), int(f)) for a, b, c, d, e, f in hits]
check(got == want, "groups: watchpoint stops %s, want %s" % (got, want), t)
for k, g in enumerate((1, 2)):
    rows = lanes_table(t.split("writes", k + 1)[k + 1], "print -all s")
    check(rows == {l: (g * LOCAL + l, g * LOCAL + l + l + 1, False) for l in range(LOCAL)},
          "groups: s = a[gid] + lid + 1 in group %d" % g, t)
check("done: 2; running: group 2 on SM 0; waiting: 1" in t, "groups: info groups in group 2", t)
rc2, t2 = session("groups.cl", cmds, breaks=["acc"], env={"VGPU_SMS": str(SMS)})
check(t2 == t, "groups: a second run of the session gives the same transcript", t2)

# ---- quit.cl: the host survives quit ----
rc, t = session("quit.cl", ["quit"], breaks=["16"])
check(rc == 0 and "14 passed, 0 failed" in t and "the kernel is ended; the program goes on" in t,
      "quit: the launch fails with the debugger's status and the program goes on", t)
check(len(stops(t)) == 2, "quit: both launches stop at line 16", t)

# ---- two devices ----
rc, t = session(None, ["print f", "print a[5]", "continue"] * 3, breaks=["scale"], env={"VGPU_DEVICES": "2"},
                program=[MULTI])
got = re.findall(r"breakpoint 1, kernel scale, device (\d) SM 0\n.*?f = (\d+)\n.*?a\[5\] = (\d+)\n", t, re.S)
data, want = 5, []
for dev, f in ((1, 3), (0, 2), (1, 5)):
    want.append((str(dev), str(f), str(data)))
    data *= f
check(rc == 0 and got == want, "two devices: stops %s, want %s" % (got, want), t)

# ---- the watchdog does not count a stop ----
p = subprocess.Popen([VGPU, "debug", "--break", "14", "--", KT, os.path.join(HERE, "diverge.cl")], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                     env=dict(os.environ, VGPU_WATCHDOG="1"))
time.sleep(3)
out, _ = p.communicate("continue\n", timeout=120)
check(p.returncode == 0 and "7 passed, 0 failed" in out and "watchdog" not in out,
      "a 3 s stop under VGPU_WATCHDOG=1 is not a hang", out)

# ---- the fault report in VGPU_PROFILE's JSON ----
with tempfile.TemporaryDirectory() as d:
    prof = os.path.join(d, "p.json")
    r = subprocess.run([KT, os.path.join(SRC, "tests/kernels/cl/faults/explain.cl")], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, env=dict(os.environ, VGPU_PROFILE=prof), timeout=120)
    check(r.returncode == 0, "explain.cl passes under VGPU_PROFILE", r.stdout + r.stderr)
    launch = json.load(open(prof))["launches"][0]
    f = launch.get("fault", {})
    check(launch["kernel"] == "walk" and f.get("status") == 1 and f.get("line") == 34 and f.get("lane") == 1 and
          f.get("warp") == 0 and f.get("global_id") == [1, 0, 0] and f.get("group_id") == [0, 0, 0] and
          f.get("mask") == "0x%016x" % sum(1 << l for l in range(16) if l % 2 == 1) and
          "idx = 1003" in f.get("report", ""), "the profile's fault object: %s" % f)

print("%d failure(s)" % failures)
sys.exit(1 if failures else 0)
