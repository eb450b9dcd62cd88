/* The fault report explains itself (issue 12).  One warp of 16 work-items (local size 16): the odd
 * ones enter the `if` (active mask 0xaaaa of 0xffff) and store to dst[3 * gid + n], n = 1000, far
 * past the end of dst (64 ints = 256 bytes).  The first faulting lane in lane order is lane 1,
 * work-item 1: it writes dst[1003], byte offset 4012 of dst, 4012 - 256 = 3756 bytes past its end,
 * the value src[1] + 7 = 17 = 0x11 (src[i] = 10 * i); lane 3 writes src[3] + 7 = 37 = 0x25.  The
 * other path (all 16 lanes) waits at line 36, where both meet again.  Built with -g, the report
 * shows lane 1's variables: gid = 1, scaled = 3, idx = 1003, n = 1000. */
/*!
 * options: -g
 *
 * run explain: walk
 *   global: 16
 *   local: 16
 *   arg src: global int[64] = 10 * i
 *   arg dst: global int[64]
 *   arg n: int 1000
 *   expect fault: CL_OUT_OF_RESOURCES "kernel 'walk': out-of-bounds global store"
 *   expect fault: CL_OUT_OF_RESOURCES "at program.cl:34 (VIR pc "
 *   expect fault: CL_OUT_OF_RESOURCES "work-item global (1,0,0) local (1,0,0) group (0,0,0), sub-group 0 lane 1"
 *   expect fault: CL_OUT_OF_RESOURCES "active mask 0x000000000000aaaa (8 of 16 lanes)"
 *   expect fault: CL_OUT_OF_RESOURCES "waiting  mask 0x000000000000ffff resumes at program.cl:36"
 *   expect fault: CL_OUT_OF_RESOURCES "at byte offset 4012 of kernel argument 'dst' (int*), a buffer of 256 bytes: 3756 bytes past its end"
 *   expect fault: CL_OUT_OF_RESOURCES "    gid = 1"
 *   expect fault: CL_OUT_OF_RESOURCES "    scaled = 3"
 *   expect fault: CL_OUT_OF_RESOURCES "    n = 1000"
 *   expect fault: CL_OUT_OF_RESOURCES "       3          3  0x"
 *   expect fault: CL_OUT_OF_RESOURCES "idx = 1003"
 */
kernel void walk(global const int *src, global int *dst, int n) {
  int gid = get_global_id(0);
  int scaled = gid * 3;
  if (gid % 2 == 1) {
    int idx = scaled + n;
    dst[idx] = src[gid] + 7;
  }
  dst[gid] = scaled;
}
