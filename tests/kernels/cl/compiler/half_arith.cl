/* Half arithmetic (_Float16, the LLVM `half` cl_khr_fp16 kernels also make) rounds each result
 * once to nearest even, subnormals kept.  Expected encodings by hand:
 *   1 + 2^-11 is the midpoint of 1 (0x3c00) and 1 + 2^-10: the even one, 0x3c00;
 *   (1 + 2^-10) + 2^-11 is the midpoint of 0x3c01 and 0x3c02: the even 0x3c02;
 *   65504 + 8 = 65512 is below the midpoint 65520: 0x7bff; 65504 + 16 = 65520 is on it: inf;
 *   2^-24 * 0.5 ties between 0 and 2^-24: 0; 3 * 2^-24 * 0.5 ties between 1 and 2 (* 2^-24): 2;
 *   1 / 3 = 0x3555 (0.33325...); sqrt(2) = 1.4140625 = 0x3da8; -(1 - 1) = -0, 0x8000;
 *   NaN != NaN is true, NaN < 1 is false (bits 1 and 0 of c). */
/*!
 * run arith: ha
 *   global: 8
 *   arg a: global ushort[8] = [0x3c00, 0x3c01, 0x7bff, 0x7bff, 0x0001, 0x0003, 0x3c00, 0x4000]
 *   arg b: global ushort[8] = [0x1000, 0x1000, 0x4800, 0x4c00, 0x3800, 0x3800, 0x4200, 0x7e00]
 *   arg s: global ushort[8]
 *   arg p: global ushort[8]
 *   arg q: global ushort[8]
 *   arg r: global ushort[8]
 *   arg c: global ushort[8]
 *   arg n: global ushort[8]
 *   expect s[0:4] = [0x3c00, 0x3c02, 0x7bff, 0x7c00]
 *   expect p[4:6] = [0x0000, 0x0002]
 *   expect q[6] = 0x3555
 *   expect r[7] = 0x3da8
 *   expect n[0] = 0x8000
 *   expect c[7] = 1
 */
#define B(x) __builtin_astype((x), ushort)
#define H(u) __builtin_astype((ushort)(u), _Float16)
kernel void ha(global const ushort *a, global const ushort *b, global ushort *s, global ushort *p,
               global ushort *q, global ushort *r, global ushort *c, global ushort *n) {
  size_t i = get_global_id(0);
  _Float16 x = H(a[i]), y = H(b[i]);
  s[i] = B(x + y);
  p[i] = B(x * y);
  q[i] = B(x / y);
  r[i] = B(__builtin_sqrtf16(x));
  c[i] = (x != y) | (x < y) << 1;
  n[i] = B(-(x - x));
}
