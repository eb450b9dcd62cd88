/* vir_check.c - the validator: the one definition of a well-formed VIR module (vir.h says who
 * runs it).  A module that passes can be decoded and run without any further check of its own
 * structure: every table in the blob, every register operand inside the kernel's registers and
 * none written among its constants, every pc inside the kernel, every mod and size one the op
 * defines.  What a module does at run time (addresses, divisions, loops) is the SM's to check.
 * A corrupt or hostile binary gives an error here, never a wild access later. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vir/vir.h"

static int fail(char *why, size_t why_len, const char *fmt, ...) {
  if (why && why_len) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, why_len, fmt, ap);
    va_end(ap);
  }
  return -1;
}

/* Is [off, off + count * elem) inside the blob and 8-byte aligned? */
static int table_ok(uint64_t size, uint32_t off, uint32_t count, uint64_t elem) {
  return off % 8 == 0 && (uint64_t)off + (uint64_t)count * elem <= size;
}

static int width_ok(unsigned s) { return s == 1 || s == 2 || s == 4 || s == 8; }

/* Operands by their role (vir_formats.def), then what each op requires of mod and size. */
static int check_insn(const struct vir_header *h, const struct vir_kernel *k, const struct vir_insn *in,
                      uint32_t pc, char *why, size_t why_len) {
  const char *kn = vir_string(h, k->name);
  if (in->op >= VIR_NUM_OPS) return fail(why, why_len, "kernel %s pc %u: unknown opcode %u", kn, pc, in->op);
  const char *mn = vir_op_name[in->op];
  const uint32_t n = k->nregs, ni = k->ninsns;
  /* memory semantics: only where an order means something, and a C11 order for what it is */
  if (in->op == VIR_ATOMIC || in->op == VIR_FENCE || in->op == VIR_BARRIER) {
    unsigned o = VIR_SEM_ORDER(in->sem), atom = in->mod & 15;
    if (o > VIR_ORDER_SEQ_CST || VIR_SEM_SCOPE(in->sem) > VIR_SCOPE_ALL_DEVICES ||
        (in->op == VIR_ATOMIC && atom == VIR_ATOM_LOAD && (o == VIR_ORDER_RELEASE || o == VIR_ORDER_ACQ_REL)) ||
        (in->op == VIR_ATOMIC && atom == VIR_ATOM_STORE && (o == VIR_ORDER_ACQUIRE || o == VIR_ORDER_ACQ_REL)))
      return fail(why, why_len, "kernel %s pc %u (%s): bad memory order %u or scope %u", kn, pc, mn, o,
                  VIR_SEM_SCOPE(in->sem));
  } else if (in->sem) {
    return fail(why, why_len, "kernel %s pc %u (%s): memory semantics on an op without any", kn, pc, mn);
  }
  for (unsigned i = 0; i < 4; i++) {
    const uint32_t v = vir_operand_value(in, i);
    const char field = "dabc"[i];
    switch (vir_operand_role(in, i)) {
    case VIR_ROLE_DEF:
      /* constant registers are filled once per launch and then only read */
      if (v >= k->const_reg && v - k->const_reg < k->nconsts)
        return fail(why, why_len, "kernel %s pc %u (%s): writes constant register %u", kn, pc, mn, v);
      /* fall through */
    case VIR_ROLE_USE:
      if (v >= n) return fail(why, why_len, "kernel %s pc %u (%s): register %c = %u out of range (nregs %u)", kn, pc, mn, field, v, n);
      break;
    case VIR_ROLE_PC:
      if (v >= ni) return fail(why, why_len, "kernel %s pc %u (%s): branch target %u out of range", kn, pc, mn, v);
      break;
    case VIR_ROLE_RPC:
      if (v >= ni && v != VIR_PC_EXIT)
        return fail(why, why_len, "kernel %s pc %u (%s): reconvergence pc %u out of range", kn, pc, mn, v);
      break;
    default: break; /* immediates, unused fields; EXTRA/COUNT: PRINTF below */
    }
  }
  switch (in->op) {
  case VIR_ICMP_I32: case VIR_ICMP_I64:
    if (in->mod > VIR_ICMP_SLE) return fail(why, why_len, "kernel %s pc %u: bad icmp predicate %u", kn, pc, in->mod);
    break;
  case VIR_FCMP_F32: case VIR_FCMP_F64:
    if (in->mod > VIR_FCMP_TRUE) return fail(why, why_len, "kernel %s pc %u: bad fcmp predicate %u", kn, pc, in->mod);
    break;
  case VIR_MATH_F32: case VIR_MATH_F64:
    if (in->mod >= VIR_NUM_MATH) return fail(why, why_len, "kernel %s pc %u: bad math function %u", kn, pc, in->mod);
    break;
  case VIR_SEXT:
    if (!width_ok(in->mod)) return fail(why, why_len, "kernel %s pc %u (sext): result width %u", kn, pc, in->mod);
    /* fall through */
  case VIR_MASK: case VIR_CLZ: case VIR_CTZ: case VIR_POPCOUNT: case VIR_BSWAP: case VIR_BITREV:
  case VIR_SMIN: case VIR_SMAX: case VIR_ABS: case VIR_SADDSAT: case VIR_UADDSAT: case VIR_SSUBSAT:
  case VIR_USUBSAT: case VIR_MULHI_S: case VIR_MULHI_U: case VIR_FSHL: case VIR_FSHR:
  case VIR_FPTOSI_F32: case VIR_FPTOUI_F32: case VIR_SITOFP_F32: case VIR_UITOFP_F32:
  case VIR_FPTOSI_F64: case VIR_FPTOUI_F64: case VIR_SITOFP_F64: case VIR_UITOFP_F64:
    if (!width_ok(in->size)) return fail(why, why_len, "kernel %s pc %u (%s): operand width %u", kn, pc, mn, in->size);
    break;
  case VIR_LOAD: case VIR_STORE:
    if (in->mod > VIR_AS_GENERIC || !width_ok(in->size))
      return fail(why, why_len, "kernel %s pc %u (%s): address space %u, width %u", kn, pc, mn, in->mod, in->size);
    break;
  case VIR_ATOMIC:
    if ((in->mod >> 4) > VIR_AS_GENERIC || (in->size != 4 && in->size != 8))
      return fail(why, why_len, "kernel %s pc %u: bad atomic (address space %u, width %u)", kn, pc, in->mod >> 4, in->size);
    break;
  case VIR_MEMCPY: case VIR_MEMSET:
    if ((in->mod & 15) > VIR_AS_GENERIC || (in->mod >> 4) > VIR_AS_GENERIC)
      return fail(why, why_len, "kernel %s pc %u: bad address space", kn, pc);
    break;
  case VIR_LADDR:
    if (in->a > k->local_size) return fail(why, why_len, "kernel %s pc %u: local offset out of range", kn, pc);
    break;
  case VIR_PADDR:
    if (in->a > k->private_size) return fail(why, why_len, "kernel %s pc %u: private offset out of range", kn, pc);
    break;
  case VIR_GADDR:
    if (in->a > h->data_size) return fail(why, why_len, "kernel %s pc %u: data offset out of range", kn, pc);
    break;
  case VIR_WORKITEM:
    if (in->mod > VIR_WI_DEVICE_INFO || in->size > 3)
      return fail(why, why_len, "kernel %s pc %u: bad work-item query %u (dimension %u)", kn, pc, in->mod, in->size);
    break;
  case VIR_SUBGROUP:
    if ((in->mod & 15) >= VIR_SG_NUM_KINDS || (in->mod >> 4) >= VIR_SG_NUM_OPS ||
        (in->size != VIR_T_I32 && in->size != VIR_T_I64 && in->size != VIR_T_F32 && in->size != VIR_T_F64))
      return fail(why, why_len, "kernel %s pc %u: bad sub-group operation %u (type %u)", kn, pc, in->mod, in->size);
    break;
  case VIR_WGROUP: /* the work-group collectives of OpenCL C 3.0 s6.15.15 */
    if ((in->mod & 15) > VIR_SG_ANY || (in->mod >> 4) > VIR_SG_UMAX ||
        (in->size != VIR_T_I32 && in->size != VIR_T_I64 && in->size != VIR_T_F32 && in->size != VIR_T_F64))
      return fail(why, why_len, "kernel %s pc %u: bad work-group operation %u (type %u)", kn, pc, in->mod, in->size);
    break;
  case VIR_IMG_READ: case VIR_IMG_WRITE:
    if ((in->mod & VIR_IMG_KIND) > VIR_IMG_UINT || in->mod > (VIR_IMG_KIND | VIR_IMG_FCOORD) ||
        (in->op == VIR_IMG_WRITE && (in->mod & VIR_IMG_FCOORD)) || in->size < 1 || in->size > 3)
      return fail(why, why_len, "kernel %s pc %u: bad image access (mode %u, %u coordinates)", kn, pc, in->mod, in->size);
    break;
  case VIR_IMG_QUERY:
    if (in->mod >= VIR_IMGQ_NUM) return fail(why, why_len, "kernel %s pc %u: bad image query %u", kn, pc, in->mod);
    break;
  case VIR_TRAP:
    if (in->mod > VIR_TRAP_DIVIDE) return fail(why, why_len, "kernel %s pc %u: bad trap", kn, pc);
    break;
  case VIR_PRINTF: {
    if ((uint64_t)in->b + 2ull * in->c > h->nextra)
      return fail(why, why_len, "kernel %s pc %u: printf arguments out of range", kn, pc);
    const uint32_t *x = vir_extra(h) + in->b;
    for (uint32_t i = 0; i < in->c; i++)
      if (x[2 * i] >= n || x[2 * i + 1] > VIR_T_PTR)
        return fail(why, why_len, "kernel %s pc %u: bad printf argument %u", kn, pc, i);
    break;
  }
  default: break;
  }
  return 0;
}

int vir_module_check(const void *blob, size_t size, char *why, size_t why_len) {
  if (!blob || size < sizeof(struct vir_header)) return fail(why, why_len, "blob too small");
  if ((uintptr_t)blob % 8) return fail(why, why_len, "blob not 8-byte aligned");
  const struct vir_header *h = blob;
  if (h->magic != VIR_MAGIC) return fail(why, why_len, "not a VIR module (bad magic)");
  if (h->version != VIR_VERSION) return fail(why, why_len, "VIR version %u, expected %u", h->version, VIR_VERSION);
  if (h->size > size) return fail(why, why_len, "blob truncated (%zu of %llu bytes)", size, (unsigned long long)h->size);
  const uint64_t sz = h->size;
  if (!table_ok(sz, h->kernels_off, h->nkernels, sizeof(struct vir_kernel)) ||
      !table_ok(sz, h->args_off, h->nargs, sizeof(struct vir_arg)) ||
      !table_ok(sz, h->insns_off, h->ninsns, sizeof(struct vir_insn)) ||
      !table_ok(sz, h->consts_off, h->nconsts, sizeof(uint64_t)) ||
      !table_ok(sz, h->extra_off, h->nextra, sizeof(uint32_t)) ||
      !table_ok(sz, h->data_off, h->data_size, 1) || !table_ok(sz, h->strings_off, h->strings_size, 1) ||
      !table_ok(sz, h->vars_off, h->nvars, sizeof(struct vir_var)) ||
      !table_ok(sz, h->relocs_off, h->nrelocs, sizeof(uint32_t)))
    return fail(why, why_len, "a table lies outside the blob");
  for (uint32_t i = 0; i < h->nrelocs; i++) /* the runtime writes these 8 bytes of the image */
    if (vir_relocs(h)[i] % 8 || (uint64_t)vir_relocs(h)[i] + 8 > h->data_size)
      return fail(why, why_len, "relocation %u outside the data image", i);
  const char *str = vir_string(h, 0);
  if (h->strings_size < 1 || str[0] != 0 || str[h->strings_size - 1] != 0)
    return fail(why, why_len, "string table not terminated");
#define STR_OK(off) ((off) < h->strings_size)
  if (!STR_OK(h->source_name)) return fail(why, why_len, "bad source name");
  const struct vir_kernel *ks = vir_kernels(h);
  const struct vir_arg *as = vir_args(h);
  const struct vir_insn *is = vir_insns(h);
  for (uint32_t ki = 0; ki < h->nkernels; ki++) {
    const struct vir_kernel *k = &ks[ki];
    if (!STR_OK(k->name) || !STR_OK(k->attributes) || !STR_OK(k->vec_type_hint))
      return fail(why, why_len, "kernel %u: bad string offset", ki);
    const char *kn = vir_string(h, k->name);
    if (k->nregs > VIR_MAX_REGS) return fail(why, why_len, "kernel %s: %u registers (at most %u)", kn, k->nregs, VIR_MAX_REGS);
    if ((uint64_t)k->first_insn + k->ninsns > h->ninsns || k->ninsns == 0)
      return fail(why, why_len, "kernel %s: instructions out of range", kn);
    if ((uint64_t)k->first_arg + k->nargs > h->nargs) return fail(why, why_len, "kernel %s: args out of range", kn);
    if ((uint64_t)k->first_const + k->nconsts > h->nconsts ||
        (uint64_t)k->const_reg + k->nconsts > k->nregs)
      return fail(why, why_len, "kernel %s: constants out of range", kn);
    for (uint32_t ai = 0; ai < k->nargs; ai++) {
      const struct vir_arg *a = &as[k->first_arg + ai];
      if (!STR_OK(a->name) || !STR_OK(a->type_name)) return fail(why, why_len, "kernel %s arg %u: bad string", kn, ai);
      if (a->kind > VIR_ARG_PIPE || a->reg >= k->nregs)
        return fail(why, why_len, "kernel %s arg %u: bad kind or register", kn, ai);
      if (a->kind == VIR_ARG_VALUE &&
          ((uint64_t)a->reg + a->nelems > k->nregs || !width_ok(a->elem_size) || a->nelems == 0 ||
           (uint64_t)a->elem_size * a->nelems > a->size))
        return fail(why, why_len, "kernel %s arg %u: bad value layout", kn, ai);
      if (a->kind == VIR_ARG_BYVAL && (uint64_t)a->priv_offset + a->size > k->private_size)
        return fail(why, why_len, "kernel %s arg %u: by-value copy outside the private frame", kn, ai);
    }
    const struct vir_insn *code = is + k->first_insn;
    for (uint32_t pc = 0; pc < k->ninsns; pc++)
      if (check_insn(h, k, &code[pc], pc, why, why_len)) return -1;
    /* The last instruction must not fall off the end of the kernel. */
    uint16_t last = code[k->ninsns - 1].op;
    if (last != VIR_RET && last != VIR_BR && last != VIR_TRAP && last != VIR_CBR)
      return fail(why, why_len, "kernel %s: falls off its last instruction", kn);
  }
  /* debug variables: in a kernel, a range inside it, a register of it, a printable size */
  const struct vir_var *vs = vir_vars(h);
  for (uint32_t vi = 0; vi < h->nvars; vi++) {
    const struct vir_var *v = &vs[vi];
    if (v->kernel >= h->nkernels || !STR_OK(v->name) || !STR_OK(v->scope))
      return fail(why, why_len, "debug variable %u: bad kernel or string", vi);
    const struct vir_kernel *k = &ks[v->kernel];
    if (v->first_pc >= v->end_pc || v->end_pc > k->ninsns || v->reg >= k->nregs || v->kind > VIR_VAR_MEM ||
        v->enc > VIR_VENC_PTR || !width_ok(v->size))
      return fail(why, why_len, "debug variable %u (%s): bad range, register, kind or size", vi, vir_string(h, v->name));
  }
#undef STR_OK
  return 0;
}

int vir_module_find_kernel(const struct vir_header *h, const char *name) {
  const struct vir_kernel *ks = vir_kernels(h);
  for (uint32_t i = 0; i < h->nkernels; i++)
    if (!strcmp(vir_string(h, ks[i].name), name)) return (int)i;
  return -1;
}
