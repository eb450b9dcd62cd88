/* math.cl - the scalar math functions of OpenCL C 3.0 section 6.15.2, float and double, within
 * the ULP bounds of section 7.4.  The functions the host libm has are one MATH instruction
 * (__vgpu_math_*, evaluated by the simulator with libm, which is well inside the bounds).
 * The others are built here: the float ones mostly through double, where every formula below
 * is exact or far inside float's bounds; the double ones with exact range reductions.  Vector
 * forms and the __global/__local/generic pointer forms are in gen_vector.cl. */
#include "vgpu_intrinsics.h"

/* ---- one MATH instruction each ---- */
#define VGPU_PRIM1(fn)                                                                        \
  OVL float fn(float x) { return __vgpu_math_##fn##_f32(x); }                                 \
  OVL double fn(double x) { return __vgpu_math_##fn##_f64(x); }
#define VGPU_PRIM2(fn)                                                                        \
  OVL float fn(float x, float y) { return __vgpu_math_##fn##_f32(x, y); }                     \
  OVL double fn(double x, double y) { return __vgpu_math_##fn##_f64(x, y); }
VGPU_PRIM1(sqrt) VGPU_PRIM1(fabs) VGPU_PRIM1(floor) VGPU_PRIM1(ceil)
VGPU_PRIM1(trunc) VGPU_PRIM1(rint) VGPU_PRIM1(round)
VGPU_PRIM1(exp) VGPU_PRIM1(exp2) VGPU_PRIM1(exp10) VGPU_PRIM1(expm1)
VGPU_PRIM1(log) VGPU_PRIM1(log2) VGPU_PRIM1(log10) VGPU_PRIM1(log1p) VGPU_PRIM1(logb)
VGPU_PRIM1(sin) VGPU_PRIM1(cos) VGPU_PRIM1(tan) VGPU_PRIM1(asin) VGPU_PRIM1(acos)
VGPU_PRIM1(atan) VGPU_PRIM1(sinh) VGPU_PRIM1(cosh) VGPU_PRIM1(tanh) VGPU_PRIM1(asinh)
VGPU_PRIM1(acosh) VGPU_PRIM1(atanh) VGPU_PRIM1(erf) VGPU_PRIM1(erfc) VGPU_PRIM1(tgamma)
VGPU_PRIM1(lgamma)
VGPU_PRIM2(pow) VGPU_PRIM2(atan2) VGPU_PRIM2(fmod) VGPU_PRIM2(remainder) VGPU_PRIM2(hypot)
VGPU_PRIM2(fdim) VGPU_PRIM2(copysign) VGPU_PRIM2(nextafter)
/* fmin/fmax return the other argument for any NaN (6.15.2); the host's fmin gives NaN for a
 * signaling NaN (IEEE 754-2008 minNum), so NaNs are settled here. */
#define VGPU_MINMAX(fn, T, S)                                                                 \
  OVL T fn(T x, T y) {                                                                        \
    T m = __vgpu_math_##fn##_##S(x, y); /* unconditional: selects, no divergent branch */     \
    return x != x ? y : y != y ? x : m;                                                       \
  }
VGPU_MINMAX(fmin, float, f32) VGPU_MINMAX(fmax, float, f32)
VGPU_MINMAX(fmin, double, f64) VGPU_MINMAX(fmax, double, f64)
OVL float fma(float a, float b, float c) { return __vgpu_math_fma_f32(a, b, c); }
OVL double fma(double a, double b, double c) { return __vgpu_math_fma_f64(a, b, c); }
OVL float ldexp(float x, int k) { return __vgpu_math_ldexp_f32(x, k); }
OVL double ldexp(double x, int k) { return __vgpu_math_ldexp_f64(x, k); }
/* FP_ILOGBNAN is INT_MAX in OpenCL (opencl-c-base.h); glibc's is INT_MIN. */
OVL int ilogb(float x) { int e = __vgpu_math_ilogb_f32(x); return x != x ? FP_ILOGBNAN : e; }
OVL int ilogb(double x) { int e = __vgpu_math_ilogb_f64(x); return x != x ? FP_ILOGBNAN : e; }

/* cbrt: glibc's double cbrt is up to ~2.3 ulp off (OpenCL's bound is 2), so its result gets
 * one Newton step with the residual x - c^3 computed exactly through fma; extreme
 * magnitudes are scaled by 2^+-300 first so that c^3 stays normal. */
OVL float cbrt(float x) { return __vgpu_math_cbrt_f32(x); }
OVL double cbrt(double x) {
  double a = __vgpu_math_fabs_f64(x), back = 1.0; /* no recursion: the lowering inlines all */
  if (a < 0x1p-900) { x *= 0x1p300; back = 0x1p-100; }
  else if (a > 0x1p900) { x *= 0x1p-300; back = 0x1p100; }
  double c = __vgpu_math_cbrt_f64(x);
  if (c == 0 || !(a < INFINITY)) return c * back;
  double c2 = c * c, c2e = __vgpu_math_fma_f64(c, c, -c2);
  double c3 = c2 * c, c3e = __vgpu_math_fma_f64(c2, c, -c3) + c2e * c;
  return (c + ((x - c3) - c3e) / (3.0 * c2)) * back;
}

/* fmax/fmin(gentype, scalar) and ldexp(vector, int) forms are generated from these. */

/* ---- x/pi forms: acos(x) * (1/pi) is within 2 ulp in double, exact enough for float ---- */
#define VGPU_PI_FORM(fn, base)                                                                \
  OVL double fn(double x) { return __vgpu_math_##base##_f64(x) * M_1_PI; }                   \
  OVL float fn(float x) { return (float)(__vgpu_math_##base##_f64((double)x) * M_1_PI); }
VGPU_PI_FORM(acospi, acos) VGPU_PI_FORM(asinpi, asin) VGPU_PI_FORM(atanpi, atan)
OVL double atan2pi(double y, double x) { return __vgpu_math_atan2_f64(y, x) * M_1_PI; }
OVL float atan2pi(float y, float x) {
  return (float)(__vgpu_math_atan2_f64((double)y, (double)x) * M_1_PI);
}

/* ---- sinpi, cospi, tanpi: reduce |x| modulo 2 exactly (fmod is exact), then evaluate on
 * [-1/4, 1/4] where pi*r loses nothing that matters; the signs of zero and the infinities of
 * tanpi follow 6.15.2.  Shared by float (computed in double, then rounded) and double. ---- */
static double vgpu_sinpi(double x) {
  double a = __vgpu_math_fabs_f64(x);
  if (!(a < INFINITY)) return NAN;
  double r = __vgpu_math_fmod_f64(a, 2.0), s;
  if (r <= 0.25) s = __vgpu_math_sin_f64(M_PI * r);
  else if (r < 0.75) s = __vgpu_math_cos_f64(M_PI * (0.5 - r));
  else if (r <= 1.25) s = __vgpu_math_sin_f64(M_PI * (1.0 - r));
  else if (r < 1.75) s = -__vgpu_math_cos_f64(M_PI * (r - 1.5));
  else s = __vgpu_math_sin_f64(M_PI * (r - 2.0));
  return x < 0 || (x == 0 && __vgpu_math_copysign_f64(1.0, x) < 0) ? -s : s;
}
static double vgpu_cospi(double x) {
  double a = __vgpu_math_fabs_f64(x);
  if (!(a < INFINITY)) return NAN;
  double r = __vgpu_math_fmod_f64(a, 2.0);
  if (r <= 0.25) return __vgpu_math_cos_f64(M_PI * r);
  if (r < 0.75) return __vgpu_math_sin_f64(M_PI * (0.5 - r));
  if (r <= 1.25) return -__vgpu_math_cos_f64(M_PI * (1.0 - r));
  if (r < 1.75) return __vgpu_math_sin_f64(M_PI * (r - 1.5));
  return __vgpu_math_cos_f64(M_PI * (2.0 - r));
}
static double vgpu_tanpi(double x) {
  double a = __vgpu_math_fabs_f64(x);
  if (!(a < INFINITY)) return NAN;
  double r = __vgpu_math_fmod_f64(a, 1.0), t;
  /* parity of the integer part: 1 if odd */
  int odd = __vgpu_math_fmod_f64(a - r, 2.0) != 0.0;
  if (r == 0.0) t = odd ? -0.0 : 0.0;
  else if (r == 0.5) t = odd ? -INFINITY : INFINITY;
  else if (r <= 0.25) t = __vgpu_math_tan_f64(M_PI * r);
  else if (r < 0.75) t = -1.0 / __vgpu_math_tan_f64(M_PI * (r - 0.5));
  else t = __vgpu_math_tan_f64(M_PI * (r - 1.0));
  return __vgpu_math_copysign_f64(1.0, x) < 0 ? -t : t;
}
OVL double sinpi(double x) { return vgpu_sinpi(x); }
OVL double cospi(double x) { return vgpu_cospi(x); }
OVL double tanpi(double x) { return vgpu_tanpi(x); }
OVL float sinpi(float x) { return (float)vgpu_sinpi((double)x); }
OVL float cospi(float x) { return (float)vgpu_cospi((double)x); }
OVL float tanpi(float x) { return (float)vgpu_tanpi((double)x); }

/* ---- decompositions (0 ulp) ---- */
#define VGPU_DECOMP(T, S, ONE_MINUS_ULP)                                                      \
  OVL T fract(T x, __private T *ip) {                                                         \
    T fl = __vgpu_math_floor_##S(x);                                                          \
    *ip = fl;                                                                                 \
    if (isnan(x)) return x;                                                                   \
    if (isinf(x) || x == 0) return __vgpu_math_copysign_##S((T)0, x);                        \
    return __vgpu_math_fmin_##S(x - fl, ONE_MINUS_ULP);                                       \
  }                                                                                           \
  OVL T modf(T x, __private T *ip) {                                                          \
    T i = __vgpu_math_trunc_##S(x);                                                           \
    *ip = i;                                                                                  \
    return __vgpu_math_copysign_##S(isinf(x) ? (T)0 : x - i, x);                              \
  }                                                                                           \
  OVL T frexp(T x, __private int *e) {                                                        \
    if (x == 0 || isinf(x) || isnan(x)) { *e = 0; return x; }                                 \
    int k = __vgpu_math_ilogb_##S(x) + 1;                                                     \
    *e = k;                                                                                   \
    return __vgpu_math_ldexp_##S(x, -k);                                                      \
  }                                                                                           \
  OVL T lgamma_r(T x, __private int *signp) {                                                 \
    /* the sign of Gamma(x) as glibc reports it: -1 on (-1,0), (-3,-2)... and for -0 */       \
    T fl = __vgpu_math_floor_##S(x);                                                          \
    int neg = x < 0 && fl != x && __vgpu_math_fmod_##S(fl, (T)2) != 0;                        \
    if (x == 0 && signbit(x)) neg = 1;                                                        \
    *signp = neg ? -1 : 1;                                                                    \
    return __vgpu_math_lgamma_##S(x);                                                         \
  }                                                                                           \
  OVL T sincos(T x, __private T *c) {                                                         \
    *c = __vgpu_math_cos_##S(x);                                                              \
    return __vgpu_math_sin_##S(x);                                                            \
  }
VGPU_DECOMP(float, f32, 0x1.fffffep-1f)
VGPU_DECOMP(double, f64, 0x1.fffffffffffffp-1)

/* remquo (0 ulp): the remainder is libm's; the quotient's low 7 bits come from the exact
 * fmod(|x|, 128|y|), whose nearest quotient by |y| has the same low bits and rounding. */
static double vgpu_remquo(double x, double y, int *q) {
  double r = __vgpu_math_remainder_f64(x, y);
  double ax = __vgpu_math_fabs_f64(x), ay = __vgpu_math_fabs_f64(y);
  if (isnan(r) || isinf(ax) || ay == 0) { *q = 0; return r; }
  double xr = ay <= 0x1p1016 ? __vgpu_math_fmod_f64(ax, 128.0 * ay) : ax;
  int k = (int)__vgpu_math_rint_f64((xr - __vgpu_math_remainder_f64(xr, ay)) / ay) & 127;
  *q = (signbit(x) != signbit(y)) ? -k : k;
  return r;
}
OVL double remquo(double x, double y, __private int *q) { return vgpu_remquo(x, y, q); }
OVL float remquo(float x, float y, __private int *q) {
  return (float)vgpu_remquo((double)x, (double)y, q);
}

/* ---- powers ---- */
OVL float pown(float x, int n) { return (float)__vgpu_math_pow_f64((double)x, (double)n); }
OVL double pown(double x, int n) { return __vgpu_math_pow_f64(x, (double)n); }

/* powr is pow for x >= 0 only, with its own special cases (6.15.2.1). */
#define VGPU_POWR(T, S)                                                                       \
  OVL T powr(T x, T y) {                                                                      \
    if (x < 0 || isnan(x) || isnan(y)) return NAN;                                            \
    if (x == 0) return y == 0 ? (T)NAN : y < 0 ? (T)INFINITY : (T)0;                          \
    if (isinf(x)) return y == 0 ? (T)NAN : y < 0 ? (T)0 : (T)INFINITY;                        \
    if (x == 1) return isinf(y) ? (T)NAN : (T)1;                                              \
    return POWR_EVAL;                                                                         \
  }
#define POWR_EVAL __vgpu_math_pow_f32(x, y)
VGPU_POWR(float, f32)
#undef POWR_EVAL
#define POWR_EVAL __vgpu_math_pow_f64(x, y)
VGPU_POWR(double, f64)
#undef POWR_EVAL

/* rootn: x^(1/n).  1/n is inexact, so the double result gets one Newton step on the ratio
 * x / y^n (pow with an integer exponent is within an ulp), which removes the error that
 * would otherwise grow with |log x|. */
static double vgpu_rootn(double x, int n, int refine) {
  if (n == 0 || isnan(x) || (x < 0 && !(n & 1))) return NAN;
  double ax = __vgpu_math_fabs_f64(x), y;
  if (refine && ax > 0 && ax < INFINITY) {
    /* ax = 2^(q n) r with r near 1 (normal even for subnormal ax, when q != 0), so that
     * y^n below neither underflows nor overflows */
    int q = __vgpu_math_ilogb_f64(ax) / n;
    double r = __vgpu_math_ldexp_f64(ax, -q * n);
    y = __vgpu_math_pow_f64(r, 1.0 / (double)n);
    double p = __vgpu_math_pow_f64(y, (double)n);
    if (p >= 0x1p-1022 && p < INFINITY) y += y * ((r / p - 1.0) / (double)n);
    y = __vgpu_math_ldexp_f64(y, q);
  } else {
    y = __vgpu_math_pow_f64(ax, 1.0 / (double)n);
  }
  /* an even root is never negative, not even of -0 (rootn(-0, -2) is +inf) */
  return (n & 1) ? __vgpu_math_copysign_f64(y, x) : y;
}
OVL double rootn(double x, int n) { return vgpu_rootn(x, n, 1); }
OVL float rootn(float x, int n) { return (float)vgpu_rootn((double)x, n, 0); }

/* 1/sqrt: float through double is correctly rounded but for double rounding; double is two
 * correctly rounded operations (< 1.5 ulp, bound 2). */
OVL float rsqrt(float x) { return (float)(1.0 / __vgpu_math_sqrt_f64((double)x)); }
OVL double rsqrt(double x) { return 1.0 / __vgpu_math_sqrt_f64(x); }

/* ---- misc ---- */
OVL float mad(float a, float b, float c) { return a * b + c; }
OVL double mad(double a, double b, double c) { return a * b + c; }
#define VGPU_MAG(T, S)                                                                        \
  OVL T maxmag(T x, T y) {                                                                    \
    T ax = __vgpu_math_fabs_##S(x), ay = __vgpu_math_fabs_##S(y);                             \
    return ax > ay ? x : ay > ax ? y : fmax(x, y);                            \
  }                                                                                           \
  OVL T minmag(T x, T y) {                                                                    \
    T ax = __vgpu_math_fabs_##S(x), ay = __vgpu_math_fabs_##S(y);                             \
    return ax < ay ? x : ay < ax ? y : fmin(x, y);                            \
  }
VGPU_MAG(float, f32)
VGPU_MAG(double, f64)
/* nan(code): a quiet NaN carrying the code in its payload. */
OVL float nan(uint c) { return as_float(0x7fc00000u | (c & 0x3fffffu)); }
OVL double nan(ulong c) { return as_double(0x7ff8000000000000ul | (c & 0x7fffffffffffful)); }

/* ---- half_ and native_ (float only): the full-precision functions are within both the
 * 8192-ulp half_ bound and the implementation-defined native_ one ---- */
#define VGPU_ALIAS1(pre, fn) OVL float pre##fn(float x) { return fn(x); }
#define VGPU_ALIASES(pre)                                                                     \
  VGPU_ALIAS1(pre, cos) VGPU_ALIAS1(pre, exp) VGPU_ALIAS1(pre, exp2) VGPU_ALIAS1(pre, exp10)   \
  VGPU_ALIAS1(pre, log) VGPU_ALIAS1(pre, log2) VGPU_ALIAS1(pre, log10)                         \
  VGPU_ALIAS1(pre, rsqrt) VGPU_ALIAS1(pre, sin) VGPU_ALIAS1(pre, sqrt) VGPU_ALIAS1(pre, tan)   \
  OVL float pre##divide(float x, float y) { return x / y; }                                   \
  OVL float pre##recip(float x) { return 1.0f / x; }                                          \
  OVL float pre##powr(float x, float y) { return powr(x, y); }
VGPU_ALIASES(half_)
VGPU_ALIASES(native_)
