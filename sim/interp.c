/* interp.c - the SIMT interpreter: one dispatch per *warp* instruction (DESIGN.md decision 5).
 *
 * A kernel is decoded once per SM process into a compact array (struct vgpu_dinsn): register
 * operands pre-multiplied by the warp width, pcs remapped, and a RECONV pseudo-instruction placed
 * before every instruction that some CBR names as its reconvergence point.  The loop is
 * direct-threaded (computed goto, one label per opcode generated from vir_ops.def); each case is a
 * short loop over the lanes, with a fast path when every lane is active.
 *
 * Divergence uses a SIMT reconvergence stack, as GPUs with immediate post-dominator reconvergence
 * do: each entry is a path {resume pc, lanes, reconvergence pc}.  A CBR whose active lanes disagree
 * turns the running entry into the reconvergence entry (it resumes at the CBR's reconvergence pc
 * with all the lanes) and pushes one entry per side; a path that reaches its reconvergence pc is
 * popped.  When the running path already reconverges at the same pc (a loop whose lanes leave one
 * by one) the running entry is replaced instead, so the stack stays as deep as the nesting.  RET
 * retires lanes from every entry. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/warp.h"

static const uint8_t op_format[VIR_NUM_OPS] = {
#define VIR_OP(name, mnem, fmt, cls, doc) VIR_FMT_##fmt,
#include "vgpu/vir_ops.def"
#undef VIR_OP
};
static const char *const op_mnem[VIR_NUM_OPS] = {
#define VIR_OP(name, mnem, fmt, cls, doc) mnem,
#include "vgpu/vir_ops.def"
#undef VIR_OP
};

const char *vgpu_interp_op_name(unsigned op) { return op < VIR_NUM_OPS ? op_mnem[op] : "?"; }

/* ---- decoding ---------------------------------------------------------------------------- */

#define KCODE_CACHE 32
static struct vgpu_kcode kcache[KCODE_CACHE];
static unsigned kcache_next;

static uint64_t hash_bytes(const uint8_t *p, uint64_t n) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (uint64_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static void kcode_free(struct vgpu_kcode *kc) {
  free(kc->code);
  free(kc->vir_pc);
  free(kc->line);
  memset(kc, 0, sizeof *kc);
}

static int valid_size(unsigned s) { return s == 1 || s == 2 || s == 4 || s == 8; }

const struct vgpu_kcode *vgpu_interp_decode(struct vgpu_sm *sm, char *why, size_t why_len) {
  const struct vgpu_launch *L = sm->launch;
  const struct vir_header *h = sm->mod;
  const struct vir_kernel *k = sm->kernel;
  unsigned W = sm->width;
  uint64_t hash = hash_bytes((const uint8_t *)h, L->module_size);
  for (unsigned i = 0; i < KCODE_CACHE; i++) {
    struct vgpu_kcode *c = &kcache[i];
    if (c->code && c->module_off == L->module_off && c->module_size == L->module_size &&
        c->hash == hash && c->kernel_index == L->kernel_index && c->width == W)
      return c;
  }
  const struct vir_insn *in = vir_insns(h) + k->first_insn;
  uint32_t n = k->ninsns, nregs = k->nregs;
#define BAD(...) do { snprintf(why, why_len, __VA_ARGS__); goto fail; } while (0)
  uint32_t *newpc = calloc((size_t)n + 1, sizeof *newpc);
  uint8_t *is_rpc = calloc((size_t)n + 1, 1);
  struct vgpu_kcode kc = {0};
  if (!newpc || !is_rpc) BAD("out of memory decoding the kernel");
  if (n == 0) BAD("kernel has no instructions");
  for (uint32_t p = 0; p < n; p++) {
    if (in[p].op >= VIR_NUM_OPS) BAD("pc %u: unknown opcode %u", p, in[p].op);
    if (in[p].op == VIR_CBR && in[p].dst != VIR_PC_EXIT) {
      if (in[p].dst >= n) BAD("pc %u: reconvergence pc %u out of range", p, in[p].dst);
      is_rpc[in[p].dst] = 1;
    }
  }
  uint32_t total = 0;
  for (uint32_t p = 0; p < n; p++) {
    newpc[p] = total;
    total += 1 + is_rpc[p];
  }
  newpc[n] = total;
  kc.code = calloc(total, sizeof *kc.code);
  kc.vir_pc = calloc(total, sizeof *kc.vir_pc);
  kc.line = calloc(total, sizeof *kc.line);
  if (!kc.code || !kc.vir_pc || !kc.line) BAD("out of memory decoding the kernel");
  kc.nregs = nregs;
  kc.scratch = nregs;
#define REG2(field, out, what)                                                               \
  do {                                                                                       \
    if (in[p].field == VIR_NOREG) o->out = nregs * W;                                        \
    else if (in[p].field >= nregs) BAD("pc %u (%s): register %s %u >= %u", p, op_mnem[in[p].op], what, in[p].field, nregs); \
    else o->out = in[p].field * W;                                                           \
  } while (0)
#define REG(field, what) REG_##field(what)
#define REG_dst(what) REG2(dst, d, what)
#define REG_a(what) REG2(a, a, what)
#define REG_b(what) REG2(b, b, what)
#define REG_c(what) REG2(c, c, what)
#define PC(field)                                                                            \
  do {                                                                                       \
    if (in[p].field >= n) BAD("pc %u (%s): branch target %u out of range", p, op_mnem[in[p].op], in[p].field); \
    o->field = newpc[in[p].field];                                                           \
  } while (0)
  for (uint32_t p = 0; p < n; p++) {
    struct vgpu_dinsn *o = &kc.code[newpc[p]];
    if (is_rpc[p]) {
      o->op = VGPU_D_RECONV;
      kc.vir_pc[o - kc.code] = p;
      kc.line[o - kc.code] = in[p].line;
      o++;
    }
    kc.vir_pc[o - kc.code] = p;
    kc.line[o - kc.code] = in[p].line;
    o->op = in[p].op;
    o->mod = in[p].mod;
    o->size = in[p].size;
    o->d = o->a = o->b = o->c = nregs * W;
    switch (op_format[in[p].op]) {
      case VIR_FMT_NONE: case VIR_FMT_BAR: break;
      case VIR_FMT_DA: REG(dst, "d"); REG(a, "a"); break;
      case VIR_FMT_DAB: REG(dst, "d"); REG(a, "a"); REG(b, "b"); break;
      case VIR_FMT_DABC: REG(dst, "d"); REG(a, "a"); REG(b, "b"); REG(c, "c"); break;
      case VIR_FMT_LOAD: REG(dst, "d"); REG(a, "a"); o->c = in[p].c; break;
      case VIR_FMT_STORE: REG(a, "a"); REG(b, "b"); o->c = in[p].c; break;
      case VIR_FMT_ATOM: REG(dst, "d"); REG(a, "a"); REG(b, "b"); REG(c, "c"); break;
      case VIR_FMT_BR: PC(a); break;
      case VIR_FMT_CBR:
        REG(a, "a"); PC(b); PC(c);
        /* The reconvergence pc names the RECONV pseudo-instruction placed before it. */
        o->d = in[p].dst == VIR_PC_EXIT ? UINT32_MAX : newpc[in[p].dst];
        break;
      case VIR_FMT_IMM: REG(dst, "d"); o->a = in[p].a; break;
      case VIR_FMT_WI:
        REG(dst, "d");
        if (in[p].size > 3) BAD("pc %u: work-item dimension %u", p, in[p].size);
        if (in[p].size == 3) REG(a, "a");
        if (in[p].mod > VIR_WI_NUM_SUB_GROUPS) BAD("pc %u: unknown work-item query %u", p, in[p].mod);
        break;
      case VIR_FMT_MEM2: REG(a, "a"); REG(b, "b"); REG(c, "c"); break;
      case VIR_FMT_PRINTF:
        REG(dst, "d"); REG(a, "a");
        if ((uint64_t)in[p].b + 2ull * in[p].c > h->nextra) BAD("pc %u: printf arguments out of range", p);
        for (uint32_t i = 0; i < in[p].c; i++)
          if (vir_extra(h)[in[p].b + 2 * i] >= nregs) BAD("pc %u: printf argument register out of range", p);
        o->b = in[p].b;
        o->c = in[p].c;
        break;
    }
    switch (in[p].op) {
      case VIR_LOAD: case VIR_STORE:
        if (!valid_size(in[p].size)) BAD("pc %u: access size %u", p, in[p].size);
        if (in[p].op == VIR_LOAD && in[p].size == 4 && (in[p].mod == VIR_AS_GLOBAL || in[p].mod == VIR_AS_CONSTANT))
          o->op = VGPU_D_LOAD_G4;
        if (in[p].op == VIR_STORE && in[p].size == 4 && in[p].mod == VIR_AS_GLOBAL) o->op = VGPU_D_STORE_G4;
        break;
      case VIR_ATOMIC:
        if (in[p].size != 4 && in[p].size != 8) BAD("pc %u: atomic size %u", p, in[p].size);
        break;
      case VIR_MASK: case VIR_CLZ: case VIR_CTZ: case VIR_POPCOUNT: case VIR_BSWAP: case VIR_BITREV:
      case VIR_FSHL: case VIR_FSHR: case VIR_SEXT:
        if (!valid_size(in[p].size)) BAD("pc %u (%s): size %u", p, op_mnem[in[p].op], in[p].size);
        if (in[p].op == VIR_SEXT && in[p].mod && !valid_size(in[p].mod)) BAD("pc %u: sext width %u", p, in[p].mod);
        if (in[p].op == VIR_SEXT && !in[p].mod) o->mod = 8;
        break;
      case VIR_SMIN: case VIR_SMAX: case VIR_ABS: case VIR_SADDSAT: case VIR_UADDSAT: case VIR_SSUBSAT:
      case VIR_USUBSAT: case VIR_MULHI_S: case VIR_MULHI_U:
        if (!in[p].size) o->size = 8;
        else if (!valid_size(in[p].size)) BAD("pc %u (%s): size %u", p, op_mnem[in[p].op], in[p].size);
        break;
      case VIR_FPTOSI_F32: case VIR_FPTOUI_F32: case VIR_SITOFP_F32: case VIR_UITOFP_F32:
      case VIR_FPTOSI_F64: case VIR_FPTOUI_F64: case VIR_SITOFP_F64: case VIR_UITOFP_F64:
        if (!valid_size(in[p].size)) BAD("pc %u (%s): size %u", p, op_mnem[in[p].op], in[p].size);
        break;
      case VIR_MATH_F32: case VIR_MATH_F64:
        if (in[p].mod >= VIR_NUM_MATH) BAD("pc %u: unknown math function %u", p, in[p].mod);
        break;
      case VIR_ICMP_I32: case VIR_ICMP_I64:
        if (in[p].mod > VIR_ICMP_SLE) BAD("pc %u: icmp predicate %u", p, in[p].mod);
        break;
      case VIR_FCMP_F32: case VIR_FCMP_F64:
        if (in[p].mod > VIR_FCMP_TRUE) BAD("pc %u: fcmp predicate %u", p, in[p].mod);
        break;
      default: break;
    }
  }
#undef REG
#undef REG2
#undef PC
#undef BAD
  free(newpc);
  free(is_rpc);
  kc.module_off = L->module_off;
  kc.module_size = L->module_size;
  kc.hash = hash;
  kc.kernel_index = L->kernel_index;
  kc.width = W;
  kc.ncode = total;
  struct vgpu_kcode *slot = &kcache[kcache_next++ % KCODE_CACHE];
  kcode_free(slot);
  *slot = kc;
  return slot;
fail:
  free(newpc);
  free(is_rpc);
  kcode_free(&kc);
  return NULL;
}

/* ---- value helpers ----------------------------------------------------------------------- */

static inline float f32(uint64_t x) { uint32_t u = (uint32_t)x; float f; memcpy(&f, &u, 4); return f; }
static inline double f64(uint64_t x) { double f; memcpy(&f, &x, 8); return f; }
static inline uint64_t b32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline uint64_t b64(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }
static inline uint64_t bytes_mask(unsigned n) { return n >= 8 ? ~0ull : (1ull << (8 * n)) - 1; }
static inline int64_t sext(uint64_t x, unsigned n) {
  unsigned sh = 64 - 8 * n;
  return (int64_t)(x << sh) >> sh;
}
static inline uint64_t f16bits(_Float16 h) { uint16_t u; memcpy(&u, &h, 2); return u; }
static inline _Float16 f16(uint64_t x) { uint16_t u = (uint16_t)x; _Float16 h; memcpy(&h, &u, 2); return h; }

/* Float to integer without undefined behaviour: NaN gives 0, out of range saturates. */
static inline uint64_t fp_to_si(double x, unsigned n) {
  int64_t v;
  if (x != x) v = 0;
  else if (x >= 9223372036854775807.0) v = INT64_MAX;
  else if (x <= -9223372036854775808.0) v = INT64_MIN;
  else v = (int64_t)x;
  return (uint64_t)v & bytes_mask(n);
}
static inline uint64_t fp_to_ui(double x, unsigned n) {
  uint64_t v;
  if (!(x > -1.0)) v = 0;
  else if (x >= 18446744073709551615.0) v = UINT64_MAX;
  else v = (uint64_t)x;
  return v & bytes_mask(n);
}

static inline uint64_t sat_add_s(uint64_t a, uint64_t b, unsigned n) {
  int64_t x = sext(a, n), y = sext(b, n), lo = n >= 8 ? INT64_MIN : -(1ll << (8 * n - 1)),
          hi = n >= 8 ? INT64_MAX : (1ll << (8 * n - 1)) - 1, r;
  if (__builtin_add_overflow(x, y, &r)) r = x < 0 ? lo : hi;
  if (r < lo) r = lo;
  if (r > hi) r = hi;
  return (uint64_t)r & bytes_mask(n);
}
static inline uint64_t sat_sub_s(uint64_t a, uint64_t b, unsigned n) {
  int64_t x = sext(a, n), y = sext(b, n), lo = n >= 8 ? INT64_MIN : -(1ll << (8 * n - 1)),
          hi = n >= 8 ? INT64_MAX : (1ll << (8 * n - 1)) - 1, r;
  if (__builtin_sub_overflow(x, y, &r)) r = x < 0 ? lo : hi;
  if (r < lo) r = lo;
  if (r > hi) r = hi;
  return (uint64_t)r & bytes_mask(n);
}
static inline uint64_t sat_add_u(uint64_t a, uint64_t b, unsigned n) {
  uint64_t m = bytes_mask(n), x = a & m, y = b & m, r = x + y;
  return (r < x || r > m) ? m : r;
}
static inline uint64_t sat_sub_u(uint64_t a, uint64_t b, unsigned n) {
  uint64_t m = bytes_mask(n), x = a & m, y = b & m;
  return x > y ? x - y : 0;
}
static inline uint64_t mulhi_s(uint64_t a, uint64_t b, unsigned n) {
  if (n >= 8) return (uint64_t)(((__int128)(int64_t)a * (__int128)(int64_t)b) >> 64);
  return (uint64_t)((sext(a, n) * sext(b, n)) >> (8 * n)) & bytes_mask(n);
}
static inline uint64_t mulhi_u(uint64_t a, uint64_t b, unsigned n) {
  if (n >= 8) return (uint64_t)(((unsigned __int128)a * b) >> 64);
  uint64_t m = bytes_mask(n);
  return (((a & m) * (b & m)) >> (8 * n)) & m;
}
static inline uint64_t funnel_l(uint64_t a, uint64_t b, uint64_t c, unsigned n) {
  unsigned bits = 8 * n, s = (unsigned)(c % bits);
  uint64_t m = bytes_mask(n);
  if (!s) return a & m;
  return ((a << s) | ((b & m) >> (bits - s))) & m;
}
static inline uint64_t funnel_r(uint64_t a, uint64_t b, uint64_t c, unsigned n) {
  unsigned bits = 8 * n, s = (unsigned)(c % bits);
  uint64_t m = bytes_mask(n);
  if (!s) return b & m;
  return (((b & m) >> s) | (a << (bits - s))) & m;
}
static inline uint64_t count_lz(uint64_t a, unsigned n) {
  a &= bytes_mask(n);
  return a ? (uint64_t)(__builtin_clzll(a) - (64 - 8 * n)) : 8 * n;
}
static inline uint64_t count_tz(uint64_t a, unsigned n) {
  a &= bytes_mask(n);
  return a ? (uint64_t)__builtin_ctzll(a) : 8 * n;
}
static inline uint64_t byte_swap(uint64_t a, unsigned n) {
  switch (n) {
    case 2: return __builtin_bswap16((uint16_t)a);
    case 4: return __builtin_bswap32((uint32_t)a);
    case 8: return __builtin_bswap64(a);
    default: return a & 0xff;
  }
}
static inline uint64_t bit_rev(uint64_t a, unsigned n) {
  uint64_t r = 0;
  for (unsigned i = 0; i < 64; i++) r |= ((a >> i) & 1) << (63 - i);
  return r >> (64 - 8 * n);
}

/* Work-item queries that are not per-lane vectors (dim < 3: normalised geometry). */
static uint64_t wi_query(const struct vgpu_sm *sm, const struct vgpu_warp *w, unsigned q, uint64_t dim,
                         unsigned lane) {
  const struct vgpu_launch *L = sm->launch;
  const struct vgpu_group *g = w->group;
  int in = dim < 3 && dim < L->work_dim;
  switch (q) {
    case VIR_WI_GLOBAL_ID: return in ? g->base[dim] + w->lid[dim][lane] : 0;
    case VIR_WI_LOCAL_ID: return in ? w->lid[dim][lane] : 0;
    case VIR_WI_GROUP_ID: return in ? g->id[dim] : 0;
    case VIR_WI_GLOBAL_SIZE: return in ? L->global_size[dim] : 1;
    case VIR_WI_LOCAL_SIZE: return in ? g->size[dim] : 1;
    case VIR_WI_ENQUEUED_LOCAL_SIZE: return in ? L->local_size[dim] : 1;
    case VIR_WI_NUM_GROUPS: return in ? L->num_groups[dim] : 1;
    case VIR_WI_GLOBAL_OFFSET: return in ? L->global_offset[dim] : 0;
    case VIR_WI_WORK_DIM: return L->work_dim;
    case VIR_WI_GLOBAL_LINEAR_ID: {
      uint64_t r = 0;
      for (int d = (int)L->work_dim - 1; d >= 0; d--)
        r = r * L->global_size[d] + (g->base[d] + w->lid[d][lane] - L->global_offset[d]);
      return r;
    }
    case VIR_WI_LOCAL_LINEAR_ID: return (uint64_t)w->index * w->width + lane;
    case VIR_WI_SUB_GROUP_SIZE: return (uint64_t)__builtin_popcountll(w->init_mask);
    case VIR_WI_SUB_GROUP_ID: return w->index;
    case VIR_WI_SUB_GROUP_LOCAL_ID: return lane;
    case VIR_WI_NUM_SUB_GROUPS: return g->nwarps;
  }
  return 0;
}

/* ---- the interpreter loop ---------------------------------------------------------------- */

#define WATCHDOG_PERIOD 4096 /* backward branches between clock reads */

static int watchdog_expired(struct vgpu_sm *sm) {
  if (atomic_load_explicit(&sm->launch->fault.claimed, memory_order_relaxed)) return 2;
  return sm->deadline_ns && vgpu_now_ns() > sm->deadline_ns;
}

static inline unsigned first_lane(uint64_t m) { return m ? (unsigned)__builtin_ctzll(m) : 0; }

int vgpu_interp_run(struct vgpu_sm *sm, struct vgpu_warp *w) {
  static const void *const labels[VGPU_D_NUM] = {
#define VIR_OP(name, mnem, fmt, cls, doc) [VGPU_D_##name] = &&L_##name,
#include "vgpu/vir_ops.def"
#undef VIR_OP
    [VGPU_D_RECONV] = &&L_RECONV, [VGPU_D_LOAD_G4] = &&L_LOAD_G4, [VGPU_D_STORE_G4] = &&L_STORE_G4,
  };
  static const uint16_t vir_of[VGPU_D_NUM] = {
#define VIR_OP(name, mnem, fmt, cls, doc) [VGPU_D_##name] = VIR_##name,
#include "vgpu/vir_ops.def"
#undef VIR_OP
    [VGPU_D_RECONV] = VIR_NOP, [VGPU_D_LOAD_G4] = VIR_LOAD, [VGPU_D_STORE_G4] = VIR_STORE,
  };
  const struct vgpu_kcode *kc = sm->kc;
  const struct vgpu_dinsn *const code = kc->code;
  const struct vgpu_dinsn *ip = code + w->pc;
  const struct vgpu_observer *const obs = sm->obs;
  void *const octx = sm->obs_ctx;
  uint64_t *const R = w->regs;
  const unsigned W = w->width;
  const uint64_t full = vgpu_full_mask(W);
  struct vgpu_simt_entry *E = w->stack;
  int sp = w->sp;
  uint64_t mask = E[sp].mask;
  int wd = WATCHDOG_PERIOD;
  const uint64_t data_off = sm->launch->data_off;
  uint64_t addr[VGPU_WARP_MAX];
  uint32_t pc; /* decoded index of the instruction in hand */

#define PCI ((uint32_t)(ip - code))
#define DISPATCH()                                                                          \
  do {                                                                                      \
    if (__builtin_expect(obs != NULL, 0) && ip->op != VGPU_D_RECONV && obs->insn)           \
      obs->insn(octx, w, vir_of[ip->op], mask);                                             \
    goto *labels[ip->op];                                                                   \
  } while (0)
#define NEXT() do { ip++; DISPATCH(); } while (0)
#define OPERANDS                                                                            \
  uint64_t *D = R + ip->d;                                                                  \
  const uint64_t *A = R + ip->a, *B = R + ip->b, *C = R + ip->c;                            \
  (void)D; (void)A; (void)B; (void)C
  /* d = expr for the active lanes: a plain loop when all are active, a blend otherwise (inactive
   * lanes keep their registers: they may hold live values of another path). */
#define LANES(expr)                                                                         \
  do {                                                                                      \
    OPERANDS;                                                                               \
    if (mask == full) {                                                                     \
      for (unsigned l = 0; l < W; l++) D[l] = (expr);                                       \
    } else {                                                                                \
      for (unsigned l = 0; l < W; l++) {                                                    \
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
#define BACKWARD(target)                                                                    \
  do {                                                                                      \
    if ((target) <= PCI && --wd <= 0) {                                                     \
      wd = WATCHDOG_PERIOD;                                                                 \
      int x_ = watchdog_expired(sm);                                                        \
      if (x_ == 2) { sm->faulted = 1; w->sp = sp; return VGPU_RUN_FAULT; }                  \
      if (x_)                                                                               \
        FAULT(first_lane(mask), VGPU_LAUNCH_TIMEOUT,                                        \
              "watchdog: the kernel ran longer than %.3f s (infinite loop?)",              \
              sm->launch->watchdog_ns / 1e9);                                               \
    }                                                                                       \
  } while (0)

  (void)pc;
  DISPATCH();

  OP(NOP) NEXT();
  OP(MOV) LANES(A[l]); NEXT();
  OP(SELECT) LANES((A[l] & 1) ? B[l] : C[l]); NEXT();
  /* 32-bit integers: canonical values are zero-extended */
  OP(ADD_I32) LANES((uint32_t)(A[l] + B[l])); NEXT();
  OP(SUB_I32) LANES((uint32_t)(A[l] - B[l])); NEXT();
  OP(MUL_I32) LANES((uint32_t)((uint32_t)A[l] * (uint32_t)B[l])); NEXT();
#define DIVIDE(zero_test, overflow_test, expr)                                              \
  do {                                                                                      \
    OPERANDS;                                                                               \
    EACH_LANE(if (zero_test) FAULT(l, VGPU_LAUNCH_FAULT, "integer division by zero");       \
              if (overflow_test) FAULT(l, VGPU_LAUNCH_FAULT, "integer overflow in division (minimum / -1)"); \
              D[l] = (expr));                                                               \
  } while (0)
  OP(UDIV_I32) DIVIDE((uint32_t)B[l] == 0, 0, (uint32_t)A[l] / (uint32_t)B[l]); NEXT();
  OP(SDIV_I32) DIVIDE((uint32_t)B[l] == 0, (int32_t)A[l] == INT32_MIN && (int32_t)B[l] == -1,
                      (uint32_t)((int32_t)A[l] / (int32_t)B[l])); NEXT();
  OP(UREM_I32) DIVIDE((uint32_t)B[l] == 0, 0, (uint32_t)A[l] % (uint32_t)B[l]); NEXT();
  OP(SREM_I32) DIVIDE((uint32_t)B[l] == 0, 0,
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
  OP(UDIV_I64) DIVIDE(B[l] == 0, 0, A[l] / B[l]); NEXT();
  OP(SDIV_I64) DIVIDE(B[l] == 0, (int64_t)A[l] == INT64_MIN && (int64_t)B[l] == -1,
                      (uint64_t)((int64_t)A[l] / (int64_t)B[l])); NEXT();
  OP(UREM_I64) DIVIDE(B[l] == 0, 0, A[l] % B[l]); NEXT();
  OP(SREM_I64) DIVIDE(B[l] == 0, 0, (int64_t)B[l] == -1 ? 0 : (uint64_t)((int64_t)A[l] % (int64_t)B[l])); NEXT();
  OP(SHL_I64) LANES(A[l] << (B[l] & 63)); NEXT();
  OP(LSHR_I64) LANES(A[l] >> (B[l] & 63)); NEXT();
  OP(ASHR_I64) LANES((uint64_t)((int64_t)A[l] >> (B[l] & 63))); NEXT();
  OP(ICMP_I64) ICMP(int64_t) NEXT();
  OP(MADI_I64) LANES(A[l] * B[l] + C[l]); NEXT();
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
  OP(LOAD) OP(LOAD_G4) {
    OPERANDS;
    int64_t off = (int32_t)ip->c;
    for (unsigned l = 0; l < W; l++) addr[l] = A[l] + (uint64_t)off;
    if (vgpu_mem_load(sm, w, PCI, mask, addr, ip->size, D)) { w->sp = sp; return VGPU_RUN_FAULT; }
  }
  NEXT();
  OP(STORE) OP(STORE_G4) {
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
    ip = code + t;
  }
  DISPATCH();
  OP(CBR) {
    const uint64_t *A = R + ip->a;
    uint64_t taken = 0;
    for (unsigned l = 0; l < W; l++) taken |= (A[l] & 1) << l;
    taken &= mask;
    uint64_t other = mask & ~taken;
    if (__builtin_expect(obs != NULL, 0) && obs->branch) obs->branch(octx, w, mask, taken);
    if (!other || !taken) {
      uint32_t t = other ? ip->c : ip->b;
      BACKWARD(t);
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
  OP(BARRIER)
  if (mask != w->init_mask) {
    uint64_t missing = w->init_mask & ~mask;
    FAULT(first_lane(missing), VGPU_LAUNCH_BARRIER_DIVERGENCE,
          "barrier divergence: %d of the %d work-items of sub-group %u reached this barrier; "
          "the reported work-item did not (it took another path or returned)",
          __builtin_popcountll(mask), __builtin_popcountll(w->init_mask), w->index);
  }
  w->pc = PCI;
  w->sp = sp;
  E[sp].pc = PCI;
  return VGPU_RUN_BARRIER;
  OP(FENCE)
  if (ip->mod & (VIR_FENCE_GLOBAL | VIR_FENCE_IMAGE)) atomic_thread_fence(memory_order_seq_cst);
  NEXT();
  OP(PRINTF)
  if (vgpu_printf_exec(sm, w, PCI, mask, ip)) { w->sp = sp; return VGPU_RUN_FAULT; }
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
  ip = code + E[sp].pc;
  mask = E[sp].mask;
  DISPATCH();
}
