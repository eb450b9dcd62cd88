/* Program-scope variables (OpenCL C 3.0 section 6.8) keep their values from launch to launch:
 * the runs of a file share one program, so three launches see 40, 41 and 42.  A one work-item
 * launch (what clEnqueueTask is) also checks the sizes a kernel sees. */
/*!
 * options: -cl-std=CL3.0
 *
 * run task: one
 *   global: 1
 *   local: 1
 *   arg x: global int[1]
 *   expect x = 1234 + 1 + 1
 *
 * run first: bump
 *   global: 1
 *   arg out: global int[1]
 *   expect out = 40
 *
 * run second: bump
 *   global: 1
 *   arg out: global int[1]
 *   expect out = 41
 *
 * run third: bump
 *   global: 1
 *   arg out: global int[1]
 *   expect out = 42
 */
global int counter = 40;
kernel void bump(global int *out) { out[0] = counter++; }
kernel void one(global int *x) { x[0] = 1234 + get_global_size(0) + get_local_size(0); }
