/* test_builtins_vload.c - vector data load and store functions (OpenCL C 3.0 section 6.15.7)
 * and shuffles (6.15.13) on VirtualGPU: vloadn/vstoren in every address space, vload_half /
 * vstore_half with every rounding mode (reference: the neighbouring halves of the value
 * chosen from a table of all 65536 encodings), vloada/vstorea_half3 offsets, shuffle and
 * shuffle2 with random masks. */
#include "builtins_common.h"

#define NI 64 /* work-items; each handles up to 16 elements */

/* ---- half reference ---- */
static double half_val(unsigned h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, e - 25);
  return (h & 0x8000) ? -v : v;
}
/* x rounded to half in mode (0 rte, 1 rtz, 2 rtp, 3 rtn), by bracketing it between the two
 * nearest positive encodings 0x0000..0x7bff (increasing with the code). */
static unsigned to_half(double x, int mode) {
  if (isnan(x)) return 0x7e00;
  unsigned s = signbit(x) ? 0x8000 : 0;
  double a = fabs(x);
  if (isinf(a)) return s | 0x7c00;
  unsigned lo = 0, hi = 0x7bff;
  if (a >= 65504.0) {
    int away = mode == 0 ? a >= 65520.0 : mode == 2 ? !s : mode == 3 ? s != 0 : 0;
    if (a == 65504.0) away = 0;
    return s | (away ? 0x7c00 : 0x7bff);
  }
  while (hi - lo > 1) { unsigned mid = (lo + hi) / 2; if (half_val(mid) <= a) lo = mid; else hi = mid; }
  if (half_val(hi) <= a) lo = hi;
  if (half_val(lo) == a) return s | lo;
  unsigned up = lo + 1;                 /* a lies strictly between lo and up */
  unsigned pick;
  switch (mode) {
  case 0: { double dl = a - half_val(lo), du = half_val(up) - a;
            pick = dl < du ? lo : du < dl ? up : (lo & 1 ? up : lo); break; }
  case 1: pick = lo; break;
  case 2: pick = s ? lo : up; break;
  default: pick = s ? up : lo; break;
  }
  return s | pick;
}

static int check_vload(cl_program p) {
  /* T = int and double; widths 2, 3, 4, 8, 16 from global and constant memory, through
   * private and local copies, stored back to global */
  int ok = 1;
  for (int d = 0; d < 2; d++) {
    size_t es = d ? 8 : 4, n = 16 * NI;
    static unsigned char a[16 * NI * 8], c[16 * NI * 8], out[5 * 16 * NI * 8];
    for (size_t i = 0; i < n; i++) {
      if (d) { double v = (double)(int)(bt_rand() % 20000) - 10000, w = (double)i; memcpy(a + i * 8, &v, 8); memcpy(c + i * 8, &w, 8); }
      else { int v = (int)(bt_rand() % 20000) - 10000, w = (int)i; memcpy(a + i * 4, &v, 4); memcpy(c + i * 4, &w, 4); }
    }
    cl_mem in[2] = { bt_buffer(n * es, a), bt_buffer(n * es, c) };
    if (!bt_run(p, d ? "vl_double" : "vl_int", NI, out, 5 * n * es, 2, in)) { ok = 0; continue; }
    static const int w[5] = { 2, 3, 4, 8, 16 };
    int bad = 0;
    for (int k = 0; k < 5; k++)
      for (size_t i = 0; i < NI * (size_t)w[k]; i++) {
        int good;
        if (d) { double x, y, z; memcpy(&x, a + i * 8, 8); memcpy(&y, c + i * 8, 8); memcpy(&z, out + (k * n + i) * 8, 8); good = z == x + y; }
        else { int x, y, z; memcpy(&x, a + i * 4, 4); memcpy(&y, c + i * 4, 4); memcpy(&z, out + (k * n + i) * 4, 4); good = z == x + y; }
        if (!good && bad++ < 4) fprintf(stderr, "vload/vstore %s width %d element %zu wrong\n", d ? "double" : "int", w[k], i);
      }
    ok &= CHECK(bad == 0);
    clReleaseMemObject(in[0]);
    clReleaseMemObject(in[1]);
  }
  return ok;
}

int main(void) {
  bt_init();
  bt_add("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
  for (int d = 0; d < 2; d++) {
    const char *T = d ? "double" : "int";
    bt_add("__kernel void vl_%s(__global %s *o, __global const %s *a, __constant %s *c) {\n"
           "  size_t i = get_global_id(0), l = get_local_id(0); const size_t n = 16 * %d;\n"
           "  __local %s loc[16 * %d]; %s priv[16];\n"
           "  vstore2(vload2(i, a) + vload2(i, c), i, o);\n"
           "  vstore3(vload3(i, a), 0, priv); vstore3(vload3(0, priv) + vload3(i, c), i, o + n);\n"
           "  vstore4(vload4(i, a), l, loc); vstore4(vload4(l, loc) + vload4(i, c), i, o + 2 * n);\n"
           "  vstore8(vload8(i, a), 1, priv + 0); vstore8(vload8(1, priv) + vload8(i, c), i, o + 3 * n);\n"
           "  vstore16(vload16(i, a) + vload16(i, c), i, o + 4 * n);\n}\n",
           T, T, T, T, NI, T, NI, T);
  }
  /* half stores: scalar in every mode from float and double, 4-wide, vstorea_half3 */
  bt_add("__kernel void vh_store(__global ushort *o, __global const float *f, __global const double *g) {\n"
         "  size_t i = get_global_id(0), n = get_global_size(0); float x = f[i]; double y = g[i];\n"
         "  __global half *h = (__global half *)o;\n"
         "  vstore_half(x, i, h); vstore_half_rte(x, i, h + n); vstore_half_rtz(x, i, h + 2 * n);\n"
         "  vstore_half_rtp(x, i, h + 3 * n); vstore_half_rtn(x, i, h + 4 * n);\n"
         "  vstore_half(y, i, h + 5 * n); vstore_half_rte(y, i, h + 6 * n); vstore_half_rtz(y, i, h + 7 * n);\n"
         "  vstore_half_rtp(y, i, h + 8 * n); vstore_half_rtn(y, i, h + 9 * n);\n"
         "  if (i %% 4 == 0) vstore_half4_rtz(vload4(i / 4, f), i / 4, h + 10 * n);\n"
         "  if (i %% 4 == 0) vstorea_half3_rtp(vload3(0, f + i), i / 4, h + 11 * n);\n"
         "  if (i %% 16 == 0) vstore_half16_rtn(vload16(i / 16, g), i / 16, h + 12 * n);\n}\n"
         "__kernel void vh_load(__global float *o, __global const ushort *s) {\n"
         "  size_t i = get_global_id(0); const __global half *h = (const __global half *)s;\n"
         "  o[i] = vload_half(i, h);\n"
         "  if (i %% 4 == 0) { float3 v = vloada_half3(i / 4, h); o[65536 + i] = v.x; o[65536 + i + 1] = v.y; o[65536 + i + 2] = v.z; o[65536 + i + 3] = 0; }\n"
         "  if (i %% 8 == 0) { __private ushort t[8]; for (int j = 0; j < 8; j++) t[j] = s[i + j];\n"
         "    vstore8(vload_half8(0, (__private half *)t), i / 8, o + 2 * 65536); }\n}\n");
  /* shuffles: mask from the input, element types int and char */
  bt_add("__kernel void sh(__global int *o, __global const uint *m) {\n"
         "  size_t i = get_global_id(0); uint k = m[i];\n"
         "  int4 x = (int4)(10, 11, 12, 13); int8 y = (int8)(20, 21, 22, 23, 24, 25, 26, 27);\n"
         "  o[4 * i] = shuffle(x, (uint2)(k, k >> 4)).y;\n"
         "  o[4 * i + 1] = shuffle2(x, (int4)(14, 15, 16, 17), (uint16)(k)).s7;\n"
         "  o[4 * i + 2] = shuffle(y, (uint8)(k, k >> 3, k >> 6, k >> 9, 0, 0, 0, 0)).s2;\n"
         "  o[4 * i + 3] = shuffle2((char16)(30), (char16)(31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46), (uchar4)(k)).w;\n}\n");
  cl_program p = bt_build(bt_src, NULL);
  if (!CHECK(p != NULL)) return vt_finish();
  check_vload(p);

  /* half stores */
  enum { NH = 4096 };
  static float f[NH];
  static double g[NH];
  static const double sp[] = { 0, -0.0, 1, -1, 1.0001, -1.0001, 65504, 65519.99, 65520, 65536,
                               -65520, 1e10, -1e10, 6e-8, 5.9604644775390625e-08, 2.98e-8,
                               2.9802322387695312e-08, 1e-8, -3e-8, 0.1, 1.0 / 3, INFINITY,
                               -INFINITY, NAN, 1.00048828125, 1.000732421875, 2049, 2051 };
  int ns = (int)(sizeof sp / sizeof sp[0]);
  for (int i = 0; i < NH; i++) {
    uint64_t r = bt_rand();
    g[i] = i < ns ? sp[i] : ldexp((double)(r >> 11) * 0x1p-53 + 0.5, (int)(r % 44) - 28) * ((r & 1) ? -1 : 1);
    f[i] = (float)g[i];
  }
  cl_mem hin[2] = { bt_buffer(sizeof f, f), bt_buffer(sizeof g, g) };
  static unsigned short hout[13 * NH];
  if (bt_run(p, "vh_store", NH, hout, sizeof hout, 2, hin)) {
    int bad = 0;
    for (int i = 0; i < NH; i++)
      for (int k = 0; k < 13; k++) {
        double x;
        int mode;
        if (k < 10) { x = k < 5 ? f[i] : g[i]; mode = (k % 5) == 0 ? 0 : (k % 5) - 1; }
        else if (k == 10) { x = f[i]; mode = 1; }
        else if (k == 11) { if (i % 4 == 3) continue; x = f[i]; mode = 2; }
        else { x = g[i]; mode = 3; }
        unsigned want = to_half(x, mode), got = hout[k * NH + i];
        int ok = got == want || (isnan(x) && (got & 0x7c00) == 0x7c00 && (got & 0x3ff));
        if (!ok && bad++ < 6) fprintf(stderr, "vstore_half #%d (%a): got %#x want %#x\n", k, x, got, want);
      }
    CHECK(bad == 0);
  }
  /* half loads: every encoding */
  static unsigned short all[65536];
  for (int i = 0; i < 65536; i++) all[i] = (unsigned short)i;
  cl_mem lin = bt_buffer(sizeof all, all);
  static float lout[3 * 65536];
  if (bt_run(p, "vh_load", 65536, lout, sizeof lout, 1, &lin)) {
    int bad = 0;
    for (int i = 0; i < 65536; i++) {
      double want = half_val((unsigned)i);
      for (int k = 0; k < 3; k++) {
        if (k == 1 && i % 4 == 3) continue;
        float got = lout[k * 65536 + i];
        int ok = (isnan(want) && isnan(got)) || ((double)got == want && !signbit(got) == !signbit(want));
        if (!ok && bad++ < 4) fprintf(stderr, "vload_half #%d of %#x: got %a want %a\n", k, i, got, want);
      }
    }
    CHECK(bad == 0);
  }
  /* shuffles */
  static unsigned m[1024];
  for (int i = 0; i < 1024; i++) m[i] = (unsigned)bt_rand();
  cl_mem sin_ = bt_buffer(sizeof m, m);
  static int sout[4 * 1024];
  if (bt_run(p, "sh", 1024, sout, sizeof sout, 1, &sin_)) {
    int bad = 0;
    for (int i = 0; i < 1024; i++) {
      unsigned k = m[i];
      int want[4] = { 10 + (int)((k >> 4) & 3), 10 + (int)(k & 7), 20 + (int)((k >> 6) & 7),
                      (k & 31) < 16 ? 30 : 31 + (int)((k & 31) - 16) };
      for (int j = 0; j < 4; j++)
        if (sout[4 * i + j] != want[j] && bad++ < 4)
          fprintf(stderr, "shuffle #%d mask %#x: got %d want %d\n", j, k, sout[4 * i + j], want[j]);
    }
    CHECK(bad == 0);
  }
  clReleaseMemObject(hin[0]);
  clReleaseMemObject(hin[1]);
  clReleaseMemObject(lin);
  clReleaseMemObject(sin_);
  clReleaseProgram(p);
  return vt_finish();
}
