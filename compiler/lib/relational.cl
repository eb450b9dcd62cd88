/* relational.cl - relational functions of OpenCL C 3.0 section 6.15.6.  Scalars return 1 for
 * true; vectors return -1 (all bits set) per element, which is exactly what OpenCL C's own
 * vector comparisons produce, so both are written with the operators.  The class tests look
 * at the bits, so they never depend on how a comparison treats NaN. */
#include "vgpu_intrinsics.h"

/* T: float type (N: width or empty), R: result type, U: unsigned bits type, S: signed bits,
 * EXP/MAN: exponent and mantissa masks */
#define VGPU_REL(T, R, U, S, ABS, EXP)                                                        \
  OVL R isequal(T x, T y) { return x == y; }                                                  \
  OVL R isnotequal(T x, T y) { return x != y; }                                               \
  OVL R isgreater(T x, T y) { return x > y; }                                                 \
  OVL R isgreaterequal(T x, T y) { return x >= y; }                                           \
  OVL R isless(T x, T y) { return x < y; }                                                    \
  OVL R islessequal(T x, T y) { return x <= y; }                                              \
  OVL R islessgreater(T x, T y) { return (x < y) | (x > y); }                                 \
  OVL R isordered(T x, T y) { return (x == x) & (y == y); }                                   \
  OVL R isunordered(T x, T y) { return (x != x) | (y != y); }                                 \
  OVL R isnan(T x) { return x != x; }                                                         \
  OVL R isfinite(T x) { return (as_##U(x) & ABS) < EXP; }                                     \
  OVL R isinf(T x) { return (as_##U(x) & ABS) == EXP; }                                       \
  OVL R isnormal(T x) {                                                                       \
    return ((as_##U(x) & ABS) < EXP) & ((as_##U(x) & EXP) != (U)0);                          \
  }                                                                                           \
  OVL R signbit(T x) { return as_##S(x) < (S)0; }
#define VGPU_REL_F(N, R)                                                                      \
  VGPU_REL(float##N, R, uint##N, int##N, (uint##N)0x7fffffffu, (uint##N)0x7f800000u)
#define VGPU_REL_D(N, R)                                                                      \
  VGPU_REL(double##N, R, ulong##N, long##N, (ulong##N)0x7ffffffffffffffful,                   \
           (ulong##N)0x7ff0000000000000ul)
#define VGPU_REL_H(N, R)                                                                      \
  VGPU_REL(half##N, R, ushort##N, short##N, (ushort##N)0x7fffu, (ushort##N)0x7c00u)
VGPU_REL_H(, int) VGPU_REL_H(2, short2) VGPU_REL_H(3, short3) VGPU_REL_H(4, short4)
VGPU_REL_H(8, short8) VGPU_REL_H(16, short16)
VGPU_REL_F(, int) VGPU_REL_F(2, int2) VGPU_REL_F(3, int3) VGPU_REL_F(4, int4)
VGPU_REL_F(8, int8) VGPU_REL_F(16, int16)
VGPU_REL_D(, int) VGPU_REL_D(2, long2) VGPU_REL_D(3, long3) VGPU_REL_D(4, long4)
VGPU_REL_D(8, long8) VGPU_REL_D(16, long16)

/* any/all: the most significant bit of any/every element (scalars too, 6.15.6). */
#define VGPU_ANYALL(T)                                                                        \
  OVL int any(T x) { return x < 0; }                                                          \
  OVL int all(T x) { return x < 0; }                                                          \
  OVL int any(T##2 x) { return (x.s0 | x.s1) < 0; }                                           \
  OVL int all(T##2 x) { return (x.s0 & x.s1) < 0; }                                           \
  OVL int any(T##3 x) { return (x.s0 | x.s1 | x.s2) < 0; }                                    \
  OVL int all(T##3 x) { return (x.s0 & x.s1 & x.s2) < 0; }                                    \
  OVL int any(T##4 x) { return any(x.lo | x.hi); }                                            \
  OVL int all(T##4 x) { return all(x.lo & x.hi); }                                            \
  OVL int any(T##8 x) { return any(x.lo | x.hi); }                                            \
  OVL int all(T##8 x) { return all(x.lo & x.hi); }                                            \
  OVL int any(T##16 x) { return any(x.lo | x.hi); }                                           \
  OVL int all(T##16 x) { return all(x.lo & x.hi); }
VGPU_ANYALL(char) VGPU_ANYALL(short) VGPU_ANYALL(int) VGPU_ANYALL(long)

/* bitselect: each bit from b where c has it set, else from a.  select: per element, b where
 * c is true (scalars: c != 0; vectors: the element's most significant bit). */
#define VGPU_SEL_INT(T, U, S)                                                                 \
  OVL T bitselect(T a, T b, T c) { return (a & ~c) | (b & c); }                               \
  OVL T select(T a, T b, S c) { return VGPU_PICK(a, b, c, S, T); }                            \
  OVL T select(T a, T b, U c) { return VGPU_PICK(a, b, as_##S(c), S, T); }
#define VGPU_SEL_FP(T, U, S)                                                                  \
  OVL T bitselect(T a, T b, T c) {                                                            \
    /* (U), (S): half's 16-bit operands are promoted to int by & and ?: */                  \
    return as_##T((U)((as_##U(a) & ~as_##U(c)) | (as_##U(b) & as_##U(c))));                  \
  }                                                                                           \
  OVL T select(T a, T b, S c) { return as_##T((S)VGPU_PICK(as_##S(a), as_##S(b), c, S, S)); } \
  OVL T select(T a, T b, U c) {                                                               \
    return as_##T((S)VGPU_PICK(as_##S(a), as_##S(b), as_##S(c), S, S));                      \
  }
/* scalar: a plain choice */
#define VGPU_PICK(a, b, c, S, T) ((c) ? (b) : (a))
VGPU_SEL_INT(char, uchar, char) VGPU_SEL_INT(uchar, uchar, char)
VGPU_SEL_INT(short, ushort, short) VGPU_SEL_INT(ushort, ushort, short)
VGPU_SEL_INT(int, uint, int) VGPU_SEL_INT(uint, uint, int)
VGPU_SEL_INT(long, ulong, long) VGPU_SEL_INT(ulong, ulong, long)
VGPU_SEL_FP(float, uint, int) VGPU_SEL_FP(double, ulong, long) VGPU_SEL_FP(half, ushort, short)
#undef VGPU_PICK
/* vector: a mask of all ones where the element's top bit is set ((S)c < 0 is -1 there) */
#define VGPU_PICK(a, b, c, S, T) VGPU_BITS(a, b, as_##T((c) < (S)0))
#define VGPU_BITS(a, b, m) (((a) & ~(m)) | ((b) & (m)))
#define VGPU_SEL_N(N)                                                                         \
  VGPU_SEL_INT(char##N, uchar##N, char##N) VGPU_SEL_INT(uchar##N, uchar##N, char##N)          \
  VGPU_SEL_INT(short##N, ushort##N, short##N) VGPU_SEL_INT(ushort##N, ushort##N, short##N)    \
  VGPU_SEL_INT(int##N, uint##N, int##N) VGPU_SEL_INT(uint##N, uint##N, int##N)                \
  VGPU_SEL_INT(long##N, ulong##N, long##N) VGPU_SEL_INT(ulong##N, ulong##N, long##N)          \
  VGPU_SEL_FP(float##N, uint##N, int##N) VGPU_SEL_FP(double##N, ulong##N, long##N)         \
  VGPU_SEL_FP(half##N, ushort##N, short##N)
VGPU_SEL_N(2) VGPU_SEL_N(3) VGPU_SEL_N(4) VGPU_SEL_N(8) VGPU_SEL_N(16)
