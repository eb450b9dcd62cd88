/* ndrange.c - a kernel launch on the command processor thread (see ndrange.h).
 *
 *   program loaded in the arena (once per program and device) -> buffers made current on this
 *   device -> argument records and value bytes in the arena -> struct vgpu_launch -> the SMs run
 *   the work-groups -> printf records printed, counters reported, a fault reported -> launch
 *   memory freed.  Whatever the kernel does, the host program keeps running. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/command.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/device.h"
#include "runtime/device_queue.h"
#include "runtime/event.h"
#include "runtime/image.h"
#include "runtime/mem.h"
#include "runtime/ndrange.h"
#include "runtime/observe.h"
#include "runtime/printf_format.h"
#include "runtime/queue.h"
#include "sim/arena.h"
#include "sim/launch.h"

/* The largest divisor of g that is <= limit (and a multiple of m when m > 1), or 0. */
static uint64_t best_divisor(uint64_t g, uint64_t limit, uint64_t m) {
  for (uint64_t d = limit < g ? limit : g; d >= 1; d--)
    if (g % d == 0 && (m <= 1 || d % m == 0)) return d;
  return 0;
}

cl_int vgpu_ndrange_pick_local(const struct vir_kernel *k, cl_device_id dev, uint32_t work_dim,
                               const uint64_t global[3], uint64_t local[3]) {
  const uint32_t *reqd = k->reqd_wg_size;
  int nonuniform = (k->flags & VIR_KFLAG_NONUNIFORM_OK) != 0;
  local[0] = local[1] = local[2] = 1;
  if (reqd[0] && reqd[1] && reqd[2]) {
    /* The kernel says which size it needs (reqd_work_group_size). */
    for (uint32_t d = 0; d < work_dim; d++) {
      local[d] = reqd[d];
      VG_RETURN_IF(!nonuniform && global[d] % local[d], CL_INVALID_WORK_GROUP_SIZE,
                   "the global size is not a multiple of reqd_work_group_size");
    }
    return CL_SUCCESS;
  }
  /* A few hundred work-items per group: whole warps, and enough groups to keep every SM busy. */
  uint64_t budget = vgpu_kernel_max_wg(k, dev);
  if (budget > 256) budget = 256;
  uint64_t warp = dev->warp_size ? dev->warp_size : 1;
  /* Small 1D ranges: at least one group per SM where whole warps allow it. */
  if (work_dim == 1 && dev->sms > 1 && global[0] / dev->sms >= warp && global[0] / dev->sms < budget)
    budget = global[0] / dev->sms;
  for (uint32_t d = 0; d < work_dim; d++) {
    uint64_t l = 0;
    if (d == 0) l = best_divisor(global[0], budget, warp);
    /* a partial last group; never wider than the range (the CTS's non_uniform_*_basic take the
     * first group's get_local_size for the enqueued size, so a range narrower than the budget is
     * one group: best_divisor below gives the whole range) */
    if (!l && d == 0 && nonuniform && global[0] > budget) l = budget / warp * warp;
    if (!l) l = best_divisor(global[d], budget, 1);
    local[d] = l ? l : 1;
    budget /= local[d];
    if (budget == 0) budget = 1;
  }
  return CL_SUCCESS;
}

struct vgpu_ndrange *vgpu_ndrange_new(cl_kernel k, cl_device_id dev) {
  struct vgpu_ndrange *nd = calloc(1, sizeof *nd);
  if (!nd) return NULL;
  nd->nargs = k->k->nargs;
  nd->values = calloc(nd->nargs + 1, sizeof *nd->values);
  if (!nd->values) { free(nd); return NULL; }
  pthread_mutex_lock(&k->obj.lock);
  int fail = 0;
  for (uint32_t i = 0; i < nd->nargs; i++) {
    struct vgpu_kernel_arg *d = &nd->values[i];
    *d = k->values[i];
    d->bytes = NULL;
    if (k->values[i].bytes) {
      if (!(d->bytes = malloc(d->size ? d->size : 1))) fail = 1;
      else memcpy(d->bytes, k->values[i].bytes, d->size);
    }
    if (d->mem) vgpu_mem_retain_internal(d->mem);
  }
  pthread_mutex_unlock(&k->obj.lock);
  nd->program = k->program;
  vgpu_program_retain_internal(nd->program);
  /* The launch keeps the executable it was enqueued with, so that the application may release
   * the kernel and rebuild the program while the launch is still queued. */
  struct vgpu_program_build *b = vgpu_program_build_of(k->program, dev);
  nd->exec = b ? b->exec : NULL;
  if (nd->exec) vgpu_exec_retain(nd->exec);
  nd->kernel_index = k->index;
  if (!nd->exec) fail = 1;
  else {
    const struct vir_header *h = (const struct vir_header *)nd->exec->vir;
    nd->k = &vir_kernels(h)[k->index];
    nd->args = vir_args(h) + nd->k->first_arg;
  }
  if (fail) { vgpu_ndrange_free(nd); return NULL; }
  return nd;
}

void vgpu_ndrange_free(void *p) {
  struct vgpu_ndrange *nd = p;
  for (uint32_t i = 0; i < nd->nargs; i++) {
    if (nd->values[i].mem) vgpu_mem_release_internal(nd->values[i].mem);
    free(nd->values[i].bytes);
  }
  free(nd->values);
  vgpu_exec_release(nd->exec);
  vgpu_program_release_internal(nd->program);
  free(nd);
}

/* printf's view of device memory: what the kernel itself may read.  A string (the format, a %s
 * argument) is read only up to the end of the allocation it starts in, from the launch's
 * allocation table, the one sim/mem.c bounds-checks loads against: the buffers the kernel was given
 * (exact sizes with VGPU_CHECKS=1, else whole granules) and the program's data segment.  An
 * unterminated string thus ends at its buffer's end, never running into a neighbour, which may
 * belong to another context. */
struct printf_view {
  const struct vgpu_arena *arena;
  const struct vgpu_launch_alloc *allocs; /* sorted by start, disjoint */
  uint32_t nallocs;
};

static const char *launch_string(void *ctx, uint64_t addr, size_t *max_len) {
  const struct printf_view *v = ctx;
  if (addr < VGPU_ARENA_RESERVED || addr >= v->arena->size) return NULL;
  uint64_t end = v->arena->size;
  if (v->nallocs) {
    uint32_t a = 0, b = v->nallocs;
    while (a < b) { /* first allocation starting after addr */
      uint32_t m = a + (b - a) / 2;
      if (v->allocs[m].start <= addr) a = m + 1;
      else b = m;
    }
    if (a == 0 || addr >= v->allocs[a - 1].start + v->allocs[a - 1].size) return NULL;
    end = v->allocs[a - 1].start + v->allocs[a - 1].size;
    if (end > v->arena->size) end = v->arena->size;
  }
  *max_len = (size_t)(end - addr);
  return (const char *)vgpu_arena_ptr(v->arena, addr);
}

static int alloc_cmp(const void *x, const void *y) {
  const struct vgpu_launch_alloc *a = x, *b = y;
  return a->start < b->start ? -1 : a->start > b->start;
}

/* Sorts the allocations and merges overlapping ones (two arguments may share a buffer, or a buffer
 * and its sub-buffer).  Adjacent buffers merge too by default: like a GPU, which faults only
 * outside mapped memory, a kernel that runs a little past one argument into the next does not
 * fail (piglit's clz-optimizations does so); with VGPU_CHECKS=1 they stay apart, so that the
 * overrun is caught. */
static uint32_t allocs_normalise(struct vgpu_launch_alloc *v, uint32_t n, int strict) {
  qsort(v, n, sizeof *v, alloc_cmp);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (!v[i].size) continue;
    uint64_t prev_end = k ? v[k - 1].start + v[k - 1].size : 0;
    if (k && (v[i].start < prev_end || (!strict && v[i].start == prev_end))) {
      uint64_t end = v[i].start + v[i].size;
      if (end > prev_end) v[k - 1].size = end - v[k - 1].start;
    } else {
      v[k++] = v[i];
    }
  }
  return k;
}

static const char *status_name(int st) {
  switch (st) {
  case VGPU_LAUNCH_FAULT: return "a memory or arithmetic fault";
  case VGPU_LAUNCH_TIMEOUT: return "the watchdog expired (the kernel ran too long or hung)";
  case VGPU_LAUNCH_SM_CRASH: return "an SM process crashed";
  case VGPU_LAUNCH_BARRIER_DIVERGENCE: return "barrier divergence";
  case VGPU_LAUNCH_OUT_OF_RESOURCES: return "out of resources";
  case VGPU_LAUNCH_DEBUGGER_QUIT: return "the debugger ended it (quit)";
  default: return "an unknown failure";
  }
}

/* Tells the application about a failed launch: the log, and the context's notify callback. */
static void report_fault(cl_command_queue q, const char *kernel, int st, const struct vgpu_fault *f) {
  char msg[VGPU_FAULT_MSG + 160];
  if (f->message[0])
    snprintf(msg, sizeof msg, "%.*s", VGPU_FAULT_MSG, f->message);
  else
    snprintf(msg, sizeof msg, "kernel %s failed: %s", kernel, status_name(st));
  vgpu_log(VGPU_LOG_ERROR, "%s", msg);
  /* The context's pfn_notify (clCreateContext) hears about failed launches too. */
  vgpu_context_notify(q->context, msg);
}

/* The range of device memory the bounds check allows for a buffer argument at device address
 * addr (strict: the checks observer is on).  A GPU faults only outside memory that is mapped at all, so by default an access anywhere
 * in the buffer's own granules is allowed (VGPU_BUFFER_GRANULE: a buffer's storage is whole
 * granules, so the slack never reaches another allocation; a sub-buffer's ends at its parent's):
 * a few bytes past the end, as some real programs and tests write, do not fail.  VGPU_CHECKS=1
 * checks the exact size, the way a memory checker does. */
static struct vgpu_launch_alloc checked_range(cl_mem m, uint64_t addr, int strict) {
  if (strict) return (struct vgpu_launch_alloc){addr, m->size};
  const uint64_t g = VGPU_BUFFER_GRANULE;
  uint64_t end = addr + (m->size + g - 1) / g * g;
  if (m->parent) {
    uint64_t parent_end = addr - m->origin + (m->parent->size + g - 1) / g * g;
    if (end > parent_end) end = parent_end;
  }
  return (struct vgpu_launch_alloc){addr, end - addr};
}

/* Where the parts of a launch live inside its one arena block. */
struct launch_layout {
  uint64_t block, off_args, off_allocs, off_values, size;
};

static void layout_compute(const struct vgpu_ndrange *nd, uint32_t nextra, struct launch_layout *lay) {
  uint64_t values_size = 0;
  for (uint32_t i = 0; i < nd->nargs; i++)
    if (nd->values[i].bytes) values_size += (nd->values[i].size + 15) & ~(uint64_t)15;
    else if (nd->values[i].kind == VIR_ARG_IMAGE) values_size += sizeof(struct vgpu_image_desc);
  lay->off_args = (sizeof(struct vgpu_launch) + 63) & ~(uint64_t)63;
  lay->off_allocs = lay->off_args + (uint64_t)nd->nargs * sizeof(struct vgpu_launch_arg);
  /* the arguments' buffers, the data segment, the device queues, and what a child inherits */
  uint64_t nallocs = (uint64_t)nd->nargs + 1 + VGPU_DEVQ_LIMIT + nextra;
  lay->off_values = (lay->off_allocs + nallocs * sizeof(struct vgpu_launch_alloc) + 15) & ~(uint64_t)15;
  lay->size = lay->off_values + values_size;
}

/* Writes the argument records (and by-value bytes) the simulator reads, making every buffer
 * current on dev; returns the number of allocation-table entries used, or -1 and *err. */
static int place_args(struct vgpu_ndrange *nd, cl_device_id dev, uint8_t *base, const struct launch_layout *lay,
                      int strict, cl_int *err) {
  struct vgpu_launch_arg *args = (struct vgpu_launch_arg *)(base + lay->off_args);
  struct vgpu_launch_alloc *allocs = (struct vgpu_launch_alloc *)(base + lay->off_allocs);
  int nallocs = 0;
  uint64_t vpos = lay->off_values;
  for (uint32_t i = 0; i < nd->nargs; i++) {
    const struct vir_arg *a = &nd->args[i];
    struct vgpu_kernel_arg *v = &nd->values[i];
    args[i].size = v->size;
    args[i].mem_size = 0;
    switch (v->kind) {
    case VIR_ARG_GLOBAL_PTR:
    case VIR_ARG_CONSTANT_PTR:
    case VIR_ARG_IMAGE:
    case VIR_ARG_PIPE: {
      if (!v->mem && v->bytes) {
        /* a block's literal (a child launch, device_queue.c): a global copy beside the values */
        memcpy(base + vpos, v->bytes, v->size);
        args[i].value = lay->block + vpos;
        args[i].mem_size = v->size;
        allocs[nallocs++] = (struct vgpu_launch_alloc){lay->block + vpos, v->size};
        vpos += (v->size + 15) & ~(uint64_t)15;
        break;
      }
      if (!v->mem) { args[i].value = 0; break; }
      /* Only what the kernel may write makes other devices' copies stale (a pipe's reader moves
       * its counters and slot states too). */
      int will_write = v->kind == VIR_ARG_PIPE ? 1
                     : v->kind == VIR_ARG_IMAGE ? a->access_qualifier != CL_KERNEL_ARG_ACCESS_READ_ONLY
                                                : v->kind == VIR_ARG_GLOBAL_PTR && !(a->type_qualifier & CL_KERNEL_ARG_TYPE_CONST);
      uint64_t addr = 0;
      *err = vgpu_mem_prepare(v->mem, dev, will_write, &addr);
      if (*err != CL_SUCCESS) return -1;
      args[i].value = addr;
      args[i].mem_size = v->mem->size;
      allocs[nallocs++] = checked_range(v->mem, addr, strict);
      if (v->kind == VIR_ARG_IMAGE && vgpu_image_of(v->mem)) {
        /* The argument is the address of the image's descriptor (vgpu/image_desc.h), written
         * here beside the by-value arguments: it names the texels where they are on this device. */
        vgpu_image_fill_desc(vgpu_image_of(v->mem), addr, (struct vgpu_image_desc *)(base + vpos));
        args[i].value = lay->block + vpos;
        vpos += sizeof(struct vgpu_image_desc);
      }
      break;
    }
    case VIR_ARG_LOCAL_PTR: args[i].value = v->size; break;
    case VIR_ARG_SAMPLER: args[i].value = v->sampler; break;
    default:
      memcpy(base + vpos, v->bytes, v->size);
      args[i].value = lay->block + vpos;
      vpos += (v->size + 15) & ~(uint64_t)15;
      break;
    }
  }
  return nallocs;
}

/* The launch record: geometry, code and data, arguments, printf buffer, observers. */
static void fill_launch(struct vgpu_launch *L, const struct vgpu_ndrange *nd, cl_device_id dev, const struct launch_layout *lay,
                        uint64_t module_off, uint64_t data_off, uint64_t printf_off, uint32_t nallocs,
                        uint32_t observers) {
  const struct vgpu_config *cfg = vgpu_config();
  L->module_off = module_off;
  L->module_size = nd->exec->size;
  L->kernel_index = nd->kernel_index;
  L->work_dim = nd->work_dim;
  L->data_off = data_off;
  L->total_groups = 1;
  for (int d = 0; d < 3; d++) {
    L->global_size[d] = nd->global[d];
    L->global_offset[d] = nd->offset[d];
    L->local_size[d] = nd->local[d];
    L->num_groups[d] = (nd->global[d] + nd->local[d] - 1) / nd->local[d];
    L->total_groups *= L->num_groups[d];
  }
  atomic_init(&L->next_group, 0);
  L->args_off = lay->block + lay->off_args;
  L->nargs = nd->nargs;
  L->local_mem_size = (uint32_t)dev->local_mem;
  L->printf_off = printf_off;
  L->printf_size = printf_off ? VGPU_PRINTF_BUFFER_SIZE : 0;
  atomic_init(&L->printf_used, 0);
  atomic_init(&L->printf_dropped, 0);
  atomic_init(&L->nfindings, 0);
  L->observers = observers;
  L->nsms = dev->sms;
  L->watchdog_ns = (uint64_t)(cfg->watchdog_s * 1e9);
  L->schedule_random = (uint32_t)cfg->schedule_random;
  L->schedule_seed = cfg->schedule_seed;
  atomic_init(&L->schedule_turn, 0);
  L->allocs_off = lay->block + lay->off_allocs;
  L->nallocs = nallocs;
  L->default_queue = vgpu_devq_default_addr(dev);
  L->max_wg_size = (uint32_t)dev->max_wg_size;
}

/* What the launch leaves for the host: printf text on stdout, VGPU_CHECKS findings in the log (the
 * observers' results: observe.c). */
static void after_launch(struct vgpu_launch *L, cl_device_id dev, const char *kname) {
  struct vgpu_arena *arena = &dev->arena;
  uint64_t nfindings = atomic_load(&L->nfindings);
  if (nfindings && L->finding.message[0])
    vgpu_log(VGPU_LOG_WARN, "%.*s\n  (%llu such finding%s in this launch; the launch went on)", VGPU_FAULT_MSG,
             L->finding.message, (unsigned long long)nfindings, nfindings == 1 ? "" : "s");
  if (L->printf_off) {
    /* OpenCL C s6.15.14: the output appears once the kernel has completed. */
    struct printf_view view = {arena, L->nallocs ? vgpu_arena_ptr(arena, L->allocs_off) : NULL, L->nallocs};
    vgpu_printf_records(stdout, vgpu_arena_ptr(arena, L->printf_off), atomic_load(&L->printf_used), L->printf_size,
                        launch_string, &view);
    fflush(stdout);
    uint64_t dropped = atomic_load(&L->printf_dropped);
    if (dropped)
      vgpu_log(VGPU_LOG_WARN, "kernel %s: %llu printf calls did not fit in the %u-byte printf buffer", kname,
               (unsigned long long)dropped, VGPU_PRINTF_BUFFER_SIZE);
  }
}

cl_int vgpu_ndrange_launch(struct vgpu_command *cmd, struct vgpu_ndrange *nd, const struct vgpu_launch_alloc *extra,
                           uint32_t nextra, struct vgpu_launch_alloc **allocs_out, uint32_t *nallocs_out) {
  cl_command_queue q = vgpu_command_queue(cmd);
  cl_device_id dev = q->device;
  struct vgpu_arena *arena = &dev->arena;
  const struct vir_header *h = (const struct vir_header *)nd->exec->vir;
  const char *kname = vir_string(h, nd->k->name);
  struct vgpu_engine *engine = vgpu_device_engine(dev);
  if (!engine) {
    vgpu_log(VGPU_LOG_ERROR, "kernel %s: the SM processes of %s are not running", kname, dev->name);
    return CL_OUT_OF_RESOURCES;
  }
  uint64_t module_off, data_off, printf_off = 0;
  cl_int err = vgpu_exec_load(nd->exec, &module_off, &data_off);
  if (err != CL_SUCCESS) {
    vgpu_log(VGPU_LOG_ERROR, "kernel %s: no room for the program in %s's memory", kname, dev->name);
    return err;
  }
  struct launch_layout lay;
  layout_compute(nd, nextra, &lay);
  if (vgpu_arena_alloc(arena, lay.size, 64, &lay.block) != 0) {
    vgpu_log(VGPU_LOG_ERROR, "kernel %s: no room for the launch record in %s's memory", kname, dev->name);
    return CL_OUT_OF_RESOURCES;
  }
  uint8_t *base = vgpu_arena_ptr(arena, lay.block);
  memset(base, 0, lay.off_values);
  /* The observers of this launch, decided once: the SMs and the bounds check below follow it. */
  const uint32_t observers = vgpu_observe_choose(q);
  const int strict = (observers & (1u << VGPU_OBS_CHECKS)) != 0;
  int nallocs = place_args(nd, dev, base, &lay, strict, &err);
  if (nallocs < 0) {
    vgpu_log(VGPU_LOG_ERROR, "kernel %s: a buffer argument could not be placed in %s's memory", kname, dev->name);
    vgpu_arena_free(arena, lay.block);
    return err;
  }
  struct vgpu_launch_alloc *allocs = (struct vgpu_launch_alloc *)(base + lay.off_allocs);
  if (h->data_size) allocs[nallocs++] = (struct vgpu_launch_alloc){data_off, h->data_size};
  uint32_t ndq = vgpu_devq_allocs(dev, allocs + nallocs, VGPU_DEVQ_LIMIT);
  nallocs += (int)ndq;
  for (uint32_t i = 0; i < nextra; i++) allocs[nallocs++] = extra[i];
  if ((nd->k->flags & VIR_KFLAG_PRINTF) && vgpu_arena_alloc(arena, VGPU_PRINTF_BUFFER_SIZE, 64, &printf_off) != 0) {
    vgpu_log(VGPU_LOG_ERROR, "kernel %s: no room for the printf buffer in %s's memory", kname, dev->name);
    vgpu_arena_free(arena, lay.block);
    return CL_OUT_OF_RESOURCES;
  }
  struct vgpu_launch *L = (struct vgpu_launch *)base;
  fill_launch(L, nd, dev, &lay, module_off, data_off, printf_off, allocs_normalise(allocs, (uint32_t)nallocs, strict),
              observers);
  struct vgpu_observe_launch obs = {cmd, q, dev, nd, h, kname, L, VGPU_LAUNCH_OK};
  err = vgpu_observe_prepare(&obs);
  if (err != CL_SUCCESS) {
    if (printf_off) vgpu_arena_free(arena, printf_off);
    vgpu_arena_free(arena, lay.block);
    return err;
  }

  int st = vgpu_engine_launch(engine, lay.block);

  after_launch(L, dev, kname);
  obs.status = st;
  vgpu_observe_finish(&obs);
  err = CL_SUCCESS;
  if (st != VGPU_LAUNCH_OK) {
    report_fault(q, kname, st, &L->fault);
    err = CL_OUT_OF_RESOURCES;
  }
  /* only kernels that can reach a device queue leave records to run (device_queue.c) */
  if (allocs_out && ndq && (*allocs_out = malloc(L->nallocs * sizeof **allocs_out))) {
    memcpy(*allocs_out, allocs, L->nallocs * sizeof **allocs_out);
    *nallocs_out = L->nallocs;
  }
  if (printf_off) vgpu_arena_free(arena, printf_off);
  vgpu_arena_free(arena, lay.block);
  return err;
}

cl_int vgpu_ndrange_run(struct vgpu_command *cmd, void *payload) {
  struct vgpu_ndrange *nd = payload;
  struct vgpu_launch_alloc *allocs = NULL;
  uint32_t nallocs = 0;
  cl_int err = vgpu_ndrange_launch(cmd, nd, NULL, 0, &allocs, &nallocs);
  /* what its work-items enqueued runs now, before the command completes (device_queue.c) */
  if (err == CL_SUCCESS && allocs) err = vgpu_devq_drain(cmd, nd, allocs, nallocs);
  free(allocs);
  return err;
}
