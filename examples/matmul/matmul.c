/* matmul - tiled matrix multiplication with __local memory (the kernel's comment explains tiling).
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

#define TILE 16

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {
      {"n", 128, "matrix size"},
      {NULL, 0, NULL}};
  example_init(&ex, "matmul",
               "multiply two n x n matrices in 16 x 16 tiles of __local memory; checked against the CPU",
               opts, argc, argv);
  int n = (int)example_arg(&ex, "n");
  if (n <= 0) { fprintf(stderr, "--n must be positive\n"); return 2; }
  size_t nn = (size_t)n * n;

  /* Small integers: every product and partial sum is exact in float, whatever the order of the
   * additions or whether the device fuses multiply-adds, so the result must match exactly. */
  float *A = example_alloc(nn * sizeof *A), *B = example_alloc(nn * sizeof *B), *C = example_alloc(nn * sizeof *C);
  for (size_t i = 0; i < nn; i++) {
    A[i] = (float)((int)(i * 7 % 11) - 5);
    B[i] = (float)((int)(i * 5 % 13) - 6);
  }

  char options[32];
  snprintf(options, sizeof options, "-D TILE=%d", TILE);
  cl_program prog = example_build(&ex, options);
  cl_int err;
  cl_kernel k = clCreateKernel(prog, "matmul", &err);
  CL_CHECK_ERR(err);
  cl_mem dA = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, nn * sizeof *A, A, &err);
  CL_CHECK_ERR(err);
  cl_mem dB = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, nn * sizeof *B, B, &err);
  CL_CHECK_ERR(err);
  cl_mem dC = clCreateBuffer(ex.context, CL_MEM_WRITE_ONLY, nn * sizeof *C, NULL, &err);
  CL_CHECK_ERR(err);
  CL_CHECK(clSetKernelArg(k, 0, sizeof dA, &dA));
  CL_CHECK(clSetKernelArg(k, 1, sizeof dB, &dB));
  CL_CHECK(clSetKernelArg(k, 2, sizeof dC, &dC));
  CL_CHECK(clSetKernelArg(k, 3, sizeof n, &n));

  size_t local[2] = {TILE, TILE};
  size_t global[2] = {(size_t)(n + TILE - 1) / TILE * TILE, (size_t)(n + TILE - 1) / TILE * TILE};
  cl_event ev;
  CL_CHECK(clEnqueueNDRangeKernel(ex.queue, k, 2, NULL, global, local, 0, NULL, &ev));
  CL_CHECK(clEnqueueReadBuffer(ex.queue, dC, CL_TRUE, 0, nn * sizeof *C, C, 1, &ev, NULL));
  printf("%d x %d matrices, %zu work-groups of %dx%d, kernel %.3f ms\n", n, n, (global[0] / TILE) * (global[1] / TILE),
         TILE, TILE, example_event_ms(ev));

  size_t bad = 0;
  for (int r = 0; r < n; r++)
    for (int c = 0; c < n; c++) {
      double want = 0;
      for (int i = 0; i < n; i++) want += (double)A[(size_t)r * n + i] * B[(size_t)i * n + c];
      if (C[(size_t)r * n + c] != (float)want && bad++ < 5)
        printf("  C[%d][%d] = %g, expected %g\n", r, c, C[(size_t)r * n + c], want);
    }
  if (bad) printf("%zu of %zu elements wrong\n", bad, nn);

  clReleaseEvent(ev);
  clReleaseMemObject(dA); clReleaseMemObject(dB); clReleaseMemObject(dC);
  clReleaseKernel(k); clReleaseProgram(prog);
  free(A); free(B); free(C);
  return example_finish(&ex, bad == 0);
}
