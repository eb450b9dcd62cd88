/* interp.c - the SIMT interpreter: one dispatch per *warp* instruction (docs/design.md, decision 5).
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

/* The decode cache is keyed by the module's place in the arena and its contents (a program freed
 * and another loaded at the same offset must not reuse the old decoding): a word-wise hash, cheap
 * next to a launch. */
static uint64_t hash_bytes(const uint8_t *p, uint64_t n) {
  uint64_t h = 1469598103934665603ull, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, p + i, 8);
    h = (h ^ x) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
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
  /* constant registers are filled once per launch (workgroup.c): nothing may write them */
#define REG_dst(what)                                                                        \
  do {                                                                                       \
    REG2(dst, d, what);                                                                      \
    if (in[p].dst != VIR_NOREG && in[p].dst >= k->const_reg && in[p].dst - k->const_reg < k->nconsts) \
      BAD("pc %u (%s): writes constant register %u", p, op_mnem[in[p].op], in[p].dst);      \
  } while (0)
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
        if (in[p].size == 4 && in[p].mod == VIR_AS_LOCAL) o->op = in[p].op == VIR_LOAD ? VGPU_D_LOAD_L4 : VGPU_D_STORE_L4;
        break;
      case VIR_ATOMIC:
        if (in[p].size != 4 && in[p].size != 8) BAD("pc %u: atomic size %u", p, in[p].size);
        break;
      case VIR_MADI_I64: /* index * element size + base: a shift when the size is a power of two
                          * (64-bit multiplies do not vectorise on x86-64) */
        if (in[p].b >= k->const_reg && in[p].b - k->const_reg < k->nconsts) {
          uint64_t v = vir_consts(h)[k->first_const + (in[p].b - k->const_reg)];
          if (v && !(v & (v - 1))) {
            o->op = VGPU_D_SHLADD_I64;
            o->mod = (uint8_t)__builtin_ctzll(v);
          }
        }
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

/* ---- running ----------------------------------------------------------------------------- */

/* The loop is compiled twice (interp_run.c): for the x86-64 baseline, whose SSE2 vectorises the
 * lane loops two 64-bit lanes wide and has neither a 64-bit multiply nor a per-lane shift, and
 * for AVX2 (four lanes, both instructions), taken when the CPU has it. */
typedef int (*run_fn)(struct vgpu_sm *, struct vgpu_warp *);
static run_fn pick_run(void) {
  const char *isa = getenv("VGPU_ISA"); /* "baseline": the SSE2 loop on any CPU (for tests) */
  if (isa && !strcmp(isa, "baseline")) return vgpu_interp_run_base;
#if defined(__x86_64__) && defined(VGPU_INTERP_AVX2)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return vgpu_interp_run_avx2;
#endif
  return vgpu_interp_run_base;
}

int vgpu_interp_run(struct vgpu_sm *sm, struct vgpu_warp *w) {
  static run_fn run;
  if (!run) run = pick_run();
  return run(sm, w);
}
