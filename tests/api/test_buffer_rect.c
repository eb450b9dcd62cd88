/* test_buffer_rect - clEnqueueRead/Write/CopyBufferRect (OpenCL 3.0 section 5.2.2): random
 * 3-D rectangles with explicit and default pitches checked against a CPU reference, and every
 * region/pitch rule, including CL_MEM_COPY_OVERLAP for rectangles that share bytes (and no error
 * for rectangles whose byte ranges interleave without sharing any). */
#include <stdint.h>
#include "testlib.h"

#define BUF 8192

static unsigned seed = 12345;
static size_t rnd(size_t n) {
  seed = seed * 1103515245u + 12345u;
  return n ? (seed >> 8) % n : 0;
}

/* The spec's addressing, byte by byte. */
static void ref_rect(unsigned char *dst, const size_t dorg[3], size_t drow, size_t dslice, const unsigned char *src,
                     const size_t sorg[3], size_t srow, size_t sslice, const size_t region[3]) {
  for (size_t z = 0; z < region[2]; z++)
    for (size_t y = 0; y < region[1]; y++)
      for (size_t x = 0; x < region[0]; x++)
        dst[(dorg[2] + z) * dslice + (dorg[1] + y) * drow + dorg[0] + x] =
            src[(sorg[2] + z) * sslice + (sorg[1] + y) * srow + sorg[0] + x];
}

/* A random rectangle that fits in BUF bytes: region, origin and pitches (0 = default). */
static void random_rect(size_t region[3], size_t org[3], size_t *row, size_t *slice, int use_default) {
  region[0] = 1 + rnd(16);
  region[1] = 1 + rnd(6);
  region[2] = 1 + rnd(4);
  size_t r = region[0] + rnd(8), s = r * (region[1] + rnd(3));
  org[0] = rnd(r - region[0] + 1);
  org[1] = rnd(3);
  org[2] = rnd(2);
  while ((org[2] + region[2]) * s > BUF) org[2] = 0, region[2] = 1;
  *row = use_default ? 0 : r;
  *slice = use_default ? 0 : s;
  if (use_default) { org[0] = 0; }
}

int main(void) {
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();
  cl_int err;
  static unsigned char dev_ref[BUF], host[BUF], host_ref[BUF], out[BUF];
  for (int i = 0; i < BUF; i++) dev_ref[i] = (unsigned char)(i * 31 + 7);
  cl_mem b = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, BUF, dev_ref, &err);
  cl_mem c = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, BUF, dev_ref, &err);
  static unsigned char c_ref[BUF];
  memcpy(c_ref, dev_ref, BUF);
  CHECK_OK(err);

  int bad = 0;
  for (int iter = 0; iter < 200; iter++) {
    int def = iter % 5 == 0;
    size_t region[3], borg[3], horg[3], brow, bslice, hrow, hslice;
    random_rect(region, borg, &brow, &bslice, def);
    size_t r2[3];
    random_rect(r2, horg, &hrow, &hslice, iter % 7 == 0);
    /* the host side uses the same region with its own pitches */
    if (hrow && hrow < region[0]) hrow = region[0];
    if (hslice && hslice < region[1] * (hrow ? hrow : region[0])) hslice = region[1] * (hrow ? hrow : region[0]);
    if (hrow == 0) horg[0] = 0;
    size_t br = brow ? brow : region[0], bs = bslice ? bslice : region[1] * br;
    size_t hr = hrow ? hrow : region[0], hs = hslice ? hslice : region[1] * hr;
    if (hs % hr) hs = hr * (hs / hr + 1), hslice = hslice ? hs : 0;
    if (borg[0] + region[0] + (borg[1] + region[1] - 1) * br + (borg[2] + region[2] - 1) * bs > BUF) continue;
    if (horg[0] + region[0] + (horg[1] + region[1] - 1) * hr + (horg[2] + region[2] - 1) * hs > BUF) continue;
    switch (iter % 3) {
    case 0: /* write */
      for (int i = 0; i < BUF; i++) host[i] = (unsigned char)rnd(256);
      if (clEnqueueWriteBufferRect(q, b, CL_TRUE, borg, horg, region, brow, bslice, hrow, hslice, host, 0, NULL, NULL))
        bad++;
      ref_rect(dev_ref, borg, br, bs, host, horg, hr, hs, region);
      break;
    case 1: /* read */
      memset(host, 0, BUF);
      memset(host_ref, 0, BUF);
      if (clEnqueueReadBufferRect(q, b, CL_FALSE, borg, horg, region, brow, bslice, hrow, hslice, host, 0, NULL, NULL))
        bad++;
      clFinish(q);
      ref_rect(host_ref, horg, hr, hs, dev_ref, borg, br, bs, region);
      if (memcmp(host, host_ref, BUF)) bad++;
      break;
    case 2: /* copy b -> c */
      if (clEnqueueCopyBufferRect(q, b, c, borg, horg, region, brow, bslice, hrow, hslice, 0, NULL, NULL)) bad++;
      ref_rect(c_ref, horg, hr, hs, dev_ref, borg, br, bs, region);
      break;
    }
  }
  CHECK(bad == 0);
  CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 0, BUF, out, 0, NULL, NULL));
  CHECK(!memcmp(out, dev_ref, BUF));
  CHECK_OK(clEnqueueReadBuffer(q, c, CL_TRUE, 0, BUF, out, 0, NULL, NULL));
  CHECK(!memcmp(out, c_ref, BUF));

  /* Copy within one buffer: column halves of rows interleave in memory but share no byte. */
  size_t o0[3] = {0, 0, 0}, o8[3] = {8, 0, 0}, reg[3] = {8, 4, 2};
  CHECK_OK(clEnqueueCopyBufferRect(q, b, b, o0, o8, reg, 16, 64, 16, 64, 0, NULL, NULL));
  ref_rect(dev_ref, o8, 16, 64, dev_ref, o0, 16, 64, reg);
  CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 0, BUF, out, 0, NULL, NULL));
  CHECK(!memcmp(out, dev_ref, BUF));
  size_t o4[3] = {4, 0, 0}, oy[3] = {0, 3, 0}, oz[3] = {0, 0, 1};
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, b, o0, o4, reg, 16, 64, 16, 64, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, b, o0, oy, reg, 16, 64, 16, 64, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, b, o0, oz, reg, 16, 64, 16, 64, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  size_t o_after[3] = {0, 4, 0}; /* rows 4..7 of each slice: between the source's rows, no overlap */
  CHECK_OK(clEnqueueCopyBufferRect(q, b, b, o0, o_after, reg, 16, 128, 16, 128, 0, NULL, NULL));
  /* Sub-buffers of one parent overlapping through their rectangles. */
  cl_buffer_region r1 = {0, 1024}, r2 = {128, 1024};
  cl_mem s1 = clCreateSubBuffer(b, 0, CL_BUFFER_CREATE_TYPE_REGION, &r1, &err);
  cl_mem s2 = clCreateSubBuffer(b, 0, CL_BUFFER_CREATE_TYPE_REGION, &r2, &err);
  CHECK_ERR(clEnqueueCopyBufferRect(q, s1, s2, o0, o0, reg, 64, 512, 64, 512, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  CHECK_OK(clEnqueueCopyBufferRect(q, s1, s2, o0, o0, reg, 16, 256, 16, 256, 0, NULL, NULL));
  clReleaseMemObject(s1); clReleaseMemObject(s2);

  /* ---- argument rules ---- */
  size_t zero[3] = {0, 1, 1}, one[3] = {4, 4, 1};
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, zero, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, NULL, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, NULL, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, one, 0, 0, 0, 0, NULL, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, one, 3, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, one, 0, 0, 2, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, one, 8, 16, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, one, 8, 36, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, one, 0, 0, 8, 20, out, 0, NULL, NULL), CL_INVALID_VALUE);
  size_t far[3] = {0, 0, 600};
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, far, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  size_t edge[3] = {BUF - 16, 0, 0}, row16[3] = {16, 1, 1}, row17[3] = {17, 1, 1};
  CHECK_OK(clEnqueueReadBufferRect(q, b, CL_TRUE, edge, o0, row16, 0, 0, 0, 0, out, 0, NULL, NULL));
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, edge, o0, row17, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueWriteBufferRect(q, b, CL_TRUE, far, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  /* Origins, regions and pitches whose byte offsets do not fit in a size_t are out of bounds; they
   * must not wrap around into the buffer (and then read or write far outside it). */
  size_t wrap_y[3] = {0, SIZE_MAX / 2, 0}, wrap_z[3] = {0, 0, SIZE_MAX / 64}, wrap_x[3] = {SIZE_MAX - 2, 0, 0};
  size_t huge_region[3] = {4, SIZE_MAX / 2, 2};
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, wrap_y, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, wrap_z, o0, one, 16, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueWriteBufferRect(q, b, CL_TRUE, wrap_x, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBufferRect(q, b, CL_TRUE, o0, o0, huge_region, 0, 0, 0, 0, out, 0, NULL, NULL),
            CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, c, wrap_y, o0, one, 0, 0, 0, 0, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, c, o0, wrap_z, one, 0, 0, 16, 0, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueWriteBufferRect(NULL, b, CL_TRUE, o0, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL),
            CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clEnqueueWriteBufferRect(q, NULL, CL_TRUE, o0, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL),
            CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, c, o0, far, one, 0, 0, 0, 0, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, c, o0, o0, zero, 0, 0, 0, 0, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, c, o0, o0, one, 2, 0, 0, 0, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBufferRect(q, b, b, o0, o8, one, 16, 64, 32, 128, 0, NULL, NULL), CL_INVALID_VALUE);
  cl_mem hw = clCreateBuffer(ctx, CL_MEM_HOST_WRITE_ONLY, 256, NULL, &err);
  CHECK_ERR(clEnqueueReadBufferRect(q, hw, CL_TRUE, o0, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL), CL_INVALID_OPERATION);
  CHECK_OK(clEnqueueWriteBufferRect(q, hw, CL_TRUE, o0, o0, one, 0, 0, 0, 0, out, 0, NULL, NULL));
  clReleaseMemObject(hw);

  clReleaseMemObject(b);
  clReleaseMemObject(c);
  return vt_finish();
}
