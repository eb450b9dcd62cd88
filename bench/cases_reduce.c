/* cases_reduce.c - the cooperative kernels: reduction, histogram (local + global atomics) and an
 * exclusive prefix scan.  Each uses __local memory and barriers; the histogram and the scan need
 * several launches or a reset between repetitions. */
#include "bench.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define LSZ 256 /* work-group size of all three; kernels need a power of two */

/* A step of several launches in order (the in-order queue orders them). */
struct multi { struct bench_launch l[3]; int n; };
static cl_int step_multi(struct bench *b, void *state, cl_event *ev, int *nev) {
  struct multi *m = state;
  cl_int err = CL_SUCCESS;
  for (int i = 0; i < m->n && err == CL_SUCCESS; i++) err = bench_enqueue(b, &m->l[i], ev, nev);
  return err;
}

int bench_run_reduce(struct bench *b, struct bench_result *r) {
  struct bench_objs o = { 0 };
  const cl_uint n = (cl_uint)bench_pick(b, 4096, 1 << 16, 1 << 18); /* groups <= 2 * LSZ */
  const cl_uint groups = (n + 2 * LSZ - 1) / (2 * LSZ);
  snprintf(r->detail, sizeof r->detail, "n=%u, 2 launches", n);
  r->work = n;
  float *in = bench_host(&o, r, n * sizeof *in), sum = 0;
  struct multi m = { { { NULL, 1, { (size_t)groups * LSZ }, { LSZ } }, { NULL, 1, { LSZ }, { LSZ } } }, 2 };
  if (!in) goto done;
  bench_fill_floats(in, n, 7, 0, 1);
  if (!(o.prog[0] = bench_program(b, r, "reduce.cl", "")) ||
      !(m.l[0].kernel = o.kern[0] = bench_kernel(r, o.prog[0], "reduce_sum")) ||
      !(m.l[1].kernel = o.kern[1] = bench_kernel(r, o.prog[0], "reduce_sum")))
    goto done;
  cl_mem bin = bench_buf(b, &o, r, CL_MEM_READ_ONLY, n * sizeof *in, in);
  cl_mem bpart = bench_buf(b, &o, r, CL_MEM_READ_WRITE, groups * sizeof(float), NULL);
  cl_mem bsum = bench_buf(b, &o, r, CL_MEM_WRITE_ONLY, sizeof(float), NULL);
  if (!bin || !bpart || !bsum ||
      !bench_args(r, m.l[0].kernel, sizeof bin, &bin, sizeof bpart, &bpart, sizeof n, &n,
                  (size_t)LSZ * sizeof(float), NULL, (size_t)0) ||
      !bench_args(r, m.l[1].kernel, sizeof bpart, &bpart, sizeof bsum, &bsum, sizeof groups, &groups,
                  (size_t)LSZ * sizeof(float), NULL, (size_t)0) ||
      bench_time(b, r, step_multi, NULL, &m) != CL_SUCCESS || !bench_read(b, r, bsum, sizeof sum, &sum))
    goto done;
  double ref = 0;
  for (cl_uint i = 0; i < n; i++) ref += in[i];
  if (!(fabs(sum - ref) <= 1e-5 * ref)) bench_fail(r, "sum = %.9g, expected %.9g", sum, ref);
  else r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}

struct histo { struct bench_launch l; cl_mem bins; const cl_uint *zeros; };
static cl_int histo_reset(struct bench *b, void *state) {
  struct histo *h = state;
  return clEnqueueWriteBuffer(b->queue, h->bins, CL_FALSE, 0, 256 * sizeof(cl_uint), h->zeros, 0, NULL, NULL);
}
static cl_int histo_step(struct bench *b, void *state, cl_event *ev, int *nev) {
  return bench_enqueue(b, &((struct histo *)state)->l, ev, nev);
}

int bench_run_histogram(struct bench *b, struct bench_result *r) {
  struct bench_objs o = { 0 };
  const cl_uint n = (cl_uint)bench_pick(b, 4096, 1 << 16, 1 << 20);
  const size_t items = n < 64 * LSZ ? n : 64 * LSZ; /* 64 groups, each item strides the input */
  snprintf(r->detail, sizeof r->detail, "n=%u bytes, 256 bins, %zu groups", n, items / LSZ);
  r->work = n;
  cl_uchar *data = bench_host(&o, r, n);
  cl_uint bins[256], ref[256] = { 0 }, zeros[256] = { 0 };
  struct histo hs = { { NULL, 1, { items }, { LSZ } }, NULL, zeros };
  if (!data) goto done;
  uint32_t seed = 8;
  /* A quarter of the bytes are 0: contention on one bin, as in real image data (black pixels). */
  for (cl_uint i = 0; i < n; i++) data[i] = (bench_rand(&seed) & 3) ? (cl_uchar)(seed >> 24) : 0;
  if (!(o.prog[0] = bench_program(b, r, "histogram.cl", "")) ||
      !(hs.l.kernel = o.kern[0] = bench_kernel(r, o.prog[0], "histogram")))
    goto done;
  cl_mem bdata = bench_buf(b, &o, r, CL_MEM_READ_ONLY, n, data);
  hs.bins = bench_buf(b, &o, r, CL_MEM_READ_WRITE, sizeof bins, zeros);
  if (!bdata || !hs.bins ||
      !bench_args(r, hs.l.kernel, sizeof bdata, &bdata, sizeof n, &n, sizeof hs.bins, &hs.bins, (size_t)0) ||
      bench_time(b, r, histo_step, histo_reset, &hs) != CL_SUCCESS ||
      !bench_read(b, r, hs.bins, sizeof bins, bins))
    goto done;
  for (cl_uint i = 0; i < n; i++) ref[data[i]]++;
  for (int k = 0; k < 256; k++)
    if (bins[k] != ref[k]) { bench_fail(r, "bin %d = %u, expected %u", k, bins[k], ref[k]); goto done; }
  r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}

int bench_run_scan(struct bench *b, struct bench_result *r) {
  struct bench_objs o = { 0 };
  const cl_uint n = (cl_uint)bench_pick(b, 4096, 1 << 16, 1 << 18); /* blocks <= 2 * LSZ */
  const cl_uint blocks = (n + 2 * LSZ - 1) / (2 * LSZ);
  snprintf(r->detail, sizeof r->detail, "n=%u, 3 launches", n);
  r->work = n;
  cl_uint *in = bench_host(&o, r, n * sizeof *in), *out = bench_host(&o, r, n * sizeof *out);
  struct multi m = { { { NULL, 1, { (size_t)blocks * LSZ }, { LSZ } }, { NULL, 1, { LSZ }, { LSZ } },
                       { NULL, 1, { (n + LSZ - 1) / LSZ * LSZ }, { LSZ } } }, 3 };
  if (!in || !out) goto done;
  uint32_t seed = 9;
  for (cl_uint i = 0; i < n; i++) in[i] = bench_rand(&seed) & 15;
  if (!(o.prog[0] = bench_program(b, r, "scan.cl", "")) ||
      !(m.l[0].kernel = o.kern[0] = bench_kernel(r, o.prog[0], "scan_blocks")) ||
      !(m.l[1].kernel = o.kern[1] = bench_kernel(r, o.prog[0], "scan_blocks")) ||
      !(m.l[2].kernel = o.kern[2] = bench_kernel(r, o.prog[0], "scan_add")))
    goto done;
  cl_mem bin = bench_buf(b, &o, r, CL_MEM_READ_ONLY, n * sizeof *in, in);
  cl_mem bout = bench_buf(b, &o, r, CL_MEM_READ_WRITE, n * sizeof *out, NULL);
  cl_mem bsums = bench_buf(b, &o, r, CL_MEM_READ_WRITE, blocks * sizeof(cl_uint), NULL);
  cl_mem bprefix = bench_buf(b, &o, r, CL_MEM_READ_WRITE, blocks * sizeof(cl_uint), NULL);
  cl_mem btotal = bench_buf(b, &o, r, CL_MEM_READ_WRITE, sizeof(cl_uint), NULL);
  const size_t tmp = 2 * LSZ * sizeof(cl_uint);
  if (!bin || !bout || !bsums || !bprefix || !btotal ||
      !bench_args(r, m.l[0].kernel, sizeof bin, &bin, sizeof bout, &bout, sizeof bsums, &bsums,
                  sizeof n, &n, tmp, NULL, (size_t)0) ||
      !bench_args(r, m.l[1].kernel, sizeof bsums, &bsums, sizeof bprefix, &bprefix, sizeof btotal,
                  &btotal, sizeof blocks, &blocks, tmp, NULL, (size_t)0) ||
      !bench_args(r, m.l[2].kernel, sizeof bout, &bout, sizeof bprefix, &bprefix, sizeof n, &n, (size_t)0) ||
      bench_time(b, r, step_multi, NULL, &m) != CL_SUCCESS || !bench_read(b, r, bout, n * sizeof *out, out))
    goto done;
  cl_uint acc = 0;
  for (cl_uint i = 0; i < n; acc += in[i], i++)
    if (out[i] != acc) { bench_fail(r, "out[%u] = %u, expected %u", i, out[i], acc); goto done; }
  r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}
