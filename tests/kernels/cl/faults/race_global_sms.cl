/* Global race detection across SM processes: with two SMs the work-groups of a launch run in two
 * processes, and the shadow state lives in the device arena both map.  Each group reads the
 * elements the next group writes (a race between groups whichever SM runs them); a launch where
 * each work-item writes only its own element and all share one atomic counter has no race and
 * must not be reported, however its groups are spread over the SMs. */
/*!
 * env: VGPU_CHECKS=1 VGPU_SMS=2
 *
 * run neighbours: neighbours
 *   global: 4096
 *   local: 32
 *   arg o: global int[4096]
 *   arg p: global int[4096]
 *   expect fault: CL_OUT_OF_RESOURCES "in another work-group"
 *
 * run own_elements: own_elements
 *   global: 4096
 *   local: 32
 *   arg a: global int[4096] = i * 3
 *   arg o: global int[4096]
 *   arg n: global int[1]
 *   expect o = a[i] + 1
 *   expect n = 4096
 */
kernel void neighbours(global int *o, global int *p) {
  size_t i = get_global_id(0);
  o[i] = (int)i;
  p[i] = o[(i + 32) % get_global_size(0)];
}
kernel void own_elements(global const int *a, global int *o, global int *n) {
  size_t i = get_global_id(0);
  o[i] = a[i] + 1;
  atomic_inc(n);
}
