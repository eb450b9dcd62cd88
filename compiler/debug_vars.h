/* debug_vars.h - where Clang's debug information (-g) says each source variable lives: the
 * llvm.dbg.value / llvm.dbg.declare locations of an instruction, read through LLVM's C++ API (the
 * C API of LLVM 19 cannot reach debug records), for the VIR module's variable table (vir.h,
 * struct vir_var). */
#ifndef VGPU_COMPILER_DEBUG_VARS_H
#define VGPU_COMPILER_DEBUG_VARS_H
#include <llvm-c/Core.h>
#ifdef __cplusplus
extern "C" {
#endif
struct lw_dbg_loc {
  LLVMValueRef value;       /* the variable's value (VIR_VAR_REG) or its address (VIR_VAR_MEM);
                               NULL: from here on its value is unknown (optimised away) */
  const void *var;          /* identity of the variable (one per inlined copy of a function) */
  const char *name, *scope; /* the variable's and its function's names (NUL-terminated) */
  unsigned line, kind, enc, size; /* declaration line; enum vir_var_kind, vir_var_enc; bytes */
};
/* The locations of scalar variables that take effect at inst: the debug records attached before
 * it, or inst itself when it is a dbg.value / dbg.declare call.  Locations a debugger could not
 * read (pieces of a variable, computed expressions, aggregates) are left out.  Writes up
 * to max into out; returns how many. */
unsigned lw_dbg_locs(LLVMValueRef inst, struct lw_dbg_loc *out, unsigned max);
#ifdef __cplusplus
}
#endif
#endif
