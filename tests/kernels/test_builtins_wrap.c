/* test_builtins_wrap: mad_hi's addition wraps (found by kfuzz, seed 1096).  The library added
 * mul_hi(a, b) + c in the signed type, whose overflow is undefined in C, so the optimiser was
 * free to assume it never happens: v = mad_hi(v, v, INT_MAX) twice gave an odd result at -O2
 * (PoCL, Oclgrind and -cl-opt-disable agree on the wrapped, even one). */
#include <stdint.h>
#include "testlib.h"

static const char *src =
  "kernel void k(global const int *in, global int *out) {\n"
  "  int v = popcount(in[get_global_id(0)]);\n"
  "  for (uint i = 0; i < 2u; i++) v = mad_hi(v, v, (int)0x7fffffff);\n"
  "  out[get_global_id(0)] = v;\n"
  "}\n";

static int32_t mul_hi32(int32_t a, int32_t b) { return (int32_t)(((int64_t)a * b) >> 32); }

int main(void) {
  cl_int err;
  int in[64], out[64];
  for (int i = 0; i < 64; i++) in[i] = i * 0x01010101;
  cl_program p = vt_build(src, NULL);
  if (!p) return 1;
  cl_kernel k = clCreateKernel(p, "k", &err);
  cl_mem a = clCreateBuffer(vt_context(), CL_MEM_COPY_HOST_PTR, sizeof in, in, &err);
  cl_mem b = clCreateBuffer(vt_context(), CL_MEM_WRITE_ONLY, sizeof out, NULL, &err);
  clSetKernelArg(k, 0, sizeof a, &a);
  clSetKernelArg(k, 1, sizeof b, &b);
  size_t g = 64;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), b, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  int bad = 0;
  for (int i = 0; i < 64; i++) {
    int32_t v = __builtin_popcount((uint32_t)in[i]);
    for (int j = 0; j < 2; j++) v = (int32_t)((uint32_t)mul_hi32(v, v) + 0x7fffffffu);
    if (out[i] != v && bad++ < 4) printf("work-item %d: %d, expected %d\n", i, out[i], v);
  }
  CHECK(bad == 0);
  clReleaseMemObject(a);
  clReleaseMemObject(b);
  clReleaseKernel(k);
  clReleaseProgram(p);
  return vt_finish();
}
