/* histogram.cl - 256-bin histogram of bytes.  Each work-group counts into its own __local bins
 * with local atomics (cheap, contended only inside the group), then adds its non-zero bins to the
 * global histogram with global atomics (one per bin per group, contended across SMs). */
#define BINS 256
__kernel void histogram(__global const uchar *data, uint n, __global uint *bins) {
  __local uint local_bins[BINS];
  uint lid = get_local_id(0), lsz = get_local_size(0);
  for (uint b = lid; b < BINS; b += lsz) local_bins[b] = 0;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint i = get_global_id(0); i < n; i += get_global_size(0))
    atomic_inc(&local_bins[data[i]]);
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint b = lid; b < BINS; b += lsz)
    if (local_bins[b]) atomic_add(&bins[b], local_bins[b]);
}
