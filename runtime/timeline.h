/* timeline.h - VGPU_TIMELINE=FILE.json: everything the platform did, on one clock, as a Chrome
 * Trace Event file (the JSON object form, {"traceEvents": [...]}) that ui.perfetto.dev and
 * chrome://tracing open.  Tracks (docs/timeline.md):
 *   host process      one track per host thread: every cl* entry point the application called;
 *   command queues    one track per queue: each command from CL_PROFILING_COMMAND_START to _END,
 *                     with its QUEUED/SUBMIT/START/END values (exactly clGetEventProfilingInfo's);
 *   compiler          each build, compile and link (the `vgpu build` helper process, or the cache);
 *   interconnect      one track per link and direction: each transfer's hop over it, lasting the
 *                     model's time (runtime/links.c);
 *   device D          launches and buffer migrations, then one track per SM with its work-groups,
 *                     barrier waits and divergent branches (recorded by the SM processes in the
 *                     arena, sim/observers/timeline.h, converted here after each launch).
 * Every time is CLOCK_MONOTONIC, the clock of the profiling info and of the SM processes.
 * Events go to a buffer of the thread that records them and reach the file at clFinish, when a
 * buffer grows large, and at exit; the file is valid JSON after every write. */
#ifndef VGPU_TIMELINE_H
#define VGPU_TIMELINE_H
#include <stdint.h>
#include <CL/cl.h>

struct vgpu_launch;
struct vgpu_arena;

/* Non-zero when VGPU_TIMELINE names a file that could be created. */
int vgpu_timeline_on(void);
uint64_t vgpu_timeline_now(void);
/* The calling thread called entry point `name` at t0 and it returned now. */
void vgpu_timeline_api(const char *name, uint64_t t0);
/* The command that event e stands for is complete (called by the command processor, with the
 * scheduler lock held, so that clFinish's flush sees it). */
void vgpu_timeline_command(cl_command_queue q, cl_event e);
/* What the command now running on this thread works on: a kernel name, a byte count. */
void vgpu_timeline_kernel(const char *name);
void vgpu_timeline_bytes(uint64_t bytes);
/* A build/compile/link of program p ran from t0 to now (from_cache: the cache answered). */
void vgpu_timeline_build(cl_program p, const char *command, const char *options, uint64_t t0, int status,
                         int from_cache);
/* bytes were copied from t0 to now into a device's arena, from another's (from) or from host
 * memory (from NULL). */
void vgpu_timeline_migrate(const struct vgpu_arena *to, const struct vgpu_arena *from, uint64_t bytes, uint64_t t0);
/* One hop of a modelled transfer (runtime/links.c) over link `link` in direction `way` (0: from
 * its first end), from t0 for its modelled dur_ns, sharing the link with share - 1 others. */
void vgpu_timeline_link(unsigned link, int way, const char *from, const char *to, uint64_t bytes, uint64_t t0,
                        uint64_t dur_ns, int share);
/* The SMs' timeline buffers of a launch (nsms struct vgpu_tl_sm, sim/observers/timeline.h): their size,
 * and their preparation just before the launch starts (headers cleared, the start time noted). */
uint64_t vgpu_timeline_sm_size(unsigned nsms);
void vgpu_timeline_sm_fill(void *buf, unsigned nsms);
/* A launch on dev is over (status: enum vgpu_launch_status): its slice from the fill to now, and
 * what its SMs recorded in buf (NULL: nothing).  enqueued_by: the kernel that enqueued this one
 * (device-side enqueue), shown with the slice; NULL for a launch the host enqueued. */
void vgpu_timeline_launch(cl_device_id dev, const struct vgpu_launch *L, const char *kernel, const char *file,
                          const void *buf, int status, const char *enqueued_by);
/* Writes what every thread recorded so far (clFinish, exit). */
void vgpu_timeline_flush(void);
#endif
