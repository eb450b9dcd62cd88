/* observe.h - the host side of the observers (sim/observer.h): which ones a launch runs, their
 * arena buffers, and what becomes of their results (observe.c). */
#ifndef VGPU_OBSERVE_H
#define VGPU_OBSERVE_H
#include <stdint.h>
#include "runtime/object.h"
#include "sim/launch.h"

struct vgpu_command;
struct vgpu_ndrange;

/* What an observer's host part knows about the launch it serves. */
struct vgpu_observe_launch {
  struct vgpu_command *cmd;          /* the NDRange command (its event, its queue) */
  cl_command_queue queue;
  cl_device_id dev;
  const struct vgpu_ndrange *nd;     /* kernel, program, geometry */
  const struct vir_header *mod;      /* the executable's VIR */
  const char *kernel;                /* its name */
  struct vgpu_launch *L;             /* the launch record in the arena */
  int status;                        /* finish: enum vgpu_launch_status */
};

/* The set of observers for a launch on queue q (bit 1u << enum vgpu_obs_id). */
uint32_t vgpu_observe_choose(cl_command_queue q);
/* Allocates and fills the active observers' arena buffers (L->observers set): CL_SUCCESS, or
 * CL_OUT_OF_RESOURCES with nothing left allocated. */
cl_int vgpu_observe_prepare(const struct vgpu_observe_launch *o);
/* After the launch: each active observer's host part, then its buffer freed. */
void vgpu_observe_finish(const struct vgpu_observe_launch *o);
/* The program asked for the counters extension: every later launch collects counters. */
void vgpu_observe_want_counters(void);
/* CLOCK_MONOTONIC (ns) when the library was loaded: the zero of observers' timestamps. */
uint64_t vgpu_observe_clock_base(void);
#endif
