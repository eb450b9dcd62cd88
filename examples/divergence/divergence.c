/* divergence - what a branch costs when the lanes of a warp disagree.
 *
 * Runs the same work twice (the kernel's comment explains both versions) and checks that both
 * give the CPU's answer.  On VirtualGPU the hardware counters of each launch show the difference:
 * this program switches them on itself (VGPU_COUNTERS=1, unless you set VGPU_COUNTERS yourself),
 * and the runtime prints one block of counters per launch on stderr, right after the line that
 * names the launch.  Compare, for the two launches:
 *   - SIMT efficiency: active lanes per issued warp instruction, as a share of the warp size;
 *   - divergent branches: warp branches whose lanes went both ways.
 * On other platforms the program runs the same and prints only the timings.
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

static cl_uint recipe_even(cl_uint x, int iter) {
  for (int k = 0; k < iter; k++) x = x * 1664525u + 1013904223u;
  return x;
}

static cl_uint recipe_odd(cl_uint x, int iter) {
  for (int k = 0; k < iter; k++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
  }
  return x;
}

/* Runs one kernel over n elements and compares with the CPU; returns the number of wrong elements. */
static size_t run(struct example *ex, cl_kernel k, const char *label, cl_mem dout, size_t n,
                  size_t local, const cl_uint *want) {
  printf("--- %s: launching\n", label); /* the runtime's counters for it follow on stderr */
  size_t global = n;
  cl_uint zero = 0;   /* clear the output, so a result left by the other kernel cannot pass */
  CL_CHECK(clEnqueueFillBuffer(ex->queue, dout, &zero, sizeof zero, 0, n * sizeof zero, 0, NULL, NULL));
  cl_event ev;
  CL_CHECK(clEnqueueNDRangeKernel(ex->queue, k, 1, NULL, &global, &local, 0, NULL, &ev));
  CL_CHECK(clFinish(ex->queue));
  cl_uint *got = example_alloc(n * sizeof *got);
  CL_CHECK(clEnqueueReadBuffer(ex->queue, dout, CL_TRUE, 0, n * sizeof *got, got, 0, NULL, NULL));
  size_t bad = 0;
  for (size_t j = 0; j < n; j++)
    if (got[j] != want[j] && bad++ < 5) printf("  out[%zu] = %u, expected %u\n", j, got[j], want[j]);
  printf("--- %s: kernel %.3f ms, %s\n", label, example_event_ms(ev), bad ? "WRONG" : "correct");
  free(got);
  clReleaseEvent(ev);
  return bad;
}

int main(int argc, char **argv) {
  /* Before the first OpenCL call: VirtualGPU reads its VGPU_* settings once, at start-up.
   * Other platforms ignore the variable. */
  setenv("VGPU_COUNTERS", "1", 0);
  struct example ex;
  struct example_option opts[] = {
      {"n", 65536, "elements, a multiple of 128 and of --local"},
      {"local", 256, "work-group size"},
      {"iter", 64, "scrambling steps per element"},
      {NULL, 0, NULL}};
  example_init(&ex, "divergence",
               "the same work with and without warp-splitting branches, with the counters of each launch",
               opts, argc, argv);
  size_t n = (size_t)example_arg(&ex, "n"), local = (size_t)example_arg(&ex, "local");
  int iter = (int)example_arg(&ex, "iter");
  if (n == 0 || n % 128 || local == 0 || n % local || iter < 0) {
    fprintf(stderr, "--n must be a multiple of 128 and of --local, --iter >= 0\n");
    return 2;
  }

  cl_uint *in = example_alloc(n * sizeof *in), *want = example_alloc(n * sizeof *want);
  for (size_t j = 0; j < n; j++) {
    in[j] = (cl_uint)j * 2654435761u + 1;
    want[j] = j % 2 == 0 ? recipe_even(in[j], iter) : recipe_odd(in[j], iter);
  }

  char options[32];
  snprintf(options, sizeof options, "-D ITER=%d", iter);
  cl_program prog = example_build(&ex, options);
  cl_int err;
  cl_kernel kdiv = clCreateKernel(prog, "divergent", &err);
  CL_CHECK_ERR(err);
  cl_kernel kuni = clCreateKernel(prog, "uniform", &err);
  CL_CHECK_ERR(err);
  cl_mem din = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, n * sizeof *in, in, &err);
  CL_CHECK_ERR(err);
  cl_mem dout = clCreateBuffer(ex.context, CL_MEM_WRITE_ONLY, n * sizeof *in, NULL, &err);
  CL_CHECK_ERR(err);
  cl_uint half_n = (cl_uint)(n / 2);
  CL_CHECK(clSetKernelArg(kdiv, 0, sizeof din, &din));
  CL_CHECK(clSetKernelArg(kdiv, 1, sizeof dout, &dout));
  CL_CHECK(clSetKernelArg(kuni, 0, sizeof din, &din));
  CL_CHECK(clSetKernelArg(kuni, 1, sizeof dout, &dout));
  CL_CHECK(clSetKernelArg(kuni, 2, sizeof half_n, &half_n));
  printf("%zu elements, %zu work-groups of %zu, %d steps per element\n", n, n / local, local, iter);

  /* The first launch on a device also starts it (on VirtualGPU: its SM processes), which would
   * be counted in the first kernel's time: launch one small work-group first, and time only the
   * launches after it. */
  size_t one = local;
  cl_event warm;
  printf("--- warm-up: one work-group, to start the device\n");
  CL_CHECK(clEnqueueNDRangeKernel(ex.queue, kuni, 1, NULL, &one, &local, 0, NULL, &warm));
  CL_CHECK(clWaitForEvents(1, &warm));
  clReleaseEvent(warm);

  size_t bad = run(&ex, kdiv, "divergent", dout, n, local, want);
  bad += run(&ex, kuni, "uniform", dout, n, local, want);

  clReleaseMemObject(din); clReleaseMemObject(dout);
  clReleaseKernel(kdiv); clReleaseKernel(kuni); clReleaseProgram(prog);
  free(in); free(want);
  return example_finish(&ex, bad == 0);
}
