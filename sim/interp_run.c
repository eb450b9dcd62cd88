/* interp_run.c - the interpreter loop (interp_loop.h) with the helpers its cases use, built once
 * per instruction set: this file as it is for the x86-64 baseline (vgpu_interp_run_base), and
 * again through interp_run_avx2.c with -mavx2 (vgpu_interp_run_avx2).  interp.c picks one. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/host_link.h"
#include "sim/warp.h"

#ifndef INTERP_ISA
#define INTERP_ISA base
#endif
#define INTERP_CAT2(a, b) a##b
#define INTERP_CAT(a, b) INTERP_CAT2(a, b)

/* ---- value helpers ----------------------------------------------------------------------- */

static inline float f32(uint64_t x) { uint32_t u = (uint32_t)x; float f; memcpy(&f, &u, 4); return f; }
static inline double f64(uint64_t x) { double f; memcpy(&f, &x, 8); return f; }
static inline uint64_t b32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline uint64_t b64(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static inline uint64_t bytes_mask(unsigned n) { return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1; }
static inline int64_t sext(uint64_t x, unsigned n) {
  unsigned sh = 64 - 8 * n;
  return (int64_t)(x << sh) >> sh;
}
static inline uint64_t f16bits(_Float16 h) { uint16_t u; memcpy(&u, &h, 2); return u; }
static inline _Float16 f16(uint64_t x) { uint16_t u = (uint16_t)x; _Float16 h; memcpy(&h, &u, 2); return h; }

/* Float to integer without undefined behaviour: NaN gives 0, out of range saturates. */
static inline uint64_t fp_to_si(double x, unsigned n) {
  int64_t v;
  if (x != x) v = 0;
  else if (x >= 9223372036854775807.0) v = INT64_MAX;
  else if (x <= -9223372036854775808.0) v = INT64_MIN;
  else v = (int64_t)x;
  return (uint64_t)v & bytes_mask(n);
}
static inline uint64_t fp_to_ui(double x, unsigned n) {
  uint64_t v;
  if (!(x > -1.0)) v = 0;
  else if (x >= 18446744073709551615.0) v = UINT64_MAX;
  else v = (uint64_t)x;
  return v & bytes_mask(n);
}

/* r (or, when the exact result overflowed 64 bits, the bound on x's side) clamped to n signed bytes. */
static inline uint64_t sat_s(int64_t r, int overflow, int64_t x, unsigned n) {
  int64_t lo = n >= 8 ? INT64_MIN : -(1ll << (8 * n - 1)), hi = n >= 8 ? INT64_MAX : (1ll << (8 * n - 1)) - 1;
  if (overflow) r = x < 0 ? lo : hi;
  r = r < lo ? lo : r > hi ? hi : r;
  return (uint64_t)r & bytes_mask(n);
}
static inline uint64_t sat_add_s(uint64_t a, uint64_t b, unsigned n) {
  int64_t x = sext(a, n), y = sext(b, n), r;
  int o = __builtin_add_overflow(x, y, &r);
  return sat_s(r, o, x, n);
}
static inline uint64_t sat_sub_s(uint64_t a, uint64_t b, unsigned n) {
  int64_t x = sext(a, n), y = sext(b, n), r;
  int o = __builtin_sub_overflow(x, y, &r);
  return sat_s(r, o, x, n);
}
static inline uint64_t sat_add_u(uint64_t a, uint64_t b, unsigned n) {
  uint64_t m = bytes_mask(n), x = a & m, y = b & m, r = x + y;
  return (r < x || r > m) ? m : r;
}
static inline uint64_t sat_sub_u(uint64_t a, uint64_t b, unsigned n) {
  uint64_t m = bytes_mask(n), x = a & m, y = b & m;
  return x > y ? x - y : 0;
}
static inline uint64_t mulhi_s(uint64_t a, uint64_t b, unsigned n) {
  if (n >= 8) return (uint64_t)(((__int128)(int64_t)a * (__int128)(int64_t)b) >> 64);
  return (uint64_t)((sext(a, n) * sext(b, n)) >> (8 * n)) & bytes_mask(n);
}
static inline uint64_t mulhi_u(uint64_t a, uint64_t b, unsigned n) {
  if (n >= 8) return (uint64_t)(((unsigned __int128)a * b) >> 64);
  uint64_t m = bytes_mask(n);
  return (((a & m) * (b & m)) >> (8 * n)) & m;
}
static inline uint64_t funnel_l(uint64_t a, uint64_t b, uint64_t c, unsigned n) {
  unsigned bits = 8 * n, s = (unsigned)(c % bits);
  uint64_t m = bytes_mask(n);
  if (!s) return a & m;
  return ((a << s) | ((b & m) >> (bits - s))) & m;
}
static inline uint64_t funnel_r(uint64_t a, uint64_t b, uint64_t c, unsigned n) {
  unsigned bits = 8 * n, s = (unsigned)(c % bits);
  uint64_t m = bytes_mask(n);
  if (!s) return b & m;
  return (((b & m) >> s) | (a << (bits - s))) & m;
}
static inline uint64_t count_lz(uint64_t a, unsigned n) {
  a &= bytes_mask(n);
  return a ? (uint64_t)(__builtin_clzll(a) - (64 - 8 * n)) : 8 * n;
}
static inline uint64_t count_tz(uint64_t a, unsigned n) {
  a &= bytes_mask(n);
  return a ? (uint64_t)__builtin_ctzll(a) : 8 * n;
}
static inline uint64_t byte_swap(uint64_t a, unsigned n) {
  switch (n) {
    case 2: return __builtin_bswap16((uint16_t)a);
    case 4: return __builtin_bswap32((uint32_t)a);
    case 8: return __builtin_bswap64(a);
    default: return a & 0xff;
  }
}
static inline uint64_t bit_rev(uint64_t a, unsigned n) {
  uint64_t r = 0;
  for (unsigned i = 0; i < 64; i++) r |= ((a >> i) & 1) << (63 - i);
  return r >> (64 - 8 * n);
}

/* Work-item queries that are not per-lane vectors (dim < 3: normalised geometry). */
static uint64_t wi_query(const struct vgpu_sm *sm, const struct vgpu_warp *w, unsigned q, uint64_t dim,
                         unsigned lane) {
  const struct vgpu_launch *L = sm->launch;
  const struct vgpu_group *g = w->group;
  int in = dim < 3 && dim < L->work_dim;
  switch (q) {
    case VIR_WI_GLOBAL_ID: return in ? g->base[dim] + w->lid[dim][lane] : 0;
    case VIR_WI_LOCAL_ID: return in ? w->lid[dim][lane] : 0;
    case VIR_WI_GROUP_ID: return in ? g->id[dim] : 0;
    case VIR_WI_GLOBAL_SIZE: return in ? L->global_size[dim] : 1;
    case VIR_WI_LOCAL_SIZE: return in ? g->size[dim] : 1;
    case VIR_WI_ENQUEUED_LOCAL_SIZE: return in ? L->local_size[dim] : 1;
    case VIR_WI_NUM_GROUPS: return in ? L->num_groups[dim] : 1;
    case VIR_WI_GLOBAL_OFFSET: return in ? L->global_offset[dim] : 0;
    case VIR_WI_WORK_DIM: return L->work_dim;
    case VIR_WI_GLOBAL_LINEAR_ID: {
      uint64_t r = 0;
      for (int d = (int)L->work_dim - 1; d >= 0; d--)
        r = r * L->global_size[d] + (g->base[d] + w->lid[d][lane] - L->global_offset[d]);
      return r;
    }
    case VIR_WI_LOCAL_LINEAR_ID: return (uint64_t)w->index * w->width + lane;
    case VIR_WI_SUB_GROUP_SIZE: return (uint64_t)__builtin_popcountll(w->init_mask);
    case VIR_WI_SUB_GROUP_ID: return w->index;
    case VIR_WI_SUB_GROUP_LOCAL_ID: return lane;
    case VIR_WI_NUM_SUB_GROUPS: return g->nwarps;
    case VIR_WI_MAX_SUB_GROUP_SIZE: { /* the largest sub-group of any group of the launch (6.15.2) */
      uint64_t items = 1;
      for (unsigned d = 0; d < L->work_dim; d++) items *= L->local_size[d];
      return items < w->width ? items : w->width;
    }
    case VIR_WI_ENQUEUED_NUM_SUB_GROUPS: {
      uint64_t items = 1;
      for (unsigned d = 0; d < L->work_dim; d++) items *= L->local_size[d];
      return (items + w->width - 1) / w->width;
    }
    case VIR_WI_DEVICE_INFO: /* device-side enqueue's facts (compiler/lib/device_enqueue.cl) */
      return dim == 0 ? L->default_queue : dim == 1 ? L->max_wg_size : w->width;
  }
  return 0;
}

/* ---- the interpreter loop ---------------------------------------------------------------- */

#define WATCHDOG_PERIOD 4096 /* backward branches between clock reads */

static int watchdog_expired(struct vgpu_sm *sm) {
  vgpu_host_check(); /* a host that died mid-kernel: stop (host_link.h) */
  if (atomic_load_explicit(&sm->launch->fault.claimed, memory_order_relaxed)) return 2;
  /* time a debugger held the device paused does not count */
  return sm->deadline_ns && vgpu_now_ns() > sm->deadline_ns + atomic_load(&sm->launch->paused_ns);
}

static inline unsigned first_lane(uint64_t m) { return m ? (unsigned)__builtin_ctzll(m) : 0; }

/* The loop, twice: see interp_loop.h. */
#define INTERP_NAME run_width32
#define INTERP_WIDTH(w) 32u
#include "sim/interp_loop.h"
#undef INTERP_NAME
#undef INTERP_WIDTH
#define INTERP_NAME run_any_width
#define INTERP_WIDTH(w) ((w)->width)
#include "sim/interp_loop.h"
#undef INTERP_NAME
#undef INTERP_WIDTH

int INTERP_CAT(vgpu_interp_run_, INTERP_ISA)(struct vgpu_sm *sm, struct vgpu_warp *w) {
  return w->width == 32 ? run_width32(sm, w) : run_any_width(sm, w);
}
