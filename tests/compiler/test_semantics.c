/* test_semantics.c - what the lowering computes is what OpenCL C means: integer arithmetic in
 * every width (the canonical narrow forms of vir_ops.def), signed division and shifts, 64-bit
 * products, comparisons, control flow (loops with break/continue, switch, goto), private arrays
 * with dynamic indices, vectors with dynamic element access, structs by value, __constant tables,
 * float arithmetic and conversions, double.  Each kernel runs on VirtualGPU (through the ICD
 * loader), with and without -cl-opt-disable, against a C reference computed here. */
#include <math.h>
#include <stdint.h>
#include "tests/testlib.h"

#define N 64
#define ROWS 24

static const char *src =
  "#pragma OPENCL FP_CONTRACT OFF\n" /* x * y - x must round twice, as the reference does */
  "typedef struct { int a; float b[3]; char c; } S;\n"
  "__constant int ctab[5] = {3, 1, 4, 1, 5};\n"
  "int helper(int x) { return x * x + 1; }\n"
  "__kernel void ints(__global int *o, __global const int *in, S s) {\n"
  "  int i = get_global_id(0);\n"
  "  int x = in[i], y = in[i + 64];\n"
  "  char c = (char)x; short sh = (short)y; uchar uc = (uchar)y; ushort us = (ushort)x;\n"
  "  long l = (long)x * y; ulong ul = (ulong)(uint)x * (uint)y;\n"
  "  int k = 0;\n"
  "  o[k++ * 64 + i] = x + y; o[k++ * 64 + i] = x - y; o[k++ * 64 + i] = x * y;\n"
  "  o[k++ * 64 + i] = y ? x / y : 0; o[k++ * 64 + i] = y ? x % y : 0;\n"
  "  o[k++ * 64 + i] = x >> (y & 31); o[k++ * 64 + i] = (uint)x >> (y & 31); o[k++ * 64 + i] = x << (y & 31);\n"
  "  o[k++ * 64 + i] = c * 3 + sh; o[k++ * 64 + i] = (char)(c + 100); o[k++ * 64 + i] = (uchar)(uc * 7);\n"
  "  o[k++ * 64 + i] = (short)(sh * sh); o[k++ * 64 + i] = (ushort)(us + 60000); o[k++ * 64 + i] = c >> 2;\n"
  "  o[k++ * 64 + i] = (int)(l >> 17); o[k++ * 64 + i] = (int)(ul % 1000003); o[k++ * 64 + i] = (int)(l / (y | 1));\n"
  "  o[k++ * 64 + i] = helper(x & 255) + ctab[(uint)x % 5] + s.a + (int)s.b[2] + s.c;\n"
  "  int acc = 0;\n"
  "  for (int j = 0; j < (x & 15); j++) { if (j == 7) continue; acc += j * y; if (acc > 10000) break; }\n"
  "  o[k++ * 64 + i] = acc;\n"
  "  switch (x & 7) { case 0: acc = 1; break; case 1: acc = 2; case 2: acc += 3; break; case 5: acc = -9; break;"
  "  default: acc = 100; }\n"
  "  int g = 0;\n"
  "again:\n"
  "  g += acc;\n"
  "  if (g < 50 && g > 0) goto again;\n"
  "  o[k++ * 64 + i] = g;\n"
  "  int4 v = (int4)(x, y, x ^ y, x + 1);\n"
  "  int4 w = v.wzyx * 3;\n"
  "  o[k++ * 64 + i] = w.x + w.y * 2 + w.z * 3 + w.w * 4 + v[y & 3];\n"
  "  int p[8];\n"
  "  for (int j = 0; j < 8; j++) p[j] = j * x;\n"
  "  o[k++ * 64 + i] = p[y & 7];\n"
  "  o[k++ * 64 + i] = (x < y) + (c <= (char)y) * 2 + (us > (ushort)y) * 4 + ((ulong)l > ul) * 8;\n"
  "}\n"
  "__kernel void floats(__global float *o, __global const float *in, __global double *od) {\n"
  "  int i = get_global_id(0);\n"
  "  float x = in[i], y = in[i + 64];\n"
  "  o[i] = x * y - x; o[64 + i] = x / y; o[128 + i] = (float)(int)x + (float)(uint)fabs(y);\n"
  "  o[192 + i] = x < y ? 1.0f : (x == y ? 2.0f : 3.0f);\n"
  "  o[256 + i] = -x + (float)(short)x;\n"
  "  double dx = x, dy = y;\n"
  "  od[i] = dx * dy + dx / dy + (double)(long)(dx * 1e6);\n"
  "}\n";

static int32_t ref_int(int row, int32_t x, int32_t y) {
  int8_t c = (int8_t)x;
  int16_t sh = (int16_t)y;
  uint8_t uc = (uint8_t)y;
  uint16_t us = (uint16_t)x;
  int64_t l = (int64_t)x * y;
  uint64_t ul = (uint64_t)(uint32_t)x * (uint32_t)y;
  switch (row) {
  case 0: return (int32_t)((uint32_t)x + (uint32_t)y);
  case 1: return (int32_t)((uint32_t)x - (uint32_t)y);
  case 2: return (int32_t)((uint32_t)x * (uint32_t)y);
  case 3: return y ? x / y : 0;
  case 4: return y ? x % y : 0;
  case 5: return x >> (y & 31);
  case 6: return (int32_t)((uint32_t)x >> (y & 31));
  case 7: return (int32_t)((uint32_t)x << (y & 31));
  case 8: return c * 3 + sh;
  case 9: return (int8_t)(c + 100);
  case 10: return (uint8_t)(uc * 7);
  case 11: return (int16_t)(sh * sh);
  case 12: return (uint16_t)(us + 60000);
  case 13: return c >> 2;
  case 14: return (int32_t)(l >> 17);
  case 15: return (int32_t)(ul % 1000003);
  case 16: return (int32_t)(l / (y | 1));
  case 17: {
    static const int ctab[5] = {3, 1, 4, 1, 5};
    int h = x & 255;
    return h * h + 1 + ctab[(uint32_t)x % 5] + 7 + 3 + 9;
  }
  case 18: case 19: {
    int acc = 0;
    for (int j = 0; j < (x & 15); j++) { if (j == 7) continue; acc += j * y; if (acc > 10000) break; }
    if (row == 18) return acc;
    switch (x & 7) { case 0: acc = 1; break; case 1: acc = 2; /* fall through */ case 2: acc += 3; break;
    case 5: acc = -9; break; default: acc = 100; }
    int g = 0;
    do g += acc; while (g < 50 && g > 0);
    return g;
  }
  case 20: {
    int32_t v[4] = {x, y, x ^ y, (int32_t)((uint32_t)x + 1)};
    uint32_t w[4] = {(uint32_t)v[3] * 3, (uint32_t)v[2] * 3, (uint32_t)v[1] * 3, (uint32_t)v[0] * 3};
    return (int32_t)(w[0] + w[1] * 2 + w[2] * 3 + w[3] * 4 + (uint32_t)v[y & 3]);
  }
  case 21: return (int32_t)((uint32_t)(y & 7) * (uint32_t)x);
  case 22: return (x < y) + (c <= (int8_t)y) * 2 + (us > (uint16_t)y) * 4 + ((uint64_t)l > ul) * 8;
  default: return 0;
  }
}

int main(void) {
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();
  int32_t in[2 * N];
  uint32_t seed = 12345;
  for (int i = 0; i < 2 * N; i++) {
    seed = seed * 1103515245u + 12345u;
    in[i] = i < N ? (int32_t)(seed >> 1) % 200000 - 100000 : (int32_t)(seed >> 8) % 600 - 300;
  }
  in[3] = 0; in[N + 5] = 0; in[7] = INT32_MIN; in[N + 7] = 2; in[11] = 5; in[N + 11] = -1; in[9] = -7; in[N + 9] = 3;
  float fin[2 * N];
  for (int i = 0; i < 2 * N; i++) fin[i] = (float)((in[i] % 5000) / 37.0 + (i < N ? 0.5 : 0.25));
  /* struct S { int a; float b[3]; char c; } : 20 bytes */
  unsigned char s[20] = {0};
  int32_t sa = 7; float sb[3] = {1.5f, 2.5f, 3.5f}; int8_t sc = 9;
  memcpy(s, &sa, 4); memcpy(s + 4, sb, 12); memcpy(s + 16, &sc, 1);
  static const char *const opts[] = {"", "-cl-opt-disable"};
  for (int o = 0; o < 2; o++) {
    cl_program p = vt_build(src, opts[o]);
    if (!CHECK(p != NULL)) continue;
    cl_int err;
    cl_mem ob = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof(int32_t) * N * ROWS, NULL, &err);
    cl_mem ib = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof in, in, &err);
    cl_kernel k = clCreateKernel(p, "ints", &err);
    CHECK_OK(err);
    CHECK_OK(clSetKernelArg(k, 0, sizeof ob, &ob));
    CHECK_OK(clSetKernelArg(k, 1, sizeof ib, &ib));
    CHECK_OK(clSetKernelArg(k, 2, sizeof s, s));
    size_t gs = N, ls = 16;
    CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &gs, &ls, 0, NULL, NULL));
    int32_t out[N * ROWS];
    CHECK_OK(clEnqueueReadBuffer(q, ob, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
    for (int row = 0; row < 23; row++) {
      int bad = 0;
      for (int i = 0; i < N; i++) {
        int32_t want = ref_int(row, in[i], in[N + i]);
        if (out[row * N + i] != want && bad++ < 2)
          printf("[%s] row %d item %d (x %d, y %d): got %d, want %d\n", opts[o], row, i, in[i], in[N + i],
                 out[row * N + i], want);
      }
      CHECK(bad == 0);
    }
    clReleaseKernel(k);
    /* floats */
    cl_mem fo = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof(float) * N * 5, NULL, &err);
    cl_mem fi = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof fin, fin, &err);
    cl_mem dob = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof(double) * N, NULL, &err);
    k = clCreateKernel(p, "floats", &err);
    CHECK_OK(err);
    CHECK_OK(clSetKernelArg(k, 0, sizeof fo, &fo));
    CHECK_OK(clSetKernelArg(k, 1, sizeof fi, &fi));
    CHECK_OK(clSetKernelArg(k, 2, sizeof dob, &dob));
    CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &gs, &ls, 0, NULL, NULL));
    float fout[N * 5];
    double dout[N];
    CHECK_OK(clEnqueueReadBuffer(q, fo, CL_TRUE, 0, sizeof fout, fout, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q, dob, CL_TRUE, 0, sizeof dout, dout, 0, NULL, NULL));
    int fbad = 0;
    for (int i = 0; i < N; i++) {
      float x = fin[i], y = fin[N + i];
      float want[5] = {x * y - x, x / y, (float)(int)x + (float)(uint32_t)fabsf(y),
                       x < y ? 1.0f : (x == y ? 2.0f : 3.0f), -x + (float)(short)x};
      for (int r = 0; r < 5; r++)
        if (fout[r * N + i] != want[r] && fbad++ < 3) printf("[%s] float row %d item %d: got %g want %g\n", opts[o], r, i, fout[r * N + i], want[r]);
      double dx = x, dy = y, dw = dx * dy + dx / dy + (double)(long)(dx * 1e6);
      if (dout[i] != dw && fbad++ < 3) printf("[%s] double item %d: got %.17g want %.17g\n", opts[o], i, dout[i], dw);
    }
    CHECK(fbad == 0);
    clReleaseKernel(k);
    clReleaseMemObject(ob); clReleaseMemObject(ib); clReleaseMemObject(fo); clReleaseMemObject(fi); clReleaseMemObject(dob);
    clReleaseProgram(p);
  }
  return vt_finish();
}
