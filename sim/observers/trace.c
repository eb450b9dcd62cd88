/* trace.c - VGPU_TRACE=FILE: an execution trace a learner can read.  Every SM process appends one
 * text line per event to FILE: the launch, each work-group (its warps), each divergent branch (the
 * source line, how many lanes went each way), each barrier, the end.  Lines are written a
 * work-group at a time with O_APPEND, so the SMs' lines interleave by group, never mid-line.
 * Per-instruction events are left to the counters: a trace of every warp instruction would be
 * larger than anyone reads.  When the launch also collects counters, this observer forwards every
 * hook to the counters observer, so both work at once. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/observer.h"
#include "sim/warp.h"

static int trace_fd = -1;
static char *buf;
static size_t len, cap;

int vgpu_trace_open(struct vgpu_sm *sm) {
  (void)sm;
  const char *path = getenv("VGPU_TRACE");
  if (!path || !*path) return -1;
  trace_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  return trace_fd >= 0 ? 0 : -1;
}

static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf ? buf + len : NULL, buf ? cap - len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (buf && len + (size_t)n < cap) {
      len += (size_t)n;
      return;
    }
    size_t ncap = cap ? 2 * cap : 65536;
    while (ncap < len + (size_t)n + 1) ncap *= 2;
    char *p = realloc(buf, ncap);
    if (!p) return;
    buf = p;
    cap = ncap;
  }
}

static void flush(void) {
  for (size_t off = 0; off < len;) {
    ssize_t w = write(trace_fd, buf + off, len - off);
    if (w <= 0) break;
    off += (size_t)w;
  }
  len = 0;
}

#define SM(ctx) ((struct vgpu_sm *)(ctx))
#define COUNTERS(ctx) (SM(ctx)->launch->counters_on ? &SM(ctx)->counters : NULL)
#define GROUP(g) (unsigned long long)(g)->id[0], (unsigned long long)(g)->id[1], (unsigned long long)(g)->id[2]

void vgpu_trace_launch(struct vgpu_sm *sm, int begin) {
  const struct vgpu_launch *L = sm->launch;
  const char *name = sm->kernel ? vir_string(sm->mod, sm->kernel->name) : "?";
  if (begin)
    emit("sm=%d launch kernel=%s dims=%u global=(%llu,%llu,%llu) local=(%llu,%llu,%llu) groups=%llu warp=%u\n",
         sm->index, name, L->work_dim, (unsigned long long)L->global_size[0],
         (unsigned long long)L->global_size[1], (unsigned long long)L->global_size[2],
         (unsigned long long)L->local_size[0], (unsigned long long)L->local_size[1],
         (unsigned long long)L->local_size[2], (unsigned long long)L->total_groups, sm->width);
  else
    emit("sm=%d end kernel=%s groups_run=%llu%s\n", sm->index, name, (unsigned long long)sm->groups_run,
         sm->faulted ? " fault" : "");
  flush();
}

static void on_insn(void *ctx, const struct vgpu_warp *w, unsigned op, uint64_t mask) {
  if (COUNTERS(ctx)) vgpu_counters_observer.insn(COUNTERS(ctx), w, op, mask);
}

static void on_branch(void *ctx, const struct vgpu_warp *w, uint32_t pc, uint64_t mask, uint64_t taken) {
  if (COUNTERS(ctx)) vgpu_counters_observer.branch(COUNTERS(ctx), w, pc, mask, taken);
  if (!taken || taken == mask) return;
  const struct vgpu_kcode *kc = SM(ctx)->kc;
  emit("sm=%d group=(%llu,%llu,%llu) warp=%u diverge line=%u pc=%u lanes=%d taken=%d not_taken=%d\n",
       SM(ctx)->index, GROUP(w->group), w->index, kc->line[pc], kc->vir_pc[pc], __builtin_popcountll(mask),
       __builtin_popcountll(taken), __builtin_popcountll(mask & ~taken));
}

static void on_mem(void *ctx, const struct vgpu_warp *w, enum vgpu_space space, int is_store,
                   const uint64_t *addr, uint64_t mask, unsigned size) {
  if (COUNTERS(ctx)) vgpu_counters_observer.mem(COUNTERS(ctx), w, space, is_store, addr, mask, size);
}

static void on_atomic(void *ctx, const struct vgpu_warp *w, enum vgpu_space space, const uint64_t *addr,
                      uint64_t mask, unsigned size) {
  if (COUNTERS(ctx)) vgpu_counters_observer.atomic(COUNTERS(ctx), w, space, addr, mask, size);
}

static void on_barrier(void *ctx, const struct vgpu_group *g) {
  if (COUNTERS(ctx)) vgpu_counters_observer.barrier(COUNTERS(ctx), g);
  emit("sm=%d group=(%llu,%llu,%llu) barrier warps=%u\n", SM(ctx)->index, GROUP(g), g->nwarps);
}

static void on_group_begin(void *ctx, const struct vgpu_group *g) {
  if (COUNTERS(ctx)) vgpu_counters_observer.group_begin(COUNTERS(ctx), g);
  emit("sm=%d group=(%llu,%llu,%llu) begin items=%llu warps=%u\n", SM(ctx)->index, GROUP(g),
       (unsigned long long)g->items, g->nwarps);
}

static void on_group_end(void *ctx, const struct vgpu_group *g) {
  emit("sm=%d group=(%llu,%llu,%llu) end\n", SM(ctx)->index, GROUP(g));
  flush();
}

const struct vgpu_observer vgpu_trace_observer = {
  .insn = on_insn,
  .branch = on_branch,
  .mem = on_mem,
  .atomic = on_atomic,
  .barrier = on_barrier,
  .group_begin = on_group_begin,
  .group_end = on_group_end,
};
