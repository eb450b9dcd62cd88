/* How strict the global bounds check is, by default.  A kernel may touch the slack of its
 * buffer's 512-byte allocation granules (as on a GPU, where only unmapped memory faults; piglit's
 * clz-optimizations writes 8 bytes past a 72-byte buffer), but not beyond, and a sub-buffer's
 * slack ends where its parent's storage does.  bounds_strict.cl is the same with VGPU_CHECKS=1.
 * Work-item i writes i + 1 to a[i]. */
/*!
 * run one_past: w
 *   global: 26
 *   arg a: global int[25]
 *   expect a = i + 1
 *
 * # 8 bytes past 72: still its own granule
 * run granule_slack: w
 *   global: 20
 *   arg a: global int[18]
 *   expect a = i + 1
 *
 * # 516 bytes: past the granule
 * run past_granule: w
 *   global: 129
 *   arg a: global int[18]
 *   expect fault: CL_OUT_OF_RESOURCES "out-of-bounds global store"
 *
 * # past a sub-buffer that ends its parent ...
 * run past_parent: w
 *   global: 33
 *   arg a: sub int[32] at 384 of 512
 *   expect fault: CL_OUT_OF_RESOURCES "out-of-bounds global store"
 *
 * # ... but into the parent's own storage
 * run into_parent: w
 *   global: 33
 *   arg a: sub int[32] at 0 of 512
 *   expect a = i + 1
 */
kernel void w(global int *a) { a[get_global_id(0)] = (int)get_global_id(0) + 1; }
