/* reduce.cl - sum of n floats in two launches: each work-group adds 2 * local_size elements as a
 * tree in __local memory and writes one partial sum; the second launch (one group) reduces the
 * partials the same way.  local_size must be a power of two. */
__kernel void reduce_sum(__global const float *in, __global float *out, uint n,
                         __local float *scratch) {
  uint lid = get_local_id(0), lsz = get_local_size(0);
  uint i = get_group_id(0) * lsz * 2 + lid;
  float v = 0.0f;
  if (i < n) v += in[i];
  if (i + lsz < n) v += in[i + lsz];
  scratch[lid] = v;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint s = lsz / 2; s > 0; s >>= 1) {
    if (lid < s) scratch[lid] += scratch[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) out[get_group_id(0)] = scratch[0];
}
