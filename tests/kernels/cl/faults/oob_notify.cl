/* A kernel that faults (a store 400 MB past its buffer) fails its event with CL_OUT_OF_RESOURCES,
 * the context's pfn_notify hears the fault report with the kernel's name, and the host program
 * and later launches carry on: a plain fill, and a kernel whose lanes leave a loop at different
 * trips (they read a[j] for j < (i & 7), which other work-items may have written: values of at
 * most 7 in magnitude, so the sum never reaches 100000000). */
/*!
 * run oob: oob
 *   global: 64
 *   arg a: global int[64]
 *   expect fault: CL_OUT_OF_RESOURCES "kernel 'oob'"
 *
 * run fill: fill
 *   global: 1000
 *   arg a: global int[1000]
 *   expect a = 2 * i
 *
 * run diverge: diverge
 *   global: 333
 *   arg a: global int[333]
 *   expect a = (i & 1) ? i : -i
 */
kernel void oob(global int *a) { a[get_global_id(0) + 100000000] = 1; }
kernel void fill(global int *a) { a[get_global_id(0)] = 2 * (int)get_global_id(0); }
kernel void diverge(global int *a) {
  int i = get_global_id(0), s = 0;
  for (int j = 0; j < (i & 7); j++) s += a[j] + j; /* lanes leave the loop at different trips */
  a[i] = ((i & 1) ? i : -i) + (s > 100000000 ? 1 : 0);
}
