/* lower_pipe.c - the four conversions the pipe functions of the builtin library are written with
 * (compiler/lib/pipe.cl): __vgpu_pipe_ro/_wo(pipe) -> its arena address, __vgpu_rid(bits) -> a
 * reserve_id_t and __vgpu_rid_bits(id) -> its bits.  Clang gives pipes and reserve ids the types
 * target("spirv.Pipe", access) and target("spirv.ReserveId"), which OpenCL C cannot convert to
 * anything; like every target extension type they live in one 64-bit register (lower_util.c), so
 * each conversion is the operand's register under another type.  Everything else a pipe does is
 * ordinary loads, stores and atomics in the library. */
#include <string.h>
#include "compiler/lower_pipe.h"

int lw_lower_pipe_call(struct lw_fn *f, LLVMValueRef call, const char *name) {
  if (strcmp(name, "__vgpu_pipe_ro") && strcmp(name, "__vgpu_pipe_wo") && strcmp(name, "__vgpu_rid") &&
      strcmp(name, "__vgpu_rid_bits"))
    return 1;
  if (LLVMGetNumArgOperands(call) != 1) return lw_fail(f, "%s takes one argument", name);
  lw_alias(f, call, lw_elem(f, LLVMGetOperand(call, 0), 0));
  return 0;
}
