/* Relational functions (OpenCL C 3.0 section 6.15.6): the comparisons and class tests for float
 * and double, scalar (1 for true) and vector (-1 for true, per element: an element of a vector
 * form is checked against the scalar definition), any/all on the most significant bit, select
 * (scalar: c != 0; vector: the most significant bit of each element) and bitselect.  Inputs: 17
 * special values (zeros, infinities, NaNs, denormals, the smallest normals, the largest) in every
 * pair, then small integers.  Each work-item writes 24 longs; result j of work-item e is o[24e+j]. */
/*!
 * run float: k_float
 *   global: 1024
 *   arg o: global long[24576]
 *   arg a: global float[1024] = i < 289 ? pick(i % 17, 0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, -NAN, \
 *          1e-40, -1e-40, 1e-310, 0x1p-126, 0x1p-1022, 3.4e38, 1e300, 2.0, 0.5) : double(int(rand(i) % 7) - 3)
 *   arg b: global float[1024] = i < 289 ? pick(i / 17, 0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, -NAN, \
 *          1e-40, -1e-40, 1e-310, 0x1p-126, 0x1p-1022, 3.4e38, 1e300, 2.0, 0.5) : double(int(rand(i + 5000) % 7) - 3)
 *   let x = a[i / 24]
 *   let y = b[i / 24]
 *   let u = isnan(x) || isnan(y)
 *   # float: normal from 2^-126 (OpenCL C 6.3.1, IEEE 754 binary32)
 *   let normal = fabs(x) >= 0x1p-126 && fabs(x) < INF
 *   expect o = pick(i % 24, x == y, x != y, x > y, x >= y, x < y, x <= y, !u && x != y, \
 *                   isfinite(x), isinf(x), isnan(x), normal, !u, u, signbit(x), \
 *                   -(x == y), -(x < y), -isnan(x), -signbit(x), -normal, -u, -isinf(x)) when i % 24 <= 20
 *
 * run double: k_double
 *   global: 1024
 *   arg o: global long[24576]
 *   arg a: global double[1024] = i < 289 ? pick(i % 17, 0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, -NAN, \
 *          1e-40, -1e-40, 1e-310, 0x1p-126, 0x1p-1022, 3.4e38, 1e300, 2.0, 0.5) : double(int(rand(i) % 7) - 3)
 *   arg b: global double[1024] = i < 289 ? pick(i / 17, 0.0, -0.0, 1.0, -1.0, INF, -INF, NAN, -NAN, \
 *          1e-40, -1e-40, 1e-310, 0x1p-126, 0x1p-1022, 3.4e38, 1e300, 2.0, 0.5) : double(int(rand(i + 5000) % 7) - 3)
 *   let x = a[i / 24]
 *   let y = b[i / 24]
 *   let u = isnan(x) || isnan(y)
 *   let normal = fabs(x) >= 0x1p-1022 && fabs(x) < INF
 *   expect o = pick(i % 24, x == y, x != y, x > y, x >= y, x < y, x <= y, !u && x != y, \
 *                   isfinite(x), isinf(x), isnan(x), normal, !u, u, signbit(x), \
 *                   -(x == y), -(x < y), -isnan(x), -signbit(x), -normal, -u, -isinf(x)) when i % 24 <= 20
 *
 * # any/all (the most significant bit), select, bitselect on integers and as floats' bits
 * run int: k_int
 *   global: 1024
 *   arg o: global long[24576]
 *   arg a: global int[1024] = i < 81 ? pick(i % 9, 0, -1, 1, int(0x80000000), 0x7fffffff, 0x80, -0x80, 0x8000, 0x7f) \
 *                             : int(rand(i))
 *   arg b: global int[1024] = i < 81 ? pick(i / 9, 0, -1, 1, int(0x80000000), 0x7fffffff, 0x80, -0x80, 0x8000, 0x7f) \
 *                             : int(rand(i + 5000))
 *   let x = a[i / 24]
 *   let y = b[i / 24]
 *   # x + y wraps in the kernel
 *   let xy = int(x + y)
 *   let bits32 = int((uint(x) & ~uint(xy)) | (uint(y) & uint(xy)))
 *   expect o = pick(i % 24, x < 0, x < 0 && y < 0, char(x) < 0, short(x) < 0 && short(y) < 0, x < 0, \
 *                   x < 0 && y < 0, (x ^ y) ? y : x, (x ^ y) < 0 ? y : x, \
 *                   (uchar(x ^ y) & 0x80) ? uchar(y) : uchar(x), bits32, \
 *                   long((ulong(x) & ~ulong(xy)) | (ulong(y) & ulong(xy))), (x ^ y) < 0 ? y : x, \
 *                   bits32, 1) when i % 24 < 14
 */
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

#define RELATIONAL(T)                                                                              \
  kernel void k_##T(global long *o, global const T *a, global const T *b) {                        \
    size_t i = get_global_id(0);                                                                   \
    T x = a[i], y = b[i];                                                                          \
    global long *r = o + i * 24;                                                                   \
    r[0] = isequal(x, y); r[1] = isnotequal(x, y); r[2] = isgreater(x, y);                         \
    r[3] = isgreaterequal(x, y); r[4] = isless(x, y); r[5] = islessequal(x, y);                    \
    r[6] = islessgreater(x, y); r[7] = isfinite(x); r[8] = isinf(x); r[9] = isnan(x);              \
    r[10] = isnormal(x); r[11] = isordered(x, y); r[12] = isunordered(x, y);                       \
    r[13] = signbit(x);                                                                            \
    r[14] = isequal((T##2)(y, x), (T##2)(y, y)).s1;                                                \
    r[15] = isless((T##3)(y, x, y), (T##3)(x, y, x)).s1;                                           \
    r[16] = isnan((T##4)(y, x, y, y)).s1; r[17] = signbit((T##8)(x)).s5;                           \
    r[18] = isnormal((T##16)(x)).sc; r[19] = isunordered((T##16)(x), (T##16)(y)).s3;               \
    r[20] = isinf((T##3)(y, x, y)).y;                                                              \
  }
RELATIONAL(float)
RELATIONAL(double)

kernel void k_int(global long *o, global const int *a, global const int *b) {
  size_t i = get_global_id(0);
  int x = a[i], y = b[i];
  global long *r = o + i * 24;
  r[0] = any(x); r[1] = all((int2)(x, y)); r[2] = any((char3)((char)x, 0, 0));
  r[3] = all((short4)((short)x, (short)y, -1, -1)); r[4] = any((long8)(0, 0, 0, 0, 0, 0, 0, x));
  r[5] = all((int16)(x, y, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1));
  r[6] = select(x, y, x ^ y); r[7] = select((int4)(x), (int4)(y), (int4)(x ^ y, 0, 0, 0)).x;
  r[8] = select((uchar16)(x), (uchar16)(y), (uchar16)(x ^ y)).s9;
  r[9] = bitselect(x, y, x + y); r[10] = bitselect((ulong3)(x), (ulong3)(y), (ulong3)(x + y)).z;
  r[11] = as_int(select((float2)(as_float(x)), (float2)(as_float(y)), (uint2)(x ^ y)).y);
  r[12] = as_int(bitselect(as_float(x), as_float(y), as_float(x + y)));
  r[13] = select((double3)(x), (double3)(y), (long3)(x ^ y)).s2 == (double)((x ^ y) < 0 ? y : x);
}
