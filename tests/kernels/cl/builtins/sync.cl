/* Work-item functions (OpenCL C 3.0 section 6.15.1), barriers (6.15.8), atomics (6.15.12: the
 * 1.x atomic_* and atom_* functions, 64-bit, and the 2.0 atomic_* functions, global and local),
 * async work-group copies (6.15.11) and the generic address space (6.15.10: to_global, to_local,
 * to_private, get_fence).  Each result has a closed form; results that depend on the order of
 * the work-items (an exchange's last value) are checked for their range, and "exactly one
 * work-item won" as a sum over the buffer. */
/*!
 * options: -cl-std=CL3.0
 *
 * # work-item 0 uses __local, 1 __global: got = to_global != 0 + (to_local != 0) * 2 +
 * # (to_private(p) != 0) * 4 + (to_private(&private) != 0) * 8 + (to_global(&private) != 0) * 16
 * # + get_fence(p) * 32 + get_fence(&private) * 128; CLK_GLOBAL_MEM_FENCE 2, CLK_LOCAL_MEM_FENCE 1
 * run generic: gas
 *   global: 2
 *   local: 2
 *   arg o: global int[8]
 *   expect o[0:3] = [2 + 8 + 1 * 32, 1 + 8 + 2 * 32, 14]
 *   expect o[4] = 42
 *
 * # 24 queries per work-item of an 8x4x2 range in 4x2x1 groups at offset (1, 2, 3); work-item
 * # g = i / 24 is (x, y, z) = (g % 8, g / 8 % 4, g / 32)
 * run workitems: wi
 *   global: 8 4 2
 *   local: 4 2 1
 *   offset: 1 2 3
 *   arg o: global ulong[1536]
 *   expect o = i % 24 == 0 ? i / 24 % 8 + 1 : i % 24 == 1 ? i / 24 / 8 % 4 + 2 : i / 24 / 32 + 3 when i % 24 < 3
 *   expect o = i % 24 == 3 ? i / 24 % 8 % 4 : i % 24 == 4 ? i / 24 / 8 % 4 % 2 : 0 when i % 24 >= 3 && i % 24 < 6
 *   expect o = i % 24 == 6 ? i / 24 % 8 / 4 : i % 24 == 7 ? i / 24 / 8 % 4 / 2 : i / 24 / 32 when i % 24 >= 6 && i % 24 < 9
 *   expect o = i % 24 == 9 ? 8 : i % 24 == 10 ? 4 : 2 when i % 24 >= 9 && i % 24 < 12
 *   expect o = 2 when i % 24 >= 12 && i % 24 < 15
 *   # dimension 3 (beyond get_work_dim): global size 1, id 0, local size 1, 1 group, offset 0
 *   expect o = 1000 + 0 + 10 + 1 when i % 24 == 15
 *   expect o = 0 + 0 + 0 + 1 when i % 24 == 16
 *   expect o = 3 when i % 24 == 17
 *   expect o = i / 24 when i % 24 == 18
 *   expect o = i / 24 / 8 % 4 % 2 * 4 + i / 24 % 8 % 4 when i % 24 == 19
 *   expect o = 123 when i % 24 == 20
 *   expect o = 421 when i % 24 == 21
 *   expect o = 2 when i % 24 == 22
 *   expect o = 1 when i % 24 == 23
 *
 * # 256 work-items in groups of 64
 * run atomics: atom
 *   global: 256
 *   local: 64
 *   arg g: global int[9] = [0, 0, 0, 0, 1000, -1, -1, 0, 0]
 *   arg u: global uint[3] = [0xffffffff, 0, 0]
 *   arg l: global long[5] = [0, 0, 0x7fffffffffffffff, 0, 0]
 *   arg lo: global int[20]
 *   expect g[0:6] = [256, -2 * 256, 256, -256, -50, 255]
 *   expect g[6]: got >= 1 && got <= 256
 *   expect g[7] = 256 * 255 / 2
 *   expect g[8] = as_int(2.5)
 *   # each bit of u[2] flipped 256 / 32 = 8 times
 *   expect u = [0, 0xffffffff, 0]
 *   expect l[0] = sum(j, 0, 256, j << 33)
 *   # l[3]: each of the 64 bits flipped 4 times
 *   expect l[1:4] = [0, 0, 0]
 *   expect l[4]: got >= 1 && got <= 256
 *   # per group (i / 5): the sum of its global ids, the smallest, the count, the local bit masks
 *   expect lo = i % 5 == 0 ? sum(t, 0, 64, i / 5 * 64 + t) : i % 5 == 1 ? i / 5 * 64 : i % 5 == 2 ? 64 : i % 5 == 3 ? -1 : 0
 *
 * # 200 work-items in groups of 40
 * run c11: c11
 *   global: 200
 *   local: 40
 *   arg a: global int[9] = [0, 0, -5, 0, 0, -1, 0, 0, 0]
 *   arg b: global long[1]
 *   arg o: global int[420]
 *   expect a[0:4] = [3 * 200, -200, 199, 0x7fffffff]
 *   expect b = 200 * 199 / 2 * (1 << 32)
 *   expect a[4] = 200 * 199 / 2
 *   expect a[5]: got >= 0 && got < 200
 *   expect a[6] = 77
 *   expect a[7]: got >= 1 && got <= 200
 *   # each of 8 bits flipped 25 times: odd, so set
 *   expect a[8] = 0xff
 *   # exactly one exchange saw the initial -1; exactly one compare-exchange found the 0
 *   expect o[0]: sum(j, 0, 200, got[j] == 0) == 1
 *   expect o[200]: sum(j, 200, 400, got[j]) == 1
 *   # per group: the local sum 2 * 40, bits 0..30 cleared by 40 work-items
 *   expect o[400:410] = i % 2 == 0 ? 2 * 40 : int(0x80000000)
 *
 * # exactly one work-item sees the flag clear
 * run flag: flag
 *   global: 200
 *   arg f: global int[1]
 *   arg o: global int[200]
 *   expect o[0]: sum(j, 0, 200, got[j]) == 1
 *
 * run reduce: reduce
 *   global: 4096
 *   local: 64
 *   arg in: global int[4096] = int(rand(i) % 1000) - 500
 *   arg out: global int[64]
 *   arg s: local int[64]
 *   expect out = sum(t, 0, 64, in[64 * i + t])
 *
 * # 16 groups of 64: a tile in, rotated, written back; a strided store st[gr + 16 t] = tile[t]
 * # (the groups interleave without overlapping); a strided load tile[t] = in[gr + 8 t]
 * run async: async
 *   global: 1024
 *   local: 64
 *   arg in: global int[4096] = int(rand(i) % 1000) - 500
 *   arg out: global int[5120]
 *   arg st: global int[4096] = -1
 *   expect out[0:1024] = in[i / 64 * 64 + (i % 64 + 1) % 64] * 2
 *   expect st[0:1024] = in[i % 16 * 64 + i / 16]
 *   expect st[1024:4096] = -1
 *   expect out[4096:4352] = in[(i - 4096) / 16 + 8 * ((i - 4096) % 16)]
 */
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable
__kernel void wi(__global ulong *o) {
  size_t g = (get_global_id(2) - get_global_offset(2)) * get_global_size(1) * get_global_size(0) +
             (get_global_id(1) - get_global_offset(1)) * get_global_size(0) + get_global_id(0) - get_global_offset(0);
  __global ulong *r = o + g * 24;
  for (uint d = 0; d < 3; d++) { r[d] = get_global_id(d); r[3 + d] = get_local_id(d);
    r[6 + d] = get_group_id(d); r[9 + d] = get_global_size(d); r[12 + d] = get_num_groups(d); }
  r[15] = get_global_size(3) * 1000 + get_global_id(3) * 100 + get_local_size(3) * 10 + get_num_groups(3);
  r[16] = get_local_id(3) + get_group_id(3) + get_global_offset(3) + get_enqueued_local_size(3);
  r[17] = get_work_dim(); r[18] = get_global_linear_id(); r[19] = get_local_linear_id();
  r[20] = get_global_offset(0) * 100 + get_global_offset(1) * 10 + get_global_offset(2);
  r[21] = get_local_size(0) * 100 + get_local_size(1) * 10 + get_local_size(2);
  r[22] = get_enqueued_local_size(1); r[23] = get_global_size(77) + get_global_id(~0u);
}
__kernel void atom(__global int *g, __global uint *u, __global long *l, __global int *lo) {
  int i = get_global_id(0), t = get_local_id(0);
  __local int s[8]; __local uint su[2];
  if (t == 0) { s[0] = 0; s[1] = 1000; s[2] = 0; su[0] = 0; su[1] = ~0u; }
  barrier(CLK_LOCAL_MEM_FENCE);
  atomic_add(&g[0], 1); atomic_sub(&g[1], 2); atomic_inc(&g[2]); atomic_dec(&g[3]);
  atomic_min(&g[4], i - 50); atomic_max(&g[5], i); atomic_and(&u[0], ~(1u << (i % 32)));
  atomic_or(&u[1], 1u << (i % 32)); atomic_xor(&u[2], 1u << (i % 32));
  atomic_xchg(&g[6], i + 1);
  int old = atomic_or(&g[7], 0), prev; /* an atomic read */
  while ((prev = atomic_cmpxchg(&g[7], old, old + i)) != old) old = prev;
  atomic_add(&s[0], i); atomic_min(&s[1], i); atomic_inc(&s[2]);
  atomic_or(&su[0], 1u << (t % 32)); atomic_and(&su[1], ~(1u << (t % 32)));
  atom_add(&l[0], (long)i << 33); atom_max(&l[1], -((long)i << 40)); atom_min(&l[2], (long)i << 35);
  atom_xor(&l[3], 1l << (i % 64)); atom_cmpxchg(&l[4], 0, (long)i + 1);
  atomic_xchg((__global float *)&g[8], 2.5f);
  barrier(CLK_LOCAL_MEM_FENCE);
  if (t == 0) { size_t k = get_group_id(0) * 5; lo[k] = s[0]; lo[k + 1] = s[1]; lo[k + 2] = s[2];
    lo[k + 3] = (int)su[0]; lo[k + 4] = (int)su[1]; }
}
__kernel void c11(__global atomic_int *a, __global atomic_long *b, __global int *o) {
  int i = get_global_id(0);
  atomic_fetch_add(&a[0], 3); atomic_fetch_sub_explicit(&a[1], 1, memory_order_relaxed);
  atomic_fetch_max_explicit(&a[2], i, memory_order_acq_rel, memory_scope_device);
  atomic_fetch_or(&a[3], 1 << (i % 31)); atomic_fetch_add(&b[0], (long)i << 32);
  int e = atomic_load(&a[4]);
  while (!atomic_compare_exchange_weak(&a[4], &e, e + i)) {}
  o[i] = atomic_exchange(&a[5], i) >= 0;
  if (i == 7) atomic_store(&a[6], 77);
  atomic_work_item_fence(CLK_GLOBAL_MEM_FENCE, memory_order_seq_cst, memory_scope_device);
  /* local atomics, and a generic pointer to a global one */
  __local atomic_int la[2]; size_t t = get_local_id(0);
  if (t == 0) { atomic_init(&la[0], 0); atomic_init(&la[1], -1); }
  barrier(CLK_LOCAL_MEM_FENCE);
  atomic_fetch_add_explicit(&la[0], 2, memory_order_relaxed, memory_scope_work_group);
  atomic_fetch_and(&la[1], ~(1 << (t % 31)));
  volatile atomic_int *gp = &a[7]; int ex = 0;
  o[200 + i] = atomic_compare_exchange_strong_explicit(gp, &ex, i + 1, memory_order_acq_rel,
                                                     memory_order_acquire, memory_scope_device);
  atomic_fetch_xor(&a[8], 1 << (i % 8));
  barrier(CLK_LOCAL_MEM_FENCE);
  if (t == 0) { o[400 + 2 * get_group_id(0)] = atomic_load(&la[0]);
    o[401 + 2 * get_group_id(0)] = atomic_load_explicit(&la[1], memory_order_acquire); }
}
__kernel void flag(__global atomic_flag *f, __global int *o) {
  int i = get_global_id(0);
  /* exactly one work-item sees the flag clear */
  o[i] = !atomic_flag_test_and_set(&f[0]);
}
__kernel void reduce(__global const int *in, __global int *out, __local int *s) {
  size_t t = get_local_id(0), n = get_local_size(0);
  s[t] = in[get_global_id(0)];
  for (size_t h = n / 2; h > 0; h /= 2) { barrier(CLK_LOCAL_MEM_FENCE); if (t < h) s[t] += s[t + h]; }
  work_group_barrier(CLK_LOCAL_MEM_FENCE);
  if (t == 0) out[get_group_id(0)] = s[0];
}
__kernel void async(__global const int *in, __global int *out, __global int *st) {
  __local int tile[64]; size_t t = get_local_id(0), gr = get_group_id(0);
  event_t e = async_work_group_copy(tile, in + gr * 64, 64, 0);
  wait_group_events(1, &e);
  out[gr * 64 + t] = tile[(t + 1) % 64] * 2;
  barrier(CLK_LOCAL_MEM_FENCE);
  e = async_work_group_strided_copy(st + gr, tile, 64, 16, 0);
  wait_group_events(1, &e);
  e = async_work_group_strided_copy(tile, in + gr, 16, 8, 0);
  wait_group_events(1, &e);
  if (t < 16) out[4096 + gr * 16 + t] = tile[t];
  prefetch(in, 64);
}
__kernel void gas(__global int *o) {
  __local int l[2]; int v = 5; size_t i = get_global_id(0);
  int *p = i ? (int *)(o + 4) : (int *)l, *pv = &v;
  __global int *g = to_global(p); __local int *q = to_local(p);
  o[i] = (g != 0) + (q != 0) * 2 + (to_private(p) != 0) * 4 + (to_private(pv) != 0) * 8 +
         (to_global(pv) != 0) * 16 + (int)get_fence(p) * 32 + (int)get_fence(pv) * 128;
  if (g) *g = 42;
  if (q) { *q = 7; o[2] = *q + l[0]; }
}
