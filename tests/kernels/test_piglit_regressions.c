/* test_piglit_regressions.c - compiler bugs piglit's OpenCL suite found, each checked against
 * values computed here on the CPU:
 * - sums and maxima of vector elements, which the O2 pipeline's SLP vectorizer turned into
 *   llvm.vector.reduce.* intrinsics (program@bitcoin: phatk kernel; the SLP vectorizer is now
 *   off, see compiler/pipeline.c, and these kernels stay as plain per-element arithmetic);
 * - two printf calls with arguments in one kernel (the second call's argument list was read
 *   from the wrong place of the extra table: "bad printf argument");
 * - the OpenCL 1.0 option -cl-strict-aliasing (program@build@optimization-options-cl10);
 * - __OPENCL_VERSION__ defined, __IMAGE_SUPPORT__ not (no image support):
 *   program@check predefined preprocessor macros;
 * - -cl-denorms-are-zero flushing single-precision denormals;
 * - kernels that declare (but cannot use) sampler and image arguments. */
#include <unistd.h>
#include "testlib.h"

#define N 64

static const char *reduce_src =
    "kernel void red(global const uint4 *a, global uint *out, global const int4 *b, global int *o2) {\n"
    "  size_t i = get_global_id(0);\n"
    "  uint4 v = a[i];\n  out[i] = v.x + v.y + v.z + v.w;\n"
    "  int4 w = b[i];\n  o2[i] = max(max(w.x, w.y), max(w.z, w.w));\n}\n"
    "kernel void red8(global const uchar8 *c, global uchar *o3) {\n"
    "  size_t i = get_global_id(0);\n  uchar8 x = c[i];\n"
    "  o3[i] = x.s0 + x.s1 + x.s2 + x.s3 + x.s4 + x.s5 + x.s6 + x.s7;\n}\n";

/* Eight-element reductions the vectorizer makes into llvm.vector.reduce.{xor,or,and,mul,umin,
 * add.v8i64,smax.v8i16}. */
static const char *reduce8_src =
    "kernel void r32(global const uint8 *a, global uint *o) {\n"
    "  size_t i = get_global_id(0);\n  uint8 v = a[i];\n"
    "  o[5 * i] = v.s0 ^ v.s1 ^ v.s2 ^ v.s3 ^ v.s4 ^ v.s5 ^ v.s6 ^ v.s7;\n"
    "  o[5 * i + 1] = v.s0 | v.s1 | v.s2 | v.s3 | v.s4 | v.s5 | v.s6 | v.s7;\n"
    "  o[5 * i + 2] = v.s0 & v.s1 & v.s2 & v.s3 & v.s4 & v.s5 & v.s6 & v.s7;\n"
    "  o[5 * i + 3] = v.s0 * v.s1 * v.s2 * v.s3 * v.s4 * v.s5 * v.s6 * v.s7;\n"
    "  o[5 * i + 4] = min(min(min(v.s0, v.s1), min(v.s2, v.s3)), min(min(v.s4, v.s5), min(v.s6, v.s7)));\n}\n"
    "kernel void rl(global const long8 *a, global long *o) {\n"
    "  size_t i = get_global_id(0);\n  long8 v = a[i];\n"
    "  o[i] = v.s0 + v.s1 + v.s2 + v.s3 + v.s4 + v.s5 + v.s6 + v.s7;\n}\n"
    "kernel void rs(global const short8 *a, global short *o) {\n"
    "  size_t i = get_global_id(0);\n  short8 v = a[i];\n"
    "  o[i] = max(max(max(v.s0, v.s1), max(v.s2, v.s3)), max(max(v.s4, v.s5), max(v.s6, v.s7)));\n}\n";

static cl_mem buf(size_t size, void *host);

static void run1(cl_program p, const char *name, cl_mem in, cl_mem out) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, name, &err);
  CHECK_OK(err);
  clSetKernelArg(k, 0, sizeof in, &in);
  clSetKernelArg(k, 1, sizeof out, &out);
  size_t g = N;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  clReleaseKernel(k);
}

static void test_reduce8(void) {
  cl_program p = vt_build(reduce8_src, NULL);
  if (!CHECK(p != NULL)) return;
  static cl_uint a[8 * N], o[5 * N];
  static cl_long l[8 * N], ol[N];
  static cl_short sh[8 * N], os[N];
  for (int i = 0; i < 8 * N; i++) {
    a[i] = (0x9e3779b9u * (cl_uint)(i + 3)) | (i % 5 == 0 ? 0xf0000000u : 0) | 1u;
    l[i] = (cl_long)(0x0123456789abcdefULL * (cl_ulong)(i + 1) - (cl_ulong)i * 1000000007ULL); /* wraps */
    sh[i] = (cl_short)((i * 2654435761u) >> 7); /* negative and positive */
  }
  cl_mem ma = buf(sizeof a, a), mo = buf(sizeof o, NULL), ml = buf(sizeof l, l), mol = buf(sizeof ol, NULL);
  cl_mem ms = buf(sizeof sh, sh), mos = buf(sizeof os, NULL);
  run1(p, "r32", ma, mo);
  run1(p, "rl", ml, mol);
  run1(p, "rs", ms, mos);
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), mo, CL_TRUE, 0, sizeof o, o, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), mol, CL_TRUE, 0, sizeof ol, ol, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), mos, CL_TRUE, 0, sizeof os, os, 0, NULL, NULL));
  int bad = 0;
  for (int i = 0; i < N; i++) {
    const cl_uint *v = &a[8 * i];
    cl_uint x = 0, or_ = 0, and_ = ~0u, mul = 1, mn = ~0u;
    cl_ulong sum = 0;
    cl_short mx = sh[8 * i];
    for (int j = 0; j < 8; j++) {
      x ^= v[j]; or_ |= v[j]; and_ &= v[j]; mul *= v[j]; mn = v[j] < mn ? v[j] : mn;
      sum += (cl_ulong)l[8 * i + j];
      mx = sh[8 * i + j] > mx ? sh[8 * i + j] : mx;
    }
    int ok = o[5 * i] == x && o[5 * i + 1] == or_ && o[5 * i + 2] == and_ && o[5 * i + 3] == mul &&
             o[5 * i + 4] == mn && (cl_ulong)ol[i] == sum && os[i] == mx;
    if (!ok && bad++ < 4)
      printf("  item %d: xor %x/%x or %x/%x and %x/%x mul %x/%x umin %x/%x sum64 %llx/%llx smax16 %d/%d\n", i,
             o[5 * i], x, o[5 * i + 1], or_, o[5 * i + 2], and_, o[5 * i + 3], mul, o[5 * i + 4], mn,
             (unsigned long long)ol[i], (unsigned long long)sum, os[i], mx);
  }
  CHECK(bad == 0);
  cl_mem all[] = {ma, mo, ml, mol, ms, mos};
  for (int i = 0; i < 6; i++) clReleaseMemObject(all[i]);
  clReleaseProgram(p);
}

static cl_mem buf(size_t size, void *host) {
  cl_int err;
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | (host ? CL_MEM_COPY_HOST_PTR : 0), size, host, &err);
  CHECK_OK(err);
  return m;
}

static void test_reduce(void) {
  cl_program p = vt_build(reduce_src, NULL);
  if (!CHECK(p != NULL)) return;
  static cl_uint a[4 * N], out[N];
  static cl_int b[4 * N], o2[N];
  static cl_uchar c[8 * N], o3[N];
  for (int i = 0; i < 4 * N; i++) {
    a[i] = 0x9e3779b9u * (cl_uint)(i + 1); /* sums that wrap around */
    b[i] = (i * 7919) % 1000 - 500;
  }
  for (int i = 0; i < 8 * N; i++) c[i] = (cl_uchar)(i * 37 + 11);
  cl_mem ma = buf(sizeof a, a), mo = buf(sizeof out, NULL), mb = buf(sizeof b, b), mo2 = buf(sizeof o2, NULL);
  cl_mem mc = buf(sizeof c, c), mo3 = buf(sizeof o3, NULL);
  cl_int err;
  cl_kernel k = clCreateKernel(p, "red", &err), k8 = clCreateKernel(p, "red8", &err);
  clSetKernelArg(k, 0, sizeof ma, &ma);
  clSetKernelArg(k, 1, sizeof mo, &mo);
  clSetKernelArg(k, 2, sizeof mb, &mb);
  clSetKernelArg(k, 3, sizeof mo2, &mo2);
  clSetKernelArg(k8, 0, sizeof mc, &mc);
  clSetKernelArg(k8, 1, sizeof mo3, &mo3);
  size_t g = N;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k8, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), mo, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), mo2, CL_TRUE, 0, sizeof o2, o2, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), mo3, CL_TRUE, 0, sizeof o3, o3, 0, NULL, NULL));
  int bad = 0;
  for (int i = 0; i < N; i++) {
    cl_uint s = a[4 * i] + a[4 * i + 1] + a[4 * i + 2] + a[4 * i + 3];
    cl_int m = b[4 * i];
    for (int j = 1; j < 4; j++) m = b[4 * i + j] > m ? b[4 * i + j] : m;
    cl_uchar s8 = 0;
    for (int j = 0; j < 8; j++) s8 = (cl_uchar)(s8 + c[8 * i + j]);
    if (out[i] != s || o2[i] != m || o3[i] != s8) {
      if (bad++ < 4) printf("  item %d: sum %u (want %u) max %d (want %d) sum8 %u (want %u)\n", i, out[i], s, o2[i], m, o3[i], s8);
    }
  }
  CHECK(bad == 0);
  clReleaseKernel(k);
  clReleaseKernel(k8);
  cl_mem all[] = {ma, mo, mb, mo2, mc, mo3};
  for (int i = 0; i < 6; i++) clReleaseMemObject(all[i]);
  clReleaseProgram(p);
}

static void run_two_printfs(cl_program p) {
  cl_int err;
  int in[3] = {42, -7, 1000};
  cl_mem m = buf(sizeof in, in);
  cl_kernel k = clCreateKernel(p, "two", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 1;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clFinish(vt_queue()));
  clReleaseKernel(k);
  clReleaseMemObject(m);
}

static void test_two_printfs(void) {
  cl_program p = vt_build("kernel void two(global const int *a) {\n"
                          "  printf(\"first %d\\n\", a[0]);\n"
                          "  printf(\"second %d %d %f\\n\", a[1], a[2], 0.5f);\n}\n", NULL);
  if (!CHECK(p != NULL)) return;
  char path[] = "/tmp/vgpu-printf2-XXXXXX";
  int fd = mkstemp(path);
  fflush(stdout);
  int saved = dup(1);
  dup2(fd, 1);
  run_two_printfs(p);
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  close(fd);
  size_t len = 0;
  char *text = vt_read_file(path, &len);
  unlink(path);
  const char *want = "first 42\nsecond -7 1000 0.500000\n";
  if (!CHECK(text && !strcmp(text, want))) printf("  got:\n%s\n  want:\n%s", text ? text : "(null)", want);
  free(text);
  clReleaseProgram(p);
}

static void test_cl10_options_and_macros(void) {
  const char *src =
      "kernel void macros(global int *out) {\n"
      "#ifdef __OPENCL_VERSION__\n  out[0] = __OPENCL_VERSION__;\n#else\n  out[0] = -1;\n#endif\n"
      "#ifdef __IMAGE_SUPPORT__\n  out[1] = 1;\n#else\n  out[1] = 0;\n#endif\n}\n";
  cl_program p = vt_build(src, "-cl-std=CL1.0 -cl-strict-aliasing -cl-mad-enable");
  if (!CHECK(p != NULL)) return;
  cl_int out[2] = {0, 0}, err;
  cl_mem m = buf(sizeof out, out);
  cl_kernel k = clCreateKernel(p, "macros", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 1;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  /* the device reports "OpenCL 3.0 ..." (CL_DEVICE_VERSION) and CL_DEVICE_IMAGE_SUPPORT false */
  char version[128] = "";
  clGetDeviceInfo(vt_device(), CL_DEVICE_VERSION, sizeof version, version, NULL);
  int major = 0, minor = 0;
  CHECK(sscanf(version, "OpenCL %d.%d", &major, &minor) == 2);
  cl_bool images = CL_TRUE;
  clGetDeviceInfo(vt_device(), CL_DEVICE_IMAGE_SUPPORT, sizeof images, &images, NULL);
  if (!CHECK(out[0] == major * 100 + minor * 10)) printf("  __OPENCL_VERSION__ %d, device %s\n", out[0], version);
  CHECK(out[1] == (images ? 1 : 0));
  clReleaseKernel(k);
  clReleaseMemObject(m);
  clReleaseProgram(p);
}

/* -cl-denorms-are-zero: 0 + (smallest denormals) flushes to +0, 1 + x is unaffected
 * (program@execute@amdgcn-f32-inline-immediates "add integer 64"); without the option the
 * denormal sum is exact (the device reports CL_FP_DENORM). */
static void test_denorms_are_zero(void) {
  const char *src = "kernel void dz(global float *out, global const float *in) {\n"
                    "  int i = get_global_id(0);\n  out[i] = in[i] + as_float(64);\n}\n";
  cl_float in[4] = {0.0f, 1.0f, -0.0f, 0.0f};
  memcpy(&in[3], &(cl_uint){0x80000040u}, 4); /* -denormal + denormal: +0 either way */
  for (int ftz = 0; ftz < 2; ftz++) {
    cl_program p = vt_build(src, ftz ? "-cl-denorms-are-zero" : NULL);
    if (!CHECK(p != NULL)) return;
    cl_float out[4];
    cl_int err;
    cl_mem mi = buf(sizeof in, in), mo = buf(sizeof out, NULL);
    cl_kernel k = clCreateKernel(p, "dz", &err);
    clSetKernelArg(k, 0, sizeof mo, &mo);
    clSetKernelArg(k, 1, sizeof mi, &mi);
    size_t g = 4;
    CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(vt_queue(), mo, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
    cl_uint bits[4];
    memcpy(bits, out, sizeof bits);
    cl_uint want0 = ftz ? 0u : 64u, want2 = ftz ? 0u : 64u;
    if (!CHECK(bits[0] == want0 && bits[1] == 0x3f800000u && bits[2] == want2 && bits[3] == 0u))
      printf("  ftz=%d: %08x %08x %08x %08x\n", ftz, bits[0], bits[1], bits[2], bits[3]);
    clReleaseKernel(k);
    clReleaseMemObject(mi);
    clReleaseMemObject(mo);
    clReleaseProgram(p);
  }
}

/* A kernel may declare image and sampler arguments although the device has no images
 * (piglit api@clsetkernelarg); clSetKernelArg checks them (OpenCL 3.0 section 5.9.2), and as no
 * sampler or image object can exist here, such a kernel cannot be enqueued. */
static void test_sampler_arg_declared(void) {
  cl_program p = vt_build("kernel void k(global int *out, sampler_t s, read_only image2d_t img) { out[0] = 7; }\n", NULL);
  if (!CHECK(p != NULL)) return;
  cl_int err;
  cl_kernel k = clCreateKernel(p, "k", &err);
  CHECK_OK(err);
  cl_sampler none = NULL;
  CHECK_ERR(clSetKernelArg(k, 1, sizeof none, &none), CL_INVALID_SAMPLER);
  CHECK_ERR(clSetKernelArg(k, 1, sizeof none + 1, &none), CL_INVALID_ARG_SIZE);
  cl_mem m = buf(64, NULL);
  CHECK_ERR(clSetKernelArg(k, 2, sizeof m, &m), CL_INVALID_MEM_OBJECT); /* a buffer is not an image */
  CHECK_OK(clSetKernelArg(k, 0, sizeof m, &m));
  size_t g = 1;
  CHECK_ERR(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_KERNEL_ARGS);
  clReleaseMemObject(m);
  clReleaseKernel(k);
  clReleaseProgram(p);
}

int main(void) {
  test_reduce();
  test_reduce8();
  test_sampler_arg_declared();
  test_denorms_are_zero();
  test_two_printfs();
  test_cl10_options_and_macros();
  return vt_finish();
}
