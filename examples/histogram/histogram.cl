/* histogram.cl - count how often each byte value occurs, with atomics at two levels.
 *
 * Thousands of work-items increment the same 256 counters, so the increments must be atomic (an
 * ordinary `count[v]++` is a read, an add and a write: two work-items can read the same old value
 * and one increment is lost).  Atomics on one global counter from every work-item of the device
 * serialise on that counter; so each work-group first counts into its own copy of the 256 bins in
 * __local memory (contended only by its own work-items), then adds each non-zero bin to the
 * global histogram with one global atomic: 256 global atomics per work-group instead of one per byte.
 * The two barriers: the local bins must be zeroed before anyone counts, and complete before they
 * are added to the global histogram. */
#define BINS 256

__kernel void histogram(__global const uchar *data, uint n, __global uint *hist) {
  __local uint bins[BINS];
  size_t lid = get_local_id(0), lsize = get_local_size(0);
  for (size_t b = lid; b < BINS; b += lsize)
    bins[b] = 0;
  barrier(CLK_LOCAL_MEM_FENCE);

  for (size_t i = get_global_id(0); i < n; i += get_global_size(0))
    atomic_inc(&bins[data[i]]);
  barrier(CLK_LOCAL_MEM_FENCE);

  for (size_t b = lid; b < BINS; b += lsize)
    if (bins[b] != 0)
      atomic_add(&hist[b], bins[b]);
}
