/* subgroup_ext.cl - the extended sub-group functions (the cl_khr_subgroup_* extensions of the
 * OpenCL Extension Specification): extended types, non-uniform vote, ballot, non-uniform
 * arithmetic, shuffle, shuffle relative and clustered reduce.  Each is one SUBGROUP instruction
 * over the warp's active lanes (subgroup.cl says how) or a few lines of bit arithmetic on a
 * ballot.  char and short travel widened to 32 bits (sign- or zero-extended, so min and max
 * compare correctly) and are narrowed back; vectors go component by component. */
#include "vgpu_intrinsics.h"
#include "subgroup.h"

#define LID() ((uint)__vgpu_wi_sub_group_local_id(0))

/* Everything of one scalar type: T the type, TY/W the vir_type and carrier width, TO/FROM the
 * conversions to and from the carrier, MIN/MAX the ops that compare it. */
#define SGX_COMMON(T, TY, W, TO, FROM, SAT, MIN, MAX)                                           \
  SGX_MOVE(T, TY, W, TO, FROM) SGX_VALUE(T, TY, W, TO, FROM, SAT, MIN, MAX)
/* the functions that move a value from lane to lane */
#define SGX_MOVE(T, TY, W, TO, FROM)                                                            \
  OVL T sub_group_shuffle(T x, uint id) { return FROM(SG(SG_SHUFFLE, 0, TY, W, TO(x), id)); }   \
  OVL T sub_group_shuffle_xor(T x, uint mask) { return FROM(SG(SG_SHUFFLE, 0, TY, W, TO(x), LID() ^ mask)); } \
  OVL T sub_group_shuffle_up(T x, uint delta) { return FROM(SG(SG_SHUFFLE, 0, TY, W, TO(x), LID() - delta)); } \
  OVL T sub_group_shuffle_down(T x, uint delta) { return FROM(SG(SG_SHUFFLE, 0, TY, W, TO(x), LID() + delta)); } \
  OVL T sub_group_non_uniform_broadcast(T x, uint id) { return FROM(SG(SG_BROADCAST, 0, TY, W, TO(x), id)); } \
  /* the first active lane names itself as the source */                                       \
  OVL T sub_group_broadcast_first(T x) { return FROM(SG(SG_BROADCAST, 0, TY, W, TO(x), LID())); }
/* the functions that compare or compute */
#define SGX_VALUE(T, TY, W, TO, FROM, SAT, MIN, MAX)                                            \
  OVL int sub_group_non_uniform_all_equal(T x) { return (int)SG(SG_ALL_EQUAL, 0, TY, W, TO(x), 0u); } \
  SGX_ARITH(T, TY, W, TO, FROM, add, OP_ADD)                                                    \
  SGX_ARITH(T, TY, W, TO, FROM, mul, OP_MUL)                                                    \
  SGX_ARITH(T, TY, W, TO, SAT, min, MIN)                                                        \
  SGX_ARITH(T, TY, W, TO, SAT, max, MAX)
#define SGX_ARITH(T, TY, W, TO, FROM, name, op)                                                 \
  OVL T sub_group_non_uniform_reduce_##name(T x) { return FROM(SG(SG_REDUCE, op, TY, W, TO(x), 0u)); } \
  OVL T sub_group_non_uniform_scan_inclusive_##name(T x) { return FROM(SG(SG_SCAN_INCL, op, TY, W, TO(x), 0u)); } \
  OVL T sub_group_non_uniform_scan_exclusive_##name(T x) { return FROM(SG(SG_SCAN_EXCL, op, TY, W, TO(x), 0u)); } \
  OVL T sub_group_clustered_reduce_##name(T x, uint n) { return FROM(SG(SG_CLUSTER, op, TY, W, TO(x), n)); }
/* and/or/xor: integer types only */
#define SGX_BITS(T, TY, W, TO, FROM)                                                            \
  SGX_ARITH(T, TY, W, TO, FROM, and, OP_AND)                                                    \
  SGX_ARITH(T, TY, W, TO, FROM, or, OP_OR)                                                      \
  SGX_ARITH(T, TY, W, TO, FROM, xor, OP_XOR)
/* the char and short forms of the core functions (cl_khr_subgroup_extended_types) */
#define SGX_NARROW(T, TO, FROM, SAT, MIN, MAX)                                                  \
  OVL T sub_group_broadcast(T x, uint id) { return FROM(SG(SG_BROADCAST, 0, T_I32, 32, TO(x), id)); } \
  SGX_CORE(T, TO, FROM, add, OP_ADD) SGX_CORE(T, TO, SAT, min, MIN) SGX_CORE(T, TO, SAT, max, MAX)
#define SGX_CORE(T, TO, FROM, name, op)                                                         \
  OVL T sub_group_reduce_##name(T x) { return FROM(SG(SG_REDUCE, op, T_I32, 32, TO(x), 0u)); }  \
  OVL T sub_group_scan_inclusive_##name(T x) { return FROM(SG(SG_SCAN_INCL, op, T_I32, 32, TO(x), 0u)); } \
  OVL T sub_group_scan_exclusive_##name(T x) { return FROM(SG(SG_SCAN_EXCL, op, T_I32, 32, TO(x), 0u)); }

#define TO_S(x) ((uint)(int)(x))
#define TO_U(x) ((uint)(x))
#define FROM_C(v) ((char)(v))
#define FROM_UC(v) ((uchar)(v))
#define FROM_S(v) ((short)(v))
#define FROM_US(v) ((ushort)(v))
#define FROM_I(v) ((int)(v))
#define FROM_UI(v) ((uint)(v))
/* min/max of a widened char or short: an exclusive scan's first work-item gets the 32-bit
 * identity (INT_MAX or INT_MIN), which must become the narrow type's (CHAR_MAX, CHAR_MIN) */
#define SAT_C(v) ((char)clamp((int)(v), CHAR_MIN, CHAR_MAX))
#define SAT_S(v) ((short)clamp((int)(v), SHRT_MIN, SHRT_MAX))
#define TO_L(x) ((ulong)(x))
#define FROM_L(v) ((long)(v))
#define FROM_UL(v) ((ulong)(v))
#define TO_F(x) as_uint(x)
#define FROM_F(v) as_float((uint)(v))
#define TO_D(x) as_ulong(x)
#define FROM_D(v) as_double((ulong)(v))

SGX_COMMON(char, T_I32, 32, TO_S, FROM_C, SAT_C, OP_SMIN, OP_SMAX) SGX_BITS(char, T_I32, 32, TO_S, FROM_C)
SGX_COMMON(uchar, T_I32, 32, TO_U, FROM_UC, FROM_UC, OP_UMIN, OP_UMAX) SGX_BITS(uchar, T_I32, 32, TO_U, FROM_UC)
SGX_COMMON(short, T_I32, 32, TO_S, FROM_S, SAT_S, OP_SMIN, OP_SMAX) SGX_BITS(short, T_I32, 32, TO_S, FROM_S)
SGX_COMMON(ushort, T_I32, 32, TO_U, FROM_US, FROM_US, OP_UMIN, OP_UMAX) SGX_BITS(ushort, T_I32, 32, TO_U, FROM_US)
SGX_COMMON(int, T_I32, 32, TO_U, FROM_I, FROM_I, OP_SMIN, OP_SMAX) SGX_BITS(int, T_I32, 32, TO_U, FROM_I)
SGX_COMMON(uint, T_I32, 32, TO_U, FROM_UI, FROM_UI, OP_UMIN, OP_UMAX) SGX_BITS(uint, T_I32, 32, TO_U, FROM_UI)
SGX_COMMON(long, T_I64, 64, TO_L, FROM_L, FROM_L, OP_SMIN, OP_SMAX) SGX_BITS(long, T_I64, 64, TO_L, FROM_L)
SGX_COMMON(ulong, T_I64, 64, TO_L, FROM_UL, FROM_UL, OP_UMIN, OP_UMAX) SGX_BITS(ulong, T_I64, 64, TO_L, FROM_UL)
SGX_COMMON(float, T_F32, 32, TO_F, FROM_F, FROM_F, OP_SMIN, OP_SMAX)
SGX_COMMON(double, T_F64, 64, TO_D, FROM_D, FROM_D, OP_SMIN, OP_SMAX)
/* half: moved as its bits, computed and compared as its exact float value (subgroup.cl) */
#define TO_HB(x) ((uint)as_ushort(x))
#define FROM_HB(v) as_half((ushort)(v))
#define TO_H(x) as_uint((float)(x))
#define FROM_H(v) ((half)as_float((uint)(v)))
SGX_MOVE(half, T_I32, 32, TO_HB, FROM_HB) SGX_VALUE(half, T_F32, 32, TO_H, FROM_H, FROM_H, OP_SMIN, OP_SMAX)
SGX_NARROW(char, TO_S, FROM_C, SAT_C, OP_SMIN, OP_SMAX)
SGX_NARROW(uchar, TO_U, FROM_UC, FROM_UC, OP_UMIN, OP_UMAX)
SGX_NARROW(short, TO_S, FROM_S, SAT_S, OP_SMIN, OP_SMAX)
SGX_NARROW(ushort, TO_U, FROM_US, FROM_US, OP_UMIN, OP_UMAX)

/* logical_and/or/xor of int predicates: 0 or 1 in, 0 or 1 out (an exclusive scan's first
 * work-item gets the identity: all ones for and, so true; 0 for or and xor) */
#define SGX_LOGICAL(name, op)                                                            \
  OVL int sub_group_non_uniform_reduce_logical_##name(int p) {                                  \
    return SG(SG_REDUCE, op, T_I32, 32, (uint)(p != 0), 0u) != 0; }                             \
  OVL int sub_group_non_uniform_scan_inclusive_logical_##name(int p) {                          \
    return SG(SG_SCAN_INCL, op, T_I32, 32, (uint)(p != 0), 0u) != 0; }                          \
  OVL int sub_group_non_uniform_scan_exclusive_logical_##name(int p) {                          \
    return SG(SG_SCAN_EXCL, op, T_I32, 32, (uint)(p != 0), 0u) != 0; }                          \
  OVL int sub_group_clustered_reduce_logical_##name(int p, uint n) {                            \
    return SG(SG_CLUSTER, op, T_I32, 32, (uint)(p != 0), n) != 0; }
SGX_LOGICAL(and, OP_AND)
SGX_LOGICAL(or, OP_OR)
SGX_LOGICAL(xor, OP_XOR)

/* subgroup.cl's overloads, so that the calls below see every scalar one (a lookup that finds a
 * definition here does not consult Clang's builtin tables) */
OVL int sub_group_broadcast(int, uint);
OVL uint sub_group_broadcast(uint, uint);
OVL long sub_group_broadcast(long, uint);
OVL ulong sub_group_broadcast(ulong, uint);
OVL float sub_group_broadcast(float, uint);
OVL double sub_group_broadcast(double, uint);
OVL half sub_group_broadcast(half, uint);

/* Vectors of sub_group_broadcast (extended types) and sub_group_non_uniform_broadcast (ballot):
 * component by component, by halves. */
#define SGX_VEC(F, T)                                                                           \
  OVL T##2 F(T##2 x, uint id) { return (T##2)(F(x.s0, id), F(x.s1, id)); }                      \
  OVL T##3 F(T##3 x, uint id) { return (T##3)(F(x.s0, id), F(x.s1, id), F(x.s2, id)); }         \
  OVL T##4 F(T##4 x, uint id) { return (T##4)(F(x.lo, id), F(x.hi, id)); }                      \
  OVL T##8 F(T##8 x, uint id) { return (T##8)(F(x.lo, id), F(x.hi, id)); }                      \
  OVL T##16 F(T##16 x, uint id) { return (T##16)(F(x.lo, id), F(x.hi, id)); }
#define SGX_VEC_ALL(T) SGX_VEC(sub_group_broadcast, T) SGX_VEC(sub_group_non_uniform_broadcast, T)
SGX_VEC_ALL(char) SGX_VEC_ALL(uchar) SGX_VEC_ALL(short) SGX_VEC_ALL(ushort) SGX_VEC_ALL(int)
SGX_VEC_ALL(uint) SGX_VEC_ALL(long) SGX_VEC_ALL(ulong) SGX_VEC_ALL(float) SGX_VEC_ALL(double)
SGX_VEC_ALL(half)

/* Non-uniform vote */
OVL int sub_group_elect(void) { return (int)SG(SG_ELECT, 0, T_I32, 32, 0u, 0u); }
OVL int sub_group_non_uniform_all(int p) { return (int)SG(SG_ALL, 0, T_I32, 32, (uint)p, 0u); }
OVL int sub_group_non_uniform_any(int p) { return (int)SG(SG_ANY, 0, T_I32, 32, (uint)p, 0u); }

/* Ballot: a warp has at most 64 lanes, so a ballot's bits are x and y of the uint4; bits at or
 * above the sub-group size are never set by sub_group_ballot, and the functions that read a
 * ballot consider only the bits of valid sub-group local ids, which are those below the maximum
 * sub-group size (a warp's width) even in a partial last sub-group: what the CTS checks
 * (subgroup_functions_ballot), and Vulkan's reading of the same SPIR-V operations. */
static ulong bits64(uint4 v) { return (ulong)v.x | (ulong)v.y << 32; }
static uint4 ballot4(ulong m) { return (uint4)((uint)m, (uint)(m >> 32), 0u, 0u); }
static ulong valid_ids(void) {
  uint n = (uint)__vgpu_wi_max_sub_group_size(0);
  return n >= 64 ? ~0ul : (1ul << n) - 1;
}
OVL uint4 sub_group_ballot(int p) { return ballot4(__vgpu_sg64(MODE(SG_BALLOT, 0, T_I32), (ulong)(uint)p, 0u)); }
OVL int sub_group_inverse_ballot(uint4 v) { return (int)((bits64(v) >> LID()) & 1ul); }
OVL int sub_group_ballot_bit_extract(uint4 v, uint i) {
  uint w = i < 32u ? v.x : i < 64u ? v.y : i < 96u ? v.z : v.w;
  return i < 128u ? (int)((w >> (i % 32u)) & 1u) : 0;
}
OVL uint sub_group_ballot_bit_count(uint4 v) { return (uint)popcount(bits64(v) & valid_ids()); }
OVL uint sub_group_ballot_inclusive_scan(uint4 v) {
  uint l = LID();
  return (uint)popcount(bits64(v) & (l >= 63u ? ~0ul : (2ul << l) - 1));
}
OVL uint sub_group_ballot_exclusive_scan(uint4 v) { return (uint)popcount(bits64(v) & ((1ul << LID()) - 1)); }
OVL uint sub_group_ballot_find_lsb(uint4 v) {
  ulong m = bits64(v) & valid_ids();
  return m ? (uint)ctz(m) : 0xffffffffu; /* no bit set: undefined by the spec */
}
OVL uint sub_group_ballot_find_msb(uint4 v) {
  ulong m = bits64(v) & valid_ids();
  return m ? 63u - (uint)clz(m) : 0xffffffffu;
}
OVL uint4 get_sub_group_eq_mask(void) { return ballot4(1ul << LID()); }
OVL uint4 get_sub_group_ge_mask(void) { return ballot4(valid_ids() & ~((1ul << LID()) - 1)); }
OVL uint4 get_sub_group_gt_mask(void) { return ballot4(valid_ids() & ~((2ul << LID()) - 1)); }
OVL uint4 get_sub_group_le_mask(void) { return ballot4(valid_ids() & (LID() >= 63u ? ~0ul : (2ul << LID()) - 1)); }
OVL uint4 get_sub_group_lt_mask(void) { return ballot4((1ul << LID()) - 1); }
