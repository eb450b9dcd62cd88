/* vecmul - the smallest complete OpenCL program: multiply two vectors element by element.
 *
 * The steps every OpenCL host program takes: choose a device (example_init), build the kernel,
 * create buffers, set the kernel's arguments, enqueue the NDRange, read the result back.  The
 * result is checked against the same multiplication done on the CPU.
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {
      {"n", 1000000, "elements"},
      {"local", 256, "work-group size"},
      {NULL, 0, NULL}};
  example_init(&ex, "vecmul",
               "multiply two vectors element by element on the OpenCL device; checked against the CPU",
               opts, argc, argv);
  cl_uint n = (cl_uint)example_arg(&ex, "n");
  size_t local = (size_t)example_arg(&ex, "local");
  if (n == 0 || local == 0) { fprintf(stderr, "--n and --local must be positive\n"); return 2; }

  float *a = example_alloc(n * sizeof *a), *b = example_alloc(n * sizeof *b), *c = example_alloc(n * sizeof *c);
  for (cl_uint i = 0; i < n; i++) {
    a[i] = (float)(i % 1000) * 0.5f;
    b[i] = (float)(i % 7) - 3.0f;
  }

  cl_program prog = example_build(&ex, "");
  cl_int err;
  cl_kernel k = clCreateKernel(prog, "vecmul", &err);
  CL_CHECK_ERR(err);
  /* COPY_HOST_PTR: the runtime copies a and b into device global memory at creation. */
  cl_mem da = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, n * sizeof *a, a, &err);
  CL_CHECK_ERR(err);
  cl_mem db = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, n * sizeof *b, b, &err);
  CL_CHECK_ERR(err);
  cl_mem dc = clCreateBuffer(ex.context, CL_MEM_WRITE_ONLY, n * sizeof *c, NULL, &err);
  CL_CHECK_ERR(err);
  CL_CHECK(clSetKernelArg(k, 0, sizeof da, &da));
  CL_CHECK(clSetKernelArg(k, 1, sizeof db, &db));
  CL_CHECK(clSetKernelArg(k, 2, sizeof dc, &dc));
  CL_CHECK(clSetKernelArg(k, 3, sizeof n, &n));

  /* The global size must be a multiple of the work-group size (OpenCL 1.x rule): round up, and
   * the kernel's `if (i < n)` idles the extra work-items. */
  size_t global = (n + local - 1) / local * local;
  cl_event ev;
  CL_CHECK(clEnqueueNDRangeKernel(ex.queue, k, 1, NULL, &global, &local, 0, NULL, &ev));
  CL_CHECK(clEnqueueReadBuffer(ex.queue, dc, CL_TRUE, 0, n * sizeof *c, c, 1, &ev, NULL));
  printf("%u elements, %zu work-groups of %zu work-items, kernel %.3f ms\n", n, global / local, local,
         example_event_ms(ev));

  size_t bad = 0;
  for (cl_uint i = 0; i < n; i++) {
    float want = a[i] * b[i];   /* one IEEE multiplication: bit-exact on every device */
    if (c[i] != want && bad++ < 5) printf("  c[%u] = %g, expected %g\n", i, c[i], want);
  }
  if (bad) printf("%zu of %u elements wrong\n", bad, n);

  clReleaseEvent(ev);
  clReleaseMemObject(da); clReleaseMemObject(db); clReleaseMemObject(dc);
  clReleaseKernel(k); clReleaseProgram(prog);
  free(a); free(b); free(c);
  return example_finish(&ex, bad == 0);
}
