/* sim_alu.c - every arithmetic, comparison and conversion opcode of vir_ops.def against its
 * definition, on edge values (0, +-1, minimum, maximum, NaN, infinities, denormals) and random
 * values, with all lanes active (the vectorised path) and with a third of the lanes inactive
 * (their destination register must keep its old value). */
#include <math.h>
#include <string.h>
#include "tests/kernels/simlib.h"

enum cls { I32, I64, F32, F64, F16C };
struct tcase { unsigned op, mod, size; enum cls cls; };

static const struct tcase cases[] = {
  {VIR_MOV, 0, 0, I64}, {VIR_SELECT, 0, 0, I64},
  {VIR_ADD_I32, 0, 0, I32}, {VIR_SUB_I32, 0, 0, I32}, {VIR_MUL_I32, 0, 0, I32},
  {VIR_UDIV_I32, 0, 0, I32}, {VIR_SDIV_I32, 0, 0, I32}, {VIR_UREM_I32, 0, 0, I32}, {VIR_SREM_I32, 0, 0, I32},
  {VIR_SHL_I32, 0, 0, I32}, {VIR_LSHR_I32, 0, 0, I32}, {VIR_ASHR_I32, 0, 0, I32},
  {VIR_ICMP_I32, 0, 0, I32}, {VIR_ICMP_I32, 1, 0, I32}, {VIR_ICMP_I32, 2, 0, I32}, {VIR_ICMP_I32, 3, 0, I32},
  {VIR_ICMP_I32, 4, 0, I32}, {VIR_ICMP_I32, 5, 0, I32}, {VIR_ICMP_I32, 6, 0, I32}, {VIR_ICMP_I32, 7, 0, I32},
  {VIR_ICMP_I32, 8, 0, I32}, {VIR_ICMP_I32, 9, 0, I32},
  {VIR_ADD_I64, 0, 0, I64}, {VIR_SUB_I64, 0, 0, I64}, {VIR_MUL_I64, 0, 0, I64},
  {VIR_UDIV_I64, 0, 0, I64}, {VIR_SDIV_I64, 0, 0, I64}, {VIR_UREM_I64, 0, 0, I64}, {VIR_SREM_I64, 0, 0, I64},
  {VIR_SHL_I64, 0, 0, I64}, {VIR_LSHR_I64, 0, 0, I64}, {VIR_ASHR_I64, 0, 0, I64},
  {VIR_ICMP_I64, 0, 0, I64}, {VIR_ICMP_I64, 1, 0, I64}, {VIR_ICMP_I64, 2, 0, I64}, {VIR_ICMP_I64, 3, 0, I64},
  {VIR_ICMP_I64, 4, 0, I64}, {VIR_ICMP_I64, 5, 0, I64}, {VIR_ICMP_I64, 6, 0, I64}, {VIR_ICMP_I64, 7, 0, I64},
  {VIR_ICMP_I64, 8, 0, I64}, {VIR_ICMP_I64, 9, 0, I64},
  {VIR_MADI_I64, 0, 0, I64}, {VIR_AND, 0, 0, I64}, {VIR_OR, 0, 0, I64}, {VIR_XOR, 0, 0, I64},
  {VIR_MASK, 0, 1, I64}, {VIR_MASK, 0, 2, I64}, {VIR_MASK, 0, 4, I64},
  {VIR_SEXT, 4, 1, I64}, {VIR_SEXT, 8, 2, I64}, {VIR_SEXT, 8, 4, I64}, {VIR_SEXT, 2, 1, I64},
  {VIR_CLZ, 0, 4, I64}, {VIR_CLZ, 0, 8, I64}, {VIR_CLZ, 0, 1, I64}, {VIR_CTZ, 0, 4, I64}, {VIR_CTZ, 0, 8, I64},
  {VIR_CTZ, 0, 2, I64}, {VIR_POPCOUNT, 0, 4, I64}, {VIR_POPCOUNT, 0, 8, I64}, {VIR_BSWAP, 0, 2, I64},
  {VIR_BSWAP, 0, 4, I64}, {VIR_BSWAP, 0, 8, I64}, {VIR_BITREV, 0, 4, I64}, {VIR_BITREV, 0, 8, I64},
  {VIR_SMIN, 0, 4, I32}, {VIR_SMAX, 0, 4, I32}, {VIR_SMIN, 0, 8, I64}, {VIR_SMAX, 0, 8, I64},
  {VIR_UMIN, 0, 8, I64}, {VIR_UMAX, 0, 8, I64}, {VIR_ABS, 0, 4, I32}, {VIR_ABS, 0, 8, I64},
  {VIR_SADDSAT, 0, 4, I32}, {VIR_UADDSAT, 0, 4, I32}, {VIR_SSUBSAT, 0, 4, I32}, {VIR_USUBSAT, 0, 4, I32},
  {VIR_SADDSAT, 0, 8, I64}, {VIR_USUBSAT, 0, 8, I64}, {VIR_SADDSAT, 0, 1, I64},
  {VIR_MULHI_S, 0, 4, I32}, {VIR_MULHI_U, 0, 4, I32}, {VIR_MULHI_S, 0, 8, I64}, {VIR_MULHI_U, 0, 8, I64},
  {VIR_FSHL, 0, 4, I32}, {VIR_FSHR, 0, 4, I32}, {VIR_FSHL, 0, 8, I64}, {VIR_FSHR, 0, 8, I64},
  {VIR_FADD_F32, 0, 0, F32}, {VIR_FSUB_F32, 0, 0, F32}, {VIR_FMUL_F32, 0, 0, F32}, {VIR_FDIV_F32, 0, 0, F32},
  {VIR_FREM_F32, 0, 0, F32}, {VIR_FNEG_F32, 0, 0, F32},
  {VIR_FADD_F64, 0, 0, F64}, {VIR_FSUB_F64, 0, 0, F64}, {VIR_FMUL_F64, 0, 0, F64}, {VIR_FDIV_F64, 0, 0, F64},
  {VIR_FREM_F64, 0, 0, F64}, {VIR_FNEG_F64, 0, 0, F64},
  {VIR_FPTOSI_F32, 0, 4, F32}, {VIR_FPTOUI_F32, 0, 4, F32}, {VIR_FPTOSI_F32, 0, 2, F32},
  {VIR_SITOFP_F32, 0, 4, I32}, {VIR_UITOFP_F32, 0, 4, I32}, {VIR_SITOFP_F32, 0, 8, I64}, {VIR_UITOFP_F32, 0, 8, I64},
  {VIR_FPTOSI_F64, 0, 8, F64}, {VIR_FPTOUI_F64, 0, 8, F64}, {VIR_FPTOSI_F64, 0, 4, F64},
  {VIR_SITOFP_F64, 0, 4, I32}, {VIR_UITOFP_F64, 0, 8, I64}, {VIR_SITOFP_F64, 0, 8, I64},
  {VIR_FPEXT, 0, 0, F32}, {VIR_FPTRUNC, 0, 0, F64}, {VIR_F16TOF32, 0, 0, F16C}, {VIR_F32TOF16, 0, 0, F32},
  {VIR_F64TOF16, 0, 0, F64},
};

static float f32(uint64_t x) { uint32_t u = (uint32_t)x; float f; memcpy(&f, &u, 4); return f; }
static double f64(uint64_t x) { double f; memcpy(&f, &x, 8); return f; }
static uint64_t b32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t b64(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static uint64_t bm(unsigned n) { return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1; }
static int64_t sx(uint64_t x, unsigned n) { return n >= 8 ? (int64_t)x : (int64_t)(x << (64 - 8 * n)) >> (64 - 8 * n); }

static int fcmp(unsigned p, double x, double y) {
  int uno = isnan(x) || isnan(y), lt = x < y, gt = x > y, eq = x == y;
  switch (p) {
    case VIR_FCMP_FALSE: return 0;
    case VIR_FCMP_OEQ: return eq;
    case VIR_FCMP_OGT: return gt;
    case VIR_FCMP_OGE: return gt || eq;
    case VIR_FCMP_OLT: return lt;
    case VIR_FCMP_OLE: return lt || eq;
    case VIR_FCMP_ONE: return lt || gt;
    case VIR_FCMP_ORD: return !uno;
    case VIR_FCMP_UNO: return uno;
    case VIR_FCMP_UEQ: return uno || eq;
    case VIR_FCMP_UGT: return uno || gt;
    case VIR_FCMP_UGE: return uno || gt || eq;
    case VIR_FCMP_ULT: return uno || lt;
    case VIR_FCMP_ULE: return uno || lt || eq;
    case VIR_FCMP_UNE: return uno || !eq;
    default: return 1;
  }
}

static int icmp(unsigned p, uint64_t x, uint64_t y, unsigned n) {
  int64_t a = sx(x, n), b = sx(y, n);
  x &= bm(n); y &= bm(n);
  switch (p) {
    case VIR_ICMP_EQ: return x == y;
    case VIR_ICMP_NE: return x != y;
    case VIR_ICMP_UGT: return x > y;
    case VIR_ICMP_UGE: return x >= y;
    case VIR_ICMP_ULT: return x < y;
    case VIR_ICMP_ULE: return x <= y;
    case VIR_ICMP_SGT: return a > b;
    case VIR_ICMP_SGE: return a >= b;
    case VIR_ICMP_SLT: return a < b;
    default: return a <= b;
  }
}

/* Math functions by table index, as vir_math.def names them (the libm float/double functions). */
typedef void (*fnptr)(void);
static const struct { int arity; fnptr f32, f64; } mathfn[VIR_NUM_MATH] = {
#define VIR_MATH(name, arity) [VIR_MATH_##name] = {arity, (fnptr)name##f, (fnptr)name},
#include "vir/vir_math.def"
#undef VIR_MATH
};

static uint64_t ref_math(unsigned fn, int dbl, uint64_t x, uint64_t y, uint64_t z) {
  if (fn == VIR_MATH_ldexp) return dbl ? b64(ldexp(f64(x), (int32_t)y)) : b32(ldexpf(f32(x), (int32_t)y));
  if (fn == VIR_MATH_ilogb) return (uint32_t)(dbl ? ilogb(f64(x)) : ilogbf(f32(x)));
  int n = mathfn[fn].arity;
  if (dbl) {
    if (n == 1) return b64(((double (*)(double))mathfn[fn].f64)(f64(x)));
    if (n == 2) return b64(((double (*)(double, double))mathfn[fn].f64)(f64(x), f64(y)));
    return b64(((double (*)(double, double, double))mathfn[fn].f64)(f64(x), f64(y), f64(z)));
  }
  if (n == 1) return b32(((float (*)(float))mathfn[fn].f32)(f32(x)));
  if (n == 2) return b32(((float (*)(float, float))mathfn[fn].f32)(f32(x), f32(y)));
  return b32(((float (*)(float, float, float))mathfn[fn].f32)(f32(x), f32(y), f32(z)));
}

static uint64_t ref(const struct tcase *t, uint64_t x, uint64_t y, uint64_t z) {
  unsigned n = t->size;
  uint32_t a = (uint32_t)x, b = (uint32_t)y;
  switch (t->op) {
    case VIR_MOV: return x;
    case VIR_SELECT: return (x & 1) ? y : z;
    case VIR_ADD_I32: return (uint32_t)(a + b);
    case VIR_SUB_I32: return (uint32_t)(a - b);
    case VIR_MUL_I32: return (uint32_t)(a * b);
    case VIR_UDIV_I32: return a / b;
    case VIR_SDIV_I32: return (uint32_t)((int32_t)a / (int32_t)b);
    case VIR_UREM_I32: return a % b;
    case VIR_SREM_I32: return (uint32_t)((int32_t)a % (int32_t)b);
    case VIR_SHL_I32: return (uint32_t)(a << (b & 31));
    case VIR_LSHR_I32: return a >> (b & 31);
    case VIR_ASHR_I32: return (uint32_t)((int32_t)a >> (b & 31));
    case VIR_ICMP_I32: return (uint64_t)icmp(t->mod, x, y, 4);
    case VIR_ADD_I64: return x + y;
    case VIR_SUB_I64: return x - y;
    case VIR_MUL_I64: return x * y;
    case VIR_UDIV_I64: return x / y;
    case VIR_SDIV_I64: return (uint64_t)((int64_t)x / (int64_t)y);
    case VIR_UREM_I64: return x % y;
    case VIR_SREM_I64: return (uint64_t)((int64_t)x % (int64_t)y);
    case VIR_SHL_I64: return x << (y & 63);
    case VIR_LSHR_I64: return x >> (y & 63);
    case VIR_ASHR_I64: return (uint64_t)((int64_t)x >> (y & 63));
    case VIR_ICMP_I64: return (uint64_t)icmp(t->mod, x, y, 8);
    case VIR_MADI_I64: return x * y + z;
    case VIR_AND: return x & y;
    case VIR_OR: return x | y;
    case VIR_XOR: return x ^ y;
    case VIR_MASK: return x & bm(n);
    case VIR_SEXT: return (uint64_t)sx(x, n) & bm(t->mod);
    case VIR_CLZ: { uint64_t v = x & bm(n); unsigned c = 0; for (int i = 8 * n - 1; i >= 0 && !((v >> i) & 1); i--) c++; return c; }
    case VIR_CTZ: { uint64_t v = x & bm(n); unsigned c = 0; for (unsigned i = 0; i < 8 * n && !((v >> i) & 1); i++) c++; return c; }
    case VIR_POPCOUNT: { uint64_t v = x & bm(n); unsigned c = 0; for (; v; v >>= 1) c += v & 1; return c; }
    case VIR_BSWAP: { uint64_t r = 0; for (unsigned i = 0; i < n; i++) r |= ((x >> (8 * i)) & 0xff) << (8 * (n - 1 - i)); return r; }
    case VIR_BITREV: { uint64_t r = 0; for (unsigned i = 0; i < 8 * n; i++) r |= ((x >> i) & 1) << (8 * n - 1 - i); return r; }
    case VIR_SMIN: return sx(x, n) < sx(y, n) ? x : y;
    case VIR_SMAX: return sx(x, n) > sx(y, n) ? x : y;
    case VIR_UMIN: return x < y ? x : y;
    case VIR_UMAX: return x > y ? x : y;
    case VIR_ABS: return (uint64_t)(sx(x, n) < 0 ? -(__int128)sx(x, n) : sx(x, n)) & bm(n);
    case VIR_SADDSAT: case VIR_SSUBSAT: {
      __int128 lo = -((__int128)1 << (8 * n - 1)), hi = ((__int128)1 << (8 * n - 1)) - 1;
      __int128 r = t->op == VIR_SADDSAT ? (__int128)sx(x, n) + sx(y, n) : (__int128)sx(x, n) - sx(y, n);
      return (uint64_t)(r < lo ? lo : r > hi ? hi : r) & bm(n);
    }
    case VIR_UADDSAT: { unsigned __int128 r = (unsigned __int128)(x & bm(n)) + (y & bm(n)); return r > bm(n) ? bm(n) : (uint64_t)r; }
    case VIR_USUBSAT: return (x & bm(n)) > (y & bm(n)) ? (x & bm(n)) - (y & bm(n)) : 0;
    case VIR_MULHI_S: return (uint64_t)(((__int128)sx(x, n) * sx(y, n)) >> (8 * n)) & bm(n);
    case VIR_MULHI_U: return (uint64_t)(((unsigned __int128)(x & bm(n)) * (y & bm(n))) >> (8 * n)) & bm(n);
    case VIR_FSHL: case VIR_FSHR: {
      unsigned w = 8 * n, s = (unsigned)(z % w);
      unsigned __int128 cat = ((unsigned __int128)(x & bm(n)) << w) | (y & bm(n));
      return t->op == VIR_FSHL ? (uint64_t)((cat << s) >> w) & bm(n) : (uint64_t)(cat >> s) & bm(n);
    }
    case VIR_FADD_F32: return b32(f32(x) + f32(y));
    case VIR_FSUB_F32: return b32(f32(x) - f32(y));
    case VIR_FMUL_F32: return b32(f32(x) * f32(y));
    case VIR_FDIV_F32: return b32(f32(x) / f32(y));
    case VIR_FREM_F32: return b32(fmodf(f32(x), f32(y)));
    case VIR_FNEG_F32: return b32(-f32(x));
    case VIR_FCMP_F32: return (uint64_t)fcmp(t->mod, f32(x), f32(y));
    case VIR_FADD_F64: return b64(f64(x) + f64(y));
    case VIR_FSUB_F64: return b64(f64(x) - f64(y));
    case VIR_FMUL_F64: return b64(f64(x) * f64(y));
    case VIR_FDIV_F64: return b64(f64(x) / f64(y));
    case VIR_FREM_F64: return b64(fmod(f64(x), f64(y)));
    case VIR_FNEG_F64: return b64(-f64(x));
    case VIR_FCMP_F64: return (uint64_t)fcmp(t->mod, f64(x), f64(y));
    case VIR_MATH_F32: return ref_math(t->mod, 0, x, y, z);
    case VIR_MATH_F64: return ref_math(t->mod, 1, x, y, z);
    case VIR_FPTOSI_F32: return (uint64_t)(int64_t)f32(x) & bm(n);
    case VIR_FPTOUI_F32: return (uint64_t)f32(x) & bm(n);
    case VIR_SITOFP_F32: return b32((float)sx(x, n));
    case VIR_UITOFP_F32: return b32((float)(x & bm(n)));
    case VIR_FPTOSI_F64: return (uint64_t)(int64_t)f64(x) & bm(n);
    case VIR_FPTOUI_F64: return (uint64_t)f64(x) & bm(n);
    case VIR_SITOFP_F64: return b64((double)sx(x, n));
    case VIR_UITOFP_F64: return b64((double)(x & bm(n)));
    case VIR_FPEXT: return b64((double)f32(x));
    case VIR_FPTRUNC: return b32((float)f64(x));
    case VIR_F16TOF32: { _Float16 h; uint16_t u = (uint16_t)x; memcpy(&h, &u, 2); return b32((float)h); }
    case VIR_F32TOF16: { _Float16 h = (_Float16)f32(x); uint16_t u; memcpy(&u, &h, 2); return u; }
    case VIR_F64TOF16: { _Float16 h = (_Float16)f64(x); uint16_t u; memcpy(&u, &h, 2); return u; }
  }
  return 0;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

/* An input of the class: an edge value for the first lanes, random after. */
static uint64_t input(enum cls c, unsigned i) {
  static const uint64_t i32e[] = {0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 2, 31, 33};
  static const uint64_t i64e[] = {0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull, 2, 63, 65};
  static const float f32e[] = {0.0f, -0.0f, 1.0f, -1.5f, INFINITY, -INFINITY, NAN, 1e-40f, 3e9f, -7e4f, 65520.0f, 1e-6f};
  static const double f64e[] = {0.0, -0.0, 1.0, -1.5, INFINITY, -INFINITY, NAN, 1e-310, 3e18, -7e4, 1e300, 0.1};
  switch (c) {
    case I32: return i < 8 ? i32e[i] : (i & 1 ? next() & 0xffffffff : next() & 0xff);
    case I64: return i < 8 ? i64e[i] : (i & 1 ? next() : next() & 0xffff);
    case F32: if (i < 12) return b32(f32e[i]); return b32((float)((int64_t)(next() % 2000001) - 1000000) / 137.0f);
    case F64: if (i < 12) return b64(f64e[i]); return b64((double)((int64_t)(next() % 2000001) - 1000000) / 137.0);
    default: return next() & 0xffff;
  }
}

/* Float->int conversions out of range are undefined (LLVM poison): keep inputs in range. */
static int defined(const struct tcase *t, uint64_t x, uint64_t y) {
  double v = (t->cls == F32) ? f32(x) : f64(x);
  unsigned n = t->size;
  switch (t->op) {
    case VIR_FPTOSI_F32: case VIR_FPTOSI_F64:
      return !isnan(v) && v > -ldexp(1.0, 8 * n - 1) - 1 && v < ldexp(1.0, 8 * n - 1);
    case VIR_FPTOUI_F32: case VIR_FPTOUI_F64: return !isnan(v) && v > -1 && v < ldexp(1.0, 8 * n);
    case VIR_UDIV_I32: case VIR_UREM_I32: return (uint32_t)y != 0;
    case VIR_SDIV_I32: case VIR_SREM_I32: return (uint32_t)y != 0 && !((uint32_t)x == 0x80000000u && (uint32_t)y == 0xffffffffu);
    case VIR_UDIV_I64: case VIR_UREM_I64: return y != 0;
    case VIR_SDIV_I64: case VIR_SREM_I64: return y != 0 && !(x == 0x8000000000000000ull && y == ~0ull);
  }
  return 1;
}

enum { X, Y, Z, OUT, GID, T, P, R, C, NREGS };
enum { L_DO, L_JOIN };

static void *build(const struct tcase *t, int divergent, size_t *size) {
  struct vb b;
  vb_init(&b, "alu", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, X, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, Y, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, Z, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 3), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, OUT, T, 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, X, X, T, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 8, X, X, 0, 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, Y, Y, T, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 8, Y, Y, 0, 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, Z, Z, T, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 8, Z, Z, 0, 0);
  vb_op(&b, VIR_MOV, 0, 0, R, vb_k(&b, 0x5555aaaa5555aaaaull), 0, 0);
  if (divergent) {
    vb_op(&b, VIR_UREM_I64, 0, 0, C, GID, vb_k(&b, 3), 0);
    vb_op(&b, VIR_ICMP_I64, VIR_ICMP_NE, 0, C, C, vb_k(&b, 0), 0);
    vb_cbr(&b, C, L_DO, L_JOIN, L_JOIN);
  }
  vb_label(&b, L_DO);
  vb_op(&b, t->op, t->mod, t->size, R, X, Y, Z);
  vb_label(&b, L_JOIN);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 8, 0, P, R, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

int main(void) {
  struct simdev d;
  sim_open(&d, 16, 2, 32, 10);
  enum { N = 256 };
  uint64_t bx = sim_alloc(&d, N * 8), by = sim_alloc(&d, N * 8), bz = sim_alloc(&d, N * 8), bo = sim_alloc(&d, N * 8);
  uint64_t *px = sim_ptr(&d, bx), *py = sim_ptr(&d, by), *pz = sim_ptr(&d, bz), *po = sim_ptr(&d, bo);
  struct tcase all[sizeof cases / sizeof *cases + 32 + 2 * VIR_NUM_MATH];
  unsigned nall = 0;
  for (unsigned i = 0; i < sizeof cases / sizeof *cases; i++) all[nall++] = cases[i];
  for (unsigned p = 0; p <= VIR_FCMP_TRUE; p++) {
    all[nall++] = (struct tcase){VIR_FCMP_F32, p, 0, F32};
    all[nall++] = (struct tcase){VIR_FCMP_F64, p, 0, F64};
  }
  for (unsigned f = 0; f < VIR_NUM_MATH; f++) {
    all[nall++] = (struct tcase){VIR_MATH_F32, f, 0, F32};
    all[nall++] = (struct tcase){VIR_MATH_F64, f, 0, F64};
  }
  unsigned failed_cases = 0;
  for (unsigned c = 0; c < nall; c++) {
    const struct tcase *t = &all[c];
    for (unsigned i = 0; i < N; i++) {
      /* y takes the edge values in another order than x, so edge pairs meet */
      px[i] = input(t->cls, i);
      py[i] = input(t->cls, i < 12 ? (i * 5 + 3) % 12 : i);
      pz[i] = t->op == VIR_SELECT ? next() : input(t->cls, i);
      if (t->op == VIR_FSHL || t->op == VIR_FSHR) pz[i] = next() & 255;
      if ((t->op == VIR_MATH_F32 || t->op == VIR_MATH_F64) && t->mod == VIR_MATH_ldexp) py[i] = (uint32_t)((int)(next() % 300) - 150);
      if (!defined(t, px[i], py[i])) { px[i] = t->cls == F32 ? b32(1.0f) : t->cls == F64 ? b64(1.0) : 7; py[i] = 3; }
    }
    for (int divergent = 0; divergent < 2; divergent++) {
      size_t size;
      void *blob = build(t, divergent, &size);
      struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {64}};
      sim_arg_buf(&l, bx); sim_arg_buf(&l, by); sim_arg_buf(&l, bz); sim_arg_buf(&l, bo);
      struct vgpu_launch *rec;
      int st = sim_run(&d, blob, size, &l, &rec);
      free(blob);
      unsigned bad = 0;
      if (st) printf("op %u mod %u: status %d: %s\n", t->op, t->mod, st, rec->fault.message);
      for (unsigned i = 0; i < N && !st; i++) {
        uint64_t want = divergent && i % 3 == 0 ? 0x5555aaaa5555aaaaull : ref(t, px[i], py[i], pz[i]);
        int math = t->op == VIR_MATH_F32 || t->op == VIR_MATH_F64, ilogb = math && t->mod == VIR_MATH_ilogb;
        if (math && !ilogb && (want != 0x5555aaaa5555aaaaull) &&
            (t->op == VIR_MATH_F32 ? isnan(f32(po[i])) && isnan(f32(want)) : isnan(f64(po[i])) && isnan(f64(want))))
          continue; /* any NaN is the right answer */
        if (po[i] != want && bad++ < 3)
          printf("op %u (%s) mod %u size %u%s: (%llx, %llx, %llx) -> %llx, want %llx\n", t->op,
                 vir_op_name[t->op], t->mod, t->size, divergent ? " divergent" : "", (unsigned long long)px[i],
                 (unsigned long long)py[i], (unsigned long long)pz[i], (unsigned long long)po[i],
                 (unsigned long long)want);
      }
      failed_cases += st || bad;
    }
  }
  CHECK(failed_cases == 0);
  printf("%u opcode variants checked\n", nall);
  sim_close(&d);
  return vt_finish();
}
