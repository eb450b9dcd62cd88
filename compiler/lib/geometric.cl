/* geometric.cl - geometric functions of OpenCL C 3.0 section 6.15.5 for scalars and 2, 3, 4
 * wide vectors.  float ones are evaluated in double, so length and normalize neither overflow
 * nor underflow in the sum of squares; double ones scale by the largest element first.  The
 * fast_ variants use the same (more accurate) code. */
#include "vgpu_intrinsics.h"

static double vgpu_sum(double4 v) { return (v.s0 + v.s1) + (v.s2 + v.s3); }
/* widen to a double4 with zero padding, so one code path serves every width */
#define W1(x) ((double4)((double)(x), 0.0, 0.0, 0.0))
#define W2(x) ((double4)(convert_double2(x), 0.0, 0.0))
#define W3(x) ((double4)(convert_double3(x), 0.0))
#define W4(x) convert_double4(x)

/* length of a double4 without spurious overflow/underflow (6.15.5: no overflow for finite
 * inputs whose length is representable) */
static double vgpu_len(double4 v) {
  double4 a = fabs(v);
  double m = fmax(fmax(a.s0, a.s1), fmax(a.s2, a.s3));
  if (any(isnan(v))) return NAN;
  if (m == 0.0 || isinf(m)) return m;
  double4 s = v / m;
  return m * sqrt(vgpu_sum(s * s));
}
/* normalize in double: a zero vector stays itself; infinite elements count as +-1 and the
 * rest as +-0 (6.15.5).  The vector is first scaled exactly by a power of two that brings its
 * largest element into [1, 2): its length may overflow (double2(DBL_MAX, DBL_MAX) has length
 * DBL_MAX * sqrt(2)) or underflow while the normalized vector is representable. */
static double4 vgpu_norm(double4 v) {
  double4 a = fabs(v);
  if (isinf(a.s0) || isinf(a.s1) || isinf(a.s2) || isinf(a.s3))
    v = copysign(select((double4)0.0, (double4)1.0, isinf(v)), v);
  double m = fmax(fmax(a.s0, a.s1), fmax(a.s2, a.s3));
  if (m == 0.0 || isinf(m)) m = 1.0;
  double4 s = ldexp(v, -ilogb(m));
  double l = sqrt(vgpu_sum(s * s));
  return l == 0.0 ? v : s / l;
}

#define VGPU_GEO_F(T, W, NARROW)                                                              \
  OVL float dot(T x, T y) { return (float)vgpu_sum(W(x) * W(y)); }                            \
  OVL float length(T x) { return (float)vgpu_len(W(x)); }                                     \
  OVL float distance(T x, T y) { return (float)vgpu_len(W(x) - W(y)); }                       \
  OVL T normalize(T x) { return NARROW(vgpu_norm(W(x))); }                                    \
  OVL float fast_length(T x) { return length(x); }                                            \
  OVL float fast_distance(T x, T y) { return distance(x, y); }                                \
  OVL T fast_normalize(T x) { return normalize(x); }
#define N1(v) ((float)(v).s0)
#define N2(v) convert_float2((v).s01)
#define N3(v) convert_float3((v).s012)
#define N4(v) convert_float4(v)
VGPU_GEO_F(float, W1, N1) VGPU_GEO_F(float2, W2, N2) VGPU_GEO_F(float3, W3, N3)
VGPU_GEO_F(float4, W4, N4)

/* half: the same double evaluation, rounded once to half */
#define VGPU_GEO_H(T, W, NARROW)                                                              \
  OVL half dot(T x, T y) { return (half)vgpu_sum(W(x) * W(y)); }                              \
  OVL half length(T x) { return (half)vgpu_len(W(x)); }                                       \
  OVL half distance(T x, T y) { return (half)vgpu_len(W(x) - W(y)); }                         \
  OVL T normalize(T x) { return NARROW(vgpu_norm(W(x))); }
#define H1(v) ((half)(v).s0)
#define H2(v) convert_half2((v).s01)
#define H3(v) convert_half3((v).s012)
#define H4(v) convert_half4(v)
VGPU_GEO_H(half, W1, H1) VGPU_GEO_H(half2, W2, H2) VGPU_GEO_H(half3, W3, H3)
VGPU_GEO_H(half4, W4, H4)

#define VGPU_GEO_D(T, W, NARROW)                                                              \
  OVL double dot(T x, T y) { return vgpu_sum(W(x * y)); }                                     \
  OVL double length(T x) { return vgpu_len(W(x)); }                                           \
  OVL double distance(T x, T y) { return vgpu_len(W(x - y)); }                                \
  OVL T normalize(T x) { return NARROW(vgpu_norm(W(x))); }
#define D1(x) ((double4)((x), 0.0, 0.0, 0.0))
#define D2(x) ((double4)((x), 0.0, 0.0))
#define D3(x) ((double4)((x), 0.0))
#define D4(x) (x)
#define M1(v) ((v).s0)
#define M2(v) ((v).s01)
#define M3(v) ((v).s012)
#define M4(v) (v)
VGPU_GEO_D(double, D1, M1) VGPU_GEO_D(double2, D2, M2) VGPU_GEO_D(double3, D3, M3)
VGPU_GEO_D(double4, D4, M4)

#define VGPU_CROSS(T)                                                                         \
  OVL T##3 cross(T##3 a, T##3 b) {                                                            \
    return (T##3)(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);       \
  }                                                                                           \
  OVL T##4 cross(T##4 a, T##4 b) {                                                            \
    return (T##4)(cross(a.xyz, b.xyz), (T)0);                                                 \
  }
VGPU_CROSS(float) VGPU_CROSS(double)
/* half: in double (the products are exact there), rounded once */
OVL half3 cross(half3 a, half3 b) { return convert_half3(cross(convert_double3(a), convert_double3(b))); }
OVL half4 cross(half4 a, half4 b) { return (half4)(cross(a.xyz, b.xyz), (half)0); }

/* 4x8-bit integer dot products (cl_khr_integer_dot_product, which Clang's header declares for
 * SPIR targets): exact in 32 bits. */
#define VGPU_IDOT(R, A, B)                                                                    \
  OVL R dot(A##4 a, B##4 b) {                                                                 \
    int4 p = convert_int4(a) * convert_int4(b);                                               \
    return (R)(p.s0 + p.s1 + p.s2 + p.s3);                                                    \
  }
VGPU_IDOT(uint, uchar, uchar) VGPU_IDOT(int, char, char) VGPU_IDOT(int, uchar, char)
VGPU_IDOT(int, char, uchar)
