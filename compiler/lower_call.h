/* lower_call.h - calls (intrinsics, the __vgpu_* contract, printf) and atomics -> VIR
 * (lower_call.c), called by lower_insn.c. */
#ifndef VGPU_COMPILER_LOWER_CALL_H
#define VGPU_COMPILER_LOWER_CALL_H
#include "compiler/lower.h"

int lw_lower_call(struct lw_fn *f, LLVMValueRef call);
int lw_lower_atomic(struct lw_fn *f, LLVMValueRef inst);
#endif
