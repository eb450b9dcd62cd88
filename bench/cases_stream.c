/* cases_stream.c - launch overhead and the streaming kernels: empty, vadd, saxpy. */
#include "bench.h"
#include <stdio.h>

/* Launch overhead: one work-item of an empty kernel, timed from enqueue to completion.  Validated
 * by its event reaching CL_COMPLETE without error (bench_time checks every event's status).  A
 * launch takes microseconds, which the scheduler's wake-ups blur: at least 51 timed runs, so the
 * median is the launch's and not one wake-up's (on every platform alike). */
#define EMPTY_MIN_REPS 51
int bench_run_empty(struct bench *b, struct bench_result *r) {
  struct bench_objs o = { 0 };
  const int reps = b->reps;
  if (b->reps < EMPTY_MIN_REPS) b->reps = EMPTY_MIN_REPS;
  snprintf(r->detail, sizeof r->detail, "1 work-item");
  r->work = 1;
  struct bench_launch l = { NULL, 1, { 1 }, { 0 } };
  if ((o.prog[0] = bench_program(b, r, "empty.cl", "")) &&
      (l.kernel = o.kern[0] = bench_kernel(r, o.prog[0], "empty")) &&
      bench_time(b, r, bench_step_launch, NULL, &l) == CL_SUCCESS)
    r->valid = 1;
  b->reps = reps;
  bench_release(&o);
  return r->valid;
}

/* vadd and saxpy share everything but the kernel and its scalar. */
static int run_stream(struct bench *b, struct bench_result *r, int saxpy) {
  struct bench_objs o = { 0 };
  const cl_uint n = (cl_uint)bench_pick(b, 4096, 1 << 16, 1 << 20);
  const float alpha = 2.5f;
  snprintf(r->detail, sizeof r->detail, "n=%u", n);
  r->work = n;
  float *x = bench_host(&o, r, n * sizeof *x), *y = bench_host(&o, r, n * sizeof *y);
  float *z = bench_host(&o, r, n * sizeof *z);
  struct bench_launch l = { NULL, 1, { n }, { 256 } };
  if (!x || !y || !z) goto done;
  bench_fill_floats(x, n, 1, -1, 1);
  bench_fill_floats(y, n, 2, -1, 1);
  if (!(o.prog[0] = bench_program(b, r, saxpy ? "saxpy.cl" : "vadd.cl", "")) ||
      !(l.kernel = o.kern[0] = bench_kernel(r, o.prog[0], saxpy ? "saxpy" : "vadd")))
    goto done;
  cl_mem bx = bench_buf(b, &o, r, CL_MEM_READ_ONLY, n * sizeof *x, x);
  cl_mem by = bench_buf(b, &o, r, CL_MEM_READ_ONLY, n * sizeof *y, y);
  cl_mem bz = bench_buf(b, &o, r, CL_MEM_WRITE_ONLY, n * sizeof *z, NULL);
  if (!bx || !by || !bz) goto done;
  int ok = saxpy ? bench_args(r, l.kernel, sizeof alpha, &alpha, sizeof bx, &bx, sizeof by, &by,
                              sizeof bz, &bz, sizeof n, &n, (size_t)0)
                 : bench_args(r, l.kernel, sizeof bx, &bx, sizeof by, &by, sizeof bz, &bz,
                              sizeof n, &n, (size_t)0);
  if (!ok || bench_time(b, r, bench_step_launch, NULL, &l) != CL_SUCCESS ||
      !bench_read(b, r, bz, n * sizeof *z, z))
    goto done;
  for (cl_uint i = 0; i < n; i++) x[i] = saxpy ? alpha * x[i] + y[i] : x[i] + y[i];
  long bad = bench_compare_floats(z, x, n, 1e-5f);
  if (bad >= 0) bench_fail(r, "z[%ld] = %g, expected %g", bad, z[bad], x[bad]);
  else r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}

int bench_run_vadd(struct bench *b, struct bench_result *r) { return run_stream(b, r, 0); }
int bench_run_saxpy(struct bench *b, struct bench_result *r) { return run_stream(b, r, 1); }
