/* global_races.h - the arena buffer of the global race detector (VGPU_CHECKS=1, global_races.c):
 * its layout is the contract between the runtime, which sizes and fills it per launch
 * (runtime/global_races.c), and the SM processes, which all update it while they run the launch's
 * work-groups.  It lives in the device arena (a MAP_SHARED memfd), so every SM sees every other
 * SM's accesses: the work-groups of one launch run in different processes.
 *
 *   struct vgpu_grace_header
 *   struct vgpu_grace_range  ranges[nranges]    the buffers the kernel was given, sorted, disjoint
 *   uint32_t                 suppress[nsuppress] source lines whose accesses are not checked
 *   struct vgpu_grace_entry  shadow[...]        one per byte of the ranges, in range order
 *
 * The shadow is sized to the kernel's buffers (the launch's allocation table), not to the arena,
 * and starts zeroed (all-zero: nobody accessed the byte). */
#ifndef VGPU_SIM_GLOBAL_RACES_H
#define VGPU_SIM_GLOBAL_RACES_H
#include <stdint.h>

#define VGPU_GRACE_LOCKS 1024u  /* spinlocks, striped by 64-byte block of the address */
#define VGPU_GRACE_IV_MAX 255u  /* barrier intervals of a group told apart (see global_races.c) */

struct vgpu_grace_header {
  uint32_t nranges, nsuppress;
  uint64_t shadow_off;                  /* from the start of the buffer */
  uint32_t clock;                       /* release operations so far in the launch (a release
                                           takes the next number: its stamp) */
  uint32_t reserved;
  uint32_t locks[VGPU_GRACE_LOCKS];
};

struct vgpu_grace_range {
  uint64_t start, size;                 /* arena offsets [start, start + size) */
  uint64_t first;                       /* index of its first byte's shadow entry */
};

/* What is known of one byte of global memory in this launch: the last write (plain or atomic)
 * and the plain reads.  Work-items are named by their global linear id + 1 (0: none). */
struct vgpu_grace_entry {
  uint32_t w_item, r_item;
  uint16_t w_line, r_line;              /* source lines (0: unknown) */
  uint8_t w_iv, r_iv;                   /* the accessor's barrier interval within its group */
  uint8_t value;                        /* what the last plain write stored */
  uint8_t flags;                        /* enum below */
  uint32_t w_sync, r_sync;              /* the clock when the recorded write (the reads, the
                                           earliest of them) happened */
  uint32_t rel;                         /* highest stamp of a release that wrote the byte */
};

enum {
  VGPU_GRACE_W_ATOMIC = 1,              /* the write record is an atomic access */
  VGPU_GRACE_W_LOAD = 2,                /* ... and only atomic loads were recorded */
  VGPU_GRACE_W_GROUPS = 4,              /* writes by several work-groups (atomic, or same value) */
  VGPU_GRACE_W_ITEMS = 8,               /* ... by several work-items of w_item's group in w_iv */
  VGPU_GRACE_R_GROUPS = 16,             /* plain reads by several work-groups */
  VGPU_GRACE_R_ITEMS = 32,              /* ... by several work-items of r_item's group in r_iv */
};
#endif
