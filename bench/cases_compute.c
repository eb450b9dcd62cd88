/* cases_compute.c - compute-bound kernels: Mandelbrot (divergent loop) and an integer hash loop. */
#include "bench.h"
#include <stdio.h>

int bench_run_mandelbrot(struct bench *b, struct bench_result *r) {
  struct bench_objs o = { 0 };
  const cl_uint w = (cl_uint)bench_pick(b, 32, 128, 512), h = w, max_iter = 128;
  const size_t bytes = (size_t)w * h * sizeof(cl_uint);
  snprintf(r->detail, sizeof r->detail, "%ux%u, %u iterations max", w, h, max_iter);
  r->work = (double)w * h;
  r->compute_bound = 1;
  cl_uint *out = bench_host(&o, r, bytes);
  struct bench_launch l = { NULL, 2, { w, h }, { 16, 16 } };
  if (!out || !(o.prog[0] = bench_program(b, r, "mandelbrot.cl", "")) ||
      !(l.kernel = o.kern[0] = bench_kernel(r, o.prog[0], "mandelbrot")))
    goto done;
  cl_mem bout = bench_buf(b, &o, r, CL_MEM_WRITE_ONLY, bytes, NULL);
  if (!bout ||
      !bench_args(r, l.kernel, sizeof bout, &bout, sizeof w, &w, sizeof h, &h, sizeof max_iter,
                  &max_iter, (size_t)0) ||
      bench_time(b, r, bench_step_launch, NULL, &l) != CL_SUCCESS || !bench_read(b, r, bout, bytes, out))
    goto done;
  /* Points near the set's boundary are chaotic: a contracted multiply-add (allowed by OpenCL C,
   * section 6.13.2 FP_CONTRACT) can change their count.  Accept 1% of pixels differing. */
  size_t differ = 0, first = 0;
  for (cl_uint py = 0; py < h; py++)
    for (cl_uint px = 0; px < w; px++) {
      float cr = -2.0f + 2.5f * (float)px / (float)w, ci = -1.25f + 2.5f * (float)py / (float)h;
      float zr = 0, zi = 0;
      cl_uint it = 0;
      while (it < max_iter && zr * zr + zi * zi <= 4.0f) {
        float t = zr * zr - zi * zi + cr;
        zi = 2.0f * zr * zi + ci;
        zr = t;
        it++;
      }
      if (out[py * w + px] != it && differ++ == 0) first = py * w + px;
      if (out[py * w + px] > max_iter) differ += w * h; /* impossible value: always a failure */
    }
  if (differ * 100 > (size_t)w * h)
    bench_fail(r, "%zu of %u pixels differ (first at %zu: %u)", differ, w * h, first, out[first]);
  else r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}

int bench_run_hash(struct bench *b, struct bench_result *r) {
  struct bench_objs o = { 0 };
  const cl_uint n = (cl_uint)bench_pick(b, 1024, 1 << 14, 1 << 18), rounds = 64;
  snprintf(r->detail, sizeof r->detail, "n=%u, %u rounds", n, rounds);
  r->work = n;
  r->compute_bound = 1;
  cl_uint *out = bench_host(&o, r, n * sizeof *out);
  struct bench_launch l = { NULL, 1, { n }, { 256 } };
  if (!out || !(o.prog[0] = bench_program(b, r, "hash.cl", "")) ||
      !(l.kernel = o.kern[0] = bench_kernel(r, o.prog[0], "hash_loop")))
    goto done;
  cl_mem bout = bench_buf(b, &o, r, CL_MEM_WRITE_ONLY, n * sizeof *out, NULL);
  if (!bout || !bench_args(r, l.kernel, sizeof bout, &bout, sizeof rounds, &rounds, (size_t)0) ||
      bench_time(b, r, bench_step_launch, NULL, &l) != CL_SUCCESS ||
      !bench_read(b, r, bout, n * sizeof *out, out))
    goto done;
  for (cl_uint i = 0; i < n; i++) {
    uint32_t h = i;
    for (cl_uint k = 0; k < rounds; k++) {
      h ^= h >> 16, h *= 0x85ebca6bu, h ^= h >> 13, h *= 0xc2b2ae35u, h ^= h >> 16, h += k;
    }
    if (out[i] != h) { bench_fail(r, "out[%u] = %#x, expected %#x", i, out[i], h); goto done; }
  }
  r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}
