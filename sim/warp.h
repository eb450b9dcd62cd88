/* warp.h - the SM's internal state, shared by the files of the SM worker: the decoded kernel
 * (interp.c), warps and their SIMT reconvergence stack, the work-group (workgroup.c), the memory
 * path (mem.c), atomics, builtins and fault reports.
 *
 * Registers are stored lane by lane (structure of arrays): register r of lane l is
 * regs[r * width + l], so one VIR instruction is a short loop over the lanes of a warp that the C
 * compiler vectorises (docs/design.md, decision 5). */
#ifndef VGPU_SIM_WARP_H
#define VGPU_SIM_WARP_H
#include <stddef.h>
#include <stdint.h>
#include "sim/launch.h"
#include "sim/observer.h"
#include "vir/vir.h"

#define VGPU_WARP_MAX 64          /* masks are uint64_t */
#define VGPU_SIMT_STACK_MAX 1024  /* deeper means a malformed CFG: reported as a fault */

/* Decoded operations: the VIR opcodes, then pseudo-operations the decoder inserts or specialises. */
enum vgpu_dop {
#define VIR_OP(name, mnem, fmt, effect, doc) VGPU_D_##name,
#include "vir/vir_ops.def"
#undef VIR_OP
  VGPU_D_RECONV, /* reconvergence point: pops the SIMT stack when the running path reaches it */
  VGPU_D_LOAD_G4, VGPU_D_STORE_G4, /* global 4-byte accesses: the common case, checked in bulk */
  VGPU_D_SHLADD_I64, /* MADI_I64 by a constant power of two: d = (a << mod) + c */
  VGPU_D_LOAD_L4, VGPU_D_STORE_L4, /* __local 4-byte accesses (tiles in local memory) */
  VGPU_D_NUM
};
_Static_assert(VGPU_D_NUM <= 256, "struct vgpu_dinsn holds an op in 8 bits");

/* One decoded instruction.  Register operands are pre-multiplied by the warp width (an index into
 * regs), pcs are decoded indices; immediates are copied as they are. */
struct vgpu_dinsn {
  uint8_t op;    /* enum vgpu_dop */
  uint8_t mod, size;
  uint8_t sem;   /* the VIR instruction's memory order and scope (vir.h VIR_SEM) */
  uint32_t d, a, b, c;
};

/* A kernel decoded once per SM process (cache keyed by module offset, size and contents). */
struct vgpu_kcode {
  uint64_t module_off, module_size, hash;
  uint32_t kernel_index, width;
  struct vgpu_dinsn *code;
  uint32_t ncode;
  uint32_t *vir_pc;   /* decoded index -> VIR pc (fault reports) */
  uint32_t *line;     /* decoded index -> source line */
  uint32_t nregs;
  uint32_t scratch;   /* register index of a scratch register (absent operands point there) */
};

struct vgpu_simt_entry {
  uint32_t pc;   /* where this path resumes (decoded index; UINT32_MAX: function exit) */
  uint32_t rpc;  /* where it reconverges with the entry below */
  uint64_t mask;
};

enum vgpu_warp_state { VGPU_WARP_READY, VGPU_WARP_AT_BARRIER, VGPU_WARP_DONE };

struct vgpu_warp {
  uint64_t *regs;          /* (nregs + 1) * width */
  uint8_t *priv;           /* width * private_size */
  uint64_t *lid[3];        /* local id of each lane, per dimension */
  uint64_t init_mask;      /* lanes that hold a work-item */
  unsigned width;          /* lanes */
  unsigned index;          /* warp index in the group (sub-group id) */
  int state;               /* enum vgpu_warp_state */
  uint32_t pc;             /* resume point while waiting at a barrier */
  int sp;                  /* top of the SIMT stack */
  struct vgpu_simt_entry *stack;
  int stack_cap;
  struct vgpu_group *group;
};

struct vgpu_group {
  uint64_t id[3];          /* group id */
  uint64_t size[3];        /* this group's local size (the last group of a dimension may be smaller) */
  uint64_t base[3];        /* global id of its local id 0: id * enqueued local size + offset */
  uint64_t items;
  unsigned nwarps;
  struct vgpu_warp *warps;
  uint8_t *local;          /* local memory of the group */
  uint64_t local_bytes;    /* static + __local arguments */
};

struct vgpu_sm {
  /* process */
  uint8_t *arena;
  uint64_t arena_size;
  int index;
  unsigned width;
  uint64_t local_mem_size;
  /* the launch being run */
  struct vgpu_launch *launch;
  const struct vir_header *mod;
  const struct vir_kernel *kernel;
  const struct vgpu_kcode *kc;
  const struct vgpu_observer *obs; /* the one the interpreter calls (observer.h); NULL: none */
  void *obs_ctx;
  struct vgpu_obs_set obs_set;     /* the active observers of this launch */
  struct vgpu_counters counters;
  uint64_t deadline_ns;    /* watchdog: CLOCK_MONOTONIC */
  int wd_count;            /* backward branches until the next clock read (kept across warps and
                              barriers, so a loop around a barrier is watched too) */
  const struct vgpu_launch_alloc *allocs;
  uint32_t nallocs;
  uint64_t hit_lo, hit_hi; /* last allocation an access fell in */
  uint64_t (*pc_hit)[2];   /* per decoded instruction: the allocation its last request fell in */
  size_t pc_hit_cap;
  int faulted;             /* this SM raised (or saw) a fault: stop */
  const struct vgpu_warp *fault_warp; /* the fault this SM claimed, to explain (vgpu_fault_finish) */
  int fault_lane;
  uint32_t fault_dpc;
  uint64_t groups_run;     /* work-groups this SM ran in this launch */
  /* storage reused from group to group */
  struct vgpu_group group;
  unsigned warps_cap;
  uint8_t *local_buf;
  size_t local_cap;
  uint8_t *priv_buf;
  size_t priv_cap;
  uint64_t *reg_buf;
  size_t reg_cap;
  uint64_t *lid_buf;
  size_t lid_cap;
  uint64_t lid_shape[3];   /* the group size lid_buf holds local ids for (0: none yet) */
  uint64_t priv_stride;    /* bytes between two lanes' private frames (16-byte aligned) */
};

enum vgpu_run { VGPU_RUN_DONE, VGPU_RUN_BARRIER, VGPU_RUN_FAULT };

/* interp.c */
/* The launch's kernel decoded (cached by module place, contents hash, kernel and width); NULL: out
 * of memory.  The module must have passed vir_module_check. */
const struct vgpu_kcode *vgpu_interp_decode(struct vgpu_sm *sm, uint64_t module_hash);
int vgpu_interp_run(struct vgpu_sm *sm, struct vgpu_warp *w);  /* enum vgpu_run */
/* The loop per instruction set (interp_run.c), which vgpu_interp_run chooses between. */
int vgpu_interp_run_base(struct vgpu_sm *sm, struct vgpu_warp *w);
int vgpu_interp_run_avx2(struct vgpu_sm *sm, struct vgpu_warp *w);
const char *vgpu_interp_op_name(unsigned op);
/* The interpreter runs its AVX2 loop (VGPU_ISA and the CPU decide, once): the counters' loops follow. */
int vgpu_interp_avx2(void);                  /* mnemonic of a VIR opcode */

/* workgroup.c: runs the launch's groups until none remain; enum vgpu_launch_status */
int vgpu_group_run_all(struct vgpu_sm *sm);

/* mem.c: the one load/store path.  addr[l] are tagged VIR pointers; return 0 or -1 (fault raised). */
int vgpu_mem_load(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                  const uint64_t *addr, unsigned size, uint64_t *dst);
int vgpu_mem_store(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                   const uint64_t *addr, unsigned size, const uint64_t *src, int constant);
/* Translates [addr, addr + len) of one lane to a host pointer, checking it; NULL after a fault. */
uint8_t *vgpu_mem_lane(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, unsigned lane,
                       uint64_t addr, uint64_t len, int is_store, const char *what);
int vgpu_mem_copy(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                  const uint64_t *dst, const uint64_t *src, const uint64_t *len);
int vgpu_mem_set(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                 const uint64_t *dst, const uint64_t *byte, const uint64_t *len);

/* atomics.c: one ATOMIC instruction for the active lanes, in lane order. */
int vgpu_atomic_exec(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                     const struct vgpu_dinsn *in);

/* math.c: MATH_F32 / MATH_F64 (fn = enum vir_math) for the lanes in mask. */
void vgpu_math_f32(unsigned fn, unsigned width, uint64_t mask, uint64_t *d, const uint64_t *a,
                   const uint64_t *b, const uint64_t *c);
void vgpu_math_f64(unsigned fn, unsigned width, uint64_t mask, uint64_t *d, const uint64_t *a,
                   const uint64_t *b, const uint64_t *c);

/* subgroup.c: one SUBGROUP instruction (mod = kind | op << 4, type = enum vir_type) over the active
 * lanes of a warp; x op y, and op's identity (an exclusive scan's first value), in a type's
 * canonical register form. */
void vgpu_subgroup_exec(unsigned mod, unsigned type, unsigned width, uint64_t mask, uint64_t *d,
                        const uint64_t *a, const uint64_t *b);
uint64_t vgpu_sg_combine(unsigned op, unsigned type, uint64_t x, uint64_t y);
uint64_t vgpu_sg_identity(unsigned op, unsigned type);
/* wgroup.c: one WGROUP instruction over every work-item of the group, all of whose warps wait at it. */
void vgpu_wgroup_exec(const struct vgpu_group *g, const struct vgpu_dinsn *in);
/* printf.c: appends one record per active lane to the launch's printf buffer. */
int vgpu_printf_exec(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                     const struct vgpu_dinsn *in);

/* texture.c: one IMG_READ, IMG_WRITE or IMG_QUERY for the lanes in mask: 0, or -1 when it raised a
 * fault (a bad image or request block).  *texels: texels fetched or written; *filter_texels: texels
 * weighted by linear filtering. */
int vgpu_texture_exec(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                      const struct vgpu_dinsn *in, uint64_t *texels, uint64_t *filter_texels);

/* fault.c: claims the launch's fault record (first fault wins) for `lane` of warp w at decoded pc
 * (w NULL: no work-item) and writes the full report.  Marks the SM faulted. */
void vgpu_fault_raise(struct vgpu_sm *sm, const struct vgpu_warp *w, int lane, uint32_t pc,
                      int status, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* fault.c: records a finding (VGPU_CHECKS=1) the same way, without stopping the launch. */
void vgpu_finding_raise(struct vgpu_sm *sm, const struct vgpu_warp *w, int lane, uint32_t pc,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
uint64_t vgpu_now_ns(void);
/* Completes the report of the fault this SM claimed, once the interpreter has returned (the warp's
 * state is then written back): called by the work-group loop. */
void vgpu_fault_finish(struct vgpu_sm *sm);
/* fault_explain.c: appends to the NUL-terminated report buf[len] the machine's state at the fault
 * (mask, reconvergence stack, operands per lane, the lane's variables, the buffer by argument). */
void vgpu_fault_explain(struct vgpu_sm *sm, const struct vgpu_warp *w, int lane, uint32_t pc, char *buf,
                        size_t len);
/* Append the warp's mask and reconvergence stack / the register operands of the instruction at
 * decoded pc in every active lane (the same text as fault reports). */
void vgpu_describe_stack(const struct vgpu_sm *sm, const struct vgpu_warp *w, uint32_t pc, char *buf, size_t len);
void vgpu_describe_operands(const struct vgpu_sm *sm, const struct vgpu_warp *w, uint32_t pc, char *buf, size_t len);
/* A value's bits printed as its source type (enum vir_var_enc) says. */
void vgpu_format_value(char *buf, size_t len, uint64_t bits, unsigned enc, unsigned size);
/* Reads size bytes at the tagged address addr as lane `lane` would: 0, or -1 outside memory. */
int vgpu_peek(const struct vgpu_sm *sm, const struct vgpu_warp *w, unsigned lane, uint64_t addr, unsigned size,
              uint64_t *bits);
/* The value of debug variable v in `lane`: 0, or -1 when its memory cannot be read. */
int vgpu_var_value(const struct vgpu_sm *sm, const struct vgpu_warp *w, unsigned lane, const struct vir_var *v,
                   uint64_t *bits);

static inline uint64_t vgpu_full_mask(unsigned width) {
  return width >= 64 ? ~0ull : (1ull << width) - 1;
}
#endif
