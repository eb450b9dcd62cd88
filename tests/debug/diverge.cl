/* A kernel for scripted debugging sessions (tests/debug): one work-group of 8 work-items; the odd
 * ones take the `if`.  What each stop must show follows from the arithmetic below. */
/*!
 * run diverge: diverge
 *   global: 8
 *   local: 8
 *   arg out: global int[8]
 *   expect out = (i % 2 == 1) ? 10 * i + 1 : 10 * i
 */
kernel void diverge(global int *out) {
  int gid = get_global_id(0);
  int v = 10 * gid;
  if (gid % 2 == 1) {
    v = v + 1;
    out[gid] = v;
  } else {
    out[gid] = v;
  }
  out[gid] = v;
}
