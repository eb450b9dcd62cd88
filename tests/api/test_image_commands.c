/* test_image_commands.c - image commands (OpenCL 3.0 s5.3.3-5.3.6): read, write, copy between
 * images and to and from buffers, fill and map, for every image type, with origins, regions and
 * host pitches, checked texel by texel against a CPU model of the image (an array of texels
 * indexed by x, y and z, written and copied the same way); the fill colour against s8.3's
 * conversion rules computed here; every argument error; non-blocking commands on an
 * out-of-order queue ordered by events. */
#include <math.h>
#include <stdint.h>
#include "testlib.h"

static cl_context ctx;
static cl_device_id dev;
static cl_command_queue q;

static uint32_t rng = 12345;
static uint8_t rnd(void) { rng = rng * 1103515245u + 12345u; return (uint8_t)(rng >> 16); }

struct shape { cl_mem_object_type type; size_t w, h, d; }; /* d: depth or layers; h: layers of a 1D array */

static cl_mem make(struct shape s, cl_channel_order o, cl_channel_type t, cl_mem_flags flags, void *host,
                   size_t row, size_t slice) {
  cl_image_format f = {o, t};
  cl_image_desc d = {0};
  d.image_type = s.type;
  d.image_width = s.w;
  if (s.type == CL_MEM_OBJECT_IMAGE1D_ARRAY) d.image_array_size = s.h;
  else d.image_height = s.h;
  if (s.type == CL_MEM_OBJECT_IMAGE3D) d.image_depth = s.d;
  if (s.type == CL_MEM_OBJECT_IMAGE2D_ARRAY) d.image_array_size = s.d;
  d.image_row_pitch = row;
  d.image_slice_pitch = slice;
  cl_int err;
  cl_mem m = clCreateImage(ctx, flags, &f, &d, host, &err);
  CHECK_OK(err);
  return m;
}

/* Writes the whole image from a random model (elem bytes per texel, tightly packed), reads back a
 * region into host memory with pitches larger than needed, and checks every texel of it and that
 * the padding is untouched. */
static void read_write_region(struct shape s, size_t elem, cl_channel_order o, cl_channel_type t) {
  size_t n = s.w * s.h * s.d * elem;
  uint8_t *model = malloc(n);
  for (size_t i = 0; i < n; i++) model[i] = rnd();
  cl_mem m = make(s, o, t, CL_MEM_READ_WRITE, NULL, 0, 0);
  size_t zero[3] = {0, 0, 0}, all[3] = {s.w, s.h, s.d};
  CHECK_OK(clEnqueueWriteImage(q, m, CL_TRUE, zero, all, 0, 0, model, 0, NULL, NULL));
  size_t org[3] = {s.w / 3, s.h / 2, s.d / 2};
  size_t reg[3] = {s.w - org[0], s.h - org[1], s.d - org[2]};
  size_t row = reg[0] * elem + 3 * elem, slice = row * reg[1] + 5 * row;
  int is1da = s.type == CL_MEM_OBJECT_IMAGE1D_ARRAY;
  /* a 1D array's layers are slice_pitch apart in host memory (s5.3.3) */
  size_t ystride = is1da ? slice : row, zstride = is1da ? slice * reg[1] : slice;
  size_t hsize = zstride * reg[2];
  uint8_t *out = malloc(hsize);
  memset(out, 0xa5, hsize);
  int twod = s.type == CL_MEM_OBJECT_IMAGE2D || is1da;
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, org, reg, row, twod && !is1da ? 0 : slice, out, 0, NULL, NULL));
  int ok = 1, pad = 1;
  for (size_t z = 0; z < reg[2]; z++)
    for (size_t y = 0; y < reg[1]; y++) {
      const uint8_t *got = out + z * zstride + y * ystride;
      const uint8_t *want = model + (((org[2] + z) * s.h + org[1] + y) * s.w + org[0]) * elem;
      ok &= memcmp(got, want, reg[0] * elem) == 0;
      pad &= got[reg[0] * elem] == 0xa5;
    }
  CHECK(ok);
  CHECK(pad);
  /* write a sub-region from pitched host memory, read everything back, compare with the model */
  for (size_t z = 0; z < reg[2]; z++)
    for (size_t y = 0; y < reg[1]; y++)
      for (size_t x = 0; x < reg[0] * elem; x++) {
        uint8_t v = rnd();
        out[z * zstride + y * ystride + x] = v;
        model[((org[2] + z) * s.h + org[1] + y) * s.w * elem + org[0] * elem + x] = v;
      }
  CHECK_OK(clEnqueueWriteImage(q, m, CL_FALSE, org, reg, row, twod && !is1da ? 0 : slice, out, 0, NULL, NULL));
  uint8_t *back = malloc(n);
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, zero, all, 0, 0, back, 0, NULL, NULL));
  CHECK(memcmp(back, model, n) == 0);
  free(back);
  free(out);
  free(model);
  CHECK_OK(clReleaseMemObject(m));
}

static void test_read_write(void) {
  read_write_region((struct shape){CL_MEM_OBJECT_IMAGE1D, 37, 1, 1}, 4, CL_RGBA, CL_UNORM_INT8);
  read_write_region((struct shape){CL_MEM_OBJECT_IMAGE1D_ARRAY, 19, 6, 1}, 8, CL_RGBA, CL_HALF_FLOAT);
  read_write_region((struct shape){CL_MEM_OBJECT_IMAGE2D, 23, 17, 1}, 16, CL_RGBA, CL_FLOAT);
  read_write_region((struct shape){CL_MEM_OBJECT_IMAGE2D_ARRAY, 9, 7, 5}, 2, CL_RG, CL_UNSIGNED_INT8);
  read_write_region((struct shape){CL_MEM_OBJECT_IMAGE3D, 11, 6, 7}, 1, CL_R, CL_SNORM_INT8);
}

/* CL_MEM_USE_HOST_PTR with pitches: the image's texels are the application's, seen after a map or
 * a read, and a write through the image shows in the application's memory after a map. */
static void test_use_host_ptr(void) {
  const size_t w = 5, h = 4, d = 3, row = 32, slice = 160;
  uint8_t *host = calloc(slice * d, 1);
  for (size_t i = 0; i < slice * d; i++) host[i] = (uint8_t)i;
  cl_mem m = make((struct shape){CL_MEM_OBJECT_IMAGE3D, w, h, d}, CL_RGBA, CL_UNSIGNED_INT8,
                  CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR, host, row, slice);
  size_t org[3] = {1, 1, 1}, reg[3] = {3, 2, 2};
  uint8_t out[3 * 2 * 2 * 4];
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, org, reg, 0, 0, out, 0, NULL, NULL));
  int ok = 1;
  for (size_t z = 0; z < 2; z++)
    for (size_t y = 0; y < 2; y++)
      ok &= memcmp(out + (z * 2 + y) * 12, host + (1 + z) * slice + (1 + y) * row + 4, 12) == 0;
  CHECK(ok);
  uint32_t v = 0x11223344;
  size_t o1[3] = {4, 3, 2}, one[3] = {1, 1, 1};
  CHECK_OK(clEnqueueWriteImage(q, m, CL_TRUE, o1, one, 0, 0, &v, 0, NULL, NULL));
  size_t rp = 0, sp = 0;
  cl_int err;
  uint8_t *p = clEnqueueMapImage(q, m, CL_TRUE, CL_MAP_READ, o1, one, &rp, &sp, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(p == host + 2 * slice + 3 * row + 16); /* the application's memory itself */
  CHECK(rp == row && sp == slice);
  uint32_t seen;
  memcpy(&seen, host + 2 * slice + 3 * row + 16, 4);
  CHECK(seen == 0x11223344);
  CHECK_OK(clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL));
  CHECK_OK(clFinish(q));
  CHECK_OK(clReleaseMemObject(m));
  free(host);
}

/* Map for writing, write texels through the pointer with the returned pitches, unmap, read back. */
static void test_map(void) {
  const size_t w = 6, h = 5, layers = 3;
  cl_mem m = make((struct shape){CL_MEM_OBJECT_IMAGE2D_ARRAY, w, h, layers}, CL_R, CL_UNSIGNED_INT16,
                  CL_MEM_READ_WRITE, NULL, 0, 0);
  size_t org[3] = {2, 1, 1}, reg[3] = {3, 3, 2}, rp = 0, sp = 0;
  cl_int err;
  CHECK(clEnqueueMapImage(q, m, CL_TRUE, CL_MAP_WRITE, org, reg, &rp, NULL, 0, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE); /* an array needs image_slice_pitch */
  uint8_t *p = clEnqueueMapImage(q, m, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, org, reg, &rp, &sp, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(rp >= w * 2 && sp >= rp * h);
  cl_uint count = 0;
  CHECK_OK(clGetMemObjectInfo(m, CL_MEM_MAP_COUNT, sizeof count, &count, NULL));
  CHECK(count == 1);
  for (size_t z = 0; z < 2; z++)
    for (size_t y = 0; y < 3; y++)
      for (size_t x = 0; x < 3; x++) {
        uint16_t v = (uint16_t)(1000 * z + 100 * y + x);
        memcpy(p + z * sp + y * rp + x * 2, &v, 2);
      }
  CHECK_OK(clEnqueueUnmapMemObject(q, m, p, 0, NULL, NULL));
  uint16_t out[18];
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, org, reg, 0, 0, out, 0, NULL, NULL));
  int ok = 1;
  for (size_t i = 0; i < 18; i++) ok &= out[i] == 1000 * (i / 9) + 100 * (i / 3 % 3) + i % 3;
  CHECK(ok);
  CHECK_OK(clReleaseMemObject(m));
}

/* Copies image to image (across types: a 2D image into a slice of a 3D one), image to buffer and
 * buffer to image, against a CPU copy. */
static void test_copies(void) {
  const size_t w = 10, h = 8, d = 4;
  uint32_t src[10 * 8], vol[10 * 8 * 4];
  for (size_t i = 0; i < w * h; i++) src[i] = 0x9e3779b9u * (uint32_t)(i + 1);
  for (size_t i = 0; i < w * h * d; i++) vol[i] = (uint32_t)i;
  cl_mem a = make((struct shape){CL_MEM_OBJECT_IMAGE2D, w, h, 1}, CL_RGBA, CL_SIGNED_INT8,
                  CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, src, 0, 0);
  cl_mem b = make((struct shape){CL_MEM_OBJECT_IMAGE3D, w, h, d}, CL_RGBA, CL_SIGNED_INT8,
                  CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, vol, 0, 0);
  size_t so[3] = {1, 2, 0}, dst_o[3] = {4, 0, 2}, reg[3] = {5, 6, 1};
  CHECK_OK(clEnqueueCopyImage(q, a, b, so, dst_o, reg, 0, NULL, NULL));
  for (size_t y = 0; y < 6; y++)
    for (size_t x = 0; x < 5; x++) vol[(2 * h + y) * w + 4 + x] = src[(2 + y) * w + 1 + x];
  uint32_t got[10 * 8 * 4];
  size_t zero[3] = {0, 0, 0}, all[3] = {w, h, d};
  CHECK_OK(clEnqueueReadImage(q, b, CL_TRUE, zero, all, 0, 0, got, 0, NULL, NULL));
  CHECK(memcmp(got, vol, sizeof vol) == 0);
  /* image to buffer at an offset: the region packed tightly */
  cl_int err;
  cl_mem buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 4096, NULL, &err);
  uint32_t fillz = 0;
  CHECK_OK(clEnqueueFillBuffer(q, buf, &fillz, 4, 0, 4096, 0, NULL, NULL));
  size_t o3[3] = {2, 1, 1}, r3[3] = {4, 3, 2};
  CHECK_OK(clEnqueueCopyImageToBuffer(q, b, buf, o3, r3, 64, 0, NULL, NULL));
  uint32_t packed[24];
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_TRUE, 64, sizeof packed, packed, 0, NULL, NULL));
  int ok = 1;
  for (size_t z = 0; z < 2; z++)
    for (size_t y = 0; y < 3; y++)
      for (size_t x = 0; x < 4; x++) ok &= packed[(z * 3 + y) * 4 + x] == vol[((1 + z) * h + 1 + y) * w + 2 + x];
  CHECK(ok);
  /* and back into the 2D image elsewhere */
  size_t o2[3] = {6, 5, 0}, r2[3] = {4, 3, 1};
  CHECK_OK(clEnqueueCopyBufferToImage(q, buf, a, 64, o2, r2, 0, NULL, NULL));
  for (size_t y = 0; y < 3; y++)
    for (size_t x = 0; x < 4; x++) src[(5 + y) * w + 6 + x] = packed[y * 4 + x];
  CHECK_OK(clEnqueueReadImage(q, a, CL_TRUE, zero, (size_t[3]){w, h, 1}, 0, 0, got, 0, NULL, NULL));
  CHECK(memcmp(got, src, sizeof src) == 0);
  /* errors: overlap within one image, different formats, out of range, a region too big for the buffer */
  size_t oa[3] = {0, 0, 0}, ob[3] = {2, 2, 0}, rr[3] = {4, 4, 1};
  CHECK_ERR(clEnqueueCopyImage(q, a, a, oa, ob, rr, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  size_t oc[3] = {5, 0, 0};
  CHECK_OK(clEnqueueCopyImage(q, a, a, oa, oc, rr, 0, NULL, NULL)); /* side by side: fine */
  cl_mem other = make((struct shape){CL_MEM_OBJECT_IMAGE2D, w, h, 1}, CL_RGBA, CL_UNSIGNED_INT8, CL_MEM_READ_WRITE, NULL, 0, 0);
  CHECK_ERR(clEnqueueCopyImage(q, a, other, oa, oa, rr, 0, NULL, NULL), CL_IMAGE_FORMAT_MISMATCH);
  size_t big[3] = {11, 1, 1};
  CHECK_ERR(clEnqueueCopyImage(q, a, b, oa, oa, big, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyImageToBuffer(q, a, buf, oa, rr, 4096 - 32, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyImageToBuffer(q, a, other, oa, rr, 0, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueCopyBufferToImage(q, a, other, 0, oa, rr, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_OK(clFinish(q));
  cl_mem all_m[] = {a, b, buf, other};
  for (int i = 0; i < 4; i++) CHECK_OK(clReleaseMemObject(all_m[i]));
}

/* s8.3.1.1 conversions of a fill colour, computed here independently for a few formats. */
static uint8_t unorm8(float f) { return f != f ? 0 : f <= 0 ? 0 : f >= 1 ? 255 : (uint8_t)lrintf(f * 255.0f); }

static void test_fill(void) {
  const size_t w = 7, h = 5;
  cl_mem m = make((struct shape){CL_MEM_OBJECT_IMAGE2D, w, h, 1}, CL_BGRA, CL_UNORM_INT8, CL_MEM_READ_WRITE, NULL, 0, 0);
  uint8_t zero8[7 * 5 * 4] = {0};
  size_t z3[3] = {0, 0, 0}, all[3] = {w, h, 1};
  CHECK_OK(clEnqueueWriteImage(q, m, CL_TRUE, z3, all, 0, 0, zero8, 0, NULL, NULL));
  float color[4] = {0.25f, 1.5f, -0.5f, 0.5f}; /* r g b a; out of range values saturate */
  size_t org[3] = {2, 1, 0}, reg[3] = {4, 3, 1};
  CHECK_OK(clEnqueueFillImage(q, m, color, org, reg, 0, NULL, NULL));
  uint8_t out[7 * 5 * 4];
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, z3, all, 0, 0, out, 0, NULL, NULL));
  const uint8_t want[4] = {unorm8(-0.5f), unorm8(1.5f), unorm8(0.25f), unorm8(0.5f)}; /* stored B G R A */
  int ok = 1;
  for (size_t y = 0; y < h; y++)
    for (size_t x = 0; x < w; x++) {
      int in = x >= 2 && x < 6 && y >= 1 && y < 4;
      const uint8_t *t = out + (y * w + x) * 4;
      ok &= in ? memcmp(t, want, 4) == 0 : (t[0] | t[1] | t[2] | t[3]) == 0;
    }
  CHECK(ok);
  CHECK(want[2] == 64 && want[3] == 128 && want[0] == 0 && want[1] == 255); /* rint(63.75), rint(127.5) */
  CHECK_OK(clReleaseMemObject(m));
  /* integer formats saturate the int4 colour; a 1D array's layer */
  m = make((struct shape){CL_MEM_OBJECT_IMAGE1D_ARRAY, 8, 3, 1}, CL_RG, CL_SIGNED_INT16, CL_MEM_READ_WRITE, NULL, 0, 0);
  cl_int icolor[4] = {-40000, 1234, 7, 9};
  size_t o1[3] = {0, 1, 0}, r1[3] = {8, 1, 1};
  CHECK_OK(clEnqueueFillImage(q, m, icolor, o1, r1, 0, NULL, NULL));
  int16_t row[16];
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, o1, r1, 0, 0, row, 0, NULL, NULL));
  ok = 1;
  for (int i = 0; i < 8; i++) ok &= row[2 * i] == -32768 && row[2 * i + 1] == 1234;
  CHECK(ok);
  CHECK_OK(clReleaseMemObject(m));
  /* half: 1/3 rounds to nearest even (0x3555), 65520 overflows to infinity */
  m = make((struct shape){CL_MEM_OBJECT_IMAGE1D, 4, 1, 1}, CL_RGBA, CL_HALF_FLOAT, CL_MEM_READ_WRITE, NULL, 0, 0);
  float hc[4] = {1.0f / 3.0f, 65520.0f, -2.0f, 5.9604645e-8f};
  size_t one[3] = {1, 1, 1};
  CHECK_OK(clEnqueueFillImage(q, m, hc, z3, one, 0, NULL, NULL));
  uint16_t hv[4];
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, z3, one, 0, 0, hv, 0, NULL, NULL));
  CHECK(hv[0] == 0x3555 && hv[1] == 0x7c00 && hv[2] == 0xc000 && hv[3] == 0x0001);
  CHECK_ERR(clEnqueueFillImage(q, m, NULL, z3, one, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_OK(clReleaseMemObject(m));
}

static void test_errors(void) {
  cl_int err;
  cl_mem m = make((struct shape){CL_MEM_OBJECT_IMAGE2D, 8, 8, 1}, CL_R, CL_FLOAT, CL_MEM_READ_WRITE, NULL, 0, 0);
  float buf[256];
  size_t z3[3] = {0, 0, 0}, r[3] = {8, 8, 1};
  size_t r_deep[3] = {8, 8, 2}, o_z[3] = {0, 0, 1}, r_zero[3] = {0, 8, 1}, r_wide[3] = {9, 8, 1}, o_in[3] = {4, 4, 0};
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, z3, r_deep, 0, 0, buf, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, o_z, r, 0, 0, buf, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, z3, r_zero, 0, 0, buf, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, z3, r_wide, 0, 0, buf, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, o_in, r, 0, 0, buf, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, NULL, r, 0, 0, buf, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, z3, r, 0, 0, NULL, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, z3, r, 16, 0, buf, 0, NULL, NULL), CL_INVALID_VALUE); /* row < 8 * 4 */
  CHECK_ERR(clEnqueueReadImage(NULL, m, CL_TRUE, z3, r, 0, 0, buf, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 256, NULL, &err);
  CHECK_ERR(clEnqueueReadImage(q, b, CL_TRUE, z3, r, 0, 0, buf, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueWriteImage(q, b, CL_TRUE, z3, r, 0, 0, buf, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueReadImage(q, m, CL_TRUE, z3, r, 0, 0, buf, 1, NULL, NULL), CL_INVALID_EVENT_WAIT_LIST);
  size_t rp;
  CHECK(clEnqueueMapImage(q, m, CL_TRUE, CL_MAP_READ, z3, r, NULL, NULL, 0, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clEnqueueMapImage(q, b, CL_TRUE, CL_MAP_READ, z3, r, &rp, NULL, 0, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueUnmapMemObject(q, m, buf, 0, NULL, NULL), CL_INVALID_VALUE);
  /* host access flags */
  cl_mem hw = make((struct shape){CL_MEM_OBJECT_IMAGE2D, 8, 8, 1}, CL_R, CL_FLOAT, CL_MEM_HOST_WRITE_ONLY, NULL, 0, 0);
  cl_mem hr = make((struct shape){CL_MEM_OBJECT_IMAGE2D, 8, 8, 1}, CL_R, CL_FLOAT, CL_MEM_HOST_READ_ONLY, NULL, 0, 0);
  CHECK_ERR(clEnqueueReadImage(q, hw, CL_TRUE, z3, r, 0, 0, buf, 0, NULL, NULL), CL_INVALID_OPERATION);
  CHECK_ERR(clEnqueueWriteImage(q, hr, CL_TRUE, z3, r, 0, 0, buf, 0, NULL, NULL), CL_INVALID_OPERATION);
  CHECK(clEnqueueMapImage(q, hw, CL_TRUE, CL_MAP_READ, z3, r, &rp, NULL, 0, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  CHECK_OK(clEnqueueWriteImage(q, hw, CL_TRUE, z3, r, 0, 0, buf, 0, NULL, NULL));
  cl_mem all_m[] = {m, b, hw, hr};
  for (int i = 0; i < 4; i++) CHECK_OK(clReleaseMemObject(all_m[i]));
}

/* Non-blocking commands on an out-of-order, profiling queue, ordered only by their events. */
static void test_out_of_order(void) {
  cl_int err;
  cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_PROFILING_ENABLE, 0};
  cl_command_queue oq = clCreateCommandQueueWithProperties(ctx, dev, props, &err);
  CHECK_OK(err);
  const size_t w = 64, h = 64;
  cl_mem a = make((struct shape){CL_MEM_OBJECT_IMAGE2D, w, h, 1}, CL_R, CL_UNSIGNED_INT32, CL_MEM_READ_WRITE, NULL, 0, 0);
  cl_mem b = make((struct shape){CL_MEM_OBJECT_IMAGE2D, w, h, 1}, CL_R, CL_UNSIGNED_INT32, CL_MEM_READ_WRITE, NULL, 0, 0);
  static uint32_t in[64 * 64], out[64 * 64];
  for (size_t i = 0; i < w * h; i++) in[i] = (uint32_t)(i * 7 + 1);
  size_t z3[3] = {0, 0, 0}, all[3] = {w, h, 1};
  cl_event e1, e2, e3;
  CHECK_OK(clEnqueueWriteImage(oq, a, CL_FALSE, z3, all, 0, 0, in, 0, NULL, &e1));
  CHECK_OK(clEnqueueCopyImage(oq, a, b, z3, z3, all, 1, &e1, &e2));
  CHECK_OK(clEnqueueReadImage(oq, b, CL_FALSE, z3, all, 0, 0, out, 1, &e2, &e3));
  CHECK_OK(clWaitForEvents(1, &e3));
  CHECK(memcmp(in, out, sizeof in) == 0);
  cl_command_type ct = 0;
  CHECK_OK(clGetEventInfo(e2, CL_EVENT_COMMAND_TYPE, sizeof ct, &ct, NULL));
  CHECK(ct == CL_COMMAND_COPY_IMAGE);
  cl_ulong t0 = 0, t1 = 0;
  CHECK_OK(clGetEventProfilingInfo(e3, CL_PROFILING_COMMAND_START, sizeof t0, &t0, NULL));
  CHECK_OK(clGetEventProfilingInfo(e3, CL_PROFILING_COMMAND_END, sizeof t1, &t1, NULL));
  CHECK(t0 > 0 && t1 >= t0);
  clReleaseEvent(e1), clReleaseEvent(e2), clReleaseEvent(e3);
  CHECK_OK(clReleaseMemObject(a));
  CHECK_OK(clReleaseMemObject(b));
  CHECK_OK(clReleaseCommandQueue(oq));
}

int main(void) {
  dev = vt_device();
  ctx = vt_context();
  q = vt_queue();
  test_read_write();
  test_use_host_ptr();
  test_map();
  test_copies();
  test_fill();
  test_errors();
  test_out_of_order();
  return vt_finish();
}
