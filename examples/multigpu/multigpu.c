/* multigpu - split one vector operation across every device of the platform.
 *
 * One context holds all the devices; each device gets its own command queue and its own buffers
 * holding its slice of the vectors (a device computes only on memory it holds).  All the kernels
 * are enqueued first and waited for afterwards, so the devices work at the same time.
 * On VirtualGPU, ask for more devices with VGPU_DEVICES=2: each is a separate set of SM processes
 * with its own global memory.
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

#define MAX_DEVICES 16

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {
      {"n", 1000000, "elements"},
      {NULL, 0, NULL}};
  example_init(&ex, "multigpu",
               "SAXPY split across every device of the platform (VGPU_DEVICES=2 on VirtualGPU)",
               opts, argc, argv);
  cl_uint n = (cl_uint)example_arg(&ex, "n");
  if (n == 0) { fprintf(stderr, "--n must be positive\n"); return 2; }

  cl_device_id devs[MAX_DEVICES];
  cl_uint ndev = 0;
  CL_CHECK(clGetDeviceIDs(ex.platform, CL_DEVICE_TYPE_ALL, MAX_DEVICES, devs, &ndev));
  if (ndev > MAX_DEVICES) ndev = MAX_DEVICES;
  cl_int err;
  cl_context ctx = clCreateContext(NULL, ndev, devs, NULL, NULL, &err);
  CL_CHECK_ERR(err);
  cl_program prog = example_build_for(&ex, ctx, ndev, devs, "");
  printf("%u device(s)\n", ndev);

  const float a = 2.0f;
  float *x = example_alloc(n * sizeof *x), *y = example_alloc(n * sizeof *y), *y0 = example_alloc(n * sizeof *y0);
  for (cl_uint i = 0; i < n; i++) {
    x[i] = (float)(i % 997);
    y[i] = y0[i] = (float)(i % 101) * 0.25f;
  }

  cl_command_queue queue[MAX_DEVICES];
  cl_kernel kern[MAX_DEVICES];
  cl_mem dx[MAX_DEVICES], dy[MAX_DEVICES];
  cl_event done[MAX_DEVICES];
  cl_uint first[MAX_DEVICES + 1];
  for (cl_uint d = 0; d <= ndev; d++) first[d] = (cl_uint)((unsigned long long)n * d / ndev); /* even slices */

  for (cl_uint d = 0; d < ndev; d++) {
    cl_uint len = first[d + 1] - first[d];
    size_t bytes = (size_t)(len ? len : 1) * sizeof(float);
    queue[d] = clCreateCommandQueue(ctx, devs[d], CL_QUEUE_PROFILING_ENABLE, &err);
    CL_CHECK_ERR(err);
    dx[d] = clCreateBuffer(ctx, CL_MEM_READ_ONLY, bytes, NULL, &err);
    CL_CHECK_ERR(err);
    dy[d] = clCreateBuffer(ctx, CL_MEM_READ_WRITE, bytes, NULL, &err);
    CL_CHECK_ERR(err);
    /* A kernel object holds its arguments, so each device gets its own. */
    kern[d] = clCreateKernel(prog, "saxpy", &err);
    CL_CHECK_ERR(err);
    CL_CHECK(clSetKernelArg(kern[d], 0, sizeof a, &a));
    CL_CHECK(clSetKernelArg(kern[d], 1, sizeof dx[d], &dx[d]));
    CL_CHECK(clSetKernelArg(kern[d], 2, sizeof dy[d], &dy[d]));
    CL_CHECK(clSetKernelArg(kern[d], 3, sizeof len, &len));
    /* Non-blocking: the copies, the kernel and the read-back of this slice queue up on this
     * device while the loop goes on to the next device. */
    size_t local = 256, global = (len + local - 1) / local * local;
    if (len) /* a zero-byte transfer is an error (CL_INVALID_VALUE): more devices than elements */
      CL_CHECK(clEnqueueWriteBuffer(queue[d], dx[d], CL_FALSE, 0, len * sizeof(float), x + first[d], 0, NULL, NULL));
    if (len)
      CL_CHECK(clEnqueueWriteBuffer(queue[d], dy[d], CL_FALSE, 0, len * sizeof(float), y + first[d], 0, NULL, NULL));
    if (global == 0) global = local;
    CL_CHECK(clEnqueueNDRangeKernel(queue[d], kern[d], 1, NULL, &global, &local, 0, NULL, &done[d]));
    if (len)
      CL_CHECK(clEnqueueReadBuffer(queue[d], dy[d], CL_FALSE, 0, len * sizeof(float), y + first[d], 0, NULL, NULL));
    CL_CHECK(clFlush(queue[d]));
  }
  for (cl_uint d = 0; d < ndev; d++) {
    CL_CHECK(clFinish(queue[d]));
    char name[256] = "";
    clGetDeviceInfo(devs[d], CL_DEVICE_NAME, sizeof name, name, NULL);
    printf("device %u (%s): elements %u..%u, kernel %.3f ms\n", d, name, first[d], first[d + 1], example_event_ms(done[d]));
  }

  size_t bad = 0;
  for (cl_uint i = 0; i < n; i++) {
    float want = a * x[i] + y0[i];  /* exact: small integers and quarters */
    if (y[i] != want && bad++ < 5) printf("  y[%u] = %g, expected %g\n", i, y[i], want);
  }
  if (bad) printf("%zu of %u elements wrong\n", bad, n);

  for (cl_uint d = 0; d < ndev; d++) {
    clReleaseEvent(done[d]);
    clReleaseMemObject(dx[d]); clReleaseMemObject(dy[d]);
    clReleaseKernel(kern[d]); clReleaseCommandQueue(queue[d]);
  }
  clReleaseProgram(prog);
  clReleaseContext(ctx);
  free(x); free(y); free(y0);
  return example_finish(&ex, bad == 0);
}
