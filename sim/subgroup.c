/* subgroup.c - the cross-lane operations of a warp, which is an OpenCL sub-group (OpenCL C 3.0
 * section 6.15.16; cl_khr_subgroups, and the cl_khr_subgroup_* extensions): reductions, scans,
 * clustered reductions, broadcast, shuffles, all/any/all-equal, elect, ballot.
 *
 * Only the active lanes take part.  A uniform sub-group function must be reached by every
 * work-item of the sub-group, so there the active lanes are the whole sub-group (a partial last
 * warp has fewer lanes: init_mask already leaves the missing ones out); the non-uniform
 * variants (cl_khr_subgroup_non_uniform_*) are defined over exactly the active lanes.
 * Scans and sums run in lane order, so float results are reproducible. */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "sim/warp.h"

static inline int64_t s32(uint64_t v) { return (int64_t)(int32_t)(uint32_t)v; }
static inline float f32(uint64_t v) { float f; uint32_t u = (uint32_t)v; memcpy(&f, &u, 4); return f; }
static inline double f64(uint64_t v) { double f; memcpy(&f, &v, 8); return f; }
static inline uint64_t bits32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline uint64_t bits64(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }

/* x op y in the canonical register form of the type. */
uint64_t vgpu_sg_combine(unsigned op, unsigned type, uint64_t x, uint64_t y) {
  if (op == VIR_SG_AND) return x & y; /* canonical in, canonical out (integer types only) */
  if (op == VIR_SG_OR) return x | y;
  if (op == VIR_SG_XOR) return x ^ y;
  if (op == VIR_SG_MUL)
    switch (type) {
    case VIR_T_F32: return bits32(f32(x) * f32(y));
    case VIR_T_F64: return bits64(f64(x) * f64(y));
    case VIR_T_I32: return (uint32_t)(x * y);
    default: return x * y;
    }
  switch (type) {
  case VIR_T_F32:
    return bits32(op == VIR_SG_ADD ? f32(x) + f32(y) : op == VIR_SG_SMIN || op == VIR_SG_UMIN ? fminf(f32(x), f32(y))
                                                                                          : fmaxf(f32(x), f32(y)));
  case VIR_T_F64:
    return bits64(op == VIR_SG_ADD ? f64(x) + f64(y) : op == VIR_SG_SMIN || op == VIR_SG_UMIN ? fmin(f64(x), f64(y))
                                                                                          : fmax(f64(x), f64(y)));
  case VIR_T_I32:
    switch (op) {
    case VIR_SG_ADD: return (uint32_t)(x + y);
    case VIR_SG_SMIN: return s32(x) < s32(y) ? x : y;
    case VIR_SG_SMAX: return s32(x) > s32(y) ? x : y;
    case VIR_SG_UMIN: return (uint32_t)x < (uint32_t)y ? x : y;
    default: return (uint32_t)x > (uint32_t)y ? x : y;
    }
  default: /* I64 */
    switch (op) {
    case VIR_SG_ADD: return x + y;
    case VIR_SG_SMIN: return (int64_t)x < (int64_t)y ? x : y;
    case VIR_SG_SMAX: return (int64_t)x > (int64_t)y ? x : y;
    case VIR_SG_UMIN: return x < y ? x : y;
    default: return x > y ? x : y;
    }
  }
}

/* The identity of op: what an exclusive scan gives its first work-item (6.15.16: 0 for add, the
 * type's largest value for min, its smallest for max; +/-INFINITY for floats). */
uint64_t vgpu_sg_identity(unsigned op, unsigned type) {
  int fp = type == VIR_T_F32 || type == VIR_T_F64, wide = type == VIR_T_I64 || type == VIR_T_F64;
  if (op == VIR_SG_ADD || op == VIR_SG_OR || op == VIR_SG_XOR) return 0; /* +0.0 too */
  if (op == VIR_SG_AND) return wide ? UINT64_MAX : UINT32_MAX;
  if (op == VIR_SG_MUL) return type == VIR_T_F32 ? bits32(1.0f) : type == VIR_T_F64 ? bits64(1.0) : 1;
  int is_min = op == VIR_SG_SMIN || op == VIR_SG_UMIN;
  if (fp) return wide ? bits64(is_min ? INFINITY : -INFINITY) : bits32(is_min ? INFINITY : -INFINITY);
  switch (op) {
  case VIR_SG_SMIN: return wide ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
  case VIR_SG_SMAX: return wide ? (uint64_t)INT64_MIN : (uint64_t)(uint32_t)INT32_MIN;
  case VIR_SG_UMIN: return wide ? UINT64_MAX : UINT32_MAX;
  default: return 0; /* UMAX */
  }
}

void vgpu_subgroup_exec(unsigned mod, unsigned type, unsigned width, uint64_t mask, uint64_t *d,
                        const uint64_t *a, const uint64_t *b) {
  unsigned kind = mod & 15, op = mod >> 4;
  if (!mask) return;
  const unsigned first = (unsigned)__builtin_ctzll(mask);
  uint64_t out[VGPU_WARP_MAX] = {0};
  switch (kind) {
  case VIR_SG_ALL: case VIR_SG_ANY: { /* predicates are ints: any nonzero value is true */
    uint64_t yes = 0;
    for (unsigned l = 0; l < width; l++) yes |= (uint64_t)((type == VIR_T_I64 ? a[l] : (uint32_t)a[l]) != 0) << l;
    uint64_t r = kind == VIR_SG_ALL ? (yes & mask) == mask : (yes & mask) != 0;
    for (unsigned l = 0; l < width; l++) out[l] = r;
    break;
  }
  case VIR_SG_BROADCAST: { /* the lane id is uniform (6.15.16): the first active lane's says which */
    uint64_t src = b[first];
    uint64_t r = src < width ? a[src] : 0;
    for (unsigned l = 0; l < width; l++) out[l] = r;
    break;
  }
  case VIR_SG_SHUFFLE: /* an index out of range or of an inactive lane: undefined, here 0 or
                        * that lane's register */
    for (uint64_t m = mask; m; m &= m - 1) {
      unsigned l = (unsigned)__builtin_ctzll(m);
      out[l] = b[l] < width ? a[b[l]] : 0;
    }
    break;
  case VIR_SG_ELECT:
    for (unsigned l = 0; l < width; l++) out[l] = l == first;
    break;
  case VIR_SG_ALL_EQUAL: {
    uint64_t same = 1, v = a[first];
    for (uint64_t m = mask & (mask - 1); m; m &= m - 1) {
      uint64_t x = a[__builtin_ctzll(m)];
      same &= type == VIR_T_F32 ? f32(x) == f32(v) : type == VIR_T_F64 ? f64(x) == f64(v) : x == v;
    }
    if (type == VIR_T_F32) same &= f32(v) == f32(v); /* a NaN equals nothing, itself included */
    if (type == VIR_T_F64) same &= f64(v) == f64(v);
    for (unsigned l = 0; l < width; l++) out[l] = same;
    break;
  }
  case VIR_SG_BALLOT: {
    uint64_t yes = 0;
    for (unsigned l = 0; l < width; l++) yes |= (uint64_t)((uint32_t)a[l] != 0) << l;
    for (unsigned l = 0; l < width; l++) out[l] = yes & mask;
    break;
  }
  case VIR_SG_CLUSTER: { /* clusters of n consecutive lanes; n is a power of two (the spec's rule) */
    uint64_t n = b[first];
    if (n == 0 || n > width || (n & (n - 1))) n = width;
    for (unsigned c = 0; c < width; c += (unsigned)n) {
      uint64_t cm = mask & ((n >= 64 ? ~0ull : (1ull << n) - 1) << c);
      if (!cm) continue;
      uint64_t acc = a[__builtin_ctzll(cm)];
      for (uint64_t m = cm & (cm - 1); m; m &= m - 1) acc = vgpu_sg_combine(op, type, acc, a[__builtin_ctzll(m)]);
      for (uint64_t m = cm; m; m &= m - 1) out[__builtin_ctzll(m)] = acc;
    }
    break;
  }
  case VIR_SG_REDUCE: {
    uint64_t acc = a[first];
    for (uint64_t m = mask & (mask - 1); m; m &= m - 1) acc = vgpu_sg_combine(op, type, acc, a[__builtin_ctzll(m)]);
    for (unsigned l = 0; l < width; l++) out[l] = acc;
    break;
  }
  default: { /* scans, in lane order over the active lanes */
    uint64_t acc = vgpu_sg_identity(op, type);
    int started = 0;
    for (uint64_t m = mask; m; m &= m - 1) {
      unsigned l = (unsigned)__builtin_ctzll(m);
      uint64_t next = started ? vgpu_sg_combine(op, type, acc, a[l]) : a[l];
      out[l] = kind == VIR_SG_SCAN_INCL ? next : acc;
      acc = next;
      started = 1;
    }
    break;
  }
  }
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    d[l] = out[l];
  }
}
