/* lower_insn.h - one LLVM instruction (or constant expression) -> VIR (lower_insn.c), called by
 * lower_function.c for each instruction and, through lw_fn.lower_const_expr, by lower_util.c for
 * constant expressions. */
#ifndef VGPU_COMPILER_LOWER_INSN_H
#define VGPU_COMPILER_LOWER_INSN_H
#include "compiler/lower.h"

int lw_lower_insn(struct lw_fn *f, LLVMValueRef inst);
#endif
