/* subgroup.h - the encoding of a SUBGROUP instruction's mode for __vgpu_sg32/64 (vgpu_intrinsics.h):
 * enum vir_sg_kind | enum vir_sg_op << 4 | enum vir_type << 8, the numbers of vir/vir.h (the
 * library is OpenCL C and cannot include it). */
#ifndef VGPU_SUBGROUP_H
#define VGPU_SUBGROUP_H
#define SG_REDUCE 0
#define SG_SCAN_INCL 1
#define SG_SCAN_EXCL 2
#define SG_BROADCAST 3
#define SG_ALL 4
#define SG_ANY 5
#define SG_SHUFFLE 6
#define SG_ELECT 7
#define SG_ALL_EQUAL 8
#define SG_BALLOT 9
#define SG_CLUSTER 10
#define OP_ADD 0
#define OP_SMIN 1
#define OP_SMAX 2
#define OP_UMIN 3
#define OP_UMAX 4
#define OP_MUL 5
#define OP_AND 6
#define OP_OR 7
#define OP_XOR 8
#define T_I32 3
#define T_I64 4
#define T_F32 6
#define T_F64 7
#define MODE(kind, op, type) ((kind) | (op) << 4 | (type) << 8)
/* one SUBGROUP on a W-bit (32 or 64) carrier value x; b is the lane operand */
#define SG(kind, op, TY, W, x, b) __vgpu_sg##W(MODE(kind, op, TY), (x), (b))
#endif
