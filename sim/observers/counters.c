/* counters.c - the hardware counters of include/vgpu/counters.h as an observer (VGPU_COUNTERS=1).
 * The models are those of a GPU's memory system:
 *  - global transactions: the distinct 32-byte segments a warp request touches (a coalesced
 *    request of 32 consecutive floats is 4 segments, a scattered one up to 32 or more);
 *  - local bank conflicts: 32 banks of 4-byte words; lanes that read the same word are served by
 *    one broadcast, lanes on different words of one bank are serialised, so a request costs
 *    (most distinct words on any one bank) cycles and the conflicts are that number minus 1.
 * SIMT efficiency = lane_insns / (warp_insns * warp width). */
#include <stdlib.h>
#include <string.h>
#include "sim/observer.h"
#include "sim/warp.h"
#include "vgpu/counters.h"

#define BANKS 32u

/* Counts into the SM's own set; launch end publishes it in the launch record's slot of this SM. */
static void *launch_begin(struct vgpu_sm *sm) {
  memset(&sm->counters, 0, sizeof sm->counters);
  return &sm->counters;
}

static void launch_end(void *ctx, struct vgpu_sm *sm) {
  if (sm->index < VGPU_MAX_SMS) sm->launch->counters[sm->index] = *(const struct vgpu_counters *)ctx;
}

static void on_insn(void *ctx, const struct vgpu_warp *w, const struct vgpu_dinsn *in, unsigned op, uint64_t mask) {
  (void)in;
  (void)op;
  struct vgpu_counters *c = ctx;
  c->warp_insns++;
  /* most instructions run a full warp: no popcount (a library call on the x86-64 baseline) */
  c->lane_insns += mask == vgpu_full_mask(w->width) ? w->width : (uint64_t)__builtin_popcountll(mask);
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

/* The units (32-byte segments, or 4-byte words) of a warp request: each active lane's
 * [a, a + size) in units of 2^shift bytes.  Counting the distinct ones is what the counters cost,
 * so there are three ways, cheapest first:
 *  - near: every lane within one unit, all within 64 units of the first lane's (32 below it to 31
 *    above): one 64-bit map in a register (the usual, coalesced request);
 *  - map: the units span at most SPAN: a bitmap above the lowest;
 *  - sorted: anything wider, as a sorted list. */
#define SPAN 4096u
enum units_kind { UNITS_NEAR, UNITS_MAP, UNITS_SORTED };
struct units {
  enum units_kind kind;
  uint64_t lo, span;          /* unit of bit 0 of the map; units the map covers */
  uint64_t bits[SPAN / 64];   /* NEAR: bits[0] only */
  uint64_t list[2 * VGPU_WARP_MAX * 4];
  unsigned n;                 /* SORTED: list entries */
};

static inline __attribute__((always_inline)) void units_collect_body(struct units *u, const uint64_t *addr,
                                                                     uint64_t mask, unsigned size, unsigned shift) {
  uint64_t off[VGPU_WARP_MAX];
  const uint64_t base = ((addr[__builtin_ctzll(mask)] & VIR_PTR_OFFSET_MASK) >> shift) - 32;
  unsigned n = 0;
  uint64_t outside = 0;
  if (!(mask & (mask + 1))) { /* lanes 0..n-1 (a full warp): a loop without branches, which vectorises */
    n = mask + 1 ? (unsigned)__builtin_ctzll(mask + 1) : 64;
    for (unsigned l = 0; l < n; l++) {
      uint64_t a = addr[l] & VIR_PTR_OFFSET_MASK;
      off[l] = (a >> shift) - base; /* unsigned wrap-around keeps this exact */
      outside |= (off[l] & ~(uint64_t)63) | ((a ^ (a + size - 1)) >> shift);
    }
  } else {
    for (uint64_t m = mask; m; m &= m - 1, n++) {
      uint64_t a = addr[__builtin_ctzll(m)] & VIR_PTR_OFFSET_MASK;
      off[n] = (a >> shift) - base;
      outside |= (off[n] & ~(uint64_t)63) | ((a ^ (a + size - 1)) >> shift);
    }
  }
  if (!outside) {
    uint64_t map = 0;
#pragma GCC unroll 8
    for (unsigned l = 0; l < n; l++) map |= 1ull << off[l];
    u->kind = UNITS_NEAR; /* field by field: the struct is large */
    u->lo = base;
    u->span = 64;
    u->bits[0] = map;
    return;
  }
  uint64_t first[VGPU_WARP_MAX], last[VGPU_WARP_MAX];
  for (unsigned l = 0; l < n; l++) first[l] = off[l] + base;
  n = 0;
  for (uint64_t m = mask; m; m &= m - 1, n++)
    last[n] = ((addr[__builtin_ctzll(m)] & VIR_PTR_OFFSET_MASK) + size - 1) >> shift;
  uint64_t lo = UINT64_MAX, hi = 0;
  for (unsigned l = 0; l < n; l++) {
    lo = first[l] < lo ? first[l] : lo;
    hi = last[l] > hi ? last[l] : hi;
  }
  u->lo = lo;
  u->span = hi - lo + 1;
  u->n = 0;
  if (u->span <= SPAN) {
    u->kind = UNITS_MAP;
    memset(u->bits, 0, ((u->span + 63) / 64) * sizeof u->bits[0]);
    for (unsigned l = 0; l < n; l++)
      for (uint64_t x = first[l] - lo; x <= last[l] - lo; x++) u->bits[x / 64] |= 1ull << (x % 64);
    return;
  }
  u->kind = UNITS_SORTED;
  for (unsigned l = 0; l < n; l++)
    for (uint64_t x = first[l]; x <= last[l] && u->n < sizeof u->list / sizeof *u->list; x++) u->list[u->n++] = x;
  qsort(u->list, u->n, sizeof *u->list, cmp_u64);
}

/* The body twice: for the x86-64 baseline and, where the CPU has it, for AVX2 (its loops run four
 * lanes at a time), as the interpreter does (interp.c). */
static void units_collect_base(struct units *u, const uint64_t *addr, uint64_t mask, unsigned size, unsigned shift) {
  units_collect_body(u, addr, mask, size, shift);
}
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target("avx2"))) static void units_collect_avx2(struct units *u, const uint64_t *addr, uint64_t mask,
                                                               unsigned size, unsigned shift) {
  units_collect_body(u, addr, mask, size, shift);
}
#endif
static void units_collect(struct units *u, const uint64_t *addr, uint64_t mask, unsigned size, unsigned shift) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  if (vgpu_interp_avx2()) { /* the interpreter's choice: VGPU_ISA is read in one place */
    units_collect_avx2(u, addr, mask, size, shift);
    return;
  }
#endif
  units_collect_base(u, addr, mask, size, shift);
}

/* Runs stmt once for each distinct unit, with `unit` bound to it. */
#define UNITS_EACH(u, unit, stmt)                                                            \
  do {                                                                                      \
    if ((u)->kind != UNITS_SORTED) {                                                        \
      for (uint64_t i_ = 0; i_ < ((u)->span + 63) / 64; i_++)                               \
        for (uint64_t b_ = (u)->bits[i_]; b_; b_ &= b_ - 1) {                               \
          uint64_t unit = (u)->lo + i_ * 64 + (uint64_t)__builtin_ctzll(b_);                \
          stmt;                                                                             \
        }                                                                                   \
    } else {                                                                                \
      for (unsigned i_ = 0; i_ < (u)->n; i_++) {                                            \
        if (i_ && (u)->list[i_] == (u)->list[i_ - 1]) continue;                            \
        uint64_t unit = (u)->list[i_];                                                      \
        stmt;                                                                               \
      }                                                                                     \
    }                                                                                       \
  } while (0)

static unsigned units_distinct(const struct units *u) {
  unsigned d = 0;
  if (u->kind == UNITS_SORTED) {
    UNITS_EACH(u, unit, { (void)unit; d++; });
    return d;
  }
  for (uint64_t i = 0; i < (u->span + 63) / 64; i++) d += (unsigned)__builtin_popcountll(u->bits[i]);
  return d;
}

/* Bank conflicts of a request of distinct 4-byte words: (most words on one bank) - 1. */
static unsigned bank_conflicts(const struct units *u) {
  if (u->kind == UNITS_NEAR) /* 64 consecutive words: offsets i and i + 32 are the one bank */
    return (u->bits[0] & (u->bits[0] >> 32) & 0xffffffffu) != 0;
  unsigned per_bank[BANKS] = {0}, worst = 0;
  UNITS_EACH(u, word, {
    unsigned b = (unsigned)(word % BANKS);
    if (++per_bank[b] > worst) worst = per_bank[b];
  });
  return worst > 1 ? worst - 1 : 0;
}

/* The cost of one warp request in the memory system (the profile observer counts the same way). */
static inline __attribute__((always_inline)) void count_mem(struct vgpu_counters *c, enum vgpu_space space,
                                                            const uint64_t *addr, uint64_t mask, unsigned size) {
  if (space == VGPU_SPACE_PRIVATE || !size || !mask) return;
  struct units u;
  if (space == VGPU_SPACE_GLOBAL) {
    c->global_requests++;
    c->global_bytes += (uint64_t)size * (uint64_t)__builtin_popcountll(mask);
    units_collect(&u, addr, mask, size, 5); /* 32-byte segments */
    c->global_transactions += units_distinct(&u);
    return;
  }
  c->local_requests++;
  units_collect(&u, addr, mask, size, 2); /* 4-byte words; the same word twice is one broadcast */
  c->local_bank_conflicts += bank_conflicts(&u);
}

static int on_mem(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space, int is_store,
                  const uint64_t *addr, uint64_t mask, unsigned size, const uint64_t *val) {
  (void)w;
  (void)pc;
  (void)is_store;
  (void)val;
  count_mem(ctx, space, addr, mask, size);
  return 0;
}

void vgpu_counters_mem(struct vgpu_counters *c, enum vgpu_space space, const uint64_t *addr, uint64_t mask,
                       unsigned size) {
  count_mem(c, space, addr, mask, size);
}

static void on_atomic(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space,
                      const uint64_t *addr, uint64_t mask, unsigned size) {
  (void)w;
  (void)pc;
  (void)space;
  (void)addr;
  (void)size;
  struct vgpu_counters *c = ctx;
  c->atomics += (uint64_t)__builtin_popcountll(mask);
}

static void on_texture(void *ctx, const struct vgpu_warp *w, uint32_t pc, int is_write, uint64_t mask,
                       uint64_t texels, uint64_t filter_texels) {
  (void)w;
  (void)pc;
  (void)mask;
  struct vgpu_counters *c = ctx;
  if (is_write) c->image_writes++;
  else c->image_reads++;
  c->image_texels += texels;
  c->image_filter_texels += filter_texels;
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
  .launch_begin = launch_begin,
  .launch_end = launch_end,
  .insn = on_insn,
  .branch = on_branch,
  .mem = on_mem,
  .atomic = on_atomic,
  .texture = on_texture,
  .barrier = on_barrier,
  .group_begin = on_group_begin,
};
