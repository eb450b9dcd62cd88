/* profile.h - what the profile observer (sim/observers/profile.c, VGPU_PROFILE) leaves in its arena buffer for
 * the runtime: per SM, per VIR pc of the kernel, VGPU_PROF_N counters (uint64_t), at
 * ((sm * kernel ninsns) + vir_pc) * VGPU_PROF_N + counter.  The runtime sums the SMs. */
#ifndef VGPU_PROFILE_H
#define VGPU_PROFILE_H

enum vgpu_prof_counter {
  VGPU_PROF_WARP_INSNS,          /* warp instructions issued */
  VGPU_PROF_LANE_INSNS,          /* active lanes of those */
  VGPU_PROF_BRANCHES,            /* conditional branches executed by a warp */
  VGPU_PROF_DIVERGENT_BRANCHES,  /* ...whose active lanes went both ways */
  VGPU_PROF_GLOBAL_REQUESTS,     /* warp requests to global/constant memory */
  VGPU_PROF_GLOBAL_TRANSACTIONS, /* distinct 32-byte segments they touched */
  VGPU_PROF_LOCAL_ACCESSES,      /* warp requests to __local memory */
  VGPU_PROF_BANK_CONFLICTS,      /* extra serialised cycles of those (counters.c's model) */
  VGPU_PROF_ATOMICS,             /* lane atomic operations */
  VGPU_PROF_BARRIERS,            /* warp arrivals at a barrier */
  VGPU_PROF_IMAGE_REQUESTS,      /* warp image reads and writes (the texture unit) */
  VGPU_PROF_IMAGE_TEXELS,        /* texels they fetched or wrote */
  VGPU_PROF_IMAGE_FILTER_TEXELS, /* texels weighted by linear filtering */
  VGPU_PROF_N
};

/* The JSON names of the counters (docs/profile.md), in enum order. */
#define VGPU_PROF_NAMES                                                                                 \
  "warp_insns", "lane_insns", "branches", "divergent_branches", "global_requests", "global_transactions", \
      "local_accesses", "bank_conflicts", "atomics", "barriers", "image_requests", "image_texels",         \
      "image_filter_texels"
#endif
