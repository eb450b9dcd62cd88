/* launch.h - how a kernel launch travels from the runtime's command processor to the SM processes.
 *
 * The runtime writes a struct vgpu_launch (and the buffers it points to) into the device arena,
 * then calls vgpu_engine_launch(), which wakes every SM process of the device.  Each SM takes
 * work-groups from the shared counter next_group (the block scheduler: an atomic fetch-add in
 * shared memory, so faster SMs take more groups, as a GPU's scheduler hands out thread blocks) and
 * runs each group whole.  When the counter is exhausted every SM reports back; the first fault wins
 * the fault record and stops further groups from starting.
 *
 *   clEnqueueNDRangeKernel -> queue -> command processor thread -> vgpu_engine_launch
 *        -> [socket message] -> SM process x S -> interp -> [socket reply] -> event complete */
#ifndef VGPU_LAUNCH_H
#define VGPU_LAUNCH_H
#include <stdint.h>
#include "sim/observer.h"
#include "vgpu/counters.h"

#define VGPU_MAX_SMS 64
#define VGPU_FAULT_MSG 8192 /* the report shows every active lane's operands (sim/fault_explain.c) */

enum vgpu_launch_status { VGPU_LAUNCH_OK = 0, VGPU_LAUNCH_FAULT = 1, VGPU_LAUNCH_TIMEOUT = 2,
                          VGPU_LAUNCH_SM_CRASH = 3, VGPU_LAUNCH_BARRIER_DIVERGENCE = 4,
                          VGPU_LAUNCH_OUT_OF_RESOURCES = 5,
                          VGPU_LAUNCH_DEBUGGER_QUIT = 6 /* `quit` in `vgpu debug` ended the kernel */ };

struct vgpu_fault {
  _Atomic uint32_t claimed;   /* 0 until the first faulting lane claims the record */
  uint32_t status;            /* enum vgpu_launch_status */
  uint64_t global_id[3], local_id[3], group_id[3];
  uint32_t pc, line;
  uint32_t warp, lane, sm;    /* the faulting lane: sub-group (warp) index, lane, SM */
  uint32_t has_lane;          /* the fields above and the ids name a work-item */
  uint64_t mask;              /* the warp's active lanes at the fault */
  char message[VGPU_FAULT_MSG]; /* full human-readable report, kernel name and source line included */
};

/* Every offset is an arena offset. */
struct vgpu_launch {
  uint64_t module_off, module_size; /* the VIR blob (code segment) */
  uint32_t kernel_index;
  uint32_t work_dim;
  uint64_t data_off;                /* this program's data segment in this arena */
  uint64_t global_size[3], global_offset[3];
  uint64_t local_size[3];           /* the enqueued local size */
  uint64_t num_groups[3];           /* ceil(global / local): the last group may be partial */
  uint64_t total_groups;
  _Atomic uint64_t next_group;      /* block scheduler */
  /* Arguments: args_off points to nargs struct vgpu_launch_arg. */
  uint64_t args_off;
  uint32_t nargs;
  uint32_t local_mem_size;          /* device limit (static + __local args must fit) */
  /* printf: records are appended by SMs with an atomic bump of printf_used. */
  uint64_t printf_off, printf_size;
  _Atomic uint64_t printf_used;
  /* Observers (sim/observer.h): which ones run, decided by the runtime (runtime/observe.c). */
  uint32_t observers;               /* bit 1u << enum vgpu_obs_id for each active one */
  uint32_t nsms;
  struct vgpu_obs_buf { uint64_t off, size; } obs_buf[VGPU_OBS_MAX]; /* per observer: arena buffer
                                       (zeroed by the runtime; off 0: none) */
  uint64_t clock_base_ns;           /* CLOCK_MONOTONIC of the host program's start: observers'
                                       timestamps are relative to it (one clock for all processes) */
  struct vgpu_counters counters[VGPU_MAX_SMS]; /* the counters observer: one slot per SM, summed by
                                                  the runtime */
  uint64_t watchdog_ns;
  struct vgpu_fault fault;
  /* Added by the simulator (additive).  Live allocations for the global bounds check: allocs_off
   * points to nallocs struct vgpu_launch_alloc sorted by start, covering every allocation a kernel
   * may touch (buffers, program data segments).  nallocs == 0: accesses are checked against the
   * arena only.  An access that is not inside one allocation faults (VGPU_LAUNCH_FAULT). */
  uint64_t allocs_off;
  uint32_t nallocs;
  uint32_t reserved0;
  _Atomic uint64_t printf_dropped;  /* printf records that did not fit (printf returned -1) */
  /* VGPU_SCHEDULE=random:SEED (runtime/config.c), carried here: the SMs read no environment.
   * schedule_random 1: the work-groups run one at a time in an order drawn from the seed, each on an
   * SM drawn from it, and a group's warps in an order drawn anew at each barrier interval
   * (sim/schedule.c); the same seed gives the same order, so an order-dependent result replays. */
  uint32_t schedule_random;
  uint32_t reserved1;
  uint64_t schedule_seed;
  _Atomic uint64_t schedule_turn;   /* position in that order of the group allowed to run now */
  /* VGPU_CHECKS=1 findings: operations with an unspecified result that do not fail the launch
   * (integer division by zero, OpenCL C 3.0 s6.5.1 "Arithmetic Operators"); the first is described, all are counted. */
  _Atomic uint64_t nfindings;
  struct vgpu_fault finding;
  /* A serial launch (the debugger observer is active: sim/observers/debugger.c): work-group g runs
   * on SM g % nactive, one at a time in group order, so a debugging session replays exactly. */
  uint32_t nactive;                 /* SMs the engine woke for this launch */
  _Atomic uint32_t pausing;         /* nonzero while a debugger holds the device paused */
  _Atomic uint64_t turn;            /* the next group of a serial launch */
  _Atomic uint64_t paused_ns;       /* total time the device was paused: not watchdog time */
  /* Device-side enqueue (include/vgpu/device_queue.h): get_default_queue()'s value (the device
   * queue's arena address, 0: none) and CL_DEVICE_MAX_WORK_GROUP_SIZE, for WORKITEM DEVICE_INFO. */
  uint64_t default_queue;
  uint32_t max_wg_size;
  uint32_t reserved2;
};

/* One live allocation [start, start + size) of the device arena (see allocs_off). */
struct vgpu_launch_alloc {
  uint64_t start, size;
};

/* One kernel argument as the simulator consumes it. */
struct vgpu_launch_arg {
  uint64_t value;     /* GLOBAL/CONSTANT_PTR: device address (0 = NULL); LOCAL_PTR: byte size;
                         SAMPLER: sampler bits; VALUE/BYVAL: arena offset of the bytes */
  uint64_t size;      /* bytes given to clSetKernelArg */
  uint64_t mem_size;  /* GLOBAL/CONSTANT_PTR: the size of the cl_mem (fault reports; 0: unknown) */
};

/* One printf call by one work-item (OpenCL C 3.0 s6.15.14): an SM appends it at printf_off +
 * atomic_fetch_add(&printf_used, size).  A record that would end past printf_size is not written
 * (printf returns -1 in the kernel; printf_used may then exceed printf_size).  The SMs reserve with
 * a compare-and-swap, so in practice printf_used never exceeds printf_size and every byte below
 * it belongs to a complete record; a dropped record is counted in printf_dropped.  The runtime formats
 * the records in buffer order after the launch completes (runtime/printf_format.c).
 * Vector arguments are flattened: one item per element, in order (a %v4f consumes 4 items). */
struct vgpu_printf_item {
  uint32_t type;      /* enum vir_type of the value (VIR_T_PTR: %s / %p argument) */
  uint32_t reserved;
  uint64_t bits;      /* the register's canonical 64 bits (vir_ops.def); PTR: device address */
};
struct vgpu_printf_record {
  uint32_t size;      /* bytes of the record, header and items included, a multiple of 8 */
  uint32_t nitems;    /* struct vgpu_printf_item that follow the header */
  uint64_t format;    /* arena offset of the NUL-terminated format string */
  /* struct vgpu_printf_item items[nitems]; */
};

/* The device's SM processes (sim/engine.c).  Used by the runtime's command processor. */
struct vgpu_engine;
struct vgpu_arena;
struct vgpu_engine_config { int nsms; int warp_size; uint64_t local_mem_size; double watchdog_s;
                            const char *helper_path; /* the `vgpu` binary: SMs run as `vgpu-sm` from the same
                                                       folder when it exists, else as `vgpu sm ...` */ };
int vgpu_engine_create(struct vgpu_engine **e, struct vgpu_arena *arena, const struct vgpu_engine_config *cfg);
/* Runs the launch at arena offset launch_off to completion (blocking: called from the device's
 * command processor thread).  Detects crashed or hung SM processes, restarts them and reports
 * VGPU_LAUNCH_SM_CRASH / VGPU_LAUNCH_TIMEOUT.  Returns enum vgpu_launch_status. */
int vgpu_engine_launch(struct vgpu_engine *e, uint64_t launch_off);
void vgpu_engine_destroy(struct vgpu_engine *e);
/* Where a __local pointer argument of `size` bytes starts in a group's local memory, after
 * `used` bytes: aligned to the largest power of two dividing its size, at most 128 (the alignment
 * of double16).  A T[n] argument's size is a multiple of alignof(T), a power of two, so the
 * pointer is aligned for its type (OpenCL C 3.0 s6.3.5; the CTS's kernel_memory_alignment_local
 * checks it).  The SM places the arguments so, and the runtime sizes local memory the same way;
 * each argument then takes its size rounded up to 16 bytes (allocation granules, as on a GPU: a
 * kernel that overruns its __local argument by a few bytes, as piglit's atomic_int64_cmpxchg-local
 * does with an 8-byte argument holding two longs, does not fault). */
static inline uint64_t vgpu_local_arg_offset(uint64_t used, uint64_t size) {
  uint64_t align = size & (~size + 1); /* lowest set bit */
  if (!align || align > 128) align = 128;
  return (used + align - 1) & ~(align - 1);
}
#endif
