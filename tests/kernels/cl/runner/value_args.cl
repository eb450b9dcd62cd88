/* Arguments of every kind reach the kernel with the bytes the runner means (OpenCL C 3.0 section
 * 6.3.1 sizes; a 3-vector takes the room of 4, 6.3.5; a struct's fields at their natural
 * alignment): scalars of each type, vectors, a struct, a __constant buffer, a __local size, a
 * half passed as its 16-bit encoding (0x3c00 is 1.0, IEEE 754 binary16).  The kernel widens each
 * to a long; the expected values are the literals themselves. */
/*!
 * run scalars: scalars
 *   global: 1
 *   arg o: global long[16]
 *   arg c: char -5
 *   arg uc: uchar 250
 *   arg s: short -30000
 *   arg us: ushort 65000
 *   arg n: int -2000000000
 *   arg un: uint 4000000000
 *   arg l: long -9000000000000000000
 *   arg ul: ulong 0xfedcba9876543210
 *   arg f: float 0.1
 *   arg d: double 0.1
 *   arg h: ushort 0x3c00
 *   expect o[0:11] = [-5, 250, -30000, 65000, -2000000000, 4000000000, -9000000000000000000, \
 *                     long(0xfedcba9876543210), as_uint(0.1), as_long(0.1), 0x3c00]
 *   # the half's value through vload_half: 1.0
 *   expect o[11] = 1
 *
 * run vectors: vectors
 *   global: 1
 *   arg o: global long[16]
 *   arg f4: float4 1.5, -2, 3.25, 4
 *   arg i3: int3 7, -8, 9
 *   arg d2: double2 0.5, -0.25
 *   arg u16: uchar16 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 255
 *   arg st: struct int 7; float 1.5, 2.5, 3.5; char 9
 *   expect o[0:12] = [1500, -2000, 3250, 4000, 7, -8, 9, 500, -250, 1 + 255, 7 + 3 + 9, 20]
 *
 * run memory: memory
 *   global: 8
 *   local: 8
 *   arg o: global int[8]
 *   arg k: constant int[4] = [10, 20, 30, 40]
 *   arg tmp: local int[8]
 *   arg none: null
 *   # k[i % 4] through __local, read back by the neighbour
 *   expect o = pick((i + 1) % 8 % 4, 10, 20, 30, 40) + 1
 */
typedef struct { int a; float b[3]; char c; } S;

kernel void scalars(global long *o, char c, uchar uc, short s, ushort us, int n, uint un, long l,
                    ulong ul, float f, double d, ushort h) {
  o[0] = c; o[1] = uc; o[2] = s; o[3] = us; o[4] = n; o[5] = un; o[6] = l; o[7] = (long)ul;
  o[8] = as_uint(f); o[9] = as_long(d); o[10] = h;
  o[11] = (long)vload_half(0, (const private half *)&h);
}

kernel void vectors(global long *o, float4 f4, int3 i3, double2 d2, uchar16 u16, S st) {
  o[0] = f4.x * 1000; o[1] = f4.y * 1000; o[2] = f4.z * 1000; o[3] = f4.w * 1000;
  o[4] = i3.x; o[5] = i3.y; o[6] = i3.z; o[7] = d2.x * 1000; o[8] = d2.y * 1000;
  o[9] = u16.s0 + u16.sf; o[10] = st.a + (int)st.b[2] + st.c; o[11] = sizeof(S);
}

kernel void memory(global int *o, constant int *k, local int *tmp, global int *none) {
  size_t i = get_global_id(0), l = get_local_id(0);
  tmp[l] = k[i % 4] + (none == 0);
  barrier(CLK_LOCAL_MEM_FENCE);
  o[i] = tmp[(l + 1) % 8];
}
