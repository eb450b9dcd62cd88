/* test_ndrange_basic.c - kernels launched through clEnqueueNDRangeKernel on the simulator:
 * vector add, 2D and 3D ranges with global offsets (every work-item's ids checked against a CPU
 * reference), NULL local sizes, clEnqueueTask, non-uniform work-groups (allowed for OpenCL C 3.0,
 * errors for 1.2 and -cl-uniform-work-group-size), program-scope variables that persist across
 * launches, and every enqueue-time error. */
#include <stdint.h>
#include "testlib.h"

static const char *src =
    "kernel void vadd(global const float *a, global const float *b, global float *c) {\n"
    "  size_t i = get_global_id(0); c[i] = a[i] + b[i]; }\n"
    "kernel void ids(global uint *out, uint w, uint h) {\n"
    "  size_t x = get_global_id(0) - get_global_offset(0), y = get_global_id(1) - get_global_offset(1),\n"
    "         z = get_global_id(2) - get_global_offset(2);\n"
    "  size_t i = (z * h + y) * w + x;\n"
    "  out[4 * i] = get_global_id(0); out[4 * i + 1] = get_global_id(1); out[4 * i + 2] = get_global_id(2);\n"
    "  out[4 * i + 3] = get_local_size(0) * 10000 + get_local_size(1) * 100 + get_local_size(2); }\n"
    "kernel void one(global int *x) { x[0] = 1234 + get_global_size(0) + get_local_size(0); }\n"
    "kernel void lsz(global uint *out) { out[get_global_id(0)] = get_local_size(0); }\n"
    "__attribute__((reqd_work_group_size(16, 1, 1))) kernel void req(global int *x) { x[get_global_id(0)] = get_local_size(0); }\n"
    "kernel void big_local(global int *x, local int *tmp) { tmp[0] = 1; x[0] = tmp[0]; }\n";

static cl_mem buffer(size_t size, const void *init) {
  cl_int err;
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | (init ? CL_MEM_COPY_HOST_PTR : 0), size, (void *)init, &err);
  CHECK_OK(err);
  return m;
}

static void test_vadd(cl_program p, size_t n, const size_t *local) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, "vadd", &err);
  float *a = malloc(n * 4), *b = malloc(n * 4), *c = malloc(n * 4);
  for (size_t i = 0; i < n; i++) { a[i] = (float)i * 0.5f; b[i] = 1000.0f - (float)i; c[i] = -1; }
  cl_mem ma = buffer(n * 4, a), mb = buffer(n * 4, b), mc = buffer(n * 4, NULL);
  clSetKernelArg(k, 0, sizeof ma, &ma);
  clSetKernelArg(k, 1, sizeof mb, &mb);
  clSetKernelArg(k, 2, sizeof mc, &mc);
  cl_event ev;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &n, local, 0, NULL, &ev));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), mc, CL_TRUE, 0, n * 4, c, 0, NULL, NULL));
  cl_int st = 1;
  clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  CHECK(st == CL_COMPLETE);
  cl_command_type ty = 0;
  clGetEventInfo(ev, CL_EVENT_COMMAND_TYPE, sizeof ty, &ty, NULL);
  CHECK(ty == CL_COMMAND_NDRANGE_KERNEL);
  size_t bad = 0;
  for (size_t i = 0; i < n; i++) bad += c[i] != a[i] + b[i];
  if (!CHECK(bad == 0)) fprintf(stderr, "  vadd n=%zu: %zu wrong\n", n, bad);
  clReleaseEvent(ev);
  clReleaseMemObject(ma); clReleaseMemObject(mb); clReleaseMemObject(mc);
  clReleaseKernel(k);
  free(a); free(b); free(c);
}

/* Every work-item of a dims-D range with offsets writes its ids; all are checked. */
static void test_ids(cl_program p, cl_uint dims, const size_t *g, const size_t *off, const size_t *l) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, "ids", &err);
  size_t total = 1;
  for (cl_uint d = 0; d < dims; d++) total *= g[d];
  cl_uint *out = calloc(total * 4, sizeof *out);
  cl_mem m = buffer(total * 16, NULL);
  cl_uint w = (cl_uint)g[0], h = dims > 1 ? (cl_uint)g[1] : 1;
  clSetKernelArg(k, 0, sizeof m, &m);
  clSetKernelArg(k, 1, sizeof w, &w);
  clSetKernelArg(k, 2, sizeof h, &h);
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, dims, off, g, l, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, total * 16, out, 0, NULL, NULL));
  size_t bad = 0;
  cl_uint lsz = 0;
  for (size_t i = 0; i < total; i++) {
    size_t x = i % g[0], y = dims > 1 ? (i / g[0]) % g[1] : 0, z = dims > 2 ? i / (g[0] * g[1]) : 0;
    size_t ex = x + (off ? off[0] : 0), ey = y + (off && dims > 1 ? off[1] : 0), ez = z + (off && dims > 2 ? off[2] : 0);
    bad += out[4 * i] != ex || out[4 * i + 1] != ey || out[4 * i + 2] != ez;
    if (i == 0) lsz = out[3];
    bad += out[4 * i + 3] != lsz; /* uniform groups: the same local size everywhere */
  }
  if (!CHECK(bad == 0)) fprintf(stderr, "  ids %uD: %zu wrong\n", dims, bad);
  if (l) {
    cl_uint want = (cl_uint)(l[0] * 10000 + (dims > 1 ? l[1] : 1) * 100 + (dims > 2 ? l[2] : 1));
    CHECK(lsz == want);
  } else {
    /* A NULL local size picks a size that divides the global size. */
    cl_uint l0 = lsz / 10000, l1 = lsz / 100 % 100, l2 = lsz % 100;
    CHECK(l0 && l1 && l2 && g[0] % l0 == 0 && (dims < 2 || g[1] % l1 == 0) && (dims < 3 || g[2] % l2 == 0));
  }
  clReleaseMemObject(m);
  clReleaseKernel(k);
  free(out);
}

static void test_errors(cl_program p, cl_program p30, cl_program p30u) {
  cl_int err;
  cl_command_queue q = vt_queue();
  cl_kernel k = clCreateKernel(p, "lsz", &err);
  cl_mem m = buffer(4096, NULL);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 100, l = 32, g2[2] = {64, 64}, l2[2] = {1, 1}, off = 0;
  CHECK_ERR(clEnqueueNDRangeKernel(NULL, k, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clEnqueueNDRangeKernel(q, NULL, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_KERNEL);
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 0, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_WORK_DIMENSION);
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 4, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_WORK_DIMENSION);
  /* OpenCL C 1.2: work-groups must be uniform */
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, &l, 0, NULL, NULL), CL_INVALID_WORK_GROUP_SIZE);
  l = 0;
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, &l, 0, NULL, NULL), CL_INVALID_WORK_GROUP_SIZE);
  size_t maxwg = 0, items[3] = {0};
  clGetDeviceInfo(vt_device(), CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof maxwg, &maxwg, NULL);
  clGetDeviceInfo(vt_device(), CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof items, items, NULL);
  /* one dimension beyond CL_DEVICE_MAX_WORK_ITEM_SIZES; then a group too large in total */
  size_t gbig = items[0] * 4, lbig = items[0] * 2;
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &gbig, &lbig, 0, NULL, NULL), CL_INVALID_WORK_ITEM_SIZE);
  size_t g2big[2] = {maxwg * 2, 4}, l2big[2] = {maxwg, 2};
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 2, NULL, g2big, l2big, 0, NULL, NULL), CL_INVALID_WORK_GROUP_SIZE);
  off = SIZE_MAX - 10;
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, &off, &g, NULL, 0, NULL, NULL), CL_INVALID_GLOBAL_OFFSET);
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 2, NULL, g2, l2, 0, NULL, NULL));
  /* A zero global size "trivially succeeds" (OpenCL 2.1+) */
  size_t zero = 0;
  cl_event ev;
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &zero, NULL, 0, NULL, &ev));
  CHECK_OK(clWaitForEvents(1, &ev));
  clReleaseEvent(ev);
  /* ...and so does a NULL one: CL_INVALID_GLOBAL_WORK_SIZE for it is deprecated by 2.1 (the CTS's
   * profiling_timebase enqueues so) */
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, NULL, NULL, 0, NULL, &ev));
  CHECK_OK(clWaitForEvents(1, &ev));
  cl_int st = -1;
  CHECK_OK(clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL));
  CHECK(st == CL_COMPLETE);
  clReleaseEvent(ev);
  cl_event bad_list = NULL;
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 1, NULL, NULL), CL_INVALID_EVENT_WAIT_LIST);
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 1, &bad_list, NULL), CL_INVALID_EVENT_WAIT_LIST);
  /* a queue of another context */
  cl_device_id dev = vt_device();
  cl_context other = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  cl_command_queue oq = clCreateCommandQueue(other, dev, 0, &err);
  CHECK_ERR(clEnqueueNDRangeKernel(oq, k, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_CONTEXT);
  CHECK_ERR(clEnqueueTask(oq, k, 0, NULL, NULL), CL_INVALID_CONTEXT);
  clReleaseCommandQueue(oq);
  clReleaseContext(other);
  clReleaseKernel(k);

  /* reqd_work_group_size(16,1,1) */
  k = clCreateKernel(p, "req", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g64 = 64, l8 = 8, l16 = 16;
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &g64, &l8, 0, NULL, NULL), CL_INVALID_WORK_GROUP_SIZE);
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g64, &l16, 0, NULL, NULL));
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g64, NULL, 0, NULL, NULL)); /* NULL: the required size */
  int got[64];
  CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof got, got, 0, NULL, NULL));
  CHECK(got[0] == 16 && got[63] == 16);
  clReleaseKernel(k);

  /* __local beyond the device's local memory */
  k = clCreateKernel(p, "big_local", &err);
  cl_ulong lmem = 0;
  clGetDeviceInfo(vt_device(), CL_DEVICE_LOCAL_MEM_SIZE, sizeof lmem, &lmem, NULL);
  clSetKernelArg(k, 0, sizeof m, &m);
  clSetKernelArg(k, 1, (size_t)lmem + 4, NULL);
  CHECK_ERR(clEnqueueTask(q, k, 0, NULL, NULL), CL_OUT_OF_RESOURCES);
  clSetKernelArg(k, 1, SIZE_MAX - 7, NULL);
  CHECK_ERR(clEnqueueTask(q, k, 0, NULL, NULL), CL_OUT_OF_RESOURCES);
  clSetKernelArg(k, 1, 64, NULL);
  CHECK_OK(clEnqueueTask(q, k, 0, NULL, NULL));
  clReleaseKernel(k);

  /* OpenCL C 3.0: non-uniform work-groups; the last group is partial */
  k = clCreateKernel(p30, "lsz", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  l = 32;
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, &l, 0, NULL, NULL));
  cl_uint sizes[100];
  CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, sizeof sizes, sizes, 0, NULL, NULL));
  CHECK(sizes[0] == 32 && sizes[95] == 32 && sizes[96] == 4 && sizes[99] == 4);
  clReleaseKernel(k);
  /* ...unless built with -cl-uniform-work-group-size */
  k = clCreateKernel(p30u, "lsz", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, &l, 0, NULL, NULL), CL_INVALID_WORK_GROUP_SIZE);
  clReleaseKernel(k);
  clReleaseMemObject(m);
}

static void test_task_and_globals(cl_program p) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, "one", &err);
  cl_mem m = buffer(4, NULL);
  clSetKernelArg(k, 0, sizeof m, &m);
  CHECK_OK(clEnqueueTask(vt_queue(), k, 0, NULL, NULL));
  int v = 0;
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, 4, &v, 0, NULL, NULL));
  CHECK(v == 1236);
  CHECK_ERR(clEnqueueTask(NULL, k, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  clReleaseKernel(k);
  clReleaseMemObject(m);
  /* program-scope variables keep their values from launch to launch */
  const char *gsrc = "global int counter = 40;\nkernel void bump(global int *out) { out[0] = counter++; }\n";
  cl_program gp = vt_build(gsrc, "-cl-std=CL3.0");
  if (!CHECK(gp != NULL)) return;
  k = clCreateKernel(gp, "bump", &err);
  m = buffer(4, NULL);
  clSetKernelArg(k, 0, sizeof m, &m);
  int seen[3];
  for (int i = 0; i < 3; i++) {
    CHECK_OK(clEnqueueTask(vt_queue(), k, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, 4, &seen[i], 0, NULL, NULL));
  }
  CHECK(seen[0] == 40 && seen[1] == 41 && seen[2] == 42);
  clReleaseKernel(k);
  clReleaseMemObject(m);
  clReleaseProgram(gp);
}

/* A launch keeps the executable it was enqueued with: the application may release the kernel and
 * rebuild the program (other -D) while the launch still waits on a user event. */
static void test_rebuild_while_queued(void) {
  cl_int err;
  const char *rsrc = "kernel void val(global int *x) { x[get_global_id(0)] = VALUE; }";
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &rsrc, NULL, &err);
  CHECK_OK(clBuildProgram(p, 0, NULL, "-DVALUE=111", NULL, NULL));
  cl_kernel k = clCreateKernel(p, "val", &err);
  cl_mem m = buffer(64 * 4, NULL);
  clSetKernelArg(k, 0, sizeof m, &m);
  cl_event gate = clCreateUserEvent(vt_context(), &err);
  size_t g = 64;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 1, &gate, NULL));
  clReleaseKernel(k);
  CHECK_OK(clBuildProgram(p, 0, NULL, "-DVALUE=222", NULL, NULL));
  CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
  int out[64];
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK(out[0] == 111 && out[63] == 111);
  k = clCreateKernel(p, "val", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK(out[0] == 222 && out[63] == 222);
  clReleaseKernel(k);
  clReleaseEvent(gate);
  clReleaseMemObject(m);
  clReleaseProgram(p);
}

int main(void) {
  cl_program p = vt_build(src, NULL);
  cl_program p30 = vt_build(src, "-cl-std=CL3.0");
  cl_program p30u = vt_build(src, "-cl-std=CL3.0 -cl-uniform-work-group-size");
  if (!p || !p30 || !p30u) return 1;
  size_t l64 = 64;
  test_vadd(p, 4096, &l64);
  test_vadd(p, 4096, NULL);
  test_vadd(p, 1000, NULL);
  test_vadd(p, 997, NULL);   /* prime: only 1 divides it */
  test_vadd(p30, 997, NULL); /* non-uniform allowed: whole warps, a partial last group */
  size_t g2[2] = {48, 20}, o2[2] = {5, 1000}, l2[2] = {16, 4};
  test_ids(p, 2, g2, o2, l2);
  test_ids(p, 2, g2, o2, NULL);
  size_t g3[3] = {8, 6, 10}, o3[3] = {3, 2, 1}, l3[3] = {4, 3, 2};
  test_ids(p, 3, g3, o3, l3);
  test_ids(p, 3, g3, NULL, NULL);
  test_errors(p, p30, p30u);
  test_task_and_globals(p);
  test_rebuild_while_queued();
  clReleaseProgram(p);
  clReleaseProgram(p30);
  clReleaseProgram(p30u);
  return vt_finish();
}
