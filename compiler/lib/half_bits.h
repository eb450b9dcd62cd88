/* half_bits.h - half (cl_khr_fp16) helpers that work on the encoding, shared by math_half.cl
 * (nextafter) and gen_convert.cl (the directed roundings of conversions to half). */
#ifndef VGPU_HALF_BITS_H
#define VGPU_HALF_BITS_H

/* The half next to x in the direction of y (6.15.2 nextafter); NaN if either is NaN. */
static inline half vgpu_half_next(half x, half y) {
  ushort a = as_ushort(x);
  if (x != x || y != y) return x + y;
  if (x == y) return y;
  if ((a & 0x7fffu) == 0) /* from a zero: the smallest subnormal with y's sign */
    return as_half((ushort)((as_ushort(y) & 0x8000u) | 1u));
  /* away from zero when moving up from a positive or down from a negative */
  return as_half((ushort)(((x < y) == (x > 0)) ? a + 1u : a - 1u));
}

/* r, x rounded to nearest, rounded instead in mode m (0 toward zero, 1 toward +inf, 2 toward
 * -inf), given c = sign(r - x) computed exactly: one step back toward x when r went past it. */
static inline half vgpu_half_direct(half r, int c, int neg, int m) {
  int back = m == 0 ? (neg ? c < 0 : c > 0) : m == 1 ? c < 0 : c > 0;
  return back ? vgpu_half_next(r, m == 0 ? (half)0 : m == 1 ? (half)INFINITY : -(half)INFINITY) : r;
}
#endif
