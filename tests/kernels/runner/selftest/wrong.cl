/* The runner's own test (tests/kernels/CMakeLists.txt): every expectation below is wrong on
 * purpose, so kernel-test must exit 1 and name what differed. */
/*!
 * run sum: add
 *   global: 8
 *   arg a: global int[8] = i
 *   arg c: global int[8]
 *   expect c = i == 5 ? 11 : 2 * i
 *
 * run near: half_of
 *   global: 4
 *   arg f: global float[4] = [1, 2, 3, 4]
 *   expect f = i == 2 ? 1.5 * 1.0001 : (i + 1) / 2.0 ulp 1
 *
 * run no_fault: add
 *   global: 8
 *   arg a: global int[8] = i
 *   arg c: global int[8]
 *   expect fault: CL_OUT_OF_RESOURCES "never"
 */
kernel void add(global const int *a, global int *c) { c[get_global_id(0)] = 2 * a[get_global_id(0)]; }
kernel void half_of(global float *f) { f[get_global_id(0)] /= 2; }
