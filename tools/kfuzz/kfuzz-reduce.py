#!/usr/bin/env python3
"""kfuzz-reduce.py - shrinks a mismatching kfuzz kernel: deletes statements and whole blocks
(an if/for/switch line ending in '{' down to its matching '}') while kfuzz still reports a
value mismatch for it (both platforms must still build it).  Line-based: kfuzz writes one
statement per line.  It keeps what reads
must not lose (else the reduced kernel reads uninitialised memory, undefined behaviour): the
declarations above "// kfuzz: statements", writes of lm/lv[lid], la's initialisation, barriers.  Usage: kfuzz-reduce.py KFUZZ IN.cl OUT.cl SEED [build options]"""
import subprocess, sys

kfuzz, src, dst, seed = sys.argv[1:5]
opts = sys.argv[5] if len(sys.argv) > 5 else ""

def bad(lines):
    open(dst, "w").write("".join(lines))
    r = subprocess.run([kfuzz, "--kernel", dst, "--seed", seed, "--opts", opts, "-q"],
                       capture_output=True, text=True, timeout=300)
    return "values differ" in r.stdout

def block_end(lines, i):
    """The line that closes the block opened on line i ('} else {' continues it)."""
    depth = 0
    for j in range(i, len(lines)):
        depth += lines[j].count("{") - lines[j].count("}")
        if depth == 0 and not lines[j].rstrip().endswith("{"):
            return j
    return None

lines = open(src).readlines()
first = next(i for i, l in enumerate(lines) if "kfuzz: statements" in l) + 1
keep = ("[lid] = ", "lid == 0u", "barrier(")
assert bad(lines), "the kernel does not mismatch"
changed = True
while changed:
    changed = False
    i = len(lines) - 1
    while i >= first:
        s = lines[i].strip()
        end = None
        if any(k in s for k in keep):
            i -= 1
            continue
        if s.endswith("{") and not s.startswith("}") and "__kernel" not in s and ")" in s:
            end = block_end(lines, i)
        elif s.endswith(";") and not s.startswith(("typedef", "return", "__local", "uint gid", "__global")):
            end = i
        if end is not None:
            trial = lines[:i] + lines[end + 1:]
            if bad(trial):
                lines, changed = trial, True
        i -= 1
open(dst, "w").write("".join(lines))
print(f"{len(lines)} lines left in {dst}")
