/* cases_matmul.c - SGEMM, naive (global memory only) and tiled (16x16 tiles in __local memory). */
#include "bench.h"
#include <stdio.h>

static int run_sgemm(struct bench *b, struct bench_result *r, int tiled) {
  struct bench_objs o = { 0 };
  /* 128: Oclgrind needs about 3 s for the naive version there. */
  const cl_uint n = (cl_uint)bench_pick(b, 32, 128, 256);
  const size_t bytes = (size_t)n * n * sizeof(float);
  snprintf(r->detail, sizeof r->detail, "%ux%u", n, n);
  r->work = (double)n * n;
  r->compute_bound = 1;
  float *a = bench_host(&o, r, bytes), *bm = bench_host(&o, r, bytes);
  float *c = bench_host(&o, r, bytes), *ref = bench_host(&o, r, bytes);
  struct bench_launch l = { NULL, 2, { n, n }, { 16, 16 } };
  if (!a || !bm || !c || !ref) goto done;
  bench_fill_floats(a, (size_t)n * n, 3, -1, 1);
  bench_fill_floats(bm, (size_t)n * n, 4, -1, 1);
  const char *name = tiled ? "sgemm_tiled" : "sgemm_naive";
  char file[32];
  snprintf(file, sizeof file, "%s.cl", name);
  if (!(o.prog[0] = bench_program(b, r, file, "")) ||
      !(l.kernel = o.kern[0] = bench_kernel(r, o.prog[0], name)))
    goto done;
  cl_mem ba = bench_buf(b, &o, r, CL_MEM_READ_ONLY, bytes, a);
  cl_mem bb = bench_buf(b, &o, r, CL_MEM_READ_ONLY, bytes, bm);
  cl_mem bc = bench_buf(b, &o, r, CL_MEM_WRITE_ONLY, bytes, NULL);
  if (!ba || !bb || !bc ||
      !bench_args(r, l.kernel, sizeof ba, &ba, sizeof bb, &bb, sizeof bc, &bc, sizeof n, &n, (size_t)0) ||
      bench_time(b, r, bench_step_launch, NULL, &l) != CL_SUCCESS || !bench_read(b, r, bc, bytes, c))
    goto done;
  for (cl_uint i = 0; i < n; i++)
    for (cl_uint j = 0; j < n; j++) {
      double acc = 0;
      for (cl_uint k = 0; k < n; k++) acc += (double)a[i * n + k] * bm[k * n + j];
      ref[i * n + j] = (float)acc;
    }
  /* Float sums of n terms in another order: allow n ulp-sized errors on values of order sqrt(n). */
  long bad = bench_compare_floats(c, ref, (size_t)n * n, 1e-4f);
  if (bad >= 0) bench_fail(r, "c[%ld] = %g, expected %g", bad, c[bad], ref[bad]);
  else r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}

int bench_run_sgemm_naive(struct bench *b, struct bench_result *r) { return run_sgemm(b, r, 0); }
int bench_run_sgemm_tiled(struct bench *b, struct bench_result *r) { return run_sgemm(b, r, 1); }
