/* scan.cl - exclusive prefix sum of n uints in three launches (the classic GPU scan):
 * scan_blocks scans each block of 2 * local_size elements in __local memory (Blelloch up-sweep and
 * down-sweep) and writes the block's total; the totals are scanned by the same kernel in one
 * block; scan_add adds each block's scanned total to its elements.  local_size: a power of two. */
__kernel void scan_blocks(__global const uint *in, __global uint *out, __global uint *sums,
                          uint n, __local uint *tmp) {
  uint lid = get_local_id(0), lsz = get_local_size(0), m = 2 * lsz;
  uint base = get_group_id(0) * m;
  tmp[2 * lid] = base + 2 * lid < n ? in[base + 2 * lid] : 0;
  tmp[2 * lid + 1] = base + 2 * lid + 1 < n ? in[base + 2 * lid + 1] : 0;
  uint offset = 1;
  for (uint d = lsz; d > 0; d >>= 1) {           /* up-sweep: partial sums in a tree */
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid < d) tmp[offset * (2 * lid + 2) - 1] += tmp[offset * (2 * lid + 1) - 1];
    offset <<= 1;
  }
  if (lid == 0) {
    if (sums) sums[get_group_id(0)] = tmp[m - 1];
    tmp[m - 1] = 0;
  }
  for (uint d = 1; d < m; d <<= 1) {             /* down-sweep: push prefixes back down */
    offset >>= 1;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid < d) {
      uint ai = offset * (2 * lid + 1) - 1, bi = offset * (2 * lid + 2) - 1;
      uint t = tmp[ai];
      tmp[ai] = tmp[bi];
      tmp[bi] += t;
    }
  }
  barrier(CLK_LOCAL_MEM_FENCE);
  if (base + 2 * lid < n) out[base + 2 * lid] = tmp[2 * lid];
  if (base + 2 * lid + 1 < n) out[base + 2 * lid + 1] = tmp[2 * lid + 1];
}

__kernel void scan_add(__global uint *out, __global const uint *block_prefix, uint n) {
  uint i = get_global_id(0);
  if (i < n) out[i] += block_prefix[i / (2 * get_local_size(0))];
}
