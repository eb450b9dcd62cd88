/* VGPU_CHECKS=1 race detection on __local memory works on bytes.  Work-items that each write
 * their own char or short of a shared word do not race (it was reported as a race when the
 * shadow state was kept per 4-byte word); a work-item reading its neighbour's char with no
 * barrier in between does race, and the launch fails.  Two groups of 256; work-item l of a group
 * reads what work-item 255 - l wrote. */
/*!
 * env: VGPU_CHECKS=1
 *
 * run own_char: own_char
 *   global: 512
 *   local: 256
 *   arg o: global uchar[512]
 *   expect o = uchar((255 - i % 256) * 3)
 *
 * run own_short: own_short
 *   global: 512
 *   local: 256
 *   arg o: global short[512]
 *   expect o = short((255 - i % 256) * 5 - 300)
 *
 * run neighbour_char: neighbour_char
 *   global: 512
 *   local: 256
 *   arg o: global uchar[512]
 *   expect fault: CL_OUT_OF_RESOURCES "race"
 *
 * # the device still works after the fault
 * run own_char_again: own_char
 *   global: 512
 *   local: 256
 *   arg o: global uchar[512]
 *   expect o = uchar((255 - i % 256) * 3)
 */
kernel void own_char(global uchar *o) {
  local uchar b[256]; int l = get_local_id(0);
  b[l] = (uchar)(l * 3);
  barrier(CLK_LOCAL_MEM_FENCE);
  o[get_global_id(0)] = b[255 - l];
}

kernel void own_short(global short *o) {
  local short b[256]; int l = get_local_id(0);
  b[l] = (short)(l * 5 - 300);
  barrier(CLK_LOCAL_MEM_FENCE);
  o[get_global_id(0)] = b[255 - l];
}

kernel void neighbour_char(global uchar *o) {
  local uchar b[257]; int l = get_local_id(0);
  b[l] = (uchar)l;
  o[get_global_id(0)] = b[l + 1]; /* no barrier: races with work-item l + 1 */
}
