/* test_piglit_regressions.c - bugs piglit's OpenCL suite found that need the host API beyond a
 * kernel's results: two printf calls with arguments in one kernel (the second call's argument
 * list was read from the wrong place of the extra table: "bad printf argument"; stdout is
 * captured), and kernels that declare (but cannot use) sampler and image arguments.  The others
 * (vector reductions, -cl-denorms-are-zero, the OpenCL 1.0 options and predefined macros) are
 * kernel tests: tests/kernels/cl/piglit/. */
#include <unistd.h>
#include "testlib.h"

static cl_mem buf(size_t size, void *host) {
  cl_int err;
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | (host ? CL_MEM_COPY_HOST_PTR : 0), size, host, &err);
  CHECK_OK(err);
  return m;
}

static void run_two_printfs(cl_program p) {
  cl_int err;
  int in[3] = {42, -7, 1000};
  cl_mem m = buf(sizeof in, in);
  cl_kernel k = clCreateKernel(p, "two", &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 1;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clFinish(vt_queue()));
  clReleaseKernel(k);
  clReleaseMemObject(m);
}

static void test_two_printfs(void) {
  cl_program p = vt_build("kernel void two(global const int *a) {\n"
                          "  printf(\"first %d\\n\", a[0]);\n"
                          "  printf(\"second %d %d %f\\n\", a[1], a[2], 0.5f);\n}\n", NULL);
  if (!CHECK(p != NULL)) return;
  char path[] = "/tmp/vgpu-printf2-XXXXXX";
  int fd = mkstemp(path);
  fflush(stdout);
  int saved = dup(1);
  dup2(fd, 1);
  run_two_printfs(p);
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  close(fd);
  size_t len = 0;
  char *text = vt_read_file(path, &len);
  unlink(path);
  const char *want = "first 42\nsecond -7 1000 0.500000\n";
  if (!CHECK(text && !strcmp(text, want))) printf("  got:\n%s\n  want:\n%s", text ? text : "(null)", want);
  free(text);
  clReleaseProgram(p);
}

/* A kernel may declare image and sampler arguments it never uses (piglit api@clsetkernelarg);
 * clSetKernelArg checks them (OpenCL 3.0 section 5.9.2), and while they are not set the kernel
 * cannot be enqueued. */
static void test_sampler_arg_declared(void) {
  cl_program p = vt_build("kernel void k(global int *out, sampler_t s, read_only image2d_t img) { out[0] = 7; }\n", NULL);
  if (!CHECK(p != NULL)) return;
  cl_int err;
  cl_kernel k = clCreateKernel(p, "k", &err);
  CHECK_OK(err);
  cl_sampler none = NULL;
  CHECK_ERR(clSetKernelArg(k, 1, sizeof none, &none), CL_INVALID_SAMPLER);
  CHECK_ERR(clSetKernelArg(k, 1, sizeof none + 1, &none), CL_INVALID_ARG_SIZE);
  cl_mem m = buf(64, NULL);
  CHECK_ERR(clSetKernelArg(k, 2, sizeof m, &m), CL_INVALID_MEM_OBJECT); /* a buffer is not an image */
  CHECK_OK(clSetKernelArg(k, 0, sizeof m, &m));
  size_t g = 1;
  CHECK_ERR(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_KERNEL_ARGS);
  clReleaseMemObject(m);
  clReleaseKernel(k);
  clReleaseProgram(p);
}

int main(void) {
  test_sampler_arg_declared();
  test_two_printfs();
  return vt_finish();
}
