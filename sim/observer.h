/* observer.h - the one narrow interface through which tools watch the virtual hardware: counters,
 * the per-line profile, the extra checks of VGPU_CHECKS, the text trace (and whatever comes next).
 *
 * WHICH observers run is decided once per launch by the runtime (runtime/observe.c, from its parsed
 * configuration, and whether the program asked for the cl_vgpu_counters extension) and travels in the launch record: struct vgpu_launch's `observers`
 * bit set (bit 1u << VGPU_OBS_<ID>) and, per observer, an arena buffer obs_buf[VGPU_OBS_<ID>] the
 * runtime allocated and zeroed (SMs write their results there; the runtime reads them after the
 * launch).  SM processes read no environment variable for it.
 *
 * HOW they run: the SM (sm_main.c) calls launch_begin of every active observer, in the order of
 * observers.def, and installs one observer in sm->obs: that observer itself when one is active, the
 * composite (compose.c, which calls each active one in turn) when several are, NULL when none is.
 * The interpreter calls per *warp* instruction, never per lane, and only through that one pointer:
 * with no observer the hot loop tests the pointer and nothing else (docs/design.md, "Observers";
 * the shape of Oclgrind's Plugin hooks).
 *
 * ADDING AN OBSERVER: one new file sim/observers/NAME.c defining `const struct vgpu_observer
 * vgpu_NAME_observer`, and one line VGPU_OBSERVER(NAME_ID, vgpu_NAME_observer) in
 * sim/observers/observers.def (which makes VGPU_OBS_NAME_ID and the SM's table).  Its host side -
 * when to turn it on, how big its arena buffer is, what to do with it after the launch - is one
 * line of the host table in runtime/observe.c (plus its setting in runtime/config.c, where every
 * VGPU_* variable is parsed).
 *
 * Every hook may be NULL.  pc is the decoded instruction index: sm->kc->vir_pc[pc] is the VIR pc and
 * sm->kc->line[pc] the source line.  Addresses are the tagged VIR pointer values (vir.h) of the
 * active lanes; lane l is active when bit l of mask is set. */
#ifndef VGPU_SIM_OBSERVER_H
#define VGPU_SIM_OBSERVER_H
#include <stdint.h>

struct vgpu_sm;
struct vgpu_warp;
struct vgpu_group;
struct vgpu_dinsn;

enum vgpu_space { VGPU_SPACE_GLOBAL, VGPU_SPACE_LOCAL, VGPU_SPACE_PRIVATE };

/* The observers, in dispatch order. */
enum vgpu_obs_id {
#define VGPU_OBSERVER(id, hooks) VGPU_OBS_##id,
#include "sim/observers/observers.def"
#undef VGPU_OBSERVER
  VGPU_OBS_COUNT
};
#define VGPU_OBS_MAX 16 /* slots in the launch record (launch.h); VGPU_OBS_COUNT <= VGPU_OBS_MAX */

struct vgpu_observer {
  /* Observers (bits 1u << VGPU_OBS_*) whose whole job this one does as well when both are active:
   * those are then not started (the profile publishes the counters' totals too, so the memory
   * model of a request runs once). */
  uint32_t subsumes;
  /* Launch begin, in the SM, before any group: returns the ctx every other hook of this launch gets
   * (sm->launch->obs_buf[id] is the observer's arena buffer).  NULL: the launch fails with
   * VGPU_LAUNCH_OUT_OF_RESOURCES (launch_begin has raised the fault). */
  void *(*launch_begin)(struct vgpu_sm *sm);
  /* Launch end, in the SM, after its last group (also after a fault): publish results. */
  void (*launch_end)(void *ctx, struct vgpu_sm *sm);
  /* One warp instruction issued with `mask` active lanes (op: enum vir_op).  The hottest hook, so
   * it gets the decoded instruction, not its pc (a division the counters do not need): the pc is
   * in - sm->kc->code. */
  void (*insn)(void *ctx, const struct vgpu_warp *w, const struct vgpu_dinsn *in, unsigned op, uint64_t mask);
  /* A conditional branch at pc: `taken` of the `mask` lanes go to the VIR branch's true target. */
  void (*branch)(void *ctx, const struct vgpu_warp *w, uint32_t pc, uint64_t mask, uint64_t taken);
  /* One warp memory request (load, store, memcpy/memset piece) of `size` bytes per lane, before it
   * is performed; val: the values a store writes (NULL for loads and copies).  Nonzero: the
   * observer raised a fault (vgpu_fault_raise) and the request is not performed. */
  int (*mem)(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space, int is_store,
             const uint64_t *addr, uint64_t mask, unsigned size, const uint64_t *val);
  /* One warp atomic instruction, before it is performed; each active lane is one atomic operation
   * (its kind: sm->kc->code[pc].mod & 15, enum vir_atomic).  An observer that raises a fault
   * (vgpu_fault_raise) stops the instruction. */
  void (*atomic)(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space,
                 const uint64_t *addr, uint64_t mask, unsigned size);
  /* One warp image request (IMG_READ or IMG_WRITE, texture.c) at pc, after it was performed: the
   * texels it fetched or wrote, and how many of them linear filtering weighted. */
  void (*texture)(void *ctx, const struct vgpu_warp *w, uint32_t pc, int is_write, uint64_t mask,
                  uint64_t texels, uint64_t filter_texels);
  /* The same atomic instruction once performed (not called when it faulted): what an access reads
   * is known only now.  Its memory order: sm->kc->code[pc].sem (vir.h VIR_SEM). */
  void (*atomic_done)(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space,
                      const uint64_t *addr, uint64_t mask, unsigned size);
  /* A FENCE at pc was performed by the `w`'s active lanes (code[pc].mod: flags, .sem: order, scope). */
  void (*fence)(void *ctx, const struct vgpu_warp *w, uint32_t pc);
  /* A warp reached the barrier at pc and waits there for the rest of its group (called once per
   * warp and barrier, outside the interpreter loop: a barrier's wait is seen without an insn hook,
   * whose call on every instruction costs the interpreter several times its speed). */
  void (*barrier_arrive)(void *ctx, const struct vgpu_warp *w, uint32_t pc);
  /* Every warp of the group passed the same barrier: each warp's pc is the instruction after it
   * (code[pc - 1] is the BARRIER, its mod the fence flags). */
  void (*barrier)(void *ctx, const struct vgpu_group *g);
  void (*group_begin)(void *ctx, const struct vgpu_group *g);
  void (*group_end)(void *ctx, const struct vgpu_group *g);
};

#define VGPU_OBSERVER(id, hooks) extern const struct vgpu_observer hooks;
#include "sim/observers/observers.def"
#undef VGPU_OBSERVER

/* The counters' cost model of one warp memory request (counters.c), shared with the profile. */
struct vgpu_counters;
void vgpu_counters_mem(struct vgpu_counters *c, enum vgpu_space space, const uint64_t *addr, uint64_t mask,
                       unsigned size);

/* The active observers of the SM's current launch (compose.c). */
struct vgpu_obs_set {
  unsigned n;
  const struct vgpu_observer *obs[VGPU_OBS_COUNT];
  void *ctx[VGPU_OBS_COUNT];
};
/* Starts the observers of sm->launch->observers and installs sm->obs / sm->obs_ctx: 0, or -1 with
 * a fault raised. */
int vgpu_observers_begin(struct vgpu_sm *sm);
void vgpu_observers_end(struct vgpu_sm *sm);
#endif
