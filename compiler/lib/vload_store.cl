/* vload_store.cl - vloadn/vstoren (OpenCL C 3.0 section 6.15.7) for every element type and
 * address space.  The pointer needs only the element's alignment, so the vector is moved
 * element by element (the wide forms by halves).  Kernels commonly hand these functions memory
 * written through another type (piglit's vload-half-private stores shorts and loads halves), so
 * the accesses go through may_alias types: with the type-based alias information of a plain
 * half access, the inlined loads could be assumed not to see those stores and fold to undef. */
#include "vgpu_intrinsics.h"

#define VGPU_ALIAS(T) typedef T __attribute__((may_alias)) vgpu_ma_##T;
VGPU_ALIAS(char) VGPU_ALIAS(uchar) VGPU_ALIAS(short) VGPU_ALIAS(ushort) VGPU_ALIAS(int)
VGPU_ALIAS(uint) VGPU_ALIAS(long) VGPU_ALIAS(ulong) VGPU_ALIAS(float) VGPU_ALIAS(double)
VGPU_ALIAS(half)

#define VGPU_VLOAD(T, AS)                                                                     \
  OVL T##2 vload2(size_t o, const AS T *p) {                                                  \
    const AS vgpu_ma_##T *q = (const AS vgpu_ma_##T *)p + o * 2; return (T##2)(q[0], q[1]); }   \
  OVL T##3 vload3(size_t o, const AS T *p) {                                                  \
    const AS vgpu_ma_##T *q = (const AS vgpu_ma_##T *)p + o * 3;                              \
    return (T##3)(q[0], q[1], q[2]); }                                                        \
  OVL T##4 vload4(size_t o, const AS T *p) {                                                  \
    p += o * 4; return (T##4)(vload2(0, p), vload2(0, p + 2)); }                              \
  OVL T##8 vload8(size_t o, const AS T *p) {                                                  \
    p += o * 8; return (T##8)(vload4(0, p), vload4(0, p + 4)); }                              \
  OVL T##16 vload16(size_t o, const AS T *p) {                                                \
    p += o * 16; return (T##16)(vload8(0, p), vload8(0, p + 8)); }
#define VGPU_VSTORE(T, AS)                                                                    \
  OVL void vstore2(T##2 d, size_t o, AS T *p) {                                               \
    AS vgpu_ma_##T *q = (AS vgpu_ma_##T *)p + o * 2; q[0] = d.s0; q[1] = d.s1; }              \
  OVL void vstore3(T##3 d, size_t o, AS T *p) {                                               \
    AS vgpu_ma_##T *q = (AS vgpu_ma_##T *)p + o * 3; q[0] = d.s0; q[1] = d.s1; q[2] = d.s2; }  \
  OVL void vstore4(T##4 d, size_t o, AS T *p) {                                               \
    p += o * 4; vstore2(d.lo, 0, p); vstore2(d.hi, 0, p + 2); }                               \
  OVL void vstore8(T##8 d, size_t o, AS T *p) {                                               \
    p += o * 8; vstore4(d.lo, 0, p); vstore4(d.hi, 0, p + 4); }                               \
  OVL void vstore16(T##16 d, size_t o, AS T *p) {                                             \
    p += o * 16; vstore8(d.lo, 0, p); vstore8(d.hi, 0, p + 8); }
#define VGPU_VLS(T)                                                                           \
  VGPU_VLOAD(T, __global) VGPU_VLOAD(T, __local) VGPU_VLOAD(T, __constant)                    \
  VGPU_VLOAD(T, __private) VGPU_VLOAD(T, )                                                    \
  VGPU_VSTORE(T, __global) VGPU_VSTORE(T, __local) VGPU_VSTORE(T, __private) VGPU_VSTORE(T, )
VGPU_VLS(char) VGPU_VLS(uchar) VGPU_VLS(short) VGPU_VLS(ushort) VGPU_VLS(int) VGPU_VLS(uint)
VGPU_VLS(long) VGPU_VLS(ulong) VGPU_VLS(float) VGPU_VLS(double)
VGPU_VLS(half)
