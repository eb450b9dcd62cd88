/* Work-group sizes a launch must respect (OpenCL 3.0 section 5.10, clEnqueueNDRangeKernel):
 * reqd_work_group_size(16, 1, 1) rejects another local size and is what a NULL local size
 * picks; OpenCL C 1.2 needs uniform groups (100 is not a multiple of 32); OpenCL C 3.0 allows a
 * partial last group (96 + 4) unless built with -cl-uniform-work-group-size. */
/*!
 * run reqd_other: req
 *   global: 64
 *   local: 8
 *   arg x: global int[64]
 *   expect enqueue: CL_INVALID_WORK_GROUP_SIZE
 *
 * run reqd: req
 *   global: 64
 *   local: 16
 *   arg x: global int[64]
 *   expect x = 16
 *
 * run reqd_null: req
 *   global: 64
 *   arg x: global int[64]
 *   expect x = 16
 *
 * run nonuniform_cl12: lsz
 *   global: 100
 *   local: 32
 *   arg out: global uint[100]
 *   expect enqueue: CL_INVALID_WORK_GROUP_SIZE
 *
 * run nonuniform_cl30: lsz
 *   options: -cl-std=CL3.0
 *   global: 100
 *   local: 32
 *   arg out: global uint[100]
 *   expect out = i < 96 ? 32 : 4
 *
 * run uniform_cl30: lsz
 *   options: -cl-std=CL3.0 -cl-uniform-work-group-size
 *   global: 100
 *   local: 32
 *   arg out: global uint[100]
 *   expect enqueue: CL_INVALID_WORK_GROUP_SIZE
 *
 * # A NULL local size picks no group wider than the range: global 113 (a prime, so no whole-warp
 * # divisor) by 3 gets one group of 113 across, whose enqueued size is its size (the CTS's
 * # non_uniform_3d_basic takes the first group's get_local_size for the enqueued one); this picked
 * # 256 (an enqueued size larger than the global size) before.
 * run picked_2d: enq
 *   options: -cl-std=CL3.0
 *   global: 113 3
 *   arg out: global uint[339]
 *   expect out = 113
 */
kernel void lsz(global uint *out) { out[get_global_id(0)] = get_local_size(0); }
#if __OPENCL_C_VERSION__ >= 200
kernel void enq(global uint *out) {
  out[get_global_id(1) * get_global_size(0) + get_global_id(0)] = get_enqueued_local_size(0);
}
#endif
__attribute__((reqd_work_group_size(16, 1, 1))) kernel void req(global int *x) {
  x[get_global_id(0)] = get_local_size(0);
}
