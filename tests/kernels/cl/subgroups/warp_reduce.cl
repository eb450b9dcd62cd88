/* The sum of each work-group's 256 inputs, three ways (docs/tour.md, "warp-level programming"):
 * tree_sum halves a local-memory array 8 times with a barrier after each step; warp_sum adds
 * within each sub-group (a warp) with sub_group_reduce_add, passes the 8 (at warp size 32)
 * partial sums through local memory once, and lets sub-group 0 add those.  Both must give the
 * CPU's sum of the group's inputs, at any warp size (sub-group 0 adds the partial sums in
 * rounds when there are more of them than it has lanes: 32 at warp size 8); group_sum calls
 * the work-group function work_group_reduce_add (OpenCL C 3.0 s6.15.15), one instruction at
 * which the group's warps meet. */
/*!
 * options: -cl-std=CL3.0
 * variant warp8: VGPU_WARP_SIZE=8
 *
 * run tree: tree_sum
 *   global: 16384
 *   local: 256
 *   arg in: global uint[16384] = uint(rand(i) % 100000)
 *   arg out: global uint[64]
 *   expect out = sum(j, i * 256, i * 256 + 256, in[j])
 *
 * run warp: warp_sum
 *   global: 16384
 *   local: 256
 *   arg in: global uint[16384] = uint(rand(i) % 100000)
 *   arg out: global uint[64]
 *   expect out = sum(j, i * 256, i * 256 + 256, in[j])
 *
 * run group: group_sum
 *   global: 16384
 *   local: 256
 *   arg in: global uint[16384] = uint(rand(i) % 100000)
 *   arg out: global uint[64]
 *   expect out = sum(j, i * 256, i * 256 + 256, in[j])
 */
kernel void tree_sum(global const uint *in, global uint *out) {
  local uint tmp[256];
  uint lid = get_local_id(0);
  tmp[lid] = in[get_global_id(0)];
  barrier(CLK_LOCAL_MEM_FENCE);
  for (uint s = 128; s > 0; s >>= 1) {
    if (lid < s) tmp[lid] += tmp[lid + s];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (lid == 0) out[get_group_id(0)] = tmp[0];
}

kernel void warp_sum(global const uint *in, global uint *out) {
  local uint partial[256];
  uint lid = get_local_id(0);
  uint s = sub_group_reduce_add(in[get_global_id(0)]);
  if (get_sub_group_local_id() == 0) partial[get_sub_group_id()] = s;
  barrier(CLK_LOCAL_MEM_FENCE);
  if (get_sub_group_id() == 0) {
    uint v = 0;
    for (uint k = lid; k < get_num_sub_groups(); k += get_sub_group_size()) v += partial[k];
    v = sub_group_reduce_add(v);
    if (lid == 0) out[get_group_id(0)] = v;
  }
}

kernel void group_sum(global const uint *in, global uint *out) {
  uint s = work_group_reduce_add(in[get_global_id(0)]);
  if (get_local_id(0) == 0) out[get_group_id(0)] = s;
}
