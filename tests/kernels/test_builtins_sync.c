/* test_builtins_sync.c - work-item functions (OpenCL C 3.0 section 6.15.1), barriers (6.15.8),
 * atomics (6.15.12: the 1.x atomic_* and atom_* functions, 64-bit, and the 2.0 atomic_*
 * functions) and async work-group copies (6.15.11) on VirtualGPU.  Each result has a closed
 * form computed on the CPU. */
#include "builtins_common.h"

static const char *src =
  "#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable\n"
  "#pragma OPENCL EXTENSION cl_khr_int64_extended_atomics : enable\n"
  "__kernel void wi(__global ulong *o) {\n"
  "  size_t g = (get_global_id(2) - get_global_offset(2)) * get_global_size(1) * get_global_size(0) +\n"
  "             (get_global_id(1) - get_global_offset(1)) * get_global_size(0) + get_global_id(0) - get_global_offset(0);\n"
  "  __global ulong *r = o + g * 24;\n"
  "  for (uint d = 0; d < 3; d++) { r[d] = get_global_id(d); r[3 + d] = get_local_id(d);\n"
  "    r[6 + d] = get_group_id(d); r[9 + d] = get_global_size(d); r[12 + d] = get_num_groups(d); }\n"
  "  r[15] = get_global_size(3) * 1000 + get_global_id(3) * 100 + get_local_size(3) * 10 + get_num_groups(3);\n"
  "  r[16] = get_local_id(3) + get_group_id(3) + get_global_offset(3) + get_enqueued_local_size(3);\n"
  "  r[17] = get_work_dim(); r[18] = get_global_linear_id(); r[19] = get_local_linear_id();\n"
  "  r[20] = get_global_offset(0) * 100 + get_global_offset(1) * 10 + get_global_offset(2);\n"
  "  r[21] = get_local_size(0) * 100 + get_local_size(1) * 10 + get_local_size(2);\n"
  "  r[22] = get_enqueued_local_size(1); r[23] = get_global_size(77) + get_global_id(~0u);\n"
  "}\n"
  "__kernel void atom(__global int *g, __global uint *u, __global long *l, __global int *lo) {\n"
  "  int i = get_global_id(0), t = get_local_id(0);\n"
  "  __local int s[8]; __local uint su[2];\n"
  "  if (t == 0) { s[0] = 0; s[1] = 1000; s[2] = 0; su[0] = 0; su[1] = ~0u; }\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  atomic_add(&g[0], 1); atomic_sub(&g[1], 2); atomic_inc(&g[2]); atomic_dec(&g[3]);\n"
  "  atomic_min(&g[4], i - 50); atomic_max(&g[5], i); atomic_and(&u[0], ~(1u << (i % 32)));\n"
  "  atomic_or(&u[1], 1u << (i % 32)); atomic_xor(&u[2], 1u << (i % 32));\n"
  "  atomic_xchg(&g[6], i + 1);\n"
  "  int old = atomic_or(&g[7], 0), prev; /* an atomic read */\n"
  "  while ((prev = atomic_cmpxchg(&g[7], old, old + i)) != old) old = prev;\n"
  "  atomic_add(&s[0], i); atomic_min(&s[1], i); atomic_inc(&s[2]);\n"
  "  atomic_or(&su[0], 1u << (t % 32)); atomic_and(&su[1], ~(1u << (t % 32)));\n"
  "  atom_add(&l[0], (long)i << 33); atom_max(&l[1], -((long)i << 40)); atom_min(&l[2], (long)i << 35);\n"
  "  atom_xor(&l[3], 1l << (i % 64)); atom_cmpxchg(&l[4], 0, (long)i + 1);\n"
  "  atomic_xchg((__global float *)&g[8], 2.5f);\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  if (t == 0) { size_t k = get_group_id(0) * 5; lo[k] = s[0]; lo[k + 1] = s[1]; lo[k + 2] = s[2];\n"
  "    lo[k + 3] = (int)su[0]; lo[k + 4] = (int)su[1]; }\n"
  "}\n"
  /* OpenCL C 2.0 atomics (built with -cl-std=CL3.0) */
  "__kernel void c11(__global atomic_int *a, __global atomic_long *b, __global int *o) {\n"
  "  int i = get_global_id(0);\n"
  "  atomic_fetch_add(&a[0], 3); atomic_fetch_sub_explicit(&a[1], 1, memory_order_relaxed);\n"
  "  atomic_fetch_max_explicit(&a[2], i, memory_order_acq_rel, memory_scope_device);\n"
  "  atomic_fetch_or(&a[3], 1 << (i % 31)); atomic_fetch_add(&b[0], (long)i << 32);\n"
  "  int e = atomic_load(&a[4]);\n"
  "  while (!atomic_compare_exchange_weak(&a[4], &e, e + i)) {}\n"
  "  o[i] = atomic_exchange(&a[5], i) >= 0;\n"
  "  if (i == 7) atomic_store(&a[6], 77);\n"
  "  atomic_work_item_fence(CLK_GLOBAL_MEM_FENCE, memory_order_seq_cst, memory_scope_device);\n"
  "  /* local atomics, and a generic pointer to a global one */\n"
  "  __local atomic_int la[2]; size_t t = get_local_id(0);\n"
  "  if (t == 0) { atomic_init(&la[0], 0); atomic_init(&la[1], -1); }\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  atomic_fetch_add_explicit(&la[0], 2, memory_order_relaxed, memory_scope_work_group);\n"
  "  atomic_fetch_and(&la[1], ~(1 << (t % 31)));\n"
  "  volatile atomic_int *gp = &a[7]; int ex = 0;\n"
  "  o[200 + i] = atomic_compare_exchange_strong_explicit(gp, &ex, i + 1, memory_order_acq_rel,\n"
  "                                                     memory_order_acquire, memory_scope_device);\n"
  "  atomic_fetch_xor(&a[8], 1 << (i % 8));\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  if (t == 0) { o[400 + 2 * get_group_id(0)] = atomic_load(&la[0]);\n"
  "    o[401 + 2 * get_group_id(0)] = atomic_load_explicit(&la[1], memory_order_acquire); }\n"
  "}\n"
  "__kernel void flag(__global atomic_flag *f, __global int *o) {\n"
  "  int i = get_global_id(0);\n"
  "  /* exactly one work-item sees the flag clear */\n"
  "  o[i] = !atomic_flag_test_and_set(&f[0]);\n"
  "}\n"
  /* barrier: tree reduction in local memory */
  "__kernel void reduce(__global const int *in, __global int *out, __local int *s) {\n"
  "  size_t t = get_local_id(0), n = get_local_size(0);\n"
  "  s[t] = in[get_global_id(0)];\n"
  "  for (size_t h = n / 2; h > 0; h /= 2) { barrier(CLK_LOCAL_MEM_FENCE); if (t < h) s[t] += s[t + h]; }\n"
  "  work_group_barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  if (t == 0) out[get_group_id(0)] = s[0];\n"
  "}\n"
  /* async copies: a tile in, rotated, written back with a stride */
  "__kernel void async(__global const int *in, __global int *out, __global int *st) {\n"
  "  __local int tile[64]; size_t t = get_local_id(0), gr = get_group_id(0);\n"
  "  event_t e = async_work_group_copy(tile, in + gr * 64, 64, 0);\n"
  "  wait_group_events(1, &e);\n"
  "  out[gr * 64 + t] = tile[(t + 1) % 64] * 2;\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  e = async_work_group_strided_copy(st + gr, tile, 64, 16, 0);\n"
  "  wait_group_events(1, &e);\n"
  "  e = async_work_group_strided_copy(tile, in + gr, 16, 8, 0);\n"
  "  wait_group_events(1, &e);\n"
  "  if (t < 16) out[4096 + gr * 16 + t] = tile[t];\n"
  "  prefetch(in, 64);\n"
  "}\n"
  /* generic address space: to_global/to_local/to_private and get_fence (6.15.10) */
  "__kernel void gas(__global int *o) {\n"
  "  __local int l[2]; int v = 5; size_t i = get_global_id(0);\n"
  "  int *p = i ? (int *)(o + 4) : (int *)l, *pv = &v;\n"
  "  __global int *g = to_global(p); __local int *q = to_local(p);\n"
  "  o[i] = (g != 0) + (q != 0) * 2 + (to_private(p) != 0) * 4 + (to_private(pv) != 0) * 8 +\n"
  "         (to_global(pv) != 0) * 16 + (int)get_fence(p) * 32 + (int)get_fence(pv) * 128;\n"
  "  if (g) *g = 42;\n"
  "  if (q) { *q = 7; o[2] = *q + l[0]; }\n"
  "}\n";

static cl_kernel kern(cl_program p, const char *name) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, name, &err);
  CHECK_OK(err);
  return k;
}

static void test_workitems(cl_program p) {
  const size_t gs[3] = { 8, 4, 2 }, ls[3] = { 4, 2, 1 }, off[3] = { 1, 2, 3 }, n = 64;
  cl_mem o = bt_buffer(n * 24 * 8, NULL);
  cl_kernel k = kern(p, "wi");
  clSetKernelArg(k, 0, sizeof o, &o);
  static uint64_t r[64 * 24];
  if (!CHECK_OK(clEnqueueNDRangeKernel(bt_q, k, 3, off, gs, ls, 0, NULL, NULL)) ||
      !CHECK_OK(clEnqueueReadBuffer(bt_q, o, CL_TRUE, 0, sizeof r, r, 0, NULL, NULL)))
    return;
  int bad = 0;
  for (size_t z = 0; z < 2; z++)
    for (size_t y = 0; y < 4; y++)
      for (size_t x = 0; x < 8; x++) {
        size_t g = (z * 4 + y) * 8 + x, id[3] = { x, y, z };
        uint64_t *v = r + g * 24, want[24];
        for (int d = 0; d < 3; d++) {
          want[d] = id[d] + off[d];
          want[3 + d] = id[d] % ls[d];
          want[6 + d] = id[d] / ls[d];
          want[9 + d] = gs[d];
          want[12 + d] = gs[d] / ls[d];
        }
        want[15] = 1000 + 0 + 10 + 1;  /* dimension 3: size 1, id 0, local size 1, groups 1 */
        want[16] = 0 + 0 + 0 + 1;
        want[17] = 3;
        want[18] = g;                  /* (id - offset) linearised */
        want[19] = (id[2] % 1) * 8 + (id[1] % 2) * 4 + id[0] % 4;
        want[20] = 123;
        want[21] = 421;
        want[22] = 2;
        want[23] = 1;
        for (int j = 0; j < 24; j++)
          if (v[j] != want[j] && bad++ < 5)
            fprintf(stderr, "work-item (%zu,%zu,%zu) query %d: got %llu want %llu\n", x, y, z, j,
                    (unsigned long long)v[j], (unsigned long long)want[j]);
      }
  CHECK(bad == 0);
  clReleaseKernel(k);
  clReleaseMemObject(o);
}

static void test_atomics(cl_program p) {
  enum { N = 256, L = 64 };
  int g[9] = { 0, 0, 0, 0, 1000, -1, -1, 0, 0 };
  unsigned u[3] = { ~0u, 0, 0 };
  int64_t l[5] = { 0, 0, INT64_MAX, 0, 0 };
  cl_mem bg = bt_buffer(sizeof g, g), bu = bt_buffer(sizeof u, u), bl = bt_buffer(sizeof l, l);
  cl_mem blo = bt_buffer(N / L * 5 * 4, NULL);
  cl_kernel k = kern(p, "atom");
  clSetKernelArg(k, 0, sizeof bg, &bg);
  clSetKernelArg(k, 1, sizeof bu, &bu);
  clSetKernelArg(k, 2, sizeof bl, &bl);
  clSetKernelArg(k, 3, sizeof blo, &blo);
  size_t n = N, ls = L;
  int lo[N / L * 5];
  if (CHECK_OK(clEnqueueNDRangeKernel(bt_q, k, 1, NULL, &n, &ls, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bg, CL_TRUE, 0, sizeof g, g, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bu, CL_TRUE, 0, sizeof u, u, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bl, CL_TRUE, 0, sizeof l, l, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, blo, CL_TRUE, 0, sizeof lo, lo, 0, NULL, NULL))) {
    CHECK(g[0] == N); CHECK(g[1] == -2 * N); CHECK(g[2] == N); CHECK(g[3] == -N);
    CHECK(g[4] == -50); CHECK(g[5] == N - 1);
    CHECK(u[0] == 0); CHECK(u[1] == ~0u);
    CHECK(u[2] == 0); /* each bit flipped N/32 = 8 times */
    CHECK(g[6] >= 1 && g[6] <= N);
    CHECK(g[7] == N * (N - 1) / 2);
    float f8;
    memcpy(&f8, &g[8], 4);
    CHECK(f8 == 2.5f);
    int64_t sum = 0;
    for (int i = 0; i < N; i++) sum += (int64_t)i << 33;
    CHECK(l[0] == sum); CHECK(l[1] == 0); CHECK(l[2] == 0);
    CHECK(l[3] == 0); /* 256 work-items: each of the 64 bits flipped 4 times */
    CHECK(l[4] >= 1 && l[4] <= N);
    for (int gr = 0; gr < N / L; gr++) {
      int s = 0;
      for (int t = 0; t < L; t++) s += gr * L + t;
      CHECK(lo[gr * 5] == s); CHECK(lo[gr * 5 + 1] == gr * L); CHECK(lo[gr * 5 + 2] == L);
      CHECK((unsigned)lo[gr * 5 + 3] == ~0u); CHECK(lo[gr * 5 + 4] == 0);
    }
  }
  clReleaseKernel(k);
  clReleaseMemObject(bg); clReleaseMemObject(bu); clReleaseMemObject(bl); clReleaseMemObject(blo);
}

static void test_c11(cl_program p) {
  enum { N = 200, L = 40 };
  int a[9] = { 0, 0, -5, 0, 0, -1, 0, 0, 0 };
  int64_t b = 0;
  cl_mem ba = bt_buffer(sizeof a, a), bb = bt_buffer(sizeof b, &b), bo = bt_buffer(420 * 4, NULL);
  cl_kernel k = kern(p, "c11");
  clSetKernelArg(k, 0, sizeof ba, &ba);
  clSetKernelArg(k, 1, sizeof bb, &bb);
  clSetKernelArg(k, 2, sizeof bo, &bo);
  size_t n = N, ls = L;
  int o[420];
  if (CHECK_OK(clEnqueueNDRangeKernel(bt_q, k, 1, NULL, &n, &ls, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, ba, CL_TRUE, 0, sizeof a, a, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bb, CL_TRUE, 0, sizeof b, &b, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bo, CL_TRUE, 0, sizeof o, o, 0, NULL, NULL))) {
    CHECK(a[0] == 3 * N); CHECK(a[1] == -N); CHECK(a[2] == N - 1);
    CHECK(a[3] == 0x7fffffff);
    CHECK(b == (int64_t)N * (N - 1) / 2 * ((int64_t)1 << 32));
    CHECK(a[4] == N * (N - 1) / 2);
    CHECK(a[5] >= 0 && a[5] < N);
    CHECK(a[6] == 77);
    int neg = 0; /* exactly one exchange saw the initial -1 */
    for (int i = 0; i < N; i++) neg += !o[i];
    CHECK(neg == 1);
    int won = 0; /* exactly one compare-exchange found the 0 */
    for (int i = 0; i < N; i++) won += o[200 + i];
    CHECK(won == 1);
    CHECK(a[7] >= 1 && a[7] <= N);
    CHECK(a[8] == 0xff); /* each of 8 bits flipped 25 times: odd, so set */
    for (int g = 0; g < N / L; g++) {
      CHECK(o[400 + 2 * g] == 2 * L);
      CHECK(o[401 + 2 * g] == (int)0x80000000); /* bits 0..30 cleared by 40 work-items */
    }
  }
  clReleaseKernel(k);
  clReleaseMemObject(ba); clReleaseMemObject(bb); clReleaseMemObject(bo);

  int f = 0;
  n = N;
  cl_mem bf = bt_buffer(sizeof f, &f), bo2 = bt_buffer(N * 4, NULL);
  k = kern(p, "flag");
  clSetKernelArg(k, 0, sizeof bf, &bf);
  clSetKernelArg(k, 1, sizeof bo2, &bo2);
  if (CHECK_OK(clEnqueueNDRangeKernel(bt_q, k, 1, NULL, &n, NULL, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bo2, CL_TRUE, 0, N * 4, o, 0, NULL, NULL))) {
    int first = 0;
    for (int i = 0; i < N; i++) first += o[i];
    CHECK(first == 1);
  }
  clReleaseKernel(k);
  clReleaseMemObject(bf); clReleaseMemObject(bo2);
}

static void test_barrier_async(cl_program p) {
  enum { N = 4096, L = 64 };
  static int in[N], out[N + 1024], st[N];
  for (int i = 0; i < N; i++) in[i] = (int)(bt_rand() % 1000) - 500;
  cl_mem bi = bt_buffer(sizeof in, in), bo = bt_buffer(sizeof out, NULL);
  cl_kernel k = kern(p, "reduce");
  clSetKernelArg(k, 0, sizeof bi, &bi);
  clSetKernelArg(k, 1, sizeof bo, &bo);
  clSetKernelArg(k, 2, L * sizeof(int), NULL);
  size_t n = N, ls = L;
  if (CHECK_OK(clEnqueueNDRangeKernel(bt_q, k, 1, NULL, &n, &ls, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bo, CL_TRUE, 0, N / L * 4, out, 0, NULL, NULL))) {
    int bad = 0;
    for (int gr = 0; gr < N / L; gr++) {
      int s = 0;
      for (int t = 0; t < L; t++) s += in[gr * L + t];
      bad += out[gr] != s;
    }
    CHECK(bad == 0);
  }
  clReleaseKernel(k);
  for (int i = 0; i < N; i++) st[i] = -1;
  cl_mem bs = bt_buffer(sizeof st, st);
  k = kern(p, "async");
  clSetKernelArg(k, 0, sizeof bi, &bi);
  clSetKernelArg(k, 1, sizeof bo, &bo);
  clSetKernelArg(k, 2, sizeof bs, &bs);
  n = 1024;  /* 16 groups of 64 */
  if (CHECK_OK(clEnqueueNDRangeKernel(bt_q, k, 1, NULL, &n, &ls, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bo, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bs, CL_TRUE, 0, sizeof st, st, 0, NULL, NULL))) {
    int bad = 0;
    for (int gr = 0; gr < 16; gr++)
      for (int t = 0; t < 64; t++) {
        bad += out[gr * 64 + t] != in[gr * 64 + (t + 1) % 64] * 2;
        /* strided store: st[gr + 16 t] = tile[t] = in[gr * 64 + t] (the 16 groups interleave
         * without overlapping); strided load: tile[t] = in[gr + 8 t] */
        bad += st[gr + 16 * t] != in[gr * 64 + t];
        if (t < 16) bad += out[4096 + gr * 16 + t] != in[gr + 8 * t];
      }
    CHECK(bad == 0);
  }
  clReleaseKernel(k);
  clReleaseMemObject(bi); clReleaseMemObject(bo); clReleaseMemObject(bs);
}

static void test_generic(cl_program p) {
  int o[8] = { 0 };
  cl_mem bo = bt_buffer(sizeof o, o);
  cl_kernel k = kern(p, "gas");
  clSetKernelArg(k, 0, sizeof bo, &bo);
  size_t n = 2;
  if (CHECK_OK(clEnqueueNDRangeKernel(bt_q, k, 1, NULL, &n, &n, 0, NULL, NULL)) &&
      CHECK_OK(clEnqueueReadBuffer(bt_q, bo, CL_TRUE, 0, sizeof o, o, 0, NULL, NULL))) {
    CHECK(o[0] == 2 + 8 + 1 * 32);                 /* local: to_local, fence CLK_LOCAL_MEM_FENCE */
    CHECK(o[1] == 1 + 8 + 2 * 32);                 /* global: to_global, CLK_GLOBAL_MEM_FENCE */
    CHECK(o[2] == 14);
    CHECK(o[4] == 42);
  }
  clReleaseKernel(k);
  clReleaseMemObject(bo);
}

int main(void) {
  bt_init();
  cl_program p = bt_build(src, "-cl-std=CL3.0");
  if (!CHECK(p != NULL)) return vt_finish();
  test_generic(p);
  test_workitems(p);
  test_atomics(p);
  test_c11(p);
  test_barrier_async(p);
  clReleaseProgram(p);
  return vt_finish();
}
