/* coalesce.c - values that write their loop phi's register directly.
 *
 * A loop-carried value (i + 1, a running sum) reaches its phi through a MOV on the back edge;
 * in a tight loop that MOV is a good part of the warp's instructions.  When nothing can observe
 * the phi's register between the value's definition and the back edge, the value is given the
 * phi's register instead and the MOV disappears (phi_copies skips a copy onto itself).  This is
 * the conservative end of SSA-based coalescing: one value per phi, decided before lowering, and
 * only where a few structural conditions prove it safe.  Per-lane register semantics are the
 * sequential ones (the interpreter writes active lanes only), so the proof is a scalar one. */
#include <stdlib.h>
#include <string.h>
#include "compiler/lower.h"

/* Whether block b lies on a cycle that avoids block h: then b may run again before the phis of h
 * are redefined, and would read the phi's register after the value overwrote it. */
static int cycle_avoiding(struct lw_fn *f, LLVMBasicBlockRef b, LLVMBasicBlockRef h) {
  if (b == h) return 0;
  uint8_t *seen = calloc(f->nblocks, 1);
  LLVMBasicBlockRef *stack = malloc(f->nblocks * sizeof *stack);
  if (!seen || !stack) abort();
  uint32_t sp = 0;
  int found = 0;
  stack[sp++] = b;
  while (sp && !found) {
    LLVMValueRef term = LLVMGetBasicBlockTerminator(stack[--sp]);
    unsigned ns = term ? LLVMGetNumSuccessors(term) : 0;
    for (unsigned k = 0; k < ns; k++) {
      LLVMBasicBlockRef s = LLVMGetSuccessor(term, k);
      if (s == b) { found = 1; break; }
      uint32_t id = lw_block_of(f, s);
      if (s == h || seen[id]) continue;
      seen[id] = 1;
      stack[sp++] = s;
    }
  }
  free(seen);
  free(stack);
  return found;
}

/* Whether phi p (of block h) may share x's register, x being p's value from block b: p is read
 * nowhere x's early write could be seen.  Allowed readers: instructions of h (h != b: h is entered
 * through an edge, which redefines p), instructions of b up to x, and phis on edges leaving h
 * (h != b). */
static int phi_takes(LLVMValueRef p, LLVMValueRef x, LLVMBasicBlockRef b) {
  LLVMBasicBlockRef h = LLVMGetInstructionParent(p);
  int from_b = 0;
  for (unsigned k = 0; k < LLVMCountIncoming(p); k++) /* a block may appear twice in a phi */
    if (LLVMGetIncomingBlock(p, k) == b) {
      if (LLVMGetIncomingValue(p, k) != x) return 0;
      from_b = 1;
    }
  if (!from_b) return 0;
  for (LLVMUseRef pu = LLVMGetFirstUse(p); pu; pu = LLVMGetNextUse(pu)) {
    LLVMValueRef user = LLVMGetUser(pu);
    if (!LLVMIsAInstruction(user)) return 0;
    /* an address may be computed where it is used, later than its GEP (lw_address) */
    if (LLVMGetInstructionOpcode(user) == LLVMGetElementPtr) return 0;
    if (LLVMIsAPHINode(user)) {
      for (unsigned k = 0; k < LLVMCountIncoming(user); k++)
        if (LLVMGetIncomingValue(user, k) == p && (LLVMGetIncomingBlock(user, k) != h || h == b)) return 0;
      continue;
    }
    LLVMBasicBlockRef ub = LLVMGetInstructionParent(user);
    if (ub == h && h != b) continue;
    if (ub != b) return 0;
    int before = 0; /* user at or before x in b */
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
      if (i == user) before = 1;
      if (i == x) break;
    }
    if (!before) return 0;
  }
  return 1;
}

/* Instructions whose lowering reads all operands before it writes its one scalar result. */
static int writes_last(LLVMValueRef x) {
  switch (LLVMGetInstructionOpcode(x)) {
  case LLVMAdd: case LLVMSub: case LLVMMul: case LLVMUDiv: case LLVMSDiv: case LLVMURem: case LLVMSRem:
  case LLVMShl: case LLVMLShr: case LLVMAShr: case LLVMAnd: case LLVMOr: case LLVMXor: case LLVMFAdd:
  case LLVMFSub: case LLVMFMul: case LLVMFDiv: case LLVMFRem: case LLVMFNeg: case LLVMICmp: case LLVMFCmp:
  case LLVMTrunc: case LLVMSExt: case LLVMFPTrunc: case LLVMFPExt: case LLVMFPToSI: case LLVMFPToUI:
  case LLVMSIToFP: case LLVMUIToFP: case LLVMSelect: case LLVMLoad:
    break;
  case LLVMCall: { /* intrinsics and contract calls lower to one op per element (lower_call.c) */
    LLVMValueRef callee = LLVMGetCalledValue(x);
    size_t len;
    const char *name = LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, &len) : NULL;
    if (!name || !LLVMIsDeclaration(callee) || !strncmp(name, "llvm.vector.reduce", 18) ||
        (strncmp(name, "llvm.", 5) && !strstr(name, "__vgpu_math_") && !strstr(name, "__vgpu_wi_")))
      return 0;
    break;
  }
  default:
    return 0;
  }
  return lw_leaves(LLVMTypeOf(x)) == 1 && LLVMGetTypeKind(LLVMTypeOf(x)) != LLVMVectorTypeKind;
}

/* The phi that x may write directly, or NULL.  The phi P (block H) takes x from x's block B and
 * passes phi_takes, and every path from B back to B passes through H, which redefines P.  P's
 * register then holds x from x's definition on, except between an entry into H from another
 * block and the next execution of x: so x may be read in B after itself or on edges leaving B
 * wherever H is; and anywhere at all when H is B (a one-block loop), since that window closes
 * inside B, before x. */
static LLVMValueRef coalesce_target(struct lw_fn *f, LLVMValueRef x) {
  if (LLVMIsATerminatorInst(x) || !writes_last(x)) return NULL;
  LLVMBasicBlockRef b = LLVMGetInstructionParent(x);
  int local = 1; /* read only in B after itself or on edges leaving B */
  for (LLVMUseRef u = LLVMGetFirstUse(x); u && local; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (!LLVMIsAInstruction(user)) return NULL;
    if (LLVMIsAPHINode(user)) {
      for (unsigned k = 0; k < LLVMCountIncoming(user); k++)
        if (LLVMGetIncomingValue(user, k) == x && LLVMGetIncomingBlock(user, k) != b) local = 0;
    } else if (LLVMGetInstructionParent(user) != b) {
      local = 0;
    }
  }
  /* loop phis first (their block is B or comes before it): those are the back-edge moves */
  for (int pass = 0; pass < 2; pass++)
    for (LLVMUseRef u = LLVMGetFirstUse(x); u; u = LLVMGetNextUse(u)) {
      LLVMValueRef user = LLVMGetUser(u);
      if (!LLVMIsAPHINode(user)) continue;
      LLVMBasicBlockRef h = LLVMGetInstructionParent(user);
      if (!local && h != b) continue;
      int header = h == b;
      for (LLVMBasicBlockRef i = LLVMGetPreviousBasicBlock(b); i && !header; i = LLVMGetPreviousBasicBlock(i))
        header = i == h;
      if (header != !pass) continue;
      if (phi_takes(user, x, b) && !cycle_avoiding(f, b, h)) return user;
    }
  return NULL;
}

void lw_coalesce_phis(struct lw_fn *f) {
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f->fn); bb; bb = LLVMGetNextBasicBlock(bb))
    for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) {
      if (lw_map_get(&f->values, in, 0)) continue;
      LLVMValueRef phi = coalesce_target(f, in);
      if (!phi) continue;
      uint32_t r = lw_def(f, phi); /* a phi register: marked multi-def, so nothing aliases it */
      struct lw_map_entry *e = lw_map_get(&f->values, in, 1);
      e->reg = r;
      e->n = 1;
    }
}
