/* interp_loop.h - the interpreter loop (see interp.c), included twice: once with the warp width
 * a compile-time constant (32, the default), so that every lane loop has a fixed trip count and the
 * compiler unrolls and vectorises it, and once for any other width.
 * Expects INTERP_NAME (the function's name) and INTERP_WIDTH(w) (the width expression). */
static int INTERP_NAME(struct vgpu_sm *sm, struct vgpu_warp *w) {
  static const void *const labels[VGPU_D_NUM] = {
#define VIR_OP(name, mnem, fmt, effect, doc) [VGPU_D_##name] = &&L_##name,
#include "vir/vir_ops.def"
#undef VIR_OP
    [VGPU_D_RECONV] = &&L_RECONV, [VGPU_D_LOAD_G4] = &&L_LOAD_G4, [VGPU_D_STORE_G4] = &&L_STORE_G4,
    [VGPU_D_SHLADD_I64] = &&L_SHLADD_I64, [VGPU_D_LOAD_L4] = &&L_LOAD_L4, [VGPU_D_STORE_L4] = &&L_STORE_L4,
  };
  static const uint16_t vir_of[VGPU_D_NUM] = {
#define VIR_OP(name, mnem, fmt, effect, doc) [VGPU_D_##name] = VIR_##name,
#include "vir/vir_ops.def"
#undef VIR_OP
    [VGPU_D_RECONV] = VIR_NOP, [VGPU_D_LOAD_G4] = VIR_LOAD, [VGPU_D_STORE_G4] = VIR_STORE,
    [VGPU_D_SHLADD_I64] = VIR_MADI_I64, [VGPU_D_LOAD_L4] = VIR_LOAD, [VGPU_D_STORE_L4] = VIR_STORE,
  };
  const struct vgpu_kcode *kc = sm->kc;
  const struct vgpu_dinsn *const code = kc->code;
  const struct vgpu_dinsn *ip = code + w->pc;
  const struct vgpu_observer *const obs = sm->obs;
  void *const octx = sm->obs_ctx;
  uint64_t *const R = w->regs;
  const unsigned W = INTERP_WIDTH(w);
  const uint64_t full = vgpu_full_mask(W);
  struct vgpu_simt_entry *E = w->stack;
  int sp = w->sp;
  uint64_t mask = E[sp].mask;
  int yield_due = 0; /* BACKWARD: let the group's other warps run at the next branch target */
  const uint64_t data_off = sm->launch->data_off;
  uint64_t addr[VGPU_WARP_MAX];
  /* VGPU_CHECKS: also report findings (divisions with an unspecified result) */
  const int checks = (sm->launch->observers & (1u << VGPU_OBS_CHECKS)) != 0;

#define PCI ((uint32_t)(ip - code))
#define DISPATCH()                                                                          \
  do {                                                                                      \
    if (__builtin_expect(obs != NULL, 0) && ip->op != VGPU_D_RECONV && obs->insn) {        \
      w->sp = sp; /* the warp's state as it is, for an observer that looks (the debugger) */ \
      w->pc = PCI;                                                                          \
      obs->insn(octx, w, ip, vir_of[ip->op], mask);                                         \
    }                                                                                       \
    goto *labels[ip->op];                                                                   \
  } while (0)
#define NEXT() do { ip++; DISPATCH(); } while (0)
#define OPERANDS                                                                            \
  uint64_t *D = R + ip->d;                                                                  \
  const uint64_t *A = R + ip->a, *B = R + ip->b, *C = R + ip->c;                            \
  (void)D; (void)A; (void)B; (void)C
  /* d = expr for the active lanes: a plain loop when all are active, a blend otherwise (inactive
   * lanes keep their registers: they may hold live values of another path).
   * Lane l reads only lane l of its operands, and a destination register is either one of
   * them or disjoint from them (registers are whole W-lane rows), so no lane's write can reach
   * another lane's read: ivdep lets the loops vectorise without a runtime overlap test. */
#define LANES(expr)                                                                         \
  do {                                                                                      \
    OPERANDS;                                                                               \
    if (mask == full) {                                                                     \
      _Pragma("GCC ivdep") for (unsigned l = 0; l < W; l++) D[l] = (expr);                  \
    } else {                                                                                \
      _Pragma("GCC ivdep") for (unsigned l = 0; l < W; l++) {                               \
        uint64_t v_ = (expr);                                                               \
        D[l] = ((mask >> l) & 1) ? v_ : D[l];                                               \
      }                                                                                     \
    }                                                                                       \
  } while (0)
  /* Only the active lanes run (traps and side effects). */
#define EACH_LANE(stmt)                                                                     \
  do {                                                                                      \
    for (uint64_t m_ = mask; m_; m_ &= m_ - 1) {                                            \
      unsigned l = (unsigned)__builtin_ctzll(m_);                                           \
      stmt;                                                                                 \
    }                                                                                       \
  } while (0)
#define OP(name) L_##name:
#define FAULT(lane, status, ...)                                                            \
  do {                                                                                      \
    w->sp = sp;                                                                             \
    vgpu_fault_raise(sm, w, (int)(lane), PCI, status, __VA_ARGS__);                         \
    return VGPU_RUN_FAULT;                                                                  \
  } while (0)
/* Every WATCHDOG_PERIOD backward branches: the watchdog, and a turn for the group's other warps
 * (independent forward progress of sub-groups: a warp spinning on what another warp of its group
 * will store must let it run): once the branch is taken, the warp yields (YIELD_AT) and resumes
 * at its target. */
#define BACKWARD(target)                                                                    \
  do {                                                                                      \
    if ((target) <= PCI && --sm->wd_count <= 0) {                                           \
      sm->wd_count = WATCHDOG_PERIOD;                                                       \
      int x_ = watchdog_expired(sm);                                                        \
      if (x_ == 2) { sm->faulted = 1; w->sp = sp; return VGPU_RUN_FAULT; }                  \
      if (x_)                                                                               \
        FAULT(first_lane(mask), VGPU_LAUNCH_TIMEOUT,                                        \
              "watchdog: the work-group ran longer than %.3f s (infinite loop?)",              \
              sm->launch->watchdog_ns / 1e9);                                               \
      yield_due = w->group->nwarps > 1;                                                     \
    }                                                                                       \
  } while (0)
/* A path that jumps to where a path below it on the stack begins, both bound for the same
 * reconvergence pc, takes that path's lanes along: entries directly below the running one with
 * its reconvergence pc are paths of the same split that have not started yet (ipdoms nest), so
 * both groups of lanes are at the same pc with the same way ahead.  Without this, lanes split by a
 * branch whose post-dominator is a loop's exit (a loop with a break) ran the whole rest of the
 * loop one group after the other (3% SIMT efficiency, docs/design.md).  The merged entry is taken
 * out of the stack (the ones above it move down), or a loop that splits on every trip would pile
 * up an entry per trip. */
#define MERGE_AT(target)                                                                    \
  do {                                                                                      \
    for (int s_ = sp - 1; s_ >= 0 && E[s_].rpc == E[sp].rpc; s_--)                           \
      if (E[s_].pc == (target)) {                                                           \
        uint64_t m_ = E[s_].mask;                                                           \
        for (int k_ = s_; k_ < sp; k_++) E[k_] = E[k_ + 1];                                 \
        sp--;                                                                               \
        mask = E[sp].mask |= m_;                                                            \
      }                                                                                     \
  } while (0)

#define YIELD_AT(target)                                                                    \
  do {                                                                                      \
    if (__builtin_expect(yield_due, 0)) {                                                   \
      w->pc = E[sp].pc = (target);                                                          \
      w->sp = sp;                                                                           \
      return VGPU_RUN_YIELD;                                                                \
    }                                                                                       \
  } while (0)

  DISPATCH();

  OP(NOP) NEXT();
  OP(MOV) LANES(A[l]); NEXT();
  OP(SELECT) LANES((A[l] & 1) ? B[l] : C[l]); NEXT();
  /* 32-bit integers: canonical values are zero-extended */
  OP(ADD_I32) LANES((uint32_t)(A[l] + B[l])); NEXT();
  OP(SUB_I32) LANES((uint32_t)(A[l] - B[l])); NEXT();
  OP(MUL_I32) LANES((uint32_t)((uint32_t)A[l] * (uint32_t)B[l])); NEXT();
  /* Integer division by zero and a quotient out of range (minimum / -1) raise no exception and
   * give an unspecified value (OpenCL C 3.0 s6.5.1): like a GPU, x / 0 gives all ones, x % 0
   * gives x, minimum / -1 wraps to the minimum and minimum % -1 gives 0.  VGPU_CHECKS=1 reports
   * them as findings; the launch goes on. */
#define DIVIDE(zero_test, overflow_test, zero_value, overflow_value, expr)                  \
  do {                                                                                      \
    OPERANDS;                                                                               \
    EACH_LANE(if (__builtin_expect(zero_test, 0)) {                                         \
                if (checks) vgpu_finding_raise(sm, w, (int)l, PCI, "integer division by zero (the result is unspecified)"); \
                D[l] = (zero_value);                                                        \
              } else if (__builtin_expect(overflow_test, 0)) {                              \
                if (checks) vgpu_finding_raise(sm, w, (int)l, PCI, "integer overflow in division (minimum / -1: the result is unspecified)"); \
                D[l] = (overflow_value);                                                    \
              } else D[l] = (expr));                                                        \
  } while (0)
  OP(UDIV_I32) DIVIDE((uint32_t)B[l] == 0, 0, UINT32_MAX, 0, (uint32_t)A[l] / (uint32_t)B[l]); NEXT();
  OP(SDIV_I32) DIVIDE((uint32_t)B[l] == 0, (int32_t)A[l] == INT32_MIN && (int32_t)B[l] == -1, UINT32_MAX,
                      (uint32_t)INT32_MIN, (uint32_t)((int32_t)A[l] / (int32_t)B[l])); NEXT();
  OP(UREM_I32) DIVIDE((uint32_t)B[l] == 0, 0, (uint32_t)A[l], 0, (uint32_t)A[l] % (uint32_t)B[l]); NEXT();
  OP(SREM_I32) DIVIDE((uint32_t)B[l] == 0, (int32_t)A[l] == INT32_MIN && (int32_t)B[l] == -1, (uint32_t)A[l], 0,
                      (int32_t)B[l] == -1 ? 0 : (uint32_t)((int32_t)A[l] % (int32_t)B[l])); NEXT();
  OP(SHL_I32) LANES((uint32_t)(A[l] << (B[l] & 31))); NEXT();
  OP(LSHR_I32) LANES((uint32_t)A[l] >> (B[l] & 31)); NEXT();
  OP(ASHR_I32) LANES((uint32_t)((int32_t)A[l] >> (B[l] & 31))); NEXT();
#define ICMP(T)                                                                             \
  switch (ip->mod) {                                                                        \
    case VIR_ICMP_EQ: LANES((T)A[l] == (T)B[l]); break;                                     \
    case VIR_ICMP_NE: LANES((T)A[l] != (T)B[l]); break;                                     \
    case VIR_ICMP_UGT: LANES((u##T)A[l] > (u##T)B[l]); break;                               \
    case VIR_ICMP_UGE: LANES((u##T)A[l] >= (u##T)B[l]); break;                              \
    case VIR_ICMP_ULT: LANES((u##T)A[l] < (u##T)B[l]); break;                               \
    case VIR_ICMP_ULE: LANES((u##T)A[l] <= (u##T)B[l]); break;                              \
    case VIR_ICMP_SGT: LANES((T)A[l] > (T)B[l]); break;                                     \
    case VIR_ICMP_SGE: LANES((T)A[l] >= (T)B[l]); break;                                    \
    case VIR_ICMP_SLT: LANES((T)A[l] < (T)B[l]); break;                                     \
    default: LANES((T)A[l] <= (T)B[l]); break;                                              \
  }
  OP(ICMP_I32) ICMP(int32_t) NEXT();
  /* 64-bit integers and pointers */
  OP(ADD_I64) LANES(A[l] + B[l]); NEXT();
  OP(SUB_I64) LANES(A[l] - B[l]); NEXT();
  OP(MUL_I64) LANES(A[l] * B[l]); NEXT();
  OP(UDIV_I64) DIVIDE(B[l] == 0, 0, UINT64_MAX, 0, A[l] / B[l]); NEXT();
  OP(SDIV_I64) DIVIDE(B[l] == 0, (int64_t)A[l] == INT64_MIN && (int64_t)B[l] == -1, UINT64_MAX,
                      (uint64_t)INT64_MIN, (uint64_t)((int64_t)A[l] / (int64_t)B[l])); NEXT();
  OP(UREM_I64) DIVIDE(B[l] == 0, 0, A[l], 0, A[l] % B[l]); NEXT();
  OP(SREM_I64) DIVIDE(B[l] == 0, (int64_t)A[l] == INT64_MIN && (int64_t)B[l] == -1, A[l], 0,
                      (int64_t)B[l] == -1 ? 0 : (uint64_t)((int64_t)A[l] % (int64_t)B[l])); NEXT();
  OP(SHL_I64) LANES(A[l] << (B[l] & 63)); NEXT();
  OP(LSHR_I64) LANES(A[l] >> (B[l] & 63)); NEXT();
  OP(ASHR_I64) LANES((uint64_t)((int64_t)A[l] >> (B[l] & 63))); NEXT();
  OP(ICMP_I64) ICMP(int64_t) NEXT();
  OP(MADI_I64) LANES(A[l] * B[l] + C[l]); NEXT();
  OP(SHLADD_I64) { const unsigned sh = ip->mod; LANES((A[l] << sh) + C[l]); } NEXT();
  OP(AND) LANES(A[l] & B[l]); NEXT();
  OP(OR) LANES(A[l] | B[l]); NEXT();
  OP(XOR) LANES(A[l] ^ B[l]); NEXT();
  OP(MASK) { uint64_t m = bytes_mask(ip->size); LANES(A[l] & m); } NEXT();
  OP(SEXT) { unsigned n = ip->size; uint64_t m = bytes_mask(ip->mod); LANES((uint64_t)sext(A[l], n) & m); } NEXT();
  OP(CLZ) { unsigned n = ip->size; LANES(count_lz(A[l], n)); } NEXT();
  OP(CTZ) { unsigned n = ip->size; LANES(count_tz(A[l], n)); } NEXT();
  OP(POPCOUNT) { uint64_t m = bytes_mask(ip->size); LANES((uint64_t)__builtin_popcountll(A[l] & m)); } NEXT();
  OP(BSWAP) { unsigned n = ip->size; LANES(byte_swap(A[l], n)); } NEXT();
  OP(BITREV) { unsigned n = ip->size; LANES(bit_rev(A[l], n)); } NEXT();
  OP(SMIN) { unsigned n = ip->size; LANES(sext(A[l], n) < sext(B[l], n) ? A[l] : B[l]); } NEXT();
  OP(SMAX) { unsigned n = ip->size; LANES(sext(A[l], n) > sext(B[l], n) ? A[l] : B[l]); } NEXT();
  OP(UMIN) LANES(A[l] < B[l] ? A[l] : B[l]); NEXT();
  OP(UMAX) LANES(A[l] > B[l] ? A[l] : B[l]); NEXT();
  OP(ABS) { unsigned n = ip->size; uint64_t m = bytes_mask(n);
            LANES((sext(A[l], n) < 0 ? 0 - (uint64_t)sext(A[l], n) : A[l]) & m); } NEXT();
  OP(SADDSAT) { unsigned n = ip->size; LANES(sat_add_s(A[l], B[l], n)); } NEXT();
  OP(UADDSAT) { unsigned n = ip->size; LANES(sat_add_u(A[l], B[l], n)); } NEXT();
  OP(SSUBSAT) { unsigned n = ip->size; LANES(sat_sub_s(A[l], B[l], n)); } NEXT();
  OP(USUBSAT) { unsigned n = ip->size; LANES(sat_sub_u(A[l], B[l], n)); } NEXT();
  OP(MULHI_S) { unsigned n = ip->size; LANES(mulhi_s(A[l], B[l], n)); } NEXT();
  OP(MULHI_U) { unsigned n = ip->size; LANES(mulhi_u(A[l], B[l], n)); } NEXT();
  OP(FSHL) { unsigned n = ip->size; LANES(funnel_l(A[l], B[l], C[l], n)); } NEXT();
  OP(FSHR) { unsigned n = ip->size; LANES(funnel_r(A[l], B[l], C[l], n)); } NEXT();
  /* floating point: IEEE binary32/binary64 in the host's default rounding mode */
  OP(FADD_F32) LANES(b32(f32(A[l]) + f32(B[l]))); NEXT();
  OP(FSUB_F32) LANES(b32(f32(A[l]) - f32(B[l]))); NEXT();
  OP(FMUL_F32) LANES(b32(f32(A[l]) * f32(B[l]))); NEXT();
  OP(FDIV_F32) LANES(b32(f32(A[l]) / f32(B[l]))); NEXT();
  OP(FREM_F32) EACH_LANE({ OPERANDS; D[l] = b32(fmodf(f32(A[l]), f32(B[l]))); }); NEXT();
  OP(FNEG_F32) LANES((A[l] ^ 0x80000000u) & 0xffffffffu); NEXT();
  /* LLVM fcmp predicates: O* are false on NaN, U* true. */
#define FCMP(F)                                                                             \
  switch (ip->mod) {                                                                        \
    case VIR_FCMP_FALSE: LANES(0); break;                                                   \
    case VIR_FCMP_OEQ: LANES(F(A[l]) == F(B[l])); break;                                    \
    case VIR_FCMP_OGT: LANES(F(A[l]) > F(B[l])); break;                                     \
    case VIR_FCMP_OGE: LANES(F(A[l]) >= F(B[l])); break;                                    \
    case VIR_FCMP_OLT: LANES(F(A[l]) < F(B[l])); break;                                     \
    case VIR_FCMP_OLE: LANES(F(A[l]) <= F(B[l])); break;                                    \
    case VIR_FCMP_ONE: LANES(F(A[l]) < F(B[l]) || F(A[l]) > F(B[l])); break;                \
    case VIR_FCMP_ORD: LANES(F(A[l]) == F(A[l]) && F(B[l]) == F(B[l])); break;              \
    case VIR_FCMP_UNO: LANES(F(A[l]) != F(A[l]) || F(B[l]) != F(B[l])); break;              \
    case VIR_FCMP_UEQ: LANES(!(F(A[l]) < F(B[l]) || F(A[l]) > F(B[l]))); break;             \
    case VIR_FCMP_UGT: LANES(!(F(A[l]) <= F(B[l]))); break;                                 \
    case VIR_FCMP_UGE: LANES(!(F(A[l]) < F(B[l]))); break;                                  \
    case VIR_FCMP_ULT: LANES(!(F(A[l]) >= F(B[l]))); break;                                 \
    case VIR_FCMP_ULE: LANES(!(F(A[l]) > F(B[l]))); break;                                  \
    case VIR_FCMP_UNE: LANES(F(A[l]) != F(B[l])); break;                                    \
    default: LANES(1); break;                                                               \
  }
  OP(FCMP_F32) FCMP(f32) NEXT();
  OP(FADD_F64) LANES(b64(f64(A[l]) + f64(B[l]))); NEXT();
  OP(FSUB_F64) LANES(b64(f64(A[l]) - f64(B[l]))); NEXT();
  OP(FMUL_F64) LANES(b64(f64(A[l]) * f64(B[l]))); NEXT();
  OP(FDIV_F64) LANES(b64(f64(A[l]) / f64(B[l]))); NEXT();
  OP(FREM_F64) EACH_LANE({ OPERANDS; D[l] = b64(fmod(f64(A[l]), f64(B[l]))); }); NEXT();
  OP(FNEG_F64) LANES(A[l] ^ 0x8000000000000000ull); NEXT();
  OP(FCMP_F64) FCMP(f64) NEXT();
  OP(MATH_F32) { OPERANDS; vgpu_math_f32(ip->mod, W, mask, D, A, B, C); } NEXT();
  OP(MATH_F64) { OPERANDS; vgpu_math_f64(ip->mod, W, mask, D, A, B, C); } NEXT();
  /* conversions */
  OP(FPTOSI_F32) { unsigned n = ip->size; LANES(fp_to_si(f32(A[l]), n)); } NEXT();
  OP(FPTOUI_F32) { unsigned n = ip->size; LANES(fp_to_ui(f32(A[l]), n)); } NEXT();
  OP(SITOFP_F32) { unsigned n = ip->size; LANES(b32((float)sext(A[l], n))); } NEXT();
  OP(UITOFP_F32) { uint64_t m = bytes_mask(ip->size); LANES(b32((float)(A[l] & m))); } NEXT();
  OP(FPTOSI_F64) { unsigned n = ip->size; LANES(fp_to_si(f64(A[l]), n)); } NEXT();
  OP(FPTOUI_F64) { unsigned n = ip->size; LANES(fp_to_ui(f64(A[l]), n)); } NEXT();
  OP(SITOFP_F64) { unsigned n = ip->size; LANES(b64((double)sext(A[l], n))); } NEXT();
  OP(UITOFP_F64) { uint64_t m = bytes_mask(ip->size); LANES(b64((double)(A[l] & m))); } NEXT();
  OP(FPEXT) LANES(b64((double)f32(A[l]))); NEXT();
  OP(FPTRUNC) LANES(b32((float)f64(A[l]))); NEXT();
  OP(F16TOF32) LANES(b32((float)f16(A[l]))); NEXT();
  OP(F32TOF16) LANES(f16bits((_Float16)f32(A[l]))); NEXT();
  OP(F64TOF16) LANES(f16bits((_Float16)f64(A[l]))); NEXT();
  /* memory: addresses are formed here, checked and performed by mem.c */
  /* The fast paths below report their request to the observer as mem.c does. */
#define OBSERVE_MEM(space, is_store, val)                                                   \
  do {                                                                                      \
    if (__builtin_expect(obs != NULL, 0) && obs->mem &&                                     \
        obs->mem(octx, w, PCI, space, is_store, addr, mask, 4, val)) {                      \
      w->sp = sp;                                                                           \
      return VGPU_RUN_FAULT;                                                                \
    }                                                                                       \
  } while (0)
  /* Global 4-byte loads and stores of a full warp: the whole request is checked
   * with one comparison against the allocation this instruction hit before, then a plain loop.
   * Anything else (first request, another buffer, partial warp) takes mem.c's path. */
  OP(LOAD_G4) if (mask == full) {
    OPERANDS;
    const uint64_t off = (uint64_t)(int64_t)(int32_t)ip->c, *hit = sm->pc_hit[PCI];
    uint64_t lo = UINT64_MAX, hi = 0;
    for (unsigned l = 0; l < W; l++) {
      addr[l] = A[l] + off;
      lo = addr[l] < lo ? addr[l] : lo;
      hi = addr[l] > hi ? addr[l] : hi;
    }
    if (lo >= hit[0] && hi + 4 <= hit[1] && hi + 4 > hi) {
      OBSERVE_MEM(VGPU_SPACE_GLOBAL, 0, NULL);
      const uint8_t *base = sm->arena;
      for (unsigned l = 0; l < W; l++) {
        uint32_t v;
        memcpy(&v, base + addr[l], 4);
        D[l] = v;
      }
      NEXT();
    }
  }
  /* __local 4-byte loads and stores of a full warp: one branch-free range test against the
   * group's local memory, then a plain loop. */
#define LOCAL_FAST(body, is_store, val)                                                     \
  do {                                                                                      \
    const struct vgpu_group *g_ = w->group;                                                 \
    if (mask != full || g_->local_bytes < 4) break;                                         \
    OPERANDS;                                                                               \
    const uint64_t off_ = (uint64_t)(int64_t)(int32_t)ip->c, limit_ = g_->local_bytes - 4;  \
    const uint64_t base_ = VIR_PTR_TAG_LOCAL << VIR_PTR_TAG_SHIFT;                          \
    uint64_t bad_ = 0;                                                                      \
    for (unsigned l = 0; l < W; l++) {                                                      \
      addr[l] = A[l] + off_;                                                                \
      bad_ |= addr[l] - base_ > limit_;                                                     \
    }                                                                                       \
    if (bad_) break;                                                                        \
    OBSERVE_MEM(VGPU_SPACE_LOCAL, is_store, val);                                           \
    uint8_t *const lm_ = g_->local;                                                         \
    for (unsigned l = 0; l < W; l++) { body; }                                              \
    NEXT();                                                                                 \
  } while (0)
  OP(LOAD_L4) LOCAL_FAST({ uint32_t v; memcpy(&v, lm_ + (addr[l] - base_), 4); D[l] = v; }, 0, NULL); goto L_LOAD;
  OP(LOAD) {
    OPERANDS;
    int64_t off = (int32_t)ip->c;
    for (unsigned l = 0; l < W; l++) addr[l] = A[l] + (uint64_t)off;
    if (vgpu_mem_load(sm, w, PCI, mask, addr, ip->size, D)) { w->sp = sp; return VGPU_RUN_FAULT; }
  }
  NEXT();
  OP(STORE_G4) if (mask == full) {
    OPERANDS;
    const uint64_t off = (uint64_t)(int64_t)(int32_t)ip->c, *hit = sm->pc_hit[PCI];
    uint64_t lo = UINT64_MAX, hi = 0;
    for (unsigned l = 0; l < W; l++) {
      addr[l] = A[l] + off;
      lo = addr[l] < lo ? addr[l] : lo;
      hi = addr[l] > hi ? addr[l] : hi;
    }
    if (lo >= hit[0] && hi + 4 <= hit[1] && hi + 4 > hi) {
      OBSERVE_MEM(VGPU_SPACE_GLOBAL, 1, B);
      uint8_t *base = sm->arena;
      for (unsigned l = 0; l < W; l++) {
        uint32_t v = (uint32_t)B[l];
        memcpy(base + addr[l], &v, 4);
      }
      NEXT();
    }
  }
  OP(STORE_L4) LOCAL_FAST({ uint32_t v = (uint32_t)B[l]; memcpy(lm_ + (addr[l] - base_), &v, 4); }, 1, B); goto L_STORE;
  OP(STORE) {
    OPERANDS;
    int64_t off = (int32_t)ip->c;
    for (unsigned l = 0; l < W; l++) addr[l] = A[l] + (uint64_t)off;
    if (vgpu_mem_store(sm, w, PCI, mask, addr, ip->size, B, ip->mod == VIR_AS_CONSTANT)) {
      w->sp = sp;
      return VGPU_RUN_FAULT;
    }
  }
  NEXT();
  OP(ATOMIC)
  if (vgpu_atomic_exec(sm, w, PCI, mask, ip)) { w->sp = sp; return VGPU_RUN_FAULT; }
  NEXT();
  OP(MEMCPY) {
    OPERANDS;
    if (vgpu_mem_copy(sm, w, PCI, mask, A, B, C)) { w->sp = sp; return VGPU_RUN_FAULT; }
  }
  NEXT();
  OP(MEMSET) {
    OPERANDS;
    if (vgpu_mem_set(sm, w, PCI, mask, A, B, C)) { w->sp = sp; return VGPU_RUN_FAULT; }
  }
  NEXT();
  OP(LADDR) { uint64_t v = (VIR_PTR_TAG_LOCAL << VIR_PTR_TAG_SHIFT) | ip->a; LANES(v); } NEXT();
  OP(PADDR) { uint64_t v = (VIR_PTR_TAG_PRIVATE << VIR_PTR_TAG_SHIFT) | ip->a; LANES(v); } NEXT();
  OP(GADDR) { uint64_t v = data_off + ip->a; LANES(v); } NEXT();
  OP(WORKITEM) {
    unsigned q = ip->mod, dim = ip->size;
    const struct vgpu_group *g = w->group;
    if (dim < 3 && dim < sm->launch->work_dim && q == VIR_WI_GLOBAL_ID) {
      const uint64_t base = g->base[dim], *lid = w->lid[dim];
      LANES(base + lid[l]);
    } else if (dim < 3 && dim < sm->launch->work_dim && q == VIR_WI_LOCAL_ID) {
      const uint64_t *lid = w->lid[dim];
      LANES(lid[l]);
    } else if (dim != 3 && q != VIR_WI_GLOBAL_ID && q != VIR_WI_LOCAL_ID && q != VIR_WI_GLOBAL_LINEAR_ID &&
               q != VIR_WI_LOCAL_LINEAR_ID && q != VIR_WI_SUB_GROUP_LOCAL_ID) {
      const uint64_t v = wi_query(sm, w, q, dim, 0); /* the same for every lane of the warp */
      LANES(v);
    } else {
      OPERANDS;
      EACH_LANE(D[l] = wi_query(sm, w, q, dim == 3 ? A[l] : dim, l));
    }
  }
  NEXT();
  /* control flow */
  OP(BR) {
    uint32_t t = ip->a;
    BACKWARD(t);
    MERGE_AT(t);
    YIELD_AT(t);
    ip = code + t;
  }
  DISPATCH();
  OP(CBR) {
    const uint64_t *A = R + ip->a;
    uint64_t taken = 0;
    /* Gathered 8 lanes at a time: their bits as bytes, then one multiply moves them together. */
    unsigned l = 0;
    for (; l + 8 <= W; l += 8) {
      uint64_t bytes = 0;
      for (unsigned i = 0; i < 8; i++) bytes |= (A[l + i] & 1) << (8 * i);
      taken |= ((bytes * 0x0102040810204080ull) >> 56) << l;
    }
    for (; l < W; l++) taken |= (A[l] & 1) << l;
    taken &= mask;
    uint64_t other = mask & ~taken;
    if (__builtin_expect(obs != NULL, 0) && obs->branch) obs->branch(octx, w, PCI, mask, taken);
    if (!other || !taken) {
      uint32_t t = other ? ip->c : ip->b;
      BACKWARD(t);
      MERGE_AT(t);
      YIELD_AT(t);
      ip = code + t;
      DISPATCH();
    }
    /* Divergence: both sides run, one after the other, and meet again at the reconvergence pc. */
    uint32_t rpc = ip->d;
    BACKWARD(ip->b < ip->c ? ip->b : ip->c);
    if (E[sp].rpc != rpc) E[sp].pc = rpc; /* the running entry waits at rpc with all lanes */
    else sp--;                            /* an entry below already waits at rpc for these lanes */
    if (sp + 2 >= w->stack_cap) FAULT(first_lane(mask), VGPU_LAUNCH_FAULT, "SIMT stack overflow (divergence nested deeper than %d)", VGPU_SIMT_STACK_MAX);
    if (ip->c != rpc) E[++sp] = (struct vgpu_simt_entry){ip->c, rpc, other};
    if (ip->b != rpc) E[++sp] = (struct vgpu_simt_entry){ip->b, rpc, taken};
  }
  goto resume;
  OP(RECONV)
  if (E[sp].rpc == PCI) { sp--; goto resume; }
  NEXT();
  OP(RET) {
    uint64_t gone = mask;
    for (int i = 0; i <= sp; i++) E[i].mask &= ~gone;
  }
  goto resume;
  OP(TRAP)
  if (ip->mod == VIR_TRAP_DIVIDE) FAULT(first_lane(mask), VGPU_LAUNCH_FAULT, "integer division by zero (trap)");
  FAULT(first_lane(mask), VGPU_LAUNCH_FAULT, "unreachable code reached (trap)");
  OP(BARRIER) OP(WGROUP) /* a work-group function (WGROUP): the group's warps meet here as at a
                          * barrier, and workgroup.c computes it over all of them (wgroup.c) when
                          * the last one arrives */
  if (mask != w->init_mask) {
    uint64_t missing = w->init_mask & ~mask;
    const char *what = ip->op == VGPU_D_WGROUP ? "work-group function" : "barrier";
    FAULT(first_lane(missing), VGPU_LAUNCH_BARRIER_DIVERGENCE,
          "%s divergence: %d of the %d work-items of sub-group %u reached this %s; %sthe reported "
          "work-item did not (it took another path or returned)", what, __builtin_popcountll(mask),
          __builtin_popcountll(w->init_mask), w->index, what,
          ip->op == VGPU_D_WGROUP ? "every work-item of the group must (OpenCL C 3.0 s6.15.15), " : "");
  }
  w->pc = PCI;
  w->sp = sp;
  E[sp].pc = PCI;
  return VGPU_RUN_BARRIER;
  OP(FENCE)
  /* A work-group runs on this one thread, so a fence of work-group scope or narrower (and one of
   * __local memory only) orders by program order alone; device and all-devices scope order this
   * SM's accesses to the shared arena against the other SMs' and the host's. */
  if ((ip->mod & (VIR_FENCE_GLOBAL | VIR_FENCE_IMAGE)) && VIR_SEM_SCOPE(ip->sem) >= VIR_SCOPE_DEVICE) {
    switch (VIR_SEM_ORDER(ip->sem)) {
      case VIR_ORDER_ACQUIRE: atomic_thread_fence(memory_order_acquire); break;
      case VIR_ORDER_RELEASE: atomic_thread_fence(memory_order_release); break;
      case VIR_ORDER_ACQ_REL: atomic_thread_fence(memory_order_acq_rel); break;
      case VIR_ORDER_SEQ_CST: atomic_thread_fence(memory_order_seq_cst); break;
      default: break;
    }
  }
  if (__builtin_expect(obs != NULL, 0) && obs->fence) obs->fence(octx, w, PCI);
  NEXT();
  OP(SUBGROUP) {
    OPERANDS;
    vgpu_subgroup_exec(ip->mod, ip->size, W, mask, D, A, B);
  }
  NEXT();
  OP(PRINTF)
  if (vgpu_printf_exec(sm, w, PCI, mask, ip)) { w->sp = sp; return VGPU_RUN_FAULT; }
  NEXT();
  OP(IMG_READ) OP(IMG_WRITE) OP(IMG_QUERY) {
    uint64_t texels = 0, filter_texels = 0;
    w->sp = sp;
    if (vgpu_texture_exec(sm, w, PCI, mask, ip, &texels, &filter_texels)) return VGPU_RUN_FAULT;
    if (__builtin_expect(obs != NULL, 0) && obs->texture && ip->op != VGPU_D_IMG_QUERY)
      obs->texture(octx, w, PCI, ip->op == VGPU_D_IMG_WRITE, mask, texels, filter_texels);
  }
  NEXT();

resume:
  /* Continue with the path on top of the stack; paths with no lanes left are finished. */
  while (sp >= 0) {
    if (!E[sp].mask) { sp--; continue; }
    if (E[sp].pc == UINT32_MAX) { /* reached the function exit: those lanes are done */
      uint64_t gone = E[sp].mask;
      for (int i = 0; i <= sp; i++) E[i].mask &= ~gone;
      continue;
    }
    break;
  }
  if (sp < 0) {
    w->sp = -1;
    return VGPU_RUN_DONE;
  }
  YIELD_AT(E[sp].pc);
  ip = code + E[sp].pc;
  mask = E[sp].mask;
  DISPATCH();
}
#undef PCI
#undef DISPATCH
#undef NEXT
#undef OPERANDS
#undef LANES
#undef EACH_LANE
#undef OP
#undef FAULT
#undef BACKWARD
#undef YIELD_AT
#undef DIVIDE
#undef ICMP
#undef FCMP
