/* observe.c - the host side of the observers.  The runtime decides here, once per launch, which
 * observers run (from its parsed configuration, runtime/config.c, and the queue), gives each its
 * arena buffer, and after the launch hands each its results.  The SMs only read the launch record
 * (sim/observer.h explains the SM side). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "runtime/command.h"
#include "runtime/config.h"
#include "runtime/counters_report.h"
#include "runtime/device.h"
#include "runtime/event.h"
#include "runtime/global_races.h"
#include "runtime/log.h"
#include "runtime/ndrange.h"
#include "runtime/observe.h"
#include "runtime/profile_out.h"
#include "runtime/queue.h"
#include "runtime/timeline.h"
#include "sim/arena.h"
#include "sim/observers/debugger.h"
#include "vgpu/profile.h"

static uint64_t clock_base;

__attribute__((constructor)) static void observe_clock_init(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  clock_base = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t vgpu_observe_clock_base(void) { return clock_base; }

/* ---- counters (VGPU_COUNTERS; the cl_vgpu_counters extension; the profile's totals) ---- */

/* Counting costs interpreter time, so the counters run only when someone reads them: with
 * VGPU_COUNTERS, with the profile (its per-launch totals), and once the program has asked for
 * clGetEventCountersVGPU (include/CL/cl_vgpu.h): launches enqueued from then on carry them. */
static atomic_int counters_asked;

void vgpu_observe_want_counters(void) { atomic_store(&counters_asked, 1); }

static int counters_wanted(const struct vgpu_config *cfg, cl_command_queue q) {
  (void)q;
  return cfg->counters || cfg->profile || atomic_load(&counters_asked);
}

static void counters_finish(const struct vgpu_observe_launch *o, const uint8_t *buf) {
  (void)buf;
  const struct vgpu_launch *L = o->L;
  unsigned nsms = L->nsms < VGPU_MAX_SMS ? L->nsms : VGPU_MAX_SMS;
  if (vgpu_config()->counters)
    vgpu_counters_report(stderr, o->kernel, L->work_dim, L->global_size, L->local_size, o->dev->warp_size,
                         L->counters, nsms);
  cl_event e = vgpu_command_event(o->cmd);
  if (e && o->status == VGPU_LAUNCH_OK && o->nd->enqueued_by && e->has_counters) {
    /* a kernel enqueued by a kernel: its work counts for the host command that started it all */
    struct vgpu_counters both[2] = {e->counters, {0}};
    vgpu_counters_sum(L->counters, nsms, &both[1]);
    vgpu_counters_sum(both, 2, &e->counters);
  } else if (e && o->status == VGPU_LAUNCH_OK) {
    vgpu_counters_sum(L->counters, nsms, &e->counters);
    e->has_counters = 1;
  }
}

/* ---- profile (VGPU_PROFILE=FILE.json) ---- */

static int profile_wanted(const struct vgpu_config *cfg, cl_command_queue q) {
  (void)q;
  return cfg->profile != NULL && vgpu_profile_out_ok();
}

static uint64_t profile_size(const struct vgpu_observe_launch *o) {
  return (uint64_t)o->L->nsms * o->nd->k->ninsns * VGPU_PROF_N * sizeof(uint64_t);
}

static void profile_finish(const struct vgpu_observe_launch *o, const uint8_t *buf) {
  /* a failed launch too: its counters so far and its fault report */
  vgpu_profile_out_launch(o, (const uint64_t *)(const void *)buf);
}

/* ---- trace (VGPU_TRACE=FILE) ---- */

static pthread_once_t trace_once = PTHREAD_ONCE_INIT;
static int trace_ok;

/* The trace starts empty with each program (truncated at its first launch), and a path that
 * cannot be written is said once, clearly, instead of tracing into nowhere. */
static void trace_open(void) {
  const char *path = vgpu_config()->trace;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    vgpu_log(VGPU_LOG_ERROR, "VGPU_TRACE=%s: cannot write the trace there (%s); no trace is written", path,
             strerror(errno));
    return;
  }
  close(fd);
  trace_ok = 1;
}

static int trace_wanted(const struct vgpu_config *cfg, cl_command_queue q) {
  (void)q;
  if (!cfg->trace) return 0;
  pthread_once(&trace_once, trace_open);
  return trace_ok;
}

static uint64_t trace_size(const struct vgpu_observe_launch *o) {
  (void)o;
  return strlen(vgpu_config()->trace) + 1;
}

static void trace_fill(const struct vgpu_observe_launch *o, uint8_t *buf) {
  (void)o;
  memcpy(buf, vgpu_config()->trace, strlen(vgpu_config()->trace) + 1);
}

/* ---- checks (VGPU_CHECKS): the SMs' race detector; ndrange.c makes the bounds exact ---- */

static int checks_wanted(const struct vgpu_config *cfg, cl_command_queue q) {
  (void)q;
  return cfg->checks != 0;
}

/* ---- debugger (VGPU_DEBUG, set by `vgpu debug`): the socket, the source; the SMs do the rest ---- */

static int debugger_wanted(const struct vgpu_config *cfg, cl_command_queue q) {
  (void)q;
  return cfg->debug != NULL;
}

static const char *debugger_source(const struct vgpu_observe_launch *o) {
  return o->nd->program && o->nd->program->source ? o->nd->program->source : "";
}

static uint64_t debugger_size(const struct vgpu_observe_launch *o) {
  return sizeof(struct vgpu_dbg_shared) + strlen(debugger_source(o)) + 1;
}

static void debugger_fill(const struct vgpu_observe_launch *o, uint8_t *buf) {
  struct vgpu_dbg_shared *sh = (struct vgpu_dbg_shared *)(void *)buf;
  const char *src = debugger_source(o);
  memset(sh, 0, sizeof *sh);
  snprintf(sh->socket, sizeof sh->socket, "%s", vgpu_config()->debug);
  sh->device = o->dev->index;
  sh->source_size = strlen(src);
  memcpy(buf + sizeof *sh, src, sh->source_size + 1);
}

/* ---- timeline (VGPU_TIMELINE): runtime/timeline.c ---- */

static int timeline_wanted(const struct vgpu_config *cfg, cl_command_queue q) {
  (void)cfg;
  (void)q;
  return vgpu_timeline_on();
}

static uint64_t timeline_size(const struct vgpu_observe_launch *o) { return vgpu_timeline_sm_size(o->L->nsms); }

static void timeline_fill(const struct vgpu_observe_launch *o, uint8_t *buf) { vgpu_timeline_sm_fill(buf, o->L->nsms); }

static void timeline_finish(const struct vgpu_observe_launch *o, const uint8_t *buf) {
  vgpu_timeline_launch(o->dev, o->L, o->kernel, vir_string(o->mod, o->mod->source_name), buf, o->status,
                       o->nd->enqueued_by);
}

/* ---- the table: one line per observer of sim/observers/observers.def ---- */

struct host_observer {
  int (*wanted)(const struct vgpu_config *cfg, cl_command_queue q);  /* run it for this launch? */
  uint64_t (*buffer_size)(const struct vgpu_observe_launch *o);       /* NULL: no arena buffer */
  void (*fill)(const struct vgpu_observe_launch *o, uint8_t *buf);   /* NULL: zeroed */
  void (*finish)(const struct vgpu_observe_launch *o, const uint8_t *buf); /* after the launch */
};

static const struct host_observer host[VGPU_OBS_COUNT] = {
  [VGPU_OBS_COUNTERS] = {counters_wanted, NULL, NULL, counters_finish},
  [VGPU_OBS_PROFILE] = {profile_wanted, profile_size, NULL, profile_finish},
  [VGPU_OBS_TRACE] = {trace_wanted, trace_size, trace_fill, NULL},
  [VGPU_OBS_TIMELINE] = {timeline_wanted, timeline_size, timeline_fill, timeline_finish},
  [VGPU_OBS_CHECKS] = {checks_wanted, NULL, NULL, NULL},
  [VGPU_OBS_GLOBAL_RACES] = {vgpu_global_races_wanted, vgpu_global_races_size, vgpu_global_races_fill, NULL},
  [VGPU_OBS_DEBUGGER] = {debugger_wanted, debugger_size, debugger_fill, NULL},
};

uint32_t vgpu_observe_choose(cl_command_queue q) {
  const struct vgpu_config *cfg = vgpu_config();
  uint32_t set = 0;
  for (unsigned id = 0; id < VGPU_OBS_COUNT; id++)
    if (host[id].wanted && host[id].wanted(cfg, q)) set |= 1u << id;
  return set;
}

static void free_buffers(const struct vgpu_observe_launch *o) {
  for (unsigned id = 0; id < VGPU_OBS_COUNT; id++) {
    struct vgpu_obs_buf *b = &o->L->obs_buf[id];
    if (b->off) vgpu_arena_free(&o->dev->arena, b->off);
    b->off = b->size = 0;
  }
}

cl_int vgpu_observe_prepare(const struct vgpu_observe_launch *o) {
  struct vgpu_launch *L = o->L;
  L->clock_base_ns = clock_base;
  for (unsigned id = 0; id < VGPU_OBS_COUNT; id++) {
    L->obs_buf[id].off = L->obs_buf[id].size = 0;
    if (!(L->observers & (1u << id)) || !host[id].buffer_size) continue;
    uint64_t size = host[id].buffer_size(o), off;
    if (!size) continue;
    if (vgpu_arena_alloc(&o->dev->arena, size, 64, &off) != 0) {
      vgpu_log(VGPU_LOG_ERROR, "kernel %s: no room for the observers' buffers in %s's memory", o->kernel,
               o->dev->name);
      free_buffers(o);
      return CL_OUT_OF_RESOURCES;
    }
    uint8_t *p = vgpu_arena_ptr(&o->dev->arena, off);
    if (host[id].fill) host[id].fill(o, p);
    else memset(p, 0, size);
    L->obs_buf[id].off = off;
    L->obs_buf[id].size = size;
  }
  return CL_SUCCESS;
}

void vgpu_observe_finish(const struct vgpu_observe_launch *o) {
  for (unsigned id = 0; id < VGPU_OBS_COUNT; id++) {
    if (!(o->L->observers & (1u << id)) || !host[id].finish) continue;
    const struct vgpu_obs_buf *b = &o->L->obs_buf[id];
    host[id].finish(o, b->off ? vgpu_arena_ptr(&o->dev->arena, b->off) : NULL);
  }
  free_buffers(o);
}
