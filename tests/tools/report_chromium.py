#!/usr/bin/env python3
"""report_chromium.py - `vgpu report` opened in a real browser.  Runs examples/divergence with
VGPU_PROFILE and VGPU_TIMELINE, writes the report of both files, loads it in headless Chromium
(--dump-dom: the page after its script ran) and checks that
 - the page logged nothing on the console (no script error, no blocked fetch: the page's
   Content-Security-Policy forbids any network access, so one would be reported there);
 - every counter it shows equals the profile's, for every launch;
 - the heat map (first launch, default metric) shows each source line's warp_insns as the profile has them;
 - the timeline's launch table shows each launch's groups, divergent branches and barriers, and
   the picture of the whole run draws one rectangle per work-group slice of the file;
 - the divergence picture shows, per launch and branch line, the lanes taken / not taken of the
   timeline's launch records.
Run by ctest (tests/tools/CMakeLists.txt); 77 (skipped) when chromium is not installed
(scripts/setup.sh --with-browser installs it)."""
import html.parser
import json
import os
import shutil
import subprocess
import sys

browser = shutil.which("chromium") or shutil.which("chromium-browser")
if not browser:
    print("chromium is not installed (scripts/setup.sh --with-browser): skipped")
    sys.exit(77)
build = os.environ["VGPU_BUILD_DIR"]
work = os.path.abspath("report_chromium")
os.makedirs(work, exist_ok=True)
prof_path, tl_path, page = (os.path.join(work, n) for n in ("profile.json", "timeline.json", "report.html"))
env = dict(os.environ, VGPU_PROFILE=prof_path, VGPU_TIMELINE=tl_path, VGPU_COUNTERS="0")
subprocess.run([os.path.join(build, "examples", "divergence"), "--n", "4096", "--iter", "8"], env=env, check=True,
               stdout=subprocess.DEVNULL)
subprocess.run([os.path.join(build, "bin", "vgpu"), "report", prof_path, tl_path, "-o", page], check=True)
run = subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                      "--user-data-dir=" + os.path.join(work, "chromium-profile"), "--dump-dom",
                      "file://" + page], capture_output=True, text=True, timeout=120)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


check(run.returncode == 0, f"chromium exited {run.returncode}")
console = [l for l in run.stderr.splitlines() if ":CONSOLE" in l]
check(not console, "no console message: " + " | ".join(console[:5]))


class Dom(html.parser.HTMLParser):
    """Elements with data-* attributes, with their text, in document order."""

    def __init__(self):
        super().__init__()
        self.elems, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        e = {"tag": tag, "attrs": a, "text": ""}
        if any(k.startswith("data-") for k in a):
            self.elems.append(e)
        if tag not in ("meta", "br", "img", "input", "rect", "line"):
            self.stack.append(e)

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        if any(k.startswith("data-") for k in a):
            self.elems.append({"tag": tag, "attrs": a, "text": ""})

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for e in self.stack:
            e["text"] += data


dom = Dom()
dom.feed(run.stdout)
els = dom.elems
check(any(e["tag"] == "body" and e["attrs"].get("data-ready") == "1" for e in els), "the page's script ran to the end")
prof = json.load(open(prof_path))
tl = json.load(open(tl_path))

# counters, every launch
launches = prof["launches"]
check(len(launches) >= 2, "the profile has the example's launches")
for gi, L in enumerate(launches):
    shown = {e["attrs"]["data-counter"]: e for e in els
             if e["attrs"].get("data-launch") == str(gi) and "data-counter" in e["attrs"]}
    check(set(shown) == set(L["counters"]), f"launch {gi}: every counter shown")
    for k, v in L["counters"].items():
        if k in shown:
            check(shown[k]["text"].strip() == str(v) and shown[k]["attrs"]["data-value"] == str(v),
                  f"launch {gi} {k}: page {shown[k]['text'].strip()} == profile {v}")

# heat map: the first launch, warp_insns
L0 = launches[0]
rows = [e for e in els if e["tag"] == "tr" and "data-line" in e["attrs"]]
vals = {}
in_table = False
for e in els:
    if e["tag"] == "table":
        in_table = "data-metric" in e["attrs"]
        if in_table:
            check(e["attrs"]["data-launch"] == "0" and e["attrs"]["data-metric"] == "warp_insns",
                  "the heat map opens on launch 0, warp_insns")
    elif in_table and e["tag"] == "tr" and "data-line" in e["attrs"]:
        line = int(e["attrs"]["data-line"])
    elif in_table and e["tag"] == "td" and "data-value" in e["attrs"]:
        vals[line] = int(e["attrs"]["data-value"])
        check(e["text"].strip() == e["attrs"]["data-value"], f"heat map line {line}: text equals value")
want = {l["line"]: l["warp_insns"] for l in L0["lines"] if l.get("file", L0.get("file")) == L0.get("file")}
check(vals == want, f"heat map values per line {vals} == profile {want}")
src = prof["sources"][L0["source"]]["text"].split("\n") if "sources" in prof else []
check(len(rows) >= len(src), "the heat map shows every source line")

# timeline: launch table and picture
ev = tl["traceEvents"]
tl_launches = [e for e in ev if e.get("cat") == "launch"]
cells = {}
for e in els:
    if e["tag"] == "tr" and "data-launch" in e["attrs"] and not e["attrs"].get("data-counter"):
        cur = e["attrs"]["data-launch"]
    if e["tag"] == "td" and "data-key" in e["attrs"]:
        cells[(int(cur), e["attrs"]["data-key"])] = int(e["attrs"]["data-value"])
for li, L in enumerate(tl_launches):
    for k in ("groups", "divergent_branches", "barriers"):
        check(cells.get((li, k)) == L["args"][k], f"timeline launch {li} {k}: page {cells.get((li, k))} == {L['args'][k]}")
rects = [e for e in els if e["tag"] == "rect" and e["attrs"].get("data-cat") == "work-group"]
nslices = sum(1 for e in ev if e.get("cat") == "work-group")
check(len(rects) == nslices and nslices > 0, f"{len(rects)} work-group rectangles == {nslices} slices in the file")

# divergence: lanes taken / not taken per branch line, per launch, as the timeline's launches say
want, got = {}, {}
for li, L in enumerate(tl_launches):
    for r in L["args"]["branch_lines"]:
        want[(li, r["line"])] = [r["taken"], r["not_taken"]]
cur = None
for e in els:
    if e["tag"] == "svg" and "data-launch" in e["attrs"]:
        cur = int(e["attrs"]["data-launch"])
    elif e["tag"] == "g" and e["attrs"].get("data-kind") == "lanes":
        got[(cur, int(e["attrs"]["data-line"]))] = [int(e["attrs"]["data-a"]), int(e["attrs"]["data-b"])]
check(want and got == want, f"lanes taken/not taken per launch and line {got} == timeline {want}")
check(any(v[0] and v[1] for v in want.values()), "some branch line split its lanes")

print(f"report_chromium: {len(els)} data elements checked, {len(failures)} failures")
sys.exit(1 if failures else 0)
