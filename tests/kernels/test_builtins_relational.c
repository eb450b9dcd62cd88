/* test_builtins_relational.c - relational functions (OpenCL C 3.0 section 6.15.6) on VirtualGPU:
 * the comparisons and class tests for float and double, scalar (1 for true) and vector (-1 for
 * true, per element), any/all on the most significant bit, select and bitselect. */
#include "builtins_common.h"

#define N 1024
#define NR 24

static int cls(double v, int dbl, int what) {
  switch (what) {
  case 0: return isfinite(v) != 0;
  case 1: return isinf(v) != 0; /* glibc returns -1 for -inf */
  case 2: return isnan(v) != 0;
  case 3: return (dbl ? isnormal(v) : isnormal((float)v)) != 0;
  default: return signbit(v) != 0;
  }
}

static void ref(double x, double y, int dbl, int64_t *r) {
  int u = isnan(x) || isnan(y);
  int64_t s[14] = { x == y, x != y, x > y, x >= y, x < y, x <= y, !u && x != y,
                    cls(x, dbl, 0), cls(x, dbl, 1), cls(x, dbl, 2), cls(x, dbl, 3), !u, u,
                    cls(x, dbl, 4) };
  for (int j = 0; j < 14; j++) r[j] = s[j];
  /* vector forms: element 1 of (y, x, y) etc. is the x one, and true is -1 */
  r[14] = -(int64_t)(x == y);
  r[15] = -(int64_t)(x < y);
  r[16] = -(int64_t)cls(x, dbl, 2);
  r[17] = -(int64_t)cls(x, dbl, 4);
  r[18] = -(int64_t)cls(x, dbl, 3);
  r[19] = -(int64_t)u;
  r[20] = -(int64_t)cls(x, dbl, 1);
}

int main(void) {
  bt_init();
  bt_add("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
  for (int d = 0; d < 2; d++) {
    const char *T = d ? "double" : "float";
    bt_add("__kernel void k_%s(__global long *o, __global const %s *a, __global const %s *b) {\n"
           "  size_t i = get_global_id(0); %s x = a[i], y = b[i]; __global long *r = o + i * %d;\n"
           "  r[0] = isequal(x, y); r[1] = isnotequal(x, y); r[2] = isgreater(x, y);\n"
           "  r[3] = isgreaterequal(x, y); r[4] = isless(x, y); r[5] = islessequal(x, y);\n"
           "  r[6] = islessgreater(x, y); r[7] = isfinite(x); r[8] = isinf(x); r[9] = isnan(x);\n"
           "  r[10] = isnormal(x); r[11] = isordered(x, y); r[12] = isunordered(x, y);\n"
           "  r[13] = signbit(x);\n"
           "  r[14] = isequal((%s2)(y, x), (%s2)(y, y)).s1; r[15] = isless((%s3)(y, x, y), (%s3)(x, y, x)).s1;\n"
           "  r[16] = isnan((%s4)(y, x, y, y)).s1; r[17] = signbit((%s8)(x)).s5;\n"
           "  r[18] = isnormal((%s16)(x)).sc; r[19] = isunordered((%s16)(x), (%s16)(y)).s3;\n"
           "  r[20] = isinf((%s3)(y, x, y)).y;\n}\n",
           T, T, T, T, NR, T, T, T, T, T, T, T, T, T, T);
  }
  /* any/all, select, bitselect on integers and floats */
  bt_add("__kernel void k_int(__global long *o, __global const int *a, __global const int *b) {\n"
         "  size_t i = get_global_id(0); int x = a[i], y = b[i]; __global long *r = o + i * %d;\n"
         "  r[0] = any(x); r[1] = all((int2)(x, y)); r[2] = any((char3)((char)x, 0, 0));\n"
         "  r[3] = all((short4)((short)x, (short)y, -1, -1)); r[4] = any((long8)(0, 0, 0, 0, 0, 0, 0, x));\n"
         "  r[5] = all((int16)(x, y, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));\n"
         "  r[6] = select(x, y, x ^ y); r[7] = select((int4)(x), (int4)(y), (int4)(x ^ y, 0, 0, 0)).x;\n"
         "  r[8] = select((uchar16)(x), (uchar16)(y), (uchar16)(x ^ y)).s9;\n"
         "  r[9] = bitselect(x, y, x + y); r[10] = bitselect((ulong3)(x), (ulong3)(y), (ulong3)(x + y)).z;\n"
         "  r[11] = as_int(select((float2)(as_float(x)), (float2)(as_float(y)), (uint2)(x ^ y)).y);\n"
         "  r[12] = as_int(bitselect(as_float(x), as_float(y), as_float(x + y)));\n"
         "  r[13] = select((double3)(x), (double3)(y), (long3)(x ^ y)).s2 == (double)((x ^ y) < 0 ? y : x);\n}\n",
         NR);
  cl_program p = bt_build(bt_src, NULL);
  if (!CHECK(p != NULL)) return vt_finish();

  static const double sp[] = { 0.0, -0.0, 1.0, -1.0, INFINITY, -INFINITY, NAN, -NAN, 1e-40,
                               -1e-40, 1e-310, 0x1p-126, 0x1p-1022, 3.4e38, 1e300, 2.0, 0.5 };
  int ns = (int)(sizeof sp / sizeof sp[0]);
  static double xd[N], yd[N];
  static float xf[N], yf[N];
  for (int i = 0; i < N; i++) {
    xd[i] = i < ns * ns ? sp[i % ns] : (double)(int64_t)(bt_rand() % 7) - 3;
    yd[i] = i < ns * ns ? sp[i / ns] : (double)(int64_t)(bt_rand() % 7) - 3;
    xf[i] = (float)xd[i];
    yf[i] = (float)yd[i];
  }
  static int64_t out[N * NR];
  for (int d = 0; d < 2; d++) {
    cl_mem in[2] = { bt_buffer(N * (d ? 8 : 4), d ? (void *)xd : (void *)xf),
                     bt_buffer(N * (d ? 8 : 4), d ? (void *)yd : (void *)yf) };
    if (bt_run(p, d ? "k_double" : "k_float", N, out, sizeof out, 2, in)) {
      int bad = 0;
      for (int i = 0; i < N; i++) {
        int64_t r[NR];
        double x = d ? xd[i] : xf[i], y = d ? yd[i] : yf[i];
        ref(x, y, d, r);
        for (int j = 0; j <= 20; j++)
          if (out[i * NR + j] != r[j] && bad++ < 4)
            fprintf(stderr, "%s relational #%d (%g, %g): got %lld want %lld\n",
                    d ? "double" : "float", j, x, y, (long long)out[i * NR + j], (long long)r[j]);
      }
      CHECK(bad == 0);
    }
    clReleaseMemObject(in[0]);
    clReleaseMemObject(in[1]);
  }
  static int32_t xi[N], yi[N];
  static const int32_t isp[] = { 0, -1, 1, INT32_MIN, INT32_MAX, 0x80, -0x80, 0x8000, 0x7f };
  for (int i = 0; i < N; i++) {
    xi[i] = i < 81 ? isp[i % 9] : (int32_t)bt_rand();
    yi[i] = i < 81 ? isp[i / 9] : (int32_t)bt_rand();
  }
  cl_mem in[2] = { bt_buffer(sizeof xi, xi), bt_buffer(sizeof yi, yi) };
  if (bt_run(p, "k_int", N, out, sizeof out, 2, in)) {
    int bad = 0;
    for (int i = 0; i < N; i++) {
      int32_t x = xi[i], y = yi[i];
      int8_t xc = (int8_t)x;
      int16_t xs = (int16_t)x, ys = (int16_t)y;
      uint8_t ux = (uint8_t)x, uy = (uint8_t)y, um = (uint8_t)(x ^ y);
      int32_t xy = (int32_t)((uint32_t)x + (uint32_t)y); /* the kernel's x + y wraps; C's would be UB */
      int64_t r[14] = {
        x < 0, x < 0 && y < 0, xc < 0, xs < 0 && ys < 0, x < 0, x < 0 && y < 0,
        (x ^ y) ? y : x,                       /* scalar select: c != 0 */
        (x ^ y) < 0 ? y : x,                   /* vector select: most significant bit */
        (um & 0x80) ? uy : ux,
        (int32_t)(((uint32_t)x & ~(uint32_t)xy) | ((uint32_t)y & (uint32_t)xy)),
        (int64_t)(((uint64_t)(int64_t)x & ~(uint64_t)(int64_t)xy) |
                  ((uint64_t)(int64_t)y & (uint64_t)(int64_t)xy)),
        (x ^ y) < 0 ? y : x,
        (int32_t)(((uint32_t)x & ~(uint32_t)xy) | ((uint32_t)y & (uint32_t)xy)),
        1 };
      for (int j = 0; j < 14; j++)
        if (out[i * NR + j] != r[j] && bad++ < 4)
          fprintf(stderr, "integer relational #%d (%d, %d): got %lld want %lld\n", j, x, y,
                  (long long)out[i * NR + j], (long long)r[j]);
    }
    CHECK(bad == 0);
  }
  clReleaseMemObject(in[0]);
  clReleaseMemObject(in[1]);
  clReleaseProgram(p);
  return vt_finish();
}
