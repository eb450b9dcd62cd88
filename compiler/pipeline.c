/* pipeline.c - from a user module to VIR: link the builtin library, internalise everything but
 * the kernels, inline everything (VIR has no calls: a GPU thread has no stack to speak of), run
 * LLVM's optimisation pipeline, then the lowering (lower_module.c). */
#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>
#include <llvm-c/Linker.h>
#include <llvm-c/Support.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/builtins_blob.h"
#include "compiler/compiler.h"

int vgpu_write_bitcode(LLVMModuleRef m, const char *path, struct vgpu_strbuf *log) {
  if (LLVMWriteBitcodeToFile(m, path) != 0) {
    vgpu_strbuf_printf(log, "error: cannot write %s\n", path);
    return 1;
  }
  return 0;
}

int vgpu_read_bitcode(LLVMContextRef ctx, const char *path, LLVMModuleRef *out, struct vgpu_strbuf *log) {
  LLVMMemoryBufferRef buf;
  char *msg = NULL;
  if (LLVMCreateMemoryBufferWithContentsOfFile(path, &buf, &msg)) {
    vgpu_strbuf_printf(log, "error: cannot read %s: %s\n", path, msg ? msg : "?");
    LLVMDisposeMessage(msg);
    return 1;
  }
  int bad = LLVMParseBitcodeInContext2(ctx, buf, out);
  LLVMDisposeMemoryBuffer(buf);
  if (bad) {
    vgpu_strbuf_printf(log, "error: %s is not a valid compiled program or library\n", path);
    return 1;
  }
  return 0;
}

int vgpu_pipeline_link(LLVMModuleRef dst, LLVMModuleRef src, struct vgpu_strbuf *log) {
  if (LLVMLinkModules2(dst, src)) {
    vgpu_strbuf_append(log, "error: linking failed (a symbol is defined twice or its types differ)\n");
    return 1;
  }
  return 0;
}

static int is_kernel(LLVMValueRef f) { return LLVMGetFunctionCallConv(f) == LLVMSPIRKERNELCallConv; }

static void remove_fn_attr(LLVMValueRef f, const char *name) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMRemoveEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, kind);
}

static void add_fn_attr(LLVMValueRef f, const char *name) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex,
                          LLVMCreateEnumAttribute(LLVMGetModuleContext(LLVMGetGlobalParent(f)), kind, 0));
}

/* The library's functions become link-once: the linker then copies only those the user module
 * reaches (transitively), which keeps linking and optimisation time proportional to the kernel. */
static int link_builtins(LLVMModuleRef m, struct vgpu_strbuf *log) {
  size_t len = (size_t)(vgpu_builtins_bc_end - vgpu_builtins_bc);
  LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRange(vgpu_builtins_bc, len, "builtins.bc", 0);
  LLVMModuleRef lib;
  /* Lazy: function bodies are read only when the linker copies them (the module owns buf). */
  int bad = LLVMGetBitcodeModuleInContext2(LLVMGetModuleContext(m), buf, &lib);
  if (bad) {
    vgpu_strbuf_append(log, "error: the embedded builtin library is corrupt\n");
    return 1;
  }
  for (LLVMValueRef f = LLVMGetFirstFunction(lib); f; f = LLVMGetNextFunction(f))
    if (!LLVMIsDeclaration(f) && LLVMGetLinkage(f) == LLVMExternalLinkage) LLVMSetLinkage(f, LLVMLinkOnceODRLinkage);
  for (LLVMValueRef g = LLVMGetFirstGlobal(lib); g; g = LLVMGetNextGlobal(g))
    if (!LLVMIsDeclaration(g) && LLVMGetLinkage(g) == LLVMExternalLinkage) LLVMSetLinkage(g, LLVMLinkOnceODRLinkage);
  LLVMSetDataLayout(lib, LLVMGetDataLayoutStr(m));
  LLVMSetTarget(lib, LLVMGetTarget(m));
  return vgpu_pipeline_link(m, lib, log);
}

/* A call can say noinline itself: SPIR-V's DontInline function control becomes that on every call
 * the translator writes (the CTS's op_function_noinline), as does Clang's [[clang::noinline]]. */
static void remove_call_noinline(LLVMValueRef f) {
  unsigned kind = LLVMGetEnumAttributeKindForName("noinline", 8);
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
      if (LLVMIsACallInst(i)) LLVMRemoveCallSiteEnumAttribute(i, LLVMAttributeFunctionIndex, kind);
}

/* Everything but the kernels becomes internal and always-inline: after the inliner the only
 * calls left are intrinsics, the __vgpu_* contract functions and printf (lower_call.c). */
static void prepare_for_inlining(LLVMModuleRef m) {
  for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f)) continue;
    remove_fn_attr(f, "noinline");
    remove_call_noinline(f);
    remove_fn_attr(f, "optnone");
    add_fn_attr(f, "alwaysinline"); /* kernels too: a kernel may call another kernel */
    if (!is_kernel(f)) LLVMSetLinkage(f, LLVMInternalLinkage);
  }
  for (LLVMValueRef g = LLVMGetFirstGlobal(m); g; g = LLVMGetNextGlobal(g))
    if (!LLVMIsDeclaration(g)) LLVMSetLinkage(g, LLVMInternalLinkage);
}

static int run_passes(LLVMModuleRef m, const char *passes, struct vgpu_strbuf *log) {
  LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(m, passes, NULL, po);
  LLVMDisposePassBuilderOptions(po);
  if (e) {
    char *msg = LLVMGetErrorMessage(e);
    vgpu_strbuf_printf(log, "error: internal: LLVM passes '%s' failed: %s\n", passes, msg);
    LLVMDisposeErrorMessage(msg);
    return 1;
  }
  return 0;
}

static void set_llvm_options_once(void) {
  static int done;
  if (done) return;
  done = 1;
  /* The scalarizer also splits vector loads and stores, so fewer vectors reach the lowering.
   * No SLP vectorizer: the scalarizer splits whatever it builds again (registers are per
   * element), and LLVM 19's minimum-bitwidth analysis turns sext i8 -> i64 followed by
   * uitofp into one uitofp of the i8 (convert_double2(convert_ulong2((char2)-1)) gave 255.0
   * instead of 2^64).  LLVMPassBuilderOptionsSetSLPVectorization(po, 0) leaves the pass in
   * default<O2> (checked with -print-changed), so the pass's own switch is used. */
  const char *argv[] = {"vgpu", "-scalarize-load-store", "-vectorize-slp=false"};
  LLVMParseCommandLineOptions(3, argv, NULL);
}

int vgpu_pipeline_executable(LLVMModuleRef m, const struct vgpu_options *o, void **blob,
                             size_t *size, struct vgpu_strbuf *log) {
  set_llvm_options_once();
  int rc = vgpu_check_recursion(m, log); /* the user's functions, before the library joins */
  if (!rc) rc = link_builtins(m, log);
  if (!rc) {
    prepare_for_inlining(m);
    /* -cl-opt-disable (5.8.4.3): no optimisation, but VIR still needs everything inlined and
     * switches lowered to branches.  Otherwise the O2 pipeline, then the VIR-friendly forms. */
    int opt_disable = o->opt_disable || LLVMGetNamedMetadataNumOperands(m, "vgpu.opt_disable") > 0;
    const char *passes = opt_disable
        ? "always-inline,globaldce,function(lower-switch)"
        : "always-inline,default<O2>,globaldce,function(lower-switch,scalarizer,instsimplify,dce)";
    rc = run_passes(m, passes, log);
  }
  /* VGPU_DUMP_IR=file: the optimised IR the lowering sees (for compiler debugging) */
  const char *dump = getenv("VGPU_DUMP_IR");
  if (!rc && dump && *dump) LLVMPrintModuleToFile(m, dump, NULL);
  if (!rc) rc = vgpu_lower_module(m, o, blob, size, log);
  LLVMDisposeModule(m);
  return rc;
}
