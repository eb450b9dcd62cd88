/* test_builtins_math.c - the math builtins (OpenCL C 3.0 section 6.15.2) on VirtualGPU, float
 * and double, scalar and some vector forms, against a long double CPU reference, with the
 * ULP bounds of section 7.4 (full profile).  Special values (zeros, infinities, NaN, huge
 * arguments) are part of every input set. */
#include "builtins_common.h"

#define N 2048
#define PI_L 3.141592653589793238462643383279502884L
typedef long double ld;

/* One case: a statement of the kernel body (x = a[i], y = b[i], k = c[i]; results in o[i], or
 * o[2i] and o[2i+1] when outs is 2), its reference, and the bound in ulp (float, double). */
struct mcase {
  const char *body;
  int outs;
  void (*ref)(ld x, ld y, int k, ld *r0, ld *r1);
  double ulp_f, ulp_d;
};

static int g_dbl; /* the type under test is double */
/* x*pi functions, exact where the spec gives exact values (zeros and poles, 6.15.2) */
static ld sinpi_l(ld x) {
  ld r = fmodl(x, 2.0L);
  return r == truncl(r) ? copysignl(0, x) : sinl(PI_L * r);
}
static ld cospi_l(ld x) {
  ld r = fmodl(fabsl(x), 2.0L);
  return fmodl(r, 1.0L) == 0.5L ? 0 : cosl(PI_L * r);
}
static ld tanpi_l(ld x) {
  ld a = fabsl(x), r = fmodl(a, 1.0L);
  int odd = fmodl(a - r, 2.0L) != 0;
  if (r == 0.5L) return copysignl(INFINITY, x) * (odd ? -1 : 1);
  if (r == 0) return 0;
  return tanl(PI_L * fmodl(x, 1.0L));
}

#define R1(name, expr) \
  static void r_##name(ld x, ld y, int k, ld *r, ld *r1) {                                      \
    (void)x; (void)y; (void)k; (void)r1; *r = (expr); }
R1(acos, acosl(x)) R1(acosh, acoshl(x)) R1(acospi, acosl(x) / PI_L) R1(asin, asinl(x))
R1(asinh, asinhl(x)) R1(asinpi, asinl(x) / PI_L) R1(atan, atanl(x)) R1(atanh, atanhl(x))
R1(atanpi, atanl(x) / PI_L) R1(atan2, atan2l(x, y)) R1(atan2pi, atan2l(x, y) / PI_L)
R1(cbrt, cbrtl(x)) R1(ceil, ceill(x)) R1(copysign, copysignl(x, y)) R1(cos, cosl(x))
R1(cosh, coshl(x)) R1(cospi, cospi_l(x)) R1(erf, erfl(x)) R1(erfc, erfcl(x)) R1(exp, expl(x))
R1(exp2, exp2l(x)) R1(exp10, powl(10.0L, x)) R1(expm1, expm1l(x)) R1(fabs, fabsl(x))
R1(fdim, fdiml(x, y)) R1(floor, floorl(x)) R1(fma, g_dbl ? (ld)fma((double)x, (double)y, (double)x) : (ld)fmaf((float)x, (float)y, (float)x)) R1(fmax, fmaxl(x, y))
R1(fmin, fminl(x, y)) R1(fmod, fmodl(x, y)) R1(hypot, hypotl(x, y)) R1(ldexp, ldexpl(x, k))
R1(log, logl(x)) R1(log2, log2l(x)) R1(log10, log10l(x))
R1(log1p, log1pl(x)) R1(logb, logbl(x)) R1(pow, powl(x, y)) R1(pown, powl(x, (ld)k))
R1(remainder, remainderl(x, y)) R1(rint, rintl(x)) R1(round, roundl(x))
R1(rsqrt, 1.0L / sqrtl(x)) R1(sin, sinl(x)) R1(sinh, sinhl(x)) R1(sinpi, sinpi_l(x))
R1(sqrt, sqrtl(x)) R1(tan, tanl(x)) R1(tanh, tanhl(x)) R1(tanpi, tanpi_l(x))
R1(tgamma, tgammal(x)) R1(trunc, truncl(x)) R1(ilogb, isnan(x) ? 2147483647.0L : x == 0 ? -2147483648.0L : (ld)ilogbl(x))
R1(maxmag, fabsl(x) > fabsl(y) ? x : fabsl(y) > fabsl(x) ? y : fmaxl(x, y))
R1(minmag, fabsl(x) < fabsl(y) ? x : fabsl(y) < fabsl(x) ? y : fminl(x, y))
R1(powr, (isnan(x) || isnan(y) || x < 0 || (x == 0 && y == 0) || (isinf(x) && y == 0) ||
          (x == 1 && isinf(y))) ? NAN : x == 0 ? (y < 0 ? INFINITY : 0) : powl(x, y))
R1(lgamma_pos, x > 0 ? lgammal(x) : 1)
R1(rootn, k == 0 || (x < 0 && !(k & 1)) ? NAN
          : (k & 1) ? copysignl(powl(fabsl(x), 1.0L / k), x) : powl(fabsl(x), 1.0L / k))
R1(sin3, sinl(y)) R1(exp16, expl(x)) R1(nan, NAN)
/* native_ accuracy is implementation-defined: checked as half_ (8192 ulp) on a modest range */
#define CL100(v) (isnan(v) ? 0 : (v) < -100 ? -100 : (v) > 100 ? 100 : (v))
R1(nsin, sinl(CL100(x))) R1(nexp2, exp2l(CL100(x) / 4)) R1(nlog, logl(x)) R1(nsqrt, sqrtl(x))
R1(ndiv, x / y) R1(nrecip, 1 / x)
static void r_npowr(ld x, ld y, int k, ld *r, ld *r1) { r_powr(x, CL100(y) / 4, k, r, r1); }
static void r_fract(ld x, ld y, int k, ld *r, ld *i) {
  (void)y; (void)k;
  *i = floorl(x);
  *r = isinf(x) ? copysignl(0, x) : isnan(x) ? x
       : fminl(x - floorl(x), g_dbl ? 0x1.fffffffffffffp-1L : 0x1.fffffep-1L);
}
static void r_modf(ld x, ld y, int k, ld *r, ld *i) {
  (void)y; (void)k;
  *i = truncl(x);
  *r = isinf(x) ? copysignl(0, x) : x - truncl(x);
}
static void r_frexp(ld x, ld y, int k, ld *r, ld *e) {
  (void)y; (void)k;
  int ei = 0;
  *r = frexpl(x, &ei);
  *e = (isinf(x) || isnan(x)) ? 0 : ei;
}
static void r_remquo(ld x, ld y, int k, ld *r, ld *q) {
  (void)k;
  *r = remainderl(x, y);
  /* only the sign and the low 7 bits of the quotient are specified; the quotient is exact
   * in long double while it is below 2^60 */
  ld qv = rintl((x - *r) / y);
  long long qa = (long long)fabsl(qv);
  *q = (isnan(*r) || !(fabsl(qv) < 0x1p60L)) ? NAN : (qv < 0 ? -(ld)(qa & 127) : (ld)(qa & 127));
}
static void r_sincos(ld x, ld y, int k, ld *s, ld *c) {
  (void)y; (void)k;
  *s = sinl(x);
  *c = cosl(x);
}
static void r_lgamma_r(ld x, ld y, int k, ld *r, ld *s) {
  (void)y; (void)k;
  *r = x > 0 ? lgammal(x) : 1;
  /* the sign is checked where Gamma is finite and nonzero */
  *s = (isinf(lgammal(x)) || isnan(x) || isinf(x)) ? NAN : (fmodl(floorl(x), 2.0L) != 0 ? -1 : 1);
  if (x > 0) *s = 1;
}

static const struct mcase cases[] = {
#define C1(f, uf, ud) { "o[i] = " #f "(x);", 1, r_##f, uf, ud }
#define C2(f, uf, ud) { "o[i] = " #f "(x, y);", 1, r_##f, uf, ud }
  C1(acos, 4, 4), C1(acosh, 4, 4), C1(acospi, 5, 5), C1(asin, 4, 4), C1(asinh, 4, 4),
  C1(asinpi, 5, 5), C1(atan, 5, 5), C1(atanh, 5, 5), C1(atanpi, 5, 5), C2(atan2, 6, 6),
  C2(atan2pi, 6, 6), C1(cbrt, 2, 2), C1(ceil, 0, 0), C2(copysign, 0, 0), C1(cos, 4, 4),
  C1(cosh, 4, 4), C1(cospi, 4, 4), C1(erf, 16, 16), C1(erfc, 16, 16), C1(exp, 3, 3),
  C1(exp2, 3, 3), C1(exp10, 3, 3), C1(expm1, 3, 3), C1(fabs, 0, 0), C2(fdim, 0, 0),
  C1(floor, 0, 0), { "o[i] = fma(x, y, x);", 1, r_fma, 0, 0 }, C2(fmax, 0, 0), C2(fmin, 0, 0),
  C2(fmod, 0, 0), C2(hypot, 4, 4), { "o[i] = ldexp(x, k);", 1, r_ldexp, 0, 0 },
  C1(log, 3, 3), C1(log2, 3, 3), C1(log10, 3, 3), C1(log1p, 2, 2), C1(logb, 0, 0),
  C2(maxmag, 0, 0), C2(minmag, 0, 0), C2(pow, 16, 16), { "o[i] = pown(x, k);", 1, r_pown, 16, 16 },
  C2(powr, 16, 16), C2(remainder, 0, 0), C1(rint, 0, 0), { "o[i] = rootn(x, k);", 1, r_rootn, 16, 16 },
  C1(round, 0, 0), C1(rsqrt, 2, 2), C1(sin, 4, 4), C1(sinh, 4, 4), C1(sinpi, 4, 4),
  C1(sqrt, 3, 0), C1(tan, 5, 5), C1(tanh, 5, 5), C1(tanpi, 6, 6), C1(tgamma, 16, 16),
  C1(trunc, 0, 0), { "o[i] = ilogb(x);", 1, r_ilogb, 0, 0 },
  /* lgamma has no bound in 7.4 outside (0, inf); checked where it is well conditioned */
  { "o[i] = x > 0 ? lgamma(x) : 1;", 1, r_lgamma_pos, 16, 16 },
  { "T t; o[2*i] = fract(x, &t); o[2*i+1] = t;", 2, r_fract, 0, 0 },
  { "o[2*i] = fract(x, &o[2*i+1]);", 2, r_fract, 0, 0 },
  { "T t; o[2*i] = modf(x, &t); o[2*i+1] = t;", 2, r_modf, 0, 0 },
  { "int e; o[2*i] = frexp(x, &e); o[2*i+1] = e;", 2, r_frexp, 0, 0 },
  { "__local int e[1024]; o[2*i] = frexp(x, &e[get_local_id(0) & 1023]); o[2*i+1] = e[get_local_id(0) & 1023];", 2, r_frexp, 0, 0 },
  { "int q; o[2*i] = remquo(x, y, &q); o[2*i+1] = q < 0 ? -(-q & 127) : (q & 127);", 2, r_remquo, 0, 0 },
  { "T c; o[2*i] = sincos(x, &c); o[2*i+1] = c;", 2, r_sincos, 4, 4 },
  { "int s; o[2*i] = x > 0 ? lgamma_r(x, &s) : (lgamma_r(x, &s), 1); o[2*i+1] = s;", 2, r_lgamma_r, 16, 16 },
  /* vector forms: the generated by-halves code for 3 and 16 wide */
  { "o[i] = sin((V3)(x, y, x)).y;", 1, r_sin3, 4, 4 },
  { "T4 t; o[2*i] = fract((T4)(y, y, x, y), &t).z; o[2*i+1] = t.z;", 2, r_fract, 0, 0 },
  { "__local T3 l[1024]; o[2*i] = modf((T3)(y, x, y), &l[get_local_id(0) & 1023]).y; o[2*i+1] = l[get_local_id(0) & 1023].y;", 2, r_modf, 0, 0 },
  { "int2 e; o[2*i] = frexp((T2)(y, x), &e).y; o[2*i+1] = e.y;", 2, r_frexp, 0, 0 },
  { "int16 q; o[2*i] = remquo((T16)(x), (T16)(y), &q).s9; o[2*i+1] = q.s9 < 0 ? -(-q.s9 & 127) : (q.s9 & 127);", 2, r_remquo, 0, 0 },
  { "o[i] = nan((U)k);", 1, r_nan, 0, 0 },
  /* half_ and native_ (float only): 8192 ulp */
  { "o[i] = half_sin(x);", 1, r_sin, 8192, -1 }, { "o[i] = half_cos(x);", 1, r_cos, 8192, -1 },
  { "o[i] = half_tan(x);", 1, r_tan, 8192, -1 }, { "o[i] = half_exp(x);", 1, r_exp, 8192, -1 },
  { "o[i] = half_exp2(x);", 1, r_exp2, 8192, -1 }, { "o[i] = half_exp10(x);", 1, r_exp10, 8192, -1 },
  { "o[i] = half_log(x);", 1, r_log, 8192, -1 }, { "o[i] = half_log2(x);", 1, r_log2, 8192, -1 },
  { "o[i] = half_log10(x);", 1, r_log10, 8192, -1 }, { "o[i] = half_sqrt(x);", 1, r_sqrt, 8192, -1 },
  { "o[i] = half_rsqrt(x);", 1, r_rsqrt, 8192, -1 }, { "o[i] = half_recip(x);", 1, r_nrecip, 8192, -1 },
  { "o[i] = half_divide(x, y);", 1, r_ndiv, 8192, -1 }, { "o[i] = half_powr(x, y);", 1, r_powr, 8192, -1 },
  { "o[i] = native_sin(isnan(x) ? 0 : clamp(x, -100.0f, 100.0f));", 1, r_nsin, 8192, -1 },
  { "o[i] = native_exp2((isnan(x) ? 0 : clamp(x, -100.0f, 100.0f)) / 4);", 1, r_nexp2, 8192, -1 },
  { "o[i] = native_log(x);", 1, r_nlog, 8192, -1 }, { "o[i] = native_sqrt(x);", 1, r_nsqrt, 8192, -1 },
  { "o[i] = native_divide(x, y);", 1, r_ndiv, 8192, -1 }, { "o[i] = native_recip(x);", 1, r_nrecip, 8192, -1 },
  { "o[i] = native_powr(x, (isnan(y) ? 0 : clamp(y, -100.0f, 100.0f)) / 4);", 1, r_npowr, 8192, -1 },
  { "o[i] = exp((V16)(y, y, y, y, y, y, y, y, y, y, y, y, y, x, y, y)).sd;", 1, r_exp16, 3, 3 },
};
#define NCASES ((int)(sizeof cases / sizeof cases[0]))

static double ulp_err(ld got, ld ref, int dbl) {
  if (isnan(ref)) return isnan(got) ? 0 : INFINITY;
  if (dbl ? isinf((double)ref) : isinf((float)ref))
    return got == (dbl ? (ld)(double)ref : (ld)(float)ref) ? 0 : INFINITY;
  if (isnan(got) || isinf(got)) return INFINITY;
  int e = ref == 0 ? -2000 : ilogbl(ref);
  int emin = dbl ? -1022 : -126, mant = dbl ? 52 : 23;
  if (e < emin) e = emin;
  return (double)(fabsl(got - ref) / ldexpl(1.0L, e - mant));
}

static void inputs(double *x, double *y, int *k, int dbl) {
  static const double sp[] = { 0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 0.25, 0.75, 1.5,
                               -1.5, 2.5, 3.0, -3.0, 10.0, 100.0, 1e-3, 1e-30, 1e30, 1e300,
                               -1e30, INFINITY, -INFINITY, NAN, 1e-310, 88.7, 89.5, 710.0,
                               -745.0, 1e10, 3.1415926535, 1.5707963, 0.9999, 1.0001, 65504.0 };
  int ns = (int)(sizeof sp / sizeof sp[0]);
  for (int i = 0; i < N; i++) {
    uint64_t r = bt_rand();
    double u = (double)(r >> 11) * 0x1p-53;
    double v;
    switch (i % 4) {
    case 0: v = (u - 0.5) * 20; break;
    case 1: v = (u - 0.5) * 2.5; break;
    case 2: v = ldexp(1.0 + u, (int)(r % 200) - 100) * ((r >> 8) & 1 ? -1 : 1); break;
    default: v = ldexp(1.0 + u, (int)(r % (dbl ? 2000 : 250)) - (dbl ? 1000 : 125)) * ((r >> 8) & 1 ? -1 : 1);
    }
    x[i] = i < ns ? sp[i] : v;
    y[i] = i < ns * ns ? sp[(i / ns) % ns] : (double)(bt_rand() % 1000) / 100.0 - 5.0;
    if (i >= ns && i < ns * ns) x[i] = sp[i % ns];
    if (i >= ns * ns && (i & 1)) y[i] = v * 0.75;
    k[i] = (int)(bt_rand() % 41) - 20;
    if (!dbl) { x[i] = (float)x[i]; y[i] = (float)y[i]; }
  }
}

static void run_type(int dbl) {
  const char *T = dbl ? "double" : "float";
  g_dbl = dbl;
  bt_len = 0;
  if (bt_src) bt_src[0] = 0;
  bt_add("#pragma OPENCL EXTENSION cl_khr_fp64 : enable\ntypedef %s T; typedef %s2 T2; "
         "typedef %s3 T3; typedef %s4 T4; typedef %s3 V3; typedef %s16 T16; typedef %s16 V16; "
         "typedef %s U;\n", T, T, T, T, T, T, T, dbl ? "ulong" : "uint");
  for (int c = 0; c < NCASES; c++) {
    if ((dbl ? cases[c].ulp_d : cases[c].ulp_f) < 0) continue; /* float-only function */
    bt_add("__kernel void k%d(__global T *o, __global const T *a, __global const T *b, "
           "__global const int *pc) { size_t i = get_global_id(0); T x = a[i], y = b[i]; "
           "int k = pc[i]; %s }\n", c, cases[c].body);
  }
  cl_program p = bt_build(bt_src, NULL);
  if (!CHECK(p != NULL)) return;
  double x[N], y[N];
  int k[N];
  inputs(x, y, k, dbl);
  float xf[N], yf[N];
  for (int i = 0; i < N; i++) { xf[i] = (float)x[i]; yf[i] = (float)y[i]; }
  size_t es = dbl ? 8 : 4;
  cl_mem in[3] = { bt_buffer(N * es, dbl ? (void *)x : (void *)xf),
                   bt_buffer(N * es, dbl ? (void *)y : (void *)yf), bt_buffer(sizeof k, k) };
  static double outd[2 * N];
  static float outf[2 * N];
  for (int c = 0; c < NCASES; c++) {
    if ((dbl ? cases[c].ulp_d : cases[c].ulp_f) < 0) continue;
    char name[16];
    snprintf(name, sizeof name, "k%d", c);
    size_t bytes = (size_t)cases[c].outs * N * es;
    if (!bt_run(p, name, N, dbl ? (void *)outd : (void *)outf, bytes, 3, in)) continue;
    int bad = 0;
    double bound = dbl ? cases[c].ulp_d : cases[c].ulp_f;
    for (int i = 0; i < N; i++) {
      ld r[2] = { 0, 0 };
      cases[c].ref(x[i], y[i], k[i], &r[0], &r[1]);
      for (int j = 0; j < cases[c].outs; j++) {
        ld got = dbl ? outd[cases[c].outs * i + j] : outf[cases[c].outs * i + j];
        /* a second result the spec leaves open there (quotient of a NaN remquo, sign of
         * Gamma at its poles) is not checked */
        if (j == 1 && isnan(r[1])) continue;
        /* exact functions: the correctly rounded value; the others: the bound, plus an
         * absolute 1e-6 for lgamma next to its zeros (7.4 bounds it only away from them) */
        ld want = dbl ? (ld)(double)r[j] : (ld)(float)r[j];
        double e = bound == 0 ? ((got == want || (isnan(got) && isnan(want))) ? 0 : INFINITY)
                              : ulp_err(got, r[j], dbl);
        if (e > bound && !(cases[c].ref == r_lgamma_pos && fabsl(got - r[j]) < 1e-6)) {
          if (bad++ < 3)
            fprintf(stderr, "%s %s: x=%a y=%a k=%d out%d got %La want %La (%.1f ulp)\n", T,
                    cases[c].body, x[i], y[i], k[i], j, got, r[j], e);
        }
      }
    }
    CHECK(bad == 0);
  }
  for (int i = 0; i < 3; i++) clReleaseMemObject(in[i]);
  clReleaseProgram(p);
}

int main(void) {
  bt_init();
  run_type(0);
  run_type(1);
  return vt_finish();
}
