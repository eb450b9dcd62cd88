/* debugger.c - the SM side of `vgpu debug` (tools/debug.c, docs/debugging.md): stops a warp at a
 * breakpoint, a watchpoint or the end of a step, and answers the debugger's questions about the
 * machine (warps, masks, the reconvergence stack, registers, source variables, memory) until it
 * is told to go on.
 *
 * The runtime turns this observer on for every launch when VGPU_DEBUG names the debugger's Unix
 * socket; its arena buffer (debugger.h) carries the socket, the program's source and the
 * breakpoints.  Such a launch is serial (launch.h, sim/workgroup.c): one SM runs one group at a
 * time in group order, so while a warp is stopped here nothing else on the device runs, and a
 * session replays exactly.  The stop is a blocking conversation on the socket: the SM sends a
 * report (text ending with a NUL byte), the debugger sends one command per line and gets each
 * answer the same way, until a command that resumes.  Lines "bp-..." refresh the shared
 * breakpoint table (the debugger owns the list).  Paused time is not watchdog time. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "sim/observer.h"
#include "sim/observers/debugger.h"
#include "sim/warp.h"

enum step_mode { STEP_NONE, STEP_INSN, STEP_LINE, STEP_FINISH };

static struct dbg {
  struct vgpu_sm *sm;
  struct vgpu_dbg_shared *sh;
  const char *source;
  int fd;
  /* stepping: one warp, until its next instruction / source line / return */
  int step;
  uint64_t step_group;
  unsigned step_warp;
  uint32_t step_line;
  /* what the user looks at during a stop */
  struct vgpu_warp *cur;
  unsigned lane;
  uint32_t stop_pc;   /* decoded pc the stopped warp is at */
  struct vgpu_warp *stopped;
  /* the reply being built */
  char *out;
  size_t len, cap;
} D = {.fd = -1};

static void put(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void put(const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(D.out ? D.out + D.len : NULL, D.out ? D.cap - D.len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (D.out && D.len + (size_t)n < D.cap) { D.len += (size_t)n; return; }
    size_t ncap = D.cap ? 2 * D.cap : 16384;
    while (ncap < D.len + (size_t)n + 1) ncap *= 2;
    char *p = realloc(D.out, ncap);
    if (!p) return;
    D.out = p;
    D.cap = ncap;
  }
}

/* Sends the reply built so far, NUL-terminated. */
static int send_reply(void) {
  put("%s", "");
  size_t n = D.out ? D.len + 1 : 1;
  const char *p = D.out ? D.out : "";
  for (size_t off = 0; off < n;) {
    ssize_t w = send(D.fd, p + off, n - off, MSG_NOSIGNAL);
    if (w <= 0) return -1;
    off += (size_t)w;
  }
  D.len = 0;
  if (D.out) D.out[0] = 0;
  return 0;
}

/* One command line from the debugger (without its newline): 0, or -1 when it went away. */
static int read_line(char *buf, size_t len) {
  size_t n = 0;
  for (;;) {
    char c;
    ssize_t r = recv(D.fd, &c, 1, 0);
    if (r <= 0) return -1;
    if (c == '\n') break;
    if (n + 1 < len) buf[n++] = c;
  }
  buf[n] = 0;
  return 0;
}

static int dbg_connect(void) {
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  snprintf(a.sun_path, sizeof a.sun_path, "%s", D.sh->socket);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); return -1; }
  return fd;
}

/* A "bp-..." line: the breakpoint table, as the debugger holds it.  1 if it was one. */
static int bp_line(const char *cmd) {
  struct vgpu_dbg_shared *sh = D.sh;
  if (!strcmp(cmd, "bp-clear")) { sh->nbp = 0; return 1; }
  if (strncmp(cmd, "bp-", 3) || sh->nbp == VGPU_DBG_MAX_BP) return !strncmp(cmd, "bp-", 3);
  struct vgpu_dbg_bp b = {0};
  unsigned num = 0, line = 0;
  unsigned long long addr = 0;
  char name[112] = "";
  if (sscanf(cmd, "bp-line %u %u %111s", &num, &line, name) >= 2) { b.kind = VGPU_DBG_BP_LINE; b.line = line; }
  else if (sscanf(cmd, "bp-kernel %u %111s", &num, name) == 2) b.kind = VGPU_DBG_BP_KERNEL;
  else if (sscanf(cmd, "bp-watch %u %llx", &num, &addr) == 2) { b.kind = VGPU_DBG_BP_WATCH; b.addr = addr; }
  else return 1;
  b.number = num;
  memcpy(b.name, name, sizeof b.name);
  sh->bp[sh->nbp++] = b;
  return 1;
}

static void *launch_begin(struct vgpu_sm *sm) {
  const struct vgpu_obs_buf *ob = &sm->launch->obs_buf[VGPU_OBS_DEBUGGER];
  if (!ob->off || ob->size < sizeof(struct vgpu_dbg_shared)) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_OUT_OF_RESOURCES, "debugger: no shared buffer");
    return NULL;
  }
  D.sm = sm;
  D.sh = (struct vgpu_dbg_shared *)(void *)(sm->arena + ob->off);
  D.source = D.sh->source_size && ob->size > sizeof *D.sh + D.sh->source_size
                 ? (const char *)(D.sh + 1) : NULL;
  D.step = STEP_NONE;
  /* The first SM of the launch asks the debugger for its breakpoints; the others wait for them. */
  uint32_t zero = 0;
  if (atomic_compare_exchange_strong(&D.sh->state, &zero, 1)) {
    /* the debugger may be busy with a stop on another device: that wait is paused time too */
    atomic_store(&sm->launch->pausing, 1);
    uint64_t t0 = vgpu_now_ns();
    D.fd = dbg_connect();
    if (D.fd >= 0) {
      put("launch %s", vir_string(sm->mod, sm->kernel->name));
      char line[256];
      if (!send_reply())
        while (!read_line(line, sizeof line) && strcmp(line, "go")) bp_line(line);
      close(D.fd);
      D.fd = -1;
    }
    atomic_fetch_add(&sm->launch->paused_ns, vgpu_now_ns() - t0);
    atomic_store(&sm->launch->pausing, 0);
    atomic_store(&D.sh->state, 2);
  } else {
    while (atomic_load(&D.sh->state) != 2) {
      struct timespec nap = {0, 100000};
      nanosleep(&nap, NULL);
    }
  }
  return &D;
}

static uint64_t group_linear(const struct vgpu_group *g, const struct vgpu_launch *L) {
  return g->id[0] + L->num_groups[0] * (g->id[1] + L->num_groups[1] * g->id[2]);
}

static const char *base_name(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

static const char *src_name(void) {
  const char *s = vir_string(D.sm->mod, D.sm->mod->source_name);
  return *s ? s : "<source>";
}

static uint32_t warp_pc(const struct vgpu_warp *w) {
  if (w == D.stopped) return D.stop_pc;
  if (w->state == VGPU_WARP_AT_BARRIER) return w->pc;
  return w->sp >= 0 && w->stack[w->sp].pc < D.sm->kc->ncode ? w->stack[w->sp].pc : w->pc;
}

/* The source line `line` of the program's text, or NULL. */
static const char *source_line(uint32_t line, int *len) {
  if (!D.source || !line) return NULL;
  const char *p = D.source;
  for (uint32_t l = 1; l < line && p; l++) {
    p = strchr(p, '\n');
    if (p) p++;
  }
  if (!p || !*p) return NULL;
  const char *e = strchr(p, '\n');
  *len = e ? (int)(e - p) : (int)strlen(p);
  return p;
}

static void show_line(uint32_t line, const char *mark) {
  int n;
  const char *s = source_line(line, &n);
  if (s) put("%s%4u  %.*s\n", mark, line, n, s);
}

static void where(const struct vgpu_warp *w) {
  uint32_t pc = warp_pc(w);
  const struct vgpu_group *g = w->group;
  uint64_t mask = w->sp >= 0 ? w->stack[w->sp].mask : 0;
  put("group (%" PRIu64 ",%" PRIu64 ",%" PRIu64 ") warp %u, %s:%u (VIR pc %u), mask 0x%016" PRIx64 " (%d of %d lanes)\n",
      g->id[0], g->id[1], g->id[2], w->index, src_name(), pc < D.sm->kc->ncode ? D.sm->kc->line[pc] : 0,
      pc < D.sm->kc->ncode ? D.sm->kc->vir_pc[pc] : 0, mask, __builtin_popcountll(mask),
      __builtin_popcountll(w->init_mask));
  if (pc < D.sm->kc->ncode) show_line(D.sm->kc->line[pc], "  ");
}

/* ---- values: source variables, registers, kernel arguments ---- */

static const struct vir_arg *find_arg(const char *name, uint32_t *index) {
  const struct vir_arg *as = vir_args(D.sm->mod) + D.sm->kernel->first_arg;
  for (uint32_t i = 0; i < D.sm->kernel->nargs; i++)
    if (!strcmp(vir_string(D.sm->mod, as[i].name), name)) { *index = i; return &as[i]; }
  return NULL;
}

static const struct vir_var *find_var(const char *name, uint32_t vpc);

/* Argument ai's value in lane l: a buffer's device address from the launch record (the register
 * that held it may have been reused), else the variable of that name, else its register. */
static uint64_t arg_value(struct vgpu_warp *w, unsigned l, uint32_t ai) {
  const struct vgpu_sm *sm = D.sm;
  const struct vir_arg *a = vir_args(sm->mod) + sm->kernel->first_arg + ai;
  const struct vgpu_launch_arg *la = (const struct vgpu_launch_arg *)(sm->arena + sm->launch->args_off);
  if ((a->kind == VIR_ARG_GLOBAL_PTR || a->kind == VIR_ARG_CONSTANT_PTR) && ai < sm->launch->nargs) return la[ai].value;
  uint32_t pc = warp_pc(w);
  const struct vir_var *v = find_var(vir_string(sm->mod, a->name), pc < sm->kc->ncode ? sm->kc->vir_pc[pc] : 0);
  uint64_t bits;
  if (v && !vgpu_var_value(sm, w, l, v, &bits)) return bits;
  return w->regs[(size_t)a->reg * sm->kc->width + l];
}

/* Bytes per element and encoding of a pointer argument's pointee ("float*" -> 4, float). */
static unsigned elem_of(const char *type, unsigned *enc) {
  static const struct { const char *name; unsigned size, enc; } t[] = {
    {"char", 1, VIR_VENC_SIGNED}, {"uchar", 1, VIR_VENC_UNSIGNED}, {"short", 2, VIR_VENC_SIGNED},
    {"ushort", 2, VIR_VENC_UNSIGNED}, {"int", 4, VIR_VENC_SIGNED}, {"uint", 4, VIR_VENC_UNSIGNED},
    {"long", 8, VIR_VENC_SIGNED}, {"ulong", 8, VIR_VENC_UNSIGNED}, {"float", 4, VIR_VENC_FLOAT},
    {"double", 8, VIR_VENC_FLOAT}, {"half", 2, VIR_VENC_UNSIGNED}};
  char base[64];
  snprintf(base, sizeof base, "%s", type);
  char *star = strchr(base, '*');
  if (star) *star = 0;
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (!strcmp(base, t[i].name)) { *enc = t[i].enc; return t[i].size; }
  *enc = VIR_VENC_UNSIGNED;
  return 1;
}

/* The innermost variable called name live at the stopped pc (NULL: none). */
static const struct vir_var *find_var(const char *name, uint32_t vpc) {
  const struct vir_header *h = D.sm->mod;
  const struct vir_var *vs = vir_vars(h), *best = NULL;
  for (uint32_t i = 0; i < h->nvars; i++)
    if (vs[i].kernel == D.sm->kc->kernel_index && vpc >= vs[i].first_pc && vpc < vs[i].end_pc &&
        !strcmp(vir_string(h, vs[i].name), name))
      if (!best || vs[i].first_pc >= best->first_pc) best = &vs[i];
  return best;
}

/* Evaluates EXPR (a variable, rN, an argument, ARG[i]) in lane l of warp w: 0 and the text, or -1
 * and why. */
static int eval(struct vgpu_warp *w, unsigned l, const char *expr, char *text, size_t len) {
  const struct vgpu_sm *sm = D.sm;
  uint32_t pc = warp_pc(w), vpc = pc < sm->kc->ncode ? sm->kc->vir_pc[pc] : 0;
  uint64_t bits;
  unsigned reg;
  char name[64];
  long idx;
  const struct vir_var *v = find_var(expr, vpc);
  if (v) {
    if (vgpu_var_value(sm, w, l, v, &bits)) { snprintf(text, len, "<unreadable>"); return 0; }
    vgpu_format_value(text, len, bits, v->enc, v->size);
    return 0;
  }
  if (sscanf(expr, "r%u", &reg) == 1 && expr[strspn(expr + 1, "0123456789") + 1] == 0) {
    if (reg >= sm->kernel->nregs) { snprintf(text, len, "no register r%u (the kernel has %u)", reg, sm->kernel->nregs); return -1; }
    snprintf(text, len, "0x%" PRIx64, w->regs[(size_t)reg * sm->kc->width + l]);
    return 0;
  }
  uint32_t ai;
  const struct vir_arg *a;
  if (sscanf(expr, "%63[A-Za-z0-9_][%ld]", name, &idx) == 2 && (a = find_arg(name, &ai)) &&
      (a->kind == VIR_ARG_GLOBAL_PTR || a->kind == VIR_ARG_CONSTANT_PTR || a->kind == VIR_ARG_LOCAL_PTR)) {
    unsigned enc, size = elem_of(vir_string(sm->mod, a->type_name), &enc);
    uint64_t base = arg_value(w, l, ai);
    if (vgpu_peek(sm, w, l, base + (uint64_t)idx * size, size, &bits)) {
      snprintf(text, len, "cannot read %s[%ld]: outside its memory", name, idx);
      return -1;
    }
    vgpu_format_value(text, len, bits, enc, size);
    return 0;
  }
  if ((a = find_arg(expr, &ai))) {
    bits = arg_value(w, l, ai);
    if (a->kind == VIR_ARG_VALUE) {
      unsigned enc = strstr(vir_string(sm->mod, a->type_name), "float") || strstr(vir_string(sm->mod, a->type_name), "double")
                         ? VIR_VENC_FLOAT : strchr("u", vir_string(sm->mod, a->type_name)[0]) ? VIR_VENC_UNSIGNED : VIR_VENC_SIGNED;
      vgpu_format_value(text, len, bits, enc, a->elem_size);
    } else {
      snprintf(text, len, "0x%" PRIx64, bits);
    }
    return 0;
  }
  const struct vir_var *vs = vir_vars(sm->mod);
  for (uint32_t i = 0; i < sm->mod->nvars; i++)
    if (vs[i].kernel == sm->kc->kernel_index && !strcmp(vir_string(sm->mod, vs[i].name), expr)) {
      snprintf(text, len, "%s: optimized out here (its value is in no register at this pc)", expr);
      return -1;
    }
  snprintf(text, len, "no variable, register or argument '%s' here%s", expr,
           sm->mod->nvars ? "" : " (no debug information: the program was not built with -g)");
  return -1;
}

/* An address: a number (a tagged VIR pointer, as print shows pointers), global:N, local:N,
 * private:N, or ARG[i] (element i of a buffer argument). */
static int parse_addr(const char *s, uint64_t *addr) {
  unsigned long long n;
  char name[64];
  long idx;
  uint32_t ai;
  const struct vir_arg *a;
  if (sscanf(s, "global:%lli", &n) == 1) { *addr = n; return 0; }
  if (sscanf(s, "local:%lli", &n) == 1) { *addr = VIR_PTR_TAG_LOCAL << VIR_PTR_TAG_SHIFT | n; return 0; }
  if (sscanf(s, "private:%lli", &n) == 1) { *addr = VIR_PTR_TAG_PRIVATE << VIR_PTR_TAG_SHIFT | n; return 0; }
  if (sscanf(s, "%63[A-Za-z0-9_][%ld]", name, &idx) == 2 && (a = find_arg(name, &ai))) {
    unsigned enc, size = elem_of(vir_string(D.sm->mod, a->type_name), &enc);
    *addr = arg_value(D.cur, D.lane, ai) + (uint64_t)idx * size;
    return 0;
  }
  char *end;
  n = strtoull(s, &end, 0);
  if (end == s || *end) return -1;
  *addr = n;
  return 0;
}

/* ---- the commands ---- */

static void cmd_warps(void) {
  const struct vgpu_group *g = D.stopped->group;
  for (unsigned i = 0; i < g->nwarps; i++) {
    const struct vgpu_warp *w = &g->warps[i];
    uint32_t pc = warp_pc(w);
    const char *st = w == D.stopped ? "stopped" : w->state == VGPU_WARP_AT_BARRIER ? "at a barrier"
                     : w->state == VGPU_WARP_DONE ? "done" : "ready";
    uint64_t mask = w->state == VGPU_WARP_DONE ? 0 : w->sp >= 0 ? w->stack[w->sp].mask : w->init_mask;
    put("%s warp %u  group (%" PRIu64 ",%" PRIu64 ",%" PRIu64 ")  ", w == D.cur ? "*" : " ", i, g->id[0], g->id[1], g->id[2]);
    if (w->state == VGPU_WARP_DONE) put("%-22s", "-");
    else put("%s:%-4u pc %-6u", base_name(src_name()), pc < D.sm->kc->ncode ? D.sm->kc->line[pc] : 0,
             pc < D.sm->kc->ncode ? D.sm->kc->vir_pc[pc] : 0);
    put("  mask 0x%016" PRIx64 "  %s\n", mask, st);
  }
}

static void cmd_print(const char *expr) {
  char text[160];
  int all = !strncmp(expr, "-all ", 5);
  if (all) expr += 5;
  while (*expr == ' ') expr++;
  if (!all) {
    if (eval(D.cur, D.lane, expr, text, sizeof text)) put("%s\n", text);
    else put("%s = %s\n", expr, text);
    return;
  }
  uint64_t mask = D.cur->sp >= 0 ? D.cur->stack[D.cur->sp].mask : 0;
  const struct vgpu_group *g = D.cur->group;
  put("lane  work-item  %s\n", expr);
  for (unsigned l = 0; l < D.cur->width; l++) {
    if (!((D.cur->init_mask >> l) & 1)) continue;
    put("%4u  %9" PRIu64 "  ", l, g->base[0] + D.cur->lid[0][l]);
    if (eval(D.cur, l, expr, text, sizeof text)) { put("%s\n", text); return; }
    put("%s%s\n", text, (mask >> l) & 1 ? "" : "   (inactive)");
  }
}

static void cmd_registers(void) {
  const struct vgpu_sm *sm = D.sm;
  uint32_t n = sm->kernel->const_reg;
  put("lane %u of warp %u:\n", D.lane, D.cur->index);
  for (uint32_t r = 0; r < n; r++)
    put("  r%-4u 0x%016" PRIx64 "%s", r, D.cur->regs[(size_t)r * sm->kc->width + D.lane], r % 3 == 2 || r + 1 == n ? "\n" : "");
}

static void cmd_x(const char *arg) {
  unsigned n = 1;
  if (*arg == '/') { n = (unsigned)strtoul(arg + 1, (char **)&arg, 10); if (!n) n = 1; }
  while (*arg == ' ') arg++;
  uint64_t addr;
  if (parse_addr(arg, &addr)) { put("x: cannot read the address '%s'\n", arg); return; }
  for (unsigned i = 0; i < n && i < 256; i++) {
    uint64_t bits;
    if (i % 4 == 0) put("%s0x%" PRIx64 ":", i ? "\n" : "", (uint64_t)(addr + 4ull * i));
    if (vgpu_peek(D.sm, D.cur, D.lane, addr + 4ull * i, 4, &bits)) { put("  <outside memory>"); break; }
    put("  0x%08" PRIx64, bits);
  }
  put("\n");
}

static void cmd_list(void) {
  uint32_t pc = warp_pc(D.cur), line = pc < D.sm->kc->ncode ? D.sm->kc->line[pc] : 0;
  if (!D.source) { put("no source text for %s\n", src_name()); return; }
  for (uint32_t l = line > 5 ? line - 5 : 1; l <= line + 5; l++) show_line(l, l == line ? "> " : "  ");
}

static void cmd_groups(void) {
  const struct vgpu_launch *L = D.sm->launch;
  uint64_t cur = group_linear(D.stopped->group, L);
  put("%" PRIu64 " work-groups (%" PRIu64 " x %" PRIu64 " x %" PRIu64 "), run one at a time in order, group g on SM g %% %u:\n",
      L->total_groups, L->num_groups[0], L->num_groups[1], L->num_groups[2], L->nactive);
  put("  done: %" PRIu64 "; running: group %" PRIu64 " on SM %d; waiting: %" PRIu64 "\n", cur, cur, D.sm->index,
      L->total_groups - cur - 1);
}

static void cmd_backtrace(void) {
  uint32_t pc = warp_pc(D.cur);
  const struct vir_header *h = D.sm->mod;
  uint32_t vpc = pc < D.sm->kc->ncode ? D.sm->kc->vir_pc[pc] : 0;
  const char *kname = vir_string(h, D.sm->kernel->name);
  /* the inlined functions whose variables are live here, innermost (latest range start) first */
  const struct vir_var *vs = vir_vars(h);
  const char *seen[16];
  unsigned ns = 0, frame = 0;
  for (;;) {
    const struct vir_var *best = NULL;
    for (uint32_t i = 0; i < h->nvars; i++) {
      const struct vir_var *v = &vs[i];
      const char *sc = vir_string(h, v->scope);
      if (v->kernel != D.sm->kc->kernel_index || vpc < v->first_pc || vpc >= v->end_pc || !*sc || !strcmp(sc, kname)) continue;
      int dup = 0;
      for (unsigned k = 0; k < ns; k++) dup |= !strcmp(seen[k], sc);
      if (!dup && (!best || v->first_pc > best->first_pc)) best = v;
    }
    if (!best || ns == 16) break;
    seen[ns++] = vir_string(h, best->scope);
    put("#%u  %s (inlined)\n", frame++, seen[ns - 1]);
  }
  put("#%u  kernel %s at %s:%u\n", frame, kname, src_name(), pc < D.sm->kc->ncode ? D.sm->kc->line[pc] : 0);
}

/* One command of a stop: 1 when it resumes the warp. */
static int command(const char *c) {
  if (bp_line(c)) return 0;
  unsigned n;
  if (!strcmp(c, "continue") || !strcmp(c, "c")) { D.step = STEP_NONE; return 1; }
  if (!strcmp(c, "step") || !strcmp(c, "s") || !strcmp(c, "next") || !strcmp(c, "n") || !strcmp(c, "stepi") ||
      !strcmp(c, "si") || !strcmp(c, "finish")) {
    D.step = !strcmp(c, "stepi") || !strcmp(c, "si") ? STEP_INSN : !strcmp(c, "finish") ? STEP_FINISH : STEP_LINE;
    D.step_group = group_linear(D.cur->group, D.sm->launch);
    D.step_warp = D.cur->index;
    uint32_t pc = warp_pc(D.cur);
    D.step_line = pc < D.sm->kc->ncode ? D.sm->kc->line[pc] : 0;
    return 1;
  }
  if (!strcmp(c, "quit") || !strcmp(c, "q")) {
    atomic_store(&D.sh->quit, 1);
    vgpu_fault_raise(D.sm, D.stopped, (int)D.lane, D.stop_pc, VGPU_LAUNCH_DEBUGGER_QUIT,
                     "the debugger ended the kernel (quit)");
    return 1;
  }
  if (!strcmp(c, "warps") || !strcmp(c, "info warps")) cmd_warps();
  else if (sscanf(c, "warp %u", &n) == 1) {
    if (n >= D.stopped->group->nwarps) put("no warp %u (the group has %u)\n", n, D.stopped->group->nwarps);
    else { D.cur = &D.stopped->group->warps[n]; if (!((D.cur->init_mask >> D.lane) & 1)) D.lane = 0; where(D.cur); }
  } else if (sscanf(c, "lane %u", &n) == 1) {
    if (n >= D.cur->width || !((D.cur->init_mask >> n) & 1)) put("no lane %u in warp %u\n", n, D.cur->index);
    else {
      D.lane = n;
      uint64_t mask = D.cur->sp >= 0 ? D.cur->stack[D.cur->sp].mask : 0;
      put("lane %u: work-item %" PRIu64 " (local %" PRIu64 "), %s\n", n, D.cur->group->base[0] + D.cur->lid[0][n],
          D.cur->lid[0][n], (mask >> n) & 1 ? "active" : "inactive");
    }
  } else if (!strncmp(c, "print ", 6) || !strncmp(c, "p ", 2)) cmd_print(strchr(c, ' ') + 1);
  else if (!strcmp(c, "info registers")) cmd_registers();
  else if (!strncmp(c, "x/", 2) || !strncmp(c, "x ", 2)) cmd_x(c + 1);
  else if (!strcmp(c, "list") || !strcmp(c, "l")) cmd_list();
  else if (!strcmp(c, "backtrace") || !strcmp(c, "bt")) cmd_backtrace();
  else if (!strcmp(c, "info groups")) cmd_groups();
  else if (!strcmp(c, "info stack")) {
    char buf[4096] = "";
    vgpu_describe_stack(D.sm, D.cur, warp_pc(D.cur), buf, sizeof buf);
    put("%s\n", buf[0] == '\n' ? buf + 1 : buf);
  } else if (!strcmp(c, "info operands")) {
    char buf[8192] = "";
    vgpu_describe_operands(D.sm, D.cur, warp_pc(D.cur), buf, sizeof buf);
    put("%s\n", buf[0] == '\n' ? buf + 1 : buf);
  } else if (!strcmp(c, "where")) where(D.cur);
  else if (!strncmp(c, "resolve ", 8)) { /* the debugger's `watch EXPR`: the address, as a number */
    uint64_t a;
    if (parse_addr(c + 8, &a)) put("error: cannot take the address of '%s'\n", c + 8);
    else put("0x%" PRIx64 "\n", a);
  }
  else put("unknown command '%s' (help: docs/debugging.md)\n", c);
  return 0;
}

/* Stops warp w at decoded pc: the conversation with the debugger, device paused meanwhile. */
static void stop(struct vgpu_warp *w, uint32_t pc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void stop(struct vgpu_warp *w, uint32_t pc, const char *fmt, ...) {
  struct vgpu_launch *L = D.sm->launch;
  atomic_store(&L->pausing, 1);
  uint64_t t0 = vgpu_now_ns();
  D.step = STEP_NONE;
  D.stopped = D.cur = w;
  D.stop_pc = pc;
  uint64_t mask = w->sp >= 0 ? w->stack[w->sp].mask : 0;
  D.lane = mask ? (unsigned)__builtin_ctzll(mask) : 0;
  D.fd = dbg_connect();
  if (D.fd < 0) { /* the debugger is gone: run on */
    atomic_store(&L->pausing, 0);
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  char why[256];
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  put("%s, kernel %s, device %u SM %d\n  ", why, vir_string(D.sm->mod, D.sm->kernel->name), D.sh->device, D.sm->index);
  where(w);
  char line[512];
  if (!send_reply())
    while (!read_line(line, sizeof line)) {
      int go = command(line);
      if (go) break;
      if (strncmp(line, "bp-", 3) && send_reply()) break;
    }
  close(D.fd);
  D.fd = -1;
  atomic_fetch_add(&L->paused_ns, vgpu_now_ns() - t0);
  atomic_store(&L->pausing, 0);
}

/* FILE of a FILE:LINE breakpoint against the module's source: the same base name; a program built
 * from a string is compiled as "program.cl" (runtime/compile_client.c), and any FILE names it. */
static int file_matches(const char *file) {
  const char *src = base_name(src_name());
  return !file[0] || !strcmp(base_name(file), src) || !strcmp(src, "program.cl");
}

static int line_start(uint32_t pc) {
  const struct vgpu_kcode *kc = D.sm->kc;
  uint32_t p = pc;
  while (p > 0 && kc->code[p - 1].op == VGPU_D_RECONV) p--;
  return p == 0 || kc->line[p - 1] != kc->line[pc];
}

static void insn(void *ctx, const struct vgpu_warp *cw, const struct vgpu_dinsn *in, unsigned op, uint64_t mask) {
  (void)ctx; (void)mask;
  if (atomic_load_explicit(&D.sh->quit, memory_order_relaxed) || D.sm->faulted) return;
  struct vgpu_warp *w = (struct vgpu_warp *)cw; /* the debugger may look at everything */
  const struct vgpu_kcode *kc = D.sm->kc;
  uint32_t pc = (uint32_t)(in - kc->code), line = kc->line[pc];
  if (D.step && w->index == D.step_warp && group_linear(w->group, D.sm->launch) == D.step_group) {
    if (D.step == STEP_INSN) { stop(w, pc, "stepped one instruction"); return; }
    if (D.step == STEP_LINE && line && line != D.step_line) { stop(w, pc, "stepped to line %u", line); return; }
    if (D.step == STEP_FINISH && op == VIR_RET) { stop(w, pc, "finish: the warp is about to return"); return; }
  }
  const struct vgpu_dbg_shared *sh = D.sh;
  for (uint32_t i = 0; i < sh->nbp; i++) {
    const struct vgpu_dbg_bp *b = &sh->bp[i];
    if (b->kind == VGPU_DBG_BP_LINE && line == b->line && line_start(pc) && file_matches(b->name)) {
      stop(w, pc, "breakpoint %u", b->number);
      return;
    }
    if (b->kind == VGPU_DBG_BP_KERNEL && pc == 0 && !strcmp(b->name, vir_string(D.sm->mod, D.sm->kernel->name))) {
      uint32_t zero = 0;
      if (atomic_compare_exchange_strong(&D.sh->entered, &zero, 1)) { stop(w, pc, "breakpoint %u", b->number); return; }
    }
  }
}

static int mem(void *ctx, const struct vgpu_warp *cw, uint32_t pc, enum vgpu_space space, int is_store,
               const uint64_t *addr, uint64_t mask, unsigned size, const uint64_t *val) {
  (void)ctx; (void)space;
  /* after `quit` the warp that was stopped runs on only until its next memory request */
  if (atomic_load_explicit(&D.sh->quit, memory_order_relaxed)) return D.sm->faulted ? -1 : 0;
  if (!is_store || !val) return 0;
  const struct vgpu_dbg_shared *sh = D.sh;
  for (uint32_t i = 0; i < sh->nbp; i++) {
    const struct vgpu_dbg_bp *b = &sh->bp[i];
    if (b->kind != VGPU_DBG_BP_WATCH) continue;
    for (uint64_t m = mask; m; m &= m - 1) {
      unsigned l = (unsigned)__builtin_ctzll(m);
      if (b->addr < addr[l] || b->addr >= addr[l] + size) continue;
      struct vgpu_warp *w = (struct vgpu_warp *)cw;
      uint64_t old = 0;
      vgpu_peek(D.sm, w, l, addr[l], size, &old);
      stop(w, pc, "watchpoint %u: lane %u (work-item %" PRIu64 ") writes 0x%" PRIx64 " over 0x%" PRIx64 " at 0x%" PRIx64,
           b->number, l, w->group->base[0] + w->lid[0][l], (uint64_t)(val[l] & (size >= 8 ? ~0ull : (1ull << 8 * size) - 1)), old,
           addr[l]);
      return D.sm->faulted ? -1 : 0;
    }
  }
  return 0;
}

static void launch_end(void *ctx, struct vgpu_sm *sm) {
  (void)ctx; (void)sm;
  D.step = STEP_NONE;
}

const struct vgpu_observer vgpu_debugger_observer = {
  .launch_begin = launch_begin,
  .launch_end = launch_end,
  .insn = insn,
  .mem = mem,
};
