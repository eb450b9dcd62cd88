/* reduction - sum a large array: a tree in __local memory inside each work-group, then the same
 * kernel once more over the per-work-group sums (the kernel's comment explains why two launches).
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {
      {"n", 1 << 20, "elements"},
      {"groups", 64, "work-groups of the first level"},
      {"local", 256, "work-group size, a power of two"},
      {NULL, 0, NULL}};
  example_init(&ex, "reduction",
               "sum unsigned integers: a tree in local memory, then a second launch; checked against the CPU",
               opts, argc, argv);
  cl_uint n = (cl_uint)example_arg(&ex, "n");
  size_t groups = (size_t)example_arg(&ex, "groups"), local = (size_t)example_arg(&ex, "local");
  if (n == 0 || groups == 0 || local == 0 || (local & (local - 1))) {
    fprintf(stderr, "--n and --groups must be positive, --local a power of two\n");
    return 2;
  }

  cl_uint *data = example_alloc(n * sizeof *data);
  for (cl_uint i = 0; i < n; i++) data[i] = (i * 2654435761u) >> 24; /* 0..255, scrambled */

  cl_program prog = example_build(&ex, "");
  cl_int err;
  cl_kernel k = clCreateKernel(prog, "reduce", &err);
  CL_CHECK_ERR(err);
  cl_mem din = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, n * sizeof *data, data, &err);
  CL_CHECK_ERR(err);
  cl_mem dpartial = clCreateBuffer(ex.context, CL_MEM_READ_WRITE, groups * sizeof(cl_uint), NULL, &err);
  CL_CHECK_ERR(err);
  cl_mem dsum = clCreateBuffer(ex.context, CL_MEM_WRITE_ONLY, sizeof(cl_uint), NULL, &err);
  CL_CHECK_ERR(err);

  /* Level 1: `groups` work-groups, each writes one partial sum.  The __local argument is given
   * by size only (value NULL): each work-group gets its own `local` words of local memory. */
  size_t global = groups * local;
  cl_event ev[2];
  CL_CHECK(clSetKernelArg(k, 0, sizeof din, &din));
  CL_CHECK(clSetKernelArg(k, 1, sizeof n, &n));
  CL_CHECK(clSetKernelArg(k, 2, sizeof dpartial, &dpartial));
  CL_CHECK(clSetKernelArg(k, 3, local * sizeof(cl_uint), NULL));
  CL_CHECK(clEnqueueNDRangeKernel(ex.queue, k, 1, NULL, &global, &local, 0, NULL, &ev[0]));

  /* Level 2: one work-group over the partial sums.  The queue is in order, so this launch starts
   * after level 1 has finished writing them. */
  cl_uint ngroups = (cl_uint)groups;
  CL_CHECK(clSetKernelArg(k, 0, sizeof dpartial, &dpartial));
  CL_CHECK(clSetKernelArg(k, 1, sizeof ngroups, &ngroups));
  CL_CHECK(clSetKernelArg(k, 2, sizeof dsum, &dsum));
  CL_CHECK(clEnqueueNDRangeKernel(ex.queue, k, 1, NULL, &local, &local, 0, NULL, &ev[1]));

  cl_uint got = 0;
  CL_CHECK(clEnqueueReadBuffer(ex.queue, dsum, CL_TRUE, 0, sizeof got, &got, 0, NULL, NULL));
  cl_uint want = 0;   /* unsigned arithmetic wraps the same way on host and device */
  for (cl_uint i = 0; i < n; i++) want += data[i];
  printf("%u elements: level 1 %zu work-groups of %zu (%.3f ms), level 2 one work-group (%.3f ms)\n", n, groups,
         local, example_event_ms(ev[0]), example_event_ms(ev[1]));
  printf("sum = %u, CPU sum = %u\n", got, want);

  clReleaseEvent(ev[0]); clReleaseEvent(ev[1]);
  clReleaseMemObject(din); clReleaseMemObject(dpartial); clReleaseMemObject(dsum);
  clReleaseKernel(k); clReleaseProgram(prog);
  free(data);
  return example_finish(&ex, got == want);
}
