/* lower.h - state shared by the lowering files (LLVM IR -> VIR), internal to compiler/, and the
 * base of the lowering's layers (lower_util.c): lower_module -> lower_function -> kernel_info,
 * lower_insn -> lower_call -> lower_image -> lower_util, each file including only the headers below it.
 *
 * A kernel is lowered into blocks of VIR instructions over virtual registers; then blocks are laid
 * out (lower_function.c), CBRs get their reconvergence pc (postdom.c) and virtual registers become
 * real ones by liveness (regalloc.c).  Inside a block, register fields hold virtual register ids;
 * constants are ids with LW_CONST set (index into the kernel's constant pool); BR/CBR targets are
 * block ids until layout. */
#ifndef VGPU_COMPILER_LOWER_H
#define VGPU_COMPILER_LOWER_H
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <stdint.h>
#include "compiler/options.h"
#include "compiler/strbuf.h"
#include "compiler/vir_builder.h"

#define LW_CONST 0x80000000u

struct lw_block {
  LLVMBasicBlockRef bb;           /* NULL for the prologue and for phi-copy edge blocks */
  struct vir_insn *insns;
  uint32_t n, cap;
  uint32_t pc;                    /* first pc, after layout */
};

struct lw_map_entry { const void *key; uint32_t reg, n; int used; };
struct lw_map { struct lw_map_entry *e; uint32_t cap, count; };

struct lw_module {
  LLVMModuleRef m;
  LLVMContextRef ctx;
  LLVMTargetDataRef td;
  const struct vgpu_options *opts;
  struct vir_builder vb;
  struct lw_map data_globals;     /* program-scope variable -> data segment offset (reg field) */
  const char *main_file;          /* the user's source file name (debug info) */
  struct vgpu_strbuf *log;
  int failed;
};

/* One debug-variable location (-g): from instruction idx of block `block` on, variable `var` is
 * in virtual register reg (or at the address it holds); pcs and real registers come in finish(). */
struct lw_dbg_rec {
  const void *var;
  uint32_t name, scope, line;
  uint8_t kind, enc, size;
  uint32_t block, idx, reg;
  uint32_t pc, end;               /* after layout */
};

struct lw_fn {
  struct lw_module *mod;
  LLVMValueRef fn;
  struct lw_block *blocks;
  uint32_t nblocks, cap_blocks;
  uint32_t *layout;               /* block ids in pc order */
  uint32_t nlayout, cap_layout;
  uint32_t cur;                   /* block being filled */
  struct lw_map values;           /* LLVM value -> first virtual register, element count */
  struct lw_map blockmap;         /* LLVM basic block -> block id */
  struct lw_map localvars;        /* __local variable -> static local offset */
  uint32_t nvregs;
  uint32_t nargregs;              /* virtual registers 0..nargregs-1 are the kernel arguments */
  uint64_t *consts;
  uint32_t nconsts, cap_consts;
  struct lw_map constmap;         /* constant bits (as a fake key) -> pool index */
  uint32_t *extra;                /* printf operand lists: (vreg, vir_type) pairs */
  uint32_t nextra, cap_extra;
  uint64_t private_size, local_size;
  uint64_t img_block;             /* private offset + 1 of the image request block (lower_image.c); 0: none */
  uint32_t flags;
  struct { uint32_t op, a, b, c, r; } memo[64]; /* address arithmetic already done in block memo_block */
  uint32_t nmemo, memo_block;
  uint8_t *multidef;              /* vregs written more than once (phis): never aliased */
  uint32_t cap_multidef;
  uint32_t line;                  /* source line of the instruction being lowered */
  struct lw_dbg_rec *dbg;         /* debug-variable locations, in lowering order (-g) */
  uint32_t ndbg, cap_dbg;
  LLVMValueRef inst;              /* the instruction being lowered (for error messages) */
  /* Lowers a constant expression into the prologue: lw_lower_insn, which lies above this layer
   * (lower_insn.h), set by lower_function.c so that lower_util.c depends on nothing above it. */
  int (*lower_const_expr)(struct lw_fn *f, LLVMValueRef ce);
  int failed;
};

/* lower_util.c: maps, emission, values, types, errors */
struct lw_map_entry *lw_map_get(struct lw_map *m, const void *key, int create);
void lw_map_free(struct lw_map *m);
uint32_t lw_emit(struct lw_fn *f, int op, unsigned mod, unsigned size, uint32_t d, uint32_t a,
                 uint32_t b, uint32_t c);
uint32_t lw_new_block(struct lw_fn *f, LLVMBasicBlockRef bb);
uint32_t lw_block_of(struct lw_fn *f, LLVMBasicBlockRef bb);
uint32_t lw_vreg(struct lw_fn *f, uint32_t n);
uint32_t lw_const(struct lw_fn *f, uint64_t bits);
/* Registers of v: *n elements (scalars 1, vectors their length, aggregates their leaves). */
uint32_t lw_value(struct lw_fn *f, LLVMValueRef v, uint32_t *n);
/* The kernel id (index + 1, 0: none) a function address stands for (device-side enqueue). */
uint64_t lw_block_kernel_id(struct lw_fn *f, LLVMValueRef fn);
/* Register of element i of v (constants are materialised element by element). */
uint32_t lw_elem(struct lw_fn *f, LLVMValueRef v, uint32_t i);
/* The registers an instruction's result is written to. */
uint32_t lw_def(struct lw_fn *f, LLVMValueRef inst);
int lw_fail(struct lw_fn *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
unsigned lw_line_of(struct lw_fn *f, LLVMValueRef inst);
/* Number of scalar leaves of a type. */
uint32_t lw_leaves(LLVMTypeRef t);
/* Scalar leaf i of t: its type and byte offset in memory. */
LLVMTypeRef lw_leaf(struct lw_module *m, LLVMTypeRef t, uint32_t i, uint64_t *offset);
/* VIR value type of a scalar LLVM type (VIR_T_*), -1 if none. */
int lw_vir_type(LLVMTypeRef t);
/* Bytes a scalar occupies in memory (i1: 1). */
unsigned lw_scalar_bytes(LLVMTypeRef t);
/* Canonicalises reg (an integer of w bits computed in 32/64-bit registers) into dst. */
void lw_normalize(struct lw_fn *f, uint32_t dst, uint32_t src, unsigned w);
/* dst = src (an integer of w bits) sign-extended to 32 or 64 bits (canonical in that width). */
void lw_sext(struct lw_fn *f, uint32_t dst, uint32_t src, unsigned w, unsigned to);
uint32_t lw_global_addr(struct lw_fn *f, LLVMValueRef g);
void lw_mark_multidef(struct lw_fn *f, uint32_t reg, uint32_t n);
/* Makes scalar inst share src's register instead of copying (casts that change no bits), when
 * that is safe; otherwise emits a MOV. */
void lw_alias(struct lw_fn *f, LLVMValueRef inst, uint32_t src);
/* Address of ptr as base register + constant offset, folding constant GEPs into the offset. */
uint32_t lw_address(struct lw_fn *f, LLVMValueRef ptr, uint64_t *offset);
/* A GEP whose only users are loads/stores/foldable GEPs: lowered into its users' offsets. */
int lw_gep_foldable(LLVMValueRef gep);

/* coalesce.c: loop-carried values that write their phi's register directly (no back-edge MOV) */
void lw_coalesce_phis(struct lw_fn *f);
/* postdom.c: ipdom[b] for every block of the laid-out kernel (nblocks = exit) */
void lw_postdom(uint32_t nblocks, const uint32_t *succ /* 2 per block, UINT32_MAX = none */,
                uint32_t *ipdom);
/* regalloc.c: renames virtual registers in place; returns the registers used (constants excluded).
 * The ndbg debug locations get their real register too, their [pc, end) clipped to the pcs where
 * that register holds their virtual register (end = pc: the value is nowhere). */
uint32_t lw_regalloc(struct vir_insn *insns, uint32_t n, const uint32_t *block_start, uint32_t nblocks,
                     const uint32_t *succ, uint32_t *extra, uint32_t nvregs, uint32_t nargregs,
                     struct lw_dbg_rec *dbg, uint32_t ndbg);
#endif
