#!/usr/bin/env python3
"""doc_commands.py SOURCE_DIR BUILD_DIR - every command the documentation shows, run as written.

A reader copies commands from the README and docs/ into a shell at the top of the repository, with
VirtualGPU built in build/.  This test does the same: it takes every fenced ```sh block of
README.md, docs/*.md and the folders' README.md files, and every inline `build/...` or `vgpu dis
...` command of their text, and runs them with bash in a folder that looks like the repository
(its entries linked, build/ linked to BUILD_DIR).  A block runs as one script (an `export` holds
for the lines after it), stopping at the first failing line.  Exit status 77 (an example that
finds no such platform here) counts as skipped.  Then `vgpu dis` disassembles every example
kernel, which the tour tells readers to do.

Some commands cannot run inside a test (they install packages, build another tree, run the whole
suite or the benchmark, or stand for the reader's own program): SKIP lists each kind with its
reason.  Any other command runs, so a new command in the docs is checked from the day it appears.
"""
import os
import re
import subprocess
import sys
import tempfile

SKIP = [
    (r"^bash scripts/(demo|test)\.sh", "installs what is missing, builds, runs everything: CI runs scripts/test.sh"),
    (r"^bash \.ci/run", "CI itself: two builds and the suite twice, tens of minutes"),
    (r"^bash scripts/setup\.sh", "installs Debian packages (root)"),
    (r"^bash scripts/valgrind\.sh", "the valgrind run: minutes"),
    (r"(^|\s)scripts/bench\.sh|vgpu-bench(?! --list)", "the benchmark: minutes, on a quiet machine"),
    (r"^cmake -S|^cmake --build|^ctest --test-dir build-asan", "builds another tree"),
    (r"scripts/tour-figures\.sh build", "rewrites docs/tour-figures.md (CTest examples/tour_figures runs it into a scratch file)"),
    (r"\bpiglit\b", "piglit's OpenCL suite: minutes"),
    (r"bench/races\.py", "the race detectors' benchmark against Oclgrind: minutes"),
    (r"conformance/cts-(build|run)\.sh|/test_conformance/", "the Khronos CTS: a quarter of an hour to build, up to hours to run"),
    (r"spirv_asm/assemble_spirv\.py", "the CTS's SPIR-V modules, from CTS sources outside this repository"),
    (r"\./my_opencl_program", "stands for the reader's own program"),
    (r"^clang-15 ", "Clang 15 is not among VirtualGPU's packages: it made tests/api/spirv/kernels.spvasm once"),
    (r"/tmp/icds|kfuzz-reduce|kfuzz --kernel k\.cl", "a differential kfuzz session against PoCL: minutes, and files of the reader's"),
    (r"bench/compare_builds\.sh|bench/observer_cost\.sh", "a build against an older build of the reader's, timed or under callgrind: minutes"),
]

# An inline command: a program of build/bin or build/examples, or `vgpu dis`, with its arguments,
# after any VAR=value settings.
INLINE = re.compile(r"`((?:[A-Z][A-Z0-9_]*=\S* )*(?:build/(?:bin|examples)/[\w-]+(?: [^`]*)?|vgpu dis [^`]+))`")


def skipped(cmd):
    for pattern, why in SKIP:
        if re.search(pattern, cmd):
            return why
    return None


def commands_of_block(text, first_line):
    """(line, command) pairs; a line ending in \\, && or | continues on the next."""
    out, cur, start = [], "", None
    for i, line in enumerate(text.splitlines()):
        if not cur and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if not cur:
            start = first_line + i
        cur += line + "\n"
        bare = re.sub(r"\s+#.*$", "", line).rstrip()
        if bare.endswith("\\") or bare.endswith("&&") or bare.endswith("|"):
            continue
        out.append((start, cur.rstrip("\n")))
        cur = ""
    if cur:
        out.append((start, cur.rstrip("\n")))
    return out


def doc_files(src):
    files = [os.path.join(src, "README.md")]
    docs = os.path.join(src, "docs")
    files += sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))
    for d in sorted(os.listdir(src)):
        p = os.path.join(src, d, "README.md")
        if d not in ("build", "docs") and not d.startswith(".") and os.path.isfile(p):
            files.append(p)
    return files


def scripts_of(path, src):
    """(where, [commands]) for each fenced sh block and each inline command of one file."""
    text = open(path, encoding="utf-8").read()
    rel = os.path.relpath(path, src)
    found = []
    fenced = list(re.finditer(r"^```(sh|bash|shell)\n(.*?)^```", text, re.S | re.M))
    for m in fenced:
        line = text.count("\n", 0, m.start(2)) + 1
        found.append((f"{rel}:{line}", commands_of_block(m.group(2), line)))
    spans = [(m.start(), m.end()) for m in re.finditer(r"^```.*?^```", text, re.S | re.M)]
    for m in INLINE.finditer(text):
        if any(a <= m.start() < b for a, b in spans):
            continue
        cmd = m.group(1)
        if re.search(r"[<>]|\.\.\.|\bFILE\b|\bNAME\b", cmd):
            continue  # a template (`vgpu dis examples/<name>/<name>.cl`), not a command
        line = text.count("\n", 0, m.start()) + 1
        found.append((f"{rel}:{line}", [(line, cmd)]))
    return found


def run_script(where, cmds, root, env):
    """Runs one block's commands in order; returns a list of failure descriptions."""
    failures = []
    for line, cmd in cmds:
        why = skipped(cmd)
        if why:
            print(f"  skip {where.split(':')[0]}:{line}: {cmd.splitlines()[0]}  ({why})")
    runnable = [(line, cmd) for line, cmd in cmds if not skipped(cmd)]
    if not runnable:
        return failures
    # One bash for the block: each command is echoed with its line, and the first failure stops it.
    script = []
    for line, cmd in runnable:
        script.append(f"echo '>>> line {line}'")
        script.append(cmd)
        script.append(f"rc=$?; if [ $rc != 0 ]; then echo \">>> exit $rc\"; exit $rc; fi")
    try:
        p = subprocess.run(["bash", "-c", "\n".join(script)], cwd=root, env=env, capture_output=True,
                           text=True, timeout=240)
        rc, out = p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        partial = e.stdout or ""
        rc, out = "timeout", partial.decode(errors="replace") if isinstance(partial, bytes) else partial
    ran = re.findall(r">>> line (\d+)", out)
    last = int(ran[-1]) if ran else runnable[0][0]
    cmd = next((c for l, c in runnable if l == last), runnable[0][1])
    if rc == 77:
        print(f"  {where}: line {last} cannot run here (exit 77, skipped): {cmd}")
    elif rc != 0:
        failures.append(f"{where.split(':')[0]}:{last}: `{cmd}` failed ({'timed out' if rc == 'timeout' else f'exit {rc}'}):\n"
                        + "\n".join("    " + l for l in out.splitlines()[-25:]))
    else:
        for line, cmd in runnable:
            print(f"  ok   {where.split(':')[0]}:{line}: {cmd.splitlines()[0]}")
    return failures


def main():
    src, build = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="vgpu-doc-commands.") as root:
        # The repository as the reader sees it, with build/ being the tree under test.
        for entry in os.listdir(src):
            if entry not in ("build", ".git"):
                os.symlink(os.path.join(src, entry), os.path.join(root, entry))
        os.symlink(build, os.path.join(root, "build"))
        env = dict(os.environ)
        # A fresh shell: no ICD restriction unless the command sets one; `vgpu` as after install.
        env.pop("OCL_ICD_VENDORS", None)
        env["PWD"] = root
        env["PATH"] = os.path.join(build, "bin") + os.pathsep + env.get("PATH", "")
        failures = []
        for path in doc_files(src):
            for where, cmds in scripts_of(path, src):
                failures += run_script(where, cmds, root, env)
        # The tour: `vgpu dis examples/<name>/<name>.cl` for every example kernel.
        ex = os.path.join(src, "examples")
        for name in sorted(os.listdir(ex)):
            kernel = os.path.join("examples", name, name + ".cl")
            if not os.path.isfile(os.path.join(src, kernel)):
                continue
            p = subprocess.run(["build/bin/vgpu", "dis", kernel], cwd=root, env=env, capture_output=True, text=True)
            if p.returncode != 0 or "kernel" not in p.stdout:
                failures.append(f"`build/bin/vgpu dis {kernel}` failed (exit {p.returncode}):\n    " + p.stderr.strip())
            else:
                print(f"  ok   build/bin/vgpu dis {kernel}")
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
