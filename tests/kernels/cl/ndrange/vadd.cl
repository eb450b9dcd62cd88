/* Vector add through clEnqueueNDRangeKernel on the simulator: given and NULL local sizes, sizes
 * that are not a multiple of the warp, a prime size (only 1 divides it: OpenCL C 1.2 needs uniform
 * groups), and the same with OpenCL C 3.0, where non-uniform groups are allowed (whole warps and
 * a partial last group); the variant warp8 runs it all again with 8-wide warps. */
/*!
 * variant warp8: VGPU_WARP_SIZE=8
 *
 * run local64: vadd
 *   global: 4096
 *   local: 64
 *   arg a: global float[4096] = i * 0.5
 *   arg b: global float[4096] = 1000 - i
 *   arg c: global float[4096] = -1
 *   expect c = float(a[i] + b[i])
 *
 * run null_local: vadd
 *   global: 4096
 *   arg a: global float[4096] = i * 0.5
 *   arg b: global float[4096] = 1000 - i
 *   arg c: global float[4096] = -1
 *   expect c = float(a[i] + b[i])
 *
 * run n1000: vadd
 *   global: 1000
 *   arg a: global float[1000] = i * 0.5
 *   arg b: global float[1000] = 1000 - i
 *   arg c: global float[1000] = -1
 *   expect c = float(a[i] + b[i])
 *
 * run prime: vadd
 *   global: 997
 *   arg a: global float[997] = i * 0.5
 *   arg b: global float[997] = 1000 - i
 *   arg c: global float[997] = -1
 *   expect c = float(a[i] + b[i])
 *
 * run prime_cl30: vadd
 *   options: -cl-std=CL3.0
 *   global: 997
 *   arg a: global float[997] = i * 0.5
 *   arg b: global float[997] = 1000 - i
 *   arg c: global float[997] = -1
 *   expect c = float(a[i] + b[i])
 */
kernel void vadd(global const float *a, global const float *b, global float *c) {
  size_t i = get_global_id(0);
  c[i] = a[i] + b[i];
}
