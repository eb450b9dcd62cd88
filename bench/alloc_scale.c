/* alloc_scale.c - allocation at scale (`vgpu-bench --alloc-scale`): how fast buffers are created
 * and released while 1 000, 10 000 and 100 000 others are live, and how long a launch takes with
 * 10 000 live buffers against none.  Programs that keep many small buffers (a mesh per object, a
 * buffer per tile) must not pay for each one at every allocation or launch.  Each buffer is 1 KiB
 * and created with its contents (CL_MEM_COPY_HOST_PTR), so that the device really holds it. */
#include "bench.h"
#include <stdio.h>
#include <stdlib.h>

#define ALLOC_SIZE 1024
#define CHURN 2000      /* create + release pairs timed at each population */
#define LAUNCHES 200    /* launches timed, each waited for */

static cl_mem make(struct bench *b, const void *bytes) {
  cl_int err;
  cl_mem m = clCreateBuffer(b->ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, ALLOC_SIZE, (void *)bytes, &err);
  return err == CL_SUCCESS ? m : NULL;
}

static int by_value(const void *x, const void *y) {
  double a = *(const double *)x, c = *(const double *)y;
  return a < c ? -1 : a > c;
}

/* Median wall time of one launch (enqueue to clFinish), ms. */
static double launch_ms(struct bench *b, cl_kernel k) {
  static double t[LAUNCHES];
  size_t g = 64;
  for (int i = 0; i < LAUNCHES + 10; i++) {
    double t0 = bench_now_ms();
    if (clEnqueueNDRangeKernel(b->queue, k, 1, NULL, &g, NULL, 0, NULL, NULL) != CL_SUCCESS || clFinish(b->queue) != CL_SUCCESS)
      return -1;
    if (i >= 10) t[i - 10] = bench_now_ms() - t0; /* 10 warm-up launches */
  }
  qsort(t, LAUNCHES, sizeof *t, by_value);
  return t[LAUNCHES / 2];
}

int bench_alloc_scale(struct bench *b) {
  static const size_t pops[] = {1000, 10000, 100000};
  static char bytes[ALLOC_SIZE];
  cl_mem *live = calloc(100000, sizeof *live);
  const char *src = "kernel void touch(global int *a) { if (get_global_id(0) == 0) a[0] += 1; }";
  cl_int err;
  cl_program p = clCreateProgramWithSource(b->ctx, 1, &src, NULL, &err);
  if (!live || err || clBuildProgram(p, 1, &b->device, NULL, NULL, NULL) != CL_SUCCESS) return 0;
  cl_kernel k = clCreateKernel(p, "touch", &err);
  cl_mem arg = make(b, bytes);
  if (!k || !arg || clSetKernelArg(k, 0, sizeof arg, &arg) != CL_SUCCESS) return 0;
  printf("allocation at scale: %d-byte buffers (CL_MEM_COPY_HOST_PTR)\n", ALLOC_SIZE);
  printf("%-14s %16s %22s %16s\n", "live buffers", "create /s (fill)", "create+release /s", "launch ms");
  double launch0 = launch_ms(b, k);
  printf("%-14d %16s %22s %16.3f\n", 0, "", "", launch0);
  size_t n = 0;
  int ok = launch0 >= 0;
  for (size_t i = 0; ok && i < sizeof pops / sizeof *pops; i++) {
    double t0 = bench_now_ms();
    size_t from = n;
    for (; n < pops[i]; n++)
      if (!(live[n] = make(b, bytes))) { ok = 0; break; }
    double fill = (n - from) / ((bench_now_ms() - t0) / 1e3);
    /* Churn: one buffer made and released, CHURN times, with pops[i] others live. */
    t0 = bench_now_ms();
    for (int c = 0; ok && c < CHURN; c++) {
      cl_mem m = make(b, bytes);
      if (!m) ok = 0;
      else clReleaseMemObject(m);
    }
    double churn = CHURN / ((bench_now_ms() - t0) / 1e3);
    double launch = pops[i] == 10000 ? launch_ms(b, k) : -1;
    char lbuf[32] = "";
    if (launch >= 0) snprintf(lbuf, sizeof lbuf, "%.3f", launch);
    printf("%-14zu %16.0f %22.0f %16s\n", pops[i], fill, churn, lbuf);
    fflush(stdout);
  }
  double t0 = bench_now_ms();
  for (size_t i = 0; i < n; i++) clReleaseMemObject(live[i]);
  printf("released %zu buffers in %.1f ms\n", n, bench_now_ms() - t0);
  clReleaseMemObject(arg);
  clReleaseKernel(k);
  clReleaseProgram(p);
  free(live);
  return ok;
}
