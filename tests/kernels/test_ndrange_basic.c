/* test_ndrange_basic.c - what clEnqueueNDRangeKernel and clEnqueueTask check and promise beyond
 * a kernel's results: every enqueue-time error that depends on the device's limits or on other
 * objects (queues of another context, wait lists), __local sizes beyond the device, the launch's
 * event, and a rebuild while a launch waits.  The kernels' results (vector add, ids in 2D and 3D
 * with offsets, NULL local sizes, program-scope variables) and the work-group size rules
 * (reqd_work_group_size, uniform groups for OpenCL C 1.2 and -cl-uniform-work-group-size) are
 * kernel tests: tests/kernels/cl/ndrange/. */
#include <stdint.h>
#include "testlib.h"

static const char *src =
    "kernel void one(global int *x) { x[0] = 1234 + get_global_size(0) + get_local_size(0); }\n"
    "kernel void lsz(global uint *out) { out[get_global_id(0)] = get_local_size(0); }\n"
    "kernel void big_local(global int *x, local int *tmp) { tmp[0] = 1; x[0] = tmp[0]; }\n";

static cl_mem buffer(size_t size, const void *init) {
  cl_int err;
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | (init ? CL_MEM_COPY_HOST_PTR : 0), size, (void *)init, &err);
  CHECK_OK(err);
  return m;
}

static void test_errors(cl_program p) {
  cl_int err;
  cl_command_queue q = vt_queue();
  cl_kernel k = clCreateKernel(p, "lsz", &err);
  cl_mem m = buffer(4096, NULL);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 100, l = 0, g2[2] = {64, 64}, l2[2] = {1, 1}, off = 0;
  CHECK_ERR(clEnqueueNDRangeKernel(NULL, k, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clEnqueueNDRangeKernel(q, NULL, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_KERNEL);
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 0, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_WORK_DIMENSION);
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 4, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_WORK_DIMENSION);
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

  /* clEnqueueTask checks its queue */
  k = clCreateKernel(p, "one", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  CHECK_ERR(clEnqueueTask(NULL, k, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  clReleaseKernel(k);
  clReleaseMemObject(m);
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
  cl_event ev;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, &ev));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK(out[0] == 222 && out[63] == 222);
  /* the launch's event: complete, of type CL_COMMAND_NDRANGE_KERNEL */
  cl_int st = 1;
  clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  CHECK(st == CL_COMPLETE);
  cl_command_type ty = 0;
  clGetEventInfo(ev, CL_EVENT_COMMAND_TYPE, sizeof ty, &ty, NULL);
  CHECK(ty == CL_COMMAND_NDRANGE_KERNEL);
  clReleaseEvent(ev);
  clReleaseKernel(k);
  clReleaseEvent(gate);
  clReleaseMemObject(m);
  clReleaseProgram(p);
}

int main(void) {
  cl_program p = vt_build(src, NULL);
  if (!p) return 1;
  test_errors(p);
  test_rebuild_while_queued();
  clReleaseProgram(p);
  return vt_finish();
}
