/* timeline.h - where an SM process records its part of the timeline (VGPU_TIMELINE): one
 * struct vgpu_tl_sm per SM in the device arena (the launch record's obs_buf[VGPU_OBS_TIMELINE]
 * points to the first; the runtime reads this layout, as it does profile.h's), written only by that SM during a launch and read by the host after it, so no two
 * processes ever write the same bytes and nothing is lost when SMs run at once.
 *
 * Size is bounded per SM and launch, whatever the NDRange (docs/timeline.md):
 *  - work-group slices: every group gets its own slice until VGPU_TL_SLICES are used; then
 *    neighbouring slices are merged in pairs and each slice may hold twice as many groups as before
 *    (aggregation: every group is still covered by exactly one slice, which says how many groups
 *    it holds and the first and last of them);
 *  - barrier waits and divergent branches: the first VGPU_TL_DETAILS of the launch are kept, the
 *    rest are only counted (diverge_total, barrier_total, details_dropped);
 *  - every conditional branch, uniform or not, is also summed exactly per source line (line[]):
 *    warp executions, divergent ones, and the lanes that took it and that did not. */
#ifndef VGPU_SIM_OBSERVERS_TIMELINE_H
#define VGPU_SIM_OBSERVERS_TIMELINE_H
#include <stdint.h>

#define VGPU_TL_SLICES 2048
#define VGPU_TL_DETAILS 2048
#define VGPU_TL_LINES 1024 /* branch statistics per source line; later lines share the last entry */

enum vgpu_tl_kind { VGPU_TL_GROUP = 1, VGPU_TL_BARRIER = 2, VGPU_TL_DIVERGE = 3 };

struct vgpu_tl_rec {
  uint64_t t0, t1;   /* CLOCK_MONOTONIC ns, the clock of clGetEventProfilingInfo; DIVERGE: t1 = t0 */
  uint64_t group;    /* linear work-group index (GROUP: the first group of the slice) */
  uint64_t last;     /* GROUP: linear index of the slice's last group; BARRIER, DIVERGE: the warp */
  uint32_t kind;     /* enum vgpu_tl_kind */
  uint32_t count;    /* GROUP: groups in the slice; BARRIER: warps that waited */
  uint32_t line;     /* BARRIER, DIVERGE: kernel source line (0: unknown) */
  uint32_t taken;    /* DIVERGE: lanes that took the branch */
  uint32_t not_taken;
  uint32_t reserved;
};

struct vgpu_tl_sm {
  uint32_t nslices;       /* slice[0 .. nslices) */
  uint32_t per_slice;     /* groups a slice may hold now (1, then doubled at each merge) */
  uint32_t ndetails;      /* detail[0 .. ndetails) */
  uint32_t reserved;
  uint64_t host_t0;       /* first SM only: when the host handed the launch over (ns) */
  uint64_t groups;        /* work-groups this SM ran in the launch */
  uint64_t diverge_total; /* divergent branches, kept or not */
  uint64_t barrier_total; /* barriers completed, kept or not */
  uint64_t details_dropped;
  struct vgpu_tl_line { uint64_t branches, divergent, taken, not_taken; } line[VGPU_TL_LINES];
  struct vgpu_tl_rec slice[VGPU_TL_SLICES];
  struct vgpu_tl_rec detail[VGPU_TL_DETAILS];
};
#endif
