/* builtins_common.h - shared by the test_builtins_*.c kernel tests: one program holding one
 * kernel per case, each computing o[i] = EXPR(a[i], b[i]) for typed inputs, run over the same
 * input arrays; the test then compares every element with a CPU reference.
 * VGPU_BUILTINS_PLATFORM=<platform name> runs the test on another OpenCL platform (e.g.
 * "Portable Computing Language"), to check the test itself against an independent library. */
#ifndef VGPU_BUILTINS_COMMON_H
#define VGPU_BUILTINS_COMMON_H
#include "../testlib.h"
#include <math.h>
#include <stdint.h>

static cl_device_id bt_dev;
static cl_context bt_ctx;
static cl_command_queue bt_q;

static __attribute__((unused)) void bt_init(void) {
  const char *want = getenv("VGPU_BUILTINS_PLATFORM");
  if (!want) {
    bt_dev = vt_device();
    bt_ctx = vt_context();
    bt_q = vt_queue();
    return;
  }
  cl_platform_id ids[16];
  cl_uint n = 0;
  clGetPlatformIDs(16, ids, &n);
  for (cl_uint i = 0; i < n && i < 16; i++) {
    char name[256] = "";
    clGetPlatformInfo(ids[i], CL_PLATFORM_NAME, sizeof name, name, NULL);
    if (!strcmp(name, want) &&
        clGetDeviceIDs(ids[i], CL_DEVICE_TYPE_ALL, 1, &bt_dev, NULL) == CL_SUCCESS) {
      bt_ctx = clCreateContext(NULL, 1, &bt_dev, NULL, NULL, NULL);
      bt_q = clCreateCommandQueue(bt_ctx, bt_dev, 0, NULL);
      return;
    }
  }
  fprintf(stderr, "platform %s not found: skipped\n", want);
  exit(77);
}

static __attribute__((unused)) cl_program bt_build(const char *src, const char *opts) {
  cl_program p = clCreateProgramWithSource(bt_ctx, 1, &src, NULL, NULL);
  if (p && clBuildProgram(p, 1, &bt_dev, opts, NULL, NULL) != CL_SUCCESS) {
    size_t len = 0;
    clGetProgramBuildInfo(p, bt_dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
    char *log = malloc(len + 1);
    if (log && clGetProgramBuildInfo(p, bt_dev, CL_PROGRAM_BUILD_LOG, len, log, NULL) == 0)
      fprintf(stderr, "build failed:\n%.4000s\n", log);
    free(log);
    clReleaseProgram(p);
    return NULL;
  }
  return p;
}

static __attribute__((unused)) cl_mem bt_buffer(size_t bytes, const void *init) {
  cl_int err;
  cl_mem m = clCreateBuffer(bt_ctx, CL_MEM_READ_WRITE | (init ? CL_MEM_COPY_HOST_PTR : 0), bytes,
                            (void *)init, &err);
  if (!m) { fprintf(stderr, "clCreateBuffer: %s\n", vt_error_name(err)); exit(1); }
  return m;
}

/* Runs kernel `name` of p as name(out, ins...) over n work-items; reads out back. */
static __attribute__((unused)) int bt_run(cl_program p, const char *name, size_t n, void *out,
                                          size_t out_bytes, int nin, cl_mem *ins) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, name, &err);
  if (!CHECK_OK(err)) return 0;
  cl_mem o = bt_buffer(out_bytes, NULL);
  clSetKernelArg(k, 0, sizeof o, &o);
  for (int i = 0; i < nin; i++) clSetKernelArg(k, 1 + i, sizeof(cl_mem), &ins[i]);
  int ok = CHECK_OK(clEnqueueNDRangeKernel(bt_q, k, 1, NULL, &n, NULL, 0, NULL, NULL)) &&
           CHECK_OK(clEnqueueReadBuffer(bt_q, o, CL_TRUE, 0, out_bytes, out, 0, NULL, NULL));
  clReleaseMemObject(o);
  clReleaseKernel(k);
  return ok;
}

/* Appends printf-formatted text to a growing source string. */
#include <stdarg.h>
static char *bt_src;
static size_t bt_len, bt_cap;
static __attribute__((unused, format(printf, 1, 2))) void bt_add(const char *fmt, ...);
static __attribute__((unused)) void bt_add(const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(bt_src ? bt_src + bt_len : NULL, bt_src ? bt_cap - bt_len : 0, fmt, ap);
    va_end(ap);
    if (bt_src && bt_len + (size_t)n < bt_cap) { bt_len += (size_t)n; return; }
    bt_cap = (bt_cap + (size_t)n) * 2 + 4096;
    bt_src = realloc(bt_src, bt_cap);
    if (!bt_len) bt_src[0] = 0;
  }
}

/* Deterministic pseudo-random numbers (xorshift64*), so a failure reproduces. */
static uint64_t bt_seed = 0x9e3779b97f4a7c15ull;
static __attribute__((unused)) uint64_t bt_rand(void) {
  bt_seed ^= bt_seed >> 12; bt_seed ^= bt_seed << 25; bt_seed ^= bt_seed >> 27;
  return bt_seed * 2685821657736338717ull;
}
#endif
