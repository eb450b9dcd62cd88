/* lower_pipe.h - the builtin library's pipe reinterpretations -> register moves (lower_pipe.c). */
#ifndef VGPU_COMPILER_LOWER_PIPE_H
#define VGPU_COMPILER_LOWER_PIPE_H
#include "compiler/lower.h"
/* Lowers call (to the function named name) when it is one of the library's pipe conversions:
 * 0 done, -1 failed (reported), 1 not one of them. */
int lw_lower_pipe_call(struct lw_fn *f, LLVMValueRef call, const char *name);
#endif
