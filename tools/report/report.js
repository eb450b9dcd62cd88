/* report.js - draws a `vgpu report` page from the JSON blocks embedded in it (embedded by
 * tools/report/embed.cmake).  Plain DOM and SVG, no library, nothing fetched.
 * Profiles (docs/profile.md): each launch's counters with charts, the kernel source as a heat map
 * per line (metric selectable), the branches and how their lanes split.  Timelines
 * (docs/timeline.md): the launches, and a picture of the queues, launches and SMs with their
 * work-groups, barrier waits and divergent branches.
 * Every number shown is the JSON's own value, also kept in a data-value attribute (the Chromium
 * test in tests/tools compares them). */
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";

  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }
  function s(tag, attrs, ...kids) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const k of kids) if (k) e.append(k);
    return e;
  }
  /* Math.min(...xs) overflows the stack for long arrays: folds instead. */
  const minOf = (xs, d) => xs.reduce((a, b) => (b < a ? b : a), xs.length ? Infinity : d);
  const maxOf = (xs, d) => xs.reduce((a, b) => (b > a ? b : a), xs.length ? -Infinity : d);
  const num = (v) => (typeof v === "number" && isFinite(v) ? v : 0);
  const pct = (a, b) => (b > 0 ? (100 * a) / b : 0);
  function hue(name) {
    let x = 0;
    for (const c of String(name)) x = (x * 31 + c.charCodeAt(0)) >>> 0;
    return x % 360;
  }
  function us(v) { /* microseconds, as the trace format counts */
    if (v >= 1e6) return (v / 1e6).toFixed(3) + " s";
    if (v >= 1e3) return (v / 1e3).toFixed(3) + " ms";
    return v.toFixed(3) + " µs";
  }

  /* ---- inputs ---- */
  const profiles = [], timelines = [];
  for (const el of document.querySelectorAll("script.vgpu-data")) {
    const d = JSON.parse(el.textContent);
    (el.dataset.kind === "profile" ? profiles : timelines).push({ name: el.dataset.name, d: d });
  }
  const launches = []; /* every profile launch, with its profile */
  profiles.forEach((p, pi) => (p.d.launches || []).forEach((L, li) => launches.push({ p: p, pi: pi, li: li, L: L })));

  const app = document.getElementById("app");
  const nav = h("nav", {});
  app.append(nav);
  function section(id, title, note) {
    const sec = h("section", { id: id }, h("h2", { text: title }));
    if (note) sec.append(h("p", { class: "note", text: note }));
    app.append(sec);
    nav.append(h("a", { href: "#" + id, text: title }));
    return sec;
  }
  const launchName = (x) => x.L.kernel + " #" + (x.li + 1) + (profiles.length > 1 ? " (" + x.p.name + ")" : "");

  /* ---- counters ---- */
  function ratioBars(rows) {
    const W = 420, RH = 22, svg = s("svg", { width: W, height: rows.length * RH + 4, class: "ratios" });
    rows.forEach((r, i) => {
      const y = i * RH + 2, frac = Math.max(0, Math.min(1, r.frac));
      svg.append(s("text", { x: 0, y: y + 14, text: r.label }));
      svg.append(s("rect", { x: 200, y: y + 3, width: 160, height: 14, fill: "#e7ebef" }));
      svg.append(s("rect", { x: 200, y: y + 3, width: 160 * frac, height: 14, fill: r.color || "#3b7dd8" }));
      svg.append(s("text", { x: 366, y: y + 14, text: r.text }));
    });
    return svg;
  }
  function countersChart(c) {
    const keys = Object.keys(c).filter((k) => num(c[k]) > 0);
    const max = Math.max(1, maxOf(keys.map((k) => num(c[k])), 1));
    const W = 420, RH = 16, svg = s("svg", { width: W, height: keys.length * RH + 4, class: "counter-chart" });
    keys.forEach((k, i) => {
      const y = i * RH + 2, w = (200 * Math.log10(1 + num(c[k]))) / Math.log10(1 + max);
      svg.append(s("text", { x: 0, y: y + 12, text: k }));
      svg.append(s("rect", { x: 170, y: y + 3, width: Math.max(1, w), height: 10, fill: "hsl(" + hue(k) + ",55%,55%)" },
                   s("title", { text: k + " " + c[k] })));
    });
    return svg;
  }
  if (launches.length) {
    const sec = section("launches", "Launches and counters",
      "What the virtual hardware did in each launch (VGPU_PROFILE). SIMT efficiency: active lanes per warp " +
      "instruction over the warp width; transactions per request: 32-byte segments per warp memory request " +
      "(1 to 4 for well coalesced 4-byte accesses, up to 32 when every lane is elsewhere); bank conflicts " +
      "per __local request (0 is ideal). The bars on the left are on a log scale.");
    const cards = h("div", { class: "cards" });
    sec.append(cards);
    launches.forEach((x, gi) => {
      const L = x.L, c = L.counters || {}, ws = num(L.warp_size) || 32;
      const card = h("div", { class: "card launch", "data-launch": gi });
      card.append(h("h3", { text: launchName(x) }));
      card.append(h("div", { class: "note", text: "global " + (L.global_size || []).join("×") + ", local " +
        (L.local_size || []).join("×") + ", warp " + ws + (L.device ? ", " + L.device : "") }));
      const tbl = h("table", { class: "counters", "data-table": "counters" });
      for (const [k, v] of Object.entries(c))
        tbl.append(h("tr", {}, h("td", { text: k }),
          h("td", { class: "num", "data-launch": gi, "data-counter": k, "data-value": v, text: String(v) })));
      const eff = pct(num(c.lane_insns), num(c.warp_insns) * ws), div = pct(num(c.divergent_branches), num(c.branches));
      const tpr = num(c.global_requests) ? num(c.global_transactions) / num(c.global_requests) : 0;
      const lreq = num(c.local_requests !== undefined ? c.local_requests : c.local_accesses);
      const bank = num(c.local_bank_conflicts !== undefined ? c.local_bank_conflicts : c.bank_conflicts);
      const bpr = lreq ? bank / lreq : 0;
      card.append(ratioBars([
        { label: "SIMT efficiency", frac: eff / 100, text: eff.toFixed(1) + " %", color: "#2f9e60" },
        { label: "divergent branches", frac: div / 100, text: div.toFixed(1) + " %", color: "#d0542c" },
        { label: "transactions per request", frac: tpr / 32, text: tpr.toFixed(2), color: "#3b7dd8" },
        { label: "bank conflicts per request", frac: bpr / 32, text: bpr.toFixed(2), color: "#9b59b6" },
      ]));
      card.append(h("div", { style: "display:flex;gap:18px;flex-wrap:wrap" }, tbl, countersChart(c)));
      cards.append(card);
    });
  }

  /* ---- source heat map ---- */
  const LINE_KEYS = ["warp_insns", "lane_insns", "branches", "divergent_branches", "global_requests",
    "global_transactions", "local_accesses", "bank_conflicts", "atomics", "barriers", "image_requests",
    "image_texels", "image_filter_texels"];
  if (launches.length) {
    const sec = section("source", "Source heat map",
      "The kernel's source, each line coloured by the selected metric (the hottest line is the most orange). " +
      "Lines without a value ran no instruction of that kind.");
    const lsel = h("select", { id: "heat-launch" }), msel = h("select", { id: "heat-metric" });
    launches.forEach((x, gi) => lsel.append(h("option", { value: gi, text: launchName(x) })));
    const keys = new Set();
    launches.forEach((x) => (x.L.lines || []).forEach((l) => Object.keys(l).forEach((k) => {
      if (k !== "file" && k !== "line" && typeof l[k] === "number") keys.add(k);
    })));
    const metricList = LINE_KEYS.filter((k) => keys.has(k)).concat([...keys].filter((k) => !LINE_KEYS.includes(k)));
    /* Derived per-line ratios: where the lanes idle, where accesses scatter. */
    const DERIVED = {
      "SIMT efficiency %": (l, L) => (num(l.warp_insns) ? (100 * num(l.lane_insns)) / (num(l.warp_insns) * (num(L.warp_size) || 32)) : null),
      "transactions per request": (l) => (num(l.global_requests) ? num(l.global_transactions) / num(l.global_requests) : null),
      "texels per image request": (l) => (num(l.image_requests) ? num(l.image_texels) / num(l.image_requests) : null),
    };
    if (keys.has("lane_insns")) metricList.push("SIMT efficiency %");
    if (keys.has("global_transactions")) metricList.push("transactions per request");
    if (keys.has("image_texels")) metricList.push("texels per image request");
    metricList.forEach((k) => msel.append(h("option", { value: k, text: k })));
    sec.append(h("div", { class: "controls" }, h("label", {}, "launch ", lsel), h("label", {}, "metric ", msel)));
    const holder = h("div", {});
    sec.append(holder);
    function draw() {
      const x = launches[Number(lsel.value) || 0], L = x.L, metric = msel.value;
      const src = typeof L.source === "number" && x.p.d.sources ? x.p.d.sources[L.source] : null;
      const byLine = new Map();
      for (const l of L.lines || []) if (!L.file || !l.file || l.file === L.file) byLine.set(l.line, l);
      const get = DERIVED[metric] ? (l) => DERIVED[metric](l, L) : (l) => (metric in l ? num(l[metric]) : null);
      const fmtv = (v) => (DERIVED[metric] ? v.toFixed(metric.endsWith("%") ? 1 : 2) : String(v));
      const max = Math.max(DERIVED[metric] ? 1e-9 : 1, maxOf([...byLine.values()].map((l) => get(l) || 0), 1));
      const tbl = h("table", { class: "source", "data-launch": lsel.value, "data-metric": metric });
      const text = src && typeof src.text === "string" ? src.text.split("\n") : null;
      const lineNos = text ? text.map((_, i) => i + 1) : [...byLine.keys()].sort((a, b) => a - b);
      for (const n of lineNos) {
        const l = byLine.get(n), v = l ? get(l) : null;
        const tr = h("tr", { class: "src" + (v ? "" : " cold"), "data-line": n });
        const a = v ? 0.08 + (0.72 * v) / max : 0;
        if (v) tr.style.background = "rgba(var(--hot)," + a.toFixed(3) + ")";
        tr.append(h("td", { class: "ln", text: String(n) }));
        const val = h("td", { class: "val num", text: v !== null ? fmtv(v) : "" });
        if (v !== null) val.setAttribute("data-value", fmtv(v));
        tr.append(val);
        const bar = h("td", { class: "bar" });
        if (v) bar.append(h("span", { style: "width:" + Math.max(1, (120 * v) / max).toFixed(1) + "px" }));
        tr.append(bar);
        tr.append(h("td", { class: "code", text: text ? text[n - 1] : "(source not in the profile)" }));
        tbl.append(tr);
      }
      holder.replaceChildren(tbl);
    }
    lsel.addEventListener("change", draw);
    msel.addEventListener("change", draw);
    draw();
  }

  /* ---- divergence ---- */
  const laneLaunches = []; /* timeline launches with their exact per-line branch sums */
  timelines.forEach((t) => {
    let n = 0;
    (t.d.traceEvents || []).forEach((e) => {
      if (e.cat !== "launch") return;
      n++;
      if (e.args && Array.isArray(e.args.branch_lines) && e.args.branch_lines.length) laneLaunches.push({ e: e, n: n });
    });
  });
  const branchLaunches = launches.filter((x) => (x.L.pcs || []).some((p) => num(p.branches) > 0));
  if (branchLaunches.length || laneLaunches.length) {
    const sec = section("divergence", "Divergence",
      "Each conditional branch: how often a warp's lanes all went the same way (uniform) or split " +
      "(divergent; the warp then runs both sides one after the other), from the profile; and, from the " +
      "timeline, per source line, how many lanes took the branch and how many did not, over every execution.");
    function splitBars(rows, labels, colors, cls) {
      const RH = 22, svg = s("svg", { width: 760, height: rows.length * RH + 26, class: cls });
      labels.forEach((l, i) => {
        svg.append(s("rect", { x: 250 + i * 130, y: 4, width: 10, height: 10, fill: colors[i] }));
        svg.append(s("text", { x: 264 + i * 130, y: 13, text: l }));
      });
      rows.forEach((r, i) => {
        const y = 22 + i * RH, total = r.a + r.b, wa = total ? (360 * r.a) / total : 0;
        svg.append(s("text", { x: 0, y: y + 14, text: r.label }));
        const g = s("g", { "data-kind": cls === "lane-split" ? "lanes" : "warps", "data-line": r.line, "data-a": r.a, "data-b": r.b });
        g.append(s("rect", { x: 250, y: y + 3, width: wa, height: 14, fill: colors[0] }));
        g.append(s("rect", { x: 250 + wa, y: y + 3, width: 360 - wa, height: total ? 14 : 0, fill: colors[1] }));
        g.append(s("text", { x: 620, y: y + 14, text: r.a + " / " + r.b }));
        svg.append(g);
      });
      return svg;
    }
    for (const x of branchLaunches) {
      const rows = x.L.pcs.filter((p) => num(p.branches) > 0).map((p) => ({
        label: "line " + p.line + ", pc " + p.pc + (p.op ? " (" + p.op + ")" : ""), line: p.line,
        a: num(p.branches) - num(p.divergent_branches), b: num(p.divergent_branches) }));
      sec.append(h("h3", { text: launchName(x) + ": warps at each branch" }));
      sec.append(h("div", { class: "svgwrap" }, splitBars(rows, ["uniform", "divergent"], ["#8fb8e8", "#d0542c"], "branch-split")));
    }
    laneLaunches.forEach(({ e: L, n }) => {
      const rows = L.args.branch_lines.map((r) => ({
        label: "line " + r.line + " (" + r.branches + " warp branches, " + r.divergent + " divergent)", line: r.line,
        a: num(r.taken), b: num(r.not_taken) }));
      sec.append(h("h3", { text: "launch " + n + ", " + L.name + ": lanes at each branch line (timeline)" }));
      const svg = splitBars(rows, ["taken", "not taken"], ["#2f9e60", "#e0a030"], "lane-split");
      svg.setAttribute("data-launch", n - 1);
      sec.append(h("div", { class: "svgwrap" }, svg));
    });
  }

  /* ---- timeline ---- */
  timelines.forEach((t, ti) => {
    const ev = t.d.traceEvents || [];
    const sec = section("timeline" + ti, "Timeline" + (timelines.length > 1 ? " " + (ti + 1) : ""),
      "The run on one clock (" + ((t.d.otherData || {}).clock || "the trace's") + "): host API calls per thread, " +
      "each queue's commands, builds, and per device its launches and one row per SM with its work-groups " +
      "(a slice holds several groups when the launch had more than the timeline keeps, docs/timeline.md), " +
      "barrier waits (dark) and divergent branches (red ticks). Open the same file in ui.perfetto.dev to zoom freely.");
    const pname = new Map(), tname = new Map(), psort = new Map(), tsort = new Map();
    for (const e of ev) {
      if (e.ph !== "M" || !e.args) continue;
      const key = e.pid + "/" + e.tid;
      if (e.name === "process_name") pname.set(e.pid, e.args.name);
      else if (e.name === "thread_name") tname.set(key, e.args.name);
      else if (e.name === "process_sort_index") psort.set(e.pid, num(e.args.sort_index));
      else if (e.name === "thread_sort_index") tsort.set(key, num(e.args.sort_index));
    }
    const launchEv = ev.filter((e) => e.ph === "X" && e.cat === "launch");
    /* the launches table */
    if (launchEv.length) {
      const t0 = minOf(ev.filter((e) => typeof e.ts === "number").map((e) => e.ts), 0);
      const tbl = h("table", { class: "tl-launches", "data-table": "launches" }, h("tr", {}, ...["kernel", "device", "start", "duration",
        "work-groups", "group slices", "divergent branches", "barriers"].map((c, i) => h("th", { class: i > 1 ? "num" : "", text: c }))));
      launchEv.forEach((L, li) => {
        const a = L.args || {}, end = L.ts + L.dur;
        const slices = ev.filter((e) => e.cat === "work-group" && e.pid === L.pid && e.ts >= L.ts && e.ts + e.dur <= end);
        tbl.append(h("tr", { "data-launch": li },
          h("td", { text: L.name }), h("td", { text: pname.get(L.pid) || String(L.pid) }),
          h("td", { class: "num", text: us(L.ts - t0) }),
          h("td", { class: "num", "data-value": L.dur, text: us(L.dur) }),
          h("td", { class: "num", "data-key": "groups", "data-value": num(a.groups), text: String(num(a.groups)) }),
          h("td", { class: "num", "data-key": "slices", "data-value": slices.length, text: String(slices.length) }),
          h("td", { class: "num", "data-key": "divergent_branches", "data-value": num(a.divergent_branches), text: String(num(a.divergent_branches)) }),
          h("td", { class: "num", "data-key": "barriers", "data-value": num(a.barriers), text: String(num(a.barriers)) })));
      });
      sec.append(tbl);
    }
    /* the picture */
    const sel = h("select", { class: "tl-view" }, h("option", { value: "all", text: "the whole run" }));
    launchEv.forEach((L, li) => sel.append(h("option", { value: li, text: "launch " + (li + 1) + ": " + L.name })));
    sec.append(h("div", { class: "controls" }, h("label", {}, "show ", sel)));
    const holder = h("div", { class: "svgwrap" });
    sec.append(holder);
    const legend = h("div", { class: "legend" });
    [["API call", "#7c8a99"], ["command", "#3b7dd8"], ["build", "#b07cc6"], ["migration", "#e0a030"],
      ["work-group", "#2f9e60"], ["barrier wait", "#1d5a38"], ["divergent branch", "#d0542c"]].forEach(([l, c]) =>
      legend.append(h("span", {}, h("i", { style: "background:" + c }), l)));
    sec.append(legend);
    const rows = new Map(); /* pid/tid -> events */
    for (const e of ev) {
      if ((e.ph !== "X" && e.ph !== "i") || typeof e.ts !== "number") continue;
      const key = e.pid + "/" + e.tid;
      if (!rows.has(key)) rows.set(key, []);
      rows.get(key).push(e);
    }
    const order = [...rows.keys()].sort((a, b) => {
      const [pa, ta] = a.split("/").map(Number), [pb, tb] = b.split("/").map(Number);
      return (psort.get(pa) || 0) - (psort.get(pb) || 0) || pa - pb || (tsort.get(a) || 0) - (tsort.get(b) || 0) || ta - tb;
    });
    const color = { api: "#7c8a99", command: "#3b7dd8", build: "#b07cc6", migration: "#e0a030", launch: null,
      "work-group": "#2f9e60", barrier: "#1d5a38", divergence: "#d0542c" };
    function draw() {
      let lo, hi;
      if (sel.value === "all") {
        const xs = ev.filter((e) => (e.ph === "X" || e.ph === "i") && typeof e.ts === "number");
        lo = minOf(xs.map((e) => e.ts), 0);
        hi = maxOf(xs.map((e) => e.ts + num(e.dur)), 1);
      } else {
        const L = launchEv[Number(sel.value)];
        lo = L.ts;
        hi = L.ts + L.dur;
      }
      if (!(hi > lo)) hi = lo + 1;
      const LW = 230, W = 1000, RH = 20, shown = order.filter((k) => rows.get(k).some((e) => e.ts + num(e.dur) >= lo && e.ts <= hi));
      const svg = s("svg", { width: LW + W + 20, height: shown.length * RH + 34, class: "timeline", "data-view": sel.value });
      const X = (t) => LW + ((t - lo) / (hi - lo)) * W;
      for (let i = 0; i <= 10; i++) {
        const t = lo + ((hi - lo) * i) / 10, x = X(t);
        svg.append(s("line", { x1: x, x2: x, y1: 14, y2: shown.length * RH + 24, class: "axis" }));
        svg.append(s("text", { x: x - 20, y: 11, text: us(t - lo) }));
      }
      shown.forEach((key, r) => {
        const y = 20 + r * RH, pid = Number(key.split("/")[0]);
        const label = (tname.get(key) || key) + "";
        const proc = pname.get(pid) || "";
        svg.append(s("text", { x: 4, y: y + 13, text: (proc.split(":")[0] + " · " + label).slice(0, 40) },
          s("title", { text: proc + " / " + label })));
        for (const e of rows.get(key)) {
          const end = e.ts + num(e.dur);
          if (end < lo || e.ts > hi) continue;
          const x = Math.max(LW, X(e.ts)), x2 = Math.min(LW + W, X(end));
          const tip = e.name + (e.ph === "X" ? " — " + us(num(e.dur)) : "") + (e.args ? " " + JSON.stringify(e.args) : "");
          if (e.ph === "i") {
            svg.append(s("line", { x1: x, x2: x, y1: y, y2: y + RH - 4, stroke: color.divergence, "stroke-width": 1.5,
              "data-cat": e.cat || "" }, s("title", { text: tip })));
            continue;
          }
          const inner = e.cat === "barrier";
          const fill = e.cat === "launch" ? "hsl(" + hue(e.name) + ",60%,62%)" : (color[e.cat] || "#999");
          svg.append(s("rect", { x: x, y: inner ? y + 7 : y + 1, width: Math.max(0.6, x2 - x), height: inner ? 9 : RH - 4,
            fill: fill, "fill-opacity": e.cat === "work-group" ? 0.75 : 1, "data-cat": e.cat || "" }, s("title", { text: tip })));
        }
      });
      holder.replaceChildren(svg);
    }
    sel.addEventListener("change", draw);
    draw();
  });

  if (!profiles.length && !timelines.length) app.append(h("p", { class: "empty", text: "No input." }));
  document.body.setAttribute("data-ready", "1");
})();
