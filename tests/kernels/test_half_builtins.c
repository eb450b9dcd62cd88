/* test_half_builtins.c - the builtin functions on half (cl_khr_fp16) against a CPU reference
 * (half_ref.h: encodings decoded and results rounded by bracketing, from the format's definition):
 *  - one argument, all 65536 encodings: the functions the spec wants correctly rounded (ceil,
 *    floor, trunc, rint, round, sqrt, fabs, logb, fract, modf, frexp, ilogb) exactly, the class
 *    tests, saturating conversions to integers in each rounding mode, and transcendental ones
 *    within 1 ulp of libm's double result (the OpenCL 3.0 s7.4 half bounds are 2 ulp or more);
 *  - two or three arguments, every encoding against random partners: fma against exact 128-bit
 *    integer arithmetic, fmod, remainder, remquo, nextafter, copysign, fdim, ldexp, fmin/fmax
 *    exactly, pow, atan2 and hypot within 1 ulp, select and bitselect on the bits, and the
 *    conversions to half from float, double and integers in every rounding mode;
 *  - half vectors: vloadN/vstoreN, shuffle/shuffle2, dot, length, normalize, cross, a vector
 *    comparison and the element-wise vector forms. */
#include "builtins_common.h"
#include "half_ref.h"

enum { N = 65536 };

static double ulp_of(double r) {
  double a = fabs(r);
  return a < 0x1p-14 ? 0x1p-24 : ldexp(1, ilogb(a) - 10);
}
/* got within `ulps` of the exact r, or the same special value */
static int near(unsigned got, double r, double ulps) {
  if (half_same(got, to_half(r))) return 1;
  double g = half_val(got);
  return isfinite(g) && isfinite(r) && fabs(g - r) <= ulps * ulp_of(r);
}

/* fma(x, y, z) rounded to nearest, from the exact sum in units of 2^-48 (x*y is a multiple of
 * 2^-48, below 2^32; z of 2^-24): a 128-bit integer holds it. */
static void half_int(unsigned h, long long *m, int *e) {
  int ex = (h >> 10) & 31, mm = h & 1023;
  *m = ex ? 1024 + mm : mm;
  *e = ex ? ex - 25 : -24;
  if (h & 0x8000) *m = -*m;
}
static unsigned fma_ref(unsigned a, unsigned b, unsigned c) {
  double x = half_val(a), y = half_val(b), z = half_val(c);
  if (isnan(x) || isnan(y) || isnan(z) || isinf(x) || isinf(y) || isinf(z)) return to_half(x * y + z);
  long long X, Y, Z;
  int ex, ey, ez;
  half_int(a, &X, &ex); half_int(b, &Y, &ey); half_int(c, &Z, &ez);
  __int128 s = (__int128)(X * Y) * ((__int128)1 << (ex + ey + 48)) + (__int128)Z * ((__int128)1 << (ez + 48));
  if (s == 0) /* an exact zero: -0 only for (-0) + (-0) */
    return (X * Y == 0 && Z == 0 && (signbit(x) != signbit(y)) && signbit(z)) ? 0x8000 : 0;
  unsigned __int128 u = s < 0 ? -(unsigned __int128)s : (unsigned __int128)s;
  int msb = 127;
  while (!((u >> msb) & 1)) msb--;
  int q = msb - 48 - 10 < -24 ? -24 : msb - 48 - 10; /* the half quantum's exponent */
  int sh = q + 48;                                   /* >= 24 */
  unsigned __int128 mant = u >> sh, rem = u & (((unsigned __int128)1 << sh) - 1), half = (unsigned __int128)1 << (sh - 1);
  if (rem > half || (rem == half && (mant & 1))) mant++;
  double v = ldexp((double)(unsigned long long)mant, q); /* exact: mant <= 2^11 */
  return to_half(s < 0 ? -v : v);
}

static const char UNARY[] =
    "#pragma OPENCL EXTENSION cl_khr_fp16 : enable\n"
    "#define B(x) as_ushort(x)\n"
    "kernel void un(global ushort *o, global const ushort *a) {\n"
    "  size_t i = get_global_id(0), n = get_global_size(0);\n"
    "  half x = as_half(a[i]), ip, ip2; int e;\n"
    "  o[i] = B(ceil(x)); o[n + i] = B(floor(x)); o[2 * n + i] = B(trunc(x)); o[3 * n + i] = B(rint(x));\n"
    "  o[4 * n + i] = B(round(x)); o[5 * n + i] = B(sqrt(x)); o[6 * n + i] = B(fabs(x)); o[7 * n + i] = B(logb(x));\n"
    "  o[8 * n + i] = B(fract(x, &ip)); o[9 * n + i] = B(ip); o[10 * n + i] = B(modf(x, &ip2));\n"
    "  o[11 * n + i] = B(ip2); o[12 * n + i] = B(frexp(x, &e)); o[13 * n + i] = (ushort)e;\n"
    "  o[14 * n + i] = (ushort)ilogb(x);\n"
    "  o[15 * n + i] = isnan(x) | isinf(x) << 1 | isfinite(x) << 2 | isnormal(x) << 3 | signbit(x) << 4;\n"
    "  o[16 * n + i] = B(sin(x)); o[17 * n + i] = B(cos(x)); o[18 * n + i] = B(exp(x)); o[19 * n + i] = B(log(x));\n"
    "  o[20 * n + i] = B(exp2(x)); o[21 * n + i] = B(log2(x)); o[22 * n + i] = B(atan(x)); o[23 * n + i] = B(cbrt(x));\n"
    "  o[24 * n + i] = B(erf(x)); o[25 * n + i] = B(tgamma(x)); o[26 * n + i] = B(rsqrt(x)); o[27 * n + i] = B(tanh(x));\n"
    "  o[28 * n + i] = (ushort)convert_short_sat_rtn(x); o[29 * n + i] = (ushort)convert_char_sat_rte(x);\n"
    "  o[30 * n + i] = convert_ushort_sat_rtp(x); o[31 * n + i] = (ushort)convert_int_sat(x);\n"
    "  o[32 * n + i] = (ushort)(convert_long_sat_rtz(x) >> 4);\n"
    "}\n";
enum { NUN = 33 };

static const char BINARY[] =
    "#pragma OPENCL EXTENSION cl_khr_fp16 : enable\n"
    "#define B(x) as_ushort(x)\n"
    "kernel void bi(global ushort *o, global const ushort *a, global const ushort *b, global const ushort *c,\n"
    "               global const float *f, global const double *d, global const int *k, global const long *l) {\n"
    "  size_t i = get_global_id(0), n = get_global_size(0);\n"
    "  half x = as_half(a[i]), y = as_half(b[i]), z = as_half(c[i]); int q;\n"
    "  o[i] = B(fma(x, y, z)); o[n + i] = B(fmod(x, y)); o[2 * n + i] = B(remainder(x, y));\n"
    "  o[3 * n + i] = B(remquo(x, y, &q)); o[4 * n + i] = (ushort)q; o[5 * n + i] = B(nextafter(x, y));\n"
    "  o[6 * n + i] = B(copysign(x, y)); o[7 * n + i] = B(fdim(x, y)); o[8 * n + i] = B(ldexp(x, k[i] % 40));\n"
    "  o[9 * n + i] = B(fmin(x, y)); o[10 * n + i] = B(fmax(x, y)); o[11 * n + i] = B(pow(x, y));\n"
    "  o[12 * n + i] = B(atan2(x, y)); o[13 * n + i] = B(hypot(x, y));\n"
    "  o[14 * n + i] = B(select(x, y, (short)c[i])); o[15 * n + i] = B(bitselect(x, y, z));\n"
    "  o[16 * n + i] = B(convert_half_rtz(f[i])); o[17 * n + i] = B(convert_half_rtp(f[i]));\n"
    "  o[18 * n + i] = B(convert_half_rtn(f[i])); o[19 * n + i] = B(convert_half(f[i]));\n"
    "  o[20 * n + i] = B(convert_half_rtz(d[i])); o[21 * n + i] = B(convert_half_rtp(d[i]));\n"
    "  o[22 * n + i] = B(convert_half_rtn(d[i])); o[23 * n + i] = B(convert_half_rte(d[i]));\n"
    "  o[24 * n + i] = B(convert_half_rtz(k[i])); o[25 * n + i] = B(convert_half_rtp(k[i]));\n"
    "  o[26 * n + i] = B(convert_half_rtn(l[i])); o[27 * n + i] = B(convert_half(l[i]));\n"
    "  o[28 * n + i] = B(mad(x, y, z));\n"
    "}\n";
enum { NBI = 29 };

/* the libm reference of unary result j (16..27) */
static double un_ref(int j, double x) {
  switch (j) {
  case 16: return sin(x);
  case 17: return cos(x);
  case 18: return exp(x);
  case 19: return log(x);
  case 20: return exp2(x);
  case 21: return log2(x);
  case 22: return atan(x);
  case 23: return cbrt(x);
  case 24: return erf(x);
  case 25: return x == 0 ? copysign(INFINITY, x) : tgamma(x);
  case 26: return 1 / sqrt(x);
  default: return tanh(x);
  }
}

/* r (already rounded to an integer) converted with saturation: NaN is 0 (6.4.3.3) */
static long long sat_ll(double r, long long lo, long long hi) {
  return isnan(r) ? 0 : r <= (double)lo ? lo : r >= (double)hi ? hi : (long long)r;
}

static void check_unary(void) {
  cl_program p = bt_build(UNARY, NULL);
  if (!CHECK(p != NULL)) return;
  static unsigned short a[N], out[NUN * N];
  for (unsigned i = 0; i < N; i++) a[i] = (unsigned short)i;
  cl_mem in = bt_buffer(sizeof a, a);
  static const char *const what[NUN] = {
      "ceil", "floor", "trunc", "rint", "round", "sqrt", "fabs", "logb", "fract", "fract iptr", "modf", "modf iptr",
      "frexp", "frexp exp", "ilogb", "class", "sin", "cos", "exp", "log", "exp2", "log2", "atan", "cbrt", "erf",
      "tgamma", "rsqrt", "tanh", "convert_short_sat_rtn", "convert_char_sat_rte", "convert_ushort_sat_rtp",
      "convert_int_sat", "convert_long_sat_rtz"};
  if (bt_run(p, "un", N, out, sizeof out, 1, &in)) {
    int bad[NUN] = {0};
    for (unsigned i = 0; i < N; i++) {
      double x = half_val(i);
      unsigned w[NUN] = {0};
      w[0] = to_half(ceil(x)); w[1] = to_half(floor(x)); w[2] = to_half(trunc(x)); w[3] = to_half(nearbyint(x));
      w[4] = to_half(round(x)); w[5] = to_half(sqrt(x)); w[6] = i & 0x7fff; w[7] = to_half(x == 0 ? -INFINITY : logb(x));
      double fl = floor(x), fr = isnan(x) ? x : isinf(x) ? copysign(0, x) : fmin(x - fl, 0x1.ffcp-1);
      w[8] = to_half(x == 0 ? x : fr); w[9] = to_half(fl);
      double ip; double mf = modf(x, &ip);
      w[10] = to_half(mf); w[11] = to_half(ip);
      int fe = 0; double fm = frexp(x, &fe);
      w[12] = to_half(isinf(x) || isnan(x) ? x : fm); w[13] = (unsigned short)(isinf(x) || isnan(x) ? 0 : fe);
      /* ilogb(0) and ilogb(NaN) are FP_ILOGB0 / FP_ILOGBNAN: INT_MIN / INT_MAX in OpenCL C */
      w[14] = (unsigned short)(isnan(x) ? 0x7fffffff : x == 0 ? -0x7fffffff - 1 : isinf(x) ? 0x7fffffff : ilogb(x));
      /* isnormal in half: a subnormal half is a normal double */
      w[15] = (isnan(x) != 0) | (isinf(x) != 0) << 1 | (isfinite(x) != 0) << 2 | (((i >> 10) & 31) != 0 && ((i >> 10) & 31) != 31) << 3 |
              (signbit(x) != 0) << 4;
      w[28] = (unsigned short)sat_ll(floor(x), -32768, 32767);
      w[29] = (unsigned short)(short)sat_ll(nearbyint(x), -128, 127);
      w[30] = (unsigned short)sat_ll(ceil(x), 0, 65535);
      w[31] = (unsigned short)sat_ll(trunc(x), INT32_MIN, INT32_MAX);
      w[32] = (unsigned short)(sat_ll(trunc(x), INT64_MIN, INT64_MAX) >> 4);
      for (int j = 0; j < NUN; j++) {
        unsigned got = out[j * N + i];
        int ok;
        if (j >= 16 && j <= 27) ok = near(got, un_ref(j, x), 1.0);
        else if (j == 6 || j >= 13) ok = got == w[j];
        else ok = half_same(got, w[j]);
        if (!ok && bad[j]++ < 3)
          fprintf(stderr, "%s(%#06x = %a): got %#06x, want %#06x\n", what[j], i, x, got, w[j]);
      }
    }
    for (int j = 0; j < NUN; j++)
      if (!CHECK(bad[j] == 0)) fprintf(stderr, "%s: %d of %d wrong\n", what[j], bad[j], N);
  }
  clReleaseMemObject(in);
  clReleaseProgram(p);
}

static void check_binary(void) {
  cl_program p = bt_build(BINARY, NULL);
  if (!CHECK(p != NULL)) return;
  static unsigned short a[N], b[N], c[N], out[NBI * N];
  static float f[N];
  static double d[N];
  static int k[N];
  static long l[N];
  static const unsigned short sp[] = {0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0x0001,
                                      0x8001, 0x03ff, 0x0400, 0x7bff, 0xfbff, 0x3c01, 0x4000, 0x1400};
  for (unsigned i = 0; i < N; i++) {
    uint64_t r = bt_rand(), r2 = bt_rand();
    a[i] = (unsigned short)i;
    b[i] = (r & 7) == 0 ? sp[(r >> 3) % 16] : (unsigned short)(r >> 16);
    c[i] = (r & 0x700) == 0 ? sp[(r >> 11) % 16] : (unsigned short)(r >> 32);
    if (i % 5 == 0) /* z tiny against x*y, or x*y tiny against z: fma's double-rounding cases */
      c[i] = (r2 & 1) ? (unsigned short)((r2 >> 8) & 0x83ff) : (unsigned short)(0x7000 | ((r2 >> 8) & 0x8bff));
    /* values near half rounding boundaries (a half plus a fraction of its ulp), and wide ones */
    double base = half_val((unsigned short)(r2 >> 20) & 0x7bff), frac = (double)((r2 >> 40) & 15) / 8;
    double u = ulp_of(base);
    d[i] = (base + frac * u / 2 + ((r2 >> 44) & 1 ? ldexp(u, -30) : 0)) * ((r2 >> 63) ? -1 : 1);
    if (i % 7 == 0) d[i] = ldexp((double)(r2 >> 11), (int)(r2 % 90) - 100);
    f[i] = (i % 3) ? (float)d[i] : (float)(base + frac * u / 2) * ((r2 >> 63) ? -1 : 1);
    k[i] = (int)(r2 >> 33) >> (r2 % 31);
    l[i] = (long)r2 >> (r2 % 63);
  }
  /* x*y = 683*2^-9 * 0.75 = 1 + 2^-11, a half midpoint, and z = +-2^-24 just past it: fma is
   * 1 + 2^-10, while rounding x*y + z to float first gives the midpoint and then 1 */
  b[0x3d56] = b[0xbd56] = 0x3a00;
  c[0x3d56] = 0x0001;
  c[0xbd56] = 0x8001;
  cl_mem in[7] = {bt_buffer(sizeof a, a), bt_buffer(sizeof b, b), bt_buffer(sizeof c, c), bt_buffer(sizeof f, f),
                  bt_buffer(sizeof d, d), bt_buffer(sizeof k, k), bt_buffer(sizeof l, l)};
  static const char *const what[NBI] = {
      "fma", "fmod", "remainder", "remquo", "remquo quo", "nextafter", "copysign", "fdim", "ldexp", "fmin", "fmax",
      "pow", "atan2", "hypot", "select", "bitselect", "convert_half_rtz(float)", "convert_half_rtp(float)",
      "convert_half_rtn(float)", "convert_half(float)", "convert_half_rtz(double)", "convert_half_rtp(double)",
      "convert_half_rtn(double)", "convert_half_rte(double)", "convert_half_rtz(int)", "convert_half_rtp(int)",
      "convert_half_rtn(long)", "convert_half(long)", "mad"};
  if (bt_run(p, "bi", N, out, sizeof out, 7, in)) {
    int bad[NBI] = {0};
    for (unsigned i = 0; i < N; i++) {
      double x = half_val(a[i]), y = half_val(b[i]);
      unsigned w[NBI] = {0};
      w[0] = w[28] = fma_ref(a[i], b[i], c[i]);
      w[1] = to_half(fmod(x, y));
      w[2] = to_half(remainder(x, y));
      w[3] = w[2];
      int qq = 0;
      if (!isnan(x) && !isnan(y) && !isinf(x) && y != 0) {
        double n = nearbyint((x - remainder(x, y)) / y); /* exact: x - remainder is n * y */
        qq = (int)fmod(fabs(n), 128.0);
        if (signbit(x) != signbit(y)) qq = -qq;
      }
      w[4] = (unsigned short)qq;
      /* nextafter: the neighbouring encoding toward y */
      if (isnan(x) || isnan(y)) w[5] = 0x7e00;
      else if (x == y) w[5] = b[i];
      else if (x == 0) w[5] = (b[i] & 0x8000) | 1;
      else w[5] = ((x < y) == (x > 0)) ? a[i] + 1 : a[i] - 1;
      w[6] = (a[i] & 0x7fff) | (b[i] & 0x8000);
      w[7] = to_half(fdim(x, y));
      w[8] = to_half(ldexp(x, k[i] % 40));
      w[9] = to_half(isnan(x) ? y : isnan(y) ? x : fmin(x, y));
      w[10] = to_half(isnan(x) ? y : isnan(y) ? x : fmax(x, y));
      w[14] = (short)c[i] ? b[i] : a[i];
      w[15] = (a[i] & ~c[i]) | (b[i] & c[i]);
      for (int m = 0; m < 4; m++) {
        w[16 + m] = to_half_mode(f[i], m == 3 ? 0 : m + 1);
        w[20 + m] = to_half_mode(d[i], m == 3 ? 0 : m + 1);
      }
      w[24] = to_half_mode(k[i], 1); w[25] = to_half_mode(k[i], 2);
      w[26] = to_half_mode((double)l[i], 3); w[27] = to_half_mode((double)l[i], 0);
      /* a long beyond 2^53 is rounded once more by (double): both sides overflow half then */
      for (int j = 0; j < NBI; j++) {
        unsigned got = out[j * N + i];
        int ok;
        if (j == 11) ok = near(got, pow(x, y), 1.0);
        else if (j == 12) ok = near(got, atan2(x, y), 1.0);
        else if (j == 13) ok = near(got, hypot(x, y), 1.0);
        else if (j == 4 || j == 6 || j == 14 || j == 15) ok = got == w[j];
        else if (j == 5 && isnan(x + y)) ok = half_same(got, 0x7e00);
        else ok = half_same(got, w[j]);
        if (j == 4 && half_same(w[3], 0x7e00)) ok = 1; /* no quotient for a NaN remainder */
        if (!ok && bad[j]++ < 3)
          fprintf(stderr, "%s: a=%#06x b=%#06x c=%#06x f=%a d=%a k=%d l=%ld: got %#06x want %#06x\n", what[j],
                  a[i], b[i], c[i], (double)f[i], d[i], k[i], l[i], got, w[j]);
      }
    }
    for (int j = 0; j < NBI; j++)
      if (!CHECK(bad[j] == 0)) fprintf(stderr, "%s: %d of %d wrong\n", what[j], bad[j], N);
  }
  for (int j = 0; j < 7; j++) clReleaseMemObject(in[j]);
  clReleaseProgram(p);
}

/* Vectors: per work-item i, 16 halves in (x = in[16i..16i+15]); each result is written as
 * halves to out[64i..]. */
static const char VECTOR[] =
    "#pragma OPENCL EXTENSION cl_khr_fp16 : enable\n"
    "kernel void ve(global half *o, global const half *a) {\n"
    "  size_t i = get_global_id(0);\n"
    "  half16 v = vload16(i, a);\n"
    "  global half *r = o + 64 * i;\n"
    "  vstore8(floor(v.lo), 0, r);\n"                                 /* 0..7 */
    "  vstore3(vload3(1, a + 16 * i), 0, r + 8);\n"                   /* 8..10: a[16i+3..5] */
    "  vstore4(shuffle(v.s0123, (ushort4)(3, 2, 1, 0)), 0, r + 11);\n"  /* 11..14 */
    "  vstore2(shuffle2(v.s01, v.s23, (ushort2)(3, 0)), 0, r + 15);\n"  /* 15..16 */
    "  r[17] = dot(v.s012, v.s345); r[18] = length(v.s0123); r[19] = distance(v.s01, v.s23);\n"
    "  vstore4(normalize(v.s4567), 0, r + 20);\n"                     /* 20..23 */
    "  vstore3(cross(v.s012, v.s345), 0, r + 24);\n"                   /* 24..26 */
    "  vstore4(as_half4(isless(v.s0123, v.s4567)), 0, r + 27);\n"      /* 27..30 */
    "  vstore8(fmax(v.lo, v.hi), 0, r + 31);\n"                        /* 31..38 */
    "  vstore4(select(v.s0123, v.s4567, isgreater(v.s0123, v.s4567)), 0, r + 39);\n" /* 39..42 */
    "  vstore2(convert_half2_rtz(convert_float2(v.s01) * 1.001f), 0, r + 43);\n"  /* 43..44 */
    "  vstore4(fma(v.s0123, v.s4567, v.s89ab), 0, r + 45);\n"          /* 45..48 */
    "}\n";

static void check_vector(void) {
  enum { W = 256 };
  cl_program p = bt_build(VECTOR, NULL);
  if (!CHECK(p != NULL)) return;
  static unsigned short a[16 * W], out[64 * W];
  for (unsigned i = 0; i < 16 * W; i++) { /* finite values of moderate size */
    uint64_t r = bt_rand();
    a[i] = (unsigned short)(((r >> 8) & 0x8000) | (0x2c00 + (r >> 20) % 0x2000));
  }
  cl_mem in = bt_buffer(sizeof a, a);
  int bad = 0;
  if (bt_run(p, "ve", W, out, sizeof out, 1, &in)) {
    for (unsigned i = 0; i < W; i++) {
      const unsigned short *x = a + 16 * i, *g = out + 64 * i;
      double v[16];
      for (int j = 0; j < 16; j++) v[j] = half_val(x[j]);
      unsigned w[49];
      double ref[49]; /* for the results checked within 1 ulp: the exact value (else NAN) */
      for (int j = 0; j < 49; j++) ref[j] = NAN;
      for (int j = 0; j < 8; j++) w[j] = to_half(floor(v[j]));
      for (int j = 0; j < 3; j++) w[8 + j] = x[3 + j];
      for (int j = 0; j < 4; j++) w[11 + j] = x[3 - j];
      w[15] = x[3]; w[16] = x[0];
      ref[17] = v[0] * v[3] + v[1] * v[4] + v[2] * v[5];
      ref[18] = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2] + v[3] * v[3]);
      ref[19] = hypot(v[0] - v[2], v[1] - v[3]);
      double len = sqrt(v[4] * v[4] + v[5] * v[5] + v[6] * v[6] + v[7] * v[7]);
      for (int j = 0; j < 4; j++) ref[20 + j] = v[4 + j] / len;
      ref[24] = v[1] * v[5] - v[2] * v[4]; ref[25] = v[2] * v[3] - v[0] * v[5]; ref[26] = v[0] * v[4] - v[1] * v[3];
      for (int j = 0; j < 4; j++) w[27 + j] = v[j] < v[4 + j] ? 0xffff : 0;
      for (int j = 0; j < 8; j++) w[31 + j] = to_half(fmax(v[j], v[8 + j]));
      for (int j = 0; j < 4; j++) w[39 + j] = v[j] > v[4 + j] ? x[4 + j] : x[j];
      for (int j = 0; j < 2; j++) w[43 + j] = to_half_mode((double)((float)v[j] * 1.001f), 1);
      for (int j = 0; j < 4; j++) w[45 + j] = fma_ref(x[j], x[4 + j], x[8 + j]);
      for (int j = 0; j < 49; j++) {
        if (!isnan(ref[j])) w[j] = to_half(ref[j]);
        int ok = !isnan(ref[j]) ? near(g[j], ref[j], 1.0) : g[j] == w[j];
        if (!ok && bad++ < 5) fprintf(stderr, "vector item %u, result %d: got %#06x want %#06x\n", i, j, g[j], w[j]);
      }
    }
  }
  CHECK(bad == 0);
  clReleaseMemObject(in);
  clReleaseProgram(p);
}

int main(void) {
  bt_init();
  check_unary();
  check_binary();
  check_vector();
  return vt_finish();
}
