/* counters_report.c - prints what the SMs counted during one launch (VGPU_COUNTERS=1): the numbers
 * a GPU profiler shows first, each with the ratio that makes it meaningful (SIMT efficiency,
 * transactions per request, conflicts per access). */
#include "runtime/counters_report.h"

void vgpu_counters_sum(const struct vgpu_counters *per_sm, unsigned nsms, struct vgpu_counters *t) {
  *t = (struct vgpu_counters){0};
  for (unsigned i = 0; i < nsms; i++) {
    const struct vgpu_counters *c = &per_sm[i];
    t->warp_insns += c->warp_insns; t->lane_insns += c->lane_insns;
    t->branches += c->branches; t->divergent_branches += c->divergent_branches;
    t->global_requests += c->global_requests; t->global_transactions += c->global_transactions;
    t->global_bytes += c->global_bytes; t->local_requests += c->local_requests;
    t->local_bank_conflicts += c->local_bank_conflicts; t->atomics += c->atomics;
    t->barriers += c->barriers; t->work_groups += c->work_groups; t->warps += c->warps;
    t->image_reads += c->image_reads; t->image_writes += c->image_writes;
    t->image_texels += c->image_texels; t->image_filter_texels += c->image_filter_texels;
  }
}

static double ratio(uint64_t a, uint64_t b) { return b ? (double)a / (double)b : 0.0; }

void vgpu_counters_report(FILE *out, const char *kernel, unsigned work_dim, const uint64_t global[3],
                          const uint64_t local[3], unsigned warp_size, const struct vgpu_counters *per_sm,
                          unsigned nsms) {
  struct vgpu_counters t;
  vgpu_counters_sum(per_sm, nsms, &t);
  char g[96], l[96];
  if (work_dim == 1) { snprintf(g, sizeof g, "%llu", (unsigned long long)global[0]); snprintf(l, sizeof l, "%llu", (unsigned long long)local[0]); }
  else if (work_dim == 2) {
    snprintf(g, sizeof g, "%llux%llu", (unsigned long long)global[0], (unsigned long long)global[1]);
    snprintf(l, sizeof l, "%llux%llu", (unsigned long long)local[0], (unsigned long long)local[1]);
  } else {
    snprintf(g, sizeof g, "%llux%llux%llu", (unsigned long long)global[0], (unsigned long long)global[1], (unsigned long long)global[2]);
    snprintf(l, sizeof l, "%llux%llux%llu", (unsigned long long)local[0], (unsigned long long)local[1], (unsigned long long)local[2]);
  }
  /* one block: the command processors of several devices may report at the same time */
  flockfile(out);
  fprintf(out, "[vgpu counters] kernel %s: global %s, local %s, %llu work-groups, %llu warps\n", kernel, g, l,
          (unsigned long long)t.work_groups, (unsigned long long)t.warps);
  /* SIMT efficiency: how many of a warp's lanes did useful work per issued instruction. */
  fprintf(out, "  instructions      %llu warp, %llu lane; SIMT efficiency %.1f%%\n",
          (unsigned long long)t.warp_insns, (unsigned long long)t.lane_insns,
          100.0 * ratio(t.lane_insns, t.warp_insns * (warp_size ? warp_size : 1)));
  fprintf(out, "  branches          %llu, divergent %llu (%.1f%%)\n", (unsigned long long)t.branches,
          (unsigned long long)t.divergent_branches, 100.0 * ratio(t.divergent_branches, t.branches));
  fprintf(out, "  global memory     %llu requests, %llu 32-byte transactions (%.2f per request), %llu bytes\n",
          (unsigned long long)t.global_requests, (unsigned long long)t.global_transactions,
          ratio(t.global_transactions, t.global_requests), (unsigned long long)t.global_bytes);
  fprintf(out, "  local memory      %llu accesses, %llu bank conflicts (%.2f per access)\n",
          (unsigned long long)t.local_requests, (unsigned long long)t.local_bank_conflicts,
          ratio(t.local_bank_conflicts, t.local_requests));
  /* the texture path: only for kernels that use images */
  if (t.image_reads || t.image_writes)
    fprintf(out, "  images            %llu reads, %llu writes, %llu texels (%.1f per request), %llu filtered\n",
            (unsigned long long)t.image_reads, (unsigned long long)t.image_writes, (unsigned long long)t.image_texels,
            ratio(t.image_texels, t.image_reads + t.image_writes), (unsigned long long)t.image_filter_texels);
  fprintf(out, "  atomics           %llu\n  barriers          %llu\n", (unsigned long long)t.atomics,
          (unsigned long long)t.barriers);
  fprintf(out, "  work-groups/SM   ");
  for (unsigned i = 0; i < nsms; i++) fprintf(out, " %llu", (unsigned long long)per_sm[i].work_groups);
  fprintf(out, "\n");
  fflush(out);
  funlockfile(out);
}
