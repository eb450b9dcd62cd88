/* lower_util.c - the lowering's small machinery: hash maps, instruction emission, virtual
 * registers, constants, type layout, canonical narrow integers, errors with source lines. */
#include <llvm-c/DebugInfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/lower.h"
#include "compiler/lower_wide.h"

static uint32_t hash_ptr(const void *p) {
  uint64_t x = (uint64_t)(uintptr_t)p;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return (uint32_t)x;
}

struct lw_map_entry *lw_map_get(struct lw_map *m, const void *key, int create) {
  if (create && (m->count + 1) * 2 > m->cap) {
    uint32_t ncap = m->cap ? m->cap * 2 : 64;
    struct lw_map_entry *ne = calloc(ncap, sizeof *ne);
    if (!ne) abort();
    for (uint32_t i = 0; i < m->cap; i++) {
      if (!m->e[i].used) continue;
      uint32_t j = hash_ptr(m->e[i].key) & (ncap - 1);
      while (ne[j].used) j = (j + 1) & (ncap - 1);
      ne[j] = m->e[i];
    }
    free(m->e);
    m->e = ne;
    m->cap = ncap;
  }
  if (!m->cap) return NULL;
  uint32_t j = hash_ptr(key) & (m->cap - 1);
  while (m->e[j].used) {
    if (m->e[j].key == key) return &m->e[j];
    j = (j + 1) & (m->cap - 1);
  }
  if (!create) return NULL;
  m->e[j].used = 1;
  m->e[j].key = key;
  m->count++;
  return &m->e[j];
}

void lw_map_free(struct lw_map *m) {
  free(m->e);
  memset(m, 0, sizeof *m);
}

uint32_t lw_emit(struct lw_fn *f, int op, unsigned mod, unsigned size, uint32_t d, uint32_t a,
                 uint32_t b, uint32_t c) {
  struct lw_block *bl = &f->blocks[f->cur];
  bl->insns = vgpu_grow(bl->insns, sizeof *bl->insns, &bl->cap, (uint64_t)bl->n + 1);
  struct vir_insn *in = &bl->insns[bl->n];
  in->op = (uint8_t)op;
  in->mod = (uint8_t)mod;
  in->size = (uint8_t)size;
  in->sem = 0;
  in->dst = d;
  in->a = a;
  in->b = b;
  in->c = c;
  in->line = f->line;
  return bl->n++;
}

uint32_t lw_new_block(struct lw_fn *f, LLVMBasicBlockRef bb) {
  f->blocks = vgpu_grow(f->blocks, sizeof *f->blocks, &f->cap_blocks, (uint64_t)f->nblocks + 1);
  memset(&f->blocks[f->nblocks], 0, sizeof f->blocks[0]);
  f->blocks[f->nblocks].bb = bb;
  return f->nblocks++;
}

uint32_t lw_block_of(struct lw_fn *f, LLVMBasicBlockRef bb) {
  struct lw_map_entry *e = lw_map_get(&f->blockmap, bb, 0);
  return e ? e->reg : 0;
}

uint32_t lw_vreg(struct lw_fn *f, uint32_t n) {
  uint32_t r = f->nvregs;
  if ((uint64_t)f->nvregs + n >= LW_CONST) abort();
  f->nvregs += n;
  return r;
}

uint32_t lw_const(struct lw_fn *f, uint64_t bits) {
  /* The pool is deduplicated by value: the key is the bit pattern, shifted out of NULL's way. */
  struct lw_map_entry *e = lw_map_get(&f->constmap, (const void *)(uintptr_t)(bits + 0x9E3779B97F4A7C15ull), 1);
  if (e->n) return LW_CONST | e->reg;
  f->consts = vgpu_grow(f->consts, sizeof *f->consts, &f->cap_consts, (uint64_t)f->nconsts + 1);
  f->consts[f->nconsts] = bits;
  e->reg = f->nconsts++;
  e->n = 1;
  return LW_CONST | e->reg;
}

int lw_fail(struct lw_fn *f, const char *fmt, ...) {
  struct vgpu_strbuf *log = f->mod->log;
  if (f->failed > 20) return -1; /* enough: the first errors are what matters */
  char name[256];
  size_t len;
  const char *fname = LLVMGetValueName2(f->fn, &len);
  snprintf(name, sizeof name, "%.*s", (int)len, fname);
  unsigned line = f->inst ? lw_line_of(f, f->inst) : 0;
  if (!line && LLVMGetSubprogram(f->fn)) line = LLVMDISubprogramGetLine(LLVMGetSubprogram(f->fn)); /* the kernel's */
  if (line)
    vgpu_strbuf_printf(log, "%s:%u: error: ", f->mod->main_file, line);
  else
    vgpu_strbuf_printf(log, "%s: error: ", f->mod->main_file);
  va_list ap;
  va_start(ap, fmt);
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  vgpu_strbuf_printf(log, "%s (in kernel '%s')\n", msg, name);
  f->failed++;
  return -1;
}

/* The line in the user's source: after inlining, the innermost location in the main file (a
 * helper's own line, not the call site in the kernel), else the outermost call site. */
unsigned lw_line_of(struct lw_fn *f, LLVMValueRef inst) {
  LLVMMetadataRef loc = LLVMInstructionGetDebugLoc(inst);
  unsigned outer = 0;
  while (loc) {
    unsigned line = LLVMDILocationGetLine(loc);
    LLVMMetadataRef scope = LLVMDILocationGetScope(loc);
    LLVMMetadataRef file = scope ? LLVMDIScopeGetFile(scope) : NULL;
    if (file && f->mod->main_file) {
      unsigned flen;
      const char *fn = LLVMDIFileGetFilename(file, &flen);
      size_t ml = strlen(f->mod->main_file);
      if (fn && flen == ml && !memcmp(fn, f->mod->main_file, ml) && line) return line;
    }
    if (line) outer = line;
    loc = LLVMDILocationGetInlinedAt(loc);
  }
  return outer;
}

uint32_t lw_leaves(LLVMTypeRef t) {
  switch (LLVMGetTypeKind(t)) {
  case LLVMVectorTypeKind: return LLVMGetVectorSize(t);
  case LLVMArrayTypeKind: return (uint32_t)LLVMGetArrayLength2(t) * lw_leaves(LLVMGetElementType(t));
  case LLVMStructTypeKind: {
    uint32_t n = 0, k = LLVMCountStructElementTypes(t);
    for (uint32_t i = 0; i < k; i++) n += lw_leaves(LLVMStructGetTypeAtIndex(t, i));
    return n;
  }
  case LLVMVoidTypeKind: return 0;
  case LLVMIntegerTypeKind: return (LLVMGetIntTypeWidth(t) + 63) / 64; /* wide ones: limbs */
  default: return 1;
  }
}

LLVMTypeRef lw_leaf(struct lw_module *m, LLVMTypeRef t, uint32_t i, uint64_t *offset) {
  for (;;) {
    switch (LLVMGetTypeKind(t)) {
    case LLVMVectorTypeKind: {
      LLVMTypeRef e = LLVMGetElementType(t);
      *offset += (uint64_t)i * LLVMABISizeOfType(m->td, e);
      return e;
    }
    case LLVMArrayTypeKind: {
      LLVMTypeRef e = LLVMGetElementType(t);
      uint32_t per = lw_leaves(e);
      *offset += (uint64_t)(i / per) * LLVMABISizeOfType(m->td, e);
      i %= per;
      t = e;
      continue;
    }
    case LLVMStructTypeKind: {
      uint32_t k = LLVMCountStructElementTypes(t);
      for (uint32_t j = 0; j < k; j++) {
        LLVMTypeRef e = LLVMStructGetTypeAtIndex(t, j);
        uint32_t per = lw_leaves(e);
        if (i < per) {
          *offset += LLVMOffsetOfElement(m->td, t, j);
          t = e;
          break;
        }
        i -= per;
      }
      continue;
    }
    case LLVMIntegerTypeKind: { /* limb i of a wide integer (lower_wide.c): its remaining bits */
      unsigned w = LLVMGetIntTypeWidth(t);
      if (w <= 64) return t;
      *offset += 8ull * i;
      unsigned rest = w - 64 * i;
      return LLVMIntTypeInContext(LLVMGetTypeContext(t), rest < 64 ? rest : 64);
    }
    default: return t;
    }
  }
}

int lw_vir_type(LLVMTypeRef t) {
  switch (LLVMGetTypeKind(t)) {
  case LLVMIntegerTypeKind:
    switch (LLVMGetIntTypeWidth(t)) {
    case 1: return VIR_T_I1;
    case 8: return VIR_T_I8;
    case 16: return VIR_T_I16;
    case 32: return VIR_T_I32;
    case 64: return VIR_T_I64;
    default: return -1;
    }
  case LLVMHalfTypeKind: return VIR_T_F16;
  case LLVMFloatTypeKind: return VIR_T_F32;
  case LLVMDoubleTypeKind: return VIR_T_F64;
  case LLVMPointerTypeKind: return VIR_T_PTR;
  case LLVMTargetExtTypeKind: return VIR_T_I64; /* image (descriptor address) or sampler (bits) */
  default: return -1;
  }
}

unsigned lw_scalar_bytes(LLVMTypeRef t) {
  switch (lw_vir_type(t)) {
  case VIR_T_I1: case VIR_T_I8: return 1;
  case VIR_T_I16: case VIR_T_F16: return 2;
  case VIR_T_I32: case VIR_T_F32: return 4;
  case VIR_T_I64: case VIR_T_F64: case VIR_T_PTR: return 8;
  default: return 0;
  }
}

void lw_normalize(struct lw_fn *f, uint32_t dst, uint32_t src, unsigned w) {
  if (w == 8 || w == 16 || w == 32)
    lw_emit(f, VIR_MASK, 0, w / 8, dst, src, VIR_NOREG, VIR_NOREG);
  else if (w >= 64)
    lw_emit(f, VIR_MOV, 0, 0, dst, src, VIR_NOREG, VIR_NOREG);
  else
    lw_emit(f, VIR_AND, 0, 0, dst, src, lw_const(f, (1ull << w) - 1), VIR_NOREG);
}

void lw_sext(struct lw_fn *f, uint32_t dst, uint32_t src, unsigned w, unsigned to) {
  if (w >= to) {
    lw_emit(f, VIR_MOV, 0, 0, dst, src, VIR_NOREG, VIR_NOREG);
  } else if (w == 8 || w == 16 || w == 32) {
    lw_emit(f, VIR_SEXT, to / 8, w / 8, dst, src, VIR_NOREG, VIR_NOREG);
  } else { /* odd widths (i1, and what the optimiser makes): shift up, shift back arithmetically */
    uint32_t t = lw_vreg(f, 1);
    uint32_t sh = lw_const(f, 64 - w);
    lw_emit(f, VIR_SHL_I64, 0, 0, t, src, sh, VIR_NOREG);
    lw_emit(f, VIR_ASHR_I64, 0, 0, to == 64 ? dst : t, t, sh, VIR_NOREG);
    if (to != 64) lw_normalize(f, dst, t, to);
  }
}

static void put_bytes(uint8_t *p, uint64_t v, unsigned n) {
  for (unsigned i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint16_t f32_to_f16(float x) {
  /* round to nearest even, as the hardware conversion does */
  uint32_t b;
  memcpy(&b, &x, 4);
  uint32_t sign = (b >> 16) & 0x8000, exp = (b >> 23) & 0xff, man = b & 0x7fffff;
  if (exp == 0xff) return (uint16_t)(sign | 0x7c00 | (man ? 0x200 | (man >> 13) : 0));
  int e = (int)exp - 127 + 15;
  if (e >= 31) return (uint16_t)(sign | 0x7c00);
  if (e <= 0) {
    if (e < -10) return (uint16_t)sign;
    man |= 0x800000;
    unsigned shift = (unsigned)(14 - e);
    uint32_t h = man >> shift, rem = man & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) h++;
    return (uint16_t)(sign | h);
  }
  uint32_t h = ((uint32_t)e << 10) | (man >> 13), rem = man & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) h++;
  return (uint16_t)(sign | h);
}

/* Bits of a scalar constant in canonical register form; -1 if it is not a plain constant. */
static int scalar_const_bits(LLVMValueRef c, uint64_t *bits) {
  LLVMTypeRef t = LLVMTypeOf(c);
  /* a target extension type's only constant, its null (CLK_NULL_QUEUE: `target("spirv.Queue") zeroinitializer`) */
  int target_none = LLVMGetTypeKind(t) == LLVMTargetExtTypeKind && !LLVMIsAConstantExpr(c);
  if (LLVMIsUndef(c) || LLVMIsPoison(c) || LLVMIsAConstantAggregateZero(c) || LLVMIsAConstantPointerNull(c) ||
      target_none) {
    *bits = 0;
    return 0;
  }
  if (LLVMIsAConstantInt(c)) {
    unsigned w = LLVMGetIntTypeWidth(t);
    if (w > 64) return -1; /* limb by limb: lw_wide_const_limb */
    uint64_t v = LLVMConstIntGetZExtValue(c);
    *bits = w >= 64 ? v : v & ((1ull << w) - 1);
    return 0;
  }
  if (LLVMIsAConstantFP(c)) {
    LLVMBool lost;
    double d = LLVMConstRealGetDouble(c, &lost);
    switch (LLVMGetTypeKind(t)) {
    case LLVMDoubleTypeKind: memcpy(bits, &d, 8); return 0;
    case LLVMFloatTypeKind: { float x = (float)d; uint32_t u; memcpy(&u, &x, 4); *bits = u; return 0; }
    case LLVMHalfTypeKind: *bits = f32_to_f16((float)d); return 0;
    default: return -1;
    }
  }
  return -1;
}

static uint32_t data_offset(struct lw_fn *f, LLVMValueRef g);

/* The address constant c as (program-scope variable or function, byte offset): the variable, a
 * constant GEP into it, or a cast of either.  Returns 0, or -1 for anything else. */
static int const_address(struct lw_fn *f, LLVMValueRef c, LLVMValueRef *g, uint64_t *off) {
  if (LLVMIsAGlobalVariable(c) || LLVMIsAFunction(c)) {
    *g = c;
    *off = 0;
    return 0;
  }
  if (!LLVMIsAConstantExpr(c)) return -1;
  LLVMOpcode op = LLVMGetConstOpcode(c);
  if (op == LLVMAddrSpaceCast || op == LLVMBitCast) return const_address(f, LLVMGetOperand(c, 0), g, off);
  if (op != LLVMGetElementPtr || const_address(f, LLVMGetOperand(c, 0), g, off)) return -1;
  LLVMTypeRef t = LLVMGetGEPSourceElementType(c);
  unsigned n = (unsigned)LLVMGetNumOperands(c);
  for (unsigned i = 1; i < n; i++) {
    LLVMValueRef idx = LLVMGetOperand(c, i);
    if (!LLVMIsAConstantInt(idx)) return -1;
    int64_t v = LLVMConstIntGetSExtValue(idx);
    if (i > 1 && LLVMGetTypeKind(t) == LLVMStructTypeKind) {
      *off += LLVMOffsetOfElement(f->mod->td, t, (unsigned)v);
      t = LLVMStructGetTypeAtIndex(t, (unsigned)v);
      continue;
    }
    if (i > 1) t = LLVMGetElementType(t); /* into an array or vector */
    *off += (uint64_t)v * LLVMABISizeOfType(f->mod->td, t);
  }
  return 0;
}

/* Writes constant c of type t at data offset off (a program-scope variable's initial image).  The
 * image is read through f->mod->vb.data each time: an address initialiser may place another
 * variable, which can move it. */
static int write_init(struct lw_fn *f, uint64_t off, LLVMValueRef c) {
  LLVMTypeRef t = LLVMTypeOf(c);
  uint64_t bits;
  struct vir_builder *vb = &f->mod->vb;
  if (LLVMIsAConstantInt(c) && LLVMGetIntTypeWidth(t) > 64) {
    unsigned bytes = (LLVMGetIntTypeWidth(t) + 7) / 8;
    for (uint32_t k = 0; 8 * k < bytes; k++) {
      if (lw_wide_const_limb(c, k, &bits)) return lw_fail(f, "unsupported initialiser of a program-scope variable");
      put_bytes(vb->data + off + 8 * k, bits, bytes - 8 * k < 8 ? bytes - 8 * k : 8);
    }
    return 0;
  }
  if (scalar_const_bits(c, &bits) == 0) {
    if (LLVMGetTypeKind(t) == LLVMStructTypeKind || LLVMGetTypeKind(t) == LLVMArrayTypeKind ||
        LLVMGetTypeKind(t) == LLVMVectorTypeKind)
      return 0; /* zero aggregate: the image is already zero */
    put_bytes(vb->data + off, bits, lw_scalar_bytes(t) ? lw_scalar_bytes(t) : (unsigned)LLVMABISizeOfType(f->mod->td, t));
    return 0;
  }
  LLVMTypeKind k = LLVMGetTypeKind(t);
  if (k == LLVMArrayTypeKind || k == LLVMVectorTypeKind || k == LLVMStructTypeKind) {
    if (LLVMIsAConstantDataSequential(c) && LLVMGetTypeKind(LLVMGetElementType(t)) == LLVMIntegerTypeKind &&
        LLVMGetIntTypeWidth(LLVMGetElementType(t)) == 8) {
      size_t len;
      const char *str = LLVMGetAsString(c, &len);
      memcpy(vb->data + off, str, len);
      return 0;
    }
    unsigned n = k == LLVMStructTypeKind ? LLVMCountStructElementTypes(t)
               : k == LLVMArrayTypeKind ? (unsigned)LLVMGetArrayLength2(t) : LLVMGetVectorSize(t);
    for (unsigned i = 0; i < n; i++) {
      LLVMValueRef e = LLVMGetAggregateElement(c, i);
      if (!e) return lw_fail(f, "unsupported initialiser of a program-scope variable");
      uint64_t eo = k == LLVMStructTypeKind ? LLVMOffsetOfElement(f->mod->td, t, i)
                                            : i * LLVMABISizeOfType(f->mod->td, LLVMTypeOf(e));
      if (write_init(f, off + eo, e)) return -1;
    }
    return 0;
  }
  /* A pointer to a program-scope variable (OpenCL C 3.0 s6.8: `global int *p = &x;`): the
   * target's data offset plus the runtime's relocation when the image is loaded (vir.h). */
  LLVMValueRef g;
  uint64_t goff;
  if (k == LLVMPointerTypeKind && const_address(f, c, &g, &goff) == 0 && off % 8 == 0) {
    if (LLVMIsAFunction(g)) { /* a global block literal's invoke function: its kernel's id */
      put_bytes(vb->data + off, lw_block_kernel_id(f, g), 8);
      return 0;
    }
    unsigned as = LLVMGetPointerAddressSpace(LLVMTypeOf(g));
    if (LLVMIsDeclaration(g)) return lw_fail(f, "a program-scope pointer initialised with the address of an undefined variable");
    if (as != VIR_AS_GLOBAL && as != VIR_AS_CONSTANT)
      return lw_fail(f, "a program-scope pointer initialised with the address of a variable in address space %u", as);
    uint64_t target = data_offset(f, g);
    put_bytes(vb->data + off, target + goff, 8);
    vir_builder_reloc(vb, (uint32_t)off);
    return 0;
  }
  return lw_fail(f, "program-scope variables initialised with this kind of address are not supported");
}

/* The data segment offset of a __global or __constant program-scope variable, placed (and its
 * initial value written) the first time any kernel or initialiser needs it. */
static uint32_t data_offset(struct lw_fn *f, LLVMValueRef g) {
  struct lw_module *m = f->mod;
  struct lw_map_entry *d = lw_map_get(&m->data_globals, g, 1);
  if (d->n) return d->reg;
  LLVMTypeRef vt = LLVMGlobalGetValueType(g);
  uint64_t size = LLVMABISizeOfType(m->td, vt), align = LLVMABIAlignmentOfType(m->td, vt);
  if (LLVMGetAlignment(g) > align) align = LLVMGetAlignment(g);
  if (size > 0x7FFFFFFFull) {
    lw_fail(f, "program-scope variable too large");
    size = 0;
  }
  uint32_t off = vir_builder_data(&m->vb, size, align);
  d->reg = off; /* before the initialiser, which may point back at this variable */
  d->n = 1;
  LLVMValueRef init = LLVMGetInitializer(g);
  if (init) write_init(f, off, init);
  return off;
}

/* Register holding the address of a global variable: __local ones get a static offset in this
 * kernel's local memory (LADDR); the others live in the program's data segment (GADDR).  The
 * address is materialised once, in the prologue block that precedes the kernel's entry. */
uint32_t lw_global_addr(struct lw_fn *f, LLVMValueRef g) {
  struct lw_map_entry *e = lw_map_get(&f->values, g, 0);
  if (e) return e->reg;
  struct lw_module *m = f->mod;
  LLVMTypeRef vt = LLVMGlobalGetValueType(g);
  uint64_t size = LLVMABISizeOfType(m->td, vt), align = LLVMABIAlignmentOfType(m->td, vt);
  unsigned as = LLVMGetPointerAddressSpace(LLVMTypeOf(g));
  if (LLVMGetAlignment(g) > align) align = LLVMGetAlignment(g);
  uint32_t r = lw_vreg(f, 1);
  uint32_t saved = f->cur, saved_line = f->line;
  f->cur = 0;
  f->line = 0;
  if (as == VIR_AS_LOCAL) {
    uint64_t off = (f->local_size + align - 1) / align * align;
    f->local_size = off + size;
    if (f->local_size > 0xFFFFFFFFull) lw_fail(f, "__local variables too large");
    lw_emit(f, VIR_LADDR, 0, 0, r, (uint32_t)off, VIR_NOREG, VIR_NOREG);
  } else if ((as == VIR_AS_GLOBAL || as == VIR_AS_CONSTANT) && LLVMIsDeclaration(g)) {
    size_t len;
    const char *name = LLVMGetValueName2(g, &len);
    lw_fail(f, "undefined program-scope variable '%.*s' (declared extern, defined in no linked program)", (int)len, name);
  } else if (as == VIR_AS_GLOBAL || as == VIR_AS_CONSTANT) {
    lw_emit(f, VIR_GADDR, 0, 0, r, data_offset(f, g), VIR_NOREG, VIR_NOREG);
  } else {
    lw_fail(f, "variable in address space %u is not supported", as);
  }
  f->cur = saved;
  f->line = saved_line;
  e = lw_map_get(&f->values, g, 1);
  e->reg = r;
  e->n = 1;
  return r;
}

/* A constant expression (address arithmetic on globals, casts) is lowered once, in the prologue. */
static uint32_t const_expr(struct lw_fn *f, LLVMValueRef ce) {
  struct lw_map_entry *e = lw_map_get(&f->values, ce, 0);
  if (e) return e->reg;
  uint32_t saved = f->cur, saved_line = f->line;
  LLVMValueRef saved_inst = f->inst;
  /* Operands first (they may themselves go to the prologue). */
  unsigned nops = (unsigned)LLVMGetNumOperands(ce);
  for (unsigned i = 0; i < nops; i++) {
    LLVMValueRef op = LLVMGetOperand(ce, i);
    if (!LLVMIsAConstantInt(op)) lw_elem(f, op, 0);
  }
  f->cur = 0;
  f->line = 0;
  f->inst = NULL; /* a constant has no source line */
  uint32_t r = lw_def(f, ce);
  f->lower_const_expr(f, ce);
  f->cur = saved;
  f->line = saved_line;
  f->inst = saved_inst;
  return r;
}

/* Phi registers are written on every incoming edge: never shared with another value. */
void lw_mark_multidef(struct lw_fn *f, uint32_t reg, uint32_t n) {
  f->multidef = vgpu_grow(f->multidef, 1, &f->cap_multidef, f->nvregs);
  memset(f->multidef + reg, 1, n);
}

/* A function's address is only ever a block's, stored in its block literal or handed to
 * enqueue_kernel (OpenCL C forbids function pointers otherwise): it becomes the id of the kernel
 * Clang made for the block (__X_block_invoke_kernel for __X_block_invoke, or the function itself
 * when it is a kernel), its index in the module's kernel table + 1, which the runtime maps back
 * to the kernel when it runs what a kernel enqueued (runtime/device_queue.c).  0: no kernel. */
uint64_t lw_block_kernel_id(struct lw_fn *f, LLVMValueRef fn) {
  size_t len;
  const char *name = LLVMGetValueName2(fn, &len);
  char want[512];
  int is_kernel = LLVMGetFunctionCallConv(fn) == LLVMSPIRKERNELCallConv;
  snprintf(want, sizeof want, "%.*s%s", (int)len, name, is_kernel ? "" : "_kernel");
  uint64_t index = 0;
  for (LLVMValueRef g = LLVMGetFirstFunction(f->mod->m); g; g = LLVMGetNextFunction(g)) {
    if (LLVMGetFunctionCallConv(g) != LLVMSPIRKERNELCallConv || LLVMIsDeclaration(g)) continue;
    index++;
    if (!strcmp(LLVMGetValueName2(g, &len), want)) return index;
  }
  return 0;
}

uint32_t lw_elem(struct lw_fn *f, LLVMValueRef v, uint32_t i) {
  uint64_t bits;
  if (LLVMIsConstant(v) && !LLVMIsAGlobalValue(v) && !LLVMIsAConstantExpr(v)) {
    if (scalar_const_bits(v, &bits) == 0) return lw_const(f, bits);
    if (LLVMIsAConstantInt(v) && lw_wide_const_limb(v, i, &bits) == 0) return lw_const(f, bits);
    LLVMTypeKind k = LLVMGetTypeKind(LLVMTypeOf(v));
    if (k == LLVMVectorTypeKind || k == LLVMArrayTypeKind || k == LLVMStructTypeKind) {
      /* walk to leaf i */
      LLVMTypeRef t = LLVMTypeOf(v);
      if (k == LLVMVectorTypeKind) return lw_elem(f, LLVMGetAggregateElement(v, i), 0);
      unsigned n = k == LLVMStructTypeKind ? LLVMCountStructElementTypes(t) : (unsigned)LLVMGetArrayLength2(t);
      for (unsigned j = 0; j < n; j++) {
        LLVMValueRef e = LLVMGetAggregateElement(v, j);
        uint32_t per = lw_leaves(LLVMTypeOf(e));
        if (i < per) return lw_elem(f, e, i);
        i -= per;
      }
    }
    lw_fail(f, "unsupported constant");
    return lw_const(f, 0);
  }
  if (LLVMIsAGlobalVariable(v)) return lw_global_addr(f, v);
  if (LLVMIsAFunction(v)) return lw_const(f, lw_block_kernel_id(f, v));
  if (LLVMIsAConstantExpr(v)) return const_expr(f, v) + i;
  if (LLVMIsAMDNode(v) || LLVMIsAMDString(v) || LLVMIsAInlineAsm(v)) {
    lw_fail(f, "unsupported operand");
    return lw_const(f, 0);
  }
  struct lw_map_entry *e = lw_map_get(&f->values, v, 1);
  if (!e->n) { /* first reference (possibly before the definition, e.g. a loop's phi input) */
    uint32_t n = lw_leaves(LLVMTypeOf(v));
    e->n = n ? n : 1;
    e->reg = lw_vreg(f, e->n);
    if (LLVMIsAPHINode(v)) lw_mark_multidef(f, e->reg, e->n);
  }
  if (i >= e->n) {
    lw_fail(f, "internal: element %u of a %u-element value", i, e->n);
    return e->reg;
  }
  return e->reg + i;
}

uint32_t lw_value(struct lw_fn *f, LLVMValueRef v, uint32_t *n) {
  *n = lw_leaves(LLVMTypeOf(v));
  return lw_elem(f, v, 0);
}

uint32_t lw_def(struct lw_fn *f, LLVMValueRef inst) {
  struct lw_map_entry *e = lw_map_get(&f->values, inst, 1);
  if (!e->n) {
    uint32_t n = lw_leaves(LLVMTypeOf(inst));
    e->n = n ? n : 1;
    e->reg = lw_vreg(f, e->n);
    if (LLVMIsAPHINode(inst)) lw_mark_multidef(f, e->reg, e->n);
  }
  return e->reg;
}

void lw_alias(struct lw_fn *f, LLVMValueRef inst, uint32_t src) {
  struct lw_map_entry *e = lw_map_get(&f->values, inst, 0);
  int phi_src = !(src & LW_CONST) && src < f->cap_multidef && f->multidef[src];
  if (e || phi_src || LLVMIsAConstantExpr(inst) || lw_leaves(LLVMTypeOf(inst)) != 1) {
    lw_emit(f, VIR_MOV, 0, 0, lw_def(f, inst), src, VIR_NOREG, VIR_NOREG);
    return;
  }
  e = lw_map_get(&f->values, inst, 1);
  e->reg = src; /* a constant register id is fine too: never written */
  e->n = 1;
}

static int all_const_indices(LLVMValueRef gep) {
  unsigned n = (unsigned)LLVMGetNumOperands(gep);
  for (unsigned i = 1; i < n; i++)
    if (!LLVMIsAConstantInt(LLVMGetOperand(gep, i))) return 0;
  return 1;
}

static int is_gep(LLVMValueRef v) {
  return (LLVMIsAInstruction(v) && LLVMGetInstructionOpcode(v) == LLVMGetElementPtr) ||
         (LLVMIsAConstantExpr(v) && LLVMGetConstOpcode(v) == LLVMGetElementPtr);
}

int lw_gep_foldable(LLVMValueRef gep) {
  if (!is_gep(gep) || LLVMGetTypeKind(LLVMTypeOf(gep)) != LLVMPointerTypeKind) return 0;
  if (LLVMIsAConstantExpr(gep)) return all_const_indices(gep);
  for (LLVMUseRef u = LLVMGetFirstUse(gep); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (!LLVMIsAInstruction(user)) return 0;
    LLVMOpcode op = LLVMGetInstructionOpcode(user);
    if (op == LLVMLoad && LLVMGetOrdering(user) == LLVMAtomicOrderingNotAtomic) continue;
    if (op == LLVMStore && LLVMGetOrdering(user) == LLVMAtomicOrderingNotAtomic && LLVMGetOperand(user, 1) == gep &&
        LLVMGetOperand(user, 0) != gep) continue;
    if (op == LLVMGetElementPtr && LLVMGetOperand(user, 0) == gep && lw_gep_foldable(user)) continue;
    return 0;
  }
  /* dynamic indices are recomputed where the address is used: only for scalar indices */
  unsigned n = (unsigned)LLVMGetNumOperands(gep);
  for (unsigned i = 1; i < n; i++)
    if (LLVMGetTypeKind(LLVMTypeOf(LLVMGetOperand(gep, i))) != LLVMIntegerTypeKind) return 0;
  return 1;
}

/* d = op(a, b, c) for address arithmetic, reusing an identical earlier result of this block
 * (the loads of an unrolled loop share their row address; a block's body redefines nothing:
 * phi moves come last). */
static uint32_t addr_op(struct lw_fn *f, int op, unsigned mod, unsigned size, uint32_t a, uint32_t b, uint32_t c) {
  if (f->memo_block != f->cur + 1) { f->memo_block = f->cur + 1; f->nmemo = 0; }
  uint32_t key = (uint32_t)op | mod << 16 | size << 24;
  for (uint32_t i = 0; i < f->nmemo; i++)
    if (f->memo[i].op == key && f->memo[i].a == a && f->memo[i].b == b && f->memo[i].c == c) return f->memo[i].r;
  uint32_t r = lw_vreg(f, 1);
  lw_emit(f, op, mod, size, r, a, b, c);
  uint32_t k = f->nmemo < 64 ? f->nmemo++ : (uint32_t)(r % 64);
  f->memo[k].op = key; f->memo[k].a = a; f->memo[k].b = b; f->memo[k].c = c; f->memo[k].r = r;
  return r;
}

/* base register + constant offset of a foldable GEP: dynamic indices scaled into the base,
 * constant ones summed into *off. */
static uint32_t gep_address(struct lw_fn *f, LLVMValueRef gep, uint32_t base, uint64_t *off) {
  LLVMTypeRef t = LLVMGetGEPSourceElementType(gep);
  unsigned n = (unsigned)LLVMGetNumOperands(gep);
  for (unsigned i = 1; i < n; i++) {
    LLVMValueRef idx = LLVMGetOperand(gep, i);
    uint64_t step;
    if (i == 1) {
      step = LLVMABISizeOfType(f->mod->td, t);
    } else if (LLVMGetTypeKind(t) == LLVMStructTypeKind) {
      unsigned field = (unsigned)LLVMConstIntGetZExtValue(idx);
      *off += LLVMOffsetOfElement(f->mod->td, t, field);
      t = LLVMStructGetTypeAtIndex(t, field);
      continue;
    } else {
      t = LLVMGetElementType(t);
      step = LLVMABISizeOfType(f->mod->td, t);
    }
    if (LLVMIsAConstantInt(idx)) {
      *off += (uint64_t)LLVMConstIntGetSExtValue(idx) * step;
      continue;
    }
    unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(idx));
    uint32_t r = lw_elem(f, idx, 0);
    if (w < 64) { /* GEP indices are signed */
      if (w == 8 || w == 16 || w == 32) r = addr_op(f, VIR_SEXT, 8, w / 8, r, VIR_NOREG, VIR_NOREG);
      else { uint32_t s = lw_vreg(f, 1); lw_sext(f, s, r, w, 64); r = s; }
    }
    base = step == 1 ? addr_op(f, VIR_ADD_I64, 0, 0, base, r, VIR_NOREG)
                     : addr_op(f, VIR_MADI_I64, 0, 0, r, lw_const(f, step), base);
  }
  return base;
}

uint32_t lw_address(struct lw_fn *f, LLVMValueRef ptr, uint64_t *offset) {
  if (!lw_gep_foldable(ptr)) return lw_elem(f, ptr, 0);
  uint32_t base = lw_address(f, LLVMGetOperand(ptr, 0), offset);
  return gep_address(f, ptr, base, offset);
}
