/* timeline.c - the SM's part of VGPU_TIMELINE (runtime/timeline.h): each work-group as a slice on
 * this SM's track, each barrier wait (from the first warp's arrival to the release), each
 * divergent branch as an instant with its source line.  Records go to this SM's struct vgpu_tl_sm
 * in the arena (sim/observers/timeline.h, which says how the size stays bounded); the host turns them
 * into trace events after the launch.  Times are CLOCK_MONOTONIC, the clock the host uses for the
 * commands' profiling info, so every process's events share one time axis. */
#include <stddef.h>
#include "sim/arena.h"
#include "sim/observer.h"
#include "sim/observers/timeline.h"
#include "sim/warp.h"

struct tl_ctx {
  struct vgpu_tl_sm *buf;   /* NULL: no buffer for this SM (nothing is recorded) */
  struct vgpu_sm *sm;
  uint64_t group, group_t0; /* the running group's linear index and start */
  uint64_t arrive_t0;       /* the first arrival at the current barrier */
  uint32_t arrive_pc;       /* the barrier it arrived at */
  uint32_t arrived;
};

static struct tl_ctx ctx; /* one SM per process, one launch at a time */

static void *launch_begin(struct vgpu_sm *sm) {
  const struct vgpu_obs_buf *b = &sm->launch->obs_buf[VGPU_OBS_TIMELINE];
  ctx.sm = sm;
  ctx.buf = NULL;
  uint64_t need = (uint64_t)(sm->index + 1) * sizeof(struct vgpu_tl_sm);
  if (b->off >= VGPU_ARENA_RESERVED && b->size >= need && b->off <= sm->arena_size && need <= sm->arena_size - b->off)
    ctx.buf = (struct vgpu_tl_sm *)(void *)(sm->arena + b->off) + sm->index;
  if (ctx.buf && !ctx.buf->per_slice) ctx.buf->per_slice = 1;
  return &ctx;
}

static void launch_end(void *c, struct vgpu_sm *sm) {
  struct tl_ctx *t = c;
  if (t->buf) t->buf->groups = sm->groups_run;
}

static struct vgpu_tl_rec *detail(struct tl_ctx *t) {
  struct vgpu_tl_sm *b = t->buf;
  if (b->ndetails < VGPU_TL_DETAILS) return &b->detail[b->ndetails++];
  b->details_dropped++;
  return NULL;
}

static void on_group_begin(void *c, const struct vgpu_group *g) {
  struct tl_ctx *t = c;
  if (!t->buf) return;
  const struct vgpu_launch *L = t->sm->launch;
  t->group = g->id[0] + L->num_groups[0] * (g->id[1] + L->num_groups[1] * g->id[2]);
  t->arrived = 0;
  t->group_t0 = vgpu_now_ns();
}

/* Aggregation: a group joins the last slice while it holds fewer than per_slice groups; a full
 * buffer is halved by merging neighbours, and per_slice doubles. */
static void on_group_end(void *c, const struct vgpu_group *g) {
  (void)g;
  struct tl_ctx *t = c;
  struct vgpu_tl_sm *b = t->buf;
  if (!b) return;
  uint64_t now = vgpu_now_ns();
  if (b->nslices == VGPU_TL_SLICES && b->slice[b->nslices - 1].count >= b->per_slice) {
    for (uint32_t i = 0; i < VGPU_TL_SLICES / 2; i++) {
      struct vgpu_tl_rec x = b->slice[2 * i], y = b->slice[2 * i + 1];
      x.t1 = y.t1;
      x.last = y.last;
      x.count += y.count;
      b->slice[i] = x;
    }
    b->nslices = VGPU_TL_SLICES / 2;
    b->per_slice *= 2;
  }
  struct vgpu_tl_rec *last = b->nslices ? &b->slice[b->nslices - 1] : NULL;
  if (last && last->count < b->per_slice) {
    last->t1 = now;
    last->last = t->group;
    last->count++;
    return;
  }
  b->slice[b->nslices++] = (struct vgpu_tl_rec){.t0 = t->group_t0, .t1 = now, .group = t->group, .last = t->group,
                                                .kind = VGPU_TL_GROUP, .count = 1};
}

/* A warp reached a barrier: the first one starts the wait. */
static void on_barrier_arrive(void *c, const struct vgpu_warp *w, uint32_t pc) {
  (void)w;
  struct tl_ctx *t = c;
  if (!t->buf) return;
  if (!t->arrived++) {
    t->arrive_t0 = vgpu_now_ns();
    t->arrive_pc = pc;
  }
}

static void on_barrier(void *c, const struct vgpu_group *g) {
  (void)g;
  struct tl_ctx *t = c;
  if (!t->buf) return;
  t->buf->barrier_total++;
  struct vgpu_tl_rec *r = detail(t);
  if (r)
    *r = (struct vgpu_tl_rec){.t0 = t->arrived ? t->arrive_t0 : vgpu_now_ns(), .t1 = vgpu_now_ns(), .group = t->group,
                              .kind = VGPU_TL_BARRIER, .count = t->arrived,
                              .line = t->arrived ? t->sm->kc->line[t->arrive_pc] : 0};
  t->arrived = 0;
}

static void on_branch(void *c, const struct vgpu_warp *w, uint32_t pc, uint64_t mask, uint64_t taken) {
  struct tl_ctx *t = c;
  if (!t->buf) return;
  uint32_t line = t->sm->kc->line[pc];
  struct vgpu_tl_line *s = &t->buf->line[line < VGPU_TL_LINES ? line : VGPU_TL_LINES - 1];
  int divergent = taken && taken != mask;
  s->branches++;
  s->divergent += (uint64_t)divergent;
  s->taken += (uint64_t)__builtin_popcountll(taken & mask);
  s->not_taken += (uint64_t)__builtin_popcountll(mask & ~taken);
  if (!divergent) return;
  t->buf->diverge_total++;
  struct vgpu_tl_rec *r = detail(t);
  if (r)
    *r = (struct vgpu_tl_rec){.t0 = vgpu_now_ns(), .group = t->group, .last = w->index, .kind = VGPU_TL_DIVERGE,
                              .line = line, .taken = (uint32_t)__builtin_popcountll(taken),
                              .not_taken = (uint32_t)__builtin_popcountll(mask & ~taken)};
  if (r) r->t1 = r->t0;
}

const struct vgpu_observer vgpu_timeline_observer = {
  .launch_begin = launch_begin,
  .launch_end = launch_end,
  .barrier_arrive = on_barrier_arrive,
  .branch = on_branch,
  .barrier = on_barrier,
  .group_begin = on_group_begin,
  .group_end = on_group_end,
};
