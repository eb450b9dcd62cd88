/* lower_function.h - one kernel, LLVM function -> VIR (lower_function.c), called by the module
 * level (lower_module.c).  The lowering's files depend one way: lower_module -> lower_function ->
 * kernel_info, lower_insn -> lower_call -> lower_util (lower.h). */
#ifndef VGPU_COMPILER_LOWER_FUNCTION_H
#define VGPU_COMPILER_LOWER_FUNCTION_H
#include "compiler/lower.h"

int lw_lower_kernel(struct lw_module *m, LLVMValueRef fn);
#endif
