#!/usr/bin/env python3
"""report.py - turns the JSON files of vgpu-bench runs into the comparison table, the extra rows of
issue 6 (SM scaling, counters overhead, SM memory, build times), the targets' verdicts, and an SVG
plot of the ratios.  Standard library only, so it runs wherever Python 3 does.

scripts/bench.sh calls it; every input is optional (a missing platform shows as "n/a").
"""
import argparse
import json
import math
import os
import sys

# The targets of issue 6 (docs/performance.md explains them).
TARGET_OCLGRIND_GEOMEAN = 50.0   # VirtualGPU at least 50x faster than Oclgrind (geomean) ...
TARGET_OCLGRIND_MIN = 1.0        # ... and no kernel slower than Oclgrind
TARGET_POCL_RATIO = 10.0         # within 10x of PoCL (geomean)
TARGET_SM_SCALING = 1.8          # 2 SMs >= 1.8x 1 SM on compute-bound kernels
TARGET_EMPTY_US = 50.0           # empty launch < 50 us
TARGET_CACHED_BUILD_MS = 5.0     # cached clBuildProgram < 5 ms


def load(path):
    if not path or not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print(f"report.py: {path}: {e}", file=sys.stderr)
        return None


def by_name(run):
    return {k["name"]: k for k in run["kernels"]} if run else {}


def wall(run, name):
    """Median wall time (ms) of a validated kernel, else None."""
    k = by_name(run).get(name)
    if not k or not k.get("valid") or k.get("wall_ms") is None:
        return None
    return k["wall_ms"]


def spread(run, name):
    """(fastest, slowest) wall time (ms) of the timed runs of a validated kernel, else None."""
    k = by_name(run).get(name)
    if not k or not k.get("valid") or not k.get("wall_ms_all"):
        return None
    return min(k["wall_ms_all"]), max(k["wall_ms_all"])


def fmt_spread(run, name):
    """The median with the range of the timed runs: '0.492 (0.47-0.55)'."""
    t, r = wall(run, name), spread(run, name)
    if t is None or r is None:
        return fmt_ms(t)
    return f"{fmt_ms(t)} ({fmt_ms(r[0])}-{fmt_ms(r[1])})"


def within_noise(base, other, name):
    """True when the slower setting's fastest run is not slower than the default's slowest run:
    the two ranges overlap and the difference of the medians is not a measurement."""
    a, b = spread(base, name), spread(other, name)
    return a is not None and b is not None and b[0] <= a[1]


def fmt_overhead(v, noise):
    if v is None:
        return "n/a"
    if noise or v < 1.0:
        return f"within noise ({fmt_x(v)})"
    return fmt_x(v)


def geomean(values):
    values = [v for v in values if v is not None and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def fmt_ms(v):
    if v is None:
        return "n/a"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def fmt_x(v):
    return "n/a" if v is None else (f"{v:.2f}x" if v < 100 else f"{v:.0f}x")


def verdict(ok):
    return "n/a" if ok is None else ("met" if ok else "NOT met")


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def main_table(vg, pocl, ocl):
    names = [k["name"] for k in (vg or pocl or ocl)["kernels"]]
    rows, r_pocl, r_ocl = [], [], []
    for n in names:
        detail = by_name(vg or pocl or ocl)[n]["detail"]
        tv, tp, to = wall(vg, n), wall(pocl, n), wall(ocl, n)
        vp, ov = ratio(tv, tp), ratio(to, tv)
        r_pocl.append(vp)
        r_ocl.append(ov)
        failed = [p for p, run in (("VirtualGPU", vg), ("PoCL", pocl), ("Oclgrind", ocl))
                  if run and n in by_name(run) and not by_name(run)[n]["valid"]]
        note = ("FAILED on " + ", ".join(failed)) if failed else ""
        rows.append([n, detail, fmt_spread(vg, n), fmt_spread(pocl, n), fmt_ms(to), fmt_x(vp), fmt_x(ov), note])
    g_pocl, g_ocl = geomean(r_pocl), geomean(r_ocl)
    rows.append(["**geomean**", "", "", "", "", fmt_x(g_pocl), fmt_x(g_ocl), ""])
    lines = table(["kernel", "size", "VirtualGPU ms (range)", "PoCL ms (range)", "Oclgrind ms",
                   "VirtualGPU/PoCL", "Oclgrind/VirtualGPU", ""], rows)
    return lines, names, r_pocl, r_ocl, g_pocl, g_ocl


def best_wall(runs, name):
    """The lowest median over alternating runs: background load only ever adds time."""
    times = [t for t in (wall(r, name) for r in runs) if t is not None]
    return min(times) if times else None


def busy(runs):
    """The highest load average seen during the runs, when it exceeds the CPUs (else None): the
    other work then takes CPU time from the SM processes and hides scaling."""
    worst, cpus = None, None
    for r in runs:
        for key in ("loadavg_start", "loadavg_end"):
            v = r.get(key)
            if v is not None and (worst is None or v > worst):
                worst, cpus = v, r.get("cpus")
    return worst if worst is not None and cpus and worst > cpus + 1 else None


def scaling_table(sms1, sms2):
    rows, speedups = [], []
    for n, k in by_name(sms1[0]).items():
        if not k.get("compute_bound"):
            continue
        t1, t2 = best_wall(sms1, n), best_wall(sms2, n)
        s = ratio(t1, t2)
        speedups.append(s)
        rows.append([n, fmt_ms(t1), fmt_ms(t2), fmt_x(s)])
    g = geomean(speedups)
    rows.append(["**geomean**", "", "", fmt_x(g)])
    worst = min((s for s in speedups if s is not None), default=None)
    return table(["compute-bound kernel", "VGPU_SMS=1 ms", "VGPU_SMS=2 ms", "speed-up"], rows), g, worst


def overhead_table(vg, cnt, chk):
    """Each kernel with counters off, VGPU_COUNTERS=1 and VGPU_CHECKS=1, and the slow-downs."""
    rows, over_cnt, over_chk = [], [], []
    for n in by_name(vg):
        t0, t1, t2 = wall(vg, n), wall(cnt, n), wall(chk, n)
        o1, o2 = ratio(t1, t0), ratio(t2, t0)
        over_cnt.append(o1)
        over_chk.append(o2)
        rows.append([n, fmt_spread(vg, n), fmt_spread(cnt, n), fmt_overhead(o1, within_noise(vg, cnt, n)),
                     fmt_spread(chk, n), fmt_overhead(o2, within_noise(vg, chk, n))])
    g1, g2 = geomean(over_cnt), geomean(over_chk)
    rows.append(["**geomean**", "", "", fmt_overhead(g1, False), "", fmt_overhead(g2, False)])
    return table(["kernel", "default ms", "VGPU_COUNTERS=1 ms", "slow-down", "VGPU_CHECKS=1 ms", "slow-down"],
                 rows), g1, g2


def build_table(vg, cold, pocl, ocl):
    rows, cached = [], []
    for n, k in by_name(vg).items():
        c = by_name(cold).get(n, {}).get("build_first_ms")
        w = k.get("build_again_ms")
        cached.append(w)
        rows.append([n, fmt_ms(c), fmt_ms(k.get("build_first_ms")), fmt_ms(w),
                     fmt_ms(by_name(pocl).get(n, {}).get("build_again_ms")),
                     fmt_ms(by_name(ocl).get(n, {}).get("build_again_ms"))])
    worst = max((w for w in cached if w is not None), default=None)
    return table(["program", "VirtualGPU cold (VGPU_CACHE=0) ms", "VirtualGPU first ms",
                  "VirtualGPU cached ms", "PoCL again ms", "Oclgrind again ms"], rows), worst


def memory_table(vg):
    rows = []
    for m in (vg or {}).get("sm_memory", []):
        rows.append([f"2^{m['log2_work_items']}", fmt_ms(m["ms"]), m["sm_processes"],
                     f"{m['vmrss_kb'] / 1024:.1f}", f"{m['vmhwm_kb'] / 1024:.1f}"])
    return table(["work-items (empty kernel)", "launch ms", "SM processes",
                  "VmRSS MiB (sum)", "VmHWM MiB (largest)"], rows), (vg or {}).get("sm_memory", [])


def svg_plot(path, names, r_pocl, r_ocl):
    """Grouped bars on a log scale: VirtualGPU/PoCL (lower is better) and Oclgrind/VirtualGPU
    (higher is better), with the target lines (10x and 50x)."""
    w, h, left, bottom, top = 900, 420, 70, 110, 30
    vals = [v for v in r_pocl + r_ocl if v]
    lo = 10 ** math.floor(math.log10(min(vals + [0.5])))
    hi = 10 ** math.ceil(math.log10(max(vals + [100])))
    plot_h = h - bottom - top

    def y(v):
        return top + plot_h * (1 - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

    right = w - 130  # the target labels sit in the margin
    group = (right - left) / max(1, len(names))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{w / 2}" y="18" text-anchor="middle" font-size="14">VirtualGPU speed ratios '
           f'(log scale; wall time, median)</text>']
    e = math.log10(lo)
    while e <= math.log10(hi) + 1e-9:
        v = 10 ** e
        out.append(f'<line x1="{left}" x2="{right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}x</text>')
        e += 1
    for v, label, color in ((TARGET_POCL_RATIO, "PoCL target 10x", "#1f77b4"),
                            (TARGET_OCLGRIND_GEOMEAN, "Oclgrind target 50x", "#d62728")):
        if lo <= v <= hi:
            out.append(f'<line x1="{left}" x2="{right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                       f'stroke="{color}" stroke-dasharray="6,4"/>')
            out.append(f'<text x="{right + 4}" y="{y(v) + 4:.1f}" fill="{color}">{label}</text>')
    base = y(1) if lo <= 1 <= hi else top + plot_h
    bw = group * 0.35
    for i, n in enumerate(names):
        x0 = left + i * group + group * 0.15
        for j, (v, color) in enumerate(((r_pocl[i], "#1f77b4"), (r_ocl[i], "#d62728"))):
            if not v:
                continue
            yt = y(v)
            out.append(f'<rect x="{x0 + j * bw:.1f}" y="{min(yt, base):.1f}" width="{bw - 2:.1f}" '
                       f'height="{abs(base - yt):.1f}" fill="{color}"><title>{n}: {v:.2f}x</title></rect>')
        cx = left + i * group + group / 2
        out.append(f'<text transform="translate({cx:.1f},{h - bottom + 14}) rotate(40)">{n}</text>')
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{h - bottom}" stroke="black"/>')
    ly = h - 18
    out.append(f'<rect x="{left}" y="{ly - 10}" width="12" height="12" fill="#1f77b4"/>')
    out.append(f'<text x="{left + 16}" y="{ly}">VirtualGPU time / PoCL time (lower is better)</text>')
    out.append(f'<rect x="{left + 340}" y="{ly - 10}" width="12" height="12" fill="#d62728"/>')
    out.append(f'<text x="{left + 356}" y="{ly}">Oclgrind time / VirtualGPU time (higher is better)</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name in ("vgpu", "pocl", "oclgrind", "counters", "checks", "cold"):
        ap.add_argument("--" + name, help=f"JSON of the {name} run")
    for name in ("sms1", "sms2"):
        ap.add_argument("--" + name, nargs="*", default=[], help=f"JSON of the {name} runs (best kept)")
    ap.add_argument("--markdown", help="write the report here")
    ap.add_argument("--svg", help="write the ratio plot here")
    ap.add_argument("--svg-link", help="how the markdown refers to the plot")
    ap.add_argument("--doc", help="replace the section between the bench markers of this file")
    ap.add_argument("--stamp", default="", help="a line saying when and where it was measured")
    a = ap.parse_args()

    vg, pocl, ocl = load(a.vgpu), load(a.pocl), load(a.oclgrind)
    if not (vg or pocl or ocl):
        sys.exit("report.py: no results to report")
    md = []
    if a.stamp:
        md += [a.stamp, ""]
    for label, run in (("VirtualGPU", vg), ("PoCL", pocl), ("Oclgrind", ocl)):
        if run:
            md.append(f"- {label}: {run['platform']} / {run['device']}, size {run['size']}, "
                      f"{run['warmup']} warm-up + {run['reps']} timed runs, median wall time (range: fastest-slowest run)")
        else:
            md.append(f"- {label}: not measured")
    md.append("")
    lines, names, r_pocl, r_ocl, g_pocl, g_ocl = main_table(vg, pocl, ocl)
    md += ["### Kernels", ""] + lines + [""]
    if a.svg:
        svg_plot(a.svg, names, r_pocl, r_ocl)
        md += [f"![ratios]({a.svg_link or os.path.basename(a.svg)})", ""]

    sms1 = [r for r in map(load, a.sms1) if r]
    sms2 = [r for r in map(load, a.sms2) if r]
    cnt, chk, cold = load(a.counters), load(a.checks), load(a.cold)
    g_sms = worst_sms = None
    g_sms_note = ""
    if sms1 and sms2:
        lines, g_sms, worst_sms = scaling_table(sms1, sms2)
        busy_load = busy(sms1 + sms2)
        note = (f" The machine was busy (load average up to {busy_load:.1f} on {sms1[0].get('cpus')} CPUs):"
                " the SM processes did not have the CPUs to themselves, so this is not a measure of"
                " scaling." if busy_load else "")
        md += ["### SM scaling (VGPU_SMS=1 vs 2)", "",
               f"Best of {min(len(sms1), len(sms2))} alternating runs of each.{note}", ""] + lines + [""]
        if busy_load:
            g_sms_note = f"(busy machine, load {busy_load:.1f})"
    g_cnt = g_chk = None
    if vg and (cnt or chk):
        lines, g_cnt, g_chk = overhead_table(vg, cnt, chk)
        md += ["### Counters and checks overhead", "",
               "VGPU_COUNTERS=1 counts every warp instruction, branch and memory request (segments and "
               "bank conflicts); VGPU_CHECKS=1 checks every access against the exact buffer sizes and "
               "keeps shadow state for __local race detection. Each time is the median of the timed runs with "
               "their range; a slow-down whose runs overlap the default's (or a ratio below 1.00x, which "
               "no added work can cause) is marked *within noise*: it is not a measured overhead.", ""] + lines + [""]
    mem = []
    if vg and vg.get("sm_memory"):
        lines, mem = memory_table(vg)
        md += ["### SM process memory", ""] + lines + [""]
    worst_cached = None
    if vg:
        lines, worst_cached = build_table(vg, cold, pocl, ocl)
        md += ["### clBuildProgram", ""] + lines + [""]

    empty = wall(vg, "empty")
    min_ocl = min((r for r in r_ocl if r), default=None)
    max_pocl = geomean(r_pocl)
    mem_ok = None
    if len(mem) == 2 and mem[0]["vmhwm_kb"] > 0:
        # bounded: a 1024x larger launch may not grow the peak by more than 25%
        mem_ok = mem[1]["vmhwm_kb"] <= 1.25 * mem[0]["vmhwm_kb"]
    failures = sum(1 for run in (vg, pocl, ocl) if run for k in run["kernels"] if not k["valid"])
    rows = [
        ["Oclgrind/VirtualGPU geomean >= 50x", fmt_x(g_ocl),
         verdict(None if g_ocl is None else g_ocl >= TARGET_OCLGRIND_GEOMEAN)],
        ["no kernel slower than Oclgrind", "min " + fmt_x(min_ocl),
         verdict(None if min_ocl is None else min_ocl >= TARGET_OCLGRIND_MIN)],
        ["VirtualGPU/PoCL geomean <= 10x", fmt_x(max_pocl),
         verdict(None if max_pocl is None else max_pocl <= TARGET_POCL_RATIO)],
        ["2 SMs >= 1.8x 1 SM (compute-bound)", f"geomean {fmt_x(g_sms)}, worst {fmt_x(worst_sms)}",
         f"not measurable {g_sms_note}" if g_sms_note else
         verdict(None if g_sms is None else g_sms >= TARGET_SM_SCALING)],
        ["empty launch < 50 us", "n/a" if empty is None else f"{empty * 1000:.1f} us",
         verdict(None if empty is None else empty * 1000 < TARGET_EMPTY_US)],
        ["cached build < 5 ms", "n/a" if worst_cached is None else f"worst {worst_cached:.2f} ms",
         verdict(None if worst_cached is None else worst_cached < TARGET_CACHED_BUILD_MS)],
        ["SM memory bounded by work in flight", "2^16 vs 2^26 VmHWM" if mem else "n/a", verdict(mem_ok)],
        ["counters overhead < 2x (goal)", "geomean " + fmt_overhead(g_cnt, False),
         verdict(None if g_cnt is None else g_cnt < 2.0)],
        ["checks overhead (informative)", "geomean " + fmt_overhead(g_chk, False), ""],
        ["validation failures (all platforms)", str(failures), verdict(failures == 0)],
    ]
    md += ["### Targets of issue 6", ""] + table(["target", "measured", "verdict"], rows) + [""]
    text = "\n".join(md)
    print(text)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(text)
    if a.doc and os.path.exists(a.doc):
        begin, end = "<!-- bench:begin (generated by scripts/bench.sh) -->", "<!-- bench:end -->"
        with open(a.doc) as f:
            doc = f.read()
        if begin in doc and end in doc:
            head, rest = doc.split(begin, 1)
            _, tail = rest.split(end, 1)
            with open(a.doc, "w") as f:
                f.write(head + begin + "\n" + text + "\n" + end + tail)
        else:
            print(f"report.py: {a.doc} has no bench markers; not updated", file=sys.stderr)


if __name__ == "__main__":
    main()
