/* subgroup.cl - sub-group functions (OpenCL C 3.0 section 6.15.16, cl_khr_subgroups).  A
 * sub-group is a warp: VGPU_WARP_SIZE consecutive work-items of the group in local linear id
 * order, the last one smaller when the group size is not a multiple of the width.  The queries
 * are WORKITEM instructions; every collective is one SUBGROUP instruction over the active lanes
 * (__vgpu_sg32/64, mode = kind | op << 4 | type << 8 as vir/vir.h numbers them). */
#include "vgpu_intrinsics.h"

#include "subgroup.h"

OVL uint get_sub_group_size(void) { return (uint)__vgpu_wi_sub_group_size(0); }
OVL uint get_max_sub_group_size(void) { return (uint)__vgpu_wi_max_sub_group_size(0); }
OVL uint get_num_sub_groups(void) { return (uint)__vgpu_wi_num_sub_groups(0); }
OVL uint get_enqueued_num_sub_groups(void) { return (uint)__vgpu_wi_enqueued_num_sub_groups(0); }
OVL uint get_sub_group_id(void) { return (uint)__vgpu_wi_sub_group_id(0); }
OVL uint get_sub_group_local_id(void) { return (uint)__vgpu_wi_sub_group_local_id(0); }

/* The lanes of a warp run in lockstep and a sub-group barrier is reached by the whole sub-group
 * at once (6.15.16), so every lane has finished its earlier accesses when any lane passes it:
 * only the memory ordering the flags ask for is left, a fence. */
OVL void sub_group_barrier(cl_mem_fence_flags flags) { __vgpu_fence(flags); }
OVL void sub_group_barrier(cl_mem_fence_flags flags, memory_scope scope) {
  (void)scope;
  __vgpu_fence(flags);
}

OVL int sub_group_all(int predicate) { return (int)__vgpu_sg32(MODE(SG_ALL, 0, T_I32), (uint)predicate, 0u); }
OVL int sub_group_any(int predicate) { return (int)__vgpu_sg32(MODE(SG_ANY, 0, T_I32), (uint)predicate, 0u); }

/* One collective for a type: T the OpenCL type, TY its vir_type, W 32 or 64, U the unsigned
 * carrier (uint/ulong), AS the reinterpretation back. */
#define SG_FN(name, kind, op, T, TY, W, U, AS)                                                 \
  OVL T name(T x) { return AS(__vgpu_sg##W(MODE(kind, op, TY), as_##U(x), 0u)); }
#define SG_TYPE(T, TY, W, U, AS, MIN, MAX)                                                      \
  OVL T sub_group_broadcast(T x, uint id) { return AS(__vgpu_sg##W(MODE(SG_BROADCAST, 0, TY), as_##U(x), id)); } \
  SG_FN(sub_group_reduce_add, SG_REDUCE, OP_ADD, T, TY, W, U, AS)                               \
  SG_FN(sub_group_reduce_min, SG_REDUCE, MIN, T, TY, W, U, AS)                                  \
  SG_FN(sub_group_reduce_max, SG_REDUCE, MAX, T, TY, W, U, AS)                                  \
  SG_FN(sub_group_scan_inclusive_add, SG_SCAN_INCL, OP_ADD, T, TY, W, U, AS)                    \
  SG_FN(sub_group_scan_inclusive_min, SG_SCAN_INCL, MIN, T, TY, W, U, AS)                       \
  SG_FN(sub_group_scan_inclusive_max, SG_SCAN_INCL, MAX, T, TY, W, U, AS)                       \
  SG_FN(sub_group_scan_exclusive_add, SG_SCAN_EXCL, OP_ADD, T, TY, W, U, AS)                    \
  SG_FN(sub_group_scan_exclusive_min, SG_SCAN_EXCL, MIN, T, TY, W, U, AS)                       \
  SG_FN(sub_group_scan_exclusive_max, SG_SCAN_EXCL, MAX, T, TY, W, U, AS)

SG_TYPE(int, T_I32, 32, uint, as_int, OP_SMIN, OP_SMAX)
SG_TYPE(uint, T_I32, 32, uint, as_uint, OP_UMIN, OP_UMAX)
SG_TYPE(long, T_I64, 64, ulong, as_long, OP_SMIN, OP_SMAX)
SG_TYPE(ulong, T_I64, 64, ulong, as_ulong, OP_UMIN, OP_UMAX)
/* floats: the simulator takes SMIN/SMAX as fmin/fmax */
SG_TYPE(float, T_F32, 32, uint, as_float, OP_SMIN, OP_SMAX)
SG_TYPE(double, T_F64, 64, ulong, as_double, OP_SMIN, OP_SMAX)
/* half: a broadcast moves its 16 bits (a signalling NaN stays one, as work_group_broadcast
 * keeps it); a reduction or scan works on its exact float value, adds (or multiplies) in float
 * and rounds once to half, never less accurate than a chain of half operations */
#define SG_H2F(x) as_uint((float)(x))
#define SG_F2H(v) ((half)as_float((uint)(v)))
#define SG_HFN(name, kind, op)                                                                  \
  OVL half name(half x) { return SG_F2H(__vgpu_sg32(MODE(kind, op, T_F32), SG_H2F(x), 0u)); }
OVL half sub_group_broadcast(half x, uint id) {
  return as_half((ushort)__vgpu_sg32(MODE(SG_BROADCAST, 0, T_I32), (uint)as_ushort(x), id));
}
SG_HFN(sub_group_reduce_add, SG_REDUCE, OP_ADD) SG_HFN(sub_group_reduce_min, SG_REDUCE, OP_SMIN)
SG_HFN(sub_group_reduce_max, SG_REDUCE, OP_SMAX)
SG_HFN(sub_group_scan_inclusive_add, SG_SCAN_INCL, OP_ADD)
SG_HFN(sub_group_scan_inclusive_min, SG_SCAN_INCL, OP_SMIN)
SG_HFN(sub_group_scan_inclusive_max, SG_SCAN_INCL, OP_SMAX)
SG_HFN(sub_group_scan_exclusive_add, SG_SCAN_EXCL, OP_ADD)
SG_HFN(sub_group_scan_exclusive_min, SG_SCAN_EXCL, OP_SMIN)
SG_HFN(sub_group_scan_exclusive_max, SG_SCAN_EXCL, OP_SMAX)
