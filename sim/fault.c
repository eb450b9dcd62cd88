/* fault.c - fault reports.  The first faulting lane of a launch, on any SM, claims the launch's
 * fault record with an atomic exchange (first fault wins, as a GPU reports the first exception),
 * and writes a report a developer can act on: the kernel, the source line and VIR instruction, the
 * work-item's global, local and group ids, and the reason with the address and buffer bounds.
 * Every SM stops taking work-groups once the record is claimed.  A finding (VGPU_CHECKS=1: code
 * whose result the specification leaves unspecified, such as an integer division by zero) gets
 * the same report in a record of its own and does not stop the launch. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "sim/warp.h"

uint64_t vgpu_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void vgpu_fault_finish(struct vgpu_sm *sm) {
  const struct vgpu_warp *w = sm->fault_warp;
  if (!w) return;
  sm->fault_warp = NULL;
  struct vgpu_fault *f = &sm->launch->fault;
  f->mask = w->sp >= 0 ? w->stack[w->sp].mask : 0;
  vgpu_fault_explain(sm, w, sm->fault_lane, sm->fault_dpc, f->message, sizeof f->message);
}

/* Writes the report of record f (already claimed) for `lane` of warp w at decoded pc. */
static void report(struct vgpu_sm *sm, const struct vgpu_warp *w, int lane, uint32_t pc,
                   struct vgpu_fault *f, const char *why) {
  const char *kname = sm->kernel ? vir_string(sm->mod, sm->kernel->name) : "?";
  const char *src = sm->mod ? vir_string(sm->mod, sm->mod->source_name) : "";
  int n = snprintf(f->message, sizeof f->message, "kernel '%s': %s", kname, why);
  if (sm->kc && pc < sm->kc->ncode) {
    f->pc = sm->kc->vir_pc[pc];
    f->line = sm->kc->line[pc];
    unsigned op = sm->kc->code[pc].op;
    const char *mnem = op < VIR_NUM_OPS ? vgpu_interp_op_name(op)
                       : op == VGPU_D_LOAD_G4 || op == VGPU_D_LOAD_L4 ? "ld"
                       : op == VGPU_D_STORE_G4 || op == VGPU_D_STORE_L4 ? "st"
                       : op == VGPU_D_SHLADD_I64 ? vgpu_interp_op_name(VIR_MADI_I64) : "reconv";
    if (n > 0 && (size_t)n < sizeof f->message) {
      if (f->line)
        n += snprintf(f->message + n, sizeof f->message - n, "\n  at %s:%u (VIR pc %u: %s)",
                      *src ? src : "<source>", f->line, f->pc, mnem);
      else
        n += snprintf(f->message + n, sizeof f->message - n, "\n  at VIR pc %u: %s (no line information)",
                      f->pc, mnem);
    }
  }
  if (w && lane >= 0) {
    const struct vgpu_group *g = w->group;
    unsigned dims = sm->launch->work_dim;
    for (unsigned d = 0; d < 3; d++) {
      int in = d < dims;
      f->local_id[d] = in ? w->lid[d][lane] : 0;
      f->group_id[d] = in ? g->id[d] : 0;
      f->global_id[d] = in ? g->base[d] + w->lid[d][lane] : 0;
    }
    f->warp = w->index;
    f->lane = (uint32_t)lane;
    f->sm = (uint32_t)sm->index;
    f->has_lane = 1;
    /* the machine's state is added when the interpreter has stopped (vgpu_fault_finish): inside a
     * memory request its SIMT stack pointer is not yet written back */
    if (f == &sm->launch->fault) {
      sm->fault_warp = w;
      sm->fault_lane = lane;
      sm->fault_dpc = pc;
    }
    if (n > 0 && (size_t)n < sizeof f->message)
      snprintf(f->message + n, sizeof f->message - n,
               "\n  work-item global (%llu,%llu,%llu) local (%llu,%llu,%llu) group (%llu,%llu,%llu), "
               "sub-group %u lane %d, SM %d",
               (unsigned long long)f->global_id[0], (unsigned long long)f->global_id[1],
               (unsigned long long)f->global_id[2], (unsigned long long)f->local_id[0],
               (unsigned long long)f->local_id[1], (unsigned long long)f->local_id[2],
               (unsigned long long)f->group_id[0], (unsigned long long)f->group_id[1],
               (unsigned long long)f->group_id[2], w->index, lane, sm->index);
  } else if (n > 0 && (size_t)n < sizeof f->message) {
    snprintf(f->message + n, sizeof f->message - n, " (SM %d)", sm->index);
  }
}

void vgpu_fault_raise(struct vgpu_sm *sm, const struct vgpu_warp *w, int lane, uint32_t pc,
                      int status, const char *fmt, ...) {
  struct vgpu_fault *f = &sm->launch->fault;
  sm->faulted = 1;
  if (atomic_exchange(&f->claimed, 1)) return; /* another lane or SM was first */
  f->status = (uint32_t)status;
  char why[VGPU_FAULT_MSG];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  report(sm, w, lane, pc, f, why);
}

void vgpu_finding_raise(struct vgpu_sm *sm, const struct vgpu_warp *w, int lane, uint32_t pc,
                        const char *fmt, ...) {
  struct vgpu_fault *f = &sm->launch->finding;
  atomic_fetch_add(&sm->launch->nfindings, 1);
  if (atomic_exchange(&f->claimed, 1)) return; /* only the first one is described */
  f->status = VGPU_LAUNCH_OK;
  char why[VGPU_FAULT_MSG];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  report(sm, w, lane, pc, f, why);
}
