/* counters_report.h - the per-launch counters block VGPU_COUNTERS=1 prints to stderr. */
#ifndef VGPU_COUNTERS_REPORT_H
#define VGPU_COUNTERS_REPORT_H
#include <stdint.h>
#include <stdio.h>
#include "vgpu/counters.h"

/* Sums the per-SM slots. */
void vgpu_counters_sum(const struct vgpu_counters *per_sm, unsigned nsms, struct vgpu_counters *total);
/* One readable block naming the kernel and the NDRange. */
void vgpu_counters_report(FILE *out, const char *kernel, unsigned work_dim, const uint64_t global[3],
                          const uint64_t local[3], unsigned warp_size, const struct vgpu_counters *per_sm,
                          unsigned nsms);
#endif
