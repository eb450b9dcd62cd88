/* counters.h - the hardware counters VGPU_COUNTERS=1 collects per launch (one set per SM, summed).
 * A host program reads them through the cl_vgpu_counters extension (include/CL/cl_vgpu.h, whose
 * cl_kernel_counters_vgpu mirrors this struct field for field). */
#ifndef VGPU_COUNTERS_H
#define VGPU_COUNTERS_H
#include <stdint.h>

struct vgpu_counters {
  uint64_t warp_insns;          /* warp instructions issued */
  uint64_t lane_insns;          /* sum over issued instructions of active lanes */
  uint64_t branches;            /* conditional branches executed by warps */
  uint64_t divergent_branches;  /* ...whose active lanes did not all go the same way */
  uint64_t global_requests;     /* warp-level global/constant memory instructions */
  uint64_t global_transactions; /* distinct 32-byte segments those requests touched */
  uint64_t global_bytes;
  uint64_t local_requests;      /* warp-level __local memory instructions */
  uint64_t local_bank_conflicts;/* extra serialised cycles: (max lanes on one of 32 4-byte banks) - 1 */
  uint64_t atomics;             /* lane-level atomic operations */
  uint64_t barriers;            /* work-group barriers completed */
  uint64_t work_groups;         /* work-groups this SM ran */
  uint64_t warps;               /* warps launched */
  /* the texture unit (sim/texture.c): image requests of a warp, the texels they fetched (linear
   * filtering: 2, 4 or 8 per lane) or wrote, and of those the texels linear filtering weighted */
  uint64_t image_reads;         /* warp-level image reads (read_image*) */
  uint64_t image_writes;        /* warp-level image writes (write_image*) */
  uint64_t image_texels;        /* texels those requests fetched or wrote */
  uint64_t image_filter_texels; /* texels weighted by linear filtering (the filtering work) */
};
#endif
