/* service.c - the compiler service the runtime starts (vgpu build|compile|link) and the
 * disassembler people run (vgpu dis): argument parsing, files, exit codes.
 * Exit codes: 0 success, 1 failed build (the reason is in the log), 2 invalid options/usage. */
#include <llvm-c/Core.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/compiler.h"
#include "compiler/service.h"
#include "vir/vir.h"

/* LLVM reports bitcode and linking problems through the context's diagnostic handler, whose
 * default prints and exits: collect them into the build log instead. */
static void diagnostic_to_log(LLVMDiagnosticInfoRef di, void *log) {
  char *msg = LLVMGetDiagInfoDescription(di);
  LLVMDiagnosticSeverity sev = LLVMGetDiagInfoSeverity(di);
  if (sev == LLVMDSError || sev == LLVMDSWarning)
    vgpu_strbuf_printf(log, "%s: %s\n", sev == LLVMDSError ? "error" : "warning", msg);
  LLVMDisposeMessage(msg);
}

static LLVMContextRef new_context(struct vgpu_strbuf *log) {
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMContextSetDiagnosticHandler(ctx, diagnostic_to_log, log);
  return ctx;
}

struct cmd_args {
  const char *in, *out, *log, *kernel;
  int il;                 /* --il: the input is a SPIR-V module, not OpenCL C */
  const char *translator; /* --translator: the llvm-spirv to run (default: found at configure time) */
  const char **inputs;    /* link inputs, dis file */
  int ninputs;
  const char **incdirs;
  int nincdirs;
  int library;
  int nopts;
  char **opts;            /* after "--" */
};

static int parse(int argc, char **argv, struct cmd_args *a, const char *cmd) {
  memset(a, 0, sizeof *a);
  a->inputs = calloc((size_t)argc + 1, sizeof *a->inputs);
  a->incdirs = calloc((size_t)argc + 1, sizeof *a->incdirs);
  if (!a->inputs || !a->incdirs) return -1;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (!strcmp(s, "--")) { a->opts = argv + i + 1; a->nopts = argc - i - 1; break; }
    if (!strcmp(s, "--in") && i + 1 < argc) a->in = argv[++i];
    else if (!strcmp(s, "--out") && i + 1 < argc) a->out = argv[++i];
    else if (!strcmp(s, "--log") && i + 1 < argc) a->log = argv[++i];
    else if (!strcmp(s, "--include-dir") && i + 1 < argc) a->incdirs[a->nincdirs++] = argv[++i];
    else if (!strcmp(s, "-k") && i + 1 < argc) a->kernel = argv[++i];
    else if (!strcmp(s, "--library")) a->library = 1;
    else if (!strcmp(s, "--il")) a->il = 1;
    else if (!strcmp(s, "--translator") && i + 1 < argc) a->translator = argv[++i];
    else if (s[0] != '-' || !s[1]) a->inputs[a->ninputs++] = s;
    else {
      fprintf(stderr, "vgpu %s: unknown argument '%s'\n", cmd, s);
      return -1;
    }
  }
  return 0;
}

static void free_args(struct cmd_args *a) {
  free(a->inputs);
  free(a->incdirs);
}

static int write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  int ok = fwrite(data, 1, len, f) == len;
  ok &= fclose(f) == 0;
  return ok ? 0 : -1;
}

static void *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) != 0) { fclose(f); return NULL; }
  long n = ftell(f);
  if (n < 0 || fseek(f, 0, SEEK_SET) != 0) { fclose(f); return NULL; }
  /* 8-byte aligned and NUL-terminated: VIR blobs are read in place, sources as text */
  void *p = aligned_alloc(8, ((size_t)n + 8) & ~(size_t)7);
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) { free(p); p = NULL; }
  if (p) ((char *)p)[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return p;
}

/* Writes the log (also on success: warnings belong in the build log) and returns rc. */
static int finish(const struct cmd_args *a, struct vgpu_strbuf *log, int rc) {
  if (a->log) {
    if (write_file(a->log, vgpu_strbuf_str(log), log->len)) {
      fprintf(stderr, "vgpu: cannot write log %s\n", a->log);
      if (!rc) rc = 1;
    }
  } else if (log->len) {
    fputs(vgpu_strbuf_str(log), stderr);
  }
  vgpu_strbuf_free(log);
  return rc;
}

/* Bad usage: the message goes to stderr and, when --log was given, into the log too, since the
 * runtime shows the log (not our stderr) as the build log.  Returns exit code 2. */
static int usage_error(const struct cmd_args *a, const char *usage) {
  fprintf(stderr, "%s", usage);
  if (a->log) {
    const char *why = a->ninputs < 1 && !a->in ? "error: no input files\n" : "error: invalid arguments\n";
    size_t n = strlen(why);
    char *text = malloc(n + strlen(usage) + 1);
    if (text) {
      memcpy(text, why, n);
      strcpy(text + n, usage);
      if (write_file(a->log, text, strlen(text))) fprintf(stderr, "vgpu: cannot write log %s\n", a->log);
      free(text);
    }
  }
  return 2;
}

static int write_vir(const char *path, const void *blob, size_t size, struct vgpu_strbuf *log) {
  char why[256];
  if (vir_module_check(blob, size, why, sizeof why)) {
    vgpu_strbuf_printf(log, "error: internal: the compiler produced an invalid VIR module: %s\n", why);
    return 1;
  }
  if (path && write_file(path, blob, size)) {
    vgpu_strbuf_printf(log, "error: cannot write %s\n", path);
    return 1;
  }
  return 0;
}

/* The input as an LLVM module: OpenCL C through Clang, or SPIR-V (--il) through the translator. */
static int front(LLVMContextRef ctx, const struct cmd_args *a, const char *src, const struct vgpu_options *o,
                 LLVMModuleRef *m, struct vgpu_strbuf *log) {
  if (a->il) return vgpu_spirv_frontend(ctx, src, a->translator, m, log);
  return vgpu_frontend_compile(ctx, src, a->incdirs, a->nincdirs, o, m, log);
}

/* OpenCL C or SPIR-V file -> VIR blob in memory (build and dis). */
static int build_blob(const struct cmd_args *a, const char *src, const struct vgpu_options *o, void **blob,
                      size_t *size, struct vgpu_strbuf *log) {
  LLVMContextRef ctx = new_context(log);
  LLVMModuleRef m;
  int rc = front(ctx, a, src, o, &m, log);
  if (!rc) rc = vgpu_pipeline_executable(m, o, blob, size, log);
  LLVMContextDispose(ctx);
  return rc;
}

/* The start every service command shares: the arguments, then the OpenCL options after "--".
 * Returns 0 to go on, or the exit code (2) once the usage or the option error is reported; then
 * nothing is left to free. */
static int begin(int argc, char **argv, const char *cmd, enum vgpu_opt_mode mode, const char *usage,
                 struct cmd_args *a, struct vgpu_options *o, struct vgpu_strbuf *log) {
  int bad = parse(argc, argv, a, cmd) || !a->out || (mode == VGPU_OPT_LINK ? a->ninputs < 1 : !a->in);
  if (bad) {
    int rc = usage_error(a, usage);
    free_args(a);
    return rc;
  }
  char err[512];
  if (vgpu_options_parse(o, mode, a->nopts, a->opts, err, sizeof err)) {
    vgpu_strbuf_printf(log, "error: %s\n", err);
    int rc = finish(a, log, 2);
    free_args(a);
    return rc;
  }
  return 0;
}

/* ... and the end they share: the log written, everything freed; returns the exit code. */
static int end(struct cmd_args *a, struct vgpu_options *o, struct vgpu_strbuf *log, int rc) {
  vgpu_options_free(o);
  rc = finish(a, log, rc);
  free_args(a);
  return rc;
}

int vgpu_service_build(int argc, char **argv) {
  struct cmd_args a;
  struct vgpu_options o;
  struct vgpu_strbuf log = {0};
  int early = begin(argc, argv, "build", VGPU_OPT_BUILD,
                    "usage: vgpu build --in SRC.cl --out OUT.vir --log LOG [--include-dir DIR]... -- OPTIONS\n"
                    "       vgpu build --il [--translator LLVM-SPIRV] --in SRC.spv --out OUT.vir --log LOG -- OPTIONS\n",
                    &a, &o, &log);
  if (early) return early;
  void *blob = NULL;
  size_t size = 0;
  int rc = build_blob(&a, a.in, &o, &blob, &size, &log);
  if (!rc) rc = write_vir(a.out, blob, size, &log);
  free(blob);
  return end(&a, &o, &log, rc);
}

int vgpu_service_compile(int argc, char **argv) {
  struct cmd_args a;
  struct vgpu_options o;
  struct vgpu_strbuf log = {0};
  int early = begin(argc, argv, "compile", VGPU_OPT_COMPILE,
                    "usage: vgpu compile [--il [--translator LLVM-SPIRV]] --in SRC.cl|SRC.spv --out OUT.bc --log LOG "
                    "[--include-dir DIR]... -- OPTIONS\n",
                    &a, &o, &log);
  if (early) return early;
  LLVMContextRef ctx = new_context(&log);
  LLVMModuleRef m;
  int rc = front(ctx, &a, a.in, &o, &m, &log);
  if (!rc) {
    /* -cl-opt-disable is a compile option but takes effect when linking: remember it */
    if (o.opt_disable) LLVMAddNamedMetadataOperand(m, "vgpu.opt_disable", LLVMMDNodeInContext(ctx, NULL, 0));
    rc = vgpu_write_bitcode(m, a.out, &log);
    LLVMDisposeModule(m);
  }
  LLVMContextDispose(ctx);
  return end(&a, &o, &log, rc);
}

int vgpu_service_link(int argc, char **argv) {
  struct cmd_args a;
  struct vgpu_options o;
  struct vgpu_strbuf log = {0};
  int early = begin(argc, argv, "link", VGPU_OPT_LINK,
                    "usage: vgpu link --out OUT --log LOG [--library] IN.bc... -- OPTIONS\n",
                    &a, &o, &log);
  if (early) return early;
  LLVMContextRef ctx = new_context(&log);
  LLVMModuleRef m = NULL;
  int rc = vgpu_read_bitcode(ctx, a.inputs[0], &m, &log);
  for (int i = 1; i < a.ninputs && !rc; i++) {
    LLVMModuleRef next;
    rc = vgpu_read_bitcode(ctx, a.inputs[i], &next, &log);
    if (!rc) rc = vgpu_pipeline_link(m, next, &log);
  }
  if (!rc && (a.library || o.create_library)) {
    rc = vgpu_write_bitcode(m, a.out, &log);
    LLVMDisposeModule(m);
  } else if (!rc) {
    void *blob = NULL;
    size_t size = 0;
    rc = vgpu_pipeline_executable(m, &o, &blob, &size, &log);
    if (!rc) rc = write_vir(a.out, blob, size, &log);
    free(blob);
  } else if (m) {
    LLVMDisposeModule(m);
  }
  LLVMContextDispose(ctx);
  return end(&a, &o, &log, rc);
}

int vgpu_service_dis(int argc, char **argv) {
  struct cmd_args a;
  if (parse(argc, argv, &a, "dis") || a.ninputs != 1) {
    fprintf(stderr, "usage: vgpu dis FILE.cl|FILE.spv|FILE.vir [-k KERNEL] [-- BUILD OPTIONS]\n");
    free_args(&a);
    return 2;
  }
  const char *path = a.inputs[0];
  size_t pl0 = strlen(path);
  a.il = pl0 > 4 && !strcmp(path + pl0 - 4, ".spv"); /* a SPIR-V module: no source to show */
  size_t len = 0, slen = 0;
  void *blob = NULL;
  char *source = NULL;
  int rc = 0;
  size_t pl = strlen(path);
  if (pl > 4 && !strcmp(path + pl - 4, ".vir")) {
    blob = read_file(path, &len);
    char why[256];
    if (!blob) { fprintf(stderr, "vgpu dis: cannot read %s\n", path); rc = 1; }
    else if (vir_module_check(blob, len, why, sizeof why)) { fprintf(stderr, "vgpu dis: %s: %s\n", path, why); rc = 1; }
    else source = read_file(vir_string(blob, ((const struct vir_header *)blob)->source_name), &slen);
  } else {
    struct vgpu_options o;
    struct vgpu_strbuf log = {0};
    char err[512];
    if (vgpu_options_parse(&o, VGPU_OPT_BUILD, a.nopts, a.opts, err, sizeof err)) {
      fprintf(stderr, "vgpu dis: %s\n", err);
      free_args(&a);
      return 2;
    }
    rc = build_blob(&a, path, &o, &blob, &len, &log);
    if (log.len) fputs(vgpu_strbuf_str(&log), stderr);
    vgpu_strbuf_free(&log);
    vgpu_options_free(&o);
    if (!a.il) source = read_file(path, &slen);
  }
  if (!rc) {
    if (!vir_disassemble(blob, source, a.kernel, stdout) && a.kernel) {
      fprintf(stderr, "vgpu dis: no kernel named %s\n", a.kernel);
      rc = 1;
    }
  }
  free(blob);
  free(source);
  free_args(&a);
  return rc;
}
