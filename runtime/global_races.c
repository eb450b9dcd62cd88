/* global_races.c - the host part of the global race detector of VGPU_CHECKS=1 (observer.h): per
 * launch, an arena buffer with one shadow entry per byte of the buffers the kernel was given (the
 * launch's exact allocation table, which VGPU_CHECKS makes strict: ndrange.c), the kernel's
 * suppressed lines, and the SMs' locks.  The shadow is zeroed by punching holes in the arena
 * memfd where it covers whole pages, so only the entries of bytes the kernel touches cost memory. */
#include <fcntl.h>
#include <string.h>
#include "runtime/device.h"
#include "runtime/global_races.h"
#include "runtime/log.h"
#include "sim/arena.h"
#include "sim/observers/global_races.h"

int vgpu_global_races_wanted(const struct vgpu_config *cfg, cl_command_queue q) {
  (void)q;
  return cfg->checks != 0;
}

/* The kernel is suppressed whole (VGPU_CHECKS_SUPPRESS=KERNEL), or how many of its lines are. */
static int suppressed(const char *kernel, uint32_t *lines) {
  const struct vgpu_config *cfg = vgpu_config();
  int n = 0;
  for (int i = 0; i < cfg->nsuppress; i++) {
    if (strcmp(cfg->suppress[i].kernel, kernel)) continue;
    if (!cfg->suppress[i].line) return -1;
    if (lines) lines[n] = cfg->suppress[i].line;
    n++;
  }
  return n;
}

static uint64_t tables_size(uint32_t nranges, int nsuppress) {
  uint64_t t = sizeof(struct vgpu_grace_header) + (uint64_t)nranges * sizeof(struct vgpu_grace_range) +
               (uint64_t)nsuppress * sizeof(uint32_t);
  return (t + 63) & ~(uint64_t)63;
}

uint64_t vgpu_global_races_size(const struct vgpu_observe_launch *o) {
  const struct vgpu_launch *L = o->L;
  int nsup = suppressed(o->kernel, NULL);
  if (nsup < 0 || !L->nallocs) return 0;
  /* work-items are named by a 32-bit id in the shadow */
  uint64_t items = L->total_groups;
  for (unsigned d = 0; d < L->work_dim; d++) items *= L->local_size[d];
  if (items >= UINT32_MAX) {
    vgpu_log(VGPU_LOG_WARN, "kernel %s: VGPU_CHECKS does not check this launch for races on global memory "
             "(%llu work-items; at most %u)", o->kernel, (unsigned long long)items, UINT32_MAX - 1);
    return 0;
  }
  const struct vgpu_launch_alloc *a = vgpu_arena_ptr(&o->dev->arena, L->allocs_off);
  uint64_t bytes = 0;
  for (uint32_t i = 0; i < L->nallocs; i++) bytes += a[i].size;
  return tables_size(L->nallocs, nsup) + bytes * sizeof(struct vgpu_grace_entry);
}

void vgpu_global_races_fill(const struct vgpu_observe_launch *o, uint8_t *buf) {
  const struct vgpu_launch *L = o->L;
  struct vgpu_arena *arena = &o->dev->arena;
  const struct vgpu_launch_alloc *a = vgpu_arena_ptr(arena, L->allocs_off);
  struct vgpu_grace_header *h = (struct vgpu_grace_header *)(void *)buf;
  struct vgpu_grace_range *r = (struct vgpu_grace_range *)(h + 1);
  uint32_t *lines = (uint32_t *)(r + L->nallocs);
  int nsup = suppressed(o->kernel, lines);
  memset(h, 0, sizeof *h);
  h->nranges = L->nallocs;
  h->nsuppress = (uint32_t)nsup;
  h->shadow_off = tables_size(L->nallocs, nsup);
  uint64_t first = 0;
  for (uint32_t i = 0; i < L->nallocs; i++) { /* sorted and disjoint (ndrange.c) */
    r[i] = (struct vgpu_grace_range){a[i].start, a[i].size, first};
    first += a[i].size;
  }
  /* Zero the shadow: whole pages by punching them out of the memfd (they read as zeros and take
   * no memory until an SM touches them), the edges by hand. */
  uint64_t off = (uint64_t)(buf - arena->base) + h->shadow_off, end = off + first * sizeof(struct vgpu_grace_entry);
  uint64_t page = 4096, lo = (off + page - 1) / page * page, hi = end / page * page;
  if (hi > lo && fallocate(arena->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)lo, (off_t)(hi - lo)) == 0) {
    memset(arena->base + off, 0, lo - off);
    memset(arena->base + hi, 0, end - hi);
  } else {
    memset(arena->base + off, 0, end - off);
  }
}
