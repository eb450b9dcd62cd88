/* lower_wide.h - integers wider than 64 bits, as 64-bit limbs (lower_wide.c; lw_leaves counts
 * the limbs), for lower_insn.c's instructions and lower_util.c's constants. */
#ifndef VGPU_COMPILER_LOWER_WIDE_H
#define VGPU_COMPILER_LOWER_WIDE_H
#include "compiler/lower.h"

int lw_wide_binop(struct lw_fn *f, LLVMValueRef inst);
int lw_wide_icmp(struct lw_fn *f, LLVMValueRef inst);
int lw_wide_cast(struct lw_fn *f, LLVMValueRef inst);
/* Limb k of a ConstantInt wider than 64 bits (0), or -1. */
int lw_wide_const_limb(LLVMValueRef c, uint32_t k, uint64_t *bits);
#endif
