/* lower_insn.c - LLVM instructions -> VIR: integer and floating-point arithmetic, comparisons,
 * casts, select, memory (alloca, load, store, getelementptr), vector and aggregate shuffling.
 * Vectors and aggregates are lowered element by element (their registers are independent);
 * narrow integers follow the canonical forms of vir_ops.def. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/lower.h"
#include "compiler/lower_wide.h"
#include "compiler/lower_call.h"
#include "compiler/lower_insn.h"

static unsigned int_width(LLVMTypeRef t) {
  if (LLVMGetTypeKind(t) == LLVMVectorTypeKind) t = LLVMGetElementType(t);
  if (LLVMGetTypeKind(t) == LLVMPointerTypeKind) return 64;
  return LLVMGetTypeKind(t) == LLVMIntegerTypeKind ? LLVMGetIntTypeWidth(t) : 0;
}

static LLVMTypeRef scalar_of(LLVMTypeRef t) {
  return LLVMGetTypeKind(t) == LLVMVectorTypeKind ? LLVMGetElementType(t) : t;
}

static int is_f64(LLVMTypeRef t) { return LLVMGetTypeKind(scalar_of(t)) == LLVMDoubleTypeKind; }
static int is_f32(LLVMTypeRef t) { return LLVMGetTypeKind(scalar_of(t)) == LLVMFloatTypeKind; }
static int is_f16(LLVMTypeRef t) { return LLVMGetTypeKind(scalar_of(t)) == LLVMHalfTypeKind; }

/* One integer binary operation on element registers a, b of width w into d. */
static int int_binop(struct lw_fn *f, LLVMOpcode opc, unsigned w, uint32_t d, uint32_t a, uint32_t b) {
  if (w > 64) return lw_fail(f, "integers wider than 64 bits are not supported");
  int wide = w > 32;
  int op;
  switch (opc) {
  case LLVMAnd: lw_emit(f, VIR_AND, 0, 0, d, a, b, VIR_NOREG); return 0;
  case LLVMOr: lw_emit(f, VIR_OR, 0, 0, d, a, b, VIR_NOREG); return 0;
  case LLVMXor: lw_emit(f, VIR_XOR, 0, 0, d, a, b, VIR_NOREG); return 0;
  case LLVMAdd: op = wide ? VIR_ADD_I64 : VIR_ADD_I32; break;
  case LLVMSub: op = wide ? VIR_SUB_I64 : VIR_SUB_I32; break;
  case LLVMMul: op = wide ? VIR_MUL_I64 : VIR_MUL_I32; break;
  case LLVMShl: op = wide ? VIR_SHL_I64 : VIR_SHL_I32; break;
  case LLVMUDiv: op = wide ? VIR_UDIV_I64 : VIR_UDIV_I32; break;
  case LLVMURem: op = wide ? VIR_UREM_I64 : VIR_UREM_I32; break;
  case LLVMLShr: op = wide ? VIR_LSHR_I64 : VIR_LSHR_I32; break;
  case LLVMSDiv: op = wide ? VIR_SDIV_I64 : VIR_SDIV_I32; break;
  case LLVMSRem: op = wide ? VIR_SREM_I64 : VIR_SREM_I32; break;
  case LLVMAShr: op = wide ? VIR_ASHR_I64 : VIR_ASHR_I32; break;
  default: return lw_fail(f, "unsupported integer operation");
  }
  const unsigned full = wide ? 64 : 32;
  int is_signed = opc == LLVMSDiv || opc == LLVMSRem || opc == LLVMAShr;
  if (is_signed && w != full) {
    uint32_t sa = lw_vreg(f, 1);
    lw_sext(f, sa, a, w, full);
    a = sa;
    if (opc != LLVMAShr) {
      uint32_t sb = lw_vreg(f, 1);
      lw_sext(f, sb, b, w, full);
      b = sb;
    }
  }
  /* Results that can leave the w-bit range are masked back to canonical form. */
  int needs_norm = w != full && (opc == LLVMAdd || opc == LLVMSub || opc == LLVMMul || opc == LLVMShl || is_signed);
  if (w == 1 && (opc == LLVMShl || opc == LLVMLShr || opc == LLVMAShr)) {
    lw_emit(f, VIR_MOV, 0, 0, d, a, VIR_NOREG, VIR_NOREG); /* shifting an i1 by 0 (else poison) */
    return 0;
  }
  if (!needs_norm) {
    lw_emit(f, op, 0, 0, d, a, b, VIR_NOREG);
    return 0;
  }
  uint32_t t = lw_vreg(f, 1);
  lw_emit(f, op, 0, 0, t, a, b, VIR_NOREG);
  lw_normalize(f, d, t, w);
  return 0;
}

/* -cl-denorms-are-zero (OpenCL 3.0 section 5.8.4.3) reaches the IR as the function attribute
 * "denormal-fp-math-f32"="preserve-sign,...": the FPU models IEEE denormals, so single-precision
 * arithmetic then flushes its operands and result to a zero of the same sign, as a GPU in FTZ
 * mode does. */
static int f32_flushes_denormals(struct lw_fn *f) {
  LLVMAttributeRef at = LLVMGetStringAttributeAtIndex(f->fn, LLVMAttributeFunctionIndex, "denormal-fp-math-f32", 20);
  if (!at) return 0;
  unsigned len = 0;
  const char *v = LLVMGetStringAttributeValue(at, &len);
  return v && ((len >= 13 && !strncmp(v, "preserve-sign", 13)) || (len >= 13 && !strncmp(v, "positive-zero", 13)));
}

/* d = x, or a signed zero if x is an f32 denormal. */
static void f32_flush(struct lw_fn *f, uint32_t d, uint32_t x) {
  uint32_t ab = lw_vreg(f, 1), tiny = lw_vreg(f, 1), zero = lw_vreg(f, 1);
  lw_emit(f, VIR_AND, 0, 0, ab, x, lw_const(f, 0x7fffffffu), VIR_NOREG);
  lw_emit(f, VIR_ICMP_I32, VIR_ICMP_ULT, 0, tiny, ab, lw_const(f, 0x00800000u), VIR_NOREG);
  lw_emit(f, VIR_AND, 0, 0, zero, x, lw_const(f, 0x80000000u), VIR_NOREG);
  lw_emit(f, VIR_SELECT, 0, 0, d, tiny, zero, x);
}

/* Half arithmetic (a register holds the f16 bits): exact widening to float, the float operation,
 * one rounding to half.  float's 24-bit significand is at least 2p + 2 for half's p = 11, so for
 * +, -, *, / the two roundings give the correctly rounded half result (Figueroa, "When is double
 * rounding innocuous?", 1995); frem is exact in both formats.  Half keeps its subnormals. */
static void half_via_f32(struct lw_fn *f, int op, uint32_t d, uint32_t a, uint32_t b) {
  uint32_t fa = lw_vreg(f, 1), fb = lw_vreg(f, 1), r = lw_vreg(f, 1);
  lw_emit(f, VIR_F16TOF32, 0, 0, fa, a, VIR_NOREG, VIR_NOREG);
  lw_emit(f, VIR_F16TOF32, 0, 0, fb, b, VIR_NOREG, VIR_NOREG);
  lw_emit(f, op, 0, 0, r, fa, fb, VIR_NOREG);
  lw_emit(f, VIR_F32TOF16, 0, 0, d, r, VIR_NOREG, VIR_NOREG);
}

static int float_binop(struct lw_fn *f, LLVMOpcode opc, LLVMTypeRef t, uint32_t d, uint32_t a, uint32_t b) {
  int dbl = is_f64(t);
  if (!dbl && !is_f32(t) && !is_f16(t)) return lw_fail(f, "arithmetic on this floating-point type is not supported");
  int op;
  switch (opc) {
  case LLVMFAdd: op = dbl ? VIR_FADD_F64 : VIR_FADD_F32; break;
  case LLVMFSub: op = dbl ? VIR_FSUB_F64 : VIR_FSUB_F32; break;
  case LLVMFMul: op = dbl ? VIR_FMUL_F64 : VIR_FMUL_F32; break;
  case LLVMFDiv: op = dbl ? VIR_FDIV_F64 : VIR_FDIV_F32; break;
  case LLVMFRem: op = dbl ? VIR_FREM_F64 : VIR_FREM_F32; break;
  default: return lw_fail(f, "unsupported floating-point operation");
  }
  if (is_f16(t)) {
    half_via_f32(f, op, d, a, b);
    return 0;
  }
  if (!dbl && f32_flushes_denormals(f)) {
    uint32_t fa = lw_vreg(f, 1), fb = lw_vreg(f, 1), r = lw_vreg(f, 1);
    f32_flush(f, fa, a);
    f32_flush(f, fb, b);
    lw_emit(f, op, 0, 0, r, fa, fb, VIR_NOREG);
    f32_flush(f, d, r);
    return 0;
  }
  lw_emit(f, op, 0, 0, d, a, b, VIR_NOREG);
  return 0;
}

static int icmp(struct lw_fn *f, LLVMIntPredicate p, unsigned w, uint32_t d, uint32_t a, uint32_t b) {
  if (w > 64) return lw_fail(f, "integers wider than 64 bits are not supported");
  int is_signed = p == LLVMIntSGT || p == LLVMIntSGE || p == LLVMIntSLT || p == LLVMIntSLE;
  unsigned full = w > 32 ? 64 : 32;
  if (is_signed && w != full) {
    uint32_t sa = lw_vreg(f, 1), sb = lw_vreg(f, 1);
    lw_sext(f, sa, a, w, full);
    lw_sext(f, sb, b, w, full);
    a = sa;
    b = sb;
  }
  lw_emit(f, full == 64 ? VIR_ICMP_I64 : VIR_ICMP_I32, (unsigned)(p - LLVMIntEQ), 0, d, a, b, VIR_NOREG);
  return 0;
}

/* Scalar cast of one element. */
static int cast(struct lw_fn *f, LLVMOpcode opc, LLVMTypeRef from, LLVMTypeRef to, uint32_t d, uint32_t a) {
  unsigned wf = int_width(from), wt = int_width(to);
  switch (opc) {
  case LLVMTrunc:
    lw_normalize(f, d, a, wt);
    return 0;
  case LLVMZExt: case LLVMBitCast: case LLVMAddrSpaceCast: case LLVMIntToPtr:
    lw_emit(f, VIR_MOV, 0, 0, d, a, VIR_NOREG, VIR_NOREG); /* scalars are aliased, see lw_lower_insn */
    return 0;
  case LLVMPtrToInt:
    lw_normalize(f, d, a, wt);
    return 0;
  case LLVMSExt:
    if (wt > 32 && wt < 64) {
      uint32_t t = lw_vreg(f, 1);
      lw_sext(f, t, a, wf, 64);
      lw_normalize(f, d, t, wt);
    } else if (wt < 32) {
      uint32_t t = lw_vreg(f, 1);
      lw_sext(f, t, a, wf, 32);
      lw_normalize(f, d, t, wt);
    } else {
      lw_sext(f, d, a, wf, wt);
    }
    return 0;
  case LLVMFPTrunc:
    if (is_f64(from) && is_f32(to)) lw_emit(f, VIR_FPTRUNC, 0, 0, d, a, VIR_NOREG, VIR_NOREG);
    else if (is_f32(from) && is_f16(to)) lw_emit(f, VIR_F32TOF16, 0, 0, d, a, VIR_NOREG, VIR_NOREG);
    else if (is_f64(from) && is_f16(to)) lw_emit(f, VIR_F64TOF16, 0, 0, d, a, VIR_NOREG, VIR_NOREG);
    else return lw_fail(f, "unsupported fptrunc");
    return 0;
  case LLVMFPExt:
    if (is_f32(from) && is_f64(to)) lw_emit(f, VIR_FPEXT, 0, 0, d, a, VIR_NOREG, VIR_NOREG);
    else if (is_f16(from) && is_f32(to)) lw_emit(f, VIR_F16TOF32, 0, 0, d, a, VIR_NOREG, VIR_NOREG);
    else if (is_f16(from) && is_f64(to)) {
      uint32_t t = lw_vreg(f, 1);
      lw_emit(f, VIR_F16TOF32, 0, 0, t, a, VIR_NOREG, VIR_NOREG);
      lw_emit(f, VIR_FPEXT, 0, 0, d, t, VIR_NOREG, VIR_NOREG);
    } else return lw_fail(f, "unsupported fpext");
    return 0;
  case LLVMFPToSI: case LLVMFPToUI: {
    int dbl = is_f64(from);
    uint32_t src = a;
    if (is_f16(from)) {
      src = lw_vreg(f, 1);
      lw_emit(f, VIR_F16TOF32, 0, 0, src, a, VIR_NOREG, VIR_NOREG);
    } else if (!dbl && !is_f32(from)) return lw_fail(f, "unsupported conversion");
    unsigned bytes = wt <= 8 ? 1 : wt <= 16 ? 2 : wt <= 32 ? 4 : 8;
    if (wt > 64) return lw_fail(f, "integers wider than 64 bits are not supported");
    int op = opc == LLVMFPToSI ? (dbl ? VIR_FPTOSI_F64 : VIR_FPTOSI_F32) : (dbl ? VIR_FPTOUI_F64 : VIR_FPTOUI_F32);
    if (wt == 8 || wt == 16 || wt == 32 || wt == 64) {
      lw_emit(f, op, 0, bytes, d, src, VIR_NOREG, VIR_NOREG);
    } else {
      uint32_t t = lw_vreg(f, 1);
      lw_emit(f, op, 0, bytes, t, src, VIR_NOREG, VIR_NOREG);
      lw_normalize(f, d, t, wt);
    }
    return 0;
  }
  case LLVMSIToFP: case LLVMUIToFP: {
    if (wf > 64) return lw_fail(f, "integers wider than 64 bits are not supported");
    uint32_t src = a;
    unsigned bytes = wf;
    if (wf != 8 && wf != 16 && wf != 32 && wf != 64) {
      if (opc == LLVMSIToFP) {
        src = lw_vreg(f, 1);
        lw_sext(f, src, a, wf, 64);
      }
      bytes = 64;
    }
    bytes /= 8;
    int s = opc == LLVMSIToFP;
    if (is_f64(to)) lw_emit(f, s ? VIR_SITOFP_F64 : VIR_UITOFP_F64, 0, bytes, d, src, VIR_NOREG, VIR_NOREG);
    else if (is_f32(to)) lw_emit(f, s ? VIR_SITOFP_F32 : VIR_UITOFP_F32, 0, bytes, d, src, VIR_NOREG, VIR_NOREG);
    else if (is_f16(to)) {
      uint32_t t = lw_vreg(f, 1);
      lw_emit(f, s ? VIR_SITOFP_F64 : VIR_UITOFP_F64, 0, bytes, t, src, VIR_NOREG, VIR_NOREG);
      lw_emit(f, VIR_F64TOF16, 0, 0, d, t, VIR_NOREG, VIR_NOREG);
    } else return lw_fail(f, "unsupported conversion");
    return 0;
  }
  default:
    return lw_fail(f, "unsupported cast");
  }
}

static unsigned addr_space(LLVMValueRef ptr) {
  LLVMTypeRef t = LLVMTypeOf(ptr);
  return LLVMGetTypeKind(t) == LLVMPointerTypeKind ? LLVMGetPointerAddressSpace(t) : 0;
}

/* An integer of a width that is no VIR size (i24, i40, the i48 limb of an i112...) occupies
 * its ceil(w / 8) bytes (LLVM's store size): moved as 4-, 2- and 1-byte pieces, little-endian. */
static int mem_odd_int(struct lw_fn *f, int store, unsigned w, unsigned as, uint32_t base, uint64_t off,
                       uint32_t reg) {
  unsigned bytes = (w + 7) / 8, at = 0;
  uint32_t acc = lw_const(f, 0);
  while (at < bytes) {
    unsigned piece = bytes - at >= 4 ? 4 : bytes - at >= 2 ? 2 : 1;
    uint32_t t = lw_vreg(f, 1);
    if (store) {
      lw_emit(f, VIR_LSHR_I64, 0, 0, t, reg, lw_const(f, 8 * at), VIR_NOREG);
      lw_emit(f, VIR_STORE, as, piece, VIR_NOREG, base, t, (uint32_t)(off + at));
    } else {
      uint32_t sh = lw_vreg(f, 1), o = lw_vreg(f, 1);
      lw_emit(f, VIR_LOAD, as, piece, t, base, VIR_NOREG, (uint32_t)(off + at));
      lw_emit(f, VIR_SHL_I64, 0, 0, sh, t, lw_const(f, 8 * at), VIR_NOREG);
      lw_emit(f, VIR_OR, 0, 0, o, acc, sh, VIR_NOREG);
      acc = o;
    }
    at += piece;
  }
  if (!store) lw_normalize(f, reg, acc, w);
  return 0;
}

/* Load or store of one scalar leaf at [base + off]. */
static int mem_leaf(struct lw_fn *f, int store, LLVMTypeRef t, unsigned as, uint32_t base, uint64_t off,
                    uint32_t reg) {
  unsigned bytes = lw_scalar_bytes(t);
  if (!bytes && LLVMGetTypeKind(t) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(t) < 64 && as <= VIR_AS_GENERIC) {
    if ((int64_t)off > INT32_MAX - 8 || (int64_t)off < INT32_MIN) {
      uint32_t b2 = lw_vreg(f, 1);
      lw_emit(f, VIR_ADD_I64, 0, 0, b2, base, lw_const(f, off), VIR_NOREG);
      base = b2;
      off = 0;
    }
    return mem_odd_int(f, store, LLVMGetIntTypeWidth(t), as, base, off, reg);
  }
  if (!bytes) {
    char *name = LLVMPrintTypeToString(t);
    int rc = lw_fail(f, "memory access of an unsupported type (%s)", name);
    LLVMDisposeMessage(name);
    return rc;
  }
  if (as > VIR_AS_GENERIC) return lw_fail(f, "unsupported address space %u", as);
  if ((int64_t)off > INT32_MAX || (int64_t)off < INT32_MIN) {
    uint32_t b2 = lw_vreg(f, 1);
    lw_emit(f, VIR_ADD_I64, 0, 0, b2, base, lw_const(f, off), VIR_NOREG);
    base = b2;
    off = 0;
  }
  if (store) {
    lw_emit(f, VIR_STORE, as, bytes, VIR_NOREG, base, reg, (uint32_t)off);
  } else if (lw_vir_type(t) == VIR_T_I1) { /* a bool in memory is a byte; keep 0/1 canonical */
    uint32_t t8 = lw_vreg(f, 1);
    lw_emit(f, VIR_LOAD, as, 1, t8, base, VIR_NOREG, (uint32_t)off);
    lw_emit(f, VIR_AND, 0, 0, reg, t8, lw_const(f, 1), VIR_NOREG);
  } else {
    lw_emit(f, VIR_LOAD, as, bytes, reg, base, VIR_NOREG, (uint32_t)off);
  }
  return 0;
}

static int load_store(struct lw_fn *f, LLVMValueRef inst, int store) {
  LLVMValueRef ptr = LLVMGetOperand(inst, store ? 1 : 0);
  LLVMValueRef val = store ? LLVMGetOperand(inst, 0) : inst;
  LLVMTypeRef t = LLVMTypeOf(val);
  unsigned as = addr_space(ptr);
  if (LLVMGetTypeKind(LLVMTypeOf(ptr)) != LLVMPointerTypeKind) return lw_fail(f, "vector of pointers");
  uint64_t disp = 0;
  uint32_t base = lw_address(f, ptr, &disp);
  uint32_t n = lw_leaves(t);
  uint32_t d = store ? 0 : lw_def(f, inst);
  /* <N x i1> and other bit-packed vectors have no byte-per-element memory form. */
  if (LLVMGetTypeKind(t) == LLVMVectorTypeKind && lw_vir_type(LLVMGetElementType(t)) == VIR_T_I1)
    return lw_fail(f, "loads and stores of boolean vectors are not supported");
  for (uint32_t i = 0; i < n; i++) {
    uint64_t off = disp;
    LLVMTypeRef lt = lw_leaf(f->mod, t, i, &off);
    if (mem_leaf(f, store, lt, as, base, off, store ? lw_elem(f, val, i) : d + i)) return -1;
  }
  return 0;
}

static uint64_t sext_const(LLVMValueRef c) {
  return (uint64_t)LLVMConstIntGetSExtValue(c);
}

static int gep(struct lw_fn *f, LLVMValueRef inst) {
  struct lw_module *m = f->mod;
  if (LLVMGetTypeKind(LLVMTypeOf(inst)) != LLVMPointerTypeKind)
    return lw_fail(f, "vector getelementptr is not supported");
  uint32_t d = lw_def(f, inst);
  uint32_t base = lw_elem(f, LLVMGetOperand(inst, 0), 0), cur = base;
  LLVMTypeRef t = LLVMGetGEPSourceElementType(inst);
  uint64_t off = 0;
  unsigned n = (unsigned)LLVMGetNumOperands(inst);
  for (unsigned i = 1; i < n; i++) {
    LLVMValueRef idx = LLVMGetOperand(inst, i);
    uint64_t step;
    if (i == 1) {
      step = LLVMABISizeOfType(m->td, t);
    } else if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
      unsigned field = (unsigned)LLVMConstIntGetZExtValue(idx);
      off += LLVMOffsetOfElement(m->td, t, field);
      t = LLVMStructGetTypeAtIndex(t, field);
      continue;
    } else {
      t = LLVMGetElementType(t);
      step = LLVMABISizeOfType(m->td, t);
    }
    if (LLVMIsAConstantInt(idx)) {
      off += sext_const(idx) * step;
      continue;
    }
    if (LLVMGetTypeKind(LLVMTypeOf(idx)) != LLVMIntegerTypeKind)
      return lw_fail(f, "vector getelementptr is not supported");
    unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(idx));
    uint32_t r = lw_elem(f, idx, 0);
    if (w < 64) { /* GEP indices are signed */
      uint32_t s = lw_vreg(f, 1);
      lw_sext(f, s, r, w, 64);
      r = s;
    }
    uint32_t nx = lw_vreg(f, 1);
    if (step == 1)
      lw_emit(f, VIR_ADD_I64, 0, 0, nx, cur, r, VIR_NOREG);
    else
      lw_emit(f, VIR_MADI_I64, 0, 0, nx, r, lw_const(f, step), cur);
    cur = nx;
  }
  struct lw_block *bl = &f->blocks[f->cur];
  if (off)
    lw_emit(f, VIR_ADD_I64, 0, 0, d, cur, lw_const(f, off), VIR_NOREG);
  else if (cur != base && bl->n && bl->insns[bl->n - 1].dst == cur)
    bl->insns[bl->n - 1].dst = d; /* the last address step writes the result directly */
  else
    lw_emit(f, VIR_MOV, 0, 0, d, cur, VIR_NOREG, VIR_NOREG);
  return 0;
}

/* Flat leaf index of an extractvalue/insertvalue index path. */
static uint32_t leaf_index(LLVMTypeRef t, const unsigned *idx, unsigned n, LLVMTypeRef *sub) {
  uint32_t leaf = 0;
  for (unsigned k = 0; k < n; k++) {
    if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
      for (unsigned j = 0; j < idx[k]; j++) leaf += lw_leaves(LLVMStructGetTypeAtIndex(t, j));
      t = LLVMStructGetTypeAtIndex(t, idx[k]);
    } else {
      t = LLVMGetElementType(t);
      leaf += idx[k] * lw_leaves(t);
    }
  }
  *sub = t;
  return leaf;
}

static void move(struct lw_fn *f, uint32_t d, uint32_t a) { lw_emit(f, VIR_MOV, 0, 0, d, a, VIR_NOREG, VIR_NOREG); }

/* Bitcast between different vector shapes: through a private scratch slot (store as one shape,
 * load as the other), which is exactly the memory reinterpretation LLVM defines. */
static int reshape(struct lw_fn *f, LLVMValueRef inst) {
  LLVMValueRef src = LLVMGetOperand(inst, 0);
  LLVMTypeRef ft = LLVMTypeOf(src), tt = LLVMTypeOf(inst);
  /* <N x i1> <-> iN (the optimiser's form of any()/all() over a vector compare): bit i is lane i */
  if (LLVMGetTypeKind(ft) == LLVMVectorTypeKind && lw_vir_type(LLVMGetElementType(ft)) == VIR_T_I1 &&
      LLVMGetTypeKind(tt) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(tt) <= 64) {
    uint32_t d = lw_def(f, inst), acc = lw_const(f, 0);
    for (uint32_t i = 0; i < LLVMGetVectorSize(ft); i++) {
      uint32_t t = lw_vreg(f, 1), o = lw_vreg(f, 1);
      lw_emit(f, VIR_SHL_I64, 0, 0, t, lw_elem(f, src, i), lw_const(f, i), VIR_NOREG);
      lw_emit(f, VIR_OR, 0, 0, o, acc, t, VIR_NOREG);
      acc = o;
    }
    move(f, d, acc);
    return 0;
  }
  if (LLVMGetTypeKind(tt) == LLVMVectorTypeKind && lw_vir_type(LLVMGetElementType(tt)) == VIR_T_I1 &&
      LLVMGetTypeKind(ft) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(ft) <= 64) {
    uint32_t d = lw_def(f, inst), x = lw_elem(f, src, 0);
    for (uint32_t i = 0; i < LLVMGetVectorSize(tt); i++) {
      uint32_t t = lw_vreg(f, 1);
      lw_emit(f, VIR_LSHR_I64, 0, 0, t, x, lw_const(f, i), VIR_NOREG);
      lw_emit(f, VIR_AND, 0, 0, d + i, t, lw_const(f, 1), VIR_NOREG);
    }
    return 0;
  }
  uint64_t size = LLVMABISizeOfType(f->mod->td, ft);
  uint64_t off = (f->private_size + 7) & ~7ull;
  f->private_size = off + size + 8;
  uint32_t p = lw_vreg(f, 1);
  lw_emit(f, VIR_PADDR, 0, 0, p, (uint32_t)off, VIR_NOREG, VIR_NOREG);
  for (uint32_t i = 0; i < lw_leaves(ft); i++) {
    uint64_t o = 0;
    LLVMTypeRef lt = lw_leaf(f->mod, ft, i, &o);
    if (lw_vir_type(lt) == VIR_T_I1) return lw_fail(f, "bitcast of boolean vectors is not supported");
    if (mem_leaf(f, 1, lt, VIR_AS_PRIVATE, p, o, lw_elem(f, src, i))) return -1;
  }
  uint32_t d = lw_def(f, inst);
  for (uint32_t i = 0; i < lw_leaves(tt); i++) {
    uint64_t o = 0;
    LLVMTypeRef lt = lw_leaf(f->mod, tt, i, &o);
    if (lw_vir_type(lt) == VIR_T_I1) return lw_fail(f, "bitcast of boolean vectors is not supported");
    if (mem_leaf(f, 0, lt, VIR_AS_PRIVATE, p, o, d + i)) return -1;
  }
  return 0;
}

static int alloca_insn(struct lw_fn *f, LLVMValueRef inst) {
  LLVMTypeRef t = LLVMGetAllocatedType(inst);
  LLVMValueRef count = LLVMGetOperand(inst, 0);
  if (!LLVMIsAConstantInt(count)) return lw_fail(f, "variable-length arrays are not supported");
  uint64_t size = LLVMABISizeOfType(f->mod->td, t) * LLVMConstIntGetZExtValue(count);
  uint64_t align = LLVMGetAlignment(inst);
  if (align < 1) align = 1;
  uint64_t off = (f->private_size + align - 1) / align * align;
  f->private_size = off + size;
  if (f->private_size > 0x7FFFFFFF) return lw_fail(f, "private variables too large");
  lw_emit(f, VIR_PADDR, 0, 0, lw_def(f, inst), (uint32_t)off, VIR_NOREG, VIR_NOREG);
  return 0;
}

int lw_lower_insn(struct lw_fn *f, LLVMValueRef inst) {
  /* constant expressions (lower_util.c) come through here too, in their instruction form */
  LLVMOpcode opc = LLVMIsAConstantExpr(inst) ? LLVMGetConstOpcode(inst) : LLVMGetInstructionOpcode(inst);
  LLVMTypeRef t = LLVMTypeOf(inst);
  uint32_t n = lw_leaves(t);
  switch (opc) {
  case LLVMAdd: case LLVMSub: case LLVMMul: case LLVMUDiv: case LLVMSDiv: case LLVMURem:
  case LLVMSRem: case LLVMShl: case LLVMLShr: case LLVMAShr: case LLVMAnd: case LLVMOr: case LLVMXor: {
    if (int_width(t) > 64) return lw_wide_binop(f, inst);
    uint32_t d = lw_def(f, inst);
    unsigned w = int_width(t);
    for (uint32_t i = 0; i < n; i++)
      if (int_binop(f, opc, w, d + i, lw_elem(f, LLVMGetOperand(inst, 0), i), lw_elem(f, LLVMGetOperand(inst, 1), i)))
        return -1;
    return 0;
  }
  case LLVMFAdd: case LLVMFSub: case LLVMFMul: case LLVMFDiv: case LLVMFRem: {
    uint32_t d = lw_def(f, inst);
    for (uint32_t i = 0; i < n; i++)
      if (float_binop(f, opc, t, d + i, lw_elem(f, LLVMGetOperand(inst, 0), i), lw_elem(f, LLVMGetOperand(inst, 1), i)))
        return -1;
    return 0;
  }
  case LLVMFNeg: {
    uint32_t d = lw_def(f, inst);
    if (!is_f32(t) && !is_f64(t) && !is_f16(t)) return lw_fail(f, "unsupported fneg type");
    for (uint32_t i = 0; i < n; i++)
      if (is_f16(t)) /* the sign bit alone, NaNs included (IEEE 754 section 5.5.1) */
        lw_emit(f, VIR_XOR, 0, 0, d + i, lw_elem(f, LLVMGetOperand(inst, 0), i), lw_const(f, 0x8000u), VIR_NOREG);
      else
        lw_emit(f, is_f64(t) ? VIR_FNEG_F64 : VIR_FNEG_F32, 0, 0, d + i, lw_elem(f, LLVMGetOperand(inst, 0), i), VIR_NOREG, VIR_NOREG);
    return 0;
  }
  case LLVMICmp: {
    if (int_width(LLVMTypeOf(LLVMGetOperand(inst, 0))) > 64) return lw_wide_icmp(f, inst);
    uint32_t d = lw_def(f, inst);
    unsigned w = int_width(LLVMTypeOf(LLVMGetOperand(inst, 0)));
    for (uint32_t i = 0; i < n; i++)
      if (icmp(f, LLVMGetICmpPredicate(inst), w, d + i, lw_elem(f, LLVMGetOperand(inst, 0), i), lw_elem(f, LLVMGetOperand(inst, 1), i)))
        return -1;
    return 0;
  }
  case LLVMFCmp: {
    uint32_t d = lw_def(f, inst);
    LLVMTypeRef ot = LLVMTypeOf(LLVMGetOperand(inst, 0));
    if (!is_f32(ot) && !is_f64(ot) && !is_f16(ot)) return lw_fail(f, "unsupported fcmp type");
    for (uint32_t i = 0; i < n; i++) {
      uint32_t a = lw_elem(f, LLVMGetOperand(inst, 0), i), b = lw_elem(f, LLVMGetOperand(inst, 1), i);
      if (is_f16(ot)) { /* widening is exact and keeps the order and the NaNs */
        uint32_t fa = lw_vreg(f, 1), fb = lw_vreg(f, 1);
        lw_emit(f, VIR_F16TOF32, 0, 0, fa, a, VIR_NOREG, VIR_NOREG);
        lw_emit(f, VIR_F16TOF32, 0, 0, fb, b, VIR_NOREG, VIR_NOREG);
        a = fa;
        b = fb;
      }
      lw_emit(f, is_f64(ot) ? VIR_FCMP_F64 : VIR_FCMP_F32, (unsigned)LLVMGetFCmpPredicate(inst), 0, d + i, a, b,
              VIR_NOREG);
    }
    return 0;
  }
  case LLVMTrunc: case LLVMZExt: case LLVMSExt: case LLVMFPTrunc: case LLVMFPExt: case LLVMFPToSI:
  case LLVMFPToUI: case LLVMSIToFP: case LLVMUIToFP: case LLVMPtrToInt: case LLVMIntToPtr:
  case LLVMAddrSpaceCast: case LLVMBitCast: {
    LLVMValueRef src = LLVMGetOperand(inst, 0);
    LLVMTypeRef ft = LLVMTypeOf(src);
    if ((int_width(ft) > 64 || int_width(t) > 64) && opc != LLVMBitCast) return lw_wide_cast(f, inst);
    /* zext, bitcast, address-space casts change no bits of a canonical register: share it */
    if (n == 1 && lw_leaves(ft) == 1 && (opc == LLVMZExt || opc == LLVMAddrSpaceCast || opc == LLVMIntToPtr ||
                                        (opc == LLVMBitCast && lw_scalar_bytes(ft) == lw_scalar_bytes(t)))) {
      lw_alias(f, inst, lw_elem(f, src, 0));
      return 0;
    }
    if (lw_leaves(ft) != n || (opc == LLVMBitCast && lw_scalar_bytes(scalar_of(ft)) != lw_scalar_bytes(scalar_of(t))))
      return opc == LLVMBitCast ? reshape(f, inst) : lw_fail(f, "unsupported vector cast");
    uint32_t d = lw_def(f, inst);
    for (uint32_t i = 0; i < n; i++)
      if (cast(f, opc, scalar_of(ft), scalar_of(t), d + i, lw_elem(f, src, i))) return -1;
    return 0;
  }
  case LLVMFreeze: {
    if (n == 1) {
      lw_alias(f, inst, lw_elem(f, LLVMGetOperand(inst, 0), 0));
      return 0;
    }
    uint32_t d = lw_def(f, inst);
    for (uint32_t i = 0; i < n; i++) move(f, d + i, lw_elem(f, LLVMGetOperand(inst, 0), i));
    return 0;
  }
  case LLVMSelect: {
    uint32_t d = lw_def(f, inst);
    LLVMValueRef c = LLVMGetOperand(inst, 0);
    int vec_cond = LLVMGetTypeKind(LLVMTypeOf(c)) == LLVMVectorTypeKind;
    for (uint32_t i = 0; i < n; i++)
      lw_emit(f, VIR_SELECT, 0, 0, d + i, lw_elem(f, c, vec_cond ? i : 0), lw_elem(f, LLVMGetOperand(inst, 1), i),
              lw_elem(f, LLVMGetOperand(inst, 2), i));
    return 0;
  }
  case LLVMAlloca: return alloca_insn(f, inst);
  case LLVMLoad:
    if (LLVMGetOrdering(inst) != LLVMAtomicOrderingNotAtomic) return lw_lower_atomic(f, inst);
    return load_store(f, inst, 0);
  case LLVMStore:
    if (LLVMGetOrdering(inst) != LLVMAtomicOrderingNotAtomic) return lw_lower_atomic(f, inst);
    return load_store(f, inst, 1);
  case LLVMGetElementPtr:
    if (!LLVMIsAConstantExpr(inst) && lw_gep_foldable(inst)) return 0; /* users add the offset (lw_address) */
    return gep(f, inst);
  case LLVMExtractElement: {
    LLVMValueRef vec = LLVMGetOperand(inst, 0), idx = LLVMGetOperand(inst, 1);
    uint32_t nv = LLVMGetVectorSize(LLVMTypeOf(vec));
    if (LLVMIsAConstantInt(idx)) {
      uint64_t k = LLVMConstIntGetZExtValue(idx);
      lw_alias(f, inst, k >= nv ? lw_const(f, 0) /* poison */ : lw_elem(f, vec, (uint32_t)k));
      return 0;
    }
    /* dynamic index: a chain of selects (no memory traffic; vectors have at most 16 elements) */
    uint32_t d = lw_def(f, inst);
    unsigned w = int_width(LLVMTypeOf(idx));
    uint32_t ir = lw_elem(f, idx, 0);
    move(f, d, lw_elem(f, vec, 0));
    for (uint32_t k = 1; k < nv; k++) {
      uint32_t c = lw_vreg(f, 1);
      lw_emit(f, w > 32 ? VIR_ICMP_I64 : VIR_ICMP_I32, VIR_ICMP_EQ, 0, c, ir, lw_const(f, k), VIR_NOREG);
      lw_emit(f, VIR_SELECT, 0, 0, d, c, lw_elem(f, vec, k), d);
    }
    return 0;
  }
  case LLVMInsertElement: {
    LLVMValueRef vec = LLVMGetOperand(inst, 0), val = LLVMGetOperand(inst, 1), idx = LLVMGetOperand(inst, 2);
    uint32_t d = lw_def(f, inst);
    if (LLVMIsAConstantInt(idx)) {
      uint64_t k = LLVMConstIntGetZExtValue(idx);
      for (uint32_t i = 0; i < n; i++) move(f, d + i, i == k ? lw_elem(f, val, 0) : lw_elem(f, vec, i));
      return 0;
    }
    unsigned w = int_width(LLVMTypeOf(idx));
    uint32_t ir = lw_elem(f, idx, 0);
    for (uint32_t i = 0; i < n; i++) {
      uint32_t c = lw_vreg(f, 1);
      lw_emit(f, w > 32 ? VIR_ICMP_I64 : VIR_ICMP_I32, VIR_ICMP_EQ, 0, c, ir, lw_const(f, i), VIR_NOREG);
      lw_emit(f, VIR_SELECT, 0, 0, d + i, c, lw_elem(f, val, 0), lw_elem(f, vec, i));
    }
    return 0;
  }
  case LLVMShuffleVector: {
    LLVMValueRef a = LLVMGetOperand(inst, 0), b = LLVMGetOperand(inst, 1);
    uint32_t d = lw_def(f, inst), na = LLVMGetVectorSize(LLVMTypeOf(a));
    for (uint32_t i = 0; i < n; i++) {
      int k = LLVMGetMaskValue(inst, i);
      if (k == LLVMGetUndefMaskElem() || k < 0) move(f, d + i, lw_const(f, 0));
      else if ((uint32_t)k < na) move(f, d + i, lw_elem(f, a, (uint32_t)k));
      else move(f, d + i, lw_elem(f, b, (uint32_t)k - na));
    }
    return 0;
  }
  case LLVMExtractValue: {
    LLVMValueRef agg = LLVMGetOperand(inst, 0);
    LLVMTypeRef sub;
    uint32_t first = leaf_index(LLVMTypeOf(agg), LLVMGetIndices(inst), LLVMGetNumIndices(inst), &sub);
    uint32_t d = lw_def(f, inst);
    for (uint32_t i = 0; i < n; i++) move(f, d + i, lw_elem(f, agg, first + i));
    return 0;
  }
  case LLVMInsertValue: {
    LLVMValueRef agg = LLVMGetOperand(inst, 0), val = LLVMGetOperand(inst, 1);
    LLVMTypeRef sub;
    uint32_t first = leaf_index(LLVMTypeOf(agg), LLVMGetIndices(inst), LLVMGetNumIndices(inst), &sub);
    uint32_t nv = lw_leaves(sub), d = lw_def(f, inst);
    for (uint32_t i = 0; i < n; i++)
      move(f, d + i, i >= first && i < first + nv ? lw_elem(f, val, i - first) : lw_elem(f, agg, i));
    return 0;
  }
  case LLVMCall: return lw_lower_call(f, inst);
  case LLVMAtomicRMW: case LLVMAtomicCmpXchg: case LLVMFence: return lw_lower_atomic(f, inst);
  default: {
    static const char *const names[] = {[LLVMInvoke] = "invoke", [LLVMIndirectBr] = "indirectbr",
      [LLVMVAArg] = "va_arg", [LLVMLandingPad] = "landingpad", [LLVMCallBr] = "callbr",
      [LLVMSwitch] = "switch", [LLVMUserOp1] = "user op"};
    const char *name = (unsigned)opc < sizeof names / sizeof names[0] && names[opc] ? names[opc] : NULL;
    if (name) return lw_fail(f, "unsupported LLVM instruction '%s'", name);
    return lw_fail(f, "unsupported LLVM instruction (opcode %d)", (int)opc);
  }
  }
}
