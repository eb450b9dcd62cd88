/* trace.c - VGPU_TRACE=FILE: an execution trace a learner can read (format: docs/trace.md).  Every
 * SM process appends one text line per event to FILE, each starting with its time: the launch, each
 * work-group (its warps), each divergent branch (its source line, and how many lanes went to which
 * source line), each barrier, the end.  Lines are written a work-group at a time with O_APPEND, so
 * the SMs' lines interleave by group, never mid-line.  The runtime truncated FILE when the program
 * started and checked that it can be written (runtime/observe.c); the path comes in this observer's
 * arena buffer.  Per-instruction events are left to the counters and the profile: a trace of every
 * warp instruction would be larger than anyone reads. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/observer.h"
#include "sim/warp.h"

static struct trace {
  struct vgpu_sm *sm;
  int fd;
  char path[4096];   /* the file fd has open */
  char *buf;
  size_t len, cap;
} tr = {.fd = -1};

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tr.buf ? tr.buf + tr.len : NULL, tr.buf ? tr.cap - tr.len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (tr.buf && tr.len + (size_t)n < tr.cap) {
      tr.len += (size_t)n;
      return;
    }
    size_t ncap = tr.cap ? 2 * tr.cap : 65536;
    while (ncap < tr.len + (size_t)n + 1) ncap *= 2;
    char *p = realloc(tr.buf, ncap);
    if (!p) return;
    tr.buf = p;
    tr.cap = ncap;
  }
}

static void flush(void) {
  for (size_t off = 0; off < tr.len;) {
    ssize_t w = write(tr.fd, tr.buf + off, tr.len - off);
    if (w <= 0) break;
    off += (size_t)w;
  }
  tr.len = 0;
}

/* "t=SECONDS.NANOSECONDS sm=I": the time since the host program started (CLOCK_MONOTONIC, the one
 * clock of every process), then the SM. */
static void head(const struct vgpu_sm *sm) {
  uint64_t t = vgpu_now_ns() - sm->launch->clock_base_ns;
  emit("t=%llu.%09llu sm=%d ", (unsigned long long)(t / 1000000000ull), (unsigned long long)(t % 1000000000ull),
       sm->index);
}
#define GROUP(g) (unsigned long long)(g)->id[0], (unsigned long long)(g)->id[1], (unsigned long long)(g)->id[2]

static void *launch_begin(struct vgpu_sm *sm) {
  const struct vgpu_launch *L = sm->launch;
  const struct vgpu_obs_buf *b = &L->obs_buf[VGPU_OBS_TRACE];
  const char *path = b->off && b->size && b->off + b->size <= sm->arena_size ? (const char *)sm->arena + b->off : "";
  size_t n = strnlen(path, b->size);
  if (n == 0 || n >= b->size || n >= sizeof tr.path) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "VGPU_TRACE: the launch carries no trace file name");
    return NULL;
  }
  if (tr.fd < 0 || strcmp(tr.path, path) != 0) {
    if (tr.fd >= 0) close(tr.fd);
    tr.fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (tr.fd < 0) {
      tr.path[0] = '\0';
      vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "VGPU_TRACE=%s: the SM cannot open it", path);
      return NULL;
    }
    memcpy(tr.path, path, n + 1);
  }
  tr.sm = sm;
  const char *name = vir_string(sm->mod, sm->kernel->name);
  head(sm);
  emit("launch kernel=%s dims=%u global=(%llu,%llu,%llu) local=(%llu,%llu,%llu) groups=%llu warp=%u\n", name,
       L->work_dim, (unsigned long long)L->global_size[0], (unsigned long long)L->global_size[1], (unsigned long long)L->global_size[2],
       (unsigned long long)L->local_size[0], (unsigned long long)L->local_size[1],
       (unsigned long long)L->local_size[2], (unsigned long long)L->total_groups, sm->width);
  flush();
  return &tr;
}

static void launch_end(void *ctx, struct vgpu_sm *sm) {
  (void)ctx;
  head(sm);
  emit("end kernel=%s groups_run=%llu%s\n", vir_string(sm->mod, sm->kernel->name),
       (unsigned long long)sm->groups_run, sm->faulted ? " fault" : "");
  flush();
}

/* The source line a branch target leads to: the first line, from the target on, other than the
 * branch's own (a target often starts with a few instructions the compiler attributes to the
 * condition's line); the branch's line when there is none nearby. */
static uint32_t target_line(const struct vgpu_kcode *kc, uint32_t pc, uint32_t branch_line) {
  uint32_t p = pc;
  for (int steps = 0; p < kc->ncode && steps < 64; steps++) {
    if (kc->line[p] && kc->line[p] != branch_line) return kc->line[p];
    p = kc->code[p].op == VIR_BR ? kc->code[p].a : p + 1; /* the path the lanes take */
  }
  return branch_line;
}

/* In the source's terms, not the compiled branch's (whose condition the compiler may have
 * inverted): how many lanes went on to which source line. */
static void on_branch(void *ctx, const struct vgpu_warp *w, uint32_t pc, uint64_t mask, uint64_t taken) {
  (void)ctx;
  if (!taken || taken == mask) return;
  struct vgpu_sm *sm = tr.sm;
  const struct vgpu_kcode *kc = sm->kc;
  const struct vgpu_dinsn *in = &kc->code[pc];
  head(sm);
  emit("group=(%llu,%llu,%llu) warp=%u diverge line=%u pc=%u lanes=%d to_line=%u:%d to_line=%u:%d\n",
       GROUP(w->group), w->index, kc->line[pc], kc->vir_pc[pc], __builtin_popcountll(mask), target_line(kc, in->b, kc->line[pc]), __builtin_popcountll(taken), target_line(kc, in->c, kc->line[pc]),
       __builtin_popcountll(mask & ~taken));
}

static void on_barrier(void *ctx, const struct vgpu_group *g) {
  (void)ctx;
  head(tr.sm);
  emit("group=(%llu,%llu,%llu) barrier warps=%u\n", GROUP(g), g->nwarps);
}

static void on_group_begin(void *ctx, const struct vgpu_group *g) {
  (void)ctx;
  head(tr.sm);
  emit("group=(%llu,%llu,%llu) begin items=%llu warps=%u\n", GROUP(g),
       (unsigned long long)g->items, g->nwarps);
}

static void on_group_end(void *ctx, const struct vgpu_group *g) {
  (void)ctx;
  head(tr.sm);
  emit("group=(%llu,%llu,%llu) end\n", GROUP(g));
  flush();
}

const struct vgpu_observer vgpu_trace_observer = {
  .launch_begin = launch_begin,
  .launch_end = launch_end,
  .branch = on_branch,
  .barrier = on_barrier,
  .group_begin = on_group_begin,
  .group_end = on_group_end,
};
