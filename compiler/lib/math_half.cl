/* math_half.cl - the scalar half math functions of OpenCL C 3.0 section 6.15.2 (cl_khr_fp16).
 * A half converts exactly to float, so each function is its float version on the widened
 * arguments, rounded once to half.  That is within the half ULP bounds of section 7.4 (the
 * float result is within a few float ulps, 2^-13 of a half ulp each, so the half result is
 * within 0.5 ulp plus that), and correctly rounded where the spec asks for it: the roundings to
 * integers, fmod, remainder, frexp, ldexp, logb and the decompositions are exact in float, and
 * sqrt and fdim round twice innocuously (float's 24 bits >= 2 * 11 + 2, Figueroa 1995).  fma
 * goes through double instead (see there); the functions on the bits are done on the bits.
 * Vector and non-__private pointer forms are in gen_vector.cl. */
#include "vgpu_intrinsics.h"
#include "half_bits.h"

#define H1(fn) OVL half fn(half x) { return (half)fn((float)x); }
#define H2(fn) OVL half fn(half x, half y) { return (half)fn((float)x, (float)y); }
H1(acos) H1(acosh) H1(acospi) H1(asin) H1(asinh) H1(asinpi) H1(atan) H1(atanh) H1(atanpi)
H1(cbrt) H1(ceil) H1(cos) H1(cosh) H1(cospi) H1(erf) H1(erfc) H1(exp) H1(exp2) H1(exp10)
H1(expm1) H1(floor) H1(lgamma) H1(log) H1(log2) H1(log10) H1(log1p) H1(logb) H1(rint)
H1(round) H1(rsqrt) H1(sin) H1(sinh) H1(sinpi) H1(sqrt) H1(tan) H1(tanh) H1(tanpi) H1(tgamma)
H1(trunc)
H2(atan2) H2(atan2pi) H2(fdim) H2(fmax) H2(fmin) H2(fmod) H2(hypot) H2(maxmag) H2(minmag) H2(pow)
H2(powr) H2(remainder)
OVL half ldexp(half x, int k) { return (half)ldexp((float)x, k); }
OVL half pown(half x, int n) { return (half)pown((float)x, n); }
OVL half rootn(half x, int n) { return (half)rootn((float)x, n); }
OVL int ilogb(half x) { return ilogb((float)x); }

/* On the bits: NaN payloads and signs pass through untouched. */
OVL half fabs(half x) { return as_half((ushort)(as_ushort(x) & 0x7fffu)); }
OVL half copysign(half x, half y) {
  return as_half((ushort)((as_ushort(x) & 0x7fffu) | (as_ushort(y) & 0x8000u)));
}
OVL half nextafter(half x, half y) { return vgpu_half_next(x, y); }
OVL half nan(ushort c) { return as_half((ushort)(0x7e00u | (c & 0x1ffu))); }

/* fma(a, b, c) correctly rounded, through double.  a * b is exact in double (22 significant
 * bits at most).  Two numbers of at most 22 significant bits whose sum is inexact in double are
 * more than 2^31 apart (the smaller one's lowest bit lies 53 places below the larger one's
 * highest), so the sum a*b + c rounded to double then to half is only suspect when:
 *  - |a*b| < 2^-31 |c|: the exact sum and its double rounding are both within 2^-30 |c| of
 *    c, a half, whose neighbouring midpoints are at least 2^-12 |c| away: both round to c;
 *  - |c| < 2^-31 |a*b|: if |a*b| >= 2^16 both sums exceed 65520 and round to infinity;
 *    otherwise |c| >= 2^-24 > 2^-40 |a*b| is thousands of double ulps of a*b, so the double
 *    rounding stays on the same side of a*b (which may be a half midpoint) as the exact sum,
 *    and every other half midpoint is at least 2^-22 |a*b| away: the same half either way.
 * Otherwise the sum is exact and the conversion to half is the only rounding.  (A zero sum is
 * +0 in both, -0 + -0 is -0.)  tests/kernels/test_half_builtins.c checks it against exact
 * integer arithmetic. */
OVL half fma(half a, half b, half c) {
  return (half)((double)a * (double)b + (double)c);
}
/* mad: the correctly rounded fma (the spec allows anything from that to two roundings). */
OVL half mad(half a, half b, half c) { return fma(a, b, c); }

/* ---- decompositions (0 ulp): float's, exact for a half operand ---- */
OVL half fract(half x, __private half *ip) {
  half fl = floor(x);
  *ip = fl;
  if (isnan(x)) return x;
  if (isinf(x) || x == 0) return copysign((half)0, x);
  /* x - fl rounds to 1 for a tiny negative x: the largest half below 1 then (6.15.2) */
  return fmin(x - fl, 0x1.ffcp-1h);
}
OVL half modf(half x, __private half *ip) {
  float i;
  half r = (half)modf((float)x, &i);
  *ip = (half)i;
  return r;
}
OVL half frexp(half x, __private int *e) { return (half)frexp((float)x, e); }
OVL half lgamma_r(half x, __private int *s) { return (half)lgamma_r((float)x, s); }
OVL half sincos(half x, __private half *c) {
  float fc;
  half s = (half)sincos((float)x, &fc);
  *c = (half)fc;
  return s;
}
/* the quotient of two halves is the same whether they are viewed as half or float */
OVL half remquo(half x, half y, __private int *q) { return (half)remquo((float)x, (float)y, q); }
