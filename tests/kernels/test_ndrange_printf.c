/* test_ndrange_printf.c - printf in kernels reaches the host's stdout once the kernel completes:
 * stdout is redirected to a file (dup2), the kernel prints scalars, strings and vectors, and the
 * text is compared with what C99 printf gives for the same values on the CPU. */
#include <unistd.h>
#include "testlib.h"

/* One printf call per kernel: several calls in one kernel are exercised by the compiler's tests. */
static const char *src =
    "#pragma OPENCL EXTENSION cl_khr_fp16 : enable\n"
    "kernel void hello1(global const int *in, float f) {\n"
    "  if (get_global_id(0) == 0) printf(\"hello %s %d|%5.2f|%x|%c\\n\", \"world\", in[0], f, 255, 'z');\n"
    "}\n"
    "kernel void hello2(global const int *in, float f) {\n"
    "  float4 v = (float4)(1.0f, 2.5f, -3.0f, f);\n"
    "  if (get_global_id(0) == 1) printf(\"v=%v4hlf\\n\", v);\n"
    "}\n"
    "kernel void hello3(global const int *in, float f) {\n"
    "  char2 c = (char2)(-1, 100);\n"
    "  if (get_global_id(0) == 63) printf(\"c=%v2hhd l=%ld\\n\", c, (long)in[1] * 1000000000L);\n"
    "}\n"
    /* half (cl_khr_fp16): a scalar is promoted to double (s6.15.14.3), a vector takes %vNhf */
    "kernel void hello4(global const int *in, float f) {\n"
    "  half h = (half)f; half2 hv = (half2)((half)-0.25f, (half)65504.0f);\n"
    "  if (get_global_id(0) == 2) printf(\"h=%f %v2hf\\n\", h, hv);\n"
    "}\n"
    "kernel void many(void) { printf(\"item %d\\n\", (int)get_global_id(0)); }\n";

static char *capture(void (*run)(cl_program), cl_program p, size_t *len) {
  char path[] = "/tmp/vgpu-printf-XXXXXX";
  int fd = mkstemp(path);
  fflush(stdout);
  int saved = dup(1);
  dup2(fd, 1);
  run(p);
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  close(fd);
  char *text = vt_read_file(path, len);
  unlink(path);
  return text;
}

static void run_hello(cl_program p) {
  cl_int err;
  int in[2] = {42, 7};
  float f = 3.14159f;
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof in, in, &err);
  const char *names[] = {"hello1", "hello2", "hello3", "hello4"};
  for (int i = 0; i < 4; i++) {
    cl_kernel k = clCreateKernel(p, names[i], &err);
    clSetKernelArg(k, 0, sizeof m, &m);
    clSetKernelArg(k, 1, sizeof f, &f);
    size_t g = 64;
    CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    clReleaseKernel(k);
  }
  /* in order: each kernel's output appears when it completes */
  CHECK_OK(clFinish(vt_queue()));
  clReleaseMemObject(m);
}

static void run_many(cl_program p) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, "many", &err);
  size_t g = 200;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clFinish(vt_queue()));
  clReleaseKernel(k);
}

int main(void) {
  cl_program p = vt_build(src, NULL);
  if (!p) return 1;
  size_t len = 0;
  char *text = capture(run_hello, p, &len);
  char want[512];
  /* 3.14159 rounded to half is 1608 * 2^-9 = 3.140625 */
  snprintf(want, sizeof want, "hello world 42|%5.2f|ff|z\nv=%f,%f,%f,%f\nc=-1,100 l=7000000000\nh=%f %f,%f\n", 3.14159f,
           1.0, 2.5, -3.0, 3.14159f, 3.140625, -0.25, 65504.0);
  if (!CHECK(text && !strcmp(text, want))) fprintf(stderr, "  got:\n%s\n  want:\n%s\n", text ? text : "(null)", want);
  free(text);
  /* 200 work-items, one line each: every line once (the order between work-items is free). */
  text = capture(run_many, p, &len);
  int seen[200] = {0}, lines = 0, bad = 0;
  for (char *s = text; s && *s;) {
    int id;
    if (sscanf(s, "item %d", &id) == 1 && id >= 0 && id < 200) seen[id]++;
    else bad++;
    lines++;
    char *nl = strchr(s, '\n');
    if (!nl) break;
    s = nl + 1;
  }
  CHECK(lines == 200 && bad == 0);
  int once = 1;
  for (int i = 0; i < 200; i++) once &= seen[i] == 1;
  CHECK(once);
  free(text);
  clReleaseProgram(p);
  return vt_finish();
}
