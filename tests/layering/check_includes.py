#!/usr/bin/env python3
"""check_includes.py - the layering of the source folders, checked on their #include lines.

Each folder may include its own headers and those of the folders it depends on (the table below,
the same as the per-target include views of CMakeLists.txt, which make the build fail too).  A
quoted include names its folder ("sim/warp.h"); one without a folder must be a file beside the
includer.  Exit 0 when every include is allowed, else 1 with one line per violation.

usage: check_includes.py SOURCE_DIR
"""
import os
import re
import sys

# folder -> folders (or single headers, "folder/file.h") it may include, besides its own files.
ALLOWED = {
    "vir": [],
    "include": [],
    # image formats and texel conversion, shared by the runtime and the SMs' texture unit
    "image": ["include"],
    "sim": ["image", "vir", "include"],
    # the runtime drives the SMs through the engine's host-side interface only: the arena, the
    # launch record, and the layouts of the observer buffers that the SMs fill and the runtime
    # reads (the timeline; the profile's is include/vgpu/profile.h) or fills and the SMs update
    # (the global race detector's shadow, the debugger's breakpoints)
    "runtime": ["sim/arena.h", "sim/launch.h", "sim/observers/timeline.h",
                "sim/observers/global_races.h", "sim/observers/debugger.h", "image", "vir", "include"],
    "icd": ["runtime", "include"],
    "compiler": ["vir", "include"],
    # the vgpu command runs an SM (sm_main.h) and ties its helper processes to the host (host_link.h)
    "tools": ["compiler", "sim/sm_main.h", "sim/host_link.h", "vir", "include"],
}
# "vgpu/x.h" is include/vgpu/x.h (the public vendor headers), "CL/x.h" include/CL/x.h (the
# extension header host programs include)
ALIASES = {"vgpu": "include", "CL": "include"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(path):
    top = path.split("/", 1)[0]
    return ALIASES.get(top, top)


def allowed(folder, target):
    if "/" not in target:
        return None  # checked against the includer's own directory
    layer = layer_of(target)
    if layer == folder:
        return True
    for a in ALLOWED[folder]:
        if a == layer or a == target:
            return True
    return False


def check(root):
    bad = []
    for folder in ALLOWED:
        base = os.path.join(root, folder)
        for dirpath, _, files in os.walk(base):
            for name in sorted(files):
                if not name.endswith((".c", ".h", ".cpp", ".def")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        ok = allowed(folder, target)
                        if ok is None:
                            ok = os.path.exists(os.path.join(dirpath, target))
                        if not ok:
                            bad.append(f"{rel}:{lineno}: {folder}/ may not include \"{target}\" "
                                       f"(allowed: its own files, {', '.join(ALLOWED[folder]) or 'nothing else'})")
    return bad


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = sys.argv[1]
    missing = [f for f in ALLOWED if not os.path.isdir(os.path.join(root, f))]
    if missing:
        print(f"check_includes: {root} has no {', '.join(missing)}/", file=sys.stderr)
        return 2
    bad = check(root)
    for b in bad:
        print(b)
    print(f"layering: {len(bad)} forbidden include(s)" if bad else "layering: every include is allowed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
