/* simlib.h - engine-level test harness for the simulator: a device arena, real SM processes
 * (the vgpu-sm worker, $VGPU_SM_HELPER), a small assembler for hand-written VIR modules,
 * and a launch helper.  No OpenCL runtime involved: these tests pin the virtual hardware down. */
#ifndef VGPU_TESTS_SIMLIB_H
#define VGPU_TESTS_SIMLIB_H
#include <stddef.h>
#include <stdint.h>
#include "sim/arena.h"
#include "sim/launch.h"
#include "tests/testlib.h"
#include "vir/vir.h"

struct simdev {
  struct vgpu_arena arena;
  struct vgpu_engine *engine;
  int nsms, warp;
  uint64_t allocs[256][2];
  unsigned nallocs;
  uint64_t pending[64], lastrun[64]; /* argument bytes for the next launch; temporaries of the last */
  unsigned npending, nlastrun;
};

/* Opens a device (arena of `arena_mb` MiB, nsms SM processes); exits 77 if no helper. */
void sim_open(struct simdev *d, unsigned arena_mb, int nsms, int warp, double watchdog_s);
void sim_close(struct simdev *d);
uint64_t sim_alloc(struct simdev *d, uint64_t size);
void sim_free(struct simdev *d, uint64_t off);
static inline void *sim_ptr(struct simdev *d, uint64_t off) { return d->arena.base + off; }

/* VIR assembler: registers [0, nregs) are the kernel's own; constants get registers after them. */
struct vb {
  struct vir_insn insns[4096];
  uint32_t ninsns;
  uint64_t consts[256];
  uint32_t nconsts;
  struct vir_arg args[32];
  uint32_t nargs;
  uint32_t extra[256];
  uint32_t nextra;
  char strings[4096];
  uint32_t strings_size;
  uint8_t data[4096];
  uint32_t data_size;
  uint32_t nregs, private_size, local_size, kname, line;
  uint32_t label[64];               /* label id -> pc (UINT32_MAX: not placed yet) */
  struct { uint32_t pc, field; int label; } fix[1024];
  uint32_t nfix;
};
#define VB_EXIT (-1) /* the label "function exit" (VIR_PC_EXIT) */
void vb_init(struct vb *b, const char *kernel, uint32_t nregs);
/* Emits one instruction; returns its pc.  The line is b->line if set, else pc + 1. */
uint32_t vb_op(struct vb *b, unsigned op, unsigned mod, unsigned size, uint32_t d, uint32_t a, uint32_t bb, uint32_t c);
/* A constant register holding v. */
uint32_t vb_k(struct vb *b, uint64_t v);
static inline uint32_t vb_kf(struct vb *b, float f) { uint32_t u; __builtin_memcpy(&u, &f, 4); return vb_k(b, u); }
void vb_arg(struct vb *b, unsigned kind, uint32_t reg, uint32_t size);
/* Patches the branch targets of an already emitted instruction. */
static inline struct vir_insn *vb_at(struct vb *b, uint32_t pc) { return &b->insns[pc]; }
/* Labels: place one at the next instruction; branches name labels and are patched at the end. */
void vb_label(struct vb *b, int label);
uint32_t vb_br(struct vb *b, int label);
uint32_t vb_cbr(struct vb *b, uint32_t cond, int if_true, int if_false, int reconverge);
/* Assembles the module (malloc'd). */
void *vb_finish(struct vb *b, size_t *size);

struct simlaunch {
  uint32_t work_dim;
  uint64_t global[3], local[3], offset[3];
  struct vgpu_launch_arg args[32];
  uint32_t nargs;
  int counters, no_alloc_table;
  uint32_t observers;       /* more observers (1u << VGPU_OBS_*): counters sets VGPU_OBS_COUNTERS */
  const char *trace_path;   /* VGPU_OBS_TRACE: the file (its arena buffer) */
  uint64_t printf_size, watchdog_ns, local_mem;
  uint32_t kernel;  /* kernel index in the module */
};
/* Compiles OpenCL C with the vgpu tool ($VGPU_TOOL; exits 77 without it); malloc'd VIR blob. */
void *sim_compile(const char *source, const char *options, size_t *size);
/* Assembles LLVM IR text with llvm-as ($VGPU_LLVM_AS) and links it with `vgpu link` (the builtin
 * library, then the lowering); named metadata !vgpu.opt_disable keeps LLVM's optimiser away, so
 * the lowering sees the IR as written.  Exits 77 without the tools. */
void *sim_compile_ir(const char *ir, size_t *size);
/* Index of a kernel by name (exits on failure). */
uint32_t sim_kernel(const void *blob, const char *name);
/* Argument helpers. */
void sim_arg_buf(struct simlaunch *l, uint64_t off);
void sim_arg_val(struct simdev *d, struct simlaunch *l, const void *bytes, uint64_t size);
void sim_arg_local(struct simlaunch *l, uint64_t size);
/* Runs kernel l->kernel of the module; returns the status; *rec (if not NULL) gets the launch record. */
int sim_run(struct simdev *d, const void *blob, size_t size, const struct simlaunch *l, struct vgpu_launch **rec);
/* Sum of the per-SM counters of a launch record. */
struct vgpu_counters sim_counters(const struct vgpu_launch *rec);
#endif
