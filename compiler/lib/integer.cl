/* integer.cl - the scalar integer functions of OpenCL C 3.0 section 6.15.3 for every integer
 * type (vector forms in gen_vector.cl).  Arithmetic that would overflow in C is done on the
 * unsigned type; bit counts use Clang's generic builtins (llvm.ctlz/cttz/ctpop, defined at 0). */
#include "vgpu_intrinsics.h"

/* T: type, U: its unsigned type, W: a type twice as wide (0 for 64-bit), B: bits */
#define VGPU_INT_COMMON(T, U, B)                                                              \
  OVL T hadd(T x, T y) { return (T)((x >> 1) + (y >> 1) + (x & y & 1)); }                     \
  OVL T rhadd(T x, T y) { return (T)((x >> 1) + (y >> 1) + ((x | y) & 1)); }                  \
  OVL T max(T x, T y) { return x > y ? x : y; }                                               \
  OVL T min(T x, T y) { return x < y ? x : y; }                                               \
  OVL T clamp(T x, T lo, T hi) { return min(max(x, lo), hi); }                                \
  OVL T clz(T x) { return (T)__builtin_clzg((U)x, B); }                                       \
  OVL T ctz(T x) { return (T)__builtin_ctzg((U)x, B); }                                       \
  OVL T popcount(T x) { return (T)__builtin_popcountg((U)x); }                                \
  OVL U abs_diff(T x, T y) { return x > y ? (U)((U)x - (U)y) : (U)((U)y - (U)x); }             \
  OVL T mad_hi(T a, T b, T c) { return (T)((U)mul_hi(a, b) + (U)c); }                         \
  OVL T rotate(T v, T i) {                                                                    \
    U s = (U)i & (B - 1), u = (U)v;                                                           \
    return (T)((U)(u << s) | (U)(u >> ((B - s) & (B - 1))));                                  \
  }
#define VGPU_INT_SIGNED(T, U, B)                                                              \
  VGPU_INT_COMMON(T, U, B)                                                                    \
  OVL U abs(T x) { return x < 0 ? (U)((U)0 - (U)x) : (U)x; }
#define VGPU_INT_UNSIGNED(T, B)                                                               \
  VGPU_INT_COMMON(T, T, B)                                                                    \
  OVL T abs(T x) { return x; }
VGPU_INT_SIGNED(char, uchar, 8) VGPU_INT_UNSIGNED(uchar, 8)
VGPU_INT_SIGNED(short, ushort, 16) VGPU_INT_UNSIGNED(ushort, 16)
VGPU_INT_SIGNED(int, uint, 32) VGPU_INT_UNSIGNED(uint, 32)
VGPU_INT_SIGNED(long, ulong, 64) VGPU_INT_UNSIGNED(ulong, 64)

/* add_sat/sub_sat: llvm.[su]{add,sub}.sat; char and short would be promoted to int on the way
 * into the builtin, so they saturate in int explicitly. */
#define VGPU_SAT_SMALL(T, TMIN, TMAX)                                                         \
  OVL T add_sat(T x, T y) { int r = (int)x + (int)y; return (T)(r > TMAX ? TMAX : r < TMIN ? TMIN : r); } \
  OVL T sub_sat(T x, T y) { int r = (int)x - (int)y; return (T)(r > TMAX ? TMAX : r < TMIN ? TMIN : r); }
VGPU_SAT_SMALL(char, CHAR_MIN, CHAR_MAX) VGPU_SAT_SMALL(uchar, 0, UCHAR_MAX)
VGPU_SAT_SMALL(short, SHRT_MIN, SHRT_MAX) VGPU_SAT_SMALL(ushort, 0, USHRT_MAX)
#define VGPU_SAT_WIDE(T)                                                                      \
  OVL T add_sat(T x, T y) { return __builtin_elementwise_add_sat(x, y); }                     \
  OVL T sub_sat(T x, T y) { return __builtin_elementwise_sub_sat(x, y); }
VGPU_SAT_WIDE(int) VGPU_SAT_WIDE(uint) VGPU_SAT_WIDE(long) VGPU_SAT_WIDE(ulong)

/* mul_hi and mad_sat through the type twice as wide, up to 32 bits. */
#define VGPU_INT_WIDE(T, W, B, TMIN, TMAX)                                                    \
  OVL T mul_hi(T x, T y) { return (T)(((W)x * (W)y) >> B); }                                  \
  OVL T mad_sat(T a, T b, T c) {                                                              \
    W r = (W)a * (W)b + (W)c;                                                                 \
    return r > (W)(TMAX) ? (T)(TMAX) : r < (W)(TMIN) ? (T)(TMIN) : (T)r;                      \
  }
VGPU_INT_WIDE(char, long, 8, CHAR_MIN, CHAR_MAX) VGPU_INT_WIDE(uchar, long, 8, 0, UCHAR_MAX)
VGPU_INT_WIDE(short, long, 16, SHRT_MIN, SHRT_MAX) VGPU_INT_WIDE(ushort, long, 16, 0, USHRT_MAX)
VGPU_INT_WIDE(int, long, 32, INT_MIN, INT_MAX)
OVL uint mul_hi(uint x, uint y) { return (uint)(((ulong)x * (ulong)y) >> 32); }
OVL uint mad_sat(uint a, uint b, uint c) {
  ulong r = (ulong)a * (ulong)b + (ulong)c; /* < 2^64: no wrap */
  return r > UINT_MAX ? UINT_MAX : (uint)r;
}

/* 64-bit: the high half of the 128-bit product from 32-bit pieces. */
OVL ulong mul_hi(ulong x, ulong y) {
  ulong xl = x & 0xffffffffu, xh = x >> 32, yl = y & 0xffffffffu, yh = y >> 32;
  ulong ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
  ulong mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}
OVL long mul_hi(long x, long y) {
  /* signed high half = unsigned high half corrected for the negative operands */
  ulong h = mul_hi((ulong)x, (ulong)y);
  h -= x < 0 ? (ulong)y : 0;
  h -= y < 0 ? (ulong)x : 0;
  return (long)h;
}
OVL ulong mad_sat(ulong a, ulong b, ulong c) {
  return mul_hi(a, b) != 0 ? ULONG_MAX : add_sat(a * b, c);
}
OVL long mad_sat(long a, long b, long c) {
  /* 128-bit a*b + c as (hi, lo), then saturate if it does not fit in 64 bits */
  ulong lo = (ulong)a * (ulong)b;
  long hi = mul_hi(a, b);
  ulong lo2 = lo + (ulong)c;
  hi += (c < 0 ? -1 : 0) + (lo2 < lo ? 1 : 0);
  if (hi != ((long)lo2 < 0 ? -1 : 0))
    return hi < 0 ? LONG_MIN : LONG_MAX;
  return (long)lo2;
}

/* upsample: hi in the upper half, lo in the lower */
OVL short upsample(char hi, uchar lo) { return (short)(((ushort)(uchar)hi << 8) | lo); }
OVL ushort upsample(uchar hi, uchar lo) { return (ushort)(((ushort)hi << 8) | lo); }
OVL int upsample(short hi, ushort lo) { return (int)(((uint)(ushort)hi << 16) | lo); }
OVL uint upsample(ushort hi, ushort lo) { return ((uint)hi << 16) | lo; }
OVL long upsample(int hi, uint lo) { return (long)(((ulong)(uint)hi << 32) | lo); }
OVL ulong upsample(uint hi, uint lo) { return ((ulong)hi << 32) | lo; }

/* mul24/mad24: the low 24 bits of each operand (sign-extended for int), as the 24-bit
 * multipliers of early GPUs did; the product is taken modulo 2^32. */
OVL int mul24(int x, int y) {
  return (int)((uint)((x << 8) >> 8) * (uint)((y << 8) >> 8));
}
OVL uint mul24(uint x, uint y) { return (x & 0xffffffu) * (y & 0xffffffu); }
OVL int mad24(int x, int y, int z) { return (int)((uint)mul24(x, y) + (uint)z); }
OVL uint mad24(uint x, uint y, uint z) { return mul24(x, y) + z; }
