/* half_ref.h - the CPU's half (IEEE 754 binary16) reference for the half kernel tests, written
 * from the format's definition alone: an encoding's value, and a double rounded to the nearest
 * half (or in a directed mode) by bracketing it between neighbouring encodings. */
#ifndef VGPU_HALF_REF_H
#define VGPU_HALF_REF_H
#include <math.h>

static __attribute__((unused)) double half_val(unsigned h) {
  int e = (h >> 10) & 31, m = h & 1023;
  double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(1024 + m, e - 25);
  return (h & 0x8000) ? -v : v;
}

/* x rounded to half: mode 0 to nearest even, 1 toward zero, 2 toward +inf, 3 toward -inf.
 * The two finite encodings around |x| are found by bisection; past the largest finite half
 * (65504) the mode decides between it and infinity (to nearest: from the midpoint 65520). */
static __attribute__((unused)) unsigned to_half_mode(double x, int mode) {
  if (isnan(x)) return 0x7e00;
  unsigned s = signbit(x) ? 0x8000 : 0;
  double a = fabs(x);
  /* rounding |x| away from zero: toward +inf for a positive x, toward -inf for a negative one */
  int away = (mode == 2 && !s) || (mode == 3 && s);
  if (isinf(a)) return s | 0x7c00;
  if (a > 65504.0) return s | (mode == 0 ? (a >= 65520.0 ? 0x7c00 : 0x7bff) : away ? 0x7c00 : 0x7bff);
  unsigned lo = 0, hi = 0x7bff;
  while (hi - lo > 1) { unsigned mid = (lo + hi) / 2; if (half_val(mid) <= a) lo = mid; else hi = mid; }
  if (half_val(hi) <= a) lo = hi;
  if (half_val(lo) == a) return s | lo;
  if (mode != 0) return s | (away ? lo + 1 : lo);
  double dl = a - half_val(lo), du = half_val(lo + 1) - a;
  return s | (dl < du ? lo : du < dl ? lo + 1 : (lo & 1 ? lo + 1 : lo));
}
static __attribute__((unused)) unsigned to_half(double x) { return to_half_mode(x, 0); }

/* Equal encodings, or both NaN (a NaN's payload is not specified). */
static __attribute__((unused)) int half_same(unsigned got, unsigned want) {
  int gn = (got & 0x7c00) == 0x7c00 && (got & 0x3ff), wn = (want & 0x7c00) == 0x7c00 && (want & 0x3ff);
  return gn || wn ? gn == wn : got == want;
}
#endif
