/* 16-bit loads and stores through generic pointers (OpenCL C 3.0 s6.7.3; piglit's
 * load-hi16/lo16-generic tests cover the same ground but skip here, as piglit runs them only on
 * a device whose CL_DEVICE_OPENCL_C_VERSION is 2.0, which this one cannot claim): one function
 * takes generic pointers and is called on __global, __local and __private memory; it packs two
 * ushorts into the halves of a uint and splits a uint back into halves.  Built as OpenCL C 2.0
 * (accepted though not in CL_DEVICE_OPENCL_C_ALL_VERSIONS) and 3.0; the expected values are the
 * inputs' bit patterns put together by hand. */
/*!
 * run cl20: narrow
 *   options: -cl-std=CL2.0
 *   global: 96
 *   local: 32
 *   arg lo: global ushort[96] = ushort(rand(i))
 *   arg hi: global ushort[96] = ushort(rand(i + 1000))
 *   arg out: global uint[288]
 *   arg tmp: local ushort[64]
 *   expect out = i % 3 == 2 ? (uint(hi[i / 3]) << 16 | lo[i / 3]) : (uint(lo[i / 3]) << 16 | hi[i / 3])
 *
 * run cl30: narrow
 *   options: -cl-std=CL3.0
 *   global: 96
 *   local: 32
 *   arg lo: global ushort[96] = ushort(rand(i))
 *   arg hi: global ushort[96] = ushort(rand(i + 1000))
 *   arg out: global uint[288]
 *   arg tmp: local ushort[64]
 *   expect out = i % 3 == 2 ? (uint(hi[i / 3]) << 16 | lo[i / 3]) : (uint(lo[i / 3]) << 16 | hi[i / 3])
 */
uint pack(const ushort *low, const ushort *high) { return (uint)*high << 16 | *low; }
void split(uint v, ushort *low, ushort *high) {
  *low = (ushort)v;
  *high = (ushort)(v >> 16);
}

kernel void narrow(global const ushort *lo, global const ushort *hi, global uint *out, local ushort *tmp) {
  size_t i = get_global_id(0), l = get_local_id(0);
  tmp[2 * l] = lo[i];
  tmp[2 * l + 1] = hi[i];
  barrier(CLK_LOCAL_MEM_FENCE);
  out[3 * i] = pack(&tmp[2 * l + 1], &tmp[2 * l]); /* __local: halves swapped */
  ushort p[2];
  split(out[3 * i], &p[1], &p[0]); /* __private: back to lo, hi */
  out[3 * i + 1] = pack(&p[1], &p[0]);
  out[3 * i + 2] = pack(&lo[i], &hi[i]); /* __global */
}
