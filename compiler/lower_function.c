/* lower_function.c - one kernel: LLVM blocks -> VIR blocks (phis become moves on the incoming
 * edges, critical edges get a block of their own), layout with fall-through, reconvergence pcs
 * for CBR (postdom.c), register allocation (regalloc.c), then the kernel's tables. */
#include <stdlib.h>
#include <string.h>
#include "compiler/debug_vars.h"
#include "compiler/kernel_info.h"
#include "compiler/lower.h"
#include "compiler/lower_function.h"
#include "compiler/lower_insn.h"

static int has_phis(LLVMBasicBlockRef bb) {
  LLVMValueRef i = LLVMGetFirstInstruction(bb);
  return i && LLVMGetInstructionOpcode(i) == LLVMPHI;
}

/* The moves that implement succ's phis on the edge from pred, as one parallel copy: when a
 * phi's input is another phi of the same block, all inputs are first copied to temporaries. */
static void phi_copies(struct lw_fn *f, LLVMBasicBlockRef pred, LLVMBasicBlockRef succ) {
  int via_temps = 0;
  for (LLVMValueRef phi = LLVMGetFirstInstruction(succ); phi && LLVMGetInstructionOpcode(phi) == LLVMPHI;
       phi = LLVMGetNextInstruction(phi))
    for (unsigned k = 0; k < LLVMCountIncoming(phi); k++)
      if (LLVMGetIncomingBlock(phi, k) == pred) {
        LLVMValueRef v = LLVMGetIncomingValue(phi, k);
        if (LLVMIsAInstruction(v) && LLVMGetInstructionOpcode(v) == LLVMPHI && LLVMGetInstructionParent(v) == succ)
          via_temps = 1;
        break;
      }
  for (int pass = 0; pass < (via_temps ? 2 : 1); pass++) {
    for (LLVMValueRef phi = LLVMGetFirstInstruction(succ); phi && LLVMGetInstructionOpcode(phi) == LLVMPHI;
         phi = LLVMGetNextInstruction(phi)) {
      uint32_t n = lw_leaves(LLVMTypeOf(phi)), d = lw_def(f, phi);
      for (unsigned k = 0; k < LLVMCountIncoming(phi); k++) {
        if (LLVMGetIncomingBlock(phi, k) != pred) continue;
        LLVMValueRef v = LLVMGetIncomingValue(phi, k);
        struct lw_map_entry *tmp = via_temps ? lw_map_get(&f->values, (char *)phi + 1, 1) : NULL;
        if (tmp && !tmp->n) { tmp->n = n; tmp->reg = lw_vreg(f, n); }
        for (uint32_t i = 0; i < n; i++) {
          if (!via_temps) {
            uint32_t src = lw_elem(f, v, i);
            if (src != d + i) lw_emit(f, VIR_MOV, 0, 0, d + i, src, VIR_NOREG, VIR_NOREG); /* else coalesced */
          }
          else if (pass == 0) lw_emit(f, VIR_MOV, 0, 0, tmp->reg + i, lw_elem(f, v, i), VIR_NOREG, VIR_NOREG);
          else lw_emit(f, VIR_MOV, 0, 0, d + i, tmp->reg + i, VIR_NOREG, VIR_NOREG);
        }
        break;
      }
    }
  }
}

static void push_layout(struct lw_fn *f, uint32_t b) {
  f->layout = vgpu_grow(f->layout, sizeof *f->layout, &f->cap_layout, (uint64_t)f->nlayout + 1);
  f->layout[f->nlayout++] = b;
}

/* Target block for the edge cur -> succ: succ itself, or a new block with the phi moves. */
static uint32_t edge_target(struct lw_fn *f, LLVMBasicBlockRef from, LLVMBasicBlockRef succ) {
  uint32_t s = lw_block_of(f, succ);
  if (!has_phis(succ)) return s;
  uint32_t saved = f->cur, e = lw_new_block(f, NULL);
  push_layout(f, e);
  f->cur = e;
  phi_copies(f, from, succ);
  f->cur = saved;
  if (f->blocks[e].n == 0) { /* every move coalesced away (coalesce.c): branch straight to succ */
    f->nlayout--;
    f->nblocks--; /* e was the newest block */
    return s;
  }
  f->cur = e;
  lw_emit(f, VIR_BR, 0, 0, VIR_NOREG, s, VIR_NOREG, VIR_NOREG);
  f->cur = saved;
  return e;
}

static int terminator(struct lw_fn *f, LLVMBasicBlockRef bb, LLVMValueRef t) {
  switch (LLVMGetInstructionOpcode(t)) {
  case LLVMRet:
    lw_emit(f, VIR_RET, 0, 0, VIR_NOREG, VIR_NOREG, VIR_NOREG, VIR_NOREG);
    return 0;
  case LLVMUnreachable:
    lw_emit(f, VIR_TRAP, VIR_TRAP_UNREACHABLE, 0, VIR_NOREG, VIR_NOREG, VIR_NOREG, VIR_NOREG);
    return 0;
  case LLVMBr: {
    if (!LLVMIsConditional(t) || LLVMGetSuccessor(t, 0) == LLVMGetSuccessor(t, 1)) {
      LLVMBasicBlockRef s = LLVMGetSuccessor(t, 0);
      phi_copies(f, bb, s);
      lw_emit(f, VIR_BR, 0, 0, VIR_NOREG, lw_block_of(f, s), VIR_NOREG, VIR_NOREG);
      return 0;
    }
    uint32_t c = lw_elem(f, LLVMGetCondition(t), 0);
    uint32_t bt = edge_target(f, bb, LLVMGetSuccessor(t, 0)), bf = edge_target(f, bb, LLVMGetSuccessor(t, 1));
    lw_emit(f, VIR_CBR, 0, 0, 0, c, bt, bf);
    return 0;
  }
  default:
    return lw_fail(f, "unsupported terminator (switch or indirect branch left after lowering)");
  }
}

/* -g: the variable locations that take effect at `in`, recorded at the current end of the block
 * being filled (debug_vars.h).  A value the lowering folded away (no register) is left out. */
static void record_dbg(struct lw_fn *f, LLVMValueRef in) {
  struct lw_dbg_loc locs[16];
  unsigned nl = lw_dbg_locs(in, locs, 16);
  for (unsigned i = 0; i < nl; i++) {
    LLVMValueRef v = locs[i].value;
    uint32_t reg;
    if (!v) {
      reg = VIR_NOREG; /* ends the previous location: nothing is known from here */
    } else if (LLVMIsAConstantInt(v)) {
      reg = lw_const(f, (uint64_t)LLVMConstIntGetSExtValue(v));
    } else if (LLVMIsAConstantPointerNull(v)) {
      reg = lw_const(f, 0);
    } else {
      struct lw_map_entry *e = lw_map_get(&f->values, v, 0);
      if (!e || !e->n) continue;
      reg = e->reg;
    }
    struct vir_builder *vb = &f->mod->vb;
    f->dbg = vgpu_grow(f->dbg, sizeof *f->dbg, &f->cap_dbg, (uint64_t)f->ndbg + 1);
    f->dbg[f->ndbg++] = (struct lw_dbg_rec){
      .var = locs[i].var, .name = vir_builder_string(vb, locs[i].name),
      .scope = vir_builder_string(vb, locs[i].scope), .line = locs[i].line, .kind = (uint8_t)locs[i].kind,
      .enc = (uint8_t)locs[i].enc, .size = (uint8_t)locs[i].size, .block = f->cur,
      .idx = f->blocks[f->cur].n, .reg = reg};
  }
}

static void free_fn(struct lw_fn *f) {
  for (uint32_t b = 0; b < f->nblocks; b++) free(f->blocks[b].insns);
  free(f->blocks);
  free(f->layout);
  free(f->consts);
  free(f->extra);
  free(f->multidef);
  free(f->dbg);
  lw_map_free(&f->values);
  lw_map_free(&f->blockmap);
  lw_map_free(&f->localvars);
  lw_map_free(&f->constmap);
}

/* Removes instructions whose results nobody reads (what aliasing and folding leave behind).
 * Only the ops vir_ops.def marks PURE: arithmetic, address materialisation, work-item queries
 * and plain loads. */
static void dead_code(struct lw_fn *f) {
  uint32_t *uses = calloc((size_t)f->nvregs + 1, sizeof *uses);
  if (!uses) abort();
  /* a few rounds catch what aliasing leaves; a long dead chain (hostile input) is merely kept */
  for (int changed = 1, round = 0; changed && round < 8; round++) {
    changed = 0;
    memset(uses, 0, ((size_t)f->nvregs + 1) * sizeof *uses);
#define USE(r) do { if ((r) != VIR_NOREG && !((r) & LW_CONST) && (r) < f->nvregs) uses[r]++; } while (0)
    for (uint32_t b = 0; b < f->nblocks; b++)
      for (uint32_t i = 0; i < f->blocks[b].n; i++) {
        const struct vir_insn *in = &f->blocks[b].insns[i];
        for (unsigned o = 0; o < 4; o++)
          if (vir_operand_role(in, o) == VIR_ROLE_USE) USE(vir_operand_value(in, o));
      }
    for (uint32_t i = 0; i < f->nextra; i += 2) USE(f->extra[i]);
#undef USE
    for (uint32_t b = 0; b < f->nblocks; b++) {
      struct lw_block *bl = &f->blocks[b];
      uint32_t k = 0, *kept = NULL; /* -g: kept[i] = instructions kept before old index i */
      if (f->ndbg && !(kept = malloc(((size_t)bl->n + 1) * sizeof *kept))) abort();
      for (uint32_t i = 0; i < bl->n; i++) {
        const struct vir_insn *in = &bl->insns[i];
        if (kept) kept[i] = k;
        if (vir_op_effect[in->op] == VIR_EFFECT_PURE && in->dst != VIR_NOREG && !(in->dst & LW_CONST) && in->dst < f->nvregs && !uses[in->dst] &&
            in->dst >= f->nargregs) {
          changed = 1;
          continue;
        }
        bl->insns[k++] = *in;
      }
      if (kept) {
        kept[bl->n] = k;
        for (uint32_t d = 0; d < f->ndbg; d++)
          if (f->dbg[d].block == b) f->dbg[d].idx = kept[f->dbg[d].idx <= bl->n ? f->dbg[d].idx : bl->n];
        free(kept);
      }
      bl->n = k;
    }
  }
  free(uses);
}

/* Layout, reconvergence, register allocation, and the kernel's tables into the builder. */
static int finish(struct lw_fn *f, struct vir_kernel *k) {
  struct lw_module *m = f->mod;
  const uint32_t nb = f->nlayout, NONE = UINT32_MAX;
  uint32_t *pos = malloc(f->nblocks * sizeof *pos), *start = malloc((nb + 1) * sizeof *start);
  uint32_t *succ = malloc(2 * (nb + 1) * sizeof *succ), *ipdom = malloc((nb + 2) * sizeof *ipdom);
  if (!pos || !start || !succ || !ipdom) abort();
  for (uint32_t j = 0; j < nb; j++) pos[f->layout[j]] = j;
  /* fall-through: a branch to the next block in layout is dropped */
  for (uint32_t j = 0; j + 1 < nb; j++) {
    struct lw_block *b = &f->blocks[f->layout[j]];
    if (b->n && b->insns[b->n - 1].op == VIR_BR && b->insns[b->n - 1].a == f->layout[j + 1]) b->n--;
  }
  uint32_t n = 0;
  for (uint32_t j = 0; j < nb; j++) {
    start[j] = n;
    f->blocks[f->layout[j]].pc = n;
    n += f->blocks[f->layout[j]].n;
  }
  for (uint32_t j = 0; j < nb; j++) {
    struct lw_block *b = &f->blocks[f->layout[j]];
    const struct vir_insn *last = b->n ? &b->insns[b->n - 1] : NULL;
    succ[2 * j] = succ[2 * j + 1] = NONE;
    if (last && last->op == VIR_BR) succ[2 * j] = pos[last->a];
    else if (last && last->op == VIR_CBR) { succ[2 * j] = pos[last->b]; succ[2 * j + 1] = pos[last->c]; }
    else if (last && (last->op == VIR_RET || last->op == VIR_TRAP)) {}
    else if (j + 1 < nb) succ[2 * j] = j + 1;
  }
  lw_postdom(nb, succ, ipdom);
  struct vir_insn *code = malloc((n + 1) * sizeof *code);
  if (!code) abort();
  uint32_t pc = 0;
  for (uint32_t j = 0; j < nb; j++) {
    struct lw_block *b = &f->blocks[f->layout[j]];
    for (uint32_t i = 0; i < b->n; i++) {
      struct vir_insn in = b->insns[i];
      if (in.op == VIR_BR) in.a = f->blocks[in.a].pc;
      if (in.op == VIR_CBR) {
        in.b = f->blocks[in.b].pc;
        in.c = f->blocks[in.c].pc;
        in.dst = i + 1 == b->n && ipdom[j] < nb ? start[ipdom[j]] : VIR_PC_EXIT;
        if (in.dst == n) in.dst = VIR_PC_EXIT;
      }
      code[pc++] = in;
    }
  }
  /* -g: each location holds from its pc to the next location of the same variable */
  for (uint32_t d = 0; d < f->ndbg; d++) {
    struct lw_dbg_rec *r = &f->dbg[d];
    const struct lw_block *b = &f->blocks[r->block];
    r->pc = b->pc + (r->idx < b->n ? r->idx : b->n);
    r->end = n;
  }
  for (uint32_t d = 0; d < f->ndbg; d++)
    for (uint32_t e = 0; e < f->ndbg; e++)
      if (e != d && f->dbg[e].var == f->dbg[d].var && f->dbg[e].pc < f->dbg[d].end &&
          (f->dbg[e].pc > f->dbg[d].pc || (f->dbg[e].pc == f->dbg[d].pc && e > d))) /* later wins */
        f->dbg[d].end = f->dbg[e].pc;
  for (uint32_t d = 0; d < f->ndbg; d++)
    if (f->dbg[d].reg == VIR_NOREG) f->dbg[d].end = f->dbg[d].pc; /* an end marker: not a location */
  uint32_t nregs = lw_regalloc(code, n, start, nb, succ, f->extra, f->nvregs, f->nargregs, f->dbg, f->ndbg);
  if (nregs < f->nargregs) nregs = f->nargregs;
  k->const_reg = nregs;
  k->nregs = nregs + f->nconsts;
  if (k->nregs == 0) k->nregs = 1;
  /* constants to their final registers; fields an op does not use become 0 */
#define FIX(x) do { if ((x) == VIR_NOREG) (x) = 0; else if ((x) & LW_CONST) (x) = k->const_reg + ((x) & ~LW_CONST); } while (0)
  for (uint32_t i = 0; i < n; i++) {
    struct vir_insn *in = &code[i];
    for (unsigned o = 0; o < 4; o++) {
      enum vir_role r = vir_operand_role(in, o);
      if (vir_role_is_reg(r)) FIX(*vir_operand(in, o));
      else if (r == VIR_ROLE_NONE) *vir_operand(in, o) = 0;
    }
  }
  for (uint32_t i = 0; i < f->nextra; i += 2) FIX(f->extra[i]);
  for (uint32_t d = 0; d < f->ndbg; d++) FIX(f->dbg[d].reg);
#undef FIX
  /* into the module tables */
  struct vir_builder *vb = &m->vb;
  for (uint32_t i = 0; i < n; i++)
    if (code[i].op == VIR_PRINTF) code[i].b += vb->nextra;
  k->first_insn = vb->ninsns;
  k->ninsns = n;
  vb->insns = vgpu_grow(vb->insns, sizeof *vb->insns, &vb->cap_insns, (uint64_t)vb->ninsns + n);
  memcpy(vb->insns + vb->ninsns, code, n * sizeof *code);
  vb->ninsns += n;
  vb->extra = vgpu_grow(vb->extra, sizeof *vb->extra, &vb->cap_extra, (uint64_t)vb->nextra + f->nextra);
  if (f->nextra) memcpy(vb->extra + vb->nextra, f->extra, f->nextra * sizeof *f->extra);
  vb->nextra += f->nextra;
  k->first_const = vb->nconsts;
  k->nconsts = f->nconsts;
  vb->consts = vgpu_grow(vb->consts, sizeof *vb->consts, &vb->cap_consts, (uint64_t)vb->nconsts + f->nconsts);
  if (f->nconsts) memcpy(vb->consts + vb->nconsts, f->consts, f->nconsts * sizeof *f->consts);
  vb->nconsts += f->nconsts;
  for (uint32_t d = 0; d < f->ndbg; d++) {
    const struct lw_dbg_rec *r = &f->dbg[d];
    if (r->end <= r->pc || r->reg >= k->nregs) continue;
    vb->vars = vgpu_grow(vb->vars, sizeof *vb->vars, &vb->cap_vars, (uint64_t)vb->nvars + 1);
    vb->vars[vb->nvars++] = (struct vir_var){.kernel = vb->nkernels, .name = r->name, .scope = r->scope,
      .first_pc = r->pc, .end_pc = r->end, .reg = r->reg, .line = r->line, .kind = r->kind, .enc = r->enc,
      .size = r->size};
  }
  free(code); free(pos); free(start); free(succ); free(ipdom);
  return 0;
}

int lw_lower_kernel(struct lw_module *m, LLVMValueRef fn) {
  struct lw_fn fs, *f = &fs;
  memset(f, 0, sizeof *f);
  f->mod = m;
  f->fn = fn;
  f->lower_const_expr = lw_lower_insn;
  struct vir_kernel k;
  memset(&k, 0, sizeof k);
  /* argument registers first: virtual registers 0.. in parameter order */
  unsigned np = LLVMCountParams(fn);
  for (unsigned i = 0; i < np; i++) lw_elem(f, LLVMGetParam(fn, i), 0);
  f->nargregs = f->nvregs;
  lw_new_block(f, NULL); /* block 0: the prologue (global and __local addresses) */
  push_layout(f, 0);
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    struct lw_map_entry *e = lw_map_get(&f->blockmap, bb, 1);
    e->reg = lw_new_block(f, bb);
    e->n = 1;
  }
  lw_coalesce_phis(f); /* before any value is referenced (coalesce.c) */
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb && !f->failed; bb = LLVMGetNextBasicBlock(bb)) {
    f->cur = lw_block_of(f, bb);
    push_layout(f, f->cur);
    f->line = 0;
    for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in && !f->failed; in = LLVMGetNextInstruction(in)) {
      f->inst = in;
      if (f->mod->opts->debug) record_dbg(f, in);
      unsigned line = lw_line_of(f, in);
      if (line) f->line = line;
      LLVMOpcode op = LLVMGetInstructionOpcode(in);
      if (op == LLVMPHI) continue;
      if (LLVMIsATerminatorInst(in)) terminator(f, bb, in);
      else lw_lower_insn(f, in);
    }
  }
  f->inst = NULL;
  if (!f->failed) lw_kernel_info(f, &k);
  if (!f->failed) dead_code(f);
  if (!f->failed) finish(f, &k);
  int rc = f->failed ? -1 : 0;
  if (!rc) {
    struct vir_builder *vb = &m->vb;
    vb->kernels = vgpu_grow(vb->kernels, sizeof *vb->kernels, &vb->cap_kernels, (uint64_t)vb->nkernels + 1);
    vb->kernels[vb->nkernels++] = k;
  }
  free_fn(f);
  return rc;
}
