/* profile.c - VGPU_PROFILE: the counters of counters.c, per VIR pc (and so per source line), exact.
 * Each SM adds into its own rows of the observer's arena buffer (layout: include/vgpu/profile.h);
 * the runtime sums the SMs after the launch and writes the JSON (runtime/profile_out.c).  It does
 * the counters observer's job too (observer.h `subsumes`): at launch end the rows' sums and the
 * per-group counts below are the SM's counters. */
#include <string.h>
#include "vgpu/profile.h"
#include "sim/warp.h"

struct profile {
  uint64_t *rows;          /* this SM's rows: [vir_pc][VGPU_PROF_N] */
  const uint32_t *vir_pc;  /* decoded pc -> VIR pc */
  const struct vgpu_dinsn *code;
  uint32_t ninsns;
  uint64_t global_bytes, barriers, work_groups, warps, image_reads, image_writes; /* the counters no row holds */
};
static struct profile prof; /* one launch at a time per SM process */

#define ROW(ctx, pc) (((struct profile *)(ctx))->rows + (size_t)((struct profile *)(ctx))->vir_pc[pc] * VGPU_PROF_N)

static void *launch_begin(struct vgpu_sm *sm) {
  const struct vgpu_launch *L = sm->launch;
  const struct vgpu_obs_buf *b = &L->obs_buf[VGPU_OBS_PROFILE];
  uint64_t row_bytes = (uint64_t)sm->kernel->ninsns * VGPU_PROF_N * sizeof(uint64_t);
  uint64_t need = ((uint64_t)sm->index + 1) * row_bytes;
  if (!b->off || b->size < need || b->off > sm->arena_size || b->size > sm->arena_size - b->off) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT,
                     "VGPU_PROFILE: the launch's profile buffer is missing or too small");
    return NULL;
  }
  prof.rows = (uint64_t *)(void *)(sm->arena + b->off + (uint64_t)sm->index * row_bytes);
  prof.vir_pc = sm->kc->vir_pc;
  prof.code = sm->kc->code;
  prof.ninsns = sm->kernel->ninsns;
  prof.global_bytes = prof.barriers = prof.work_groups = prof.warps = prof.image_reads = prof.image_writes = 0;
  return &prof;
}

/* The SM's counters (counters.c's slot of the launch record), from the rows. */
static void launch_end(void *ctx, struct vgpu_sm *sm) {
  const struct profile *p = ctx;
  if (sm->index >= VGPU_MAX_SMS) return;
  struct vgpu_counters c = {0};
  for (uint32_t pc = 0; pc < p->ninsns; pc++) {
    const uint64_t *r = p->rows + (size_t)pc * VGPU_PROF_N;
    c.warp_insns += r[VGPU_PROF_WARP_INSNS];
    c.lane_insns += r[VGPU_PROF_LANE_INSNS];
    c.branches += r[VGPU_PROF_BRANCHES];
    c.divergent_branches += r[VGPU_PROF_DIVERGENT_BRANCHES];
    c.global_requests += r[VGPU_PROF_GLOBAL_REQUESTS];
    c.global_transactions += r[VGPU_PROF_GLOBAL_TRANSACTIONS];
    c.local_requests += r[VGPU_PROF_LOCAL_ACCESSES];
    c.local_bank_conflicts += r[VGPU_PROF_BANK_CONFLICTS];
    c.atomics += r[VGPU_PROF_ATOMICS];
    c.image_texels += r[VGPU_PROF_IMAGE_TEXELS];
    c.image_filter_texels += r[VGPU_PROF_IMAGE_FILTER_TEXELS];
  }
  c.image_reads = p->image_reads;
  c.image_writes = p->image_writes;
  c.global_bytes = p->global_bytes;
  c.barriers = p->barriers;
  c.work_groups = p->work_groups;
  c.warps = p->warps;
  sm->launch->counters[sm->index] = c;
}

static void on_barrier(void *ctx, const struct vgpu_group *g) {
  (void)g;
  ((struct profile *)ctx)->barriers++;
}

static void on_group_begin(void *ctx, const struct vgpu_group *g) {
  struct profile *p = ctx;
  p->work_groups++;
  p->warps += g->nwarps;
}

static void on_insn(void *ctx, const struct vgpu_warp *w, const struct vgpu_dinsn *in, unsigned op, uint64_t mask) {
  uint64_t *r = ROW(ctx, (uint32_t)(in - ((struct profile *)ctx)->code));
  r[VGPU_PROF_WARP_INSNS]++;
  r[VGPU_PROF_LANE_INSNS] += mask == vgpu_full_mask(w->width) ? w->width : (uint64_t)__builtin_popcountll(mask);
  if (op == VIR_BARRIER) r[VGPU_PROF_BARRIERS]++;
}

static void on_branch(void *ctx, const struct vgpu_warp *w, uint32_t pc, uint64_t mask, uint64_t taken) {
  (void)w;
  uint64_t *r = ROW(ctx, pc);
  r[VGPU_PROF_BRANCHES]++;
  if (taken && taken != mask) r[VGPU_PROF_DIVERGENT_BRANCHES]++;
}

static int on_mem(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space, int is_store,
                  const uint64_t *addr, uint64_t mask, unsigned size, const uint64_t *val) {
  (void)w;
  (void)is_store;
  (void)val;
  if (space == VGPU_SPACE_PRIVATE) return 0;
  struct vgpu_counters c;
  memset(&c, 0, sizeof c);
  vgpu_counters_mem(&c, space, addr, mask, size); /* the one cost model */
  uint64_t *r = ROW(ctx, pc);
  r[VGPU_PROF_GLOBAL_REQUESTS] += c.global_requests;
  r[VGPU_PROF_GLOBAL_TRANSACTIONS] += c.global_transactions;
  r[VGPU_PROF_LOCAL_ACCESSES] += c.local_requests;
  r[VGPU_PROF_BANK_CONFLICTS] += c.local_bank_conflicts;
  ((struct profile *)ctx)->global_bytes += c.global_bytes;
  return 0;
}

static void on_atomic(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space,
                      const uint64_t *addr, uint64_t mask, unsigned size) {
  (void)w;
  (void)space;
  (void)addr;
  (void)size;
  ROW(ctx, pc)[VGPU_PROF_ATOMICS] += (uint64_t)__builtin_popcountll(mask);
}

static void on_texture(void *ctx, const struct vgpu_warp *w, uint32_t pc, int is_write, uint64_t mask,
                       uint64_t texels, uint64_t filter_texels) {
  (void)w;
  (void)mask;
  struct profile *p = ctx;
  uint64_t *r = ROW(ctx, pc);
  r[VGPU_PROF_IMAGE_REQUESTS]++;
  r[VGPU_PROF_IMAGE_TEXELS] += texels;
  r[VGPU_PROF_IMAGE_FILTER_TEXELS] += filter_texels;
  if (is_write) p->image_writes++;
  else p->image_reads++;
}

const struct vgpu_observer vgpu_profile_observer = {
  .subsumes = 1u << VGPU_OBS_COUNTERS,
  .launch_begin = launch_begin,
  .launch_end = launch_end,
  .barrier = on_barrier,
  .group_begin = on_group_begin,
  .insn = on_insn,
  .branch = on_branch,
  .mem = on_mem,
  .atomic = on_atomic,
  .texture = on_texture,
};
