/* counters.c - the hardware counters of include/vgpu/counters.h as an observer (VGPU_COUNTERS=1).
 * The models are those of a GPU's memory system:
 *  - global transactions: the distinct 32-byte segments a warp request touches (a coalesced
 *    request of 32 consecutive floats is 4 segments, a scattered one up to 32 or more);
 *  - local bank conflicts: 32 banks of 4-byte words; lanes that read the same word are served by
 *    one broadcast, lanes on different words of one bank are serialised, so a request costs
 *    (most distinct words on any one bank) cycles and the conflicts are that number minus 1.
 * SIMT efficiency = lane_insns / (warp_insns * warp width). */
#include <stdlib.h>
#include "sim/observer.h"
#include "sim/warp.h"
#include "vgpu/counters.h"

#define SEGMENT 32u
#define BANKS 32u

static void on_insn(void *ctx, const struct vgpu_warp *w, unsigned op, uint64_t mask) {
  (void)w;
  (void)op;
  struct vgpu_counters *c = ctx;
  c->warp_insns++;
  c->lane_insns += (uint64_t)__builtin_popcountll(mask);
}

static void on_branch(void *ctx, const struct vgpu_warp *w, uint32_t pc, uint64_t mask, uint64_t taken) {
  (void)w;
  (void)pc;
  struct vgpu_counters *c = ctx;
  c->branches++;
  if (taken && taken != mask) c->divergent_branches++;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Distinct values in v[0..n) (sorted in place). */
static unsigned distinct(uint64_t *v, unsigned n) {
  qsort(v, n, sizeof *v, cmp_u64);
  unsigned d = 0;
  for (unsigned i = 0; i < n; i++)
    if (!i || v[i] != v[i - 1]) d++;
  return d;
}

static void on_mem(void *ctx, const struct vgpu_warp *w, enum vgpu_space space, int is_store,
                   const uint64_t *addr, uint64_t mask, unsigned size) {
  (void)w;
  (void)is_store;
  struct vgpu_counters *c = ctx;
  uint64_t units[2 * VGPU_WARP_MAX * 4];
  unsigned n = 0, lanes = (unsigned)__builtin_popcountll(mask);
  if (space == VGPU_SPACE_PRIVATE || !size) return;
  if (space == VGPU_SPACE_GLOBAL) {
    c->global_requests++;
    c->global_bytes += (uint64_t)size * lanes;
    for (uint64_t m = mask; m; m &= m - 1) {
      uint64_t a = addr[__builtin_ctzll(m)] & VIR_PTR_OFFSET_MASK;
      for (uint64_t s = a / SEGMENT; s <= (a + size - 1) / SEGMENT && n < sizeof units / sizeof *units; s++)
        units[n++] = s;
    }
    c->global_transactions += distinct(units, n);
    return;
  }
  c->local_requests++;
  for (uint64_t m = mask; m; m &= m - 1) { /* the 4-byte words each lane touches */
    uint64_t a = addr[__builtin_ctzll(m)] & VIR_PTR_OFFSET_MASK;
    for (uint64_t wd = a / 4; wd <= (a + size - 1) / 4 && n < sizeof units / sizeof *units; wd++)
      units[n++] = wd;
  }
  qsort(units, n, sizeof *units, cmp_u64);
  unsigned per_bank[BANKS] = {0}, worst = 0;
  for (unsigned i = 0; i < n; i++) {
    if (i && units[i] == units[i - 1]) continue; /* same word: broadcast */
    unsigned b = (unsigned)(units[i] % BANKS);
    if (++per_bank[b] > worst) worst = per_bank[b];
  }
  if (worst > 1) c->local_bank_conflicts += worst - 1;
}

static void on_atomic(void *ctx, const struct vgpu_warp *w, enum vgpu_space space, const uint64_t *addr,
                      uint64_t mask, unsigned size) {
  (void)w;
  (void)space;
  (void)addr;
  (void)size;
  struct vgpu_counters *c = ctx;
  c->atomics += (uint64_t)__builtin_popcountll(mask);
}

static void on_barrier(void *ctx, const struct vgpu_group *g) {
  (void)g;
  ((struct vgpu_counters *)ctx)->barriers++;
}

static void on_group_begin(void *ctx, const struct vgpu_group *g) {
  struct vgpu_counters *c = ctx;
  c->work_groups++;
  c->warps += g->nwarps;
}

const struct vgpu_observer vgpu_counters_observer = {
  .insn = on_insn,
  .branch = on_branch,
  .mem = on_mem,
  .atomic = on_atomic,
  .barrier = on_barrier,
  .group_begin = on_group_begin,
};
