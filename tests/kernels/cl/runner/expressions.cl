/* The runner's expressions against values written by hand: the kernel copies each input to its
 * output, so the inputs computed by expressions must equal the hand-written lists (C's integer
 * rules: 64-bit, wrapping casts, truncating division, arithmetic shifts of signed values). */
/*!
 * run int: copy_int
 *   global: 12
 *   arg a: global int[12] = [int(0x80000000), -7 / 2, -7 % 2, short(70000), 1 << 40 >> 38, \
 *                            uchar(-1), int(uint(-1) >> 28), -16 >> 2, ~5, 7 > 3 ? 10 : 20, \
 *                            max(-3, 2) * min(4, 9), int(3.9) + int(-3.9)]
 *   arg b: global int[12]
 *   expect b = [-2147483648, -3, -1, 4464, 4, 255, 15, -4, -6, 10, 8, 0]
 *
 * run long: copy_long
 *   global: 6
 *   arg a: global long[6] = [0x7fffffffffffffff + 1, sum(j, 0, 4, j * j), long(ulong(-1) / 3), \
 *                            popcount(0xff00ff), as_ulong(1.0), rand(0) != rand(1)]
 *   arg b: global long[6]
 *   expect b = [-9223372036854775807 - 1, 14, 6148914691236517205, 16, 0x3ff0000000000000, 1]
 *
 * run float: copy_float
 *   global: 5
 *   arg a: global float[5] = [0.1, as_float(0x3f800001), float(1) / 3, sqrt(2.0), -0.0]
 *   arg b: global uint[5]
 *   expect b = [0x3dcccccd, 0x3f800001, 0x3eaaaaab, 0x3fb504f3, 0x80000000]
 *
 * run repeat: copy_int
 *   global: 7
 *   arg a: global int[7] = [1, -1, 5]
 *   arg b: global int[7]
 *   expect b = [1, -1, 5, 1, -1, 5, 1]
 *   expect b[1:3]: got == a[i] && got[0] == 1
 */
kernel void copy_int(global const int *a, global int *b) { b[get_global_id(0)] = a[get_global_id(0)]; }
kernel void copy_long(global const long *a, global long *b) { b[get_global_id(0)] = a[get_global_id(0)]; }
kernel void copy_float(global const float *a, global float *b) { b[get_global_id(0)] = a[get_global_id(0)]; }
