/* lower_pipe.c - the four conversions the pipe functions of the builtin library are written with
 * (compiler/lib/pipe.cl): __vgpu_pipe_ro/_wo(pipe) -> its arena address, __vgpu_rid(bits) -> a
 * reserve_id_t and __vgpu_rid_bits(id) -> its bits.  Clang gives pipes and reserve ids the types
 * target("spirv.Pipe", access) and target("spirv.ReserveId"), which OpenCL C cannot convert to
 * anything; like every target extension type they live in one 64-bit register (lower_util.c), so
 * each conversion is the operand's register under another type.  Everything else a pipe does is
 * ordinary loads, stores and atomics in the library. */
#include <string.h>
#include "compiler/lower_pipe.h"

/* The functions Clang calls for the pipe builtins (__read_pipe_2, __reserve_write_pipe,
 * __work_group_commit_read_pipe, __get_pipe_num_packets_ro, ...). */
static int clang_pipe_function(const char *name) {
  size_t n = strlen(name);
  return !strncmp(name, "__", 2) && strncmp(name, "__vgpu_", 7) &&
         (strstr(name, "_pipe_") || (n > 5 && !strcmp(name + n - 5, "_pipe")));
}

int lw_lower_pipe_call(struct lw_fn *f, LLVMValueRef call, const char *name) {
  /* Still a call after inlining: the library's definition did not fit the call's types, which
   * happens to a SPIR-V module (llvm-spirv gives pipes and reserve ids pointer types). */
  if (clang_pipe_function(name))
    return lw_fail(f, "'%s': pipes in SPIR-V modules are not supported (their pipes have pointer types; build the "
                      "OpenCL C source instead, docs/pipes.md)", name);
  if (strcmp(name, "__vgpu_pipe_ro") && strcmp(name, "__vgpu_pipe_wo") && strcmp(name, "__vgpu_rid") &&
      strcmp(name, "__vgpu_rid_bits"))
    return 1;
  if (LLVMGetNumArgOperands(call) != 1) return lw_fail(f, "%s takes one argument", name);
  lw_alias(f, call, lw_elem(f, LLVMGetOperand(call, 0), 0));
  return 0;
}
