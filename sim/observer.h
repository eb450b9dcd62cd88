/* observer.h - the one narrow interface through which tools watch the virtual hardware (counters,
 * traces, extra checks).  The interpreter calls it per *warp* instruction, never per lane, and
 * only through one pointer: with no observer installed the hot loop tests that pointer and
 * nothing else (docs/design.md, "Observers" and decision 7; the shape of Oclgrind's Plugin hooks).
 * Every hook may be NULL.  Addresses are the tagged VIR pointer values (vir.h) of the active lanes;
 * lane l is active when bit l of mask is set. */
#ifndef VGPU_SIM_OBSERVER_H
#define VGPU_SIM_OBSERVER_H
#include <stdint.h>

struct vgpu_warp;
struct vgpu_group;

enum vgpu_space { VGPU_SPACE_GLOBAL, VGPU_SPACE_LOCAL, VGPU_SPACE_PRIVATE };

struct vgpu_observer {
  /* One warp instruction issued with `mask` active lanes (op: enum vir_op). */
  void (*insn)(void *ctx, const struct vgpu_warp *w, unsigned op, uint64_t mask);
  /* A conditional branch at decoded pc: `taken` of the `mask` lanes went to the true target. */
  void (*branch)(void *ctx, const struct vgpu_warp *w, uint32_t pc, uint64_t mask, uint64_t taken);
  /* One warp memory request (load, store, memcpy/memset piece) of `size` bytes per lane. */
  void (*mem)(void *ctx, const struct vgpu_warp *w, enum vgpu_space space, int is_store,
              const uint64_t *addr, uint64_t mask, unsigned size);
  /* One warp atomic instruction; each active lane is one atomic operation. */
  void (*atomic)(void *ctx, const struct vgpu_warp *w, enum vgpu_space space, const uint64_t *addr,
                 uint64_t mask, unsigned size);
  /* Every warp of the group passed the same barrier. */
  void (*barrier)(void *ctx, const struct vgpu_group *g);
  void (*group_begin)(void *ctx, const struct vgpu_group *g);
  void (*group_end)(void *ctx, const struct vgpu_group *g);
};

/* sim/observers/counters.c: fills a struct vgpu_counters (include/vgpu/counters.h); ctx is the
 * struct vgpu_counters. */
extern const struct vgpu_observer vgpu_counters_observer;
/* sim/observers/trace.c: VGPU_TRACE=FILE - each SM appends one text line per event (launch,
 * work-group begin/end, divergent branch with its source line, barrier) to FILE.  ctx: the SM. */
extern const struct vgpu_observer vgpu_trace_observer;
struct vgpu_sm;
int vgpu_trace_open(struct vgpu_sm *sm);            /* reads VGPU_TRACE; 0 when tracing */
void vgpu_trace_launch(struct vgpu_sm *sm, int begin); /* launch begin / end lines, flush */
#endif
