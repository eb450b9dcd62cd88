/* regalloc.c - virtual registers -> the few real registers a lane needs.  Every register costs
 * warp_size x 8 bytes of the simulator's hot state per warp, so values share registers when their
 * live ranges do not overlap: liveness over the laid-out blocks, each virtual register's live
 * range taken as the hull [first, last pc], then linear scan (Poletto and Sarkar) handing out the
 * lowest free register (under -g, a source variable's range is part of its value's hull).  Lanes
 * that a divergent branch masks off keep their values (the interpreter writes active lanes only),
 * so per-lane liveness is exactly scalar liveness. */
#include <string.h>
#include <stdlib.h>
#include "compiler/lower.h"

/* Register operands of an instruction (their roles: vir_formats.def): *def (or VIR_NOREG) and up
 * to 3 uses. */
static int insn_regs(const struct vir_insn *in, uint32_t *def, uint32_t use[3]) {
  int n = 0;
  *def = VIR_NOREG;
  for (unsigned i = 0; i < 4; i++) {
    enum vir_role r = vir_operand_role(in, i);
    if (r == VIR_ROLE_DEF) *def = vir_operand_value(in, i);
    else if (r == VIR_ROLE_USE) use[n++] = vir_operand_value(in, i);
  }
  return n;
}

static int is_vreg(uint32_t r) { return r != VIR_NOREG && !(r & LW_CONST); }

/* binary min-heap of uint64 keys */
struct heap { uint64_t *v; uint32_t n, cap; };
static void heap_push(struct heap *h, uint64_t x) {
  h->v = vgpu_grow(h->v, sizeof *h->v, &h->cap, (uint64_t)h->n + 1);
  uint32_t i = h->n++;
  while (i && h->v[(i - 1) / 2] > x) { h->v[i] = h->v[(i - 1) / 2]; i = (i - 1) / 2; }
  h->v[i] = x;
}
static uint64_t heap_pop(struct heap *h) {
  uint64_t top = h->v[0], x = h->v[--h->n];
  uint32_t i = 0;
  for (;;) {
    uint32_t c = 2 * i + 1;
    if (c >= h->n) break;
    if (c + 1 < h->n && h->v[c + 1] < h->v[c]) c++;
    if (h->v[c] >= x) break;
    h->v[i] = h->v[c];
    i = c;
  }
  if (h->n) h->v[i] = x;
  return top;
}

static int64_t *g_start; /* for qsort */
static int by_start(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  if (g_start[x] != g_start[y]) return g_start[x] < g_start[y] ? -1 : 1;
  return x < y ? -1 : x > y;
}

uint32_t lw_regalloc(struct vir_insn *insns, uint32_t n, const uint32_t *block_start, uint32_t nb,
                     const uint32_t *succ, uint32_t *extra, uint32_t nv, uint32_t nargregs,
                     struct lw_dbg_rec *dbg, uint32_t ndbg) {
  /* Liveness per virtual register, walking backwards from each use that no earlier definition in
   * its block reaches (SSA-style, as in Appel's "Modern Compiler Implementation", 19.6): memory
   * stays linear in the program, where block x register bit sets would not for huge kernels. */
  int64_t *start = malloc((nv + 1) * sizeof *start), *end = malloc((nv + 1) * sizeof *end);
  uint32_t *phys = malloc((nv + 1) * sizeof *phys), *order = malloc((nv + 1) * sizeof *order);
  uint32_t *def_head = malloc((nv + 1) * sizeof *def_head), *stamp = malloc((nb + 1) * sizeof *stamp);
  uint32_t *bstart = malloc((nb + 1) * sizeof *bstart), *bend = malloc((nb + 1) * sizeof *bend);
  uint32_t *npred = calloc(nb + 1, sizeof *npred), *pidx = calloc(nb + 2, sizeof *pidx);
  uint32_t *stack = malloc((nb + 1) * sizeof *stack);
  struct def_node { uint32_t block, pc, next; } *defs = malloc(((size_t)n + 1) * sizeof *defs);
  if (!start || !end || !phys || !order || !def_head || !stamp || !bstart || !bend || !npred || !pidx ||
      !stack || !defs) abort();
  for (uint32_t b = 0; b < nb; b++) {
    bstart[b] = block_start[b];
    bend[b] = b + 1 < nb ? block_start[b + 1] : n;
    stamp[b] = UINT32_MAX;
    for (int k = 0; k < 2; k++) if (succ[2 * b + k] != UINT32_MAX) npred[succ[2 * b + k]]++;
  }
  for (uint32_t b = 0; b < nb; b++) pidx[b + 1] = pidx[b] + npred[b];
  uint32_t *preds = malloc(((size_t)pidx[nb] + 1) * sizeof *preds);
  if (!preds) abort();
  memset(npred, 0, (nb + 1) * sizeof *npred);
  for (uint32_t b = 0; b < nb; b++)
    for (int k = 0; k < 2; k++) {
      uint32_t s = succ[2 * b + k];
      if (s != UINT32_MAX) preds[pidx[s] + npred[s]++] = b;
    }
  for (uint32_t r = 0; r < nv; r++) { start[r] = INT64_MAX; end[r] = INT64_MIN; def_head[r] = UINT32_MAX; }
#define TOUCH(r, p) do { if ((p) < start[r]) start[r] = (p); if ((p) > end[r]) end[r] = (p); } while (0)
  uint32_t ndefs = 0;
  for (uint32_t b = 0; b < nb; b++)
    for (uint32_t pc = bstart[b]; pc < bend[b]; pc++) {
      uint32_t d, u[3];
      insn_regs(&insns[pc], &d, u);
      if (!is_vreg(d) || d >= nv) continue;
      defs[ndefs] = (struct def_node){b, pc, def_head[d]};
      def_head[d] = ndefs++;
      TOUCH(d, (int64_t)pc);
    }
  for (uint32_t b = 0; b < nb; b++)
    for (uint32_t pc = bstart[b]; pc < bend[b]; pc++) {
      uint32_t d, u[3 + 64];
      int k = insn_regs(&insns[pc], &d, u);
      uint32_t nx = insns[pc].op == VIR_PRINTF ? insns[pc].c : 0;
      for (uint32_t j = 0; j < nx + (uint32_t)k; j++) {
        uint32_t r = j < (uint32_t)k ? u[j] : extra[insns[pc].b + 2 * (j - (uint32_t)k)];
        if (!is_vreg(r) || r >= nv) continue;
        TOUCH(r, (int64_t)pc);
        int local = 0;
        for (uint32_t dn = def_head[r]; dn != UINT32_MAX && !local; dn = defs[dn].next)
          local = defs[dn].block == b && defs[dn].pc < pc;
        if (local) continue;
        /* live into b: walk predecessors until the definitions */
        uint32_t sp = 0;
        if (stamp[b] != r) { stamp[b] = r; stack[sp++] = b; }
        while (sp) {
          uint32_t x = stack[--sp];
          TOUCH(r, (int64_t)bstart[x]);
          for (uint32_t q = pidx[x]; q < pidx[x + 1]; q++) {
            uint32_t p = preds[q];
            TOUCH(r, (int64_t)(bend[p] > bstart[p] ? bend[p] - 1 : bstart[p]));
            int defines = 0;
            for (uint32_t dn = def_head[r]; dn != UINT32_MAX && !defines; dn = defs[dn].next) defines = defs[dn].block == p;
            if (!defines && stamp[p] != r) { stamp[p] = r; stack[sp++] = p; }
          }
        }
      }
    }
  free(def_head); free(stamp); free(bstart); free(bend); free(npred); free(pidx); free(stack); free(defs); free(preds);
  /* -g: a variable's value stays in its register over the variable's whole range (as a debugger
   * at -O0 would see it), not only until its last use: the hull grows, never shrinks. */
  for (uint32_t i = 0; i < ndbg; i++) {
    uint32_t r = dbg[i].reg;
    if (is_vreg(r) && r < nv && start[r] != INT64_MAX && dbg[i].end > dbg[i].pc && (int64_t)dbg[i].end - 1 > end[r])
      end[r] = (int64_t)dbg[i].end - 1;
  }
  /* Arguments are written before the first instruction: all live at -1, allocated first and in
   * order, so argument virtual register r gets real register r and a vector argument's elements
   * are consecutive (vir_arg.reg + i). */
  uint32_t norder = 0;
  for (uint32_t r = 0; r < nv; r++) {
    if (r < nargregs) { start[r] = -1; if (end[r] < -1) end[r] = -1; }
    if (start[r] != INT64_MAX) order[norder++] = r;
  }
  g_start = start;
  qsort(order, norder, sizeof *order, by_start);
  struct heap free_regs = {0}, active = {0}; /* active: (end << 32 | phys) ordered by end */
  uint32_t nphys = 0;
  for (uint32_t k = 0; k < norder; k++) {
    uint32_t r = order[k];
    while (active.n && (int64_t)(active.v[0] >> 32) - 1 < start[r]) heap_push(&free_regs, heap_pop(&active) & 0xffffffffu);
    uint32_t p = free_regs.n ? (uint32_t)heap_pop(&free_regs) : nphys++;
    phys[r] = p;
    heap_push(&active, (uint64_t)(end[r] + 1) << 32 | p); /* end + 1 >= 0: args end at -1 */
  }
  free(free_regs.v);
  free(active.v);
  /* rename */
#define RENAME(x) do { if (is_vreg(x)) (x) = (x) < nv && start[x] != INT64_MAX ? phys[x] : 0; } while (0)
  for (uint32_t pc = 0; pc < n; pc++) {
    struct vir_insn *i = &insns[pc];
    for (unsigned o = 0; o < 4; o++)
      if (vir_role_is_reg(vir_operand_role(i, o))) RENAME(*vir_operand(i, o));
    if (i->op == VIR_PRINTF) /* b indexes extra words: pairs (reg, type) */
      for (uint32_t j = 0; j < i->c; j++) RENAME(extra[i->b + 2 * j]);
  }
  /* A register holds its virtual register only over that one's hull [start, end]. */
  for (uint32_t i = 0; i < ndbg; i++) {
    struct lw_dbg_rec *r = &dbg[i];
    if (r->end <= r->pc || !is_vreg(r->reg)) continue; /* none, or a constant: valid over its range */
    if (r->reg >= nv || start[r->reg] == INT64_MAX) { r->end = r->pc; continue; }
    int64_t lo = start[r->reg] > (int64_t)r->pc ? start[r->reg] : (int64_t)r->pc;
    int64_t hi = end[r->reg] + 1 < (int64_t)r->end ? end[r->reg] + 1 : (int64_t)r->end;
    r->pc = (uint32_t)(lo < 0 ? 0 : lo);
    r->end = hi > (int64_t)r->pc ? (uint32_t)hi : r->pc;
    r->reg = phys[r->reg];
  }
  free(start); free(end); free(phys); free(order);
  return nphys;
}
