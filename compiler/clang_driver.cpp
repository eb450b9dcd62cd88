// clang_driver.cpp - Clang's CompilerInstance run in-process on one OpenCL C source.  C++ only
// because Clang's frontend has no C API; everything after code generation is C (LLVM C API).
#include "compiler/clang_driver.h"

#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/CodeGen/CodeGenAction.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Frontend/TextDiagnosticPrinter.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

extern "C" int vgpu_clang_compile(LLVMContextRef ctx, const char *const *args, int nargs,
                                  LLVMModuleRef *out, char **diagnostics) {
  std::string text;
  llvm::raw_string_ostream os(text);
  int rc = -1;
  *out = nullptr;
  {
    auto invocation = std::make_shared<clang::CompilerInvocation>();
    // Diagnostics about the arguments themselves go to the same text (the log).
    llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> arg_diag_opts = new clang::DiagnosticOptions();
    clang::TextDiagnosticPrinter arg_printer(os, arg_diag_opts.get());
    clang::DiagnosticsEngine arg_diags(new clang::DiagnosticIDs(), arg_diag_opts, &arg_printer, false);
    bool ok = clang::CompilerInvocation::CreateFromArgs(*invocation, llvm::ArrayRef<const char *>(args, nargs),
                                                        arg_diags);
    if (ok && !arg_diags.hasErrorOccurred()) {
      clang::CompilerInstance ci;
      ci.setInvocation(invocation);
      // file:line:col, the line and a caret: what OpenCL developers expect in a build log.
      clang::DiagnosticOptions &dopts = ci.getDiagnosticOpts();
      dopts.ShowCarets = true;
      dopts.ShowColumn = true;
      dopts.ShowColors = false;
      ci.createDiagnostics(new clang::TextDiagnosticPrinter(os, &dopts), true);
      ci.setVerboseOutputStream(os); // "N warnings generated." belongs in the log too
      clang::EmitLLVMOnlyAction action(llvm::unwrap(ctx));
      if (ci.ExecuteAction(action) && !ci.getDiagnostics().hasErrorOccurred()) {
        std::unique_ptr<llvm::Module> m = action.takeModule();
        if (m) {
          *out = llvm::wrap(m.release());
          rc = 0;
        }
      }
    }
  }
  os.flush();
  *diagnostics = strdup(text.c_str());
  return rc;
}
