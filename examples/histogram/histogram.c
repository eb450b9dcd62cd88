/* histogram - a 256-bin histogram of bytes with local-memory atomics per work-group, then global
 * atomics (the kernel's comment explains the two levels).
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

#define BINS 256

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {
      {"n", 1 << 20, "input bytes"},
      {"groups", 32, "work-groups"},
      {"local", 256, "work-group size"},
      {NULL, 0, NULL}};
  example_init(&ex, "histogram",
               "count 256 byte values: local atomics per work-group, then global atomics; checked against the CPU",
               opts, argc, argv);
  cl_uint n = (cl_uint)example_arg(&ex, "n");
  size_t groups = (size_t)example_arg(&ex, "groups"), local = (size_t)example_arg(&ex, "local");
  if (n == 0 || groups == 0 || local == 0) { fprintf(stderr, "--n, --groups and --local must be positive\n"); return 2; }

  /* Bytes with an uneven distribution (more small values), so the bins differ. */
  unsigned char *data = example_alloc(n);
  cl_uint seed = 12345;
  for (cl_uint i = 0; i < n; i++) {
    seed = seed * 1103515245u + 12345u;
    cl_uint r = seed >> 16;
    data[i] = (unsigned char)((r & 0xff) * ((r >> 8) & 0xff) >> 8);
  }

  cl_program prog = example_build(&ex, "");
  cl_int err;
  cl_kernel k = clCreateKernel(prog, "histogram", &err);
  CL_CHECK_ERR(err);
  cl_mem ddata = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, n, data, &err);
  CL_CHECK_ERR(err);
  cl_mem dhist = clCreateBuffer(ex.context, CL_MEM_READ_WRITE, BINS * sizeof(cl_uint), NULL, &err);
  CL_CHECK_ERR(err);
  /* The global bins start at zero: the work-groups only add to them. */
  cl_uint zero = 0;
  CL_CHECK(clEnqueueFillBuffer(ex.queue, dhist, &zero, sizeof zero, 0, BINS * sizeof(cl_uint), 0, NULL, NULL));
  CL_CHECK(clSetKernelArg(k, 0, sizeof ddata, &ddata));
  CL_CHECK(clSetKernelArg(k, 1, sizeof n, &n));
  CL_CHECK(clSetKernelArg(k, 2, sizeof dhist, &dhist));

  size_t global = groups * local;
  cl_event ev;
  CL_CHECK(clEnqueueNDRangeKernel(ex.queue, k, 1, NULL, &global, &local, 0, NULL, &ev));
  cl_uint hist[BINS];
  CL_CHECK(clEnqueueReadBuffer(ex.queue, dhist, CL_TRUE, 0, sizeof hist, hist, 1, &ev, NULL));
  printf("%u bytes, %zu work-groups of %zu, kernel %.3f ms\n", n, groups, local, example_event_ms(ev));

  cl_uint want[BINS] = {0};
  for (cl_uint i = 0; i < n; i++) want[data[i]]++;
  int bad = 0, nonzero = 0;
  for (int b = 0; b < BINS; b++) {
    nonzero += want[b] != 0;
    if (hist[b] != want[b] && bad++ < 5) printf("  bin %d = %u, expected %u\n", b, hist[b], want[b]);
  }
  printf("bins: [0] = %u, [1] = %u, [128] = %u, [255] = %u; %d of %d bins non-zero\n", hist[0], hist[1],
         hist[128], hist[255], nonzero, BINS);
  if (bad) printf("%d of %d bins wrong\n", bad, BINS);

  clReleaseEvent(ev);
  clReleaseMemObject(ddata); clReleaseMemObject(dhist);
  clReleaseKernel(k); clReleaseProgram(prog);
  free(data);
  return example_finish(&ex, bad == 0);
}
