/* shuffle.cl - shuffle and shuffle2 (OpenCL C 3.0 section 6.15.13).  An element is chosen
 * with a tree of selects on the mask bits (only the low log2(m) bits count, or log2(2m) for
 * shuffle2), so no variable vector index reaches the lowering. */
#include "vgpu_intrinsics.h"

#define VGPU_PICK(T)                                                                          \
  static OVL T vgpu_pick(T##2 x, uint k) { return (k & 1u) ? x.s1 : x.s0; }                   \
  static OVL T vgpu_pick(T##4 x, uint k) { return (k & 2u) ? vgpu_pick(x.hi, k) : vgpu_pick(x.lo, k); } \
  static OVL T vgpu_pick(T##8 x, uint k) { return (k & 4u) ? vgpu_pick(x.hi, k) : vgpu_pick(x.lo, k); } \
  static OVL T vgpu_pick(T##16 x, uint k) { return (k & 8u) ? vgpu_pick(x.hi, k) : vgpu_pick(x.lo, k); } \
  static OVL T vgpu_pick2(T##2 x, T##2 y, uint k) { return (k & 2u) ? vgpu_pick(y, k) : vgpu_pick(x, k); } \
  static OVL T vgpu_pick2(T##4 x, T##4 y, uint k) { return (k & 4u) ? vgpu_pick(y, k) : vgpu_pick(x, k); } \
  static OVL T vgpu_pick2(T##8 x, T##8 y, uint k) { return (k & 8u) ? vgpu_pick(y, k) : vgpu_pick(x, k); } \
  static OVL T vgpu_pick2(T##16 x, T##16 y, uint k) { return (k & 16u) ? vgpu_pick(y, k) : vgpu_pick(x, k); }
/* one source width M, every result width */
#define VGPU_SHUF_M(T, U, M)                                                                  \
  OVL T##2 shuffle(T##M x, U##2 m) { return (T##2)(vgpu_pick(x, (uint)m.s0), vgpu_pick(x, (uint)m.s1)); } \
  OVL T##4 shuffle(T##M x, U##4 m) { return (T##4)(shuffle(x, m.lo), shuffle(x, m.hi)); }    \
  OVL T##8 shuffle(T##M x, U##8 m) { return (T##8)(shuffle(x, m.lo), shuffle(x, m.hi)); }    \
  OVL T##16 shuffle(T##M x, U##16 m) { return (T##16)(shuffle(x, m.lo), shuffle(x, m.hi)); } \
  OVL T##2 shuffle2(T##M x, T##M y, U##2 m) {                                                 \
    return (T##2)(vgpu_pick2(x, y, (uint)m.s0), vgpu_pick2(x, y, (uint)m.s1)); }              \
  OVL T##4 shuffle2(T##M x, T##M y, U##4 m) { return (T##4)(shuffle2(x, y, m.lo), shuffle2(x, y, m.hi)); } \
  OVL T##8 shuffle2(T##M x, T##M y, U##8 m) { return (T##8)(shuffle2(x, y, m.lo), shuffle2(x, y, m.hi)); } \
  OVL T##16 shuffle2(T##M x, T##M y, U##16 m) { return (T##16)(shuffle2(x, y, m.lo), shuffle2(x, y, m.hi)); }
#define VGPU_SHUF(T, U)                                                                       \
  VGPU_PICK(T) VGPU_SHUF_M(T, U, 2) VGPU_SHUF_M(T, U, 4) VGPU_SHUF_M(T, U, 8) VGPU_SHUF_M(T, U, 16)
VGPU_SHUF(char, uchar) VGPU_SHUF(uchar, uchar) VGPU_SHUF(short, ushort) VGPU_SHUF(ushort, ushort)
VGPU_SHUF(int, uint) VGPU_SHUF(uint, uint) VGPU_SHUF(long, ulong) VGPU_SHUF(ulong, ulong)
VGPU_SHUF(float, uint) VGPU_SHUF(double, ulong) VGPU_SHUF(half, ushort)
