/* kernel_info.c - what a kernel tells the runtime about itself: its arguments (how
 * clSetKernelArg's bytes reach registers: enum vir_arg_kind), the metadata clGetKernelInfo and
 * clGetKernelArgInfo report (Clang's kernel_arg_* metadata, reqd_work_group_size,
 * work_group_size_hint, vec_type_hint), its sizes and flags. */
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/kernel_info.h"

/* Operand i of the function metadata `kind` as a value (NULL if absent). */
static LLVMValueRef md_operand(struct lw_module *m, LLVMValueRef fn, const char *kind, unsigned i) {
  size_t n;
  LLVMValueMetadataEntry *es = LLVMGlobalCopyAllMetadata(fn, &n);
  unsigned want = LLVMGetMDKindIDInContext(m->ctx, kind, (unsigned)strlen(kind));
  LLVMValueRef r = NULL;
  for (size_t k = 0; k < n; k++) {
    if (LLVMValueMetadataEntriesGetKind(es, (unsigned)k) != want) continue;
    LLVMValueRef node = LLVMMetadataAsValue(m->ctx, LLVMValueMetadataEntriesGetMetadata(es, (unsigned)k));
    unsigned nops = LLVMGetMDNodeNumOperands(node);
    if (i < nops) {
      LLVMValueRef *ops = malloc(nops * sizeof *ops);
      if (!ops) abort();
      LLVMGetMDNodeOperands(node, ops);
      r = ops[i];
      free(ops);
    }
    break;
  }
  if (es) LLVMDisposeValueMetadataEntries(es);
  return r;
}

/* Names have no length limit (the CTS's kernel_name_size goes to 2048 characters; 512 and more
 * were cut): the text is copied whole into sb, which the caller frees. */
static const char *md_string(struct lw_module *m, LLVMValueRef fn, const char *kind, unsigned i,
                             struct vgpu_strbuf *sb) {
  LLVMValueRef v = md_operand(m, fn, kind, i);
  unsigned sl = 0;
  const char *s = v ? LLVMGetMDString(v, &sl) : NULL;
  if (!s) return "";
  sb->len = 0;
  vgpu_strbuf_appendn(sb, s, sl);
  return vgpu_strbuf_str(sb);
}

static int64_t md_int(struct lw_module *m, LLVMValueRef fn, const char *kind, unsigned i) {
  LLVMValueRef v = md_operand(m, fn, kind, i);
  return v && LLVMIsAConstantInt(v) ? (int64_t)LLVMConstIntGetZExtValue(v) : -1;
}

/* The OpenCL C name of a vec_type_hint type (float4, uint2, ...). */
static void type_name(LLVMTypeRef t, int is_signed, char *buf, size_t len) {
  unsigned n = 1;
  if (LLVMGetTypeKind(t) == LLVMVectorTypeKind) { n = LLVMGetVectorSize(t); t = LLVMGetElementType(t); }
  const char *base = "?";
  switch (LLVMGetTypeKind(t)) {
  case LLVMHalfTypeKind: base = "half"; break;
  case LLVMFloatTypeKind: base = "float"; break;
  case LLVMDoubleTypeKind: base = "double"; break;
  case LLVMIntegerTypeKind:
    switch (LLVMGetIntTypeWidth(t)) {
    case 8: base = is_signed ? "char" : "uchar"; break;
    case 16: base = is_signed ? "short" : "ushort"; break;
    case 32: base = is_signed ? "int" : "uint"; break;
    case 64: base = is_signed ? "long" : "ulong"; break;
    }
    break;
  default: break;
  }
  if (n > 1) snprintf(buf, len, "%s%u", base, n);
  else snprintf(buf, len, "%s", base);
}

static LLVMTypeRef byval_type(LLVMValueRef fn, unsigned i) {
  unsigned kind = LLVMGetEnumAttributeKindForName("byval", 5);
  LLVMAttributeRef a = LLVMGetEnumAttributeAtIndex(fn, i + 1, kind);
  return a ? LLVMGetTypeAttributeValue(a) : NULL;
}

/* Arguments, attributes and sizes of the kernel being lowered; sb holds names being copied. */
static int kernel_info(struct lw_fn *f, struct vir_kernel *k, struct vgpu_strbuf *sb) {
  struct lw_module *m = f->mod;
  struct vir_builder *vb = &m->vb;
  LLVMValueRef fn = f->fn;
  char buf[512], attrs[1024] = "";
  size_t len;
  const char *name = LLVMGetValueName2(fn, &len);
  vgpu_strbuf_appendn(sb, name, len);
  k->name = vir_builder_string(vb, vgpu_strbuf_str(sb));
  k->first_arg = vb->nargs;
  k->nargs = LLVMCountParams(fn);
  for (unsigned i = 0; i < k->nargs; i++) {
    LLVMValueRef p = LLVMGetParam(fn, i);
    LLVMTypeRef t = LLVMTypeOf(p);
    struct vir_arg a;
    memset(&a, 0, sizeof a);
    a.reg = lw_elem(f, p, 0);
    a.nelems = 1;
    a.name = vir_builder_string(vb, md_string(m, fn, "kernel_arg_name", i, sb));
    a.type_name = vir_builder_string(vb, md_string(m, fn, "kernel_arg_type", i, sb));
    const char *q = md_string(m, fn, "kernel_arg_type_qual", i, sb);
    if (strstr(q, "const")) a.type_qualifier |= CL_KERNEL_ARG_TYPE_CONST;
    if (strstr(q, "restrict")) a.type_qualifier |= CL_KERNEL_ARG_TYPE_RESTRICT;
    if (strstr(q, "volatile")) a.type_qualifier |= CL_KERNEL_ARG_TYPE_VOLATILE;
    if (strstr(q, "pipe")) a.type_qualifier |= CL_KERNEL_ARG_TYPE_PIPE;
    const char *acc = md_string(m, fn, "kernel_arg_access_qual", i, sb);
    a.access_qualifier = !strcmp(acc, "read_only") ? CL_KERNEL_ARG_ACCESS_READ_ONLY
                       : !strcmp(acc, "write_only") ? CL_KERNEL_ARG_ACCESS_WRITE_ONLY
                       : !strcmp(acc, "read_write") ? CL_KERNEL_ARG_ACCESS_READ_WRITE : CL_KERNEL_ARG_ACCESS_NONE;
    LLVMTypeRef bt = byval_type(fn, i);
    if (bt) {
      a.kind = VIR_ARG_BYVAL;
      uint64_t size = LLVMABISizeOfType(m->td, bt), align = LLVMABIAlignmentOfType(m->td, bt);
      if (align < 8) align = 8;
      uint64_t off = (f->private_size + align - 1) / align * align;
      f->private_size = off + size;
      a.priv_offset = (uint32_t)off;
      a.size = (uint32_t)size;
      a.address_qualifier = CL_KERNEL_ARG_ADDRESS_PRIVATE;
    } else if (LLVMGetTypeKind(t) == LLVMPointerTypeKind) {
      unsigned as = LLVMGetPointerAddressSpace(t);
      /* llvm-spirv gives a SPIR-V module's pipes a pointer type, which the library's pipe
       * functions (target types, compiler/lib/pipe.cl) do not take */
      if (a.type_qualifier & CL_KERNEL_ARG_TYPE_PIPE)
        return lw_fail(f, "kernel argument %u: pipes in SPIR-V modules are not supported (build the OpenCL C "
                          "source instead: docs/pipes.md)", i);
      a.size = sizeof(cl_mem);
      if (as == VIR_AS_GLOBAL) { a.kind = VIR_ARG_GLOBAL_PTR; a.address_qualifier = CL_KERNEL_ARG_ADDRESS_GLOBAL; }
      else if (as == VIR_AS_CONSTANT) {
        a.kind = VIR_ARG_CONSTANT_PTR;
        a.address_qualifier = CL_KERNEL_ARG_ADDRESS_CONSTANT;
        a.type_qualifier |= CL_KERNEL_ARG_TYPE_CONST;
      } else if (as == VIR_AS_LOCAL) { a.kind = VIR_ARG_LOCAL_PTR; a.address_qualifier = CL_KERNEL_ARG_ADDRESS_LOCAL; a.size = 0; }
      /* a block's kernel (device-side enqueue): its first argument is the block literal, which
       * the runtime copies to global memory (runtime/device_queue.c) */
      else if (as == VIR_AS_GENERIC && i == 0) { a.kind = VIR_ARG_GLOBAL_PTR; a.address_qualifier = CL_KERNEL_ARG_ADDRESS_GLOBAL; }
      else return lw_fail(f, "kernel argument %u: pointers to address space %u are not allowed", i, as);
    } else if (LLVMGetTypeKind(t) == LLVMTargetExtTypeKind) {
      /* An image or sampler argument may be declared (piglit api@clsetkernelarg declares a
       * sampler_t it never uses) and checked by clSetKernelArg; no image or sampler object can be
       * created on this device (CL_DEVICE_IMAGE_SUPPORT is false), and a kernel that calls an
       * image builtin fails to build as an undefined function. */
      const char *ty = md_string(m, fn, "kernel_arg_type", i, sb);
      if (!strcmp(ty, "sampler_t")) {
        a.kind = VIR_ARG_SAMPLER;
        a.size = sizeof(cl_sampler);
        a.address_qualifier = CL_KERNEL_ARG_ADDRESS_PRIVATE;
      } else if (!strcmp(ty, "queue_t")) {
        /* a device queue (clSetKernelArg gets its cl_command_queue; the kernel its address) */
        a.kind = VIR_ARG_VALUE;
        a.elem_size = 8;
        a.size = sizeof(cl_command_queue);
        a.address_qualifier = CL_KERNEL_ARG_ADDRESS_PRIVATE;
      } else if (!strncmp(ty, "image", 5) && !(a.type_qualifier & CL_KERNEL_ARG_TYPE_PIPE)) {
        a.kind = VIR_ARG_IMAGE;
        a.size = sizeof(cl_mem);
        a.address_qualifier = CL_KERNEL_ARG_ADDRESS_GLOBAL;
      } else if (a.type_qualifier & CL_KERNEL_ARG_TYPE_PIPE) {
        /* A pipe (OpenCL 3.0 s5.4): its arena address, like a buffer's.  clGetKernelArgInfo
         * reports it in the global space and with the pipe qualifier alone (const and volatile
         * mean nothing on a pipe; the CTS's get_kernel_arg_info expects exactly this). */
        a.kind = VIR_ARG_PIPE;
        a.size = sizeof(cl_mem);
        a.address_qualifier = CL_KERNEL_ARG_ADDRESS_GLOBAL;
        a.type_qualifier = CL_KERNEL_ARG_TYPE_PIPE;
      } else {
        return lw_fail(f, "kernel argument %u has a type that cannot be passed to a kernel", i);
      }
    } else {
      LLVMTypeRef et = LLVMGetTypeKind(t) == LLVMVectorTypeKind ? LLVMGetElementType(t) : t;
      unsigned eb = lw_scalar_bytes(et);
      if (!eb || lw_vir_type(et) == VIR_T_I1 || LLVMGetTypeKind(t) == LLVMStructTypeKind || LLVMGetTypeKind(t) == LLVMArrayTypeKind)
        return lw_fail(f, "kernel argument %u has a type that cannot be passed to a kernel", i);
      a.kind = VIR_ARG_VALUE;
      a.elem_size = eb;
      a.nelems = lw_leaves(t);
      a.size = (uint32_t)LLVMABISizeOfType(m->td, t);
      a.address_qualifier = CL_KERNEL_ARG_ADDRESS_PRIVATE;
    }
    vb->args = vgpu_grow(vb->args, sizeof *vb->args, &vb->cap_args, (uint64_t)vb->nargs + 1);
    vb->args[vb->nargs++] = a;
  }
  /* CL_KERNEL_ATTRIBUTES: the attributes as written in the source (OpenCL 3.0 5.9.3) */
  if (md_int(m, fn, "reqd_work_group_size", 0) >= 0) {
    for (int d = 0; d < 3; d++) k->reqd_wg_size[d] = (uint32_t)md_int(m, fn, "reqd_work_group_size", (unsigned)d);
    snprintf(attrs + strlen(attrs), sizeof attrs - strlen(attrs), "%sreqd_work_group_size(%u,%u,%u)",
             attrs[0] ? " " : "", k->reqd_wg_size[0], k->reqd_wg_size[1], k->reqd_wg_size[2]);
  }
  if (md_int(m, fn, "work_group_size_hint", 0) >= 0) {
    for (int d = 0; d < 3; d++) k->wg_size_hint[d] = (uint32_t)md_int(m, fn, "work_group_size_hint", (unsigned)d);
    snprintf(attrs + strlen(attrs), sizeof attrs - strlen(attrs), "%swork_group_size_hint(%u,%u,%u)",
             attrs[0] ? " " : "", k->wg_size_hint[0], k->wg_size_hint[1], k->wg_size_hint[2]);
  }
  LLVMValueRef hint = md_operand(m, fn, "vec_type_hint", 0);
  if (hint) {
    type_name(LLVMTypeOf(hint), md_int(m, fn, "vec_type_hint", 1) == 1, buf, sizeof buf);
    k->vec_type_hint = vir_builder_string(vb, buf);
    snprintf(attrs + strlen(attrs), sizeof attrs - strlen(attrs), "%svec_type_hint(%s)", attrs[0] ? " " : "", buf);
  }
  k->attributes = vir_builder_string(vb, attrs);
  if (f->private_size > 0xFFFFFFF0u || f->local_size > 0xFFFFFFF0u)
    return lw_fail(f, "private or local variables too large");
  k->private_size = (uint32_t)f->private_size;
  k->local_size = (uint32_t)f->local_size;
  k->flags = f->flags;
  /* Non-uniform work-groups (OpenCL C 2.0+) unless -cl-uniform-work-group-size said otherwise. */
  LLVMAttributeRef uw = LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, "uniform-work-group-size", 23);
  unsigned ul = 0;
  const char *uv = uw ? LLVMGetStringAttributeValue(uw, &ul) : NULL;
  if (vb->cl_std >= 200 && !(uv && ul == 4 && !strncmp(uv, "true", 4))) k->flags |= VIR_KFLAG_NONUNIFORM_OK;
  return 0;
}

int lw_kernel_info(struct lw_fn *f, struct vir_kernel *k) {
  struct vgpu_strbuf sb = {0};
  int rc = kernel_info(f, k, &sb);
  vgpu_strbuf_free(&sb);
  return rc;
}
