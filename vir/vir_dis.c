/* vir_dis.c - VIR, readably: for each kernel, every source line's text followed by the
 * instructions it became (pc, mnemonic, operands; constant registers shown by value), so a
 * learner sees what get_global_id, a __local array or a branch turned into. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vir/vir.h"

static const char *const icmp_names[] = {"eq", "ne", "ugt", "uge", "ult", "ule", "sgt", "sge", "slt", "sle"};
static const char *const fcmp_names[] = {"false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord",
                                         "uno", "ueq", "ugt", "uge", "ult", "ule", "une", "true"};
static const char *const atom_names[] = {"xchg", "add", "sub", "and", "or", "xor", "smin", "smax", "umin",
                                         "umax", "cmpxchg", "fadd", "fmin", "fmax", "load", "store"};
static const char *const as_names[] = {"private", "global", "constant", "local", "generic"};
static const char *const img_kinds[] = {"f", "i", "ui", "?"};
static const char *const imgq_names[] = {"width", "height", "depth", "array_size", "channel_data_type",
                                         "channel_order", "num_mip_levels", "num_samples"};
static const char *const wi_names[] = {"global_id", "local_id", "group_id", "global_size", "local_size",
  "enqueued_local_size", "num_groups", "global_offset", "work_dim", "global_linear_id",
  "local_linear_id", "sub_group_size", "sub_group_id", "sub_group_local_id", "num_sub_groups",
  "max_sub_group_size", "enqueued_num_sub_groups", "device_info"};
static const char *const sg_kinds[] = {"reduce", "scan_incl", "scan_excl", "broadcast", "all", "any",
  "shuffle", "elect", "all_equal", "ballot", "cluster"};
static const char *const sg_ops[] = {"add", "smin", "smax", "umin", "umax", "mul", "and", "or", "xor"};
static const char *const type_names[] = {"i1", "i8", "i16", "i32", "i64", "f16", "f32", "f64", "ptr"};

static const char *as_name(unsigned as) { return as < 5 ? as_names[as] : "?"; }

/* Register operand: rN, or the constant's value when it is a preloaded constant register. */
static void reg(FILE *o, const struct vir_header *h, const struct vir_kernel *k, uint32_t r,
                int fp /* 0 int, 32 or 64: float interpretation */) {
  if (r >= k->const_reg && r < k->const_reg + k->nconsts) {
    uint64_t v = vir_consts(h)[k->first_const + (r - k->const_reg)];
    if (fp == 32) {
      float x;
      uint32_t u = (uint32_t)v;
      memcpy(&x, &u, 4);
      fprintf(o, "%g", (double)x);
    } else if (fp == 64) {
      double x;
      memcpy(&x, &v, 8);
      fprintf(o, "%g", x);
    } else if (v < 65536) {
      fprintf(o, "%llu", (unsigned long long)v);
    } else if ((int64_t)v < 0 && (int64_t)v > -65536) {
      fprintf(o, "%lld", (long long)v);
    } else {
      fprintf(o, "0x%llx", (unsigned long long)v);
    }
  } else {
    fprintf(o, "r%u", r);
  }
}

static int fp_kind(uint16_t op) {
  switch (op) {
  case VIR_FADD_F32: case VIR_FSUB_F32: case VIR_FMUL_F32: case VIR_FDIV_F32: case VIR_FREM_F32:
  case VIR_FNEG_F32: case VIR_FCMP_F32: case VIR_MATH_F32: case VIR_FPTOSI_F32: case VIR_FPTOUI_F32:
  case VIR_FPEXT: case VIR_F32TOF16:
    return 32;
  case VIR_FADD_F64: case VIR_FSUB_F64: case VIR_FMUL_F64: case VIR_FDIV_F64: case VIR_FREM_F64:
  case VIR_FNEG_F64: case VIR_FCMP_F64: case VIR_MATH_F64: case VIR_FPTOSI_F64: case VIR_FPTOUI_F64:
  case VIR_FPTRUNC: case VIR_F64TOF16:
    return 64;
  default: return 0;
  }
}

/* How a register operand's constant value reads: 0 an integer, 32 or 64 a float.  The arithmetic
 * formats take their type from the op; the other operands are addresses, counts or conditions. */
static int operand_fp(const struct vir_insn *in, unsigned i) {
  int fp = fp_kind(in->op);
  switch (vir_op_format[in->op]) {
  case VIR_FMT_DA: /* int -> float conversions read an integer */
    return in->op == VIR_SITOFP_F32 || in->op == VIR_UITOFP_F32 || in->op == VIR_SITOFP_F64 ||
           in->op == VIR_UITOFP_F64 || in->op == VIR_F16TOF32 ? 0 : fp;
  case VIR_FMT_DAB: case VIR_FMT_MATH: return fp;
  case VIR_FMT_DABC: return in->op == VIR_SELECT && i == 1 ? 0 : fp;
  default: return 0;
  }
}

static unsigned field_index(char f) { return f == 'd' ? 0 : f == 'a' ? 1 : f == 'b' ? 2 : 3; }

/* Field i of in, written as its role says. */
static void field(FILE *o, const struct vir_header *h, const struct vir_kernel *k, const struct vir_insn *in,
                  unsigned i) {
  const uint32_t v = vir_operand_value(in, i);
  switch (vir_operand_role(in, i)) {
  case VIR_ROLE_DEF: fprintf(o, "r%u", v); break;
  case VIR_ROLE_USE: reg(o, h, k, v, operand_fp(in, i)); break;
  case VIR_ROLE_PC: case VIR_ROLE_IMM: fprintf(o, "%u", v); break;
  case VIR_ROLE_RPC: if (v == VIR_PC_EXIT) fputs("exit", o); else fprintf(o, "%u", v); break;
  case VIR_ROLE_EXTRA: { /* printf's operands: (register, enum vir_type) pairs, in->c of them */
    const uint32_t *x = vir_extra(h) + v;
    for (uint32_t j = 0; j < in->c; j++) {
      fputs(", ", o);
      reg(o, h, k, x[2 * j], x[2 * j + 1] == VIR_T_F32 ? 32 : x[2 * j + 1] == VIR_T_F64 ? 64 : 0);
      fprintf(o, ":%s", x[2 * j + 1] <= VIR_T_PTR ? type_names[x[2 * j + 1]] : "?");
    }
    break;
  }
  default: break;
  }
}

static void insn(FILE *o, const struct vir_header *h, const struct vir_kernel *k, uint32_t pc,
                 const struct vir_insn *in) {
  char mn[64];
  snprintf(mn, sizeof mn, "%s", vir_op_name[in->op]);
  switch (in->op) {
  case VIR_ICMP_I32: case VIR_ICMP_I64:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s", in->mod < 10 ? icmp_names[in->mod] : "?"); break;
  case VIR_FCMP_F32: case VIR_FCMP_F64:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s", fcmp_names[in->mod & 15]); break;
  case VIR_MATH_F32: case VIR_MATH_F64:
    snprintf(mn, sizeof mn, "%s.%s", in->mod < VIR_NUM_MATH ? vir_math_name[in->mod] : "?", in->op == VIR_MATH_F32 ? "f32" : "f64"); break;
  case VIR_LOAD: case VIR_STORE:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s.b%u", as_name(in->mod), in->size * 8); break;
  case VIR_ATOMIC:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s.%s.b%u", atom_names[in->mod & 15], as_name(in->mod >> 4), in->size * 8); break;
  case VIR_MASK: case VIR_CLZ: case VIR_CTZ: case VIR_POPCOUNT: case VIR_BSWAP: case VIR_BITREV: case VIR_SMIN:
  case VIR_SMAX: case VIR_ABS: case VIR_SADDSAT: case VIR_UADDSAT:
  case VIR_SSUBSAT: case VIR_USUBSAT: case VIR_MULHI_S: case VIR_MULHI_U: case VIR_FSHL: case VIR_FSHR:
  case VIR_FPTOSI_F32: case VIR_FPTOUI_F32: case VIR_SITOFP_F32: case VIR_UITOFP_F32:
  case VIR_FPTOSI_F64: case VIR_FPTOUI_F64: case VIR_SITOFP_F64: case VIR_UITOFP_F64:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".b%u", in->size * 8); break;
  case VIR_SEXT:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".b%u.b%u", in->size * 8, in->mod * 8); break;
  case VIR_WORKITEM:
    snprintf(mn, sizeof mn, "wi.%s", in->mod <= VIR_WI_DEVICE_INFO ? wi_names[in->mod] : "?"); break;
  case VIR_SUBGROUP: case VIR_WGROUP:
    snprintf(mn, sizeof mn, "%s.%s.%s.%s", in->op == VIR_WGROUP ? "wg" : "sg", (in->mod & 15) < VIR_SG_NUM_KINDS ? sg_kinds[in->mod & 15] : "?",
             (in->mod >> 4) < VIR_SG_NUM_OPS ? sg_ops[in->mod >> 4] : "?", in->size <= VIR_T_PTR ? type_names[in->size] : "?");
    break;
  case VIR_MEMCPY:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s.%s", as_name(in->mod & 15), as_name(in->mod >> 4)); break;
  case VIR_MEMSET:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s", as_name(in->mod & 15)); break;
  case VIR_IMG_READ: case VIR_IMG_WRITE: /* img.read.f.fc2: float colour, float coordinates, 2 of them */
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s.%sc%u", img_kinds[in->mod & VIR_IMG_KIND],
             in->mod & VIR_IMG_FCOORD ? "f" : "i", in->size); break;
  case VIR_IMG_QUERY:
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s", in->mod < VIR_IMGQ_NUM ? imgq_names[in->mod] : "?"); break;
  default: break;
  }
  /* an order or scope other than the default (seq_cst for all devices; a barrier's: acq_rel for
   * its work-group) is written after the op */
  if ((in->op == VIR_ATOMIC || in->op == VIR_FENCE || in->op == VIR_BARRIER) &&
      in->sem != (in->op == VIR_BARRIER ? VIR_SEM(VIR_ORDER_ACQ_REL, VIR_SCOPE_WORK_GROUP) : VIR_SEM_DEFAULT)) {
    static const char *const orders[] = {"relaxed", "acquire", "release", "acq_rel", "seq_cst"};
    static const char *const scopes[] = {"wi", "sg", "wg", "dev", "all"};
    unsigned od = VIR_SEM_ORDER(in->sem), sc = VIR_SEM_SCOPE(in->sem);
    snprintf(mn + strlen(mn), sizeof mn - strlen(mn), ".%s.%s", od <= VIR_ORDER_SEQ_CST ? orders[od] : "?",
             sc <= VIR_SCOPE_ALL_DEVICES ? scopes[sc] : "?");
  }
  fprintf(o, "    %5u  %-22s ", pc, mn);
  /* The operands, by the format's template and each field's role (vir_formats.def). */
  const char *t = in->op == VIR_MEMSET ? "[%a] = byte %b, bytes %c" : vir_format_syntax[vir_op_format[in->op]];
  for (const char *p = t; *p; p++) {
    if (*p == '{') { /* an optional part: only when every field it names is used */
      const char *e = strchr(p, '}');
      if (!e) break;
      int used = 1;
      for (const char *q = p; q < e; q++)
        if (q[0] == '%' && q[1] && strchr("dabc", q[1])) used &= vir_operand_role(in, field_index(q[1])) != VIR_ROLE_NONE;
      if (!used) p = e;
      continue;
    }
    if (*p == '}') continue;
    if (*p != '%') { fputc(*p, o); continue; }
    switch (*++p) {
    case 'd': case 'a': case 'b': case 'c': field(o, h, k, in, field_index(*p)); break;
    case '+': p++; if (in->c) fprintf(o, " + %d", (int32_t)in->c); break; /* %+c */
    case 's': fputs(in->op == VIR_LADDR ? "local" : in->op == VIR_PADDR ? "private" : "data", o); break;
    case 'w': /* the dimension of a per-dimension query: a constant, or register a */
      if (in->size < 3 && in->mod != VIR_WI_WORK_DIM && in->mod != VIR_WI_GLOBAL_LINEAR_ID &&
          in->mod != VIR_WI_LOCAL_LINEAR_ID && in->mod < VIR_WI_SUB_GROUP_SIZE)
        fprintf(o, " = (%u)", in->size);
      else if (in->size == 3) { fputs(" = (", o); field(o, h, k, in, 1); fputs(")", o); }
      break;
    case 'f':
      fprintf(o, "%s%s%s", in->mod & VIR_FENCE_LOCAL ? "local " : "", in->mod & VIR_FENCE_GLOBAL ? "global " : "",
              in->mod & VIR_FENCE_IMAGE ? "image" : "");
      break;
    default: break;
    }
  }
  if (in->op == VIR_TRAP) fputs(in->mod == VIR_TRAP_DIVIDE ? "divide" : "unreachable", o);
  fputs("\n", o);
}

/* Line `line` (1-based) of the source text, without its newline. */
static void source_line(const char *src, uint32_t line, const char **s, int *len) {
  *s = NULL;
  *len = 0;
  if (!src || !line) return;
  const char *p = src;
  for (uint32_t l = 1; l < line && p; l++) {
    p = strchr(p, '\n');
    if (p) p++;
  }
  if (!p || !*p) return;
  const char *e = strchr(p, '\n');
  *s = p;
  *len = e ? (int)(e - p) : (int)strlen(p);
}

unsigned vir_disassemble(const void *blob, const char *source_text, const char *only_kernel, FILE *o) {
  unsigned printed = 0;
  const struct vir_header *h = blob;
  static const char *const kinds[] = {"global*", "constant*", "local*", "value", "struct by value", "sampler", "image", "pipe"};
  for (uint32_t ki = 0; ki < h->nkernels; ki++) {
    const struct vir_kernel *k = &vir_kernels(h)[ki];
    if (only_kernel && strcmp(only_kernel, vir_string(h, k->name))) continue;
    printed++;
    fprintf(o, "kernel %s   (%u instructions, %u registers of which %u constants, private %u B, local %u B)\n",
                       vir_string(h, k->name), k->ninsns, k->nregs, k->nconsts, k->private_size, k->local_size);
    if (*vir_string(h, k->attributes)) fprintf(o, "  attributes: %s\n", vir_string(h, k->attributes));
    for (uint32_t ai = 0; ai < k->nargs; ai++) {
      const struct vir_arg *a = &vir_args(h)[k->first_arg + ai];
      fprintf(o, "  arg %u: %s %s -> r%u", ai, vir_string(h, a->type_name), vir_string(h, a->name), a->reg);
      if (a->kind == VIR_ARG_VALUE && a->nelems > 1) fprintf(o, "..r%u", a->reg + a->nelems - 1);
      fprintf(o, " (%s", a->kind <= VIR_ARG_PIPE ? kinds[a->kind] : "?");
      if (a->kind == VIR_ARG_BYVAL) fprintf(o, ", %u bytes copied to private+%u", a->size, a->priv_offset);
      fputs(")\n", o);
    }
    const struct vir_insn *code = vir_insns(h) + k->first_insn;
    uint32_t last_line = UINT32_MAX;
    for (uint32_t pc = 0; pc < k->ninsns; pc++) {
      if (code[pc].line != last_line) {
        last_line = code[pc].line;
        const char *s;
        int len;
        source_line(source_text, last_line, &s, &len);
        if (!last_line) fputs("  ----: (no source line)\n", o);
        else if (s) {
          while (len > 0 && (*s == ' ' || *s == '\t')) { s++; len--; }
          fprintf(o, "  %4u: %.*s\n", last_line, len, s);
        } else fprintf(o, "  %4u:\n", last_line);
      }
      insn(o, h, k, pc, &code[pc]);
    }
    fputs("\n", o);
  }
  return printed;
}

void vir_disassemble_insn(const void *blob, uint32_t kernel, uint32_t pc, char *buf, size_t len) {
  const struct vir_header *h = blob;
  if (!len) return;
  buf[0] = '\0';
  if (kernel >= h->nkernels || pc >= vir_kernels(h)[kernel].ninsns) return;
  char *text = NULL;
  size_t n = 0;
  FILE *o = open_memstream(&text, &n);
  if (!o) return;
  const struct vir_kernel *k = &vir_kernels(h)[kernel];
  insn(o, h, k, pc, &vir_insns(h)[k->first_insn + pc]);
  fclose(o);
  const char *s = text ? text : "";
  while (*s == ' ') s++;                       /* "    %5u  mnemonic operands\n": skip the pc */
  while (*s >= '0' && *s <= '9') s++;
  while (*s == ' ') s++;
  size_t e = 0;
  for (; *s && e + 1 < len; s++) /* the column padding collapsed to one space */
    if (*s != ' ' || (e && buf[e - 1] != ' ')) buf[e++] = *s;
  buf[e] = '\0';
  while (e && (buf[e - 1] == '\n' || buf[e - 1] == ' ')) buf[--e] = '\0';
  free(text);
}
