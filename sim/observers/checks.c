/* checks.c - the observer of VGPU_CHECKS=1 in the SM: data races on __local memory, caught and located.  Two different
 * work-items of a group touching the same byte of local memory between two barriers, at least
 * one of them writing, is a data race (OpenCL C 3.0 s6.15.8 and the memory model: only a
 * barrier orders them); on a GPU its result depends on warp scheduling.  Bytes, not words:
 * neighbours writing their own char or short of one word do not race.  A shadow entry per local
 * byte remembers, for the current barrier interval (the epoch), who wrote it and who read it.
 * Atomics are not races and are not tracked, nor are "uniform" writes (every work-item storing the
 * value the byte already holds, e.g. `*flag = 0;` by the whole group: benign, as Oclgrind also
 * treats them by default).  Global memory is not checked (its accesses span work-groups, which no
 * barrier orders). */
#include <stdio.h>
#include <stdlib.h>
#include "sim/warp.h"

#define NOBODY 0xffffffffu
#define SEVERAL 0xfffffffeu

struct shadow {
  uint32_t epoch, writer, reader, write_pc;
  uint8_t value; /* what the last writer stored (uniform writes are not races) */
};

/* One SM runs one launch at a time: the state is the process's. */
static struct checks {
  struct vgpu_sm *sm;
  struct shadow *shadow;
  size_t nshadow;
  uint32_t epoch;          /* barrier interval: a new one at each group and each barrier */
} checks;

/* Shadow for the most local memory a group of the launch may have (the device's limit). */
static void *launch_begin(struct vgpu_sm *sm) {
  const struct vgpu_launch *L = sm->launch;
  size_t n = (size_t)(L->local_mem_size ? L->local_mem_size : sm->local_mem_size);
  struct checks *c = &checks;
  c->sm = sm;
  if (n > c->nshadow) {
    free(c->shadow);
    c->shadow = calloc(n, sizeof *c->shadow);
    c->nshadow = c->shadow ? n : 0;
    if (!c->shadow) {
      vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_OUT_OF_RESOURCES, "out of memory (VGPU_CHECKS shadow)");
      return NULL;
    }
  }
  /* Epochs keep counting across launches, so the shadow state of earlier launches is stale
   * without clearing it (a fresh shadow is all epoch 0, which no interval has); only long before
   * the counter could wrap is it cleared and restarted. */
  if (c->epoch == 0 || c->epoch > UINT32_MAX / 2) {
    for (size_t i = 0; i < c->nshadow; i++) c->shadow[i].epoch = 0;
    c->epoch = 1;
  }
  return c;
}

static int race(struct vgpu_sm *sm, struct vgpu_warp *w, unsigned lane, uint32_t pc, uint64_t offset,
                int is_store, int other_wrote, uint32_t other, uint32_t other_pc) {
  const struct vgpu_group *g = w->group;
  char who[96];
  if (other == SEVERAL)
    snprintf(who, sizeof who, "other work-items read it");
  else
    snprintf(who, sizeof who, "work-item local (%llu,%llu,%llu) %s it",
             (unsigned long long)(other % g->size[0]), (unsigned long long)(other / g->size[0] % g->size[1]),
             (unsigned long long)(other / (g->size[0] * g->size[1])), other_wrote ? "wrote" : "read");
  uint32_t line = other_pc < sm->kc->ncode ? sm->kc->line[other_pc] : 0;
  char at[32] = "";
  if (line) snprintf(at, sizeof at, " at line %u", line);
  vgpu_fault_raise(sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                   "data race on __local memory at offset 0x%llx: this work-item %s it and %s%s, with no "
                   "barrier in between", (unsigned long long)offset, is_store ? "writes" : "reads", who, at);
  return -1;
}

/* Local requests only (atomics come through the atomic hook, which this observer leaves alone);
 * bytes outside the group's local memory are the bounds check's (mem.c) to report. */
static int on_mem(void *ctx, const struct vgpu_warp *cw, uint32_t pc, enum vgpu_space space, int is_store,
                  const uint64_t *addr, uint64_t mask, unsigned size, const uint64_t *src) {
  if (space != VGPU_SPACE_LOCAL || !src != !is_store) return 0; /* memcpy/memset pieces: no values */
  struct checks *c = ctx;
  struct vgpu_sm *sm = c->sm;
  struct vgpu_warp *w = (struct vgpu_warp *)cw; /* the fault report names its lane */
  struct shadow *shadow = c->shadow;
  const uint64_t base = VIR_PTR_TAG_LOCAL << VIR_PTR_TAG_SHIFT;
  const uint64_t nshadow = w->group->local_bytes < c->nshadow ? w->group->local_bytes : c->nshadow;
  uint32_t e = c->epoch;
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    if (addr[l] >> VIR_PTR_TAG_SHIFT != VIR_PTR_TAG_LOCAL) continue;
    uint32_t me = w->index * w->width + l;
    uint64_t off = addr[l] - base;
    for (uint64_t b = off; b < off + size && b < nshadow; b++) {
      struct shadow *s = &shadow[b];
      uint8_t value = is_store ? (uint8_t)(src[l] >> (8 * (b - off))) : 0;
      if (s->epoch != e) *s = (struct shadow){e, NOBODY, NOBODY, 0, 0};
      /* the same byte stored again changes nothing another work-item could observe */
      int uniform = is_store && s->writer != NOBODY && s->value == value;
      if (s->writer != NOBODY && s->writer != me && !uniform)
        return race(sm, w, l, pc, b, is_store, 1, s->writer, s->write_pc);
      if (is_store && s->reader != NOBODY && s->reader != me)
        return race(sm, w, l, pc, b, is_store, 0, s->reader, UINT32_MAX);
      if (is_store) {
        s->writer = me;
        s->write_pc = pc;
        s->value = value;
      } else {
        s->reader = s->reader == NOBODY || s->reader == me ? me : SEVERAL;
      }
    }
  }
  return 0;
}

static void new_interval(void *ctx, const struct vgpu_group *g) {
  (void)g;
  ((struct checks *)ctx)->epoch++; /* a new group, or past a barrier: nothing before races with what follows */
}

const struct vgpu_observer vgpu_checks_observer = {
  .launch_begin = launch_begin,
  .mem = on_mem,
  .barrier = new_interval,
  .group_begin = new_interval,
};
