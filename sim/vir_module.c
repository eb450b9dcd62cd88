/* vir_module.c - the tables generated from vir_ops.def / vir_math.def, and the validator every
 * consumer runs before trusting a VIR blob (the runtime on program binaries and cache entries, the
 * SM before executing): a corrupt or hostile binary must give an error, never a wild access. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "vgpu/vir.h"

const char *const vir_op_name[VIR_NUM_OPS] = {
#define VIR_OP(name, mnem, fmt, cls, doc) mnem,
#include "vgpu/vir_ops.def"
#undef VIR_OP
};
const uint8_t vir_op_format[VIR_NUM_OPS] = {
#define VIR_OP(name, mnem, fmt, cls, doc) VIR_FMT_##fmt,
#include "vgpu/vir_ops.def"
#undef VIR_OP
};
const uint8_t vir_op_class[VIR_NUM_OPS] = {
#define VIR_OP(name, mnem, fmt, cls, doc) VIR_CLASS_##cls,
#include "vgpu/vir_ops.def"
#undef VIR_OP
};
const char *const vir_math_name[VIR_NUM_MATH] = {
#define VIR_MATH(name, arity) #name,
#include "vgpu/vir_math.def"
#undef VIR_MATH
};
const uint8_t vir_math_arity[VIR_NUM_MATH] = {
#define VIR_MATH(name, arity) arity,
#include "vgpu/vir_math.def"
#undef VIR_MATH
};

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

static int check_insn(const struct vir_header *h, const struct vir_kernel *k, const struct vir_insn *in,
                      uint32_t pc, char *why, size_t why_len) {
  const char *kn = vir_string(h, k->name);
  if (in->op >= VIR_NUM_OPS) return fail(why, why_len, "kernel %s pc %u: unknown opcode %u", kn, pc, in->op);
  const uint32_t n = k->nregs, ni = k->ninsns;
  int d = 0, a = 0, b = 0, c = 0; /* which fields are registers */
  switch (vir_op_format[in->op]) {
  case VIR_FMT_NONE: case VIR_FMT_BAR: break;
  case VIR_FMT_DA: d = a = 1; break;
  case VIR_FMT_DAB: d = a = b = 1; break;
  case VIR_FMT_DABC: d = a = b = c = 1; break;
  case VIR_FMT_LOAD: d = a = 1; break;
  case VIR_FMT_STORE: a = b = 1; break;
  case VIR_FMT_ATOM: d = a = b = c = 1; break;
  case VIR_FMT_IMM: d = 1; break;
  case VIR_FMT_WI: d = 1; a = in->size == 3; break;
  case VIR_FMT_MEM2: a = b = c = 1; break;
  case VIR_FMT_PRINTF: d = a = 1; break;
  case VIR_FMT_BR:
    if (in->a >= ni) return fail(why, why_len, "kernel %s pc %u: branch target %u out of range", kn, pc, in->a);
    break;
  case VIR_FMT_CBR:
    a = 1;
    if (in->b >= ni || in->c >= ni || (in->dst >= ni && in->dst != VIR_PC_EXIT))
      return fail(why, why_len, "kernel %s pc %u: branch target out of range", kn, pc);
    break;
  }
  if ((d && in->dst >= n) || (a && in->a >= n) || (b && in->b >= n) || (c && in->c >= n))
    return fail(why, why_len, "kernel %s pc %u (%s): register out of range (nregs %u)", kn, pc,
                vir_op_name[in->op], n);
  switch (in->op) {
  case VIR_ICMP_I32: case VIR_ICMP_I64:
    if (in->mod > VIR_ICMP_SLE) return fail(why, why_len, "kernel %s pc %u: bad icmp predicate", kn, pc);
    break;
  case VIR_FCMP_F32: case VIR_FCMP_F64:
    if (in->mod > VIR_FCMP_TRUE) return fail(why, why_len, "kernel %s pc %u: bad fcmp predicate", kn, pc);
    break;
  case VIR_MATH_F32: case VIR_MATH_F64:
    if (in->mod >= VIR_NUM_MATH) return fail(why, why_len, "kernel %s pc %u: bad math function", kn, pc);
    break;
  case VIR_MASK: case VIR_SEXT:
    if (!width_ok(in->size) || (in->op == VIR_SEXT && !width_ok(in->mod)))
      return fail(why, why_len, "kernel %s pc %u: bad width", kn, pc);
    break;
  case VIR_CLZ: case VIR_CTZ: case VIR_POPCOUNT: case VIR_BSWAP: case VIR_BITREV: case VIR_SMIN:
  case VIR_SMAX: case VIR_UMIN: case VIR_UMAX: case VIR_ABS: case VIR_SADDSAT: case VIR_UADDSAT:
  case VIR_SSUBSAT: case VIR_USUBSAT: case VIR_MULHI_S: case VIR_MULHI_U: case VIR_FSHL: case VIR_FSHR:
  case VIR_FPTOSI_F32: case VIR_FPTOUI_F32: case VIR_SITOFP_F32: case VIR_UITOFP_F32:
  case VIR_FPTOSI_F64: case VIR_FPTOUI_F64: case VIR_SITOFP_F64: case VIR_UITOFP_F64:
    if (!width_ok(in->size)) return fail(why, why_len, "kernel %s pc %u: bad operand width", kn, pc);
    break;
  case VIR_LOAD: case VIR_STORE:
    if (in->mod > VIR_AS_GENERIC || !width_ok(in->size))
      return fail(why, why_len, "kernel %s pc %u: bad address space or width", kn, pc);
    break;
  case VIR_ATOMIC:
    if ((in->mod >> 4) > VIR_AS_GENERIC || (in->size != 4 && in->size != 8))
      return fail(why, why_len, "kernel %s pc %u: bad atomic", kn, pc);
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
    if (in->mod > VIR_WI_NUM_SUB_GROUPS || in->size > 3)
      return fail(why, why_len, "kernel %s pc %u: bad work-item query", kn, pc);
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
      !table_ok(sz, h->data_off, h->data_size, 1) || !table_ok(sz, h->strings_off, h->strings_size, 1))
    return fail(why, why_len, "a table lies outside the blob");
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
    if ((uint64_t)k->first_insn + k->ninsns > h->ninsns || k->ninsns == 0)
      return fail(why, why_len, "kernel %s: instructions out of range", kn);
    if ((uint64_t)k->first_arg + k->nargs > h->nargs) return fail(why, why_len, "kernel %s: args out of range", kn);
    if ((uint64_t)k->first_const + k->nconsts > h->nconsts ||
        (uint64_t)k->const_reg + k->nconsts > k->nregs)
      return fail(why, why_len, "kernel %s: constants out of range", kn);
    for (uint32_t ai = 0; ai < k->nargs; ai++) {
      const struct vir_arg *a = &as[k->first_arg + ai];
      if (!STR_OK(a->name) || !STR_OK(a->type_name)) return fail(why, why_len, "kernel %s arg %u: bad string", kn, ai);
      if (a->kind > VIR_ARG_IMAGE || a->reg >= k->nregs)
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
#undef STR_OK
  return 0;
}

int vir_module_find_kernel(const struct vir_header *h, const char *name) {
  const struct vir_kernel *ks = vir_kernels(h);
  for (uint32_t i = 0; i < h->nkernels; i++)
    if (!strcmp(vir_string(h, ks[i].name), name)) return (int)i;
  return -1;
}
