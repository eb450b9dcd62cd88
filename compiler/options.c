/* options.c - the options of OpenCL 3.0 section 5.8.4 (clBuildProgram, clCompileProgram) and 5.8.5
 * (clLinkProgram).  Unknown options are rejected here, before Clang sees them, so a typo gives
 * CL_INVALID_BUILD_OPTIONS instead of a confusing Clang diagnostic. */
#include "compiler/options.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vgpu/device_caps.h"

static void add_cc1(struct vgpu_options *o, const char *a, const char *b) {
  char **v = realloc(o->cc1, sizeof *v * (size_t)(o->ncc1 + 3));
  if (!v) abort();
  o->cc1 = v;
  v[o->ncc1++] = strdup(a);
  if (b) v[o->ncc1++] = strdup(b);
  v[o->ncc1] = NULL;
}

/* Splits the option text into words: whitespace separates, single or double quotes group,
 * backslash escapes one character (as a shell would, which is how people write -D X="a b"). */
static char **split_words(int argc, char **argv, int *nwords) {
  size_t total = 1;
  for (int i = 0; i < argc; i++) total += strlen(argv[i]) + 1;
  char **words = calloc(total + 1, sizeof *words);
  char *buf = malloc(total);
  if (!words || !buf) abort();
  int n = 0;
  char *out = buf;
  for (int i = 0; i < argc; i++) {
    const char *p = argv[i];
    while (*p) {
      while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
      if (!*p) break;
      words[n++] = out;
      char quote = 0;
      while (*p && (quote || !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))) {
        if (quote && *p == quote) { quote = 0; p++; continue; }
        if (!quote && (*p == '"' || *p == '\'')) { quote = *p++; continue; }
        if (*p == '\\' && p[1] && quote != '\'') p++;
        *out++ = *p++;
      }
      *out++ = 0;
    }
  }
  words[n] = buf; /* kept past the end so that free finds it */
  *nwords = n;
  return words;
}

int vgpu_options_std_supported(int cl_std) {
#define X(major, minor) if (cl_std == (major) * 100 + (minor) * 10) return 1;
  VGPU_OPENCL_C_VERSIONS
#undef X
  return 0;
}

static int parse_std(const char *v) {
  static const struct { const char *name; int std; } stds[] = {
    {"CL1.0", 100}, {"CL1.1", 110}, {"CL1.2", 120}, {"CL2.0", 200}, {"CL3.0", 300}};
  for (size_t i = 0; i < sizeof stds / sizeof stds[0]; i++)
    if (!strcmp(v, stds[i].name)) return stds[i].std;
  return 0;
}

int vgpu_options_parse(struct vgpu_options *o, enum vgpu_opt_mode mode, int argc, char **argv,
                       char *err, size_t err_len) {
  memset(o, 0, sizeof *o);
  o->images = -1; /* neither -vgpu-images nor -vgpu-no-images */
  int n;
  char **w = split_words(argc, argv, &n);
  int rc = 0;
  const int compiling = mode != VGPU_OPT_LINK, linking = mode != VGPU_OPT_COMPILE;
  for (int i = 0; i < n && rc == 0; i++) {
    const char *a = w[i];
    /* Options valid for both compiling and linking (5.8.5.2 "Library linking options"). */
    if (!strcmp(a, "-cl-denorms-are-zero")) { /* Clang's driver spells it so for -cc1 */
      o->denorms_are_zero = 1;
      add_cc1(o, "-fdenormal-fp-math-f32=preserve-sign,preserve-sign", NULL);
      continue;
    }
    if (!strcmp(a, "-cl-no-signed-zeros")) { o->no_signed_zeros = 1; add_cc1(o, a, NULL); continue; }
    if (!strcmp(a, "-cl-unsafe-math-optimizations")) { o->unsafe_math = 1; add_cc1(o, a, NULL); continue; }
    if (!strcmp(a, "-cl-finite-math-only")) { o->finite_math = 1; add_cc1(o, a, NULL); continue; }
    if (!strcmp(a, "-cl-fast-relaxed-math")) { o->fast_relaxed = 1; add_cc1(o, a, NULL); continue; }
    if (!strcmp(a, "-cl-no-subgroup-ifp")) continue; /* sub-groups never have independent forward progress */
    if (linking) {
      if (!strcmp(a, "-create-library")) { o->create_library = 1; continue; }
      if (!strcmp(a, "-enable-link-options")) { o->enable_link_options = 1; continue; }
    }
    if (compiling) {
      if (!strncmp(a, "-D", 2) || !strncmp(a, "-I", 2)) {
        const char *v = a[2] ? a + 2 : (i + 1 < n ? w[++i] : NULL);
        if (!v || !*v) { snprintf(err, err_len, "option %s needs an argument", a); rc = -1; break; }
        char opt[3] = {'-', a[1], 0};
        add_cc1(o, opt, v);
        continue;
      }
      if (!strcmp(a, "-w")) { add_cc1(o, "-w", NULL); continue; }
      if (!strcmp(a, "-Werror")) { add_cc1(o, "-Werror", NULL); continue; }
      /* Not in 5.8.4.4 (which has -w and -Werror only) but common in real build scripts and
       * accepted by every implementation: -Wall, -Wextra, -Wno-<name>, -Werror=<name> go to
       * Clang, which warns about a warning name it does not know.  -Wl,/-Wp,/-Wa, pass
       * options to other tools and stay invalid. */
      if (!strncmp(a, "-W", 2) && a[2] && !strchr(a, ',')) { add_cc1(o, a, NULL); continue; }
      if (!strncmp(a, "-cl-std=", 8)) {
        o->cl_std = parse_std(a + 8);
        if (!o->cl_std) { snprintf(err, err_len, "unknown OpenCL C version in %s", a); rc = -1; }
        continue;
      }
      if (!strcmp(a, "-cl-opt-disable")) { o->opt_disable = 1; continue; }
      /* An OpenCL 1.0 optimization option (1.0 section 5.6.3.2), deprecated in 1.1: programs written
       * for 1.0 still pass it.  Type-based aliasing is what Clang assumes anyway: nothing to do. */
      if (!strcmp(a, "-cl-strict-aliasing")) continue;
      if (!strcmp(a, "-cl-mad-enable")) { o->mad_enable = 1; add_cc1(o, a, NULL); continue; }
      if (!strcmp(a, "-cl-single-precision-constant")) { o->single_precision_constant = 1; add_cc1(o, a, NULL); continue; }
      if (!strcmp(a, "-cl-fp32-correctly-rounded-divide-sqrt")) { o->correctly_rounded_divide_sqrt = 1; add_cc1(o, a, NULL); continue; }
      if (!strcmp(a, "-cl-uniform-work-group-size")) { o->uniform_work_group_size = 1; add_cc1(o, a, NULL); continue; }
      if (!strcmp(a, "-cl-kernel-arg-info")) { o->kernel_arg_info = 1; continue; }
      if (!strcmp(a, "-g")) { o->debug = 1; continue; }
      /* Not OpenCL options: the runtime appends one, saying whether its devices have images
       * (VGPU_IMAGES=0 turns them off at run time: docs/images.md). */
      if (!strcmp(a, "-vgpu-images")) { o->images = 1; continue; }
      if (!strcmp(a, "-vgpu-no-images")) { o->images = 0; continue; }
    }
    snprintf(err, err_len, "invalid %s option '%s'",
             mode == VGPU_OPT_LINK ? "link" : mode == VGPU_OPT_COMPILE ? "compile" : "build", a);
    rc = -1;
  }
  free(w[n]);
  free(w);
  if (rc) vgpu_options_free(o);
  return rc;
}

void vgpu_options_free(struct vgpu_options *o) {
  for (int i = 0; i < o->ncc1; i++) free(o->cc1[i]);
  free(o->cc1);
  o->cc1 = NULL;
  o->ncc1 = 0;
}
