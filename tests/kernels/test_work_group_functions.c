/* test_work_group_functions.c - the work-group collective functions (OpenCL C 3.0 s6.15.15,
 * feature __opencl_c_work_group_collective_functions): the device reports the feature, and
 * work_group_all/any/broadcast/reduce/scan of every type it covers (int, uint, long, ulong,
 * float, double) give, in groups of several warps whose last group is partial (global 250,
 * local 100: OpenCL C 2.0+ non-uniform work-groups), what a CPU computes from the inputs; the
 * 2D and 3D broadcasts and a reduce over 2D and 3D groups that are partial in every dimension;
 * half too when the device reports cl_khr_fp16.
 * Float inputs are halves of small integers, so every sum is exact in any order (the spec
 * leaves the order open).  CMake runs it again with 1-lane and 8-lane warps (VGPU_WARP_SIZE),
 * where a group is 100 and 13 warps. */
#include <stdint.h>
#include "testlib.h"

static const char *src =
    "kernel void coll(global const T *a, global const int *flag, global T *out, ulong bid) {\n"
    "  size_t g = get_global_id(0);\n"
    "  T x = a[g];\n"
    "  global T *p = out + g * 11;\n"
    "  p[0] = work_group_reduce_add(x); p[1] = work_group_reduce_min(x); p[2] = work_group_reduce_max(x);\n"
    "  p[3] = work_group_scan_inclusive_add(x); p[4] = work_group_scan_inclusive_min(x);\n"
    "  p[5] = work_group_scan_inclusive_max(x); p[6] = work_group_scan_exclusive_add(x);\n"
    "  p[7] = work_group_scan_exclusive_min(x); p[8] = work_group_scan_exclusive_max(x);\n"
    "  p[9] = work_group_broadcast(x, (size_t)bid % get_local_size(0));\n"
    "  p[10] = (T)(work_group_all(flag[g]) | work_group_any(flag[g]) << 1);\n"
    "}\n"
    /* 2D/3D: each work-item writes the broadcast of local id (1, 2[, 1]) (wrapped into its
     * group's size) of its global linear id, and the sum over its group of the same ids */
    "kernel void b2(global ulong *out) {\n"
    "  ulong v = get_global_id(1) * get_global_size(0) + get_global_id(0);\n"
    "  out[2 * v] = work_group_broadcast(v, 1 % get_local_size(0), 2 % get_local_size(1));\n"
    "  out[2 * v + 1] = work_group_reduce_add(v);\n"
    "}\n"
    "kernel void b3(global ulong *out) {\n"
    "  ulong v = (get_global_id(2) * get_global_size(1) + get_global_id(1)) * get_global_size(0) + get_global_id(0);\n"
    "  out[2 * v] = work_group_broadcast(v, 1 % get_local_size(0), 2 % get_local_size(1), 1 % get_local_size(2));\n"
    "  out[2 * v + 1] = work_group_reduce_add(v);\n"
    "}\n";

/* half (when the device has cl_khr_fp16): small integers, whose sums and scans over a group
 * stay exact in half; results go back as floats */
static const char *half_src =
    "#pragma OPENCL EXTENSION cl_khr_fp16 : enable\n"
    "kernel void hcoll(global const float *a, global float *out) {\n"
    "  size_t g = get_global_id(0);\n"
    "  half x = (half)a[g];\n"
    "  global float *p = out + g * 10;\n"
    "  p[0] = work_group_reduce_add(x); p[1] = work_group_reduce_min(x); p[2] = work_group_reduce_max(x);\n"
    "  p[3] = work_group_scan_inclusive_add(x); p[4] = work_group_scan_inclusive_min(x);\n"
    "  p[5] = work_group_scan_inclusive_max(x); p[6] = work_group_scan_exclusive_add(x);\n"
    "  p[7] = work_group_scan_exclusive_min(x); p[8] = work_group_scan_exclusive_max(x);\n"
    "  p[9] = work_group_broadcast(x, 5);\n"
    "}\n";

enum { N = 250, L = 100, BID = 37 };
enum kind { K_INT, K_UINT, K_LONG, K_ULONG, K_FLOAT, K_DOUBLE };
static const char *const names[] = {"int", "uint", "long", "ulong", "float", "double"};
static const size_t sizes[] = {4, 4, 8, 8, 4, 8};

static uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/* Values as doubles for the float kinds, as 64-bit patterns for the integer kinds. */
typedef union { int64_t s; uint64_t u; double d; } val;

static val load(enum kind k, const unsigned char *buf, size_t i) {
  val v = {0};
  switch (k) {
  case K_INT: { int32_t x; memcpy(&x, buf + 4 * i, 4); v.s = x; break; }
  case K_UINT: { uint32_t x; memcpy(&x, buf + 4 * i, 4); v.u = x; break; }
  case K_LONG: case K_ULONG: memcpy(&v.u, buf + 8 * i, 8); break;
  case K_FLOAT: { float x; memcpy(&x, buf + 4 * i, 4); v.d = x; break; }
  case K_DOUBLE: memcpy(&v.d, buf + 8 * i, 8); break;
  }
  return v;
}

static void store(enum kind k, unsigned char *buf, size_t i, val v) {
  switch (k) {
  case K_INT: case K_UINT: { uint32_t x = (uint32_t)v.u; memcpy(buf + 4 * i, &x, 4); break; }
  case K_LONG: case K_ULONG: memcpy(buf + 8 * i, &v.u, 8); break;
  case K_FLOAT: { float x = (float)v.d; memcpy(buf + 4 * i, &x, 4); break; }
  case K_DOUBLE: memcpy(buf + 8 * i, &v.d, 8); break;
  }
}

/* x op y in the type; op 0 add, 1 min, 2 max */
static val combine(enum kind k, int op, val x, val y) {
  val r = x;
  switch (k) {
  case K_INT: case K_LONG:
    if (op == 0) r.u = x.u + y.u;
    else r = (op == 1) == (y.s < x.s) ? y : x;
    if (k == K_INT) r.s = (int32_t)(uint32_t)r.u;
    break;
  case K_UINT: case K_ULONG:
    if (op == 0) r.u = x.u + y.u;
    else r = (op == 1) == (y.u < x.u) ? y : x;
    if (k == K_UINT) r.u = (uint32_t)r.u;
    break;
  default:
    r.d = op == 0 ? x.d + y.d : op == 1 ? (y.d < x.d ? y.d : x.d) : (y.d > x.d ? y.d : x.d);
    break;
  }
  return r;
}

/* an exclusive scan's first value: 0, the type's largest (min) or smallest (max) value, +/-inf */
static val identity(enum kind k, int op) {
  val r = {0};
  if (op == 0) return r;
  switch (k) {
  case K_INT: r.s = op == 1 ? INT32_MAX : INT32_MIN; break;
  case K_UINT: r.u = op == 1 ? UINT32_MAX : 0; break;
  case K_LONG: r.s = op == 1 ? INT64_MAX : INT64_MIN; break;
  case K_ULONG: r.u = op == 1 ? UINT64_MAX : 0; break;
  default: r.d = op == 1 ? 1.0 / 0.0 : -1.0 / 0.0; break;
  }
  return r;
}

static int same(enum kind k, val x, val y) {
  if (k == K_FLOAT) return (float)x.d == (float)y.d;
  if (k == K_DOUBLE) return x.d == y.d;
  if (k == K_INT || k == K_UINT) return (uint32_t)x.u == (uint32_t)y.u;
  return x.u == y.u;
}

static void test_type(cl_context ctx, cl_command_queue q, enum kind k) {
  char opts[64];
  snprintf(opts, sizeof opts, "-cl-std=CL3.0 -DT=%s", names[k]);
  cl_program p = vt_build(src, opts);
  CHECK(p != NULL);
  if (!p) return;
  size_t es = sizes[k];
  unsigned char *in = calloc(N, es), *out = calloc((size_t)N * 11, es);
  int flag[N];
  for (size_t i = 0; i < N; i++) {
    uint64_t r = splitmix(i * 7 + (uint64_t)k);
    val v;
    switch (k) {
    case K_INT: v.s = (int64_t)(r % 2001) - 1000; break;
    case K_UINT: v.u = (uint32_t)r; break;
    case K_LONG: case K_ULONG: v.u = r; break;
    default: v.d = ((double)(r % 2001) - 1000) / 2; break;
    }
    store(k, in, i, v);
    /* group 0: all set; group 1: one set (local id 17); group 2: none */
    flag[i] = i < L ? (int)(r % 5) + 1 : i < 2 * L ? (i == L + 17) * -3 : 0;
  }
  cl_int err;
  cl_mem a = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, N * es, in, &err);
  cl_mem f = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof flag, flag, &err);
  cl_mem o = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, (size_t)N * 11 * es, NULL, &err);
  cl_kernel kn = clCreateKernel(p, "coll", &err);
  CHECK_OK(err);
  cl_ulong bid = BID;
  CHECK_OK(clSetKernelArg(kn, 0, sizeof a, &a));
  CHECK_OK(clSetKernelArg(kn, 1, sizeof f, &f));
  CHECK_OK(clSetKernelArg(kn, 2, sizeof o, &o));
  CHECK_OK(clSetKernelArg(kn, 3, sizeof bid, &bid));
  size_t gs = N, ls = L;
  CHECK_OK(clEnqueueNDRangeKernel(q, kn, 1, NULL, &gs, &ls, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, o, CL_TRUE, 0, (size_t)N * 11 * es, out, 0, NULL, NULL));
  int bad = 0;
  for (size_t g0 = 0; g0 < N; g0 += L) {
    size_t n = N - g0 < L ? N - g0 : L;
    val red[3], incl[3], excl[3];
    for (int op = 0; op < 3; op++) {
      red[op] = load(k, in, g0);
      for (size_t j = 1; j < n; j++) red[op] = combine(k, op, red[op], load(k, in, g0 + j));
      excl[op] = identity(k, op);
    }
    int all = 1, any = 0;
    for (size_t j = 0; j < n; j++) all &= flag[g0 + j] != 0, any |= flag[g0 + j] != 0;
    val bc = load(k, in, g0 + BID % n);
    for (size_t j = 0; j < n; j++) {
      size_t i = g0 + j;
      val x = load(k, in, i), want[11];
      for (int op = 0; op < 3; op++) {
        incl[op] = j ? combine(k, op, incl[op], x) : x;
        want[op] = red[op];
        want[3 + op] = incl[op];
        want[6 + op] = excl[op];
        excl[op] = incl[op];
      }
      want[9] = bc;
      if (k == K_FLOAT || k == K_DOUBLE) want[10].d = all | any << 1;
      else want[10].u = (uint64_t)(all | any << 1);
      for (int c = 0; c < 11; c++) {
        val got = load(k, out, i * 11 + (size_t)c);
        if (!same(k, got, want[c]) && bad++ < 5) {
          if (k == K_FLOAT || k == K_DOUBLE)
            fprintf(stderr, "%s: work-item %zu, value %d: got %g, expected %g\n", names[k], i, c, got.d, want[c].d);
          else
            fprintf(stderr, "%s: work-item %zu, value %d: got 0x%llx, expected 0x%llx\n", names[k], i, c,
                    (unsigned long long)got.u, (unsigned long long)want[c].u);
        }
      }
    }
  }
  CHECK(bad == 0);
  clReleaseKernel(kn);
  clReleaseMemObject(a);
  clReleaseMemObject(f);
  clReleaseMemObject(o);
  clReleaseProgram(p);
  free(in);
  free(out);
}

static void test_half(cl_context ctx, cl_command_queue q) {
  cl_program p = vt_build(half_src, "-cl-std=CL3.0");
  CHECK(p != NULL);
  if (!p) return;
  float in[N], *out = calloc((size_t)N * 10, sizeof *out);
  for (size_t i = 0; i < N; i++) in[i] = (float)((int)(splitmix(i + 99) % 17) - 8);
  cl_int err;
  cl_mem a = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof in, in, &err);
  cl_mem o = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, (size_t)N * 10 * sizeof *out, NULL, &err);
  cl_kernel kn = clCreateKernel(p, "hcoll", &err);
  CHECK_OK(err);
  CHECK_OK(clSetKernelArg(kn, 0, sizeof a, &a));
  CHECK_OK(clSetKernelArg(kn, 1, sizeof o, &o));
  size_t gs = N, ls = L;
  CHECK_OK(clEnqueueNDRangeKernel(q, kn, 1, NULL, &gs, &ls, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, o, CL_TRUE, 0, (size_t)N * 10 * sizeof *out, out, 0, NULL, NULL));
  int bad = 0;
  for (size_t g0 = 0; g0 < N; g0 += L) {
    size_t n = N - g0 < L ? N - g0 : L;
    val red[3], incl[3], excl[3];
    for (int op = 0; op < 3; op++) {
      red[op].d = in[g0];
      for (size_t j = 1; j < n; j++) red[op] = combine(K_FLOAT, op, red[op], (val){.d = in[g0 + j]});
      excl[op] = identity(K_FLOAT, op);
    }
    for (size_t j = 0; j < n; j++) {
      val x = {.d = in[g0 + j]}, want[10];
      for (int op = 0; op < 3; op++) {
        incl[op] = j ? combine(K_FLOAT, op, incl[op], x) : x;
        want[op] = red[op];
        want[3 + op] = incl[op];
        want[6 + op] = excl[op];
        excl[op] = incl[op];
      }
      want[9].d = in[g0 + 5];
      for (int c = 0; c < 10; c++)
        if (out[(g0 + j) * 10 + (size_t)c] != (float)want[c].d && bad++ < 5)
          fprintf(stderr, "half: work-item %zu, value %d: got %g, expected %g\n", g0 + j, c,
                  out[(g0 + j) * 10 + (size_t)c], want[c].d);
    }
  }
  CHECK(bad == 0);
  clReleaseKernel(kn);
  clReleaseMemObject(a);
  clReleaseMemObject(o);
  clReleaseProgram(p);
  free(out);
}

/* 2D and 3D groups, partial in every dimension: the CPU walks the groups and their members. */
static void test_dims(cl_context ctx, cl_command_queue q, cl_uint dims) {
  cl_program p = vt_build(src, "-cl-std=CL3.0 -DT=int");
  CHECK(p != NULL);
  if (!p) return;
  const size_t gsz[3] = {10, 7, dims == 3 ? 5 : 1}, lsz[3] = {4, 3, dims == 3 ? 2 : 1};
  size_t total = gsz[0] * gsz[1] * gsz[2];
  cl_int err;
  cl_mem o = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, total * 2 * sizeof(cl_ulong), NULL, &err);
  cl_kernel kn = clCreateKernel(p, dims == 3 ? "b3" : "b2", &err);
  CHECK_OK(err);
  CHECK_OK(clSetKernelArg(kn, 0, sizeof o, &o));
  CHECK_OK(clEnqueueNDRangeKernel(q, kn, dims, NULL, gsz, lsz, 0, NULL, NULL));
  cl_ulong *out = calloc(total * 2, sizeof *out);
  CHECK_OK(clEnqueueReadBuffer(q, o, CL_TRUE, 0, total * 2 * sizeof *out, out, 0, NULL, NULL));
  int bad = 0;
  for (size_t z = 0; z < gsz[2]; z++)
    for (size_t y = 0; y < gsz[1]; y++)
      for (size_t x = 0; x < gsz[0]; x++) {
        size_t base[3] = {x / lsz[0] * lsz[0], y / lsz[1] * lsz[1], z / lsz[2] * lsz[2]}, n[3];
        for (int d = 0; d < 3; d++) n[d] = gsz[d] - base[d] < lsz[d] ? gsz[d] - base[d] : lsz[d];
        size_t src[3] = {base[0] + 1 % n[0], base[1] + 2 % n[1], base[2] + 1 % n[2]};
        cl_ulong want_b = (src[2] * gsz[1] + src[1]) * gsz[0] + src[0], want_r = 0;
        for (size_t k = base[2]; k < base[2] + n[2]; k++)
          for (size_t j = base[1]; j < base[1] + n[1]; j++)
            for (size_t i = base[0]; i < base[0] + n[0]; i++) want_r += (k * gsz[1] + j) * gsz[0] + i;
        size_t v = (z * gsz[1] + y) * gsz[0] + x;
        if ((out[2 * v] != want_b || out[2 * v + 1] != want_r) && bad++ < 5)
          fprintf(stderr, "%uD: (%zu, %zu, %zu): broadcast %llu (expected %llu), sum %llu (expected %llu)\n", dims,
                  x, y, z, (unsigned long long)out[2 * v], (unsigned long long)want_b,
                  (unsigned long long)out[2 * v + 1], (unsigned long long)want_r);
      }
  CHECK(bad == 0);
  free(out);
  clReleaseKernel(kn);
  clReleaseMemObject(o);
  clReleaseProgram(p);
}

int main(void) {
  cl_device_id d = vt_device();
  cl_bool wgc = CL_FALSE;
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT, sizeof wgc, &wgc, NULL));
  CHECK(wgc == CL_TRUE);
  cl_name_version fv[64];
  size_t fsize = 0;
  int found = 0;
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_OPENCL_C_FEATURES, sizeof fv, fv, &fsize));
  for (size_t i = 0; i < fsize / sizeof fv[0]; i++) found |= !strcmp(fv[i].name, "__opencl_c_work_group_collective_functions");
  CHECK(found);
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();
  for (int k = K_INT; k <= K_DOUBLE; k++) test_type(ctx, q, (enum kind)k);
  char exts[8192] = "";
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS, sizeof exts, exts, NULL));
  if (strstr(exts, "cl_khr_fp16 ") || (strlen(exts) >= 11 && !strcmp(exts + strlen(exts) - 11, "cl_khr_fp16")))
    test_half(ctx, q);
  test_dims(ctx, q, 2);
  test_dims(ctx, q, 3);
  return vt_finish();
}
