/* test_half_arith.c - arithmetic on half values (_Float16 in OpenCL C; the same LLVM `half` that
 * cl_khr_fp16 kernels produce): +, -, *, /, sqrt, a * b + c, negation, comparisons and the
 * conversions to and from half, over all 65536 encodings of a against random b and c.  The
 * reference rounds the exact (double) result to half to nearest even by bracketing it between
 * neighbouring encodings; +, -, * are exact in double and / and sqrt are rounded once more, which
 * is innocuous for half (53 >= 2 * 11 + 2).  Any NaN matches a NaN. */
#include "builtins_common.h"
#include "half_ref.h"

enum { N = 65536, NOUT = 12 };

int main(void) {
  bt_init();
  bt_add("#define B(x) __builtin_astype((x), ushort)\n"
         "#define H(u) __builtin_astype((ushort)(u), _Float16)\n"
         "__kernel void ha(__global ushort *o, __global const ushort *a, __global const ushort *b,\n"
         "                 __global const ushort *c, __global const float *fx, __global const double *dx,\n"
         "                 __global const int *ix) {\n"
         "  size_t i = get_global_id(0), n = get_global_size(0);\n"
         "  _Float16 x = H(a[i]), y = H(b[i]), z = H(c[i]);\n"
         "  o[i] = B(x + y); o[n + i] = B(x - y); o[2 * n + i] = B(x * y); o[3 * n + i] = B(x / y);\n"
         "  o[4 * n + i] = B(__builtin_sqrtf16(x)); o[5 * n + i] = B(x * y + z); o[6 * n + i] = B(-x);\n"
         "  o[7 * n + i] = (x < y) | (x == y) << 1 | (x != y) << 2 | (x >= y) << 3;\n"
         "  o[8 * n + i] = B((_Float16)fx[i]); o[9 * n + i] = B((_Float16)dx[i]);\n"
         "  o[10 * n + i] = B((_Float16)ix[i]);\n"
         "  float f = x; o[11 * n + i] = (ushort)(as_uint(f) >> 16) ^ (ushort)(isfinite(f) ? (int)x : 0);\n"
         "}\n");
  cl_program p = bt_build(bt_src, NULL);
  if (!CHECK(p != NULL)) return vt_finish();

  static unsigned short a[N], b[N], c[N], out[NOUT * N];
  static float fx[N];
  static double dx[N];
  static int ix[N];
  /* b: random encodings, with the specials and the tie-makers often; c likewise */
  static const unsigned short sp[] = { 0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0x0001,
                                       0x8001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x3c01, 0x4000, 0x1400 };
  for (unsigned i = 0; i < N; i++) {
    uint64_t r = bt_rand();
    a[i] = (unsigned short)i;
    b[i] = (r & 7) == 0 ? sp[(r >> 3) % 16] : (unsigned short)(r >> 16);
    c[i] = (r & 0x700) == 0 ? sp[(r >> 11) % 16] : (unsigned short)(r >> 32);
    /* values near half's rounding boundaries: a half value plus a fraction of its ulp */
    double base = half_val((unsigned short)(r >> 20) & 0x7bff), frac = (double)((r >> 40) & 15) / 8;
    double ulp = ldexp(1, ((r >> 20) & 0x7c00) ? (int)(((r >> 20) & 0x7c00) >> 10) - 25 : -24);
    dx[i] = (base + frac * ulp / 2) * ((r >> 63) ? -1 : 1);
    if (i % 97 == 0) dx[i] = ldexp((double)(r >> 11), (int)(r % 80) - 90);
    fx[i] = (float)dx[i];
    ix[i] = (int)(r >> 33) >> (r % 31);
  }
  cl_mem in[6] = { bt_buffer(sizeof a, a), bt_buffer(sizeof b, b), bt_buffer(sizeof c, c),
                   bt_buffer(sizeof fx, fx), bt_buffer(sizeof dx, dx), bt_buffer(sizeof ix, ix) };
  static const char *const what[NOUT] = { "x + y", "x - y", "x * y", "x / y", "sqrt(x)", "x * y + z", "-x",
                                          "compare", "(half)float", "(half)double", "(half)int", "(float)x, (int)x" };
  if (bt_run(p, "ha", N, out, sizeof out, 6, in)) {
    int bad[NOUT] = { 0 };
    for (unsigned i = 0; i < N; i++) {
      double x = half_val(a[i]), y = half_val(b[i]), z = half_val(c[i]);
      unsigned want[NOUT];
      want[0] = to_half(x + y);
      want[1] = to_half(x - y);
      want[2] = to_half(x * y);
      want[3] = to_half(x / y);
      want[4] = to_half(sqrt(x));
      want[5] = to_half(half_val(to_half(x * y)) + z); /* fmuladd, unfused */
      want[6] = a[i] ^ 0x8000u;
      want[7] = (x < y) | (x == y) << 1 | (x != y) << 2 | (x >= y) << 3;
      want[8] = to_half(fx[i]);
      want[9] = to_half(dx[i]);
      want[10] = to_half(ix[i]);
      float xf = (float)x;
      uint32_t xb;
      memcpy(&xb, &xf, 4);
      want[11] = (unsigned short)((xb >> 16) ^ (unsigned short)(isfinite(x) ? (int)x : 0));
      for (int k = 0; k < NOUT; k++) {
        unsigned got = out[k * N + i];
        int ok = (k == 6 || k == 7 || k == 11) ? got == want[k] : half_same(got, want[k]);
        if (k == 11 && isnan(x)) /* a NaN widens to a NaN; its payload is not specified */
          ok = (got & 0x7f80) == 0x7f80 && (got & 0x7f);
        if (k == 6 && isnan(x)) /* the same for -NaN (PoCL quiets it): a NaN of the other sign */
          ok = half_same(got, 0x7e00) && ((got ^ a[i]) & 0x8000);
        if (!ok && bad[k]++ < 3)
          fprintf(stderr, "%s: a=%#06x b=%#06x c=%#06x f=%a d=%a i=%d: got %#06x want %#06x\n", what[k], a[i], b[i],
                  c[i], (double)fx[i], dx[i], ix[i], got, want[k]);
      }
    }
    for (int k = 0; k < NOUT; k++)
      if (!CHECK(bad[k] == 0)) fprintf(stderr, "%s: %d of %d wrong\n", what[k], bad[k], N);
  }
  for (int k = 0; k < 6; k++) clReleaseMemObject(in[k]);
  clReleaseProgram(p);
  return vt_finish();
}
