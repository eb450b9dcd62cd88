/* vload_half.cl - vload_half, vloada_half, vstore_half and vstorea_half with every rounding
 * mode (OpenCL C 3.0 section 6.15.7).  These are core functions, which need no cl_khr_fp16, so
 * the conversions are done on the bits: half -> float is exact; float and double -> half round
 * once, from the exact value, in the mode asked (a double is never rounded to float first). */
#include "vgpu_intrinsics.h"

static float vgpu_h2f(ushort h) {
  uint s = (uint)(h & 0x8000u) << 16, e = (h >> 10) & 0x1fu, m = h & 0x3ffu;
  if (e == 0) /* zero or subnormal: m * 2^-24, exact in float */
    return as_float(s | as_uint((float)m * 0x1p-24f));
  if (e == 31)
    return as_float(s | 0x7f800000u | (m << 13));
  return as_float(s | ((e + 112u) << 23) | (m << 13));
}

/* mode: 0 nearest even, 1 toward zero, 2 toward +inf, 3 toward -inf */
static ushort vgpu_d2h(double x, int mode) {
  uint sign = signbit(x) ? 0x8000u : 0u;
  double a = __vgpu_math_fabs_f64(x);
  if (isnan(x)) /* quiet, keeping the top of the payload as a conversion does */
    return (ushort)(sign | 0x7e00u | (uint)((as_ulong(x) >> 42) & 0x3ffu));
  if (isinf(x)) return (ushort)(sign | 0x7c00u);
  if (a == 0) return (ushort)sign;
  int e = __vgpu_math_ilogb_f64(a);
  uint bits = 0x7c00u;
  if (e <= 15) {
    /* scale so that one unit in the last place of the half result is 1 */
    int ulp = e < -14 ? -24 : e - 10;
    double m = __vgpu_math_ldexp_f64(a, -ulp);
    double mi = __vgpu_math_floor_f64(m), fr = m - mi;
    int up = mode == 0 ? (fr > 0.5 || (fr == 0.5 && __vgpu_math_fmod_f64(mi, 2.0) != 0))
           : mode == 1 ? 0 : mode == 2 ? (fr > 0 && !sign) : (fr > 0 && sign);
    uint q = (uint)mi + (uint)up;
    /* a carry out of the mantissa moves to the next binade by itself */
    bits = e < -14 ? q : ((uint)(e + 15) << 10) + (q - 1024u);
  }
  if (bits >= 0x7c00u) /* overflow: infinity, or the largest finite value if rounding away */
    bits = (mode == 0 || (mode == 2 && !sign) || (mode == 3 && sign)) ? 0x7c00u : 0x7bffu;
  return (ushort)(sign | bits);
}

/* loads: n elements from element o*n (vloada_half3: o*4) */
#define VGPU_HLOAD(AS)                                                                        \
  OVL float vload_half(size_t o, const AS half *p) { return vgpu_h2f(((const AS ushort *)p)[o]); } \
  OVL float2 vload_half2(size_t o, const AS half *p) {                                        \
    const AS ushort *q = (const AS ushort *)p + o * 2;                                        \
    return (float2)(vgpu_h2f(q[0]), vgpu_h2f(q[1])); }                                        \
  OVL float3 vload_half3(size_t o, const AS half *p) {                                        \
    const AS ushort *q = (const AS ushort *)p + o * 3;                                        \
    return (float3)(vgpu_h2f(q[0]), vgpu_h2f(q[1]), vgpu_h2f(q[2])); }                        \
  OVL float4 vload_half4(size_t o, const AS half *p) {                                        \
    return (float4)(vload_half2(o * 2, p), vload_half2(o * 2 + 1, p)); }                      \
  OVL float8 vload_half8(size_t o, const AS half *p) {                                        \
    return (float8)(vload_half4(o * 2, p), vload_half4(o * 2 + 1, p)); }                      \
  OVL float16 vload_half16(size_t o, const AS half *p) {                                      \
    return (float16)(vload_half8(o * 2, p), vload_half8(o * 2 + 1, p)); }                     \
  OVL float2 vloada_half2(size_t o, const AS half *p) { return vload_half2(o, p); }           \
  OVL float3 vloada_half3(size_t o, const AS half *p) {                                       \
    const AS ushort *q = (const AS ushort *)p + o * 4;                                        \
    return (float3)(vgpu_h2f(q[0]), vgpu_h2f(q[1]), vgpu_h2f(q[2])); }                        \
  OVL float4 vloada_half4(size_t o, const AS half *p) { return vload_half4(o, p); }           \
  OVL float8 vloada_half8(size_t o, const AS half *p) { return vload_half8(o, p); }           \
  OVL float16 vloada_half16(size_t o, const AS half *p) { return vload_half16(o, p); }
VGPU_HLOAD(__global) VGPU_HLOAD(__local) VGPU_HLOAD(__constant) VGPU_HLOAD(__private)
VGPU_HLOAD()

/* stores: every source type (float, double), mode suffix, width and space */
#define VGPU_HSTORE_N(T, SUF, MODE, AS)                                                       \
  OVL void vstore_half##SUF(T d, size_t o, AS half *p) {                                     \
    ((AS ushort *)p)[o] = vgpu_d2h((double)d, MODE); }                                        \
  OVL void vstore_half2##SUF(T##2 d, size_t o, AS half *p) {                                 \
    AS ushort *q = (AS ushort *)p + o * 2;                                                    \
    q[0] = vgpu_d2h((double)d.s0, MODE); q[1] = vgpu_d2h((double)d.s1, MODE); }               \
  OVL void vstore_half3##SUF(T##3 d, size_t o, AS half *p) {                                 \
    AS ushort *q = (AS ushort *)p + o * 3;                                                    \
    q[0] = vgpu_d2h((double)d.s0, MODE); q[1] = vgpu_d2h((double)d.s1, MODE);                 \
    q[2] = vgpu_d2h((double)d.s2, MODE); }                                                    \
  OVL void vstore_half4##SUF(T##4 d, size_t o, AS half *p) {                                 \
    vstore_half2##SUF(d.lo, o * 2, p); vstore_half2##SUF(d.hi, o * 2 + 1, p); }              \
  OVL void vstore_half8##SUF(T##8 d, size_t o, AS half *p) {                                 \
    vstore_half4##SUF(d.lo, o * 2, p); vstore_half4##SUF(d.hi, o * 2 + 1, p); }              \
  OVL void vstore_half16##SUF(T##16 d, size_t o, AS half *p) {                               \
    vstore_half8##SUF(d.lo, o * 2, p); vstore_half8##SUF(d.hi, o * 2 + 1, p); }              \
  OVL void vstorea_half2##SUF(T##2 d, size_t o, AS half *p) { vstore_half2##SUF(d, o, p); }  \
  OVL void vstorea_half3##SUF(T##3 d, size_t o, AS half *p) {                                \
    AS ushort *q = (AS ushort *)p + o * 4;                                                    \
    q[0] = vgpu_d2h((double)d.s0, MODE); q[1] = vgpu_d2h((double)d.s1, MODE);                 \
    q[2] = vgpu_d2h((double)d.s2, MODE); }                                                    \
  OVL void vstorea_half4##SUF(T##4 d, size_t o, AS half *p) { vstore_half4##SUF(d, o, p); }  \
  OVL void vstorea_half8##SUF(T##8 d, size_t o, AS half *p) { vstore_half8##SUF(d, o, p); }  \
  OVL void vstorea_half16##SUF(T##16 d, size_t o, AS half *p) { vstore_half16##SUF(d, o, p); }
#define VGPU_HSTORE(T, AS)                                                                    \
  VGPU_HSTORE_N(T, , 0, AS) VGPU_HSTORE_N(T, _rte, 0, AS) VGPU_HSTORE_N(T, _rtz, 1, AS)       \
  VGPU_HSTORE_N(T, _rtp, 2, AS) VGPU_HSTORE_N(T, _rtn, 3, AS)
VGPU_HSTORE(float, __global) VGPU_HSTORE(float, __local) VGPU_HSTORE(float, __private)
VGPU_HSTORE(float, ) VGPU_HSTORE(double, __global) VGPU_HSTORE(double, __local)
VGPU_HSTORE(double, __private) VGPU_HSTORE(double, )
