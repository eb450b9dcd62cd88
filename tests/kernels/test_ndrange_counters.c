/* test_ndrange_counters.c - VGPU_COUNTERS=1 prints one counters block per launch naming the
 * kernel, with divergent branches counted for a kernel whose lanes leave a loop at different
 * trips (checked in a child process whose stderr is captured).  A faulting launch and the
 * launches after it are a kernel test: tests/kernels/cl/faults/oob_notify.cl. */
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static const char *src =
    "kernel void diverge(global int *a) {\n"
    "  int i = get_global_id(0), s = 0;\n"
    "  for (int j = 0; j < (i & 7); j++) s += a[j] + j;\n" /* lanes leave the loop at different trips */
    "  a[i] = ((i & 1) ? i : -i) + (s > 100000000 ? 1 : 0); }\n";

static int run_diverge(cl_context ctx, cl_command_queue q, cl_program p, size_t n) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, "diverge", &err);
  cl_mem m = clCreateBuffer(ctx, CL_MEM_READ_WRITE, n * 4, NULL, &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  int *out = calloc(n, 4), ok = 1;
  err = clEnqueueNDRangeKernel(q, k, 1, NULL, &n, NULL, 0, NULL, NULL);
  if (err == CL_SUCCESS) err = clEnqueueReadBuffer(q, m, CL_TRUE, 0, n * 4, out, 0, NULL, NULL);
  for (size_t i = 0; i < n; i++) ok &= out[i] == ((i & 1) ? (int)i : -(int)i);
  free(out);
  clReleaseMemObject(m);
  clReleaseKernel(k);
  return err == CL_SUCCESS && ok;
}

static cl_program build(cl_context ctx) {
  cl_int err;
  cl_program p = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
  if (clBuildProgram(p, 0, NULL, NULL, NULL, NULL) != CL_SUCCESS) { clReleaseProgram(p); return NULL; }
  return p;
}

static int counters_child(void) {
  cl_device_id dev = vt_device();
  cl_int err;
  cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  cl_command_queue q = clCreateCommandQueue(ctx, dev, 0, &err);
  cl_program p = build(ctx);
  int rc = p && run_diverge(ctx, q, p, 256) ? 0 : 1;
  if (p) clReleaseProgram(p);
  clReleaseCommandQueue(q);
  clReleaseContext(ctx);
  return rc;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "counters")) return counters_child();
  /* VGPU_COUNTERS=1: one block per launch on stderr */
  {
    static const char *const env[] = {"VGPU_COUNTERS=1", NULL};
    char buf[8192];
    CHECK(vt_run_self(argv[0], "counters", env, 0, buf, sizeof buf) == 0);
    if (!CHECK(strstr(buf, "kernel diverge") && strstr(buf, "SIMT efficiency") && strstr(buf, "divergent") &&
               strstr(buf, "transactions") && strstr(buf, "bank conflicts") && strstr(buf, "work-groups/SM")))
      fprintf(stderr, "  child stderr:\n%s\n", buf);
    /* 256 work-items, every second one on each side of the branch: divergent branches were counted */
    const char *d = strstr(buf, "divergent ");
    CHECK(d && atoi(d + 10) > 0);
  }
  return vt_finish();
}
