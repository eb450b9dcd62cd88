// debug_vars.cpp - the debug-variable locations of an instruction (debug_vars.h).  C++ only
// because LLVM 19 keeps variable locations in debug records, which its C API does not expose.
#include "compiler/debug_vars.h"

#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/DebugProgramInstruction.h>
#include <llvm/IR/Instruction.h>
#include <llvm/IR/IntrinsicInst.h>

#include "vir/vir.h"

using namespace llvm;

// The printable scalar a variable's type is (typedefs and qualifiers stripped), or false.
static bool scalar_type(DIType *t, unsigned *enc, unsigned *size) {
  while (auto *d = dyn_cast_or_null<DIDerivedType>(t)) {
    unsigned tag = d->getTag();
    if (tag == dwarf::DW_TAG_pointer_type) { *enc = VIR_VENC_PTR; *size = 8; return true; }
    if (tag != dwarf::DW_TAG_typedef && tag != dwarf::DW_TAG_const_type && tag != dwarf::DW_TAG_volatile_type &&
        tag != dwarf::DW_TAG_restrict_type)
      return false;
    t = d->getBaseType();
  }
  auto *b = dyn_cast_or_null<DIBasicType>(t);
  if (!b) return false;
  switch (b->getEncoding()) {
  case dwarf::DW_ATE_signed: case dwarf::DW_ATE_signed_char: *enc = VIR_VENC_SIGNED; break;
  case dwarf::DW_ATE_unsigned: case dwarf::DW_ATE_unsigned_char: *enc = VIR_VENC_UNSIGNED; break;
  case dwarf::DW_ATE_float: *enc = VIR_VENC_FLOAT; break;
  case dwarf::DW_ATE_boolean: *enc = VIR_VENC_BOOL; break;
  default: return false;
  }
  *size = (unsigned)(b->getSizeInBits() / 8);
  return *size == 1 || *size == 2 || *size == 4 || *size == 8;
}

// An expression that only names the variable's address space (Clang's SPIR targets write
// DW_OP_constu AS, DW_OP_swap, DW_OP_xderef on every variable) says the same as an empty one.
static bool plain(DIExpression *e) {
  if (!e || e->getNumElements() == 0) return true;
  ArrayRef<uint64_t> x = e->getElements();
  return x.size() == 4 && x[0] == dwarf::DW_OP_constu && x[2] == dwarf::DW_OP_swap && x[3] == dwarf::DW_OP_xderef;
}

static bool describe(Value *v, DILocalVariable *var, DIExpression *expr, bool declare, lw_dbg_loc *o) {
  if (!var || !plain(expr)) return false;
  unsigned enc, size;
  if (!scalar_type(var->getType(), &enc, &size)) return false;
  if (!v || isa<UndefValue>(v)) v = nullptr; // the optimiser ended the variable's known value here
  DISubprogram *sp = var->getScope() ? var->getScope()->getSubprogram() : nullptr;
  o->value = v ? wrap(v) : nullptr;
  o->var = var;
  o->name = var->getName().data(); // MDString data is NUL-terminated
  o->scope = sp ? sp->getName().data() : "";
  o->line = var->getLine();
  o->kind = declare ? VIR_VAR_MEM : VIR_VAR_REG;
  o->enc = enc;
  o->size = size;
  return true;
}

extern "C" unsigned lw_dbg_locs(LLVMValueRef inst, lw_dbg_loc *out, unsigned max) {
  auto *I = dyn_cast<Instruction>(unwrap(inst));
  unsigned n = 0;
  if (!I) return 0;
  for (DbgVariableRecord &r : filterDbgVars(I->getDbgRecordRange())) {
    if (n == max) break;
    if (r.hasArgList() || !(r.isDbgValue() || r.isDbgDeclare())) continue;
    if (describe(r.getVariableLocationOp(0), r.getVariable(), r.getExpression(), r.isDbgDeclare(), &out[n])) n++;
  }
  if (auto *d = dyn_cast<DbgVariableIntrinsic>(I); d && n < max && !d->hasArgList() &&
      (isa<DbgValueInst>(d) || isa<DbgDeclareInst>(d)))
    if (describe(d->getVariableLocationOp(0), d->getVariable(), d->getExpression(), isa<DbgDeclareInst>(d), &out[n])) n++;
  return n;
}
