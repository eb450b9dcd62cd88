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
 * by one) the running entry is replaced instead, so the stack stays as deep as the nesting.  A
 * path that jumps to where a path of the same split waits to start takes its lanes along (that
 * entry leaves the stack), so lanes split inside a loop with a break meet again at the next trip
 * rather than at the loop's exit.  RET retires lanes from every entry. */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/warp.h"

const char *vgpu_interp_op_name(unsigned op) { return op < VIR_NUM_OPS ? vir_op_name[op] : "?"; }

/* ---- decoding ---------------------------------------------------------------------------- */

#define KCODE_CACHE 32
static struct vgpu_kcode kcache[KCODE_CACHE];
static unsigned kcache_next;

static void kcode_free(struct vgpu_kcode *kc) {
  free(kc->code);
  free(kc->vir_pc);
  free(kc->line);
  memset(kc, 0, sizeof *kc);
}

/* Decodes the launch's kernel, or finds it decoded.  The module passed vir_module_check when
 * this SM first saw it (sm_main.c), so every operand, pc and mod is valid here: the only failure
 * is running out of memory. */
const struct vgpu_kcode *vgpu_interp_decode(struct vgpu_sm *sm, uint64_t hash) {
  const struct vgpu_launch *L = sm->launch;
  const struct vir_header *h = sm->mod;
  const struct vir_kernel *k = sm->kernel;
  unsigned W = sm->width;
  for (unsigned i = 0; i < KCODE_CACHE; i++) {
    struct vgpu_kcode *c = &kcache[i];
    if (c->code && c->module_off == L->module_off && c->module_size == L->module_size &&
        c->hash == hash && c->kernel_index == L->kernel_index && c->width == W)
      return c;
  }
  const struct vir_insn *in = vir_insns(h) + k->first_insn;
  const uint32_t n = k->ninsns, nregs = k->nregs;
  uint32_t *newpc = calloc((size_t)n + 1, sizeof *newpc);
  uint8_t *is_rpc = calloc((size_t)n + 1, 1);
  struct vgpu_kcode kc = {0};
  if (!newpc || !is_rpc) goto fail;
  for (uint32_t p = 0; p < n; p++)
    if (in[p].op == VIR_CBR && in[p].dst != VIR_PC_EXIT) is_rpc[in[p].dst] = 1;
  uint32_t total = 0;
  for (uint32_t p = 0; p < n; p++) {
    newpc[p] = total;
    total += 1 + is_rpc[p];
  }
  newpc[n] = total;
  kc.code = calloc(total, sizeof *kc.code);
  kc.vir_pc = calloc(total, sizeof *kc.vir_pc);
  kc.line = calloc(total, sizeof *kc.line);
  if (!kc.code || !kc.vir_pc || !kc.line) goto fail;
  kc.nregs = nregs;
  kc.scratch = nregs;
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
    o->sem = in[p].sem;
    /* Operands by their role (vir_formats.def): registers become indices into the warp's
     * lane-by-lane registers, pcs decoded indices (a reconvergence pc names the RECONV placed
     * before it); an unused field points at the scratch register. */
    uint32_t *out[4] = {&o->d, &o->a, &o->b, &o->c};
    for (unsigned i = 0; i < 4; i++) {
      const uint32_t v = vir_operand_value(&in[p], i);
      switch (vir_operand_role(&in[p], i)) {
        case VIR_ROLE_DEF: case VIR_ROLE_USE: *out[i] = v * W; break;
        case VIR_ROLE_PC: *out[i] = newpc[v]; break;
        case VIR_ROLE_RPC: *out[i] = v == VIR_PC_EXIT ? UINT32_MAX : newpc[v]; break;
        case VIR_ROLE_IMM: case VIR_ROLE_EXTRA: case VIR_ROLE_COUNT: *out[i] = v; break;
        default: *out[i] = nregs * W; break;
      }
    }
    /* decoded-only forms */
    switch (in[p].op) {
      case VIR_LOAD: case VIR_STORE:
        if (in[p].op == VIR_LOAD && in[p].size == 4 && (in[p].mod == VIR_AS_GLOBAL || in[p].mod == VIR_AS_CONSTANT))
          o->op = VGPU_D_LOAD_G4;
        if (in[p].op == VIR_STORE && in[p].size == 4 && in[p].mod == VIR_AS_GLOBAL) o->op = VGPU_D_STORE_G4;
        if (in[p].size == 4 && in[p].mod == VIR_AS_LOCAL) o->op = in[p].op == VIR_LOAD ? VGPU_D_LOAD_L4 : VGPU_D_STORE_L4;
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
      default: break;
    }
  }
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

int vgpu_interp_avx2(void) {
#if defined(__x86_64__) && defined(VGPU_INTERP_AVX2)
  static int avx2 = -1;
  if (avx2 < 0) avx2 = pick_run() == vgpu_interp_run_avx2;
  return avx2;
#else
  return 0;
#endif
}
