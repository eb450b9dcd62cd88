/* compiler.h - the compiler's entry points, used by the vgpu build/compile/link/dis commands.
 *
 *   OpenCL C --frontend.c (Clang)--> LLVM module --pipeline.c (link builtins, inline, optimise)-->
 *   --lower_*.c--> VIR (vir_builder.c writes the blob that vir_module_check, vir/vir_check.c, checks)
 *
 * Every function returns 0 on success or 1 for a failed build, with the reason in log. */
#ifndef VGPU_COMPILER_H
#define VGPU_COMPILER_H
#include <llvm-c/Core.h>
#include <stddef.h>
#include "compiler/options.h"
#include "compiler/strbuf.h"

/* OpenCL C source file -> LLVM module (unoptimised, unlinked: an object of clCompileProgram). */
int vgpu_frontend_compile(LLVMContextRef ctx, const char *src_path, const char *const *include_dirs,
                          int ninclude_dirs, const struct vgpu_options *o, LLVMModuleRef *out,
                          struct vgpu_strbuf *log);
/* SPIR-V module file -> LLVM module (unoptimised, unlinked), through the llvm-spirv translator at
 * `translator` (NULL or "": the one found at configure time) run as a child process
 * (spirv_frontend.c). */
int vgpu_spirv_frontend(LLVMContextRef ctx, const char *spv_path, const char *translator, LLVMModuleRef *out,
                        struct vgpu_strbuf *log);
/* The translator found at configure time ("" when none was). */
const char *vgpu_spirv_translator_default(void);
/* Links src into dst (src is consumed). */
int vgpu_pipeline_link(LLVMModuleRef dst, LLVMModuleRef src, struct vgpu_strbuf *log);
/* Executable: links the builtin library, internalises, inlines, optimises (per o) and lowers to
 * a VIR blob (malloc'd).  m is consumed. */
int vgpu_pipeline_executable(LLVMModuleRef m, const struct vgpu_options *o, void **blob,
                             size_t *size, struct vgpu_strbuf *log);
/* A build error for every call cycle among the module's functions (recursion.c); 0 when none. */
int vgpu_check_recursion(LLVMModuleRef m, struct vgpu_strbuf *log);
/* Writes a module as bitcode (objects and libraries of clCompileProgram / -create-library). */
int vgpu_write_bitcode(LLVMModuleRef m, const char *path, struct vgpu_strbuf *log);
/* Reads a bitcode file into ctx. */
int vgpu_read_bitcode(LLVMContextRef ctx, const char *path, LLVMModuleRef *out, struct vgpu_strbuf *log);

/* Lowers an optimised, fully inlined module to VIR (lower_module.c). */
int vgpu_lower_module(LLVMModuleRef m, const struct vgpu_options *o, void **blob, size_t *size,
                      struct vgpu_strbuf *log);
#endif
