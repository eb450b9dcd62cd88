/* build_rate.c - program builds per second (`vgpu-bench --build-rate`): clBuildProgram of a small
 * kernel, each build a different source (a constant changes, and the run's process id is in it)
 * so that no compile cache can answer.  Programs that build many small kernels (the Khronos CTS
 * builds 3600 in test_vectors' vec_align_* alone) wait on this rate rather than on their kernels.
 * --reps rounds of BUILDS builds each; the median round and the range are reported. */
#include "bench.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define BUILDS 20 /* per round */

static int by_value(const void *x, const void *y) {
  double a = *(const double *)x, c = *(const double *)y;
  return a < c ? -1 : a > c;
}

int bench_build_rate(struct bench *b) {
  double rate[BENCH_MAX_REPS];
  int n = 0;
  for (int r = 0; r < b->reps + b->warmup; r++) {
    double t0 = bench_now_ms();
    for (int i = 0; i < BUILDS; i++) {
      char src[256];
      snprintf(src, sizeof src, "kernel void k(global float *a, float s) { size_t i = get_global_id(0);"
               " a[i] = a[i] * s + %d.0f; } /* %ld */", r * BUILDS + i, (long)getpid());
      const char *s = src;
      cl_int err;
      cl_program p = clCreateProgramWithSource(b->ctx, 1, &s, NULL, &err);
      if (!p || clBuildProgram(p, 1, &b->device, NULL, NULL, NULL) != CL_SUCCESS) {
        fprintf(stderr, "vgpu-bench: a build failed\n");
        if (p) clReleaseProgram(p);
        return 0;
      }
      clReleaseProgram(p);
    }
    if (r >= b->warmup) rate[n++] = BUILDS / ((bench_now_ms() - t0) / 1e3);
  }
  qsort(rate, (size_t)n, sizeof *rate, by_value);
  printf("builds per second (%d rounds of %d builds of a small kernel): median %.1f, range %.1f-%.1f\n", n, BUILDS,
         rate[n / 2], rate[0], rate[n - 1]);
  return 1;
}
