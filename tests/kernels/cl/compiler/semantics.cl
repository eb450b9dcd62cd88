/* What the lowering computes is what OpenCL C means: integer arithmetic in every width (the
 * canonical narrow forms of vir_ops.def), signed division and shifts, 64-bit products,
 * comparisons, control flow (a loop with break and continue, a switch that falls through, a
 * goto loop), private arrays with dynamic indices, vectors with dynamic element access, structs
 * by value, __constant tables, float arithmetic and conversions, double; at -O2 and with
 * -cl-opt-disable.  Row r of o holds one expression for the 64 work-items, x = in[i], y =
 * in[64 + i]; every expected value follows C's rules for the kernel's types (OpenCL C 6.3),
 * the loops in closed form.  FP_CONTRACT OFF: x * y - x rounds twice, as float(float(x * y) - x). */
/*!
 * variant baseline: VGPU_ISA=baseline
 *
 * run ints: ints
 *   global: 64
 *   local: 16
 *   arg o: global int[1536]
 *   # random inputs, and the edges: division by 0, INT_MIN / 2, x % -1, -7 / 3
 *   arg in: global int[128] = i == 3 || i == 69 ? 0 : i == 7 ? int(0x80000000) : i == 71 ? 2 : \
 *                             i == 11 ? 5 : i == 75 ? -1 : i == 9 ? -7 : i == 73 ? 3 : \
 *                             i < 64 ? int(rand(i) >> 33) % 200000 - 100000 : int(rand(i) >> 40) % 600 - 300
 *   # struct S { int a; float b[3]; char c; }: 20 bytes
 *   arg s: struct int 7; float 1.5, 2.5, 3.5; char 9
 *   let x = in[i % 64]
 *   let y = in[i % 64 + 64]
 *   # the loop adds j * y for j < (x & 15) but 7, and stops once acc > 10000: after trip j,
 *   # acc = y * s with s = j (j + 1) / 2 - 7 once j >= 7.  y * s only grows (y > 0) or never
 *   # stops the loop (y <= 0), so the trips that do not stop it are a prefix: its length is
 *   # the number of j with y * s <= 10000, and the last trip k is that, or (x & 15) - 1.
 *   # sum(j, k, k + 1, s) is s at j = k.
 *   let n = x & 15
 *   let s = j * (j + 1) / 2 - (j >= 7 ? 7 : 0)
 *   let k = min(sum(j, 0, n, y * s <= 10000), n - 1)
 *   let acc = n == 0 ? 0 : y * sum(j, k, k + 1, s)
 *   let acc2 = pick(x & 7, 1, 5, acc + 3, 100, 100, -9, 100, 100)
 *   # row 0: rows 0-16: the operators in int and the narrow types, 64-bit products (C wraps with int())
 *   expect o[0:64] = int(x + y)
 *   expect o[64:128] = int(x - y)
 *   expect o[128:192] = int(x * y)
 *   expect o[192:256] = y ? int(x / y) : 0
 *   expect o[256:320] = y ? x % y : 0
 *   expect o[320:384] = x >> (y & 31)
 *   expect o[384:448] = int(uint(x) >> (y & 31))
 *   expect o[448:512] = int(x << (y & 31))
 *   expect o[512:576] = char(x) * 3 + short(y)
 *   expect o[576:640] = char(char(x) + 100)
 *   expect o[640:704] = uchar(uchar(y) * 7)
 *   expect o[704:768] = short(short(y) * short(y))
 *   expect o[768:832] = ushort(ushort(x) + 60000)
 *   expect o[832:896] = char(x) >> 2
 *   expect o[896:960] = int(x * y >> 17)
 *   expect o[960:1024] = int(uint(x) * uint(y) % 1000003)
 *   expect o[1024:1088] = int(x * y / (y | 1))
 *   # row 17: helper(x & 255) + ctab[(uint)x % 5] + s.a + (int)s.b[2] + s.c
 *   expect o[1088:1152] = (x & 255) * (x & 255) + 1 + pick(uint(x) % 5, 3, 1, 4, 1, 5) + 7 + 3 + 9
 *   # row 18: the loop: acc = y * s(k) after its last trip k
 *   expect o[1152:1216] = acc
 *   # row 19: the switch (1; 2 falling into += 3; -9; 100), then g += acc2 until g leaves (0, 50)
 *   expect o[1216:1280] = acc2 <= 0 ? acc2 : (49 + acc2) / acc2 * acc2
 *   # row 20: w = (x, y, x ^ y, x + 1).wzyx * 3; w.x + 2 w.y + 3 w.z + 4 w.w + v[y & 3]
 *   expect o[1280:1344] = int(3 * (x + 1) + 6 * (x ^ y) + 9 * y + 12 * x + pick(y & 3, x, y, x ^ y, x + 1))
 *   # row 21: p[j] = j * x, read at y & 7
 *   expect o[1344:1408] = int((y & 7) * x)
 *   # row 22: (ulong)l > ul compares the 64-bit product, wrapped, with the unsigned one
 *   expect o[1408:1472] = (x < y) + (char(x) <= char(y)) * 2 + (ushort(x) > ushort(y)) * 4 + (ulong(x * y) > uint(x) * uint(y)) * 8
 *
 * run floats: floats
 *   global: 64
 *   local: 16
 *   arg o: global float[320]
 *   arg in: global float[128] = float((int(rand(i + 1000) >> 33) % 10000 - 5000) / 37.0 + (i < 64 ? 0.5 : 0.25))
 *   arg od: global double[64]
 *   let x = in[i % 64]
 *   let y = in[i % 64 + 64]
 *   expect o[0:64] = float(float(x * y) - x)
 *   expect o[64:128] = float(x / y)
 *   expect o[128:192] = float(float(int(x)) + float(uint(fabs(y))))
 *   expect o[192:256] = x < y ? 1 : x == y ? 2 : 3
 *   expect o[256:320] = float(-x + float(short(x)))
 *   expect od = x * y + x / y + double(long(x * 1e6))
 *
 * run ints_O0: like ints
 *   options: -cl-opt-disable
 *
 * run floats_O0: like floats
 *   options: -cl-opt-disable
 */
#pragma OPENCL FP_CONTRACT OFF
typedef struct { int a; float b[3]; char c; } S;
__constant int ctab[5] = {3, 1, 4, 1, 5};
int helper(int x) { return x * x + 1; }
__kernel void ints(__global int *o, __global const int *in, S s) {
  int i = get_global_id(0);
  int x = in[i], y = in[i + 64];
  char c = (char)x; short sh = (short)y; uchar uc = (uchar)y; ushort us = (ushort)x;
  long l = (long)x * y; ulong ul = (ulong)(uint)x * (uint)y;
  int k = 0;
  o[k++ * 64 + i] = x + y; o[k++ * 64 + i] = x - y; o[k++ * 64 + i] = x * y;
  o[k++ * 64 + i] = y ? x / y : 0; o[k++ * 64 + i] = y ? x % y : 0;
  o[k++ * 64 + i] = x >> (y & 31); o[k++ * 64 + i] = (uint)x >> (y & 31); o[k++ * 64 + i] = x << (y & 31);
  o[k++ * 64 + i] = c * 3 + sh; o[k++ * 64 + i] = (char)(c + 100); o[k++ * 64 + i] = (uchar)(uc * 7);
  o[k++ * 64 + i] = (short)(sh * sh); o[k++ * 64 + i] = (ushort)(us + 60000); o[k++ * 64 + i] = c >> 2;
  o[k++ * 64 + i] = (int)(l >> 17); o[k++ * 64 + i] = (int)(ul % 1000003); o[k++ * 64 + i] = (int)(l / (y | 1));
  o[k++ * 64 + i] = helper(x & 255) + ctab[(uint)x % 5] + s.a + (int)s.b[2] + s.c;
  int acc = 0;
  for (int j = 0; j < (x & 15); j++) { if (j == 7) continue; acc += j * y; if (acc > 10000) break; }
  o[k++ * 64 + i] = acc;
  switch (x & 7) { case 0: acc = 1; break; case 1: acc = 2; case 2: acc += 3; break; case 5: acc = -9; break;  default: acc = 100; }
  int g = 0;
again:
  g += acc;
  if (g < 50 && g > 0) goto again;
  o[k++ * 64 + i] = g;
  int4 v = (int4)(x, y, x ^ y, x + 1);
  int4 w = v.wzyx * 3;
  o[k++ * 64 + i] = w.x + w.y * 2 + w.z * 3 + w.w * 4 + v[y & 3];
  int p[8];
  for (int j = 0; j < 8; j++) p[j] = j * x;
  o[k++ * 64 + i] = p[y & 7];
  o[k++ * 64 + i] = (x < y) + (c <= (char)y) * 2 + (us > (ushort)y) * 4 + ((ulong)l > ul) * 8;
}
__kernel void floats(__global float *o, __global const float *in, __global double *od) {
  int i = get_global_id(0);
  float x = in[i], y = in[i + 64];
  o[i] = x * y - x; o[64 + i] = x / y; o[128 + i] = (float)(int)x + (float)(uint)fabs(y);
  o[192 + i] = x < y ? 1.0f : (x == y ? 2.0f : 3.0f);
  o[256 + i] = -x + (float)(short)x;
  double dx = x, dy = y;
  od[i] = dx * dy + dx / dy + (double)(long)(dx * 1e6);
}
