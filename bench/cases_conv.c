/* cases_conv.c - 2D convolution: 5x5 filter in __constant memory, 16x16 tiles with halo in __local. */
#include "bench.h"
#include <stdio.h>

#define R 2 /* must match kernels/conv2d.cl */
#define F (2 * R + 1)

int bench_run_conv2d(struct bench *b, struct bench_result *r) {
  struct bench_objs o = { 0 };
  const cl_uint w = (cl_uint)bench_pick(b, 32, 256, 1024), h = w;
  const size_t bytes = (size_t)w * h * sizeof(float);
  snprintf(r->detail, sizeof r->detail, "%ux%u, %dx%d filter", w, h, F, F);
  r->work = (double)w * h;
  r->compute_bound = 1;
  float *in = bench_host(&o, r, bytes), *out = bench_host(&o, r, bytes);
  float *ref = bench_host(&o, r, bytes), filter[F * F];
  struct bench_launch l = { NULL, 2, { w, h }, { 16, 16 } };
  if (!in || !out || !ref) goto done;
  bench_fill_floats(in, (size_t)w * h, 5, 0, 1);
  bench_fill_floats(filter, F * F, 6, -0.5f, 0.5f);
  if (!(o.prog[0] = bench_program(b, r, "conv2d.cl", "")) ||
      !(l.kernel = o.kern[0] = bench_kernel(r, o.prog[0], "conv2d")))
    goto done;
  cl_mem bin = bench_buf(b, &o, r, CL_MEM_READ_ONLY, bytes, in);
  cl_mem bf = bench_buf(b, &o, r, CL_MEM_READ_ONLY, sizeof filter, filter);
  cl_mem bout = bench_buf(b, &o, r, CL_MEM_WRITE_ONLY, bytes, NULL);
  if (!bin || !bf || !bout ||
      !bench_args(r, l.kernel, sizeof bin, &bin, sizeof bf, &bf, sizeof bout, &bout, sizeof w, &w,
                  sizeof h, &h, (size_t)0) ||
      bench_time(b, r, bench_step_launch, NULL, &l) != CL_SUCCESS || !bench_read(b, r, bout, bytes, out))
    goto done;
  for (int y = 0; y < (int)h; y++)
    for (int x = 0; x < (int)w; x++) {
      float acc = 0;
      for (int fy = 0; fy < F; fy++)
        for (int fx = 0; fx < F; fx++) {
          int sx = x + fx - R, sy = y + fy - R;
          if (sx >= 0 && sy >= 0 && sx < (int)w && sy < (int)h) acc += filter[fy * F + fx] * in[sy * w + sx];
        }
      ref[y * w + x] = acc;
    }
  long bad = bench_compare_floats(out, ref, (size_t)w * h, 1e-5f);
  if (bad >= 0) bench_fail(r, "out[%ld] = %g, expected %g", bad, out[bad], ref[bad]);
  else r->valid = 1;
done:
  bench_release(&o);
  return r->valid;
}
