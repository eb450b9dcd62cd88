/* frontend.c - one OpenCL C source -> LLVM module, with Clang configured exactly as the device is:
 * target spir64 (its address-space numbering is VIR's), the device's extensions and features only
 * (device_caps.h), line tables always on so every VIR instruction keeps its source line. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/clang_driver.h"
#include "compiler/compiler.h"
#include "vgpu/device_caps.h"

/* Clang recurses on nesting depth: a hostile, deeply nested source must not overflow the stack,
 * so the frontend runs on a thread with a generous stack. */
#define FRONTEND_STACK (512u << 20)

struct frontend_job {
  LLVMContextRef ctx;
  const char **args;
  int nargs;
  LLVMModuleRef module;
  char *diags;
  int rc;
};

static void *frontend_thread(void *p) {
  struct frontend_job *j = p;
  j->rc = vgpu_clang_compile(j->ctx, j->args, j->nargs, &j->module, &j->diags);
  return NULL;
}

/* Features that Clang 19 never defines itself, leaving them to opencl-c-base.h (or, for
 * __opencl_c_fp16, to nobody: it has no entry in Clang 19's OpenCLExtensions.def). */
static int header_only_feature(const char *f) {
  static const char *const names[] = {"__opencl_c_work_group_collective_functions", "__opencl_c_atomic_order_seq_cst",
                                      "__opencl_c_atomic_scope_device", "__opencl_c_atomic_scope_all_devices",
                                      "__opencl_c_read_write_images", "__opencl_c_fp16"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(f, names[i])) return 1;
  return 0;
}

/* Extensions whose macros Clang defines only in opencl-c-base.h for SPIR targets (they have no
 * entry in its OpenCLExtensions.def, so -cl-ext cannot enable them): defined here, for OpenCL C
 * 2.0 and later like that header, when the device has them (device_caps.h).  Their builtins are
 * declared when the macro is defined (-fdeclare-opencl-builtins looks the macro up). */
static const char *const header_only_ext[][2] = {
  {"cl_khr_subgroup_extended_types", "-Dcl_khr_subgroup_extended_types=1"},
  {"cl_khr_subgroup_non_uniform_vote", "-Dcl_khr_subgroup_non_uniform_vote=1"},
  {"cl_khr_subgroup_ballot", "-Dcl_khr_subgroup_ballot=1"},
  {"cl_khr_subgroup_non_uniform_arithmetic", "-Dcl_khr_subgroup_non_uniform_arithmetic=1"},
  {"cl_khr_subgroup_shuffle", "-Dcl_khr_subgroup_shuffle=1"},
  {"cl_khr_subgroup_shuffle_relative", "-Dcl_khr_subgroup_shuffle_relative=1"},
  {"cl_khr_subgroup_clustered_reduce", "-Dcl_khr_subgroup_clustered_reduce=1"},
};

static int device_has_extension(const char *name) {
  const char *list = VGPU_DEVICE_EXTENSIONS;
  size_t n = strlen(name);
  for (const char *p = list; (p = strstr(p, name)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) return 1;
  return 0;
}

int vgpu_frontend_compile(LLVMContextRef ctx, const char *src_path, const char *const *include_dirs,
                          int ninclude_dirs, const struct vgpu_options *o, LLVMModuleRef *out,
                          struct vgpu_strbuf *log) {
  int std = o->cl_std ? o->cl_std : 120; /* OpenCL 3.0 section 5.8.4.5: default is 1.2 */
  if (!vgpu_options_std_supported(std)) {
    vgpu_strbuf_printf(log, "error: -cl-std=CL%d.%d: this device does not support OpenCL C %d.%d "
                       "(supported: 1.0, 1.1, 1.2, 2.0, 3.0)\n", std / 100, std / 10 % 10, std / 100, std / 10 % 10);
    return 1;
  }
  char stdopt[32];
  snprintf(stdopt, sizeof stdopt, "-cl-std=CL%d.%d", std / 100, std / 10 % 10);
  const char **a = calloc((size_t)(48 + 2 * ninclude_dirs + o->ncc1), sizeof *a);
  if (!a) return 1;
  int n = 0;
  a[n++] = "-triple";
  a[n++] = "spir64-unknown-unknown";
  a[n++] = stdopt;
  a[n++] = "-finclude-default-header";
  a[n++] = "-fdeclare-opencl-builtins";
  a[n++] = "-cl-ext=" VGPU_CL_EXT;
  /* line tables always (fault reports, the profile); -g: variables too (the VIR variable table) */
  a[n++] = o->debug ? "-debug-info-kind=constructor" : "-debug-info-kind=line-tables-only";
  a[n++] = "-dwarf-version=4";
  a[n++] = "-cl-kernel-arg-info"; /* always stored; the runtime decides what to report */
  /* OpenCL C 3.0 section 6.12 predefined macros that Clang leaves to the platform: the device's
   * OpenCL version (CL_DEVICE_VERSION is 3.0), and __IMAGE_SUPPORT__ only with images (Clang
   * defines it for every SPIR target). */
  a[n++] = "-D__OPENCL_VERSION__=300";
  /* Images (-vgpu-images / -vgpu-no-images, options.c; VGPU_IMAGE_SUPPORT without either):
   * __IMAGE_SUPPORT__ stays and the OpenCL C 3.0 image features are on (the image builtins are
   * lowered by lower_image.c), or neither the macro nor the image features and extensions. */
  const int images = o->images >= 0 ? o->images : VGPU_IMAGE_SUPPORT;
  if (images) {
    a[n++] = "-cl-ext=+__opencl_c_images,+__opencl_c_read_write_images,+__opencl_c_3d_image_writes,"
             "+cl_khr_3d_image_writes";
  } else {
    a[n++] = "-U__IMAGE_SUPPORT__";
    a[n++] = "-cl-ext=-__opencl_c_images,-__opencl_c_read_write_images,-__opencl_c_3d_image_writes,"
             "-cl_khr_3d_image_writes";
  }
  /* OpenCL C 3.0 feature macros (section 6.2.1) name only what the device has.  For SPIR targets
   * Clang's opencl-c-base.h defines every feature and several extensions (subgroups, integer dot
   * product, float atomics, extended bit ops...) whatever -cl-ext says; without __SPIR__ it
   * defines only what -cl-ext enables, except the features it leaves to the header, which are
   * defined here from device_caps.h. */
  if (std >= 200) {
    a[n++] = "-U__SPIR__";
#define X(f) if (header_only_feature(#f)) a[n++] = "-D" #f "=1";
    VGPU_OPENCL_C_FEATURES
#undef X
    for (size_t i = 0; i < sizeof header_only_ext / sizeof header_only_ext[0]; i++)
      if (device_has_extension(header_only_ext[i][0])) a[n++] = header_only_ext[i][1];
    if (images) a[n++] = "-D__opencl_c_read_write_images=1"; /* a header-only feature, as above */
  }
  /* Optimisation happens after linking with the builtin library, once (pipeline.c); -O0 code
   * without optnone so that the library can still be inlined under -cl-opt-disable. */
  if (o->opt_disable) {
    a[n++] = "-O0";
    a[n++] = "-disable-O0-optnone";
  } else {
    a[n++] = "-O2";
    a[n++] = "-disable-llvm-passes";
  }
  a[n++] = "-ferror-limit";
  a[n++] = "100";
  a[n++] = "-resource-dir";
  a[n++] = VGPU_CLANG_RESOURCE_DIR;
  for (int i = 0; i < ninclude_dirs; i++) {
    a[n++] = "-I";
    a[n++] = include_dirs[i];
  }
  for (int i = 0; i < o->ncc1; i++) a[n++] = o->cc1[i];
  a[n++] = "-x";
  a[n++] = "cl";
  a[n++] = src_path;

  struct frontend_job job = {.ctx = ctx, .args = a, .nargs = n, .rc = -1};
  pthread_attr_t attr;
  pthread_t t;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, FRONTEND_STACK);
  if (pthread_create(&t, &attr, frontend_thread, &job) == 0)
    pthread_join(t, NULL);
  else
    frontend_thread(&job);
  pthread_attr_destroy(&attr);
  free(a);
  if (job.diags) vgpu_strbuf_append(log, job.diags);
  free(job.diags);
  if (job.rc != 0) {
    if (!log->len) vgpu_strbuf_append(log, "error: compilation failed\n");
    return 1;
  }
  *out = job.module;
  return 0;
}
