/* mad_hi's addition wraps (found by kfuzz, seed 1096).  The library added mul_hi(a, b) + c in
 * the signed type, whose overflow is undefined in C, so the optimiser was free to assume it never
 * happens: v = mad_hi(v, v, INT_MAX) twice gave an odd result at -O2 (PoCL, Oclgrind and
 * -cl-opt-disable agree on the wrapped, even one).
 *
 * The first expectation follows the kernel step by step (OpenCL C 6.15.3: mad_hi(a, b, c) is
 * mul_hi(a, b) + c, mul_hi the high half of the 64-bit product, int() wrapping).  The second is
 * the same by hand: p = popcount(in[i]) <= 32, so the first step gives INT_MAX; mul_hi(INT_MAX,
 * INT_MAX) = 2^30 - 1, and 2^30 - 1 + 2^31 - 1 wraps to -1073741826, for every work-item. */
/*!
 * run wrap: k
 *   global: 64
 *   arg in: global int[64] = i * 0x01010101
 *   arg out: global int[64]
 *   expect out = int(((int((popcount(in[i]) * popcount(in[i]) >> 32) + 0x7fffffff) \
 *                    * int((popcount(in[i]) * popcount(in[i]) >> 32) + 0x7fffffff)) >> 32) + 0x7fffffff)
 *   expect out = -1073741826
 */
kernel void k(global const int *in, global int *out) {
  int v = popcount(in[get_global_id(0)]);
  for (uint i = 0; i < 2u; i++) v = mad_hi(v, v, (int)0x7fffffff);
  out[get_global_id(0)] = v;
}
