/* races.c - VGPU_CHECKS=1: data races on __local memory, caught and located.  Two different
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

static struct shadow *shadow;
static size_t nshadow;

int vgpu_races_prepare(struct vgpu_sm *sm, uint64_t local_bytes) {
  size_t n = (size_t)local_bytes;
  if (n > nshadow) {
    free(shadow);
    shadow = calloc(n, sizeof *shadow);
    nshadow = shadow ? n : 0;
    if (!shadow) return -1;
  }
  /* Epochs keep counting across launches, so the shadow state of earlier launches is stale
   * without clearing it (a fresh shadow is all epoch 0, which no interval has); only long before
   * the counter could wrap is it cleared and restarted. */
  if (sm->race_epoch == 0 || sm->race_epoch > UINT32_MAX / 2) {
    for (size_t i = 0; i < nshadow; i++) shadow[i].epoch = 0;
    sm->race_epoch = 1;
  }
  return 0;
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

int vgpu_races_check(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, int is_store,
                     const uint64_t *addr, uint64_t mask, unsigned size, const uint64_t *src) {
  const uint64_t base = VIR_PTR_TAG_LOCAL << VIR_PTR_TAG_SHIFT;
  uint32_t e = sm->race_epoch;
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
