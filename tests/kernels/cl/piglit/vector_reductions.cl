/* Sums, maxima and other reductions of vector elements, which the O2 pipeline's SLP vectorizer
 * turned into llvm.vector.reduce.* intrinsics (found by piglit's program@bitcoin phatk kernel;
 * the SLP vectorizer is now off, see compiler/pipeline.c, and these kernels stay plain
 * per-element arithmetic).  Eight-element forms cover reduce.{xor,or,and,mul,umin,add.v8i64,
 * smax.v8i16}.  Sums wrap: the inputs are multiples of the golden ratio constant. */
/*!
 * run red: red
 *   global: 64
 *   arg a: global uint4[64] = uint(0x9e3779b9 * (i + 1))
 *   arg out: global uint[64]
 *   arg b: global int4[64] = (i * 7919) % 1000 - 500
 *   arg o2: global int[64]
 *   expect out = uint(a[4*i] + a[4*i+1] + a[4*i+2] + a[4*i+3])
 *   expect o2 = max(max(b[4*i], b[4*i+1]), max(b[4*i+2], b[4*i+3]))
 *
 * run red8: red8
 *   global: 64
 *   arg c: global uchar8[64] = uchar(i * 37 + 11)
 *   arg o3: global uchar[64]
 *   expect o3 = uchar(sum(j, 0, 8, c[8*i+j]))
 *
 * run r32: r32
 *   global: 64
 *   arg a: global uint8[64] = uint(0x9e3779b9 * (i + 3)) | (i % 5 == 0 ? 0xf0000000 : 0) | 1
 *   arg o: global uint[320]
 *   expect o = a[8*(i/5)] ^ a[8*(i/5)+1] ^ a[8*(i/5)+2] ^ a[8*(i/5)+3] ^ a[8*(i/5)+4] ^ a[8*(i/5)+5] \
 *              ^ a[8*(i/5)+6] ^ a[8*(i/5)+7] when i % 5 == 0
 *   expect o = a[8*(i/5)] | a[8*(i/5)+1] | a[8*(i/5)+2] | a[8*(i/5)+3] | a[8*(i/5)+4] | a[8*(i/5)+5] \
 *              | a[8*(i/5)+6] | a[8*(i/5)+7] when i % 5 == 1
 *   expect o = a[8*(i/5)] & a[8*(i/5)+1] & a[8*(i/5)+2] & a[8*(i/5)+3] & a[8*(i/5)+4] & a[8*(i/5)+5] \
 *              & a[8*(i/5)+6] & a[8*(i/5)+7] when i % 5 == 2
 *   expect o = uint(a[8*(i/5)] * a[8*(i/5)+1] * a[8*(i/5)+2] * a[8*(i/5)+3] * a[8*(i/5)+4] \
 *              * a[8*(i/5)+5] * a[8*(i/5)+6] * a[8*(i/5)+7]) when i % 5 == 3
 *   expect o = min(min(min(a[8*(i/5)], a[8*(i/5)+1]), min(a[8*(i/5)+2], a[8*(i/5)+3])), \
 *              min(min(a[8*(i/5)+4], a[8*(i/5)+5]), min(a[8*(i/5)+6], a[8*(i/5)+7]))) when i % 5 == 4
 *
 * run rl: rl
 *   global: 64
 *   arg a: global long8[64] = long(0x0123456789abcdef * (i + 1) - i * 1000000007)
 *   arg o: global long[64]
 *   expect o = long(sum(j, 0, 8, a[8*i+j]))
 *
 * run rs: rs
 *   global: 64
 *   arg a: global short8[64] = short(uint(i * 2654435761) >> 7)
 *   arg o: global short[64]
 *   expect o = max(max(max(a[8*i], a[8*i+1]), max(a[8*i+2], a[8*i+3])), \
 *                  max(max(a[8*i+4], a[8*i+5]), max(a[8*i+6], a[8*i+7])))
 */
kernel void red(global const uint4 *a, global uint *out, global const int4 *b, global int *o2) {
  size_t i = get_global_id(0);
  uint4 v = a[i];
  out[i] = v.x + v.y + v.z + v.w;
  int4 w = b[i];
  o2[i] = max(max(w.x, w.y), max(w.z, w.w));
}

kernel void red8(global const uchar8 *c, global uchar *o3) {
  size_t i = get_global_id(0);
  uchar8 x = c[i];
  o3[i] = x.s0 + x.s1 + x.s2 + x.s3 + x.s4 + x.s5 + x.s6 + x.s7;
}

kernel void r32(global const uint8 *a, global uint *o) {
  size_t i = get_global_id(0);
  uint8 v = a[i];
  o[5 * i] = v.s0 ^ v.s1 ^ v.s2 ^ v.s3 ^ v.s4 ^ v.s5 ^ v.s6 ^ v.s7;
  o[5 * i + 1] = v.s0 | v.s1 | v.s2 | v.s3 | v.s4 | v.s5 | v.s6 | v.s7;
  o[5 * i + 2] = v.s0 & v.s1 & v.s2 & v.s3 & v.s4 & v.s5 & v.s6 & v.s7;
  o[5 * i + 3] = v.s0 * v.s1 * v.s2 * v.s3 * v.s4 * v.s5 * v.s6 * v.s7;
  o[5 * i + 4] = min(min(min(v.s0, v.s1), min(v.s2, v.s3)), min(min(v.s4, v.s5), min(v.s6, v.s7)));
}

kernel void rl(global const long8 *a, global long *o) {
  size_t i = get_global_id(0);
  long8 v = a[i];
  o[i] = v.s0 + v.s1 + v.s2 + v.s3 + v.s4 + v.s5 + v.s6 + v.s7;
}

kernel void rs(global const short8 *a, global short *o) {
  size_t i = get_global_id(0);
  short8 v = a[i];
  o[i] = max(max(max(v.s0, v.s1), max(v.s2, v.s3)), max(max(v.s4, v.s5), max(v.s6, v.s7)));
}
