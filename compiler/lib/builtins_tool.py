#!/usr/bin/env python3
"""builtins_tool.py - the builtin library's bookkeeping, with opencl-c.h as the single source.

  builtins_tool.py decls            list every builtin opencl-c.h declares for the device
                                    (mangled name and C signature)
  builtins_tool.py check            compile every *.cl here and list the declared builtins the
                                    library does not define (and definitions nobody declares)
  builtins_tool.py gen              rewrite the generated files (gen_*.cl) from the header

The flags are the ones the compiler uses for the library (README.md)."""
import os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LLVM = "/usr/lib/llvm-19/bin"
# Families the device does not have (no images, pipes, device enqueue, sub-group rotate
# (cl_khr_subgroup_rotate), or the header-only SPIR extensions it does
# not report).
SKIP = re.compile(r"image|pipe|^enqueue|^get_default_queue|ndrange|_event$|^is_valid_event|"
                  r"event_status|capture_event|^get_kernel_|^sub_group_(clustered_)?rotate|"
                  r"^intel_|^bitfield_|^bit_reverse|^dot_|^clock_read|^printf$|^atomic_fetch_(add|sub|min|max)(_explicit)?_f|"
                  r"^arm_|^mem_fence_x")


# The compiler's flags (compiler/CMakeLists.txt and frontend.c): Clang's TableGen builtin
# declarations (-fdeclare-opencl-builtins), the device's extensions and features from
# device_caps.h, and both generic and named-space overloads.  User kernels written for OpenCL
# C 1.2 see no generic space, so their pointer builtins mangle with named spaces only.
def _caps():
    text = open(os.path.join(HERE, "../../include/vgpu/device_caps.h")).read()
    words = []
    for w in re.findall(r"(cl_khr_[a-z0-9_]+|__opencl_c_[a-z0-9_]+)", text):
        if w not in words:
            words.append(w)
    return words


CAPS = _caps()
# The full opencl-c.h with the device's extensions and features: the declarations to cover.
CFLAGS = ["-cc1", "-triple", "spir64-unknown-unknown", "-cl-std=CL3.0",
          "-finclude-default-header",
          "-cl-ext=-all," + ",".join("+" + w for w in CAPS) +
          ",+__opencl_c_images,+__opencl_c_read_write_images",
          "-D__opencl_c_named_address_space_builtins"]
BUILD = ["-cc1", "-triple", "spir64-unknown-unknown", "-cl-std=CL3.0", "-finclude-default-header",
         "-fdeclare-opencl-builtins",
         "-cl-ext=-all," + ",".join("+" + w for w in CAPS) +
         ",+__opencl_c_named_address_space_builtins"]
BUILD_12 = ["-cc1", "-triple", "spir64-unknown-unknown", "-cl-std=CL1.2",
            "-finclude-default-header", "-fdeclare-opencl-builtins",
            "-cl-ext=-all," + ",".join("+" + w for w in CAPS if w.startswith("cl_"))]
# The same with the full opencl-c.h instead of the TableGen declarations.
HEADER_12 = [f for f in BUILD_12 if f != "-fdeclare-opencl-builtins"]
MODES = {"3.0": BUILD, "1.2": BUILD_12, "3.0/opencl-c.h": CFLAGS, "1.2/opencl-c.h": HEADER_12}


def clang(args, flags=None, **kw):
    return subprocess.run([LLVM + "/clang"] + (flags or CFLAGS) + args, check=True,
                          capture_output=True, text=True, **kw)


TYPE = re.compile(r"(u?(char|short|int|long)|float|double|half|bool|void|\w+_t|memory_order|"
                  r"memory_scope|cl_mem_fence_flags|atomic_\w+)\d*$")


def unname(p):
    """A parameter's type without the parameter's name (a few declarations have names)."""
    p = p.strip()
    m = re.match(r"(.*[\s*])(\w+)$", p)
    if m and not TYPE.match(m.group(2)):
        return m.group(1).strip()
    return p


def parse_decls(flags=None):
    """(ret, name, [param types]) for each overloadable declaration the header makes."""
    with tempfile.NamedTemporaryFile("w", suffix=".cl", delete=False) as f:
        f.write("\n")
    text = clang(["-E", "-P", f.name], flags).stdout
    os.unlink(f.name)
    text = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    text = re.sub(r"#pragma OPENCL EXTENSION \w+ : \w+", " ", text)
    text = re.sub(r"\s+", " ", text)
    out = []
    for stmt in text.split(";"):
        if "overloadable" not in stmt or "{" in stmt or "typedef" in stmt:
            continue
        m = re.match(r"\s*(.*?)\s*((?:__attribute__\(\(\w+\)\)\s*)+)(\w+)\s*\((.*)\)\s*$", stmt)
        if not m:
            continue
        ret, name, params = m.group(1), m.group(3), m.group(4).strip()
        params = [] if params in ("", "void") else [unname(p) for p in params.split(",")]
        out.append((ret, name, params))
    return out


def mangle(decls, flags=None):
    """Mangled name of each declaration, from Clang itself: one probe function per declaration
    calls it with arguments of exactly its parameter types."""
    src = []
    for i, (ret, name, params) in enumerate(decls):
        args = ", ".join("%s a%d" % (p, j) for j, p in enumerate(params)) or "void"
        call = ", ".join("a%d" % j for j in range(len(params)))
        src.append("void __probe%d(%s) { %s(%s); }" % (i, args, name, call))
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "probe.cl")
        while True:
            # scalar half parameters need the pragma (OpenCL C 3.0 s6.1.1.1, cl_khr_fp16)
            open(p, "w").write("#pragma OPENCL EXTENSION cl_khr_fp16 : enable\n" +
                               "\n".join(src) + "\n")
            r = subprocess.run([LLVM + "/clang"] + (flags or CFLAGS) +
                               ["-emit-llvm", "-O0", "-Wno-everything", "-ferror-limit", "0", p,
                                "-o", "-"], capture_output=True, text=True)
            if r.returncode == 0:
                ll = r.stdout
                break
            bad = {int(n) - 1 for n in re.findall(r"probe\.cl:(\d+):\d+: error", r.stderr)}
            if not bad:
                raise RuntimeError(r.stderr[:2000])
            # a declaration this mode does not have: its probe calls nothing
            src = [("void __probe%d(void) {}" % i) if i + 1 in bad else l
                   for i, l in enumerate(src)]
    res = {}
    cur = None
    for line in ll.splitlines():
        m = re.match(r"define .*@__probe(\d+)\(", line)
        if m:
            cur = int(m.group(1))
            continue
        m = re.search(r"call .*@(_Z\w+)\(", line)
        if m and cur is not None and cur not in res:
            res[cur] = m.group(1)
    return [(res.get(i), d) for i, d in enumerate(decls)]


def device_decls(flags=None):
    """[(mangled, (ret, name, params))] of the builtins the library must define: those of
    opencl-c.h for the device, as the given flags mangle them."""
    # atomic_half belongs to cl_ext_float_atomics, which Clang declares for every SPIR target
    # and the device does not report
    ds = [d for d in parse_decls()
          if not SKIP.search(d[1]) and not any("atomic_half" in p for p in d[2])]
    seen, out = set(), []
    for mn, d in mangle(ds, flags):
        if mn and mn not in seen:
            seen.add(mn)
            out.append((mn, d))
    return out


def library_defined(exclude_generated=False, undefined=None):
    names = set()
    with tempfile.TemporaryDirectory() as d:
        bcs = []
        for f in sorted(os.listdir(HERE)):
            if not f.endswith(".cl") or (exclude_generated and f.startswith("gen_")):
                continue
            bc = os.path.join(d, f + ".bc")
            clang(["-emit-llvm-bc", "-O2", os.path.join(HERE, f), "-o", bc], BUILD)
            bcs.append(bc)
            nm = subprocess.run([LLVM + "/llvm-nm", "--defined-only", bc], check=True,
                                capture_output=True, text=True).stdout
            for line in nm.splitlines():
                parts = line.split()
                if len(parts) >= 2 and parts[-2] in ("T", "t", "W"):
                    if parts[-1] in names:
                        print("duplicate definition: %s (%s)" % (parts[-1], f))
                    names.add(parts[-1])
        if undefined is not None:
            # what the linked library still needs: only primitives may remain
            linked = os.path.join(d, "lib.bc")
            subprocess.run([LLVM + "/llvm-link", "-o", linked] + bcs, check=True)
            nm = subprocess.run([LLVM + "/llvm-nm", "--undefined-only", linked], check=True,
                                capture_output=True, text=True).stdout
            undefined.extend(l.split()[-1] for l in nm.splitlines()
                             if not l.split()[-1].startswith(("__vgpu_", "llvm.")))
    return names


def sig(d):
    return "%s %s(%s)" % (d[0], d[1], ", ".join(d[2]))


def all_decls(verbose=False):
    """device_decls of every mode, each mangled name once (a few, such as atomic_store on an
    atomic_half, are declared by Clang's TableGen builtins only)."""
    decls, known = [], set()
    for mode, flags in MODES.items():
        new = [(m, d) for m, d in device_decls(flags) if m not in known]
        if verbose:
            print("%s: %d names not seen before" % (mode, len(new)))
        decls += new
        known |= {m for m, _ in new}
    return decls


def cmd_check():
    decls = all_decls(verbose=True)
    undef = []
    have = library_defined(undefined=undef)
    for u in undef:
        print("library calls undefined:", u)
    missing = [(m, d) for m, d in decls if m not in have]
    declared = {m for m, _ in decls}
    extra = sorted(n for n in have if n.startswith("_Z") and n not in declared)
    by = {}
    for m, d in missing:
        by.setdefault(d[1], []).append(sig(d))
    for name in sorted(by):
        print("missing %-28s %4d  e.g. %s" % (name, len(by[name]), by[name][0]))
    for n in extra:
        print("undeclared definition:", n)
    print("%d declared, %d defined, %d missing, %d undeclared" %
          (len(decls), len(declared & have), len(missing), len(extra)))
    return 1 if missing or extra or undef else 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd == "decls":
        for m, d in device_decls():
            print(m, sig(d))
    elif cmd == "check":
        sys.exit(cmd_check())
    elif cmd == "gen":
        import gen_builtins
        decls = device_decls()
        known = {m for m, _ in decls} | {sig(d) for _, d in decls}
        decls += [(m, d) for m, d in all_decls() if m not in known and sig(d) not in known]
        gen_builtins.write_declare(decls)
        gen_builtins.main(decls, library_defined(exclude_generated=True))
    else:
        sys.exit(__doc__)
