/* sm_main.c - one SM worker process (`vgpu sm ...`, started by engine.c with posix_spawn).  It maps
 * the device arena it inherited, then waits on its socket for "run the launch at offset X": it
 * reads the launch record and the kernel's VIR in place in the arena (validating each module it has
 * not seen before, with vir_module_check), runs work-groups until the
 * block scheduler has none left, and replies.  It exits when the host closes the socket (the host
 * program ended or the engine was destroyed), and at once, even mid-kernel, when the host dies. */
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/arena.h"
#include "sim/host_link.h"
#include "sim/sm_protocol.h"
#include "sim/warp.h"
#include "sim/sm_main.h"

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

/* Modules are identified by their place in the arena and their contents (a program freed and
 * another loaded at the same offset must not pass as the old one): a word-wise hash, cheap next to
 * a launch, which also keys the decode cache. */
static uint64_t module_hash(const uint8_t *p, uint64_t n) {
  uint64_t h = 1469598103934665603ull, i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, p + i, 8);
    h = (h ^ x) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  for (; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

/* The validator (vir/vir_check.c) runs once per module this SM has not seen: a relaunch costs a
 * hash, and nothing after it (decoder, interpreter) re-checks the module's structure. */
#define CHECKED_MAX 32
static struct { uint64_t off, size, hash; } checked[CHECKED_MAX];
static unsigned nchecked;

static int module_checked(uint64_t off, uint64_t size, uint64_t hash) {
  for (unsigned i = 0; i < CHECKED_MAX && i < nchecked; i++)
    if (checked[i].off == off && checked[i].size == size && checked[i].hash == hash) return 1;
  return 0;
}

static int run_launch(struct vgpu_sm *sm, struct vgpu_launch *L) {
  sm->launch = L;
  sm->faulted = 0;
  sm->fault_warp = NULL;
  sm->groups_run = 0;
  sm->mod = NULL;
  sm->kernel = NULL;
  sm->kc = NULL;
  sm->deadline_ns = L->watchdog_ns ? vgpu_now_ns() + L->watchdog_ns : 0;
  sm->wd_count = 4096;
  if (!in_arena(sm, L->module_off, L->module_size)) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "the kernel's code segment is outside global memory");
    return VGPU_LAUNCH_FAULT;
  }
  const struct vir_header *h = (const void *)(sm->arena + L->module_off);
  const uint64_t hash = module_hash((const uint8_t *)h, L->module_size);
  if (!module_checked(L->module_off, L->module_size, hash)) {
    char why[256];
    if (vir_module_check(h, L->module_size, why, sizeof why)) {
      vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "malformed VIR module: %s", why);
      return VGPU_LAUNCH_FAULT;
    }
    unsigned slot = nchecked++ % CHECKED_MAX;
    checked[slot].off = L->module_off;
    checked[slot].size = L->module_size;
    checked[slot].hash = hash;
  }
  if (L->kernel_index >= h->nkernels) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "kernel index %u out of range (%u kernels)",
                     L->kernel_index, h->nkernels);
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
  sm->kc = vgpu_interp_decode(sm, hash);
  if (!sm->kc) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory decoding the kernel");
    return VGPU_LAUNCH_OUT_OF_RESOURCES;
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
  /* The observers the runtime chose for this launch (observer.h). */
  if (vgpu_observers_begin(sm)) return (int)L->fault.status;
  int st = vgpu_group_run_all(sm);
  vgpu_observers_end(sm);
  return st;
}

int vgpu_sm_main(int argc, char **argv) {
  long long arena_fd = -1, sock = -1, index = 0, warp = 32, arena_size = 0, local_mem = 64 << 10, host = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    long long v = strtoll(argv[i + 1], NULL, 0);
    if (!strcmp(argv[i], "--arena-fd")) arena_fd = v;
    else if (!strcmp(argv[i], "--arena-size")) arena_size = v;
    else if (!strcmp(argv[i], "--sock")) sock = v;
    else if (!strcmp(argv[i], "--index")) index = v;
    else if (!strcmp(argv[i], "--warp")) warp = v;
    else if (!strcmp(argv[i], "--local-mem")) local_mem = v;
    else if (!strcmp(argv[i], "--host-pid")) host = v;
    else {
      fprintf(stderr, "vgpu sm: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (arena_fd < 0 || sock < 0 || arena_size <= 0 || warp < 1 || warp > VGPU_WARP_MAX || index < 0 || local_mem < 0) {
    fprintf(stderr, "usage: vgpu sm --arena-fd N --arena-size BYTES --sock FD --index I --warp W --local-mem BYTES\n"
                    "   [--host-pid PID]\n(started by the VirtualGPU runtime, one process per simulated SM)\n");
    return 2;
  }
  vgpu_host_link((long)host, NULL); /* a kernel still running when the host dies stops with it */
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
