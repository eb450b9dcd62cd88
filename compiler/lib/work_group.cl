/* work_group.cl - the work-group collective functions (OpenCL C 3.0 section 6.15.15, feature
 * __opencl_c_work_group_collective_functions): all, any, broadcast (1D/2D/3D local ids), reduce and
 * inclusive/exclusive scan with add, min and max.  Each is one __vgpu_wg32/64: a WGROUP
 * instruction, at which the group's warps meet like at a barrier and the simulator combines every
 * work-item's value in local linear id order (sim/wgroup.c).  The modes are the sub-group ones
 * (subgroup.h). */
#include "vgpu_intrinsics.h"

#include "subgroup.h"

OVL int work_group_all(int predicate) { return (int)__vgpu_wg32(MODE(SG_ALL, 0, T_I32), (uint)predicate, 0ul); }
OVL int work_group_any(int predicate) { return (int)__vgpu_wg32(MODE(SG_ANY, 0, T_I32), (uint)predicate, 0ul); }

/* broadcast's source as a local linear id; the ids are the same in every work-item (6.15.15) */
static size_t wg_linear2(size_t x, size_t y) { return x + get_local_size(0) * y; }
static size_t wg_linear3(size_t x, size_t y, size_t z) { return x + get_local_size(0) * (y + get_local_size(1) * z); }

/* One collective for a type: T the OpenCL type, TY its vir_type, W 32 or 64, U the unsigned
 * carrier (uint/ulong), AS the reinterpretation back. */
#define WG_FN(name, kind, op, T, TY, W, U, AS)                                                  \
  OVL T name(T x) { return AS(__vgpu_wg##W(MODE(kind, op, TY), as_##U(x), 0ul)); }
#define WG_TYPE(T, TY, W, U, AS, MIN, MAX)                                                      \
  OVL T work_group_broadcast(T x, size_t id) { return AS(__vgpu_wg##W(MODE(SG_BROADCAST, 0, TY), as_##U(x), id)); } \
  OVL T work_group_broadcast(T x, size_t i, size_t j) {                                         \
    return AS(__vgpu_wg##W(MODE(SG_BROADCAST, 0, TY), as_##U(x), wg_linear2(i, j)));            \
  }                                                                                             \
  OVL T work_group_broadcast(T x, size_t i, size_t j, size_t k) {                               \
    return AS(__vgpu_wg##W(MODE(SG_BROADCAST, 0, TY), as_##U(x), wg_linear3(i, j, k)));         \
  }                                                                                             \
  WG_FN(work_group_reduce_add, SG_REDUCE, OP_ADD, T, TY, W, U, AS)                              \
  WG_FN(work_group_reduce_min, SG_REDUCE, MIN, T, TY, W, U, AS)                                 \
  WG_FN(work_group_reduce_max, SG_REDUCE, MAX, T, TY, W, U, AS)                                 \
  WG_FN(work_group_scan_inclusive_add, SG_SCAN_INCL, OP_ADD, T, TY, W, U, AS)                   \
  WG_FN(work_group_scan_inclusive_min, SG_SCAN_INCL, MIN, T, TY, W, U, AS)                      \
  WG_FN(work_group_scan_inclusive_max, SG_SCAN_INCL, MAX, T, TY, W, U, AS)                      \
  WG_FN(work_group_scan_exclusive_add, SG_SCAN_EXCL, OP_ADD, T, TY, W, U, AS)                   \
  WG_FN(work_group_scan_exclusive_min, SG_SCAN_EXCL, MIN, T, TY, W, U, AS)                      \
  WG_FN(work_group_scan_exclusive_max, SG_SCAN_EXCL, MAX, T, TY, W, U, AS)

WG_TYPE(int, T_I32, 32, uint, as_int, OP_SMIN, OP_SMAX)
WG_TYPE(uint, T_I32, 32, uint, as_uint, OP_UMIN, OP_UMAX)
WG_TYPE(long, T_I64, 64, ulong, as_long, OP_SMIN, OP_SMAX)
WG_TYPE(ulong, T_I64, 64, ulong, as_ulong, OP_UMIN, OP_UMAX)
/* floats: the simulator takes SMIN/SMAX as fmin/fmax */
WG_TYPE(float, T_F32, 32, uint, as_float, OP_SMIN, OP_SMAX)
WG_TYPE(double, T_F64, 64, ulong, as_double, OP_SMIN, OP_SMAX)

#ifdef cl_khr_fp16
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
/* half (when the device reports cl_khr_fp16): broadcast moves the bits; the arithmetic runs in
 * float, which holds every half exactly, so min and max are exact and a sum or scan is rounded
 * to half once per result (6.15.15 leaves the order, and so the intermediate rounding, open). */
OVL half work_group_broadcast(half x, size_t id) { return as_half((ushort)work_group_broadcast((uint)as_ushort(x), id)); }
OVL half work_group_broadcast(half x, size_t i, size_t j) {
  return as_half((ushort)work_group_broadcast((uint)as_ushort(x), i, j));
}
OVL half work_group_broadcast(half x, size_t i, size_t j, size_t k) {
  return as_half((ushort)work_group_broadcast((uint)as_ushort(x), i, j, k));
}
#define WG_HALF(name) OVL half name(half x) { return (half)name((float)x); }
WG_HALF(work_group_reduce_add)
WG_HALF(work_group_reduce_min)
WG_HALF(work_group_reduce_max)
WG_HALF(work_group_scan_inclusive_add)
WG_HALF(work_group_scan_inclusive_min)
WG_HALF(work_group_scan_inclusive_max)
WG_HALF(work_group_scan_exclusive_add)
WG_HALF(work_group_scan_exclusive_min)
WG_HALF(work_group_scan_exclusive_max)
#endif
