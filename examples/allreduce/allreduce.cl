/* allreduce.cl - the one kernel of the ring all-reduce: add a received chunk into ours. */
kernel void add_chunk(global float *x, uint first, global const float *recv, uint len) {
  uint i = get_global_id(0);
  if (i < len) x[first + i] += recv[i];
}
