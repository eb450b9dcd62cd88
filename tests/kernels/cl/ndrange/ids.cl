/* Every work-item of a 2D or 3D range with global offsets writes its ids; all are checked.  out
 * holds 4 uints per work-item, at the work-item's linear index (id - offset, x fastest): its three
 * global ids, then local size x * 10000 + y * 100 + z.  Groups are uniform (OpenCL C 1.2), so the
 * local size is the same everywhere; a NULL local size picks one that divides the global size.
 * The variant warp8 runs it all again with 8-wide warps (a 4x3x2 group is three warps). */
/*!
 * variant warp8: VGPU_WARP_SIZE=8
 *
 * run 2d: ids
 *   global: 48 20
 *   offset: 5 1000
 *   local: 16 4
 *   arg out: global uint[3840]
 *   arg w: uint 48
 *   arg h: uint 20
 *   expect out = i % 4 == 0 ? i / 4 % 48 + 5 : i % 4 == 1 ? i / 4 / 48 + 1000 : i % 4 == 2 ? 0 : 160401
 *
 * run 2d_null_local: ids
 *   global: 48 20
 *   offset: 5 1000
 *   arg out: global uint[3840]
 *   arg w: uint 48
 *   arg h: uint 20
 *   expect out = i % 4 == 0 ? i / 4 % 48 + 5 : i / 4 / 48 + 1000 when i % 4 < 2
 *   expect out = 0 when i % 4 == 2
 *   expect out: got == got[3] && got / 10000 > 0 && 48 % (got / 10000) == 0 \
 *               && got / 100 % 100 > 0 && 20 % (got / 100 % 100) == 0 && got % 100 == 1 when i % 4 == 3
 *
 * run 3d: ids
 *   global: 8 6 10
 *   offset: 3 2 1
 *   local: 4 3 2
 *   arg out: global uint[1920]
 *   arg w: uint 8
 *   arg h: uint 6
 *   expect out = i % 4 == 0 ? i / 4 % 8 + 3 : i % 4 == 1 ? i / 4 / 8 % 6 + 2 : i % 4 == 2 ? i / 4 / 48 + 1 : 40302
 *
 * run 3d_null_offset_local: ids
 *   global: 8 6 10
 *   arg out: global uint[1920]
 *   arg w: uint 8
 *   arg h: uint 6
 *   expect out = i % 4 == 0 ? i / 4 % 8 : i % 4 == 1 ? i / 4 / 8 % 6 : i / 4 / 48 when i % 4 < 3
 *   expect out: got == got[3] && got / 10000 > 0 && 8 % (got / 10000) == 0 && got / 100 % 100 > 0 \
 *               && 6 % (got / 100 % 100) == 0 && got % 100 > 0 && 10 % (got % 100) == 0 when i % 4 == 3
 */
kernel void ids(global uint *out, uint w, uint h) {
  size_t x = get_global_id(0) - get_global_offset(0), y = get_global_id(1) - get_global_offset(1),
         z = get_global_id(2) - get_global_offset(2);
  size_t i = (z * h + y) * w + x;
  out[4 * i] = get_global_id(0); out[4 * i + 1] = get_global_id(1); out[4 * i + 2] = get_global_id(2);
  out[4 * i + 3] = get_local_size(0) * 10000 + get_local_size(1) * 100 + get_local_size(2);
}
