/* test_builtins_convert.c - explicit conversions (OpenCL C 3.0 section 6.4.3) on VirtualGPU:
 * convert_<dst>[_sat][_rte|_rtz|_rtp|_rtn] for every pair of the ten scalar types, exact
 * against a CPU reference (C conversions under fesetround for the float destinations), plus
 * vector forms of 2, 3, 4, 8 and 16 elements.  Out-of-range non-saturated float -> integer
 * results are implementation-defined and not checked.  Chains of two vector conversions
 * (signed -> wider unsigned -> floating point) check that the optimiser keeps the sign
 * extension: LLVM 19's SLP vectorizer folded it into one uitofp of the narrow type when the
 * source was a vector load.  Saturating float -> int -> narrower int chains become LLVM's
 * fptosi.sat / fptoui.sat of the narrow type, which must saturate to that type. */
#include "builtins_common.h"
#include <fenv.h>

#define N 512
enum { CH, UC, SH, US, IN, UI, LO, UL, FL, DB, NT };
static const char *tn[NT] = { "char", "uchar", "short", "ushort", "int", "uint", "long", "ulong",
                              "float", "double" };
static const size_t tsize[NT] = { 1, 1, 2, 2, 4, 4, 8, 8, 4, 8 };
static const char *modes[5] = { "", "_rte", "_rtz", "_rtp", "_rtn" };
static const int fe[5] = { FE_TONEAREST, FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD };
static const double tmin[8] = { -128, 0, -32768, 0, -2147483648.0, 0, -0x1p63, 0 };
static const double tmax[8] = { 127, 255, 32767, 65535, 2147483647.0, 4294967295.0, 0x1p63, 0x1p64 };

/* a source value held exactly: integers as int64/uint64, floats as double */
struct val { int64_t i; uint64_t u; double d; };

static struct val get(const void *buf, int t, int i) {
  struct val v = { 0, 0, 0 };
  const char *p = (const char *)buf + (size_t)i * tsize[t];
  switch (t) {
  case CH: v.i = *(const int8_t *)p; break;
  case UC: v.i = *(const uint8_t *)p; break;
  case SH: v.i = *(const int16_t *)p; break;
  case US: v.i = *(const uint16_t *)p; break;
  case IN: v.i = *(const int32_t *)p; break;
  case UI: v.i = *(const uint32_t *)p; break;
  case LO: v.i = *(const int64_t *)p; break;
  case UL: v.u = *(const uint64_t *)p; v.i = (int64_t)v.u; break;
  case FL: v.d = *(const float *)p; break;
  case DB: v.d = *(const double *)p; break;
  }
  if (t != UL && t < FL) v.u = (uint64_t)v.i;
  return v;
}

/* an integer result as int64 bits (sign-extended for signed types) */
static int64_t get_int(const void *buf, int t, int i) {
  struct val v = get(buf, t, i);
  return v.i;
}

static volatile double sink_d;
/* int/float -> float/double under rounding mode m (volatile keeps the conversion at run time) */
static double __attribute__((noinline)) to_fp(struct val v, int src, int dst, int m) {
  fesetround(fe[m]);
  volatile double r;
  if (dst == FL) {
    volatile float f;
    if (src == FL || src == DB) f = (float)v.d;
    else if (src == UL) f = (float)v.u;
    else f = (float)v.i;
    r = f;
  } else {
    if (src == FL || src == DB) r = v.d;
    else if (src == UL) r = (double)v.u;
    else r = (double)v.i;
  }
  fesetround(FE_TONEAREST);
  return r;
}

/* reference for an integer destination; *skip when the result is implementation-defined */
static int64_t to_int(struct val v, int src, int dst, int sat, int m, int *skip) {
  *skip = 0;
  if (src >= FL) {
    double r = v.d;
    if (m == 0 || m == 2) r = trunc(r);
    else if (m == 1) r = rint(r);
    else if (m == 3) r = ceil(r);
    else r = floor(r);
    if (isnan(r)) { if (!sat) *skip = 1; return 0; }
    if (r < tmin[dst] || r >= tmax[dst] + (dst == LO || dst == UL ? 0 : 1)) {
      if (!sat) { *skip = 1; return 0; }
      return r < tmin[dst] ? (int64_t)tmin[dst]
             : dst == UL ? (int64_t)UINT64_MAX : dst == LO ? INT64_MAX : (int64_t)tmax[dst];
    }
    return dst == UL ? (int64_t)(uint64_t)r : (int64_t)r;
  }
  /* integer source: saturate by value, or wrap to the destination width */
  int neg = src != UL && v.i < 0;
  if (sat) {
    if (neg) return v.i < tmin[dst] ? (int64_t)tmin[dst] : v.i;
    if (dst == UL) return (int64_t)v.u;
    if (dst == LO) return v.u > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v.u;
    return v.u > (uint64_t)tmax[dst] ? (int64_t)tmax[dst] : (int64_t)v.u;
  }
  uint64_t w = v.u;
  switch (dst) {
  case CH: return (int8_t)w;
  case UC: return (uint8_t)w;
  case SH: return (int16_t)w;
  case US: return (uint16_t)w;
  case IN: return (int32_t)w;
  case UI: return (uint32_t)w;
  default: return (int64_t)w;
  }
}

static void fill(void *buf, int t) {
  static const double fs[] = { 0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999997, 127.5, 128, -128.5,
                               -129, 255.5, 256, 32767.5, 65535.5, 65536, 2147483647.0,
                               2147483648.0, -2147483648.5, -2147483649.0, 4294967295.5,
                               4294967296.0, 0x1p63, -0x1p63, 0x1p64, 0x1.fffffffffffffp62,
                               1e30, -1e30, INFINITY, -INFINITY, NAN, 1e-45, 16777217.0,
                               9007199254740993.0, 0x1.0000000000001p+24, 3.4e38, 1e300, -1e300 };
  static const int64_t is[] = { 0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32769,
                                65535, 65536, 2147483647, 2147483648ll, -2147483649ll,
                                4294967295ll, 4294967296ll, INT64_MAX, INT64_MIN, 16777217,
                                16777219, 0x20000001ll, 9007199254740993ll, 0x7fffffffffffff01ll };
  int nf = (int)(sizeof fs / sizeof fs[0]), ni = (int)(sizeof is / sizeof is[0]);
  for (int i = 0; i < N; i++) {
    uint64_t r = bt_rand();
    char *p = (char *)buf + (size_t)i * tsize[t];
    if (t >= FL) {
      double d = i < nf ? fs[i]
                 : (i & 1) ? ldexp((double)(r >> 11) * 0x1p-53, (int)(r % 140) - 70) * ((r & 1) ? -1 : 1)
                 : (double)((int64_t)r >> (r % 64)) + ((r >> 3) & 3) * 0.25;
      if (t == FL) { float f = (float)d; memcpy(p, &f, 4); }
      else memcpy(p, &d, 8);
    } else {
      uint64_t v = i < ni ? (uint64_t)is[i] : (r >> (r % 64));
      if ((i & 3) == 3) v = (uint64_t)-(int64_t)v;
      memcpy(p, &v, tsize[t]); /* little-endian: the low bytes */
    }
  }
}

int main(void) {
  bt_init();
  bt_add("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
  for (int d = 0; d < NT; d++)
    for (int s = 0; s < NT; s++) {
      bt_add("__kernel void k_%s_%s(__global %s *o, __global const %s *a) {\n"
             "  size_t i = get_global_id(0); %s x = a[i];\n", tn[d], tn[s], tn[d], tn[s], tn[s]);
      for (int sat = 0; sat < (d < FL ? 2 : 1); sat++)
        for (int m = 0; m < 5; m++)
          bt_add("  o[i * 10 + %d] = convert_%s%s%s(x);\n", sat * 5 + m, tn[d], sat ? "_sat" : "",
                 modes[m]);
      bt_add("}\n");
    }
  /* vector forms: each element must equal the scalar conversion */
  bt_add("__kernel void v1(__global int *o, __global const float *a) { size_t i = get_global_id(0);"
         " vstore4(convert_int4_sat_rte(vload4(i, a)), i, o); }\n"
         "__kernel void v2(__global uchar *o, __global const short *a) { size_t i = get_global_id(0);"
         " vstore16(convert_uchar16_sat(vload16(i, a)), i, o); }\n"
         "__kernel void v3(__global float *o, __global const long *a) { size_t i = get_global_id(0);"
         " vstore3(convert_float3_rtp(vload3(i, a)), i, o); }\n"
         "__kernel void v4(__global short *o, __global const double *a) { size_t i = get_global_id(0);"
         " vstore8(convert_short8_sat_rtn(vload8(i, a)), i, o); }\n"
         "__kernel void v5(__global ulong *o, __global const float *a) { size_t i = get_global_id(0);"
         " vstore2(convert_ulong2_sat_rtz(vload2(i, a)), i, o); }\n"
         "__kernel void c1(__global double2 *o, __global const char2 *a) {"
         " size_t i = get_global_id(0); o[i] = convert_double2(convert_ulong2(a[i])); }\n"
         "__kernel void c2(__global float4 *o, __global const short4 *a) {"
         " size_t i = get_global_id(0); o[i] = convert_float4(convert_uint4(a[i])); }\n"
         "__kernel void s1(__global char2 *o, __global const float2 *a) {"
         " size_t i = get_global_id(0); o[i] = convert_char2_sat(convert_int2_sat(a[i])); }\n"
         "__kernel void s2(__global uchar *o, __global const double *a) {"
         " size_t i = get_global_id(0); o[i] = convert_uchar_sat(convert_uint_sat(a[i])); }\n"
         "__kernel void s3(__global short4 *o, __global const double4 *a) {"
         " size_t i = get_global_id(0); o[i] = convert_short4_sat(convert_long4_sat(a[i])); }\n"
         "__kernel void s4(__global ushort *o, __global const float *a) {"
         " size_t i = get_global_id(0); o[i] = convert_ushort_sat(convert_int_sat(a[i])); }\n");
  cl_program p = bt_build(bt_src, NULL);
  if (!CHECK(p != NULL)) return vt_finish();

  static char in[NT][N * 8];
  cl_mem bufs[NT];
  for (int t = 0; t < NT; t++) {
    fill(in[t], t);
    bufs[t] = bt_buffer(N * tsize[t], in[t]);
  }
  static char out[N * 10 * 8];
  for (int d = 0; d < NT; d++)
    for (int s = 0; s < NT; s++) {
      char name[64];
      snprintf(name, sizeof name, "k_%s_%s", tn[d], tn[s]);
      if (!bt_run(p, name, N, out, N * 10 * tsize[d], 1, &bufs[s])) continue;
      int bad = 0;
      for (int i = 0; i < N; i++) {
        struct val v = get(in[s], s, i);
        for (int sat = 0; sat < (d < FL ? 2 : 1); sat++)
          for (int m = 0; m < 5; m++) {
            int slot = i * 10 + sat * 5 + m, skip = 0, ok;
            if (d >= FL) {
              double want = to_fp(v, s, d, m);
              double got = d == FL ? ((float *)out)[slot] : ((double *)out)[slot];
              ok = got == want || (isnan(got) && isnan(want));
              if (!ok && bad++ < 3)
                fprintf(stderr, "convert_%s%s(%s %.17g / %lld): got %a want %a\n", tn[d],
                        modes[m], tn[s], v.d, (long long)v.i, got, want);
            } else {
              int64_t want = to_int(v, s, d, sat, m, &skip);
              int64_t got = get_int(out, d, slot);
              ok = skip || got == want;
              if (!ok && bad++ < 3)
                fprintf(stderr, "convert_%s%s%s(%s %.17g / %lld): got %lld want %lld\n", tn[d],
                        sat ? "_sat" : "", modes[m], tn[s], v.d, (long long)v.i,
                        (long long)got, (long long)want);
            }
          }
      }
      CHECK(bad == 0);
    }
  /* vector kernels: (name, dst, src, sat, mode, width) */
  static const struct { const char *k; int d, s, sat, m, w; } vk[] = {
    { "v1", IN, FL, 1, 1, 4 }, { "v2", UC, SH, 1, 0, 16 }, { "v3", FL, LO, 0, 3, 3 },
    { "v4", SH, DB, 1, 4, 8 }, { "v5", UL, FL, 1, 2, 2 } };
  for (int j = 0; j < 5; j++) {
    size_t items = N / (size_t)vk[j].w;
    if (!bt_run(p, vk[j].k, items, out, N * tsize[vk[j].d], 1, &bufs[vk[j].s])) continue;
    int bad = 0;
    for (int i = 0; i < (int)(items * (size_t)vk[j].w); i++) {
      struct val v = get(in[vk[j].s], vk[j].s, i);
      int skip = 0, ok;
      if (vk[j].d == FL) {
        double want = to_fp(v, vk[j].s, FL, vk[j].m);
        ok = ((float *)out)[i] == want;
      } else {
        ok = get_int(out, vk[j].d, i) == to_int(v, vk[j].s, vk[j].d, vk[j].sat, vk[j].m, &skip);
      }
      if (!ok && bad++ < 3) fprintf(stderr, "vector %s: element %d wrong\n", vk[j].k, i);
    }
    CHECK(bad == 0);
  }
  /* chained vector kernels: (name, source type, intermediate width in bits, width) */
  static const struct { const char *k; int s, d, bits, w; } ck[] = {
    { "c1", CH, DB, 64, 2 }, { "c2", SH, FL, 32, 4 } };
  for (int j = 0; j < 2; j++) {
    size_t items = N / (size_t)ck[j].w;
    if (!bt_run(p, ck[j].k, items, out, N * tsize[ck[j].d], 1, &bufs[ck[j].s])) continue;
    int bad = 0;
    for (int i = 0; i < N; i++) {
      uint64_t u = (uint64_t)get_int(in[ck[j].s], ck[j].s, i); /* C wraps modulo 2^bits */
      if (ck[j].bits == 32) u = (uint32_t)u;
      double want = ck[j].d == FL ? (double)(float)u : (double)u;
      double got = ck[j].d == FL ? ((float *)out)[i] : ((double *)out)[i];
      if (got != want && bad++ < 3)
        fprintf(stderr, "chain %s: element %d (%lld) got %a want %a\n", ck[j].k, i,
                (long long)get_int(in[ck[j].s], ck[j].s, i), got, want);
    }
    CHECK(bad == 0);
  }
  /* saturating chains: (name, source, destination, width); saturation composes */
  static const struct { const char *k; int s, d, w; } sk[] = {
    { "s1", FL, CH, 2 }, { "s2", DB, UC, 1 }, { "s3", DB, SH, 4 }, { "s4", FL, US, 1 } };
  for (int j = 0; j < 4; j++) {
    if (!bt_run(p, sk[j].k, N / (size_t)sk[j].w, out, N * tsize[sk[j].d], 1, &bufs[sk[j].s]))
      continue;
    int bad = 0;
    for (int i = 0; i < N; i++) {
      struct val v = get(in[sk[j].s], sk[j].s, i);
      int skip;
      int64_t want = to_int(v, sk[j].s, sk[j].d, 1, 0, &skip), got = get_int(out, sk[j].d, i);
      if (got != want && bad++ < 3)
        fprintf(stderr, "chain %s: element %d (%.17g) got %lld want %lld\n", sk[j].k, i, v.d,
                (long long)got, (long long)want);
    }
    CHECK(bad == 0);
  }
  for (int t = 0; t < NT; t++) clReleaseMemObject(bufs[t]);
  clReleaseProgram(p);
  return vt_finish();
}
