/* test_ndrange_multidevice.c - programs and launches in a context of two devices (the test re-runs
 * itself with VGPU_DEVICES=2): per-device builds and binaries, a build for one device only
 * (CL_INVALID_PROGRAM_EXECUTABLE on the other), and one kernel launched on both devices, each
 * with its own copy of the program and of its program-scope variables. */
#include <unistd.h>
#include "testlib.h"

static const char *src = "global int launches = 0;\n"
                         "kernel void scale(global int *a, int f) { a[get_global_id(0)] *= f; if (get_global_id(0) == 0) launches++; }\n"
                         "kernel void count(global int *out) { out[0] = launches; }\n";

static int run(void) {
  cl_platform_id plat = vt_platform();
  cl_device_id devs[2];
  cl_uint n = 0;
  if (clGetDeviceIDs(plat, CL_DEVICE_TYPE_ALL, 2, devs, &n) != CL_SUCCESS || n < 2) {
    fprintf(stderr, "VGPU_DEVICES=2 did not give two devices\n");
    return 1;
  }
  cl_int err;
  cl_context ctx = clCreateContext(NULL, 2, devs, NULL, NULL, &err);
  cl_command_queue q[2] = {clCreateCommandQueue(ctx, devs[0], 0, &err), clCreateCommandQueue(ctx, devs[1], 0, &err)};
  cl_program p = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
  /* built for device 1 only */
  CHECK_OK(clBuildProgram(p, 1, &devs[1], "-cl-std=CL3.0", NULL, NULL));
  cl_build_status st[2];
  clGetProgramBuildInfo(p, devs[0], CL_PROGRAM_BUILD_STATUS, sizeof st[0], &st[0], NULL);
  clGetProgramBuildInfo(p, devs[1], CL_PROGRAM_BUILD_STATUS, sizeof st[1], &st[1], NULL);
  CHECK(st[0] == CL_BUILD_NONE && st[1] == CL_BUILD_SUCCESS);
  size_t sizes[2] = {1, 1};
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof sizes, sizes, NULL));
  CHECK(sizes[0] == 0 && sizes[1] > 0);
  cl_kernel k = clCreateKernel(p, "scale", &err);
  CHECK_OK(err);
  int data[256];
  for (int i = 0; i < 256; i++) data[i] = i;
  cl_mem m = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof data, data, &err);
  int f = 3;
  clSetKernelArg(k, 0, sizeof m, &m);
  clSetKernelArg(k, 1, sizeof f, &f);
  size_t g = 256;
  CHECK_ERR(clEnqueueNDRangeKernel(q[0], k, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_PROGRAM_EXECUTABLE);
  CHECK_OK(clEnqueueNDRangeKernel(q[1], k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clFinish(q[1]));
  clReleaseKernel(k);
  /* now for both: the same buffer is scaled on device 0, then on device 1 */
  CHECK_OK(clBuildProgram(p, 0, NULL, "-cl-std=CL3.0", NULL, NULL));
  k = clCreateKernel(p, "scale", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  f = 2;
  clSetKernelArg(k, 1, sizeof f, &f);
  cl_event e0;
  CHECK_OK(clEnqueueNDRangeKernel(q[0], k, 1, NULL, &g, NULL, 0, NULL, &e0));
  f = 5; /* the first launch keeps the value it was enqueued with */
  clSetKernelArg(k, 1, sizeof f, &f);
  CHECK_OK(clEnqueueNDRangeKernel(q[1], k, 1, NULL, &g, NULL, 1, &e0, NULL));
  CHECK_OK(clEnqueueReadBuffer(q[1], m, CL_TRUE, 0, sizeof data, data, 0, NULL, NULL));
  int bad = 0;
  for (int i = 0; i < 256; i++) bad += data[i] != i * 3 * 2 * 5;
  CHECK(bad == 0);
  /* program-scope variables live per device: device 1 ran scale twice (one before the rebuild:
   * a rebuild starts from the initial image), device 0 once */
  cl_kernel c = clCreateKernel(p, "count", &err);
  cl_mem out = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof(int), NULL, &err);
  clSetKernelArg(c, 0, sizeof out, &out);
  int counts[2] = {-1, -1};
  for (int d = 0; d < 2; d++) {
    CHECK_OK(clEnqueueTask(q[d], c, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(q[d], out, CL_TRUE, 0, sizeof(int), &counts[d], 0, NULL, NULL));
  }
  CHECK(counts[0] == 1 && counts[1] == 1);
  clReleaseEvent(e0);
  clReleaseMemObject(out);
  clReleaseMemObject(m);
  clReleaseKernel(c);
  clReleaseKernel(k);
  clReleaseProgram(p);
  clReleaseCommandQueue(q[0]);
  clReleaseCommandQueue(q[1]);
  clReleaseContext(ctx);
  return vt_finish();
}

int main(int argc, char **argv) {
  (void)argc;
  const char *d = getenv("VGPU_DEVICES");
  if (d && !strcmp(d, "2")) return run();
  setenv("VGPU_DEVICES", "2", 1);
  if (vt_self_exe()) execv(vt_self_exe(), argv);
  return 77;
}
