/* atomics.c - the ATOMIC instruction.  Global memory is a MAP_SHARED mapping of the arena memfd in
 * every SM process, so C11/GCC atomic operations on it are atomic across the SM processes and the
 * host, exactly as a GPU's L2 atomics are across its SMs.  Local memory belongs to one work-group,
 * which runs on one SM thread, so the same operations are trivially atomic there.  The lanes of a
 * warp perform their operations one after the other in lane order (a GPU serialises conflicting
 * lanes too).  Sequentially consistent ordering: the strongest of OpenCL C's memory orders. */
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include "sim/warp.h"

#define SC __ATOMIC_SEQ_CST

static inline float as_f32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t f32_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline double as_f64(uint64_t u) { double f; memcpy(&f, &u, 8); return f; }
static inline uint64_t f64_bits(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }

/* Read-modify-write with a compare-and-swap loop for the operations the hardware lacks. */
#define CAS_LOOP(T, p, expr)                                                                \
  do {                                                                                      \
    T old_ = __atomic_load_n(p, __ATOMIC_RELAXED), new_;                                    \
    do {                                                                                    \
      T x = old_;                                                                           \
      new_ = (expr);                                                                        \
    } while (!__atomic_compare_exchange_n(p, &old_, new_, 1, SC, __ATOMIC_RELAXED));        \
    return old_;                                                                            \
  } while (0)

static uint32_t atomic32(uint32_t *p, unsigned op, uint32_t b, uint32_t c) {
  switch (op) {
    case VIR_ATOM_XCHG: return __atomic_exchange_n(p, b, SC);
    case VIR_ATOM_ADD: return __atomic_fetch_add(p, b, SC);
    case VIR_ATOM_SUB: return __atomic_fetch_sub(p, b, SC);
    /* x86 has no fetch-and/or/xor returning the old value: a CAS loop either way (and GCC 12
     * with -fsanitize=address miscompiles __atomic_fetch_and/or/xor here). */
    case VIR_ATOM_AND: CAS_LOOP(uint32_t, p, x & b);
    case VIR_ATOM_OR: CAS_LOOP(uint32_t, p, x | b);
    case VIR_ATOM_XOR: CAS_LOOP(uint32_t, p, x ^ b);
    case VIR_ATOM_SMIN: CAS_LOOP(uint32_t, p, (int32_t)x < (int32_t)b ? x : b);
    case VIR_ATOM_SMAX: CAS_LOOP(uint32_t, p, (int32_t)x > (int32_t)b ? x : b);
    case VIR_ATOM_UMIN: CAS_LOOP(uint32_t, p, x < b ? x : b);
    case VIR_ATOM_UMAX: CAS_LOOP(uint32_t, p, x > b ? x : b);
    case VIR_ATOM_CMPXCHG: {
      uint32_t expected = c; /* b replaces *p when *p == c; the old value is returned either way */
      __atomic_compare_exchange_n(p, &expected, b, 0, SC, SC);
      return expected;
    }
    case VIR_ATOM_FADD: CAS_LOOP(uint32_t, p, f32_bits(as_f32(x) + as_f32(b)));
    case VIR_ATOM_FMIN: CAS_LOOP(uint32_t, p, f32_bits(fminf(as_f32(x), as_f32(b))));
    case VIR_ATOM_FMAX: CAS_LOOP(uint32_t, p, f32_bits(fmaxf(as_f32(x), as_f32(b))));
    case VIR_ATOM_LOAD: return __atomic_load_n(p, SC);
    default: __atomic_store_n(p, b, SC); return b; /* VIR_ATOM_STORE */
  }
}

static uint64_t atomic64(uint64_t *p, unsigned op, uint64_t b, uint64_t c) {
  switch (op) {
    case VIR_ATOM_XCHG: return __atomic_exchange_n(p, b, SC);
    case VIR_ATOM_ADD: return __atomic_fetch_add(p, b, SC);
    case VIR_ATOM_SUB: return __atomic_fetch_sub(p, b, SC);
    case VIR_ATOM_AND: CAS_LOOP(uint64_t, p, x & b);
    case VIR_ATOM_OR: CAS_LOOP(uint64_t, p, x | b);
    case VIR_ATOM_XOR: CAS_LOOP(uint64_t, p, x ^ b);
    case VIR_ATOM_SMIN: CAS_LOOP(uint64_t, p, (int64_t)x < (int64_t)b ? x : b);
    case VIR_ATOM_SMAX: CAS_LOOP(uint64_t, p, (int64_t)x > (int64_t)b ? x : b);
    case VIR_ATOM_UMIN: CAS_LOOP(uint64_t, p, x < b ? x : b);
    case VIR_ATOM_UMAX: CAS_LOOP(uint64_t, p, x > b ? x : b);
    case VIR_ATOM_CMPXCHG: {
      uint64_t expected = c;
      __atomic_compare_exchange_n(p, &expected, b, 0, SC, SC);
      return expected;
    }
    case VIR_ATOM_FADD: CAS_LOOP(uint64_t, p, f64_bits(as_f64(x) + as_f64(b)));
    case VIR_ATOM_FMIN: CAS_LOOP(uint64_t, p, f64_bits(fmin(as_f64(x), as_f64(b))));
    case VIR_ATOM_FMAX: CAS_LOOP(uint64_t, p, f64_bits(fmax(as_f64(x), as_f64(b))));
    case VIR_ATOM_LOAD: return __atomic_load_n(p, SC);
    default: __atomic_store_n(p, b, SC); return b;
  }
}

int vgpu_atomic_exec(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                     const struct vgpu_dinsn *in) {
  unsigned op = in->mod & 15, as = in->mod >> 4, size = in->size;
  uint64_t *R = w->regs, *D = R + in->d;
  const uint64_t *A = R + in->a, *B = R + in->b, *C = R + in->c;
  if (op > VIR_ATOM_STORE) {
    vgpu_fault_raise(sm, w, __builtin_ctzll(mask), pc, VGPU_LAUNCH_FAULT, "unknown atomic operation %u", op);
    return -1;
  }
  if (__builtin_expect(sm->obs != NULL, 0) && sm->obs->atomic) {
    uint64_t by[3] = {0, 0, 0};
    for (uint64_t m = mask; m; m &= m - 1) {
      unsigned l = (unsigned)__builtin_ctzll(m);
      uint64_t tag = A[l] >> VIR_PTR_TAG_SHIFT;
      by[tag < 3 ? tag : 0] |= 1ull << l;
    }
    for (int s = 0; s < 3; s++)
      if (by[s]) sm->obs->atomic(sm->obs_ctx, w, pc, (enum vgpu_space)s, A, by[s], size);
    if (sm->faulted) return -1; /* an observer found a race (VGPU_CHECKS): stop before performing it */
  }
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    if (as == VIR_AS_CONSTANT && op != VIR_ATOM_LOAD) {
      vgpu_fault_raise(sm, w, (int)l, pc, VGPU_LAUNCH_FAULT, "atomic write to __constant memory at 0x%" PRIx64, A[l]);
      return -1;
    }
    uint8_t *p = vgpu_mem_lane(sm, w, pc, l, A[l], size, op != VIR_ATOM_LOAD, "atomic");
    if (!p) return -1;
    if ((uintptr_t)p % size) {
      vgpu_fault_raise(sm, w, (int)l, pc, VGPU_LAUNCH_FAULT,
                       "misaligned %u-byte atomic at address 0x%" PRIx64 " (atomics need natural alignment)", size, A[l]);
      return -1;
    }
    if (size == 4) D[l] = atomic32((uint32_t *)(void *)p, op, (uint32_t)B[l], (uint32_t)C[l]);
    else D[l] = atomic64((uint64_t *)(void *)p, op, B[l], C[l]);
  }
  return 0;
}
