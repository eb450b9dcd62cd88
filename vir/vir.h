/* vir.h - VIR, VirtualGPU's bytecode: the contract between the compiler (producer), the runtime
 * (reads kernel metadata) and the simulator (executes it); the one library all three link
 * (vir/README.md).
 *
 * A VIR module is one flat, position-independent blob: a header followed by tables, all referenced
 * by byte offsets from the start of the blob, all little-endian, all 8-byte aligned.  The same bytes
 * are the program binary (inside the container of program binaries), the compile cache entry and the
 * code segment that the runtime copies into a device arena, where SM processes execute it in place.
 *
 *   struct vir_header
 *   struct vir_kernel   kernels[nkernels]
 *   struct vir_arg      args[nargs]          (each kernel owns a contiguous range)
 *   struct vir_insn     insns[ninsns]        (each kernel owns a contiguous range; pcs are relative
 *                                             to the kernel's first instruction)
 *   uint64_t            consts[nconsts]      (each kernel owns a contiguous range, see vir_kernel)
 *   uint32_t            extra[nextra]        (operand lists: printf arguments)
 *   uint8_t             data[data_size]      (initial image of program-scope variables: __constant
 *                                             tables, string literals, __global variables)
 *   char                strings[strings_size] (NUL-terminated, referenced by offset; offset 0 is "")
 *   struct vir_var      vars[nvars]          (optional debug information, -g: where each source
 *                                             variable lives over a pc range; nvars 0 without)
 *   uint32_t            relocs[nrelocs]      (data offsets of 8-byte pointers in the image, each
 *                                             holding a data segment offset: the runtime adds the
 *                                             segment's address when it loads the image)
 *
 * vir_module_check() validates every offset, count, register and pc before anything trusts a blob.
 */
#ifndef VGPU_VIR_H
#define VGPU_VIR_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VIR_MAGIC 0x31524956u /* "VIR1" */
#define VIR_VERSION 3u
#define VIR_PC_EXIT 0xFFFFFFFFu /* CBR reconvergence point "the kernel's return" */
#define VIR_NOREG 0xFFFFFFFFu
/* Registers per lane a kernel may have: an SM indexes a warp's registers (lane by lane, up to 64
 * lanes) with 32-bit numbers. */
#define VIR_MAX_REGS (1u << 24)

enum vir_op {
#define VIR_OP(name, mnem, fmt, effect, doc) VIR_##name,
#include "vir/vir_ops.def"
#undef VIR_OP
  VIR_NUM_OPS
};

/* Instruction formats: which of the fields dst, a, b, c are operands, and what each one is. */
enum vir_format {
#define VIR_FORMAT(name, d, a, b, c, syntax) VIR_FMT_##name,
#include "vir/vir_formats.def"
#undef VIR_FORMAT
  VIR_NUM_FORMATS
};
/* The role of one field (vir_formats.def). */
enum vir_role {
  VIR_ROLE_NONE,  /* unused: any value, ignored (the compiler writes 0) */
  VIR_ROLE_DEF,   /* register written */
  VIR_ROLE_USE,   /* register read */
  VIR_ROLE_DIM,   /* register read when size == 3 (WORKITEM's dynamic dimension), else unused */
  VIR_ROLE_VAL,   /* register read unless the atomic op is LOAD (the value stored or combined) */
  VIR_ROLE_CMP,   /* register read when the atomic op is CMPXCHG (its expected value), else unused */
  VIR_ROLE_ARG2,  /* register read when the math function (mod) takes 2 or more arguments */
  VIR_ROLE_ARG3,  /* register read when it takes 3 */
  VIR_ROLE_IMM,   /* immediate (offset, signed for LOAD/STORE) */
  VIR_ROLE_PC,    /* branch target: a pc of the kernel */
  VIR_ROLE_RPC,   /* reconvergence pc: a pc of the kernel, or VIR_PC_EXIT */
  VIR_ROLE_EXTRA, /* index into the extra table (printf argument pairs) */
  VIR_ROLE_COUNT  /* number of entries at EXTRA (pairs) */
};
/* What dead code elimination may assume of an op (the EFFECT column of vir_ops.def). */
enum vir_effect { VIR_EFFECT_PURE, VIR_EFFECT_SIDE, VIR_EFFECT_CTRL };

enum vir_math {
#define VIR_MATH(name, arity) VIR_MATH_##name,
#include "vir/vir_math.def"
#undef VIR_MATH
  VIR_NUM_MATH
};

/* Address spaces: the numbering of Clang's spir/spir64 targets, so the lowering copies them. */
enum vir_as { VIR_AS_PRIVATE = 0, VIR_AS_GLOBAL = 1, VIR_AS_CONSTANT = 2, VIR_AS_LOCAL = 3,
              VIR_AS_GENERIC = 4 };

/* Pointer values carry their space in the top 4 bits so that generic pointers (OpenCL C 2.0+) and
 * address-space casts need no conversion: global and constant pointers are plain arena offsets (tag
 * 0; offset 0 is never allocated, so NULL faults); local pointers are an offset in the work-group's
 * local memory; private pointers an offset in the lane's private frame. */
#define VIR_PTR_TAG_SHIFT 60
#define VIR_PTR_TAG_GLOBAL 0ull
#define VIR_PTR_TAG_LOCAL 1ull
#define VIR_PTR_TAG_PRIVATE 2ull
#define VIR_PTR_OFFSET_MASK ((1ull << VIR_PTR_TAG_SHIFT) - 1)

/* ICMP predicates (mod). */
enum vir_icmp { VIR_ICMP_EQ, VIR_ICMP_NE, VIR_ICMP_UGT, VIR_ICMP_UGE, VIR_ICMP_ULT, VIR_ICMP_ULE,
                VIR_ICMP_SGT, VIR_ICMP_SGE, VIR_ICMP_SLT, VIR_ICMP_SLE };
/* FCMP predicates (mod): LLVM's numbering (bit 0 = less, 1 = equal... as in FCmpInst). */
enum vir_fcmp { VIR_FCMP_FALSE, VIR_FCMP_OEQ, VIR_FCMP_OGT, VIR_FCMP_OGE, VIR_FCMP_OLT,
                VIR_FCMP_OLE, VIR_FCMP_ONE, VIR_FCMP_ORD, VIR_FCMP_UNO, VIR_FCMP_UEQ, VIR_FCMP_UGT,
                VIR_FCMP_UGE, VIR_FCMP_ULT, VIR_FCMP_ULE, VIR_FCMP_UNE, VIR_FCMP_TRUE };
/* Atomic operations (low 4 bits of ATOMIC's mod). */
enum vir_atomic { VIR_ATOM_XCHG, VIR_ATOM_ADD, VIR_ATOM_SUB, VIR_ATOM_AND, VIR_ATOM_OR,
                  VIR_ATOM_XOR, VIR_ATOM_SMIN, VIR_ATOM_SMAX, VIR_ATOM_UMIN, VIR_ATOM_UMAX,
                  VIR_ATOM_CMPXCHG, VIR_ATOM_FADD, VIR_ATOM_FMIN, VIR_ATOM_FMAX, VIR_ATOM_LOAD,
                  VIR_ATOM_STORE };
/* Work-item queries (WORKITEM's mod). */
enum vir_wi { VIR_WI_GLOBAL_ID, VIR_WI_LOCAL_ID, VIR_WI_GROUP_ID, VIR_WI_GLOBAL_SIZE,
              VIR_WI_LOCAL_SIZE, VIR_WI_ENQUEUED_LOCAL_SIZE, VIR_WI_NUM_GROUPS,
              VIR_WI_GLOBAL_OFFSET, VIR_WI_WORK_DIM, VIR_WI_GLOBAL_LINEAR_ID,
              VIR_WI_LOCAL_LINEAR_ID, VIR_WI_SUB_GROUP_SIZE, VIR_WI_SUB_GROUP_ID,
              VIR_WI_SUB_GROUP_LOCAL_ID, VIR_WI_NUM_SUB_GROUPS, VIR_WI_MAX_SUB_GROUP_SIZE,
              VIR_WI_ENQUEUED_NUM_SUB_GROUPS,
              VIR_WI_DEVICE_INFO /* dim 0: default device queue, 1: max work-group size, 2: warp width */ };
/* Sub-group (warp) operations: SUBGROUP's mod is kind | arithmetic op << 4, its size the operand
 * type (enum vir_type: I32, I64, F32 or F64).  Only the active lanes take part (OpenCL C 3.0
 * 6.15.16: a uniform operation must be reached by the whole sub-group, so the active lanes are
 * the sub-group there; the non-uniform variants of cl_khr_subgroup_non_uniform_* need exactly
 * this). */
enum vir_sg_kind { VIR_SG_REDUCE, VIR_SG_SCAN_INCL, VIR_SG_SCAN_EXCL, VIR_SG_BROADCAST, VIR_SG_ALL,
                   VIR_SG_ANY,
                   VIR_SG_SHUFFLE,   /* d = a of lane b (b per lane) */
                   VIR_SG_ELECT,     /* d = 1 in the first active lane, else 0 */
                   VIR_SG_ALL_EQUAL, /* d = 1 when a is the same in every active lane (floats: ==) */
                   VIR_SG_BALLOT,    /* d = the 64-bit mask of active lanes whose a is not 0 */
                   VIR_SG_CLUSTER,   /* d = reduce over the lanes of a's cluster of b (uniform) lanes */
                   VIR_SG_NUM_KINDS };
enum vir_sg_op { VIR_SG_ADD, VIR_SG_SMIN, VIR_SG_SMAX, VIR_SG_UMIN, VIR_SG_UMAX, VIR_SG_MUL, VIR_SG_AND,
                 VIR_SG_OR, VIR_SG_XOR, VIR_SG_NUM_OPS };
/* Fence flags (BARRIER/FENCE mod): the values of CLK_*_MEM_FENCE. */
enum { VIR_FENCE_LOCAL = 1, VIR_FENCE_GLOBAL = 2, VIR_FENCE_IMAGE = 4 };
/* IMG_READ / IMG_WRITE (mod): what the colour channels of the request block hold (read_imagef
 * and read_imageh: FLOAT, read_imagei: INT, read_imageui: UINT), or'ed with FCOORD when the
 * coordinates are floats (reads with a sampler; else they are ints). */
enum vir_img { VIR_IMG_FLOAT = 0, VIR_IMG_INT = 1, VIR_IMG_UINT = 2, VIR_IMG_KIND = 3, VIR_IMG_FCOORD = 4 };
#define VIR_IMG_BLOCK 32u /* bytes of an image request block: coordinates [0, 16), colour [16, 32) */
/* IMG_QUERY (mod): the property of the descriptor that get_image_* returns. */
enum vir_imgq { VIR_IMGQ_WIDTH, VIR_IMGQ_HEIGHT, VIR_IMGQ_DEPTH, VIR_IMGQ_ARRAY_SIZE,
                VIR_IMGQ_CHANNEL_DATA_TYPE, VIR_IMGQ_CHANNEL_ORDER, VIR_IMGQ_NUM_MIP_LEVELS,
                VIR_IMGQ_NUM_SAMPLES, VIR_IMGQ_NUM };
/* Memory semantics of ATOMIC, FENCE and BARRIER (the sem field): order | scope << 4, as OpenCL C
 * 3.0 s6.15.12.3/4 name them; every other op has sem 0.  A scope is an upper bound of the
 * work-items the operation synchronises with; VIR_SEM_DEFAULT is seq_cst at all_svm_devices scope. */
enum vir_order { VIR_ORDER_RELAXED, VIR_ORDER_ACQUIRE, VIR_ORDER_RELEASE, VIR_ORDER_ACQ_REL,
                 VIR_ORDER_SEQ_CST };
enum vir_scope { VIR_SCOPE_WORK_ITEM, VIR_SCOPE_SUB_GROUP, VIR_SCOPE_WORK_GROUP, VIR_SCOPE_DEVICE,
                 VIR_SCOPE_ALL_DEVICES };
#define VIR_SEM(order, scope) ((unsigned)(order) | (unsigned)(scope) << 4)
#define VIR_SEM_ORDER(sem) ((sem) & 15u)
#define VIR_SEM_SCOPE(sem) ((sem) >> 4)
#define VIR_SEM_DEFAULT VIR_SEM(VIR_ORDER_SEQ_CST, VIR_SCOPE_ALL_DEVICES)
/* Does the order acquire (release)? */
static inline int vir_order_acquires(unsigned o) { return o == VIR_ORDER_ACQUIRE || o >= VIR_ORDER_ACQ_REL; }
static inline int vir_order_releases(unsigned o) { return o >= VIR_ORDER_RELEASE; }
/* Why a TRAP (mod). */
enum vir_trap { VIR_TRAP_UNREACHABLE, VIR_TRAP_DIVIDE };
/* Value types, for printf argument lists and the disassembler. */
enum vir_type { VIR_T_I1, VIR_T_I8, VIR_T_I16, VIR_T_I32, VIR_T_I64, VIR_T_F16, VIR_T_F32,
                VIR_T_F64, VIR_T_PTR };

/* One pre-decoded instruction: 24 bytes. */
struct vir_insn {
  uint8_t op;    /* enum vir_op */
  uint8_t mod;   /* predicate, address space, math function, atomic op, query: see the op */
  uint8_t size;  /* access or operand width in bytes, or a dimension */
  uint8_t sem;   /* ATOMIC, FENCE, BARRIER: memory order and scope (VIR_SEM); else 0 */
  uint32_t dst;  /* destination register (CBR: reconvergence pc) */
  uint32_t a, b, c;
  uint32_t line; /* source line of the OpenCL C that produced it; 0 if unknown */
};

/* How clSetKernelArg's bytes reach the kernel. */
enum vir_arg_kind {
  VIR_ARG_GLOBAL_PTR,   /* cl_mem (or NULL): register reg = device address of the buffer */
  VIR_ARG_CONSTANT_PTR, /* cl_mem in __constant: register reg = device address, read-only */
  VIR_ARG_LOCAL_PTR,    /* size only: the simulator allocates it; reg = local pointer */
  VIR_ARG_VALUE,        /* scalar or vector by value: element i (elem_size bytes) -> reg + i */
  VIR_ARG_BYVAL,        /* struct by value: bytes copied to every lane's private frame at
                           priv_offset; reg = private pointer to it */
  VIR_ARG_SAMPLER,      /* cl_sampler: reg = its 32-bit sampler value */
  VIR_ARG_IMAGE,        /* cl_mem image: reg = device address of the image descriptor */
  VIR_ARG_PIPE          /* cl_mem pipe: reg = device address of the pipe (vgpu/pipe_layout.h) */
};
/* clGetKernelArgInfo values are stored as the CL_KERNEL_ARG_* enums of cl.h. */
struct vir_arg {
  uint32_t name;        /* string offsets */
  uint32_t type_name;
  uint32_t kind;        /* enum vir_arg_kind */
  uint32_t size;        /* the arg_size clSetKernelArg must be given (local: any > 0) */
  uint32_t reg;         /* first register */
  uint32_t elem_size;   /* VALUE: bytes per register (the vector element); else 0 */
  uint32_t nelems;      /* VALUE: registers (vector length, 3 for 3-vectors); else 1 */
  uint32_t priv_offset; /* BYVAL: private frame offset */
  uint32_t address_qualifier; /* CL_KERNEL_ARG_ADDRESS_* */
  uint32_t access_qualifier;  /* CL_KERNEL_ARG_ACCESS_* */
  uint64_t type_qualifier;    /* CL_KERNEL_ARG_TYPE_* bit field */
};

struct vir_kernel {
  uint32_t name;            /* string offset */
  uint32_t attributes;      /* string offset: CL_KERNEL_ATTRIBUTES text */
  uint32_t first_insn, ninsns;
  uint32_t first_arg, nargs;
  uint32_t first_const, nconsts; /* consts[first_const + i] is preloaded into register
                                    const_reg + i of every lane before the first instruction */
  uint32_t const_reg;
  uint32_t nregs;           /* registers per lane, constants included */
  uint32_t private_size;    /* bytes of private frame per work-item (allocas, byval copies) */
  uint32_t local_size;      /* bytes of statically declared __local variables */
  uint32_t reqd_wg_size[3]; /* __attribute__((reqd_work_group_size)); 0 0 0 if none */
  uint32_t wg_size_hint[3];
  uint32_t vec_type_hint;   /* string offset */
  uint32_t flags;           /* VIR_KFLAG_* */
};
enum { VIR_KFLAG_BARRIER = 1, VIR_KFLAG_PRINTF = 2, VIR_KFLAG_ATOMICS = 4,
       VIR_KFLAG_NONUNIFORM_OK = 8 /* compiled for OpenCL C >= 2.0 without -cl-uniform-work-group-size */ };

/* Debug information (built with -g): over the pcs [first_pc, end_pc) of a kernel, the source
 * variable `name` (declared at `line` in function `scope`, which differs from the kernel's name for
 * an inlined call) is held in register `reg` (VIR_VAR_REG: the value itself, its low `size` bytes)
 * or lives in memory at the address register `reg` holds (VIR_VAR_MEM: `size` bytes there).  The
 * compiler derives it from Clang's llvm.dbg.value / llvm.dbg.declare and clips each range to the
 * pcs where its register holds that value, so a debugger may trust it inside the range. */
enum vir_var_kind { VIR_VAR_REG, VIR_VAR_MEM };
enum vir_var_enc { VIR_VENC_UNSIGNED, VIR_VENC_SIGNED, VIR_VENC_FLOAT, VIR_VENC_BOOL, VIR_VENC_PTR };
struct vir_var {
  uint32_t kernel;          /* kernel index */
  uint32_t name, scope;     /* string offsets */
  uint32_t first_pc, end_pc;
  uint32_t reg;
  uint32_t line;            /* declaration line */
  uint8_t kind;             /* enum vir_var_kind */
  uint8_t enc;              /* enum vir_var_enc: how to print the bytes */
  uint8_t size;             /* bytes: 1, 2, 4 or 8 */
  uint8_t reserved;
};

struct vir_header {
  uint32_t magic, version;
  uint64_t size;            /* total bytes of the blob */
  uint32_t nkernels, kernels_off;
  uint32_t nargs, args_off;
  uint32_t ninsns, insns_off;
  uint32_t nconsts, consts_off;
  uint32_t nextra, extra_off;
  uint32_t data_size, data_off;
  uint32_t strings_size, strings_off;
  uint32_t source_name;     /* string offset: the main source file name */
  uint32_t cl_std;          /* OpenCL C version built for, e.g. 120, 200, 300 */
  uint32_t nvars, vars_off; /* debug variables (struct vir_var); 0 0: none */
  uint32_t nrelocs, relocs_off; /* pointers in the data image (program-scope `p = &x`); 0 0: none */
};

/* Table accessors (the blob must have passed vir_module_check). */
#define VIR_TABLE(h, type, off) ((const type *)((const uint8_t *)(h) + (h)->off))
static inline const struct vir_kernel *vir_kernels(const struct vir_header *h) { return VIR_TABLE(h, struct vir_kernel, kernels_off); }
static inline const struct vir_arg *vir_args(const struct vir_header *h) { return VIR_TABLE(h, struct vir_arg, args_off); }
static inline const struct vir_insn *vir_insns(const struct vir_header *h) { return VIR_TABLE(h, struct vir_insn, insns_off); }
static inline const uint64_t *vir_consts(const struct vir_header *h) { return VIR_TABLE(h, uint64_t, consts_off); }
static inline const uint32_t *vir_extra(const struct vir_header *h) { return VIR_TABLE(h, uint32_t, extra_off); }
static inline const uint8_t *vir_data(const struct vir_header *h) { return VIR_TABLE(h, uint8_t, data_off); }
static inline const struct vir_var *vir_vars(const struct vir_header *h) { return VIR_TABLE(h, struct vir_var, vars_off); }
static inline const uint32_t *vir_relocs(const struct vir_header *h) { return VIR_TABLE(h, uint32_t, relocs_off); }
static inline const char *vir_string(const struct vir_header *h, uint32_t off) { return VIR_TABLE(h, char, strings_off) + off; }

/* Metadata generated from the tables (vir/vir_tables.c). */
extern const char *const vir_op_name[VIR_NUM_OPS];
extern const uint8_t vir_op_format[VIR_NUM_OPS];
extern const uint8_t vir_op_effect[VIR_NUM_OPS];
extern const uint8_t vir_format_role[VIR_NUM_FORMATS][4]; /* role of dst, a, b, c */
extern const char *const vir_format_syntax[VIR_NUM_FORMATS]; /* the disassembler's template */
extern const char *const vir_math_name[VIR_NUM_MATH];
extern const uint8_t vir_math_arity[VIR_NUM_MATH];

/* Operand i of an instruction: 0 dst, 1 a, 2 b, 3 c. */
static inline uint32_t *vir_operand(struct vir_insn *in, unsigned i) {
  return i == 0 ? &in->dst : i == 1 ? &in->a : i == 2 ? &in->b : &in->c;
}
static inline uint32_t vir_operand_value(const struct vir_insn *in, unsigned i) {
  return i == 0 ? in->dst : i == 1 ? in->a : i == 2 ? in->b : in->c;
}
/* The role of operand i of in (op < VIR_NUM_OPS), the conditional roles (DIM, VAL, CMP, ARG2, ARG3)
 * resolved to USE or NONE by the instruction's mod or size: the one place that says which fields
 * are registers. */
static inline enum vir_role vir_operand_role(const struct vir_insn *in, unsigned i) {
  enum vir_role r = (enum vir_role)vir_format_role[vir_op_format[in->op]][i];
  int used;
  switch (r) {
  case VIR_ROLE_DIM: used = in->size == 3; break;
  case VIR_ROLE_VAL: used = (in->mod & 15) != VIR_ATOM_LOAD; break;
  case VIR_ROLE_CMP: used = (in->mod & 15) == VIR_ATOM_CMPXCHG; break;
  case VIR_ROLE_ARG2: used = in->mod < VIR_NUM_MATH && vir_math_arity[in->mod] >= 2; break;
  case VIR_ROLE_ARG3: used = in->mod < VIR_NUM_MATH && vir_math_arity[in->mod] >= 3; break;
  default: return r;
  }
  return used ? VIR_ROLE_USE : VIR_ROLE_NONE;
}
static inline int vir_role_is_reg(enum vir_role r) { return r == VIR_ROLE_DEF || r == VIR_ROLE_USE; }

/* Disassembles every kernel of a checked blob (or only the one called only_kernel) to out, with
 * the lines of source_text (may be NULL) above the instructions they became (vir/vir_dis.c).
 * Returns the number of kernels printed. */
unsigned vir_disassemble(const void *blob, const char *source_text, const char *only_kernel, FILE *out);
/* One instruction (pc of kernel `kernel` of a checked blob) as vir_disassemble prints it, without
 * its pc and newline, into buf (truncated to len); the profile names each pc with it. */
void vir_disassemble_insn(const void *blob, uint32_t kernel, uint32_t pc, char *buf, size_t len);

/* The validator (vir/vir_check.c), the one definition of a well-formed module: the compiler runs it
 * on what it writes, the runtime on program binaries and cache entries, every SM on each module it
 * has not seen before it decodes it, so nothing downstream re-checks.  Validates a blob of `size`
 * bytes: header, every table in bounds, strings terminated, every register operand < nregs and none
 * written among the constants, every pc in range, every opcode, mod and size known, no kernel
 * falling off its end.  Returns 0, or -1 and a reason in why[why_len]. */
int vir_module_check(const void *blob, size_t size, char *why, size_t why_len);
/* Index of the kernel called name, or -1. */
int vir_module_find_kernel(const struct vir_header *h, const char *name);

#endif
