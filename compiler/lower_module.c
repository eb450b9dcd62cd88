/* lower_module.c - the module level of the lowering: every kernel (lower_function.c) into one
 * VIR blob (the data segment fills as kernels reference program-scope variables), with the
 * module's OpenCL C version and source name. */
#include <llvm-c/DebugInfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/compiler.h"
#include "compiler/lower.h"
#include "compiler/lower_function.h"

/* The user's OpenCL C version: the first opencl.ocl.version entry (the user module comes first
 * when linking; the builtin library adds its own entry after it). */
static int module_cl_std(LLVMModuleRef m) {
  unsigned n = LLVMGetNamedMetadataNumOperands(m, "opencl.ocl.version");
  if (!n) return 120;
  LLVMValueRef *nodes = malloc(n * sizeof *nodes), ops[2];
  if (!nodes) abort();
  LLVMGetNamedMetadataOperands(m, "opencl.ocl.version", nodes);
  int std = 120;
  if (LLVMGetMDNodeNumOperands(nodes[0]) == 2) {
    LLVMGetMDNodeOperands(nodes[0], ops);
    std = (int)(LLVMConstIntGetZExtValue(ops[0]) * 100 + LLVMConstIntGetZExtValue(ops[1]) * 10);
  }
  free(nodes);
  return std;
}

/* The main source file: the compile unit's file name (what diagnostics and lines refer to). */
static const char *main_file(LLVMModuleRef m, char *buf, size_t len) {
  for (LLVMValueRef fn = LLVMGetFirstFunction(m); fn; fn = LLVMGetNextFunction(fn)) {
    if (LLVMGetFunctionCallConv(fn) != LLVMSPIRKERNELCallConv) continue;
    LLVMMetadataRef sp = LLVMGetSubprogram(fn);
    if (!sp) continue;
    LLVMMetadataRef file = LLVMDIScopeGetFile(sp);
    unsigned fl;
    const char *s = file ? LLVMDIFileGetFilename(file, &fl) : NULL;
    if (s) {
      /* Clang splits an absolute path into a directory and a path relative to it
       * ("/tmp" + "x/k.cl"); join them again so `vgpu dis k.vir` finds the source from any
       * directory.  A bare name ("program.cl", as the runtime's builds give) stays short. */
      unsigned dl = 0;
      const char *d = LLVMDIFileGetDirectory(file, &dl);
      if (s[0] != '/' && memchr(s, '/', fl) && d && dl)
        snprintf(buf, len, "%.*s/%.*s", (int)dl, d, (int)fl, s);
      else
        snprintf(buf, len, "%.*s", (int)fl, s);
      return buf;
    }
  }
  size_t sl;
  const char *s = LLVMGetSourceFileName(m, &sl);
  snprintf(buf, len, "%.*s", (int)sl, s ? s : "");
  return buf;
}

int vgpu_lower_module(LLVMModuleRef mod, const struct vgpu_options *o, void **blob, size_t *size,
                      struct vgpu_strbuf *log) {
  struct lw_module m;
  memset(&m, 0, sizeof m);
  char file[1024];
  m.m = mod;
  m.ctx = LLVMGetModuleContext(mod);
  m.td = LLVMCreateTargetData(LLVMGetDataLayoutStr(mod));
  m.opts = o;
  m.log = log;
  m.main_file = main_file(mod, file, sizeof file);
  vir_builder_init(&m.vb);
  m.vb.cl_std = (uint32_t)module_cl_std(mod);
  m.vb.source_name = vir_builder_string(&m.vb, m.main_file);
  int failed = 0;
  for (LLVMValueRef fn = LLVMGetFirstFunction(mod); fn; fn = LLVMGetNextFunction(fn)) {
    if (LLVMGetFunctionCallConv(fn) != LLVMSPIRKERNELCallConv || LLVMIsDeclaration(fn)) continue;
    if (lw_lower_kernel(&m, fn)) failed = 1;
  }
  int rc = 0;
  if (failed) rc = 1;
  else if (vir_builder_write(&m.vb, blob, size)) {
    vgpu_strbuf_append(log, "error: the program is too large\n");
    rc = 1;
  }
  lw_map_free(&m.data_globals);
  vir_builder_free(&m.vb);
  LLVMDisposeTargetData(m.td);
  return rc;
}
