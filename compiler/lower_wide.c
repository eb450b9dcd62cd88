/* lower_wide.c - integers wider than 64 bits.  LLVM's passes make them out of code that has none:
 * SROA and InstCombine turn a 16- or 32-byte struct copy into an i128/i256 load and store, and
 * take fields out of it with lshr + trunc (kfuzz seed 1058).  Such a value lives in consecutive
 * 64-bit registers, its limbs, least significant first (the little-endian memory order, so a limb
 * is also the leaf at byte 8 * k: lower_util.c's lw_leaf); the top limb holds the remaining bits
 * zero-extended, like any narrow integer.  Bitwise operations, add, sub, mul, shifts, compares and
 * casts are built from 64-bit VIR operations; division is refused by name. */
#include <stdlib.h>
#include <string.h>
#include "compiler/lower_wide.h"

static unsigned limbs(unsigned w) { return (w + 63) / 64; }
static unsigned top_bits(unsigned w) { return w - 64 * (limbs(w) - 1); }

static unsigned width_of(LLVMTypeRef t) {
  if (LLVMGetTypeKind(t) == LLVMPointerTypeKind) return 64;
  return LLVMGetTypeKind(t) == LLVMIntegerTypeKind ? LLVMGetIntTypeWidth(t) : 0;
}

int lw_wide_const_limb(LLVMValueRef c, uint32_t k, uint64_t *bits) {
  /* The C API has no word access to a wide APInt: its decimal text is exact. */
  char *text = LLVMPrintValueToString(c);
  const char *p = strchr(text, ' ');
  p = p ? p + 1 : text;
  int neg = *p == '-';
  if (neg) p++;
  unsigned n = limbs(LLVMGetIntTypeWidth(LLVMTypeOf(c)));
  uint64_t *v = calloc(n, sizeof *v);
  int ok = v && *p >= '0' && *p <= '9';
  for (; ok && *p >= '0' && *p <= '9'; p++) { /* v = v * 10 + digit */
    unsigned __int128 carry = (unsigned)(*p - '0');
    for (unsigned i = 0; i < n; i++) {
      unsigned __int128 x = (unsigned __int128)v[i] * 10 + carry;
      v[i] = (uint64_t)x;
      carry = x >> 64;
    }
  }
  if (ok && neg) { /* two's complement */
    unsigned __int128 carry = 1;
    for (unsigned i = 0; i < n; i++) {
      unsigned __int128 x = (unsigned __int128)(uint64_t)~v[i] + carry;
      v[i] = (uint64_t)x;
      carry = x >> 64;
    }
  }
  if (ok && k < n) {
    unsigned tb = top_bits(LLVMGetIntTypeWidth(LLVMTypeOf(c)));
    *bits = k == n - 1 && tb < 64 ? v[k] & ((1ull << tb) - 1) : v[k];
  }
  free(v);
  LLVMDisposeMessage(text);
  return ok && k < n ? 0 : -1;
}

static uint32_t emit(struct lw_fn *f, int op, uint32_t a, uint32_t b) {
  uint32_t d = lw_vreg(f, 1);
  lw_emit(f, op, 0, 0, d, a, b, VIR_NOREG);
  return d;
}

static uint32_t icmp64(struct lw_fn *f, unsigned pred, uint32_t a, uint32_t b) {
  uint32_t d = lw_vreg(f, 1);
  lw_emit(f, VIR_ICMP_I64, pred, 0, d, a, b, VIR_NOREG);
  return d;
}

static uint32_t sel(struct lw_fn *f, uint32_t c, uint32_t a, uint32_t b) {
  uint32_t d = lw_vreg(f, 1);
  lw_emit(f, VIR_SELECT, 0, 0, d, c, a, b);
  return d;
}

/* Limb k of integer value v of width w as a full 64-bit register: the top limb of a signed
 * operand sign-extended from its bits, limbs past the top the extension (0 or all ones). */
static uint32_t limb(struct lw_fn *f, LLVMValueRef v, unsigned w, unsigned k, int is_signed) {
  unsigned n = limbs(w), tb = top_bits(w);
  if (k < n) {
    uint32_t r = lw_elem(f, v, k);
    if (k == n - 1 && is_signed && tb < 64) {
      uint32_t s = lw_vreg(f, 1);
      lw_sext(f, s, r, tb, 64);
      r = s;
    }
    return r;
  }
  if (!is_signed) return lw_const(f, 0);
  return emit(f, VIR_ASHR_I64, limb(f, v, w, n - 1, 1), lw_const(f, 63));
}

/* Writes the n limbs r[] of a w-bit result to d, the top one cut to its bits. */
static void put(struct lw_fn *f, uint32_t d, const uint32_t *r, unsigned w) {
  unsigned n = limbs(w);
  for (unsigned k = 0; k < n; k++) lw_normalize(f, d + k, r[k], k == n - 1 ? top_bits(w) : 64);
}

/* *sum = a + b + *carry (carry 0/1 register or NOREG), *carry = the carry out. */
static uint32_t add_carry(struct lw_fn *f, uint32_t a, uint32_t b, uint32_t *carry) {
  uint32_t s = emit(f, VIR_ADD_I64, a, b);
  uint32_t c = icmp64(f, VIR_ICMP_ULT, s, a);
  if (*carry != VIR_NOREG) {
    uint32_t s2 = emit(f, VIR_ADD_I64, s, *carry);
    uint32_t c2 = icmp64(f, VIR_ICMP_ULT, s2, s);
    c = emit(f, VIR_OR, c, c2);
    s = s2;
  }
  *carry = c;
  return s;
}

/* Shift of v (n limbs) by amount register s (< 64 n): out[k] built from limbs k - j and
 * k - j - 1 (left) or k + j and k + j + 1 (right) for the limb shift j = s / 64, chosen by
 * selects, then shifted by s % 64 (a constant amount folds the selects away). */
static void shift(struct lw_fn *f, LLVMOpcode opc, LLVMValueRef v, unsigned w, uint32_t s, int const_s,
                  uint64_t sval, uint32_t *out) {
  unsigned n = limbs(w);
  int left = opc == LLVMShl, sign = opc == LLVMAShr;
  uint32_t in[64 + 2];
  for (unsigned k = 0; k < n; k++) in[k] = limb(f, v, w, k, sign);
  uint32_t fill = sign ? limb(f, v, w, n, 1) : lw_const(f, 0);
  uint32_t ls = const_s ? VIR_NOREG : emit(f, VIR_LSHR_I64, s, lw_const(f, 6));
  uint32_t bs = const_s ? lw_const(f, sval & 63) : emit(f, VIR_AND, s, lw_const(f, 63));
  uint32_t rbs = const_s ? lw_const(f, (64 - (sval & 63)) & 63) : emit(f, VIR_SUB_I64, lw_const(f, 64), bs);
  uint32_t bs_zero = const_s ? VIR_NOREG : icmp64(f, VIR_ICMP_EQ, bs, lw_const(f, 0));
  for (unsigned k = 0; k < n; k++) {
    uint32_t x = VIR_NOREG, y = VIR_NOREG;
    for (unsigned j = 0; j < n; j++) {
      if (const_s && j != sval / 64) continue;
      long xi = left ? (long)k - (long)j : (long)k + (long)j, yi = left ? xi - 1 : xi + 1;
      uint32_t xv = xi >= 0 && xi < (long)n ? in[xi] : left ? lw_const(f, 0) : fill;
      uint32_t yv = yi >= 0 && yi < (long)n ? in[yi] : left ? lw_const(f, 0) : fill;
      if (x == VIR_NOREG || const_s) { x = xv; y = yv; continue; }
      uint32_t c = icmp64(f, VIR_ICMP_EQ, ls, lw_const(f, j));
      x = sel(f, c, xv, x);
      y = sel(f, c, yv, y);
    }
    if (x == VIR_NOREG) { x = left ? lw_const(f, 0) : fill; y = x; } /* shifted out entirely */
    if (const_s && (sval & 63) == 0) { out[k] = x; continue; }
    uint32_t main = emit(f, left ? VIR_SHL_I64 : VIR_LSHR_I64, x, bs);
    uint32_t spill = emit(f, left ? VIR_LSHR_I64 : VIR_SHL_I64, y, rbs);
    if (!const_s) spill = sel(f, bs_zero, lw_const(f, 0), spill); /* a shift by 64 is not 0 in VIR */
    out[k] = emit(f, VIR_OR, main, spill);
  }
}

int lw_wide_binop(struct lw_fn *f, LLVMValueRef inst) {
  LLVMOpcode opc = LLVMIsAConstantExpr(inst) ? LLVMGetConstOpcode(inst) : LLVMGetInstructionOpcode(inst);
  LLVMTypeRef t = LLVMTypeOf(inst);
  if (LLVMGetTypeKind(t) != LLVMIntegerTypeKind) return lw_fail(f, "vectors of integers wider than 64 bits are not supported");
  unsigned w = LLVMGetIntTypeWidth(t), n = limbs(w);
  if (n > 64) return lw_fail(f, "integers wider than 4096 bits are not supported");
  LLVMValueRef a = LLVMGetOperand(inst, 0), b = LLVMGetOperand(inst, 1);
  uint32_t d = lw_def(f, inst), r[64];
  switch (opc) {
  case LLVMAnd: case LLVMOr: case LLVMXor: {
    int op = opc == LLVMAnd ? VIR_AND : opc == LLVMOr ? VIR_OR : VIR_XOR;
    for (unsigned k = 0; k < n; k++) lw_emit(f, op, 0, 0, d + k, lw_elem(f, a, k), lw_elem(f, b, k), VIR_NOREG);
    return 0;
  }
  case LLVMAdd: {
    uint32_t carry = VIR_NOREG;
    for (unsigned k = 0; k < n; k++) r[k] = add_carry(f, lw_elem(f, a, k), lw_elem(f, b, k), &carry);
    put(f, d, r, w);
    return 0;
  }
  case LLVMSub: { /* a + ~b + 1 */
    uint32_t carry = lw_const(f, 1);
    for (unsigned k = 0; k < n; k++)
      r[k] = add_carry(f, lw_elem(f, a, k), emit(f, VIR_XOR, lw_elem(f, b, k), lw_const(f, ~0ull)), &carry);
    put(f, d, r, w);
    return 0;
  }
  case LLVMMul: { /* schoolbook, low n limbs: r[i + j] += lo(a_i b_j), r[i + j + 1] += hi(a_i b_j) */
    for (unsigned k = 0; k < n; k++) r[k] = lw_const(f, 0);
    for (unsigned i = 0; i < n; i++)
      for (unsigned j = 0; i + j < n; j++) {
        uint32_t ai = lw_elem(f, a, i), bj = lw_elem(f, b, j);
        uint32_t parts[2] = {emit(f, VIR_MUL_I64, ai, bj), VIR_NOREG};
        if (i + j + 1 < n) {
          parts[1] = lw_vreg(f, 1);
          lw_emit(f, VIR_MULHI_U, 0, 8, parts[1], ai, bj, VIR_NOREG);
        }
        for (unsigned p = 0; p < 2 && parts[p] != VIR_NOREG; p++) {
          uint32_t carry = VIR_NOREG, add = parts[p];
          for (unsigned k = i + j + p; k < n; k++) {
            r[k] = add_carry(f, r[k], add, &carry);
            add = lw_const(f, 0);
          }
        }
      }
    put(f, d, r, w);
    return 0;
  }
  case LLVMShl: case LLVMLShr: case LLVMAShr: {
    /* amounts of w or more give poison: only the low limb of the amount matters */
    int const_s = LLVMIsAConstantInt(b) != NULL;
    uint64_t sval = 0;
    if (const_s && lw_wide_const_limb(b, 0, &sval)) return lw_fail(f, "unsupported shift amount");
    if (const_s && sval >= w) sval = 0;
    shift(f, opc, a, w, const_s ? VIR_NOREG : lw_elem(f, b, 0), const_s, sval, r);
    put(f, d, r, w);
    return 0;
  }
  default:
    return lw_fail(f, "division of i%u integers is not supported (integers wider than 64 bits)", w);
  }
}

int lw_wide_icmp(struct lw_fn *f, LLVMValueRef inst) {
  LLVMValueRef a = LLVMGetOperand(inst, 0), b = LLVMGetOperand(inst, 1);
  if (LLVMGetTypeKind(LLVMTypeOf(a)) != LLVMIntegerTypeKind)
    return lw_fail(f, "vectors of integers wider than 64 bits are not supported");
  unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(a)), n = limbs(w);
  LLVMIntPredicate p = LLVMGetICmpPredicate(inst);
  uint32_t d = lw_def(f, inst);
  if (p == LLVMIntEQ || p == LLVMIntNE) {
    uint32_t acc = lw_const(f, 0);
    for (unsigned k = 0; k < n; k++) acc = emit(f, VIR_OR, acc, emit(f, VIR_XOR, lw_elem(f, a, k), lw_elem(f, b, k)));
    lw_emit(f, VIR_ICMP_I64, p == LLVMIntEQ ? VIR_ICMP_EQ : VIR_ICMP_NE, 0, d, acc, lw_const(f, 0), VIR_NOREG);
    return 0;
  }
  /* Lexicographic from the top limb: the lowest limb decides with the predicate itself, each
   * higher one, where it differs, with the strict form (signed for the top limb). */
  int is_signed = p == LLVMIntSGT || p == LLVMIntSGE || p == LLVMIntSLT || p == LLVMIntSLE;
  int greater = p == LLVMIntUGT || p == LLVMIntUGE || p == LLVMIntSGT || p == LLVMIntSGE;
  int or_equal = p == LLVMIntUGE || p == LLVMIntULE || p == LLVMIntSGE || p == LLVMIntSLE;
  unsigned ustrict = greater ? VIR_ICMP_UGT : VIR_ICMP_ULT, sstrict = greater ? VIR_ICMP_SGT : VIR_ICMP_SLT;
  unsigned low = greater ? (or_equal ? VIR_ICMP_UGE : VIR_ICMP_UGT) : (or_equal ? VIR_ICMP_ULE : VIR_ICMP_ULT);
  uint32_t r = icmp64(f, low, lw_elem(f, a, 0), lw_elem(f, b, 0));
  for (unsigned k = 1; k < n; k++) {
    int top = k == n - 1;
    uint32_t ak = limb(f, a, w, k, is_signed && top), bk = limb(f, b, w, k, is_signed && top);
    uint32_t differ = icmp64(f, VIR_ICMP_NE, ak, bk);
    uint32_t here = icmp64(f, is_signed && top ? sstrict : ustrict, ak, bk);
    r = sel(f, differ, here, r);
  }
  lw_emit(f, VIR_MOV, 0, 0, d, r, VIR_NOREG, VIR_NOREG);
  return 0;
}

int lw_wide_cast(struct lw_fn *f, LLVMValueRef inst) {
  LLVMOpcode opc = LLVMIsAConstantExpr(inst) ? LLVMGetConstOpcode(inst) : LLVMGetInstructionOpcode(inst);
  LLVMValueRef src = LLVMGetOperand(inst, 0);
  unsigned wf = width_of(LLVMTypeOf(src)), wt = width_of(LLVMTypeOf(inst));
  if (!wf || !wt) return lw_fail(f, "conversion between floating point and integers wider than 64 bits is not supported");
  unsigned nt = limbs(wt);
  if (nt > 64) return lw_fail(f, "integers wider than 4096 bits are not supported");
  int sign = opc == LLVMSExt;
  if (opc != LLVMTrunc && opc != LLVMZExt && opc != LLVMSExt && opc != LLVMPtrToInt && opc != LLVMIntToPtr)
    return lw_fail(f, "unsupported cast of an integer wider than 64 bits");
  uint32_t d = lw_def(f, inst), r[64];
  for (unsigned k = 0; k < nt; k++) r[k] = limb(f, src, wf, k, sign);
  put(f, d, r, wt);
  return 0;
}
