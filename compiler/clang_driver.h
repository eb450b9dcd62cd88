/* clang_driver.h - the one C++ piece: runs Clang's frontend in-process (there is no C API for
 * code generation) and hands back an LLVM module through the LLVM C API. */
#ifndef VGPU_COMPILER_CLANG_DRIVER_H
#define VGPU_COMPILER_CLANG_DRIVER_H
#include <llvm-c/Core.h>
#ifdef __cplusplus
extern "C" {
#endif
/* Runs `clang -cc1 args...` (args without "-cc1"; the last is the source file) with code
 * generation into ctx.  *diagnostics gets every diagnostic as text, file:line:col and caret
 * (malloc'd, "" if none).  Returns 0 and *out, or -1 when compilation failed. */
int vgpu_clang_compile(LLVMContextRef ctx, const char *const *args, int nargs, LLVMModuleRef *out,
                       char **diagnostics);
#ifdef __cplusplus
}
#endif
#endif
