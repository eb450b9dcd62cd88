/* atomics_legacy.cl - the OpenCL 1.x atomic functions: atomic_* (section 6.15.12.9 of the
 * 3.0 spec, core since 1.1) and atom_* (cl_khr_{global,local}_int32_{base,extended}_atomics,
 * cl_khr_int64_{base,extended}_atomics).  Each is one LLVM atomicrmw/cmpxchg, which the
 * compiler lowers to a VIR ATOMIC.  These functions promise atomicity, no ordering: relaxed. */
#include "vgpu_intrinsics.h"

#define R __ATOMIC_RELAXED
#define VGPU_RMW(fn, op, T, AS)                                                               \
  OVL T fn(volatile AS T *p, T v) { return __atomic_fetch_##op(p, v, R); }
#define VGPU_INCDEC(fn, op, T, AS)                                                            \
  OVL T fn(volatile AS T *p) { return __atomic_fetch_##op(p, (T)1, R); }
#define VGPU_XCHG(fn, T, AS)                                                                  \
  OVL T fn(volatile AS T *p, T v) { return __atomic_exchange_n(p, v, R); }
#define VGPU_CMPXCHG(fn, T, AS)                                                               \
  OVL T fn(volatile AS T *p, T cmp, T v) {                                                    \
    __atomic_compare_exchange_n(p, &cmp, v, false, R, R);                                     \
    return cmp;                                                                               \
  }
/* All eleven operations of one prefix for one type and address space. */
#define VGPU_ALL(pre, T, AS)                                                                  \
  VGPU_RMW(pre##add, add, T, AS) VGPU_RMW(pre##sub, sub, T, AS) VGPU_XCHG(pre##xchg, T, AS)   \
  VGPU_INCDEC(pre##inc, add, T, AS) VGPU_INCDEC(pre##dec, sub, T, AS)                         \
  VGPU_CMPXCHG(pre##cmpxchg, T, AS) VGPU_RMW(pre##min, min, T, AS)                            \
  VGPU_RMW(pre##max, max, T, AS) VGPU_RMW(pre##and, and, T, AS) VGPU_RMW(pre##or, or, T, AS)  \
  VGPU_RMW(pre##xor, xor, T, AS)

/* float exchange goes through the integer exchange of the same bits. */
#define VGPU_XCHGF(fn, AS)                                                                    \
  OVL float fn(volatile AS float *p, float v) {                                               \
    return as_float(__atomic_exchange_n((volatile AS uint *)p, as_uint(v), R));               \
  }

/* atomic_*: 32-bit, global and local (the generic forms exist only in C++ for OpenCL). */
VGPU_ALL(atomic_, int, __global) VGPU_ALL(atomic_, uint, __global)
VGPU_ALL(atomic_, int, __local) VGPU_ALL(atomic_, uint, __local)
VGPU_XCHGF(atomic_xchg, __global) VGPU_XCHGF(atomic_xchg, __local)

/* atom_*: 32-bit global and local, and 64-bit global and local. */
VGPU_ALL(atom_, int, __global) VGPU_ALL(atom_, uint, __global)
VGPU_ALL(atom_, int, __local) VGPU_ALL(atom_, uint, __local)
VGPU_ALL(atom_, long, __global) VGPU_ALL(atom_, ulong, __global)
VGPU_ALL(atom_, long, __local) VGPU_ALL(atom_, ulong, __local)
