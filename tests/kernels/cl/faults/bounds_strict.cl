/* With VGPU_CHECKS=1 one byte past a buffer's exact size faults (bounds_granule.cl is the
 * default): 26 work-items write a[i] = i + 1 to a buffer of 25 ints. */
/*!
 * env: VGPU_CHECKS=1
 *
 * run one_past: w
 *   global: 26
 *   arg a: global int[25]
 *   expect fault: CL_OUT_OF_RESOURCES "out-of-bounds global store"
 */
kernel void w(global int *a) { a[get_global_id(0)] = (int)get_global_id(0) + 1; }
