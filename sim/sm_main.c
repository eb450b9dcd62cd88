/* sm_main.c - one SM worker process (`vgpu sm ...`, started by engine.c with posix_spawn).  It maps
 * the device arena it inherited, then waits on its socket for "run the launch at offset X": it
 * reads the launch record and the kernel's VIR in place in the arena, runs work-groups until the
 * block scheduler has none left, and replies.  It exits when the host closes the socket (the host
 * program ended or the engine was destroyed). */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/arena.h"
#include "sim/sm_protocol.h"
#include "sim/warp.h"
#include "tools/commands.h"

static int read_full(int fd, void *buf, size_t n) {
  uint8_t *p = buf;
  while (n) {
    ssize_t r = read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

static int in_arena(const struct vgpu_sm *sm, uint64_t off, uint64_t len) {
  return off >= VGPU_ARENA_RESERVED && off <= sm->arena_size && len <= sm->arena_size - off;
}

/* Enough of a module check that a damaged blob cannot make the SM read outside it. */
static const char *check_module(const struct vir_header *h, uint64_t size, uint32_t kidx) {
  if (size < sizeof *h || h->magic != VIR_MAGIC || h->version != VIR_VERSION) return "not a VIR module";
  if (h->size > size) return "module size";
#define TABLE(off, n, T) if ((uint64_t)h->off + (uint64_t)h->n * sizeof(T) > h->size) return "table out of range";
  TABLE(kernels_off, nkernels, struct vir_kernel)
  TABLE(args_off, nargs, struct vir_arg)
  TABLE(insns_off, ninsns, struct vir_insn)
  TABLE(consts_off, nconsts, uint64_t)
  TABLE(extra_off, nextra, uint32_t)
  TABLE(data_off, data_size, uint8_t)
  TABLE(strings_off, strings_size, char)
#undef TABLE
  if (!h->strings_size || ((const char *)h + h->strings_off)[h->strings_size - 1] != '\0')
    return "string table not terminated";
  if (kidx >= h->nkernels) return "kernel index out of range";
  const struct vir_kernel *k = &vir_kernels(h)[kidx];
  if ((uint64_t)k->first_insn + k->ninsns > h->ninsns || (uint64_t)k->first_arg + k->nargs > h->nargs ||
      (uint64_t)k->first_const + k->nconsts > h->nconsts)
    return "kernel ranges out of range";
  if (k->name >= h->strings_size || h->source_name >= h->strings_size) return "string offset out of range";
  return NULL;
}

static int run_launch(struct vgpu_sm *sm, struct vgpu_launch *L) {
  sm->launch = L;
  sm->faulted = 0;
  sm->groups_run = 0;
  sm->mod = NULL;
  sm->kernel = NULL;
  sm->kc = NULL;
  memset(&sm->counters, 0, sizeof sm->counters);
  sm->deadline_ns = L->watchdog_ns ? vgpu_now_ns() + L->watchdog_ns : 0;
  sm->wd_count = 4096;
  if (!in_arena(sm, L->module_off, L->module_size)) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "the kernel's code segment is outside global memory");
    return VGPU_LAUNCH_FAULT;
  }
  const struct vir_header *h = (const void *)(sm->arena + L->module_off);
  const char *bad = check_module(h, L->module_size, L->kernel_index);
  if (bad) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "malformed VIR module: %s", bad);
    return VGPU_LAUNCH_FAULT;
  }
  sm->mod = h;
  sm->kernel = &vir_kernels(h)[L->kernel_index];
  if (L->work_dim < 1 || L->work_dim > 3) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "work_dim %u", L->work_dim);
    return VGPU_LAUNCH_FAULT;
  }
  sm->allocs = NULL;
  sm->nallocs = 0;
  sm->hit_lo = VGPU_ARENA_RESERVED;
  sm->hit_hi = sm->arena_size;
  if (L->nallocs) {
    if (!in_arena(sm, L->allocs_off, (uint64_t)L->nallocs * sizeof(struct vgpu_launch_alloc))) {
      vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "allocation table outside global memory");
      return VGPU_LAUNCH_FAULT;
    }
    sm->allocs = (const void *)(sm->arena + L->allocs_off);
    sm->nallocs = L->nallocs;
    sm->hit_lo = sm->hit_hi = 0;
  }
  char why[256];
  sm->kc = vgpu_interp_decode(sm, why, sizeof why);
  if (!sm->kc) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "malformed kernel: %s", why);
    return VGPU_LAUNCH_FAULT;
  }
  if (sm->pc_hit_cap < sm->kc->ncode) {
    free(sm->pc_hit);
    sm->pc_hit = malloc(sm->kc->ncode * sizeof *sm->pc_hit);
    sm->pc_hit_cap = sm->pc_hit ? sm->kc->ncode : 0;
    if (!sm->pc_hit) {
      vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory");
      return VGPU_LAUNCH_OUT_OF_RESOURCES;
    }
  }
  for (uint32_t i = 0; i < sm->kc->ncode; i++) sm->pc_hit[i][0] = sm->pc_hit[i][1] = 0; /* allocations change between launches */
  static int checks = -1; /* VGPU_CHECKS, inherited from the host's environment */
  if (checks < 0) {
    const char *c = getenv("VGPU_CHECKS");
    checks = c && *c && strcmp(c, "0") != 0;
  }
  sm->check_races = checks;
  sm->checks = checks;
  static int tracing = -1; /* VGPU_TRACE, inherited from the host's environment */
  if (tracing < 0) tracing = vgpu_trace_open(sm) == 0;
  sm->obs = tracing ? &vgpu_trace_observer : L->counters_on ? &vgpu_counters_observer : NULL;
  sm->obs_ctx = tracing ? (void *)sm : (void *)&sm->counters;
  if (tracing) vgpu_trace_launch(sm, 1);
  int st = vgpu_group_run_all(sm);
  if (tracing) vgpu_trace_launch(sm, 0);
  if (L->counters_on && sm->index < VGPU_MAX_SMS) L->counters[sm->index] = sm->counters;
  return st;
}

int vgpu_sm_main(int argc, char **argv) {
  long long arena_fd = -1, sock = -1, index = 0, warp = 32, arena_size = 0, local_mem = 64 << 10;
  for (int i = 1; i + 1 < argc; i += 2) {
    long long v = strtoll(argv[i + 1], NULL, 0);
    if (!strcmp(argv[i], "--arena-fd")) arena_fd = v;
    else if (!strcmp(argv[i], "--arena-size")) arena_size = v;
    else if (!strcmp(argv[i], "--sock")) sock = v;
    else if (!strcmp(argv[i], "--index")) index = v;
    else if (!strcmp(argv[i], "--warp")) warp = v;
    else if (!strcmp(argv[i], "--local-mem")) local_mem = v;
    else {
      fprintf(stderr, "vgpu sm: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (arena_fd < 0 || sock < 0 || arena_size <= 0 || warp < 1 || warp > VGPU_WARP_MAX || index < 0 || local_mem < 0) {
    fprintf(stderr, "usage: vgpu sm --arena-fd N --arena-size BYTES --sock FD --index I --warp W --local-mem BYTES\n"
                    "(started by the VirtualGPU runtime, one process per simulated SM)\n");
    return 2;
  }
  static struct vgpu_arena arena;
  if (vgpu_arena_attach(&arena, (int)arena_fd, (uint64_t)arena_size)) {
    fprintf(stderr, "vgpu sm %lld: cannot map the device arena (fd %lld)\n", index, arena_fd);
    return 1;
  }
  static struct vgpu_sm sm;
  sm.arena = arena.base;
  sm.arena_size = arena.size;
  sm.index = (int)index;
  sm.width = (unsigned)warp;
  sm.local_mem_size = (uint64_t)local_mem;
  for (;;) {
    struct vgpu_sm_request rq;
    if (read_full((int)sock, &rq, sizeof rq)) return 0; /* host gone or engine destroyed */
    struct vgpu_sm_reply rp = {VGPU_LAUNCH_FAULT, 0, 0};
    if (rq.cmd == VGPU_SM_RUN && in_arena(&sm, rq.launch_off, sizeof(struct vgpu_launch))) {
      rp.status = (uint32_t)run_launch(&sm, (struct vgpu_launch *)(void *)(arena.base + rq.launch_off));
      rp.groups = sm.groups_run;
    }
    if (write((int)sock, &rp, sizeof rp) != (ssize_t)sizeof rp) return 0;
  }
}
