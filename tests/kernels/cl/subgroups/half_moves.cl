/* The sub-group functions that move a half from lane to lane (sub_group_broadcast, the shuffles,
 * sub_group_non_uniform_broadcast, sub_group_broadcast_first, and a half2 broadcast) give back
 * its exact 16 bits. Every input is a signalling NaN (exponent all ones, quiet bit 0x0200 clear,
 * a payload of 1 to 0x1FF, either sign): a move through float would quiet it (set 0x0200), which
 * is what CTS test_subgroups caught (sub_group_broadcast(half4): 0xFC16 came back 0xFE16). With a
 * local size of 8, a sub-group is a whole work-group at every warp size, so the source lane of
 * work-item i is i / 8 * 8 + its id. */
/*!
 * variant warp8: VGPU_WARP_SIZE=8
 *
 * run moves: moves
 *   options: -cl-std=CL3.0
 *   global: 64
 *   local: 8
 *   arg in: global ushort[64] = (i % 2 ? 0xFC00 : 0x7C00) + 1 + i * 5 % 0x1FF
 *   arg bc: global ushort[64] = 0
 *   arg sx: global ushort[64] = 0
 *   arg nb: global ushort[64] = 0
 *   arg bf: global ushort[64] = 0
 *   arg v2: global ushort[128] = 0
 *   expect bc = in[i / 8 * 8 + 3]
 *   expect sx = in[i ^ 1]
 *   expect nb = in[i / 8 * 8 + 5]
 *   expect bf = in[i / 8 * 8]
 *   expect v2 = i % 2 ? in[i / 16 * 8 + 2] ^ 0x8000 : in[i / 16 * 8 + 2]
 */
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
kernel void moves(global const ushort *in, global ushort *bc, global ushort *sx, global ushort *nb,
                  global ushort *bf, global ushort *v2) {
  size_t i = get_global_id(0);
  half x = as_half(in[i]);
  bc[i] = as_ushort(sub_group_broadcast(x, 3));
  sx[i] = as_ushort(sub_group_shuffle_xor(x, 1));
  nb[i] = as_ushort(sub_group_non_uniform_broadcast(x, 5));
  bf[i] = as_ushort(sub_group_broadcast_first(x));
  half2 pair = as_half2((ushort2)(in[i], in[i] ^ 0x8000));
  vstore2(as_ushort2(sub_group_broadcast(pair, 2)), i, v2);
}
