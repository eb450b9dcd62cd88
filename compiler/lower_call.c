/* lower_call.c - calls that survive inlining: LLVM intrinsics, the __vgpu_* contract with the
 * builtin library (compiler/README.md), printf; and atomics.  Any other call left after inlining
 * everything is recursion (or a builtin the library lacks), reported by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/lower.h"
#include "compiler/lower_call.h"
#include "compiler/lower_image.h"
#include "compiler/lower_pipe.h"

static LLVMTypeRef scalar_of(LLVMTypeRef t) {
  return LLVMGetTypeKind(t) == LLVMVectorTypeKind ? LLVMGetElementType(t) : t;
}
static int is_f64(LLVMTypeRef t) { return LLVMGetTypeKind(scalar_of(t)) == LLVMDoubleTypeKind; }
static int is_f32(LLVMTypeRef t) { return LLVMGetTypeKind(scalar_of(t)) == LLVMFloatTypeKind; }
static int is_f16(LLVMTypeRef t) { return LLVMGetTypeKind(scalar_of(t)) == LLVMHalfTypeKind; }
static unsigned iwidth(LLVMTypeRef t) {
  t = scalar_of(t);
  return LLVMGetTypeKind(t) == LLVMIntegerTypeKind ? LLVMGetIntTypeWidth(t) : 0;
}
static LLVMValueRef arg(LLVMValueRef call, unsigned i) { return LLVMGetOperand(call, i); }
static unsigned nargs(LLVMValueRef call) { return (unsigned)LLVMGetNumArgOperands(call); }

/* Name without the Itanium prefix _Z<len>, so overloadable and plain declarations both match. */
static const char *plain_name(const char *name) {
  if (name[0] == '_' && name[1] == 'Z') {
    const char *p = name + 2;
    size_t len = 0;
    while (*p >= '0' && *p <= '9') len = len * 10 + (size_t)(*p++ - '0');
    (void)len;
    return p;
  }
  return name;
}

static int math_index(const char *name, size_t len) {
  for (int i = 0; i < VIR_NUM_MATH; i++)
    if (strlen(vir_math_name[i]) == len && !strncmp(vir_math_name[i], name, len)) return i;
  return -1;
}

/* Elementwise MATH_F32/F64 call: function m applied to the call's arguments. */
static int math_call(struct lw_fn *f, LLVMValueRef call, int m, unsigned nops) {
  LLVMTypeRef t = LLVMTypeOf(call);
  LLVMTypeRef ft = LLVMTypeOf(arg(call, 0)); /* ilogb returns an int: the operand says f32/f64 */
  int dbl = is_f64(ft), half = is_f16(ft);
  if (!dbl && !is_f32(ft) && !half) return lw_fail(f, "math on this floating-point type is not supported");
  /* Half: the float function of the exactly widened operands, rounded once to half.  Exact for
   * fmin/fmax and the roundings to integers; correctly rounded for sqrt (float's 24 bits >=
   * 2 * 11 + 2, the double-rounding bound); fabs and copysign work on the bits.  fma is not:
   * float cannot hold its exact result (the library's fma(half) goes through double, see
   * lib/math_half.cl, so only a hand-written llvm.fma.f16 gets here). */
  if (half && m == VIR_MATH_fma) return lw_fail(f, "fma on half is not supported");
  uint32_t d = lw_def(f, call), n = lw_leaves(t);
  if (half && (m == VIR_MATH_fabs || m == VIR_MATH_copysign)) {
    /* on the sign bit alone, like fneg: widening would quiet a signaling NaN (IEEE 754 5.5.1) */
    for (uint32_t i = 0; i < n; i++) {
      uint32_t a = lw_vreg(f, 1);
      lw_emit(f, VIR_AND, 0, 0, m == VIR_MATH_fabs ? d + i : a, lw_elem(f, arg(call, 0), i), lw_const(f, 0x7fffu), VIR_NOREG);
      if (m == VIR_MATH_fabs) continue;
      uint32_t b = lw_vreg(f, 1);
      LLVMValueRef y = arg(call, 1);
      lw_emit(f, VIR_AND, 0, 0, b, lw_elem(f, y, LLVMGetTypeKind(LLVMTypeOf(y)) == LLVMVectorTypeKind ? i : 0),
              lw_const(f, 0x8000u), VIR_NOREG);
      lw_emit(f, VIR_OR, 0, 0, d + i, a, b, VIR_NOREG);
    }
    return 0;
  }
  for (uint32_t i = 0; i < n; i++) {
    uint32_t ops[3] = {VIR_NOREG, VIR_NOREG, VIR_NOREG};
    for (unsigned k = 0; k < nops && k < 3; k++) {
      LLVMValueRef a = arg(call, k);
      ops[k] = lw_elem(f, a, LLVMGetTypeKind(LLVMTypeOf(a)) == LLVMVectorTypeKind ? i : 0);
      if (half && is_f16(LLVMTypeOf(a))) {
        uint32_t w = lw_vreg(f, 1);
        lw_emit(f, VIR_F16TOF32, 0, 0, w, ops[k], VIR_NOREG, VIR_NOREG);
        ops[k] = w;
      }
    }
    if (half && is_f16(t)) {
      uint32_t r = lw_vreg(f, 1);
      lw_emit(f, VIR_MATH_F32, (unsigned)m, 0, r, ops[0], ops[1], ops[2]);
      lw_emit(f, VIR_F32TOF16, 0, 0, d + i, r, VIR_NOREG, VIR_NOREG);
    } else {
      lw_emit(f, dbl ? VIR_MATH_F64 : VIR_MATH_F32, (unsigned)m, 0, d + i, ops[0], ops[1], ops[2]);
    }
  }
  return 0;
}

/* llvm.fmuladd on half, unfused (which fmuladd allows): a * b rounded to half, then + c rounded
 * to half.  a * b is exact in float (22 significant bits), so each step rounds once. */
static int half_muladd(struct lw_fn *f, LLVMValueRef call) {
  uint32_t d = lw_def(f, call), n = lw_leaves(LLVMTypeOf(call));
  for (uint32_t i = 0; i < n; i++) {
    uint32_t w[3], p = lw_vreg(f, 1), ph = lw_vreg(f, 1), pw = lw_vreg(f, 1), s = lw_vreg(f, 1);
    for (unsigned k = 0; k < 3; k++) {
      w[k] = lw_vreg(f, 1);
      lw_emit(f, VIR_F16TOF32, 0, 0, w[k], lw_elem(f, arg(call, k), i), VIR_NOREG, VIR_NOREG);
    }
    lw_emit(f, VIR_FMUL_F32, 0, 0, p, w[0], w[1], VIR_NOREG);
    lw_emit(f, VIR_F32TOF16, 0, 0, ph, p, VIR_NOREG, VIR_NOREG);
    lw_emit(f, VIR_F16TOF32, 0, 0, pw, ph, VIR_NOREG, VIR_NOREG);
    lw_emit(f, VIR_FADD_F32, 0, 0, s, pw, w[2], VIR_NOREG);
    lw_emit(f, VIR_F32TOF16, 0, 0, d + i, s, VIR_NOREG, VIR_NOREG);
  }
  return 0;
}

/* Elementwise integer intrinsic with size = operand width in bytes. */
static int int_call(struct lw_fn *f, LLVMValueRef call, int op, unsigned nops) {
  unsigned w = iwidth(LLVMTypeOf(arg(call, 0)));
  if (w != 8 && w != 16 && w != 32 && w != 64) return lw_fail(f, "integer intrinsic on i%u is not supported", w);
  uint32_t d = lw_def(f, call), n = lw_leaves(LLVMTypeOf(call));
  for (uint32_t i = 0; i < n; i++) {
    uint32_t ops[3] = {VIR_NOREG, VIR_NOREG, VIR_NOREG};
    for (unsigned k = 0; k < nops; k++) ops[k] = lw_elem(f, arg(call, k), i);
    lw_emit(f, op, 0, w / 8, d + i, ops[0], ops[1], ops[2]);
  }
  return 0;
}

/* {result, overflow} of llvm.[su](add|sub|mul).with.overflow, built from plain ALU operations. */
static int with_overflow(struct lw_fn *f, LLVMValueRef call, char kind, char sign) {
  unsigned w = iwidth(LLVMTypeOf(arg(call, 0)));
  if (w != 8 && w != 16 && w != 32 && w != 64) return lw_fail(f, "overflow intrinsic on i%u is not supported", w);
  uint32_t d = lw_def(f, call), nel = lw_leaves(LLVMTypeOf(call)) / 2;
  /* struct {<n x iW>, <n x i1>}: results are leaves 0..n-1, flags n..2n-1 */
  for (uint32_t i = 0; i < nel; i++) {
    uint32_t a = lw_elem(f, arg(call, 0), i), b = lw_elem(f, arg(call, 1), i);
    uint32_t r = d + i, o = d + nel + i;
    int wide = w == 64;
    if (kind == 'm') {
      if (wide) {
        uint32_t hi = lw_vreg(f, 1);
        lw_emit(f, VIR_MUL_I64, 0, 0, r, a, b, VIR_NOREG);
        if (sign == 'u') {
          lw_emit(f, VIR_MULHI_U, 0, 8, hi, a, b, VIR_NOREG);
          lw_emit(f, VIR_ICMP_I64, VIR_ICMP_NE, 0, o, hi, lw_const(f, 0), VIR_NOREG);
        } else {
          uint32_t s = lw_vreg(f, 1);
          lw_emit(f, VIR_MULHI_S, 0, 8, hi, a, b, VIR_NOREG);
          lw_emit(f, VIR_ASHR_I64, 0, 0, s, r, lw_const(f, 63), VIR_NOREG);
          lw_emit(f, VIR_ICMP_I64, VIR_ICMP_NE, 0, o, hi, s, VIR_NOREG);
        }
      } else { /* exact product in 64 bits, then check it fits */
        uint32_t p = lw_vreg(f, 1), t = lw_vreg(f, 1);
        if (sign == 's') {
          uint32_t sa = lw_vreg(f, 1), sb = lw_vreg(f, 1);
          lw_sext(f, sa, a, w, 64);
          lw_sext(f, sb, b, w, 64);
          lw_emit(f, VIR_MUL_I64, 0, 0, p, sa, sb, VIR_NOREG);
          lw_normalize(f, r, p, w);
          lw_sext(f, t, r, w, 64);
        } else {
          lw_emit(f, VIR_MUL_I64, 0, 0, p, a, b, VIR_NOREG);
          lw_normalize(f, r, p, w);
          lw_emit(f, VIR_MOV, 0, 0, t, r, VIR_NOREG, VIR_NOREG);
        }
        lw_emit(f, VIR_ICMP_I64, VIR_ICMP_NE, 0, o, p, t, VIR_NOREG);
      }
      continue;
    }
    uint32_t raw = lw_vreg(f, 1);
    lw_emit(f, kind == 'a' ? (wide ? VIR_ADD_I64 : VIR_ADD_I32) : (wide ? VIR_SUB_I64 : VIR_SUB_I32), 0, 0, raw, a, b, VIR_NOREG);
    lw_normalize(f, r, raw, w);
    if (sign == 'u') { /* carry: a + b < a; borrow: a < b */
      if (kind == 'a') lw_emit(f, wide ? VIR_ICMP_I64 : VIR_ICMP_I32, VIR_ICMP_ULT, 0, o, r, a, VIR_NOREG);
      else lw_emit(f, wide ? VIR_ICMP_I64 : VIR_ICMP_I32, VIR_ICMP_ULT, 0, o, a, b, VIR_NOREG);
    } else { /* signed overflow: the sign of the result disagrees with both (add) / with a (sub) */
      uint32_t x1 = lw_vreg(f, 1), x2 = lw_vreg(f, 1), x3 = lw_vreg(f, 1), s = lw_vreg(f, 1);
      lw_emit(f, VIR_XOR, 0, 0, x1, a, r, VIR_NOREG);
      lw_emit(f, VIR_XOR, 0, 0, x2, kind == 'a' ? b : a, kind == 'a' ? r : b, VIR_NOREG);
      lw_emit(f, VIR_AND, 0, 0, x3, x1, x2, VIR_NOREG);
      lw_emit(f, wide ? VIR_LSHR_I64 : VIR_LSHR_I32, 0, 0, s, x3, lw_const(f, w - 1), VIR_NOREG);
      lw_emit(f, VIR_AND, 0, 0, o, s, lw_const(f, 1), VIR_NOREG);
    }
  }
  return 0;
}

/* llvm.is.fpclass(x, mask): classify from the bit pattern (IEEE 754 section 5.7.2 classes). */
static int is_fpclass(struct lw_fn *f, LLVMValueRef call) {
  LLVMValueRef x = arg(call, 0);
  LLVMTypeRef ft = scalar_of(LLVMTypeOf(x));
  int dbl = is_f64(ft), half = is_f16(ft);
  if (!dbl && !is_f32(ft) && !half) return lw_fail(f, "is.fpclass on this type is not supported");
  unsigned mask = (unsigned)LLVMConstIntGetZExtValue(arg(call, 1));
  const uint64_t absmask = dbl ? 0x7fffffffffffffffull : half ? 0x7fffull : 0x7fffffffull;
  const uint64_t inf = dbl ? 0x7ff0000000000000ull : half ? 0x7c00ull : 0x7f800000ull;
  const uint64_t qbit = dbl ? 0x0008000000000000ull : half ? 0x200ull : 0x00400000ull;
  const uint64_t minnorm = dbl ? 0x0010000000000000ull : half ? 0x400ull : 0x00800000ull;
  const int cmp = dbl ? VIR_ICMP_I64 : VIR_ICMP_I32;
  const unsigned sbit = dbl ? 63 : half ? 15 : 31;
  uint32_t d = lw_def(f, call), n = lw_leaves(LLVMTypeOf(call));
  for (uint32_t i = 0; i < n; i++) {
    uint32_t v = lw_elem(f, x, i), ab = lw_vreg(f, 1), neg = lw_vreg(f, 1), pos = lw_vreg(f, 1);
    lw_emit(f, VIR_AND, 0, 0, ab, v, lw_const(f, absmask), VIR_NOREG);
    lw_emit(f, dbl ? VIR_LSHR_I64 : VIR_LSHR_I32, 0, 0, neg, v, lw_const(f, sbit), VIR_NOREG);
    if (half) lw_emit(f, VIR_AND, 0, 0, neg, neg, lw_const(f, 1), VIR_NOREG); /* the f16 bits alone */
    lw_emit(f, VIR_XOR, 0, 0, pos, neg, lw_const(f, 1), VIR_NOREG);
    uint32_t acc = lw_const(f, 0);
    /* class bits: 0 snan, 1 qnan, 2 -inf, 3 -normal, 4 -subnormal, 5 -zero, 6 +zero, 7 +subnormal,
     * 8 +normal, 9 +inf */
    for (int bit = 0; bit < 10; bit++) {
      if (!(mask & (1u << bit))) continue;
      uint32_t c = lw_vreg(f, 1), c2 = lw_vreg(f, 1), t = lw_vreg(f, 1);
      switch (bit) {
      case 0: /* inf < ab < inf|qbit */
        lw_emit(f, cmp, VIR_ICMP_UGT, 0, c, ab, lw_const(f, inf), VIR_NOREG);
        lw_emit(f, cmp, VIR_ICMP_ULT, 0, c2, ab, lw_const(f, inf | qbit), VIR_NOREG);
        lw_emit(f, VIR_AND, 0, 0, t, c, c2, VIR_NOREG);
        break;
      case 1:
        lw_emit(f, cmp, VIR_ICMP_UGE, 0, t, ab, lw_const(f, inf | qbit), VIR_NOREG);
        break;
      case 2: case 9:
        lw_emit(f, cmp, VIR_ICMP_EQ, 0, c, ab, lw_const(f, inf), VIR_NOREG);
        lw_emit(f, VIR_AND, 0, 0, t, c, bit == 2 ? neg : pos, VIR_NOREG);
        break;
      case 3: case 8:
        lw_emit(f, cmp, VIR_ICMP_UGE, 0, c, ab, lw_const(f, minnorm), VIR_NOREG);
        lw_emit(f, cmp, VIR_ICMP_ULT, 0, c2, ab, lw_const(f, inf), VIR_NOREG);
        lw_emit(f, VIR_AND, 0, 0, c, c, c2, VIR_NOREG);
        lw_emit(f, VIR_AND, 0, 0, t, c, bit == 3 ? neg : pos, VIR_NOREG);
        break;
      case 4: case 7:
        lw_emit(f, cmp, VIR_ICMP_NE, 0, c, ab, lw_const(f, 0), VIR_NOREG);
        lw_emit(f, cmp, VIR_ICMP_ULT, 0, c2, ab, lw_const(f, minnorm), VIR_NOREG);
        lw_emit(f, VIR_AND, 0, 0, c, c, c2, VIR_NOREG);
        lw_emit(f, VIR_AND, 0, 0, t, c, bit == 4 ? neg : pos, VIR_NOREG);
        break;
      case 5: case 6:
        lw_emit(f, cmp, VIR_ICMP_EQ, 0, c, ab, lw_const(f, 0), VIR_NOREG);
        lw_emit(f, VIR_AND, 0, 0, t, c, bit == 5 ? neg : pos, VIR_NOREG);
        break;
      }
      uint32_t na = lw_vreg(f, 1);
      lw_emit(f, VIR_OR, 0, 0, na, acc, t, VIR_NOREG);
      acc = na;
    }
    lw_emit(f, VIR_MOV, 0, 0, d + i, acc, VIR_NOREG, VIR_NOREG);
  }
  return 0;
}

/* llvm.vector.reduce.<op>(v) (and fadd/fmul(start, v)): a sequential chain over the elements,
 * which is also the ordered semantics LangRef requires of fadd/fmul without reassoc. */
static int vector_reduce(struct lw_fn *f, LLVMValueRef call, const char *op) {
  int fp = !strcmp(op, "fadd") || !strcmp(op, "fmul") || !strcmp(op, "fmax") || !strcmp(op, "fmin");
  int ordered = !strcmp(op, "fadd") || !strcmp(op, "fmul");
  LLVMValueRef v = arg(call, ordered ? 1 : 0);
  uint32_t n = lw_leaves(LLVMTypeOf(v)), d = lw_def(f, call);
  uint32_t acc = ordered ? lw_elem(f, arg(call, 0), 0) : lw_elem(f, v, 0);
  if (fp) {
    int dbl = is_f64(LLVMTypeOf(v));
    if (!dbl && !is_f32(LLVMTypeOf(v))) return lw_fail(f, "llvm.vector.reduce.%s on this type is not supported", op);
    for (uint32_t i = ordered ? 0 : 1; i < n; i++) {
      uint32_t t = lw_vreg(f, 1), e = lw_elem(f, v, i);
      if (op[1] == 'a' && op[2] == 'd') lw_emit(f, dbl ? VIR_FADD_F64 : VIR_FADD_F32, 0, 0, t, acc, e, VIR_NOREG);
      else if (op[1] == 'm' && op[2] == 'u') lw_emit(f, dbl ? VIR_FMUL_F64 : VIR_FMUL_F32, 0, 0, t, acc, e, VIR_NOREG);
      else lw_emit(f, dbl ? VIR_MATH_F64 : VIR_MATH_F32, !strcmp(op, "fmax") ? VIR_MATH_fmax : VIR_MATH_fmin, 0, t, acc, e, VIR_NOREG);
      acc = t;
    }
    lw_emit(f, VIR_MOV, 0, 0, d, acc, VIR_NOREG, VIR_NOREG);
    return 0;
  }
  unsigned w = iwidth(LLVMTypeOf(v));
  if (w == 0 || w > 64) return lw_fail(f, "llvm.vector.reduce.%s on this type is not supported", op);
  static const struct { const char *name; int op32, op64, sized, norm; } ops[] = {
    {"add", VIR_ADD_I32, VIR_ADD_I64, 0, 1}, {"mul", VIR_MUL_I32, VIR_MUL_I64, 0, 1},
    {"and", VIR_AND, VIR_AND, 0, 0}, {"or", VIR_OR, VIR_OR, 0, 0}, {"xor", VIR_XOR, VIR_XOR, 0, 0},
    {"smin", VIR_SMIN, VIR_SMIN, 1, 0}, {"smax", VIR_SMAX, VIR_SMAX, 1, 0},
    {"umin", VIR_UMIN, VIR_UMIN, 1, 0}, {"umax", VIR_UMAX, VIR_UMAX, 1, 0}};
  for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
    if (strcmp(op, ops[k].name)) continue;
    if (ops[k].sized && w != 8 && w != 16 && w != 32 && w != 64)
      return lw_fail(f, "llvm.vector.reduce.%s on i%u is not supported", op, w);
    for (uint32_t i = 1; i < n; i++) {
      uint32_t t = lw_vreg(f, 1);
      lw_emit(f, w > 32 ? ops[k].op64 : ops[k].op32, 0, ops[k].sized ? w / 8 : 0, t, acc, lw_elem(f, v, i), VIR_NOREG);
      if (ops[k].norm && w != 32 && w != 64) { /* back to canonical w-bit form */
        uint32_t m = lw_vreg(f, 1);
        lw_normalize(f, m, t, w);
        t = m;
      }
      acc = t;
    }
    lw_emit(f, VIR_MOV, 0, 0, d, acc, VIR_NOREG, VIR_NOREG);
    return 0;
  }
  return lw_fail(f, "unsupported LLVM intrinsic 'llvm.vector.reduce.%s'", op);
}

static unsigned as_of(LLVMValueRef p) { return LLVMGetPointerAddressSpace(LLVMTypeOf(p)); }

static int mem_intrinsic(struct lw_fn *f, LLVMValueRef call, int set) {
  uint32_t len = lw_elem(f, arg(call, 2), 0);
  unsigned lw = iwidth(LLVMTypeOf(arg(call, 2)));
  if (lw < 64) {
    uint32_t l2 = lw_vreg(f, 1);
    lw_emit(f, VIR_MOV, 0, 0, l2, len, VIR_NOREG, VIR_NOREG);
    len = l2;
  }
  if (set)
    lw_emit(f, VIR_MEMSET, as_of(arg(call, 0)), 0, VIR_NOREG, lw_elem(f, arg(call, 0), 0), lw_elem(f, arg(call, 1), 0), len);
  else
    lw_emit(f, VIR_MEMCPY, as_of(arg(call, 0)) | as_of(arg(call, 1)) << 4, 0, VIR_NOREG,
            lw_elem(f, arg(call, 0), 0), lw_elem(f, arg(call, 1), 0), len);
  return 0;
}

/* llvm.minimum / llvm.maximum: a NaN operand gives NaN, and -0 < +0.  Equal operands (both
 * zeros included) give the OR (minimum) or AND (maximum) of their bits, which picks -0 over
 * +0 or +0 over -0; otherwise fmin/fmax; unordered ones their sum, a quiet NaN. */
static int min_max_nan(struct lw_fn *f, LLVMValueRef call, int is_max) {
  LLVMTypeRef t = LLVMTypeOf(call);
  int dbl = is_f64(t);
  if (!dbl && !is_f32(t)) return lw_fail(f, "llvm.%s on this type is not supported", is_max ? "maximum" : "minimum");
  uint32_t d = lw_def(f, call), n = lw_leaves(t);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t a = lw_elem(f, arg(call, 0), i), b = lw_elem(f, arg(call, 1), i);
    uint32_t uno = lw_vreg(f, 1), eq = lw_vreg(f, 1), m = lw_vreg(f, 1), bits = lw_vreg(f, 1), nan = lw_vreg(f, 1),
             r = lw_vreg(f, 1);
    lw_emit(f, dbl ? VIR_FCMP_F64 : VIR_FCMP_F32, LLVMRealUNO, 0, uno, a, b, VIR_NOREG);
    lw_emit(f, dbl ? VIR_FCMP_F64 : VIR_FCMP_F32, LLVMRealOEQ, 0, eq, a, b, VIR_NOREG);
    lw_emit(f, dbl ? VIR_MATH_F64 : VIR_MATH_F32, is_max ? VIR_MATH_fmax : VIR_MATH_fmin, 0, m, a, b, VIR_NOREG);
    lw_emit(f, is_max ? VIR_AND : VIR_OR, 0, 0, bits, a, b, VIR_NOREG);
    lw_emit(f, dbl ? VIR_FADD_F64 : VIR_FADD_F32, 0, 0, nan, a, b, VIR_NOREG);
    lw_emit(f, VIR_SELECT, 0, 0, r, eq, bits, m);
    lw_emit(f, VIR_SELECT, 0, 0, d + i, uno, nan, r);
  }
  return 0;
}

/* llvm.lrint / llrint (current rounding: to nearest even) and llvm.lround / llround (halfway
 * away from zero): the rounding, then a conversion to the integer result. */
static int round_to_int(struct lw_fn *f, LLVMValueRef call, int math) {
  LLVMTypeRef ft = LLVMTypeOf(arg(call, 0));
  int dbl = is_f64(ft);
  unsigned w = iwidth(LLVMTypeOf(call));
  if ((!dbl && !is_f32(ft)) || w < 1 || w > 64) return lw_fail(f, "unsupported rounding conversion");
  uint32_t d = lw_def(f, call), n = lw_leaves(LLVMTypeOf(call));
  for (uint32_t i = 0; i < n; i++) {
    uint32_t r = lw_vreg(f, 1), x = lw_vreg(f, 1);
    lw_emit(f, dbl ? VIR_MATH_F64 : VIR_MATH_F32, (unsigned)math, 0, r, lw_elem(f, arg(call, 0), i), VIR_NOREG, VIR_NOREG);
    lw_emit(f, dbl ? VIR_FPTOSI_F64 : VIR_FPTOSI_F32, 0, 8, x, r, VIR_NOREG, VIR_NOREG);
    lw_normalize(f, d + i, x, w);
  }
  return 0;
}

/* llvm.scmp / llvm.ucmp: -1, 0 or 1 as a's relation to b. */
static int three_way(struct lw_fn *f, LLVMValueRef call, int is_signed) {
  unsigned w = iwidth(LLVMTypeOf(arg(call, 0))), wr = iwidth(LLVMTypeOf(call));
  if (w < 1 || w > 64 || wr < 2 || wr > 64) return lw_fail(f, "llvm.%ccmp on this type is not supported", is_signed ? 's' : 'u');
  uint32_t d = lw_def(f, call), n = lw_leaves(LLVMTypeOf(call));
  unsigned full = w > 32 ? 64 : 32;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t a = lw_elem(f, arg(call, 0), i), b = lw_elem(f, arg(call, 1), i);
    if (is_signed && w != full) {
      uint32_t sa = lw_vreg(f, 1), sb = lw_vreg(f, 1);
      lw_sext(f, sa, a, w, full);
      lw_sext(f, sb, b, w, full);
      a = sa;
      b = sb;
    }
    uint32_t gt = lw_vreg(f, 1), lt = lw_vreg(f, 1), r = lw_vreg(f, 1);
    int op = full == 64 ? VIR_ICMP_I64 : VIR_ICMP_I32;
    lw_emit(f, op, is_signed ? VIR_ICMP_SGT : VIR_ICMP_UGT, 0, gt, a, b, VIR_NOREG);
    lw_emit(f, op, is_signed ? VIR_ICMP_SLT : VIR_ICMP_ULT, 0, lt, a, b, VIR_NOREG);
    lw_emit(f, VIR_SUB_I64, 0, 0, r, gt, lt, VIR_NOREG);
    lw_normalize(f, d + i, r, wr);
  }
  return 0;
}

/* llvm.powi(x, n): x to an integer power, as pow(x, (float)n). */
static int powi(struct lw_fn *f, LLVMValueRef call) {
  LLVMTypeRef t = LLVMTypeOf(call);
  int dbl = is_f64(t);
  unsigned w = iwidth(LLVMTypeOf(arg(call, 1)));
  if ((!dbl && !is_f32(t)) || (w != 16 && w != 32 && w != 64)) return lw_fail(f, "llvm.powi on this type is not supported");
  uint32_t d = lw_def(f, call), n = lw_leaves(t);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t e = lw_vreg(f, 1);
    LLVMValueRef ev = arg(call, 1);
    uint32_t er = lw_elem(f, ev, LLVMGetTypeKind(LLVMTypeOf(ev)) == LLVMVectorTypeKind ? i : 0);
    lw_emit(f, dbl ? VIR_SITOFP_F64 : VIR_SITOFP_F32, 0, w / 8, e, er, VIR_NOREG, VIR_NOREG);
    lw_emit(f, dbl ? VIR_MATH_F64 : VIR_MATH_F32, VIR_MATH_pow, 0, d + i, lw_elem(f, arg(call, 0), i), e, VIR_NOREG);
  }
  return 0;
}

static int copy_arg0(struct lw_fn *f, LLVMValueRef call) {
  uint32_t d = lw_def(f, call), n = lw_leaves(LLVMTypeOf(call));
  for (uint32_t i = 0; i < n; i++) lw_emit(f, VIR_MOV, 0, 0, d + i, lw_elem(f, arg(call, 0), i), VIR_NOREG, VIR_NOREG);
  return 0;
}

static int prefix(const char *name, const char *p) {
  size_t n = strlen(p);
  return !strncmp(name, p, n) && (name[n] == '.' || name[n] == 0);
}

static int intrinsic(struct lw_fn *f, LLVMValueRef call, const char *name) {
  static const char *const dropped[] = {"llvm.lifetime.start", "llvm.lifetime.end", "llvm.assume",
    "llvm.dbg.value", "llvm.dbg.declare", "llvm.dbg.label", "llvm.dbg.assign",
    "llvm.experimental.noalias.scope.decl", "llvm.invariant.start", "llvm.invariant.end",
    "llvm.sideeffect", "llvm.donothing", "llvm.var.annotation", "llvm.pseudoprobe", "llvm.prefetch",
    "llvm.codeview.annotation", "llvm.is.constant" /* 0: not known to be constant */,
    "llvm.allow.runtime.check", "llvm.allow.ubsan.check" /* 0: leave the check out */};
  for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
    if (prefix(name, dropped[i])) {
      if (LLVMGetTypeKind(LLVMTypeOf(call)) != LLVMVoidTypeKind) lw_emit(f, VIR_MOV, 0, 0, lw_def(f, call), lw_const(f, 0), VIR_NOREG, VIR_NOREG);
      return 0;
    }
  static const char *const identity[] = {"llvm.expect", "llvm.expect.with.probability", "llvm.ptr.annotation",
    "llvm.launder.invariant.group", "llvm.strip.invariant.group", "llvm.ssa.copy", "llvm.canonicalize",
    "llvm.arithmetic.fence", "llvm.annotation"};
  for (size_t i = 0; i < sizeof identity / sizeof identity[0]; i++)
    if (prefix(name, identity[i])) return copy_arg0(f, call);
  static const struct { const char *name; int math; unsigned nops; } fmath[] = {
    {"llvm.fabs", VIR_MATH_fabs, 1}, {"llvm.sqrt", VIR_MATH_sqrt, 1}, {"llvm.floor", VIR_MATH_floor, 1},
    {"llvm.ceil", VIR_MATH_ceil, 1}, {"llvm.trunc", VIR_MATH_trunc, 1}, {"llvm.rint", VIR_MATH_rint, 1},
    {"llvm.nearbyint", VIR_MATH_rint, 1}, {"llvm.roundeven", VIR_MATH_rint, 1}, {"llvm.round", VIR_MATH_round, 1},
    {"llvm.fma", VIR_MATH_fma, 3}, {"llvm.fmuladd", VIR_MATH_fma, 3}, {"llvm.minnum", VIR_MATH_fmin, 2},
    {"llvm.maxnum", VIR_MATH_fmax, 2}, {"llvm.copysign", VIR_MATH_copysign, 2}, {"llvm.pow", VIR_MATH_pow, 2},
    {"llvm.exp", VIR_MATH_exp, 1}, {"llvm.exp2", VIR_MATH_exp2, 1}, {"llvm.exp10", VIR_MATH_exp10, 1},
    {"llvm.log", VIR_MATH_log, 1}, {"llvm.log2", VIR_MATH_log2, 1}, {"llvm.log10", VIR_MATH_log10, 1},
    {"llvm.sin", VIR_MATH_sin, 1}, {"llvm.cos", VIR_MATH_cos, 1}, {"llvm.tan", VIR_MATH_tan, 1},
    {"llvm.asin", VIR_MATH_asin, 1}, {"llvm.acos", VIR_MATH_acos, 1}, {"llvm.atan", VIR_MATH_atan, 1},
    {"llvm.sinh", VIR_MATH_sinh, 1}, {"llvm.cosh", VIR_MATH_cosh, 1}, {"llvm.tanh", VIR_MATH_tanh, 1},
    {"llvm.ldexp", VIR_MATH_ldexp, 2}, {"llvm.atan2", VIR_MATH_atan2, 2}, {"llvm.minimumnum", VIR_MATH_fmin, 2},
    {"llvm.maximumnum", VIR_MATH_fmax, 2}};
  if (prefix(name, "llvm.fmuladd") && is_f16(LLVMTypeOf(call))) return half_muladd(f, call);
  for (size_t i = 0; i < sizeof fmath / sizeof fmath[0]; i++)
    if (prefix(name, fmath[i].name)) return math_call(f, call, fmath[i].math, fmath[i].nops);
  static const struct { const char *name; int op; unsigned nops; } imath[] = {
    {"llvm.ctlz", VIR_CLZ, 1}, {"llvm.cttz", VIR_CTZ, 1}, {"llvm.ctpop", VIR_POPCOUNT, 1},
    {"llvm.bswap", VIR_BSWAP, 1}, {"llvm.bitreverse", VIR_BITREV, 1}, {"llvm.fshl", VIR_FSHL, 3},
    {"llvm.fshr", VIR_FSHR, 3}, {"llvm.smin", VIR_SMIN, 2}, {"llvm.smax", VIR_SMAX, 2},
    {"llvm.umin", VIR_UMIN, 2}, {"llvm.umax", VIR_UMAX, 2}, {"llvm.abs", VIR_ABS, 1},
    {"llvm.sadd.sat", VIR_SADDSAT, 2}, {"llvm.uadd.sat", VIR_UADDSAT, 2},
    {"llvm.ssub.sat", VIR_SSUBSAT, 2}, {"llvm.usub.sat", VIR_USUBSAT, 2}};
  for (size_t i = 0; i < sizeof imath / sizeof imath[0]; i++)
    if (prefix(name, imath[i].name)) return int_call(f, call, imath[i].op, imath[i].nops);
  static const struct { const char *name; char kind, sign; } ovf[] = {
    {"llvm.sadd.with.overflow", 'a', 's'}, {"llvm.uadd.with.overflow", 'a', 'u'},
    {"llvm.ssub.with.overflow", 's', 's'}, {"llvm.usub.with.overflow", 's', 'u'},
    {"llvm.smul.with.overflow", 'm', 's'}, {"llvm.umul.with.overflow", 'm', 'u'}};
  for (size_t i = 0; i < sizeof ovf / sizeof ovf[0]; i++)
    if (prefix(name, ovf[i].name)) return with_overflow(f, call, ovf[i].kind, ovf[i].sign);
  if (prefix(name, "llvm.memcpy") || prefix(name, "llvm.memcpy.inline") || prefix(name, "llvm.memmove"))
    return mem_intrinsic(f, call, 0);
  if (prefix(name, "llvm.memset") || prefix(name, "llvm.memset.inline")) return mem_intrinsic(f, call, 1);
  if (prefix(name, "llvm.is.fpclass")) return is_fpclass(f, call);
  if (prefix(name, "llvm.minimum") || prefix(name, "llvm.maximum")) return min_max_nan(f, call, name[6] == 'a');
  if (prefix(name, "llvm.lrint") || prefix(name, "llvm.llrint")) return round_to_int(f, call, VIR_MATH_rint);
  if (prefix(name, "llvm.lround") || prefix(name, "llvm.llround")) return round_to_int(f, call, VIR_MATH_round);
  if (prefix(name, "llvm.scmp") || prefix(name, "llvm.ucmp")) return three_way(f, call, name[5] == 's');
  if (prefix(name, "llvm.powi")) return powi(f, call);
  if (prefix(name, "llvm.ptrmask")) {
    uint32_t d = lw_def(f, call), n = lw_leaves(LLVMTypeOf(call));
    for (uint32_t i = 0; i < n; i++)
      lw_emit(f, VIR_AND, 0, 0, d + i, lw_elem(f, arg(call, 0), i), lw_elem(f, arg(call, 1), i), VIR_NOREG);
    return 0;
  }
  if (prefix(name, "llvm.objectsize")) { /* unknown: 0 when the minimum is asked for, else -1 */
    LLVMValueRef min = arg(call, 1);
    int want_min = LLVMIsAConstantInt(min) && LLVMConstIntGetZExtValue(min);
    lw_emit(f, VIR_MOV, 0, 0, lw_def(f, call), lw_const(f, want_min ? 0 : ~0ull), VIR_NOREG, VIR_NOREG);
    return 0;
  }
  if (!strncmp(name, "llvm.vector.reduce.", 19)) {
    char op[16];
    size_t k = 0;
    for (const char *p = name + 19; *p && *p != '.' && k + 1 < sizeof op; p++) op[k++] = *p;
    op[k] = 0;
    return vector_reduce(f, call, op);
  }
  if (prefix(name, "llvm.trap") || prefix(name, "llvm.ubsantrap") || prefix(name, "llvm.debugtrap")) {
    lw_emit(f, VIR_TRAP, VIR_TRAP_UNREACHABLE, 0, VIR_NOREG, VIR_NOREG, VIR_NOREG, VIR_NOREG);
    return 0;
  }
  if (prefix(name, "llvm.fptosi.sat") || prefix(name, "llvm.fptoui.sat")) {
    /* Saturates to the result's own width, NaN -> 0.  The optimiser makes these from the
     * library's clamps (convert_char_sat(convert_int_sat(f)) becomes fptosi.sat.i8), so a plain
     * conversion to the narrow type is not enough: convert to 64 bits (FPTO[SU]I saturate
     * there, NaN -> 0), clamp to the width as an integer, then the canonical narrow form. */
    unsigned w = iwidth(LLVMTypeOf(call));
    int dbl = is_f64(LLVMTypeOf(arg(call, 0)));
    int s = name[9] == 's'; /* "llvm.fpto" is 9 characters: 's'i or 'u'i */
    uint32_t d = lw_def(f, call), n = lw_leaves(LLVMTypeOf(call));
    if (w < 1 || w > 64 || (!dbl && !is_f32(LLVMTypeOf(arg(call, 0)))))
      return lw_fail(f, "unsupported %s", name);
    int op = s ? (dbl ? VIR_FPTOSI_F64 : VIR_FPTOSI_F32) : (dbl ? VIR_FPTOUI_F64 : VIR_FPTOUI_F32);
    for (uint32_t i = 0; i < n; i++) {
      if (w == 64) {
        lw_emit(f, op, 0, 8, d + i, lw_elem(f, arg(call, 0), i), VIR_NOREG, VIR_NOREG);
        continue;
      }
      uint32_t t = lw_vreg(f, 1), c = lw_vreg(f, 1);
      lw_emit(f, op, 0, 8, t, lw_elem(f, arg(call, 0), i), VIR_NOREG, VIR_NOREG);
      if (s) {
        uint64_t max = (1ull << (w - 1)) - 1;
        lw_emit(f, VIR_SMAX, 0, 8, c, t, lw_const(f, ~max), VIR_NOREG);
        lw_emit(f, VIR_SMIN, 0, 8, t, c, lw_const(f, max), VIR_NOREG);
      } else {
        lw_emit(f, VIR_UMIN, 0, 0, t, t, lw_const(f, (1ull << w) - 1), VIR_NOREG);
      }
      lw_normalize(f, d + i, t, w);
    }
    return 0;
  }
  return lw_fail(f, "unsupported LLVM intrinsic '%s'", name);
}

static int workitem(struct lw_fn *f, LLVMValueRef call, const char *q) {
  static const struct { const char *name; int wi; int has_dim; } qs[] = {
    {"global_id", VIR_WI_GLOBAL_ID, 1}, {"local_id", VIR_WI_LOCAL_ID, 1}, {"group_id", VIR_WI_GROUP_ID, 1},
    {"global_size", VIR_WI_GLOBAL_SIZE, 1}, {"local_size", VIR_WI_LOCAL_SIZE, 1},
    {"enqueued_local_size", VIR_WI_ENQUEUED_LOCAL_SIZE, 1}, {"num_groups", VIR_WI_NUM_GROUPS, 1},
    {"global_offset", VIR_WI_GLOBAL_OFFSET, 1}, {"work_dim", VIR_WI_WORK_DIM, 0},
    {"global_linear_id", VIR_WI_GLOBAL_LINEAR_ID, 0}, {"local_linear_id", VIR_WI_LOCAL_LINEAR_ID, 0},
    {"sub_group_size", VIR_WI_SUB_GROUP_SIZE, 0}, {"sub_group_id", VIR_WI_SUB_GROUP_ID, 0},
    {"sub_group_local_id", VIR_WI_SUB_GROUP_LOCAL_ID, 0}, {"num_sub_groups", VIR_WI_NUM_SUB_GROUPS, 0},
    {"max_sub_group_size", VIR_WI_MAX_SUB_GROUP_SIZE, 0},
    {"enqueued_num_sub_groups", VIR_WI_ENQUEUED_NUM_SUB_GROUPS, 0}, {"device_info", VIR_WI_DEVICE_INFO, 1}};
  for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
    if (strcmp(q, qs[i].name)) continue;
    uint32_t d = lw_def(f, call);
    if (!qs[i].has_dim || nargs(call) < 1) {
      lw_emit(f, VIR_WORKITEM, (unsigned)qs[i].wi, 0, d, VIR_NOREG, VIR_NOREG, VIR_NOREG);
      return 0;
    }
    LLVMValueRef dim = arg(call, 0);
    if (LLVMIsAConstantInt(dim) && LLVMConstIntGetZExtValue(dim) < 3)
      lw_emit(f, VIR_WORKITEM, (unsigned)qs[i].wi, (unsigned)LLVMConstIntGetZExtValue(dim), d, VIR_NOREG, VIR_NOREG, VIR_NOREG);
    else /* size 3: the dimension is a register (out of range: the spec's default value) */
      lw_emit(f, VIR_WORKITEM, (unsigned)qs[i].wi, 3, d, lw_elem(f, dim, 0), VIR_NOREG, VIR_NOREG);
    return 0;
  }
  return lw_fail(f, "unknown work-item query '__vgpu_wi_%s'", q);
}

/* LLVM's atomic ordering as VIR's (monotonic is C11 relaxed; unordered, Java's, too). */
static unsigned vir_order_of(LLVMAtomicOrdering o) {
  switch (o) {
  case LLVMAtomicOrderingAcquire: return VIR_ORDER_ACQUIRE;
  case LLVMAtomicOrderingRelease: return VIR_ORDER_RELEASE;
  case LLVMAtomicOrderingAcquireRelease: return VIR_ORDER_ACQ_REL;
  case LLVMAtomicOrderingSequentiallyConsistent: return VIR_ORDER_SEQ_CST;
  default: return VIR_ORDER_RELAXED;
  }
}

/* Sets the memory semantics of the instruction lw_emit just returned. */
static void set_sem(struct lw_fn *f, uint32_t i, unsigned sem) { f->blocks[f->cur].insns[i].sem = (uint8_t)sem; }

static unsigned fence_flags(LLVMValueRef call) {
  LLVMValueRef v = nargs(call) ? arg(call, 0) : NULL;
  /* a flags value only known at run time (possible under -cl-opt-disable): fence everything */
  if (!v || !LLVMIsAConstantInt(v)) return VIR_FENCE_LOCAL | VIR_FENCE_GLOBAL;
  return (unsigned)LLVMConstIntGetZExtValue(v) & 7;
}

static int printf_call(struct lw_fn *f, LLVMValueRef call) {
  uint32_t first = f->nextra, count = 0;
  for (unsigned i = 1; i < nargs(call); i++) {
    LLVMValueRef a = arg(call, i);
    LLVMTypeRef t = LLVMTypeOf(a);
    uint32_t n = lw_leaves(t);
    int vt = lw_vir_type(scalar_of(t));
    if (vt < 0) return lw_fail(f, "printf argument %u has an unsupported type", i);
    for (uint32_t k = 0; k < n; k++) {
      f->extra = vgpu_grow(f->extra, sizeof *f->extra, &f->cap_extra, (uint64_t)f->nextra + 2);
      f->extra[f->nextra++] = lw_elem(f, a, k);
      f->extra[f->nextra++] = (uint32_t)vt;
      count++;
    }
  }
  uint32_t d = LLVMGetTypeKind(LLVMTypeOf(call)) == LLVMVoidTypeKind ? lw_vreg(f, 1) : lw_def(f, call);
  lw_emit(f, VIR_PRINTF, 0, 0, d, lw_elem(f, arg(call, 0), 0), first, count);
  f->flags |= VIR_KFLAG_PRINTF;
  return 0;
}

int lw_lower_call(struct lw_fn *f, LLVMValueRef call) {
  LLVMValueRef callee = LLVMGetCalledValue(call);
  if (!LLVMIsAFunction(callee)) return lw_fail(f, "indirect calls are not supported");
  size_t len;
  const char *full = LLVMGetValueName2(callee, &len);
  if (LLVMGetIntrinsicID(callee)) return intrinsic(f, call, full);
  const char *name = plain_name(full);
  if (!strncmp(name, "__vgpu_math_", 12)) {
    const char *fn = name + 12, *suffix = strrchr(fn, '_');
    int m = suffix ? math_index(fn, (size_t)(suffix - fn)) : -1;
    if (m < 0 || (strncmp(suffix, "_f32", 4) && strncmp(suffix, "_f64", 4)))
      return lw_fail(f, "unknown math function '%s'", full);
    return math_call(f, call, m, vir_math_arity[m]);
  }
  if (!strncmp(name, "__vgpu_wi_", 10)) {
    char q[64];
    snprintf(q, sizeof q, "%s", name + 10);
    /* an overloadable declaration carries its mangled parameter list: cut it */
    if (name != full) {
      size_t digits = 0;
      const char *p = full + 2;
      while (*p >= '0' && *p <= '9') digits = digits * 10 + (size_t)(*p++ - '0');
      if (digits >= 10 && digits - 10 < sizeof q) q[digits - 10] = 0;
    }
    return workitem(f, call, q);
  }
  if (!strcmp(name, "__vgpu_sg32") || !strcmp(name, "__vgpu_sg64") || !strcmp(name, "__vgpu_wg32") ||
      !strcmp(name, "__vgpu_wg64")) {
    /* __vgpu_sg32/64(mode, x, lane): one SUBGROUP; __vgpu_wg32/64(mode, x, id): one WGROUP, a
     * work-group function over the whole group, id the local linear id a broadcast reads.  mode =
     * kind | op << 4 | vir_type << 8, a constant the library always passes (vgpu_intrinsics.h). */
    LLVMValueRef mode = nargs(call) == 3 ? arg(call, 0) : NULL;
    if (!mode || !LLVMIsAConstantInt(mode)) return lw_fail(f, "%s needs a constant mode", name);
    unsigned m = (unsigned)LLVMConstIntGetZExtValue(mode);
    lw_emit(f, name[7] == 'w' ? VIR_WGROUP : VIR_SUBGROUP, m & 0xff, m >> 8, lw_def(f, call),
            lw_elem(f, arg(call, 1), 0), lw_elem(f, arg(call, 2), 0), VIR_NOREG);
    return 0;
  }
  if (!strncmp(name, "__vgpu_barrier", 14)) {
    /* a work-group barrier orders memory as a work-group-scope acq_rel fence (OpenCL C 3.0 s6.15.8) */
    set_sem(f, lw_emit(f, VIR_BARRIER, fence_flags(call), 0, VIR_NOREG, VIR_NOREG, VIR_NOREG, VIR_NOREG),
            VIR_SEM(VIR_ORDER_ACQ_REL, VIR_SCOPE_WORK_GROUP));
    f->flags |= VIR_KFLAG_BARRIER;
    return 0;
  }
  if (!strncmp(name, "__vgpu_fence", 12)) {
    /* __vgpu_fence(flags[, sem]): sem = VIR_SEM(order, scope), a constant once inlined; unknown
     * (-cl-opt-disable): the default, seq_cst for all devices */
    LLVMValueRef s = nargs(call) > 1 ? arg(call, 1) : NULL;
    unsigned sem = s && LLVMIsAConstantInt(s) ? (unsigned)LLVMConstIntGetZExtValue(s) & 0xff : VIR_SEM_DEFAULT;
    if (VIR_SEM_ORDER(sem) > VIR_ORDER_SEQ_CST || VIR_SEM_SCOPE(sem) > VIR_SCOPE_ALL_DEVICES) sem = VIR_SEM_DEFAULT;
    set_sem(f, lw_emit(f, VIR_FENCE, fence_flags(call), 0, VIR_NOREG, VIR_NOREG, VIR_NOREG, VIR_NOREG), sem);
    return 0;
  }
  if (!strncmp(name, "__vgpu_cast_", 12) && nargs(call) == 1) {
    /* device_enqueue.cl: a queue_t or clk_event_t as its 64-bit value and back (one register) */
    lw_alias(f, call, lw_elem(f, arg(call, 0), 0));
    return 0;
  }
  if (!strcmp(full, "printf")) return printf_call(f, call);
  int pipe_rc = lw_lower_pipe_call(f, call, name);
  if (pipe_rc <= 0) return pipe_rc;
  if (LLVMIsDeclaration(callee)) {
    int rc = lw_lower_image_call(f, call, full);
    if (rc <= 0) return rc;
    /* the source-level name of a mangled builtin: _Z<length><name><parameters> */
    const char *p = full + 2;
    int n = 0;
    if (full[0] == '_' && full[1] == 'Z')
      while (*p >= '0' && *p <= '9') n = n * 10 + (*p++ - '0');
    if (n > 0 && (size_t)n <= strlen(p))
      return lw_fail(f, "undefined function '%.*s' (%s): not an OpenCL C builtin this device provides", n, p, full);
    return lw_fail(f, "undefined function '%s' (not an OpenCL C builtin this device provides)", full);
  }
  return lw_fail(f, "recursion is not supported: function '%s' is still called after inlining "
                    "(it calls itself, directly or through other functions)", full);
}

int lw_lower_atomic(struct lw_fn *f, LLVMValueRef inst) {
  LLVMOpcode opc = LLVMGetInstructionOpcode(inst);
  f->flags |= VIR_KFLAG_ATOMICS;
  /* Clang's spir targets give every OpenCL scope but work_item the system scope: all_devices then
   * (never narrower than asked); fences carry their scope through __vgpu_fence instead. */
  unsigned scope = LLVMIsAtomicSingleThread(inst) ? VIR_SCOPE_WORK_ITEM : VIR_SCOPE_ALL_DEVICES;
  unsigned sem = VIR_SEM(vir_order_of(opc == LLVMAtomicCmpXchg ? LLVMGetCmpXchgSuccessOrdering(inst)
                                                                 : LLVMGetOrdering(inst)), scope);
  if (opc == LLVMFence) {
    set_sem(f, lw_emit(f, VIR_FENCE, VIR_FENCE_LOCAL | VIR_FENCE_GLOBAL, 0, VIR_NOREG, VIR_NOREG, VIR_NOREG, VIR_NOREG), sem);
    return 0;
  }
  LLVMValueRef ptr = LLVMGetOperand(inst, opc == LLVMStore ? 1 : 0);
  LLVMTypeRef vt = opc == LLVMStore ? LLVMTypeOf(LLVMGetOperand(inst, 0))
                 : opc == LLVMAtomicCmpXchg ? LLVMTypeOf(LLVMGetOperand(inst, 1)) : LLVMTypeOf(inst);
  unsigned size = lw_scalar_bytes(vt), as = as_of(ptr);
  if (size != 4 && size != 8) return lw_fail(f, "atomic operations on %u-byte values are not supported", size);
  uint32_t p = lw_elem(f, ptr, 0);
  switch (opc) {
  case LLVMLoad:
    set_sem(f, lw_emit(f, VIR_ATOMIC, VIR_ATOM_LOAD | as << 4, size, lw_def(f, inst), p, VIR_NOREG, VIR_NOREG), sem);
    return 0;
  case LLVMStore:
    set_sem(f, lw_emit(f, VIR_ATOMIC, VIR_ATOM_STORE | as << 4, size, lw_vreg(f, 1), p, lw_elem(f, LLVMGetOperand(inst, 0), 0), VIR_NOREG), sem);
    return 0;
  case LLVMAtomicCmpXchg: {
    uint32_t d = lw_def(f, inst); /* {old, success} */
    uint32_t cmp = lw_elem(f, LLVMGetOperand(inst, 1), 0), nv = lw_elem(f, LLVMGetOperand(inst, 2), 0);
    /* one order for both outcomes: the success order, never weaker than the failure one in
     * OpenCL C (6.15.12.7.5: failure may not be stronger than success) */
    set_sem(f, lw_emit(f, VIR_ATOMIC, VIR_ATOM_CMPXCHG | as << 4, size, d, p, nv, cmp), sem);
    lw_emit(f, size == 8 ? VIR_ICMP_I64 : VIR_ICMP_I32, VIR_ICMP_EQ, 0, d + 1, d, cmp, VIR_NOREG);
    return 0;
  }
  case LLVMAtomicRMW: {
    uint32_t v = lw_elem(f, LLVMGetOperand(inst, 1), 0);
    int op;
    switch (LLVMGetAtomicRMWBinOp(inst)) {
    case LLVMAtomicRMWBinOpXchg: op = VIR_ATOM_XCHG; break;
    case LLVMAtomicRMWBinOpAdd: op = VIR_ATOM_ADD; break;
    case LLVMAtomicRMWBinOpSub: op = VIR_ATOM_SUB; break;
    case LLVMAtomicRMWBinOpAnd: op = VIR_ATOM_AND; break;
    case LLVMAtomicRMWBinOpOr: op = VIR_ATOM_OR; break;
    case LLVMAtomicRMWBinOpXor: op = VIR_ATOM_XOR; break;
    case LLVMAtomicRMWBinOpMax: op = VIR_ATOM_SMAX; break;
    case LLVMAtomicRMWBinOpMin: op = VIR_ATOM_SMIN; break;
    case LLVMAtomicRMWBinOpUMax: op = VIR_ATOM_UMAX; break;
    case LLVMAtomicRMWBinOpUMin: op = VIR_ATOM_UMIN; break;
    case LLVMAtomicRMWBinOpFAdd: op = VIR_ATOM_FADD; break;
    case LLVMAtomicRMWBinOpFMax: op = VIR_ATOM_FMAX; break;
    case LLVMAtomicRMWBinOpFMin: op = VIR_ATOM_FMIN; break;
    case LLVMAtomicRMWBinOpFSub: { /* a - b == a + (-b), exactly */
      uint32_t nb = lw_vreg(f, 1);
      lw_emit(f, size == 8 ? VIR_FNEG_F64 : VIR_FNEG_F32, 0, 0, nb, v, VIR_NOREG, VIR_NOREG);
      v = nb;
      op = VIR_ATOM_FADD;
      break;
    }
    default: return lw_fail(f, "unsupported atomic read-modify-write operation");
    }
    set_sem(f, lw_emit(f, VIR_ATOMIC, (unsigned)op | as << 4, size, lw_def(f, inst), p, v, VIR_NOREG), sem);
    return 0;
  }
  default:
    return lw_fail(f, "unsupported atomic instruction");
  }
}
