/* VGPU_CHECKS_SUPPRESS silences known benign races: a whole kernel (KERNEL) or one source line
 * (KERNEL:LINE).  Here every work-item of 4 groups stores its id to o[0] (a race between groups:
 * the value left is any of them), and two kernels read what other groups wrote.  The suppressed
 * kernel and line run to completion; the same race on a line not listed is still reported. */
/*!
 * env: VGPU_CHECKS=1 VGPU_CHECKS_SUPPRESS=last_writer:27,whole
 *
 * run line_suppressed: last_writer
 *   global: 128
 *   local: 32
 *   arg o: global int[1]
 *   expect o: got >= 0 && got < 128
 *
 * run kernel_suppressed: whole
 *   global: 128
 *   local: 32
 *   arg o: global int[1]
 *   expect o: got >= 0 && got < 128
 *
 * run other_line_reported: last_writer_too
 *   global: 128
 *   local: 32
 *   arg o: global int[1]
 *   expect fault: CL_OUT_OF_RESOURCES "data race on global memory"
 */
kernel void last_writer(global int *o) {
  o[0] = (int)get_global_id(0);
}
kernel void whole(global int *o) {
  o[0] = (int)get_global_id(0);
}
kernel void last_writer_too(global int *o) {
  o[0] = (int)get_global_id(0);
}
