/* Four work-groups of 4 work-items over two SMs (tests/debug): a kernel breakpoint, stepping,
 * watchpoints and the order of groups and SMs of a serial launch. */
/*!
 * run sum: acc
 *   global: 16
 *   local: 4
 *   arg a: global int[16] = i
 *   arg out: global int[16]
 *   expect out = 3 * i + (i % 4) + 1
 */
kernel void acc(global const int *a, global int *out) {
  int gid = get_global_id(0);
  int lid = get_local_id(0);
  int s = a[gid];
  for (int k = 0; k <= lid; k++)
    s += 1;
  out[gid] = s + 2 * gid;
}
