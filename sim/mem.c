/* mem.c - the one load/store path of the SM: every LOAD, STORE, MEMCPY, MEMSET, atomic and printf
 * argument read goes through here, so the checks and the observers see every access.
 *
 * A VIR pointer carries its address space in its top bits (vir.h): global/constant pointers are
 * arena offsets, local pointers offsets in the work-group's local memory, private pointers
 * offsets in the lane's private frame.  Every access is checked: global ones against the arena
 * (offsets below VGPU_ARENA_RESERVED are never allocated, so NULL faults) and, when the runtime
 * placed an allocation table in the launch record, against the live allocations; local and
 * private ones against their sizes.  Unaligned accesses are allowed (memcpy).  A warp request
 * whose lanes all fall in the allocation the previous request hit is checked with one compare. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "sim/arena.h"
#include "sim/warp.h"

/* The allocation containing [off, off + len), or -1: binary search of the sorted table. */
static int find_alloc(const struct vgpu_sm *sm, uint64_t off, uint64_t len, uint64_t *lo, uint64_t *hi) {
  uint32_t a = 0, b = sm->nallocs;
  while (a < b) { /* first allocation starting after off */
    uint32_t m = a + (b - a) / 2;
    if (sm->allocs[m].start <= off) a = m + 1;
    else b = m;
  }
  if (a == 0) return -1;
  const struct vgpu_launch_alloc *x = &sm->allocs[a - 1];
  *lo = x->start;
  *hi = x->start + x->size;
  return off + len <= *hi && off + len >= off ? 0 : -1;
}

static void fault_global(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, unsigned lane,
                         uint64_t addr, uint64_t len, int is_store, const char *what) {
  uint64_t lo = 0, hi = 0;
  const char *op = what ? what : is_store ? "store" : "load";
  if (addr < VGPU_ARENA_RESERVED)
    vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                     "NULL pointer: global %s of %" PRIu64 " bytes at address 0x%" PRIx64, op, len, addr);
  else if (addr >= sm->arena_size || len > sm->arena_size - addr)
    vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                     "out-of-bounds global %s of %" PRIu64 " bytes at address 0x%" PRIx64
                     ": beyond global memory (0x%" PRIx64 " bytes)", op, len, addr, sm->arena_size);
  else if (sm->nallocs) {
    find_alloc(sm, addr, len, &lo, &hi);
    if (hi > lo && addr < hi)
      vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                       "out-of-bounds global %s of %" PRIu64 " bytes at address 0x%" PRIx64
                       ": crosses the end of the buffer [0x%" PRIx64 ", 0x%" PRIx64 ") (%" PRIu64 " bytes)",
                       op, len, addr, lo, hi, hi - lo);
    else if (hi > lo)
      vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                       "out-of-bounds global %s of %" PRIu64 " bytes at address 0x%" PRIx64
                       ": %" PRIu64 " bytes past the end of the buffer [0x%" PRIx64 ", 0x%" PRIx64 ") (%" PRIu64 " bytes)",
                       op, len, addr, addr - hi, lo, hi, hi - lo);
    else
      vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                       "out-of-bounds global %s of %" PRIu64 " bytes at address 0x%" PRIx64
                       ": before any buffer", op, len, addr);
  } else
    vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                     "invalid global %s of %" PRIu64 " bytes at address 0x%" PRIx64, op, len, addr);
}

/* Checks one global range; 0 when it lies in global memory and (if known) in one allocation. */
static inline int global_ok(struct vgpu_sm *sm, uint64_t off, uint64_t len) {
  if (off >= sm->hit_lo && off + len <= sm->hit_hi && off + len >= off) return 1;
  if (off < VGPU_ARENA_RESERVED || off >= sm->arena_size || len > sm->arena_size - off) return 0;
  uint64_t lo = VGPU_ARENA_RESERVED, hi = sm->arena_size;
  if (sm->nallocs && find_alloc(sm, off, len, &lo, &hi)) return 0;
  sm->hit_lo = lo;
  sm->hit_hi = hi;
  return 1;
}

uint8_t *vgpu_mem_lane(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, unsigned lane,
                       uint64_t addr, uint64_t len, int is_store, const char *what) {
  uint64_t tag = addr >> VIR_PTR_TAG_SHIFT, off = addr & VIR_PTR_OFFSET_MASK;
  const char *op = what ? what : is_store ? "store" : "load";
  if (tag == VIR_PTR_TAG_GLOBAL) {
    if (global_ok(sm, off, len)) return sm->arena + off;
    fault_global(sm, w, pc, lane, off, len, is_store, what);
    return NULL;
  }
  if (tag == VIR_PTR_TAG_LOCAL) {
    uint64_t n = w->group->local_bytes;
    if (off <= n && len <= n - off) return w->group->local + off;
    vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                     "out-of-bounds local %s of %" PRIu64 " bytes at local offset 0x%" PRIx64
                     ": the work-group has %" PRIu64 " bytes of local memory", op, len, off, n);
    return NULL;
  }
  if (tag == VIR_PTR_TAG_PRIVATE) {
    uint64_t n = sm->kernel->private_size;
    if (off <= n && len <= n - off) return w->priv + (uint64_t)lane * sm->priv_stride + off;
    vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                     "out-of-bounds private %s of %" PRIu64 " bytes at private offset 0x%" PRIx64
                     ": the work-item's private frame has %" PRIu64 " bytes", op, len, off, n);
    return NULL;
  }
  vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                   "invalid pointer 0x%" PRIx64 " (%s of %" PRIu64 " bytes)", addr, op, len);
  return NULL;
}

/* Reports a request to the observer, split by address space (generic pointers may mix them):
 * 0, or -1 when an observer raised a fault (VGPU_CHECKS). */
static int observe(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, int is_store, const uint64_t *addr,
                   uint64_t mask, unsigned size, const uint64_t *val) {
  if (!mask) return 0;
  uint64_t t0 = addr[__builtin_ctzll(mask)] >> VIR_PTR_TAG_SHIFT, differ = 0;
  if (mask == vgpu_full_mask(w->width)) { /* the usual case, one space: a loop that vectorises */
    if (w->width == 32)
      for (unsigned l = 0; l < 32; l++) differ |= (addr[l] >> VIR_PTR_TAG_SHIFT) ^ t0;
    else
      for (unsigned l = 0; l < w->width; l++) differ |= (addr[l] >> VIR_PTR_TAG_SHIFT) ^ t0;
    if (!differ) return sm->obs->mem(sm->obs_ctx, w, pc, (enum vgpu_space)(t0 < 3 ? t0 : 0), is_store, addr, mask, size, val);
  }
  uint64_t by[3] = {0, 0, 0};
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    uint64_t tag = addr[l] >> VIR_PTR_TAG_SHIFT;
    by[tag < 3 ? tag : 0] |= 1ull << l;
  }
  for (int s = 0; s < 3; s++)
    if (by[s] && sm->obs->mem(sm->obs_ctx, w, pc, (enum vgpu_space)s, is_store, addr, by[s], size, val)) return -1;
  return 0;
}

enum bulk { BULK_NONE, BULK_GLOBAL, BULK_LOCAL, BULK_PRIVATE };
#define LOCAL_BASE (VIR_PTR_TAG_LOCAL << VIR_PTR_TAG_SHIFT)
#define PRIVATE_BASE (VIR_PTR_TAG_PRIVATE << VIR_PTR_TAG_SHIFT)

/* Classifies a warp request whose active lanes all fall in one checked range, so it can be done
 * with plain loops: one global allocation (the one this instruction hit last time - a load usually
 * reads the same buffer every time - else the one holding the lowest address), the group's local
 * memory, or the private frames.  BULK_NONE: check lane by lane (and report the faulting lane). */
static inline enum bulk bulk_space(struct vgpu_sm *sm, const struct vgpu_warp *w, uint32_t pc,
                                   const uint64_t *addr, uint64_t mask, unsigned W, unsigned size) {
  uint64_t lo = UINT64_MAX, hi = 0;
  if (W == 32 && mask == 0xffffffffu) { /* the default width: a fixed trip count vectorises */
    for (unsigned l = 0; l < 32; l++) {
      lo = addr[l] < lo ? addr[l] : lo;
      hi = addr[l] > hi ? addr[l] : hi;
    }
  } else if (mask == vgpu_full_mask(W)) {
    for (unsigned l = 0; l < W; l++) {
      lo = addr[l] < lo ? addr[l] : lo;
      hi = addr[l] > hi ? addr[l] : hi;
    }
  } else {
    for (uint64_t m = mask; m; m &= m - 1) {
      unsigned l = (unsigned)__builtin_ctzll(m);
      lo = addr[l] < lo ? addr[l] : lo;
      hi = addr[l] > hi ? addr[l] : hi;
    }
  }
  uint64_t end = hi + size;
  if (end < hi) return BULK_NONE;
  uint64_t *c = sm->pc_hit[pc];
  if (lo >= c[0] && end <= c[1]) return BULK_GLOBAL;
  if (lo >= LOCAL_BASE && end <= LOCAL_BASE + w->group->local_bytes) return BULK_LOCAL;
  if (lo >= PRIVATE_BASE && end <= PRIVATE_BASE + sm->kernel->private_size) return BULK_PRIVATE;
  if (!global_ok(sm, lo, end - lo)) return BULK_NONE;
  c[0] = sm->hit_lo;
  c[1] = sm->hit_hi;
  return BULK_GLOBAL;
}

static inline uint8_t *bulk_ptr(struct vgpu_sm *sm, struct vgpu_warp *w, enum bulk kind, unsigned l,
                                uint64_t a) {
  if (kind == BULK_GLOBAL) return sm->arena + a;
  if (kind == BULK_LOCAL) return w->group->local + (a - LOCAL_BASE);
  return w->priv + (uint64_t)l * sm->priv_stride + (a - PRIVATE_BASE);
}

/* stmt for every active lane l, with its host pointer p, over a request bulk_space accepted. */
#define BULK_LANES(kind, stmt)                                                              \
  do {                                                                                      \
    if (mask == vgpu_full_mask(W)) {                                                        \
      for (unsigned l = 0; l < W; l++) {                                                    \
        uint8_t *p = bulk_ptr(sm, w, kind, l, addr[l]);                                     \
        stmt;                                                                               \
      }                                                                                     \
    } else {                                                                                \
      for (uint64_t m_ = mask; m_; m_ &= m_ - 1) {                                          \
        unsigned l = (unsigned)__builtin_ctzll(m_);                                         \
        uint8_t *p = bulk_ptr(sm, w, kind, l, addr[l]);                                     \
        stmt;                                                                               \
      }                                                                                     \
    }                                                                                       \
  } while (0)

int vgpu_mem_load(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                  const uint64_t *addr, unsigned size, uint64_t *dst) {
  unsigned W = w->width;
  if (__builtin_expect(sm->obs != NULL, 0) && sm->obs->mem && observe(sm, w, pc, 0, addr, mask, size, NULL)) return -1;
  enum bulk kind = bulk_space(sm, w, pc, addr, mask, W, size);
  if (kind != BULK_NONE) {
    switch (size) { /* little-endian host: the low bytes, zero-extended */
      case 1: BULK_LANES(kind, { uint8_t v; memcpy(&v, p, 1); dst[l] = v; }); break;
      case 2: BULK_LANES(kind, { uint16_t v; memcpy(&v, p, 2); dst[l] = v; }); break;
      case 4: BULK_LANES(kind, { uint32_t v; memcpy(&v, p, 4); dst[l] = v; }); break;
      default: BULK_LANES(kind, { uint64_t v; memcpy(&v, p, 8); dst[l] = v; }); break;
    }
    return 0;
  }
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    const uint8_t *p = vgpu_mem_lane(sm, w, pc, l, addr[l], size, 0, NULL);
    if (!p) return -1;
    uint64_t v = 0;
    memcpy(&v, p, size);
    dst[l] = v;
  }
  return 0;
}

int vgpu_mem_store(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                   const uint64_t *addr, unsigned size, const uint64_t *src, int constant) {
  unsigned W = w->width;
  if (__builtin_expect(sm->obs != NULL, 0) && sm->obs->mem && observe(sm, w, pc, 1, addr, mask, size, src)) return -1;
  if (constant) {
    unsigned l = (unsigned)__builtin_ctzll(mask);
    vgpu_fault_raise(sm, w, (int)l, pc, VGPU_LAUNCH_FAULT,
                     "store of %u bytes to __constant memory at address 0x%" PRIx64, size, addr[l]);
    return -1;
  }
  enum bulk kind = bulk_space(sm, w, pc, addr, mask, W, size);
  if (kind != BULK_NONE) {
    switch (size) {
      case 1: BULK_LANES(kind, { uint8_t v = (uint8_t)src[l]; memcpy(p, &v, 1); }); break;
      case 2: BULK_LANES(kind, { uint16_t v = (uint16_t)src[l]; memcpy(p, &v, 2); }); break;
      case 4: BULK_LANES(kind, { uint32_t v = (uint32_t)src[l]; memcpy(p, &v, 4); }); break;
      default: BULK_LANES(kind, { memcpy(p, &src[l], 8); }); break;
    }
    return 0;
  }
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    uint8_t *p = vgpu_mem_lane(sm, w, pc, l, addr[l], size, 1, NULL);
    if (!p) return -1;
    memcpy(p, &src[l], size);
  }
  return 0;
}

int vgpu_mem_copy(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                  const uint64_t *dst, const uint64_t *src, const uint64_t *len) {
  if (__builtin_expect(sm->obs != NULL, 0) && sm->obs->mem && mask) {
    /* The observers take one size per call: lanes whose lengths differ (the last share of an
     * async_work_group_copy) are observed one by one, lanes copying nothing not at all. */
    unsigned n = (unsigned)len[__builtin_ctzll(mask)];
    int same = 1;
    for (uint64_t m = mask; m && same; m &= m - 1) same = len[__builtin_ctzll(m)] == n;
    if (same && n) {
      if (observe(sm, w, pc, 0, src, mask, n, NULL) || observe(sm, w, pc, 1, dst, mask, n, NULL)) return -1;
    } else if (!same) {
      for (uint64_t m = mask; m; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctzll(m);
        uint64_t one = 1ull << l;
        if (len[l] && (observe(sm, w, pc, 0, src, one, (unsigned)len[l], NULL) ||
                       observe(sm, w, pc, 1, dst, one, (unsigned)len[l], NULL)))
          return -1;
      }
    }
  }
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    if (!len[l]) continue;
    const uint8_t *s = vgpu_mem_lane(sm, w, pc, l, src[l], len[l], 0, "memcpy read");
    if (!s) return -1;
    uint8_t *d = vgpu_mem_lane(sm, w, pc, l, dst[l], len[l], 1, "memcpy write");
    if (!d) return -1;
    memmove(d, s, len[l]);
  }
  return 0;
}

int vgpu_mem_set(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                 const uint64_t *dst, const uint64_t *byte, const uint64_t *len) {
  if (__builtin_expect(sm->obs != NULL, 0) && sm->obs->mem && mask)
    if (observe(sm, w, pc, 1, dst, mask, (unsigned)len[__builtin_ctzll(mask)], NULL)) return -1;
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    if (!len[l]) continue;
    uint8_t *d = vgpu_mem_lane(sm, w, pc, l, dst[l], len[l], 1, "memset");
    if (!d) return -1;
    memset(d, (int)(byte[l] & 0xff), len[l]);
  }
  return 0;
}
