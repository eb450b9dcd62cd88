/* __local pointer arguments are aligned for their type (OpenCL C 3.0 s6.3.5: a pointer to T is
 * aligned to alignof(T), up to 128 bytes for double16/long16), whatever the sizes of the
 * arguments before them and of the kernel's own __local variables.  The CTS's
 * kernel_memory_alignment_local failed here: the arguments were packed at 16-byte steps, so a
 * long16 argument after a 12-byte local variable and 3 + 4 + 64 bytes of arguments started at 112. */
/*!
 * run mixed: align
 *   global: 4
 *   local: 4
 *   arg c: local char[3]
 *   arg i: local int[1]
 *   arg f: local float4[4]
 *   arg l: local long16[2]
 *   arg d: local double8[1]
 *   arg s: local short[1]
 *   arg out: global ulong[24]
 *   expect out: got % 4 == 0 when i % 6 == 0
 *   expect out: got % 16 == 0 when i % 6 == 1
 *   expect out: got % 128 == 0 when i % 6 == 2
 *   expect out: got % 64 == 0 when i % 6 == 3
 *   expect out: got % 2 == 0 when i % 6 == 4
 *   expect out: got == 1 when i % 6 == 5
 */
kernel void align(local char *c, local int *i, local float4 *f, local long16 *l, local double8 *d,
                  local short *s, global ulong *out) {
  local int own[3]; /* a kernel's own __local variable comes first */
  size_t g = get_global_id(0) * 6;
  if (get_local_id(0) == 0) own[0] = 1;
  barrier(CLK_LOCAL_MEM_FENCE);
  /* the addresses themselves: Clang marks the parameters `align N`, so LLVM would fold a
   * remainder computed here to 0 */
  out[g + 0] = (ulong)i;
  out[g + 1] = (ulong)f;
  out[g + 2] = (ulong)l;
  out[g + 3] = (ulong)d;
  out[g + 4] = (ulong)s;
  out[g + 5] = (ulong)own[0] + (c != 0) - 1;
}
