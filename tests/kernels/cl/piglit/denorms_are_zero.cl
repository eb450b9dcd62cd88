/* -cl-denorms-are-zero (OpenCL 3.0 section 5.8.6.3): 0 + the smallest denormals flushes to +0,
 * 1 + x is unaffected (piglit program@execute@amdgcn-f32-inline-immediates "add integer 64");
 * without the option the denormal sum is exact, as the device reports CL_FP_DENORM.  The buffers
 * are read as the floats' bit patterns: as_float(64) is the denormal 64 * 2^-149, and
 * -denormal + denormal is +0 either way (IEEE 754 round to nearest). */
/*!
 * run exact: dz
 *   global: 4
 *   arg out: global uint[4]
 *   arg in: global uint[4] = [0, 0x3f800000, 0x80000000, 0x80000040]
 *   expect out = [64, 0x3f800000, 64, 0]
 *
 * run flushed: dz
 *   options: -cl-denorms-are-zero
 *   global: 4
 *   arg out: global uint[4]
 *   arg in: global uint[4] = [0, 0x3f800000, 0x80000000, 0x80000040]
 *   expect out = [0, 0x3f800000, 0, 0]
 */
kernel void dz(global float *out, global const float *in) {
  int i = get_global_id(0);
  out[i] = in[i] + as_float(64);
}
