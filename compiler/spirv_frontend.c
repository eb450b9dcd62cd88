/* spirv_frontend.c - one SPIR-V module -> LLVM module, the IL counterpart of frontend.c.
 *
 * LLVM 19 has no SPIR-V reader for OpenCL kernels, so the Khronos translator (llvm-spirv, the one
 * Debian 12 ships is llvm-spirv-15) runs as a child process: `llvm-spirv -r` writes LLVM 15
 * bitcode, which LLVM 19 reads (bitcode is read backwards-compatibly).  With
 * --spirv-target-env=CL2.0 the translator spells SPIR-V's builtins as the OpenCL C functions they
 * stand for (OpenCL.std sqrt -> _Z4sqrtf, GlobalInvocationId -> get_global_id, OpAtomicIAdd ->
 * atomic_fetch_add_explicit...), mangled as Clang mangles them, so the builtin library
 * (compiler/lib) links against them exactly as against a kernel compiled from source.
 * Specialization constants are applied to the SPIR-V by the runtime before it gets here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "compiler/compiler.h"

#ifndef VGPU_LLVM_SPIRV
#define VGPU_LLVM_SPIRV ""
#endif

const char *vgpu_spirv_translator_default(void) { return VGPU_LLVM_SPIRV; }

/* Runs argv with stdout/stderr into err_path; returns the wait status, or -1 if it could not start. */
static int run(char *const argv[], const char *err_path) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null = open("/dev/null", O_RDONLY);
    if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); }
    if (null >= 0) dup2(null, 0);
    execv(argv[0], argv);
    _exit(127);
  }
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) return -1;
  return st;
}

/* The translator's messages, at most a few lines of them, into the log. */
static void append_output(struct vgpu_strbuf *log, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[512];
  for (int n = 0; n < 20 && fgets(line, sizeof line, f); n++) {
    size_t l = strlen(line);
    vgpu_strbuf_printf(log, "  %s%s", line, l && line[l - 1] == '\n' ? "" : "\n");
  }
  fclose(f);
}

/* A call the translator left in SPIR-V's own spelling (__spirv_*): the builtin library has no
 * such function, so name the SPIR-V instruction rather than a mangled symbol. */
static int check_spirv_calls(LLVMModuleRef m, struct vgpu_strbuf *log) {
  int bad = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f)) {
    size_t len;
    const char *name = LLVMGetValueName2(f, &len);
    const char *s = strstr(name, "__spirv_");
    if (!LLVMIsDeclaration(f) || !s || !LLVMGetFirstUse(f)) continue;
    size_t n = strcspn(s + 8, "0123456789");
    vgpu_strbuf_printf(log, "error: SPIR-V instruction or builtin '%.*s' is not supported by this device\n", (int)n,
                       s + 8);
    bad = 1;
  }
  return bad;
}

int vgpu_spirv_frontend(LLVMContextRef ctx, const char *spv_path, const char *translator, LLVMModuleRef *out,
                        struct vgpu_strbuf *log) {
  if (!translator || !*translator) translator = VGPU_LLVM_SPIRV;
  if (!*translator || access(translator, X_OK) != 0) {
    vgpu_strbuf_printf(log, "error: SPIR-V is not supported: the SPIR-V translator %s is not installed "
                       "(Debian package llvm-spirv-15)\n", *translator ? translator : "llvm-spirv");
    return 1;
  }
  /* Scratch files in TMPDIR, not beside the input: `vgpu dis` may read from a directory it
   * cannot write (the runtime's builds run in a private directory anyway). */
  const char *tmp = getenv("TMPDIR");
  char bc_path[4000], err_path[4096];
  snprintf(bc_path, sizeof bc_path, "%s/vgpu-spirv-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  int fd = mkstemp(bc_path);
  if (fd < 0) {
    vgpu_strbuf_printf(log, "error: cannot create a scratch file for the SPIR-V translator: %s\n", strerror(errno));
    return 1;
  }
  close(fd);
  snprintf(err_path, sizeof err_path, "%s.log", bc_path);
  char *argv[] = {(char *)translator, "-r", "--spirv-target-env=CL2.0", (char *)spv_path, "-o", bc_path, NULL};
  int st = run(argv, err_path);
  int rc = 0;
  if (st == -1 || (WIFEXITED(st) && WEXITSTATUS(st) == 127)) {
    vgpu_strbuf_printf(log, "error: could not run the SPIR-V translator %s\n", translator);
    rc = 1;
  } else if (WIFSIGNALED(st)) {
    /* llvm-spirv asserts on instructions it does not implement (OpCopyLogical, OpPtrDiff...) */
    vgpu_strbuf_printf(log, "error: the SPIR-V translator %s failed on this module (%s); it said:\n", translator,
                       strsignal(WTERMSIG(st)));
    append_output(log, err_path);
    rc = 1;
  } else if (WEXITSTATUS(st) != 0) {
    vgpu_strbuf_printf(log, "error: invalid or unsupported SPIR-V module; the translator said:\n");
    append_output(log, err_path);
    rc = 1;
  }
  if (!rc) rc = vgpu_read_bitcode(ctx, bc_path, out, log);
  unlink(bc_path);
  unlink(err_path);
  if (!rc && check_spirv_calls(*out, log)) {
    LLVMDisposeModule(*out);
    *out = NULL;
    rc = 1;
  }
  return rc;
}
