/* matmul_split - C = A B with the rows of A and C split across every device and B broadcast.
 *
 * Device d gets a band of A's rows and computes the same band of C; every device needs all of B.
 * B is one buffer: the host writes it to device 0, then it is passed along the devices in turn
 * (clEnqueueMigrateMemObjects on device d + 1 after device d has it), as a broadcast along a chain
 * (a ring of peer links, VGPU_TOPOLOGY=ring, carries each hop directly; without peer links each
 * goes through the host).  Communication: A and C cross the host links once (n^2 floats each); B
 * goes down once and between devices D - 1 times: (D - 1) n^2 floats, growing with the number of
 * devices while each device's work shrinks as n^3 / D: why matmul is split by blocks, not rows,
 * on many GPUs.
 *
 * The result is checked against the CPU.
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

#define MAX_DEVICES 16

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {{"n", 128, "rows and columns of the matrices"}, {NULL, 0, NULL}};
  example_init(&ex, "matmul_split", "matrix multiplication split by rows across every device, B broadcast",
               opts, argc, argv);
  cl_uint n = (cl_uint)example_arg(&ex, "n");
  cl_device_id devs[MAX_DEVICES];
  cl_uint D = 0;
  CL_CHECK(clGetDeviceIDs(ex.platform, CL_DEVICE_TYPE_ALL, MAX_DEVICES, devs, &D));
  if (D > MAX_DEVICES) D = MAX_DEVICES;
  if (n < D) { fprintf(stderr, "--n must be at least the %u devices\n", D); return 2; }
  cl_int err;
  cl_context ctx = clCreateContext(NULL, D, devs, NULL, NULL, &err);
  CL_CHECK_ERR(err);
  cl_program prog = example_build_for(&ex, ctx, D, devs, "");
  printf("%u device(s), %u x %u\n", D, n, n);

  size_t nn = (size_t)n * n, rowb = (size_t)n * sizeof(float);
  float *A = example_alloc(nn * sizeof *A), *B = example_alloc(nn * sizeof *B), *C = example_alloc(nn * sizeof *C);
  for (size_t i = 0; i < nn; i++) {
    A[i] = (float)((i * 3) % 17) - 8.0f;
    B[i] = (float)((i * 5) % 13) - 6.0f;
  }
  cl_uint first[MAX_DEVICES + 1];
  for (cl_uint d = 0; d <= D; d++) first[d] = (cl_uint)((unsigned long long)n * d / D);
  cl_command_queue q[MAX_DEVICES];
  cl_mem a[MAX_DEVICES], c[MAX_DEVICES];
  cl_kernel k[MAX_DEVICES];
  cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_ONLY, nn * sizeof(float), NULL, &err);
  CL_CHECK_ERR(err);
  cl_event have_b[MAX_DEVICES];
  for (cl_uint d = 0; d < D; d++) {
    cl_uint rows = first[d + 1] - first[d];
    q[d] = clCreateCommandQueue(ctx, devs[d], 0, &err);
    CL_CHECK_ERR(err);
    a[d] = clCreateBuffer(ctx, CL_MEM_READ_ONLY, rows * rowb, NULL, &err);
    CL_CHECK_ERR(err);
    c[d] = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, rows * rowb, NULL, &err);
    CL_CHECK_ERR(err);
    CL_CHECK(clEnqueueWriteBuffer(q[d], a[d], CL_FALSE, 0, rows * rowb, A + (size_t)first[d] * n, 0, NULL, NULL));
    /* B: written on device 0, then handed from each device to the next. */
    if (d == 0)
      CL_CHECK(clEnqueueWriteBuffer(q[0], b, CL_FALSE, 0, nn * sizeof(float), B, 0, NULL, &have_b[0]));
    else
      CL_CHECK(clEnqueueMigrateMemObjects(q[d], 1, &b, 0, 1, &have_b[d - 1], &have_b[d]));
    k[d] = clCreateKernel(prog, "matmul_rows", &err);
    CL_CHECK_ERR(err);
    CL_CHECK(clSetKernelArg(k[d], 0, sizeof a[d], &a[d]));
    CL_CHECK(clSetKernelArg(k[d], 1, sizeof b, &b));
    CL_CHECK(clSetKernelArg(k[d], 2, sizeof c[d], &c[d]));
    CL_CHECK(clSetKernelArg(k[d], 3, sizeof n, &n));
    CL_CHECK(clSetKernelArg(k[d], 4, sizeof rows, &rows));
    size_t local[2] = {16, 4}, global[2] = {(n + 15) / 16 * 16, (rows + 3) / 4 * 4};
    CL_CHECK(clEnqueueNDRangeKernel(q[d], k[d], 2, NULL, global, local, 0, NULL, NULL));
    CL_CHECK(clEnqueueReadBuffer(q[d], c[d], CL_FALSE, 0, rows * rowb, C + (size_t)first[d] * n, 0, NULL, NULL));
    CL_CHECK(clFlush(q[d]));
  }
  for (cl_uint d = 0; d < D; d++) CL_CHECK(clFinish(q[d]));

  size_t bad = 0;
  for (cl_uint i = 0; i < n; i++)
    for (cl_uint j = 0; j < n; j++) {
      float want = 0.0f; /* small integers: every partial sum is exact in float */
      for (cl_uint kk = 0; kk < n; kk++) want += A[(size_t)i * n + kk] * B[(size_t)kk * n + j];
      if (C[(size_t)i * n + j] != want && bad++ < 5) printf("  C[%u][%u] = %g, expected %g\n", i, j, C[(size_t)i * n + j], want);
    }
  if (bad) printf("%zu elements wrong\n", bad);
  unsigned long long M = nn * sizeof(float);
  printf("B broadcast: (D - 1) n^2 floats = %llu bytes between devices\n", (D - 1) * M);
  int links_ok = example_check_links(&ex, 2 * M, M, (D - 1) * M);

  for (cl_uint d = 0; d < D; d++) {
    clReleaseEvent(have_b[d]);
    clReleaseMemObject(a[d]); clReleaseMemObject(c[d]);
    clReleaseKernel(k[d]); clReleaseCommandQueue(q[d]);
  }
  clReleaseMemObject(b);
  clReleaseProgram(prog);
  clReleaseContext(ctx);
  free(A); free(B); free(C);
  return example_finish(&ex, bad == 0 && links_ok);
}
