/* Independent forward progress of sub-groups (CL_DEVICE_SUB_GROUP_INDEPENDENT_FORWARD_PROGRESS,
 * which cl_khr_subgroups requires): sub-group 0 spins until the last sub-group of its group
 * stores a flag in __local memory, with no barrier in between.  Warps of a group run one after
 * the other on their SM, so sub-group 0 runs first: it finishes only because a warp spinning in a
 * loop yields to the others (before, it spun until the watchdog). */
/*!
 * options: -cl-std=CL3.0
 * variant warp8: VGPU_WARP_SIZE=8
 * variant warp64: VGPU_WARP_SIZE=64
 *
 * run spin: spin
 *   global: 256
 *   local: 128
 *   arg out: global int[256]
 *   expect out = 1
 */
kernel void spin(global int *out) {
  local atomic_int flag;
  if (get_local_id(0) == 0) atomic_init(&flag, 0);
  work_group_barrier(CLK_LOCAL_MEM_FENCE);
  if (get_sub_group_id() == 0) {
    while (atomic_load_explicit(&flag, memory_order_acquire, memory_scope_work_group) == 0)
      ;
  } else if (get_sub_group_id() == get_num_sub_groups() - 1 && get_sub_group_local_id() == 0) {
    atomic_store_explicit(&flag, 1, memory_order_release, memory_scope_work_group);
  }
  work_group_barrier(CLK_LOCAL_MEM_FENCE);
  out[get_global_id(0)] = atomic_load_explicit(&flag, memory_order_relaxed, memory_scope_work_group);
}
