/* vgpu_intrinsics.h - the primitives the builtin library is written in.  The compiler lowers
 * each call to one VIR instruction (a contract with compiler/ and sim/; do not rename):
 *   __vgpu_math_<name>_f32/_f64  -> MATH_F32/MATH_F64, function from vir/vir_math.def,
 *                                   evaluated by the simulator with the host libm;
 *   __vgpu_wi_<query>(dim)       -> WORKITEM (dim is always 0..2 here: the library handles the
 *                                   out-of-range dimensions the spec defines, 6.15.1);
 *   __vgpu_barrier / __vgpu_fence -> BARRIER / FENCE with CLK_*_MEM_FENCE flags;
 *   __vgpu_sg32/64(mode, x, lane) -> SUBGROUP, a cross-lane operation of the warp (sub-group);
 *                                   mode (a constant) = enum vir_sg_kind | vir_sg_op << 4 |
 *                                   vir_type << 8 (vir/vir.h), lane is broadcast's source;
 *   __vgpu_wg32/64(mode, x, id)  -> WGROUP, the same over the work-group (work-group functions).
 * Every library file includes this header; it also holds the small macros that stamp out the
 * vector widths. */
#ifndef VGPU_INTRINSICS_H
#define VGPU_INTRINSICS_H

/* The library's careful formulations (exact error terms, range reductions) rely on each
 * operation being rounded separately, so no a*b+c is fused behind our back (6.10 FP_CONTRACT). */
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
/* spir64 reports no lock-free size; the simulator's atomics are lock-free at 4 and 8 bytes. */
#pragma clang diagnostic ignored "-Watomic-alignment"

#define OVL __attribute__((overloadable))
#define VGPU_CONST __attribute__((const))

/* Math primitives: one per VIR_MATH entry of vir_math.def. */
#define VGPU_MATH1(n) float __vgpu_math_##n##_f32(float) VGPU_CONST; \
  double __vgpu_math_##n##_f64(double) VGPU_CONST;
#define VGPU_MATH2(n) float __vgpu_math_##n##_f32(float, float) VGPU_CONST; \
  double __vgpu_math_##n##_f64(double, double) VGPU_CONST;
VGPU_MATH1(sqrt) VGPU_MATH1(cbrt) VGPU_MATH1(fabs) VGPU_MATH1(floor) VGPU_MATH1(ceil)
VGPU_MATH1(trunc) VGPU_MATH1(rint) VGPU_MATH1(round)
VGPU_MATH1(exp) VGPU_MATH1(exp2) VGPU_MATH1(exp10) VGPU_MATH1(expm1)
VGPU_MATH1(log) VGPU_MATH1(log2) VGPU_MATH1(log10) VGPU_MATH1(log1p) VGPU_MATH1(logb)
VGPU_MATH1(sin) VGPU_MATH1(cos) VGPU_MATH1(tan) VGPU_MATH1(asin) VGPU_MATH1(acos)
VGPU_MATH1(atan) VGPU_MATH1(sinh) VGPU_MATH1(cosh) VGPU_MATH1(tanh) VGPU_MATH1(asinh)
VGPU_MATH1(acosh) VGPU_MATH1(atanh) VGPU_MATH1(erf) VGPU_MATH1(erfc) VGPU_MATH1(tgamma)
VGPU_MATH1(lgamma)
VGPU_MATH2(pow) VGPU_MATH2(atan2) VGPU_MATH2(fmod) VGPU_MATH2(remainder) VGPU_MATH2(hypot)
VGPU_MATH2(fmin) VGPU_MATH2(fmax) VGPU_MATH2(fdim) VGPU_MATH2(copysign) VGPU_MATH2(nextafter)
float __vgpu_math_fma_f32(float, float, float) VGPU_CONST;
double __vgpu_math_fma_f64(double, double, double) VGPU_CONST;
float __vgpu_math_ldexp_f32(float, int) VGPU_CONST;
double __vgpu_math_ldexp_f64(double, int) VGPU_CONST;
int __vgpu_math_ilogb_f32(float) VGPU_CONST;
int __vgpu_math_ilogb_f64(double) VGPU_CONST;

/* Work-item queries (dim in 0..2) and synchronisation. */
size_t __vgpu_wi_global_id(uint dim) VGPU_CONST;
size_t __vgpu_wi_local_id(uint dim) VGPU_CONST;
size_t __vgpu_wi_group_id(uint dim) VGPU_CONST;
size_t __vgpu_wi_global_size(uint dim) VGPU_CONST;
size_t __vgpu_wi_local_size(uint dim) VGPU_CONST;
size_t __vgpu_wi_enqueued_local_size(uint dim) VGPU_CONST;
size_t __vgpu_wi_num_groups(uint dim) VGPU_CONST;
size_t __vgpu_wi_global_offset(uint dim) VGPU_CONST;
size_t __vgpu_wi_global_linear_id(uint dim) VGPU_CONST;
size_t __vgpu_wi_local_linear_id(uint dim) VGPU_CONST;
size_t __vgpu_wi_sub_group_size(uint dim) VGPU_CONST;
size_t __vgpu_wi_max_sub_group_size(uint dim) VGPU_CONST;
size_t __vgpu_wi_num_sub_groups(uint dim) VGPU_CONST;
size_t __vgpu_wi_enqueued_num_sub_groups(uint dim) VGPU_CONST;
size_t __vgpu_wi_sub_group_id(uint dim) VGPU_CONST;
size_t __vgpu_wi_sub_group_local_id(uint dim) VGPU_CONST;
uint __vgpu_wi_work_dim(void) VGPU_CONST;
/* Device facts of the launch (WORKITEM DEVICE_INFO): 0 the default device queue's address (0:
 * none), 1 CL_DEVICE_MAX_WORK_GROUP_SIZE, 2 the warp width (device_enqueue.cl). */
ulong __vgpu_wi_device_info(uint what) VGPU_CONST;
void __vgpu_barrier(uint flags);
void __vgpu_fence(uint flags);
/* A fence with memory semantics sem = order | scope << 4 (vir.h's enum vir_order, vir_scope). */
void __vgpu_fence_sem(uint flags, uint sem);
/* Convergent (as every OpenCL C function is by default): never moved across control flow. */
uint __vgpu_sg32(uint mode, uint x, uint lane);
ulong __vgpu_sg64(uint mode, ulong x, uint lane);
/* The same mode over the whole work-group (WGROUP); id is broadcast's source, a local linear id. */
uint __vgpu_wg32(uint mode, uint x, ulong id);
ulong __vgpu_wg64(uint mode, ulong x, ulong id);

/* Every builtin name, declared before the library defines any overload of it. */
#include "gen_declare.h"

/* Stamp a scalar function out over the vector widths by halves (the lowering scalarises
 * anyway; halves keep the source short).  RT/T are scalar type names: float -> float4. */
#define VGPU_VEC1(RT, F, T)                                                                   \
  OVL RT##2 F(T##2 x) { return (RT##2)(F(x.s0), F(x.s1)); }                                  \
  OVL RT##3 F(T##3 x) { return (RT##3)(F(x.s0), F(x.s1), F(x.s2)); }                         \
  OVL RT##4 F(T##4 x) { return (RT##4)(F(x.lo), F(x.hi)); }                                  \
  OVL RT##8 F(T##8 x) { return (RT##8)(F(x.lo), F(x.hi)); }                                  \
  OVL RT##16 F(T##16 x) { return (RT##16)(F(x.lo), F(x.hi)); }
#define VGPU_VEC2(RT, F, T, U)                                                                \
  OVL RT##2 F(T##2 x, U##2 y) { return (RT##2)(F(x.s0, y.s0), F(x.s1, y.s1)); }              \
  OVL RT##3 F(T##3 x, U##3 y) { return (RT##3)(F(x.s0, y.s0), F(x.s1, y.s1), F(x.s2, y.s2)); } \
  OVL RT##4 F(T##4 x, U##4 y) { return (RT##4)(F(x.lo, y.lo), F(x.hi, y.hi)); }              \
  OVL RT##8 F(T##8 x, U##8 y) { return (RT##8)(F(x.lo, y.lo), F(x.hi, y.hi)); }              \
  OVL RT##16 F(T##16 x, U##16 y) { return (RT##16)(F(x.lo, y.lo), F(x.hi, y.hi)); }
#define VGPU_VEC3(RT, F, T, U, V)                                                             \
  OVL RT##2 F(T##2 x, U##2 y, V##2 z) { return (RT##2)(F(x.s0, y.s0, z.s0), F(x.s1, y.s1, z.s1)); } \
  OVL RT##3 F(T##3 x, U##3 y, V##3 z) {                                                        \
    return (RT##3)(F(x.s0, y.s0, z.s0), F(x.s1, y.s1, z.s1), F(x.s2, y.s2, z.s2)); }          \
  OVL RT##4 F(T##4 x, U##4 y, V##4 z) { return (RT##4)(F(x.lo, y.lo, z.lo), F(x.hi, y.hi, z.hi)); } \
  OVL RT##8 F(T##8 x, U##8 y, V##8 z) { return (RT##8)(F(x.lo, y.lo, z.lo), F(x.hi, y.hi, z.hi)); } \
  OVL RT##16 F(T##16 x, U##16 y, V##16 z) { return (RT##16)(F(x.lo, y.lo, z.lo), F(x.hi, y.hi, z.hi)); }
/* The (vector, scalar) forms such as fmax(float4, float): widen the scalar. */
#define VGPU_VEC2S(RT, F, T, U)                                                               \
  OVL RT##2 F(T##2 x, U y) { return F(x, (U##2)(y)); }                                        \
  OVL RT##3 F(T##3 x, U y) { return F(x, (U##3)(y)); }                                        \
  OVL RT##4 F(T##4 x, U y) { return F(x, (U##4)(y)); }                                        \
  OVL RT##8 F(T##8 x, U y) { return F(x, (U##8)(y)); }                                        \
  OVL RT##16 F(T##16 x, U y) { return F(x, (U##16)(y)); }

/* Run M(type) over every scalar type of a family. */
#define VGPU_FOR_INT_SCALARS(M) M(char) M(uchar) M(short) M(ushort) M(int) M(uint) M(long) M(ulong)
#define VGPU_FOR_WIDTHS(M, T) M(T) M(T##2) M(T##3) M(T##4) M(T##8) M(T##16)

#endif
