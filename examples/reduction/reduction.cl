/* reduction.cl - the sum of n unsigned integers, in two levels.
 *
 * Level 1, inside a work-group: each work-item first adds up its share of the input in a private
 * variable (a grid-stride loop: item i reads i, i + global size, ...; neighbouring work-items read
 * neighbouring elements, so a warp's reads fall in few memory segments).  Then the work-group
 * adds its items' sums as a tree in __local memory: half the items add the other half's values,
 * a barrier, a quarter, a barrier, ... log2(local size) steps.  Item 0 writes the group's sum.
 * Level 2, across work-groups: work-groups cannot wait for each other inside one launch (there is
 * no barrier across work-groups), so the host launches this same kernel again, as ONE work-group
 * over the per-group sums.
 * The local size must be a power of two. */
__kernel void reduce(__global const uint *in, uint n, __global uint *partial, __local uint *scratch) {
  size_t lid = get_local_id(0), lsize = get_local_size(0);
  uint sum = 0;
  for (size_t i = get_global_id(0); i < n; i += get_global_size(0))
    sum += in[i];
  scratch[lid] = sum;
  barrier(CLK_LOCAL_MEM_FENCE);
  for (size_t s = lsize / 2; s > 0; s /= 2) {
    if (lid < s)
      scratch[lid] += scratch[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0)
    partial[get_group_id(0)] = scratch[0];
}
