/* bitonic.cl - one compare-and-swap pass of a bitonic sorting network over n = 2^m uints (Batcher):
 * the host enqueues m(m+1)/2 passes, so this benchmark is as much about launch overhead and the
 * in-order queue as about the kernel.  One work-item per pair: pair i compares elements lo and
 * lo + j, where lo is i with a zero bit inserted at position log2(j); sub-sequences of size k
 * alternate ascending and descending until the last merge. */
__kernel void bitonic_step(__global uint *data, uint j, uint k) {
  uint i = get_global_id(0);
  uint lo = ((i & ~(j - 1)) << 1) | (i & (j - 1)), hi = lo | j;
  uint a = data[lo], b = data[hi];
  int ascending = (lo & k) == 0;
  if ((a > b) == ascending) {
    data[lo] = b;
    data[hi] = a;
  }
}
