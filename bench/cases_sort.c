/* cases_sort.c - bitonic sort: m(m+1)/2 launches of a small kernel over 2^m keys (launch-bound). */
#include "bench.h"
#include <stdio.h>
#include <stdlib.h>

struct sort { cl_kernel k; cl_mem data; const cl_uint *input; cl_uint n; };

static cl_int sort_reset(struct bench *b, void *state) {
  struct sort *s = state;
  return clEnqueueWriteBuffer(b->queue, s->data, CL_FALSE, 0, s->n * sizeof(cl_uint), s->input, 0, NULL, NULL);
}

static cl_int sort_step(struct bench *b, void *state, cl_event *ev, int *nev) {
  struct sort *s = state;
  struct bench_launch l = { s->k, 1, { s->n / 2 }, { 0 } };
  cl_int err = CL_SUCCESS;
  /* Arguments are captured at enqueue time (OpenCL 3.0 s5.9.2), so one kernel object serves all. */
  for (cl_uint k = 2; k <= s->n && err == CL_SUCCESS; k <<= 1)
    for (cl_uint j = k / 2; j > 0 && err == CL_SUCCESS; j >>= 1) {
      err = clSetKernelArg(s->k, 1, sizeof j, &j);
      if (err == CL_SUCCESS) err = clSetKernelArg(s->k, 2, sizeof k, &k);
      if (err == CL_SUCCESS) err = bench_enqueue(b, &l, ev, nev);
    }
  return err;
}

static int cmp_uint(const void *a, const void *b) {
  cl_uint x = *(const cl_uint *)a, y = *(const cl_uint *)b;
  return (x > y) - (x < y);
}

int bench_run_bitonic(struct bench *b, struct bench_result *r) {
  struct bench_objs o = { 0 };
  const unsigned m = (unsigned)bench_pick(b, 10, 13, 16);
  struct sort s = { NULL, NULL, NULL, 1u << m };
  snprintf(r->detail, sizeof r->detail, "n=%u, %u launches", s.n, m * (m + 1) / 2);
  r->work = s.n;
  cl_uint *in = bench_host(&o, r, s.n * sizeof *in), *out = bench_host(&o, r, s.n * sizeof *out);
  if (!in || !out) goto done;
  uint32_t seed = 10;
  for (cl_uint i = 0; i < s.n; i++) in[i] = bench_rand(&seed) % (4 * s.n); /* some duplicates */
  s.input = in;
  if (!(o.prog[0] = bench_program(b, r, "bitonic.cl", "")) ||
      !(s.k = o.kern[0] = bench_kernel(r, o.prog[0], "bitonic_step")) ||
      !(s.data = bench_buf(b, &o, r, CL_MEM_READ_WRITE, s.n * sizeof *in, in)) ||
      !bench_args(r, s.k, sizeof s.data, &s.data, (size_t)0) ||
      bench_time(b, r, sort_step, sort_reset, &s) != CL_SUCCESS ||
      !bench_read(b, r, s.data, s.n * sizeof *out, out))
    goto done;
  qsort(in, s.n, sizeof *in, cmp_uint);
  for (cl_uint i = 0; i < s.n; i++)
    if (out[i] != in[i]) { bench_fail(r, "out[%u] = %u, expected %u", i, out[i], in[i]); goto done; }
  r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}
