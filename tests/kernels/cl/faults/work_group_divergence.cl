/* A work-group function must be reached by every work-item of the group (OpenCL C 3.0 s6.15.15),
 * like a barrier: when part of a warp skips it, or a whole warp returns before it, the launch
 * fails with the divergence named instead of hanging or combining a part of the group, and
 * later launches of the same program run.  Groups of 64 are two 32-lane warps. */
/*!
 * options: -cl-std=CL3.0
 *
 * run lanes: lanes
 *   global: 64
 *   local: 64
 *   arg a: global int[64]
 *   expect fault: CL_OUT_OF_RESOURCES "work-group function divergence"
 *
 * run warp: warp
 *   global: 64
 *   local: 64
 *   arg a: global int[64]
 *   expect fault: CL_OUT_OF_RESOURCES "waits at this work-group function"
 *
 * run whole: whole
 *   global: 64
 *   local: 64
 *   arg a: global int[64] = i
 *   expect a = sum(j, 0, 64, j)
 */
kernel void lanes(global int *a) {
  size_t i = get_global_id(0);
  if (i % 2) a[i] = work_group_reduce_add((int)i); /* half of every warp */
}
kernel void warp(global int *a) {
  size_t i = get_global_id(0);
  if (i >= 32) return; /* the second warp never arrives */
  a[i] = work_group_reduce_add((int)i);
}
kernel void whole(global int *a) {
  size_t i = get_global_id(0);
  a[i] = work_group_reduce_add(a[i]);
}
