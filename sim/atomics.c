/* atomics.c - the ATOMIC instruction.  Global memory is a MAP_SHARED mapping of the arena memfd in
 * every SM process, so C11/GCC atomic operations on it are atomic across the SM processes and the
 * host, exactly as a GPU's L2 atomics are across its SMs.  Local memory belongs to one work-group,
 * which runs on one SM thread, so the same operations are trivially atomic there.  The lanes of a
 * warp perform their operations one after the other in lane order (a GPU serialises conflicting
 * lanes too).  Each operation has the C11 order its instruction carries (OpenCL C's orders are
 * C11's, s6.15.12.3); its scope needs nothing more: a hardware atomic on the shared mapping is
 * atomic for every scope at once, up to the host (all_svm_devices). */
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include "sim/warp.h"

static inline float as_f32(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t f32_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline double as_f64(uint64_t u) { double f; memcpy(&f, &u, 8); return f; }
static inline uint64_t f64_bits(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }

/* Read-modify-write with a compare-and-swap loop for the operations the hardware lacks: the
 * successful exchange carries the order (a failed attempt only re-reads). */
#define CAS_LOOP(T, p, expr)                                                                \
  do {                                                                                      \
    T old_ = __atomic_load_n(p, __ATOMIC_RELAXED), new_;                                    \
    do {                                                                                    \
      T x = old_;                                                                           \
      new_ = (expr);                                                                        \
    } while (!__atomic_compare_exchange_n(p, &old_, new_, 1, RMW, __ATOMIC_RELAXED));       \
    return old_;                                                                            \
  } while (0)

/* One function per width and memory order (vir.h enum vir_order), the order a compile-time
 * constant in each, as C11's atomics want it: LD for a load, ST for a store, RMW for a
 * read-modify-write, FAIL for a compare-exchange that fails (a load; never stronger than RMW).
 * x86-64 makes all of them but a seq_cst store (xchg) and fence plain instructions; the orders
 * still bind the C compiler. */
#define ATOMIC_FN(NAME, T, SUFFIX, TO_F, F_BITS, FMIN, FMAX)                                 \
  static T NAME(T *p, unsigned op, T b, T c) {                                              \
    switch (op) {                                                                           \
      case VIR_ATOM_XCHG: return __atomic_exchange_n(p, b, RMW);                            \
      case VIR_ATOM_ADD: return __atomic_fetch_add(p, b, RMW);                              \
      case VIR_ATOM_SUB: return __atomic_fetch_sub(p, b, RMW);                              \
      /* x86 has no fetch-and/or/xor returning the old value: a CAS loop either way (and GCC \
       * 12 with -fsanitize=address miscompiles __atomic_fetch_and/or/xor here). */          \
      case VIR_ATOM_AND: CAS_LOOP(T, p, x & b);                                             \
      case VIR_ATOM_OR: CAS_LOOP(T, p, x | b);                                              \
      case VIR_ATOM_XOR: CAS_LOOP(T, p, x ^ b);                                             \
      case VIR_ATOM_SMIN: CAS_LOOP(T, p, (SUFFIX)x < (SUFFIX)b ? x : b);                    \
      case VIR_ATOM_SMAX: CAS_LOOP(T, p, (SUFFIX)x > (SUFFIX)b ? x : b);                    \
      case VIR_ATOM_UMIN: CAS_LOOP(T, p, x < b ? x : b);                                    \
      case VIR_ATOM_UMAX: CAS_LOOP(T, p, x > b ? x : b);                                    \
      case VIR_ATOM_CMPXCHG: {                                                              \
        T expected = c; /* b replaces *p when *p == c; the old value is returned either way */ \
        __atomic_compare_exchange_n(p, &expected, b, 0, RMW, FAIL);                         \
        return expected;                                                                    \
      }                                                                                     \
      case VIR_ATOM_FADD: CAS_LOOP(T, p, F_BITS(TO_F(x) + TO_F(b)));                        \
      case VIR_ATOM_FMIN: CAS_LOOP(T, p, F_BITS(FMIN(TO_F(x), TO_F(b))));                   \
      case VIR_ATOM_FMAX: CAS_LOOP(T, p, F_BITS(FMAX(TO_F(x), TO_F(b))));                   \
      case VIR_ATOM_LOAD: return __atomic_load_n(p, LD);                                    \
      default: __atomic_store_n(p, b, ST); return b; /* VIR_ATOM_STORE */                   \
    }                                                                                       \
  }
#define ATOMIC_FNS(ORDER)                                                                   \
  ATOMIC_FN(atomic32_##ORDER, uint32_t, int32_t, as_f32, f32_bits, fminf, fmaxf)            \
  ATOMIC_FN(atomic64_##ORDER, uint64_t, int64_t, as_f64, f64_bits, fmin, fmax)

#define LD __ATOMIC_RELAXED
#define ST __ATOMIC_RELAXED
#define RMW __ATOMIC_RELAXED
#define FAIL __ATOMIC_RELAXED
ATOMIC_FNS(relaxed)
#undef LD
#undef RMW
#undef FAIL
#define LD __ATOMIC_ACQUIRE /* the validator refuses an acquire store: ST stays relaxed */
#define RMW __ATOMIC_ACQUIRE
#define FAIL __ATOMIC_ACQUIRE
ATOMIC_FNS(acquire)
#undef LD
#undef ST
#undef RMW
#undef FAIL
#define LD __ATOMIC_RELAXED /* ... and a release load */
#define ST __ATOMIC_RELEASE
#define RMW __ATOMIC_RELEASE
#define FAIL __ATOMIC_RELAXED
ATOMIC_FNS(release)
#undef LD
#undef RMW
#undef FAIL
#define LD __ATOMIC_ACQUIRE
#define RMW __ATOMIC_ACQ_REL
#define FAIL __ATOMIC_ACQUIRE
ATOMIC_FNS(acq_rel)
#undef LD
#undef ST
#undef RMW
#undef FAIL
#define LD __ATOMIC_SEQ_CST
#define ST __ATOMIC_SEQ_CST
#define RMW __ATOMIC_SEQ_CST
#define FAIL __ATOMIC_SEQ_CST
ATOMIC_FNS(seq_cst)
#undef LD
#undef ST
#undef RMW
#undef FAIL

/* One lane's operation with the instruction's order (a switch the compiler turns into direct,
 * inlinable calls). */
static inline uint64_t perform(unsigned order, unsigned size, void *p, unsigned op, uint64_t b, uint64_t c) {
#define BY_WIDTH(ORDER) \
  (size == 4 ? atomic32_##ORDER(p, op, (uint32_t)b, (uint32_t)c) : atomic64_##ORDER(p, op, b, c))
  switch (order) {
    case VIR_ORDER_RELAXED: return BY_WIDTH(relaxed);
    case VIR_ORDER_ACQUIRE: return BY_WIDTH(acquire);
    case VIR_ORDER_RELEASE: return BY_WIDTH(release);
    case VIR_ORDER_ACQ_REL: return BY_WIDTH(acq_rel);
    default: return BY_WIDTH(seq_cst);
  }
#undef BY_WIDTH
}

/* The active lanes of mask by the address space of their pointer (an observer hook gets one). */
static void lanes_by_space(const uint64_t *A, uint64_t mask, uint64_t by[3]) {
  by[0] = by[1] = by[2] = 0;
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    uint64_t tag = A[l] >> VIR_PTR_TAG_SHIFT;
    by[tag < 3 ? tag : 0] |= 1ull << l;
  }
}

int vgpu_atomic_exec(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                     const struct vgpu_dinsn *in) {
  unsigned op = in->mod & 15, as = in->mod >> 4, size = in->size, order = VIR_SEM_ORDER(in->sem);
  uint64_t *R = w->regs, *D = R + in->d;
  const uint64_t *A = R + in->a, *B = R + in->b, *C = R + in->c;
  if (op > VIR_ATOM_STORE) {
    vgpu_fault_raise(sm, w, __builtin_ctzll(mask), pc, VGPU_LAUNCH_FAULT, "unknown atomic operation %u", op);
    return -1;
  }
  if (__builtin_expect(sm->obs != NULL, 0) && sm->obs->atomic) {
    uint64_t by[3];
    lanes_by_space(A, mask, by);
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
    D[l] = perform(order, size, p, op, B[l], C[l]);
  }
  if (__builtin_expect(sm->obs != NULL, 0) && sm->obs->atomic_done) {
    uint64_t by[3];
    lanes_by_space(A, mask, by);
    for (int s = 0; s < 3; s++)
      if (by[s]) sm->obs->atomic_done(sm->obs_ctx, w, pc, (enum vgpu_space)s, A, by[s], size);
  }
  return 0;
}
