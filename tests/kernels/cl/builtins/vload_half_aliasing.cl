/* vload16/vstore16 on half in private memory written or read as short (piglit's
 * vload-half-private and vstore-half-private): the library's accesses may alias any type, so
 * the optimiser cannot decide the halves were never stored.  Before the fix elements 8-15 of
 * the load came out as 0.  Expected: the bits moved unchanged, element j of out[k] is
 * in[16 + k + j]; the store writes v[j] to loc[17 + j]. */
/*!
 * options: -cl-std=CL3.0
 *
 * run load: ld
 *   global: 1
 *   arg in: global ushort[33] = i * 7 + 1
 *   arg out: global ushort[32]
 *   expect out = (i / 16) * 7 + (i % 16) * 7 + 113
 *
 * run store: st
 *   global: 1
 *   arg in: global ushort[16] = i * 5 + 3
 *   arg out: global ushort[33]
 *   expect out[0:17] = 0
 *   expect out[17:33] = (i - 17) * 5 + 3
 */
#pragma OPENCL EXTENSION cl_khr_fp16 : enable
kernel void ld(global const ushort *in, global ushort *out) {
  volatile private short loc[33];
  for (int i = 0; i < 33; ++i) loc[i] = (short)in[i];
  vstore16(as_ushort16(vload16(1, (private half *)loc)), 0, out);
  vstore16(as_ushort16(vload16(1, (private half *)loc + 1)), 1, out);
}
kernel void st(global const ushort *in, global ushort *out) {
  private short loc[33];
  for (int i = 0; i < 33; ++i) loc[i] = 0;
  vstore16(as_half16(vload16(0, in)), 1, (private half *)loc + 1);
  for (int i = 0; i < 33; ++i) out[i] = (ushort)((volatile private short *)loc)[i];
}
