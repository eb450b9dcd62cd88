/* workgroup.c - the block scheduler's client and the work-group: an SM takes group indices with an
 * atomic fetch-add on the launch's next_group (faster SMs take more groups, as a GPU's thread-block
 * scheduler hands them out) and runs each group whole.
 *
 * A group's warps run cooperatively on the SM: one warp runs until it reaches a barrier or
 * finishes, then the next.  When every warp waits at the same barrier with all its work-items,
 * the barrier completes.  A barrier that some work-items skip (inside divergent code, or because
 * they returned) is reported as barrier divergence, never a hang (OpenCL C 3.0 s6.15.8: every
 * work-item of the group must execute the barrier).
 * Local memory: the kernel's static __local variables first, then each __local argument, 16-byte
 * aligned, checked against the device's local memory size.  Private memory: one frame per lane. */
#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sim/arena.h"
#include "sim/host_link.h"
#include "sim/schedule.h"
#include "sim/warp.h"

#define ALIGN16(x) (((x) + 15) & ~(uint64_t)15)

/* Per launch: the uniform registers every warp starts with (constants and arguments) and the
 * by-value structs copied into each private frame. */
static struct { uint32_t reg; uint64_t val; } *fill;
static uint32_t nfill, fill_cap;
static uint32_t nfill_const; /* fill[0..nfill_const) are the constants: written once per launch */
static struct { uint32_t priv_offset; uint64_t arena_off, size; } *byval;
static uint32_t nbyval, byval_cap;

static int push_fill(uint32_t reg, uint64_t val) {
  if (nfill == fill_cap) {
    uint32_t cap = fill_cap ? 2 * fill_cap : 64;
    void *p = realloc(fill, cap * sizeof *fill);
    if (!p) return -1;
    fill = p;
    fill_cap = cap;
  }
  fill[nfill].reg = reg;
  fill[nfill++].val = val;
  return 0;
}

static int grow(void **buf, size_t *cap, size_t need) {
  if (need <= *cap) return 0;
  void *p = calloc(1, need);
  if (!p) return -1;
  free(*buf);
  *buf = p;
  *cap = need;
  return 0;
}

/* Validates the launch against the kernel and prepares the uniform register values.
 * Returns VGPU_LAUNCH_OK or raises a fault and returns its status. */
static int prepare(struct vgpu_sm *sm) {
  struct vgpu_launch *L = sm->launch;
  const struct vir_kernel *k = sm->kernel;
  const struct vir_header *h = sm->mod;
  uint64_t A = sm->arena_size;
  nfill = nbyval = 0;
#define FAIL(status, ...) do { vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, status, __VA_ARGS__); return status; } while (0)
  /* the module passed vir_module_check (sm_main.c): its constant and argument registers are in range */
  for (uint32_t i = 0; i < k->nconsts; i++)
    if (push_fill(k->const_reg + i, vir_consts(h)[k->first_const + i])) FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory");
  nfill_const = nfill;
  if (L->nargs != k->nargs) FAIL(VGPU_LAUNCH_FAULT, "launch has %u arguments, the kernel takes %u", L->nargs, k->nargs);
  if (L->nargs && (L->args_off < VGPU_ARENA_RESERVED || L->args_off > A ||
                   (uint64_t)L->nargs * sizeof(struct vgpu_launch_arg) > A - L->args_off))
    FAIL(VGPU_LAUNCH_FAULT, "launch argument table outside global memory");
  const struct vgpu_launch_arg *args = (const void *)(sm->arena + L->args_off);
  const struct vir_arg *va = vir_args(h) + k->first_arg;
  uint64_t local = ALIGN16((uint64_t)k->local_size);
  for (uint32_t i = 0; i < k->nargs; i++) {
    const struct vir_arg *a = &va[i];
    uint64_t v = args[i].value;
    switch (a->kind) {
      case VIR_ARG_LOCAL_PTR:
        local = vgpu_local_arg_offset(local, v);
        if (push_fill(a->reg, (VIR_PTR_TAG_LOCAL << VIR_PTR_TAG_SHIFT) | local)) FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory");
        local += ALIGN16(v); /* allocated in 16-byte granules, as before (launch.h) */
        break;
      case VIR_ARG_VALUE: {
        uint64_t n = (uint64_t)a->nelems * a->elem_size;
        if (v < VGPU_ARENA_RESERVED || v > A || n > A - v)
          FAIL(VGPU_LAUNCH_FAULT, "argument %u: value bytes outside global memory", i);
        for (uint32_t e = 0; e < a->nelems; e++) {
          uint64_t x = 0;
          memcpy(&x, sm->arena + v + (uint64_t)e * a->elem_size, a->elem_size);
          if (push_fill(a->reg + e, x)) FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory");
        }
        break;
      }
      case VIR_ARG_BYVAL:
        if (v < VGPU_ARENA_RESERVED || v > A || args[i].size > A - v ||
            a->priv_offset + args[i].size > k->private_size)
          FAIL(VGPU_LAUNCH_FAULT, "argument %u: by-value struct does not fit", i);
        if (nbyval == byval_cap) {
          uint32_t cap = byval_cap ? 2 * byval_cap : 8;
          void *p = realloc(byval, cap * sizeof *byval);
          if (!p) FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory");
          byval = p;
          byval_cap = cap;
        }
        byval[nbyval].priv_offset = a->priv_offset;
        byval[nbyval].arena_off = v;
        byval[nbyval++].size = args[i].size;
        if (push_fill(a->reg, (VIR_PTR_TAG_PRIVATE << VIR_PTR_TAG_SHIFT) | a->priv_offset)) FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory");
        break;
      default: /* global/constant pointers, samplers, images: the value itself */
        if (push_fill(a->reg, v)) FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory");
        break;
    }
  }
  uint64_t limit = L->local_mem_size ? L->local_mem_size : sm->local_mem_size;
  if (local > limit)
    FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES,
         "the work-group needs %llu bytes of local memory (static %u + __local arguments), the device has %llu",
         (unsigned long long)local, k->local_size, (unsigned long long)limit);
  sm->group.local_bytes = local;
  /* Storage for the largest group of this launch. */
  uint64_t items = 1;
  for (unsigned d = 0; d < 3; d++) items *= d < L->work_dim ? L->local_size[d] : 1;
  if (!items || items > (1u << 20)) FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "work-group of %llu work-items", (unsigned long long)items);
  unsigned W = sm->width, nwarps = (unsigned)((items + W - 1) / W);
  sm->priv_stride = ALIGN16((uint64_t)k->private_size);
  size_t nr = (size_t)k->nregs + 1;
  if (nwarps > sm->warps_cap) {
    struct vgpu_warp *ws = calloc(nwarps, sizeof *ws);
    if (!ws) FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory for %u warps", nwarps);
    for (unsigned i = 0; i < sm->warps_cap; i++) ws[i].stack = sm->group.warps[i].stack;
    free(sm->group.warps);
    sm->group.warps = ws;
    sm->warps_cap = nwarps;
  }
  for (unsigned i = 0; i < nwarps; i++) {
    struct vgpu_warp *w = &sm->group.warps[i];
    if (!w->stack && !(w->stack = malloc(VGPU_SIMT_STACK_MAX * sizeof *w->stack)))
      FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory");
    w->stack_cap = VGPU_SIMT_STACK_MAX;
  }
  if (grow((void **)&sm->reg_buf, &sm->reg_cap, nwarps * nr * W * sizeof(uint64_t)) ||
      grow((void **)&sm->priv_buf, &sm->priv_cap, (size_t)nwarps * W * sm->priv_stride + 16) ||
      grow((void **)&sm->lid_buf, &sm->lid_cap, (size_t)nwarps * 3 * W * sizeof(uint64_t)) ||
      grow((void **)&sm->local_buf, &sm->local_cap, local + 16))
    FAIL(VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory for %u warps", nwarps);
  for (unsigned i = 0; i < nwarps; i++) {
    struct vgpu_warp *w = &sm->group.warps[i];
    w->regs = sm->reg_buf + (size_t)i * nr * W;
    w->priv = sm->priv_buf + (size_t)i * W * sm->priv_stride;
    for (unsigned d = 0; d < 3; d++) w->lid[d] = sm->lid_buf + ((size_t)i * 3 + d) * W;
    w->width = W;
    w->index = i;
    w->group = &sm->group;
  }
  /* Constant registers are never written (vir_module_check refuses a destination among them), so
   * they are filled once per launch; local ids are recomputed only when the group shape changes. */
  for (unsigned i = 0; i < nwarps; i++)
    for (uint32_t f = 0; f < nfill_const; f++) {
      uint64_t *r = sm->group.warps[i].regs + (size_t)fill[f].reg * W, v = fill[f].val;
      for (unsigned l = 0; l < W; l++) r[l] = v;
    }
  memset(sm->lid_shape, 0, sizeof sm->lid_shape);
  sm->group.local = sm->local_buf;
  return VGPU_LAUNCH_OK;
#undef FAIL
}

/* Whether a warp stopped at decoded pc waits at a work-group function rather than a barrier.  The
 * warps meet there the same way, but it orders no memory access (OpenCL C 3.0 s6.15.15 gives
 * the functions no fence), so the observers (race detectors, barrier counts, timeline waits)
 * are not told of a barrier; the instruction itself is counted like any other. */
static int is_collective(const struct vgpu_sm *sm, uint32_t pc) {
  return pc < sm->kc->ncode && sm->kc->code[pc].op == VGPU_D_WGROUP;
}

static const char *sync_name(const struct vgpu_sm *sm, uint32_t pc) {
  return is_collective(sm, pc) ? "work-group function" : "barrier";
}

static int run_group(struct vgpu_sm *sm, uint64_t index) {
  struct vgpu_launch *L = sm->launch;
  struct vgpu_group *g = &sm->group;
  const unsigned W = sm->width;
  uint64_t rest = index;
  g->items = 1;
  for (unsigned d = 0; d < 3; d++) {
    int in = d < L->work_dim;
    uint64_t n = in ? L->num_groups[d] : 1, ls = in ? L->local_size[d] : 1;
    g->id[d] = rest % n;
    rest /= n;
    uint64_t left = in ? L->global_size[d] - g->id[d] * ls : 1;
    g->size[d] = left < ls ? left : ls; /* the last group of a dimension may be partial */
    g->base[d] = in ? g->id[d] * ls + L->global_offset[d] : 0;
    g->items *= g->size[d];
  }
  g->nwarps = (unsigned)((g->items + W - 1) / W);
  int same_shape = !memcmp(sm->lid_shape, g->size, sizeof sm->lid_shape);
  memcpy(sm->lid_shape, g->size, sizeof sm->lid_shape);
  for (unsigned i = 0; i < g->nwarps; i++) {
    struct vgpu_warp *w = &g->warps[i];
    uint64_t first = (uint64_t)i * W, n = g->items - first < W ? g->items - first : W;
    w->init_mask = vgpu_full_mask((unsigned)n);
    /* Lanes follow the local linear id, x fastest: counted up, not divided (this runs per group,
     * when the shape differs from the last group's). */
    if (!same_shape) {
      uint64_t x = first % g->size[0], y = (first / g->size[0]) % g->size[1], z = first / (g->size[0] * g->size[1]);
      for (unsigned l = 0; l < W; l++) {
        int live = l < n;
        w->lid[0][l] = live ? x : 0;
        w->lid[1][l] = live ? y : 0;
        w->lid[2][l] = live ? z : 0;
        if (++x == g->size[0]) {
          x = 0;
          if (++y == g->size[1]) {
            y = 0;
            z++;
          }
        }
      }
    }
    for (uint32_t f = nfill_const; f < nfill; f++) {
      uint64_t *r = w->regs + (size_t)fill[f].reg * W, v = fill[f].val;
      for (unsigned l = 0; l < W; l++) r[l] = v;
    }
    for (uint32_t b = 0; b < nbyval; b++)
      for (unsigned l = 0; l < n; l++)
        memcpy(w->priv + l * sm->priv_stride + byval[b].priv_offset, sm->arena + byval[b].arena_off, byval[b].size);
    w->sp = 0;
    w->stack[0] = (struct vgpu_simt_entry){0, UINT32_MAX, w->init_mask};
    w->pc = 0;
    w->state = VGPU_WARP_READY;
  }
  if (sm->obs && sm->obs->group_begin) sm->obs->group_begin(sm->obs_ctx, g);
  /* VGPU_SCHEDULE=random: the warps run in an order drawn anew for each barrier interval. */
  int random = L->schedule_random != 0;
  for (uint64_t interval = 0;; interval++) {
    unsigned waiting = 0, done = 0, yielded;
    struct vgpu_warp *first_waiting = NULL, *first_done = NULL;
    uint64_t key = random ? vgpu_schedule_key(L->schedule_seed, index, interval) : 0;
    /* turns until every warp waits at the barrier or is done (a warp that yields gets another);
     * each warp settles once per interval, and is tallied then */
    do {
      yielded = 0;
      for (unsigned j = 0; j < g->nwarps; j++) {
        struct vgpu_warp *w = &g->warps[random ? (unsigned)vgpu_schedule_permute(j, g->nwarps, key) : j];
        if (w->state != VGPU_WARP_READY) continue;
        int r = vgpu_interp_run(sm, w);
        if (r == VGPU_RUN_FAULT) return -1;
        if (r == VGPU_RUN_YIELD) {
          yielded++;
          continue;
        }
        if (r != VGPU_RUN_BARRIER) {
          w->state = VGPU_WARP_DONE;
          done++;
          if (!first_done) first_done = w;
          continue;
        }
        w->state = VGPU_WARP_AT_BARRIER;
        /* observers first: without one, a barrier costs no look-up of its instruction */
        if (sm->obs && sm->obs->barrier_arrive && !is_collective(sm, w->pc))
          sm->obs->barrier_arrive(sm->obs_ctx, w, w->pc);
        waiting++;
        if (!first_waiting) first_waiting = w;
        else if (w->pc != first_waiting->pc) {
          vgpu_fault_raise(sm, w, 0, w->pc, VGPU_LAUNCH_BARRIER_DIVERGENCE,
                           "barrier divergence: sub-group %u waits at a %s at line %u, sub-group %u at another "
                           "%s (line %u); all work-items must reach the same one",
                           w->index, sync_name(sm, w->pc), sm->kc->line[w->pc], first_waiting->index,
                           sync_name(sm, first_waiting->pc), sm->kc->line[first_waiting->pc]);
          return -1;
        }
      }
    } while (yielded);
    if (!waiting) break;
    if (done) {
      vgpu_fault_raise(sm, first_done, 0, first_waiting->pc, VGPU_LAUNCH_BARRIER_DIVERGENCE,
                       "barrier divergence: sub-group %u finished the kernel while sub-group %u waits at "
                       "this %s; every work-item of the group must reach it",
                       first_done->index, first_waiting->index, sync_name(sm, first_waiting->pc));
      return -1;
    }
    /* every warp is here: a work-group function is computed now, then the warps are released */
    int collective = is_collective(sm, first_waiting->pc);
    if (collective) vgpu_wgroup_exec(g, &sm->kc->code[first_waiting->pc]);
    for (unsigned i = 0; i < g->nwarps; i++) {
      struct vgpu_warp *w = &g->warps[i];
      w->pc++;
      w->stack[w->sp].pc = w->pc;
      w->state = VGPU_WARP_READY;
    }
    if (!collective && sm->obs && sm->obs->barrier) sm->obs->barrier(sm->obs_ctx, g);
  }
  if (sm->obs && sm->obs->group_end) sm->obs->group_end(sm->obs_ctx, g);
  return 0;
}

/* VGPU_SCHEDULE=random:SEED: position p of a seeded order of the groups is group
 * permute(p), run by SM sm_of(p) among the SMs the engine woke, one group at a time: an SM waits for
 * the turn counter to reach p, runs the group, and passes the turn on.  Results that depend on the
 * order of groups are then the same for a seed, whatever the timing of the SM processes. */
static int run_all_random(struct vgpu_sm *sm) {
  struct vgpu_launch *L = sm->launch;
  uint64_t n = L->total_groups, nsms = L->nsms ? L->nsms : 1, active = n < nsms ? n : nsms;
  uint64_t order_key = vgpu_schedule_key(L->schedule_seed, UINT64_MAX, 0);
  uint64_t seen = UINT64_MAX; /* the turn last seen: the watchdog times the wait for progress */
  for (uint64_t pos = 0; pos < n && !sm->faulted; pos++) {
    if (vgpu_schedule_key(L->schedule_seed, pos, 1) % active != (uint64_t)sm->index) continue;
    for (unsigned spin = 1;; spin++) {
      uint64_t turn = atomic_load_explicit(&L->schedule_turn, memory_order_acquire);
      if (turn == pos) break;
      if (atomic_load_explicit(&L->fault.claimed, memory_order_relaxed)) return (int)L->fault.status;
      if (spin % 256) continue;
      vgpu_host_check();
      uint64_t t = vgpu_now_ns();
      if (turn != seen && sm->deadline_ns) { /* another group finished: progress */
        seen = turn;
        sm->deadline_ns = t + L->watchdog_ns;
      }
      if (sm->deadline_ns && t > sm->deadline_ns) {
        vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_TIMEOUT,
                         "watchdog: no work-group finished for %.3f s (VGPU_SCHEDULE=random: waiting for "
                         "work-group %" PRIu64 " of %" PRIu64 " in the random order)", L->watchdog_ns / 1e9, pos, n);
        return VGPU_LAUNCH_TIMEOUT;
      }
      sched_yield();
    }
    if (sm->deadline_ns) sm->deadline_ns = vgpu_now_ns() + L->watchdog_ns;
    if (run_group(sm, vgpu_schedule_permute(pos, n, order_key))) break;
    sm->groups_run++;
    atomic_store_explicit(&L->schedule_turn, pos + 1, memory_order_release);
  }
  return sm->faulted ? (int)L->fault.status : VGPU_LAUNCH_OK;
}

int vgpu_group_run_all(struct vgpu_sm *sm) {
  struct vgpu_launch *L = sm->launch;
  int st = prepare(sm);
  if (st != VGPU_LAUNCH_OK) return st;
  if (L->schedule_random) {
    int r = run_all_random(sm);
    vgpu_fault_finish(sm); /* the group's warps are as the fault left them */
    return r;
  }
  const int serial = (L->observers >> VGPU_OBS_DEBUGGER) & 1;
  uint64_t mine = (uint64_t)sm->index; /* serial: this SM's next group */
  while (!sm->faulted && !atomic_load_explicit(&L->fault.claimed, memory_order_relaxed)) {
    uint64_t idx;
    if (serial) { /* group g on SM g % nactive, one at a time in order (launch.h) */
      if (mine >= L->total_groups) break;
      while (atomic_load(&L->turn) != mine && !atomic_load(&L->fault.claimed)) {
        struct timespec nap = {0, 50000};
        nanosleep(&nap, NULL);
      }
      if (atomic_load(&L->fault.claimed)) break;
      idx = mine;
      mine += L->nactive ? L->nactive : 1;
    } else {
      idx = atomic_fetch_add(&L->next_group, 1);
    }
    if (idx >= L->total_groups) break;
    /* The watchdog times each work-group, not the launch: a hung kernel is one whose group does
     * not finish, while a long launch of many short groups (the CTS's imagedim_non_pow2 runs 67
     * million groups of one work-item) is progress.  The interpreter reads the clock on backward
     * branches against this deadline (paused debugger time does not count). */
    if (sm->deadline_ns) sm->deadline_ns = vgpu_now_ns() + L->watchdog_ns - atomic_load(&L->paused_ns);
    if (!(sm->groups_run & 63)) vgpu_host_check(); /* the host died: stop (host_link.h) */
    int failed = run_group(sm, idx);
    if (serial) atomic_store(&L->turn, idx + 1);
    if (failed) break;
    sm->groups_run++;
  }
  vgpu_fault_finish(sm); /* the group's warps are as the fault left them */
  return sm->faulted ? (int)L->fault.status : VGPU_LAUNCH_OK;
}
