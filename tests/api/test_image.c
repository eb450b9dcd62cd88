/* test_image.c - image objects and samplers (OpenCL 3.0 s5.3.1, 5.3.2, 5.3.7, 5.4) and image and
 * sampler kernel arguments (s5.9.2): creation of every image type with and without host memory
 * and from buffers, every creation error, clGetImageInfo and clGetMemObjectInfo against the
 * values the specification gives, the supported format lists against the required ones of
 * s5.3.2.1, and the device's image limits. */
#include <stdint.h>
#include "testlib.h"

static cl_context ctx;
static cl_device_id dev;

static cl_mem image(cl_mem_flags flags, cl_channel_order o, cl_channel_type t, cl_mem_object_type type, size_t w,
                    size_t h, size_t d, size_t n, size_t row, size_t slice, void *host, cl_int *err) {
  cl_image_format f = {o, t};
  cl_image_desc desc = {0};
  desc.image_type = type;
  desc.image_width = w, desc.image_height = h, desc.image_depth = d, desc.image_array_size = n;
  desc.image_row_pitch = row, desc.image_slice_pitch = slice;
  return clCreateImage(ctx, flags, &f, &desc, host, err);
}

static size_t info(cl_mem m, cl_image_info what) {
  size_t v = 12345;
  CHECK_OK(clGetImageInfo(m, what, sizeof v, &v, NULL));
  return v;
}

static void test_device_limits(void) {
  cl_bool b = CL_FALSE;
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_IMAGE_SUPPORT, sizeof b, &b, NULL));
  CHECK(b == CL_TRUE);
  size_t s;
  /* table 4.3 minimums for a full-profile device with images */
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_IMAGE2D_MAX_WIDTH, sizeof s, &s, NULL));
  CHECK(s >= 16384);
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_IMAGE2D_MAX_HEIGHT, sizeof s, &s, NULL));
  CHECK(s >= 16384);
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_IMAGE3D_MAX_DEPTH, sizeof s, &s, NULL));
  CHECK(s >= 2048);
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_IMAGE_MAX_BUFFER_SIZE, sizeof s, &s, NULL));
  CHECK(s >= 65536);
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_IMAGE_MAX_ARRAY_SIZE, sizeof s, &s, NULL));
  CHECK(s >= 2048);
  cl_uint u;
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_MAX_READ_IMAGE_ARGS, sizeof u, &u, NULL));
  CHECK(u >= 128);
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_MAX_WRITE_IMAGE_ARGS, sizeof u, &u, NULL));
  CHECK(u >= 64);
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_MAX_SAMPLERS, sizeof u, &u, NULL));
  CHECK(u >= 16);
}

/* s5.3.2.1: the formats a 3.0 full-profile device must support for reading or writing, and for
 * read-write images. */
static int listed(const cl_image_format *l, cl_uint n, cl_channel_order o, cl_channel_type t) {
  for (cl_uint i = 0; i < n; i++)
    if (l[i].image_channel_order == o && l[i].image_channel_data_type == t) return 1;
  return 0;
}

static void test_supported_formats(void) {
  static const cl_channel_type rgba_types[] = {CL_UNORM_INT8, CL_UNORM_INT16, CL_SIGNED_INT8, CL_SIGNED_INT16,
                                               CL_SIGNED_INT32, CL_UNSIGNED_INT8, CL_UNSIGNED_INT16,
                                               CL_UNSIGNED_INT32, CL_HALF_FLOAT, CL_FLOAT};
  static const cl_channel_type rw_types[] = {CL_UNORM_INT8, CL_SIGNED_INT8, CL_SIGNED_INT16, CL_SIGNED_INT32,
                                             CL_UNSIGNED_INT8, CL_UNSIGNED_INT16, CL_UNSIGNED_INT32,
                                             CL_HALF_FLOAT, CL_FLOAT};
  const cl_mem_object_type types[] = {CL_MEM_OBJECT_IMAGE1D, CL_MEM_OBJECT_IMAGE1D_BUFFER, CL_MEM_OBJECT_IMAGE1D_ARRAY,
                                      CL_MEM_OBJECT_IMAGE2D, CL_MEM_OBJECT_IMAGE2D_ARRAY, CL_MEM_OBJECT_IMAGE3D};
  const cl_mem_flags flags[] = {CL_MEM_READ_ONLY, CL_MEM_WRITE_ONLY, CL_MEM_READ_WRITE, CL_MEM_KERNEL_READ_AND_WRITE};
  for (size_t t = 0; t < 6; t++)
    for (size_t f = 0; f < 4; f++) {
      cl_uint n = 0;
      CHECK_OK(clGetSupportedImageFormats(ctx, flags[f], types[t], 0, NULL, &n));
      CHECK(n > 0 && n < 200);
      cl_image_format l[200];
      cl_uint n2 = 0;
      CHECK_OK(clGetSupportedImageFormats(ctx, flags[f], types[t], 200, l, &n2));
      CHECK(n2 == n);
      if (flags[f] == CL_MEM_KERNEL_READ_AND_WRITE) {
        for (size_t i = 0; i < sizeof rw_types / sizeof rw_types[0]; i++) {
          CHECK(listed(l, n, CL_R, rw_types[i]));
          CHECK(listed(l, n, CL_RGBA, rw_types[i]));
        }
      } else {
        for (size_t i = 0; i < sizeof rgba_types / sizeof rgba_types[0]; i++) CHECK(listed(l, n, CL_RGBA, rgba_types[i]));
        CHECK(listed(l, n, CL_BGRA, CL_UNORM_INT8));
      }
      /* sRGB only for reading */
      CHECK(listed(l, n, CL_sRGBA, CL_UNORM_INT8) == (flags[f] == CL_MEM_READ_ONLY));
    }
  /* only the first num_entries are written */
  cl_image_format two[3] = {{0, 0}, {0, 0}, {0xdead, 0xbeef}};
  CHECK_OK(clGetSupportedImageFormats(ctx, CL_MEM_READ_ONLY, CL_MEM_OBJECT_IMAGE2D, 2, two, NULL));
  CHECK(two[2].image_channel_order == 0xdead && two[0].image_channel_order != 0);
  CHECK_ERR(clGetSupportedImageFormats(ctx, CL_MEM_READ_ONLY, CL_MEM_OBJECT_BUFFER, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetSupportedImageFormats(NULL, CL_MEM_READ_ONLY, CL_MEM_OBJECT_IMAGE2D, 0, NULL, NULL), CL_INVALID_CONTEXT);
}

/* Each image type: the spec's clGetImageInfo values (s5.3.7: height 0 for 1D types, depth 0 but
 * for 3D, array size 0 but for arrays, pitches computed when not given) and CL_MEM_SIZE. */
static void test_create_info(void) {
  cl_int err;
  cl_mem m = image(CL_MEM_READ_WRITE, CL_RGBA, CL_UNORM_INT8, CL_MEM_OBJECT_IMAGE2D, 13, 7, 0, 0, 0, 0, NULL, &err);
  CHECK_OK(err);
  cl_image_format f;
  CHECK_OK(clGetImageInfo(m, CL_IMAGE_FORMAT, sizeof f, &f, NULL));
  CHECK(f.image_channel_order == CL_RGBA && f.image_channel_data_type == CL_UNORM_INT8);
  CHECK(info(m, CL_IMAGE_ELEMENT_SIZE) == 4);
  CHECK(info(m, CL_IMAGE_ROW_PITCH) == 52);
  CHECK(info(m, CL_IMAGE_SLICE_PITCH) == 0);
  CHECK(info(m, CL_IMAGE_WIDTH) == 13 && info(m, CL_IMAGE_HEIGHT) == 7);
  CHECK(info(m, CL_IMAGE_DEPTH) == 0 && info(m, CL_IMAGE_ARRAY_SIZE) == 0);
  cl_mem b = (cl_mem)1;
  CHECK_OK(clGetImageInfo(m, CL_IMAGE_BUFFER, sizeof b, &b, NULL));
  CHECK(b == NULL);
  cl_uint mips = 9;
  CHECK_OK(clGetImageInfo(m, CL_IMAGE_NUM_MIP_LEVELS, sizeof mips, &mips, NULL));
  CHECK(mips == 0);
  CHECK_ERR(clGetImageInfo(m, 0x7777, sizeof mips, &mips, NULL), CL_INVALID_VALUE);
  cl_mem_object_type mt;
  CHECK_OK(clGetMemObjectInfo(m, CL_MEM_TYPE, sizeof mt, &mt, NULL));
  CHECK(mt == CL_MEM_OBJECT_IMAGE2D);
  size_t size;
  CHECK_OK(clGetMemObjectInfo(m, CL_MEM_SIZE, sizeof size, &size, NULL));
  CHECK(size >= 13 * 7 * 4);
  CHECK_OK(clReleaseMemObject(m));

  /* 3D with host memory and pitches: the given pitches are the image's */
  static uint16_t host3d[4 * 5 * 3 * 2 * 4];
  m = image(CL_MEM_READ_ONLY | CL_MEM_USE_HOST_PTR, CL_RG, CL_UNSIGNED_INT16, CL_MEM_OBJECT_IMAGE3D, 3, 5, 4, 0, 16,
            16 * 5 * 2, host3d, &err);
  CHECK_OK(err);
  CHECK(info(m, CL_IMAGE_ROW_PITCH) == 16 && info(m, CL_IMAGE_SLICE_PITCH) == 160);
  CHECK(info(m, CL_IMAGE_DEPTH) == 4 && info(m, CL_IMAGE_HEIGHT) == 5 && info(m, CL_IMAGE_ARRAY_SIZE) == 0);
  void *hp = NULL;
  CHECK_OK(clGetMemObjectInfo(m, CL_MEM_HOST_PTR, sizeof hp, &hp, NULL));
  CHECK(hp == host3d);
  CHECK_OK(clReleaseMemObject(m));

  /* arrays: slice pitch defaults to a layer's bytes */
  m = image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE1D_ARRAY, 10, 0, 0, 6, 0, 0, NULL, &err);
  CHECK_OK(err);
  CHECK(info(m, CL_IMAGE_ROW_PITCH) == 40 && info(m, CL_IMAGE_SLICE_PITCH) == 40);
  CHECK(info(m, CL_IMAGE_HEIGHT) == 0 && info(m, CL_IMAGE_ARRAY_SIZE) == 6);
  CHECK_OK(clReleaseMemObject(m));
  m = image(CL_MEM_READ_WRITE, CL_RGBA, CL_HALF_FLOAT, CL_MEM_OBJECT_IMAGE2D_ARRAY, 4, 3, 0, 5, 0, 0, NULL, &err);
  CHECK_OK(err);
  CHECK(info(m, CL_IMAGE_ROW_PITCH) == 32 && info(m, CL_IMAGE_SLICE_PITCH) == 96);
  CHECK(info(m, CL_IMAGE_DEPTH) == 0 && info(m, CL_IMAGE_ARRAY_SIZE) == 5);
  CHECK_OK(clReleaseMemObject(m));
  m = image(CL_MEM_WRITE_ONLY, CL_BGRA, CL_UNORM_INT8, CL_MEM_OBJECT_IMAGE1D, 100, 0, 0, 0, 0, 0, NULL, &err);
  CHECK_OK(err);
  CHECK(info(m, CL_IMAGE_ROW_PITCH) == 400 && info(m, CL_IMAGE_HEIGHT) == 0);
  CHECK_OK(clReleaseMemObject(m));

  /* the 1.1 entry points */
  m = clCreateImage2D(ctx, CL_MEM_READ_WRITE, &(cl_image_format){CL_RGBA, CL_FLOAT}, 8, 8, 0, NULL, &err);
  CHECK_OK(err);
  CHECK(info(m, CL_IMAGE_ROW_PITCH) == 128);
  CHECK_OK(clReleaseMemObject(m));
  m = clCreateImage3D(ctx, CL_MEM_READ_WRITE, &(cl_image_format){CL_R, CL_UNORM_INT8}, 8, 8, 2, 0, 0, NULL, &err);
  CHECK_OK(err);
  CHECK(info(m, CL_IMAGE_SLICE_PITCH) == 64);
  CHECK_OK(clReleaseMemObject(m));
  CHECK(clCreateImage3D(ctx, CL_MEM_READ_WRITE, &(cl_image_format){CL_R, CL_UNORM_INT8}, 8, 8, 1, 0, 0, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_IMAGE_SIZE);
  CHECK(clCreateImage2D(ctx, CL_MEM_READ_WRITE, &(cl_image_format){CL_R, CL_UNORM_INT8}, 0, 8, 0, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_IMAGE_SIZE);

  /* with properties: an empty list is recorded, any property is refused */
  cl_mem_properties none[] = {0}, bad[] = {0x1234, 1, 0};
  cl_image_format fmt = {CL_R, CL_FLOAT};
  cl_image_desc d = {.image_type = CL_MEM_OBJECT_IMAGE2D, .image_width = 4, .image_height = 4};
  m = clCreateImageWithProperties(ctx, none, CL_MEM_READ_WRITE, &fmt, &d, NULL, &err);
  CHECK_OK(err);
  size_t psz = 99;
  CHECK_OK(clGetMemObjectInfo(m, CL_MEM_PROPERTIES, 0, NULL, &psz));
  CHECK(psz == sizeof(cl_mem_properties));
  CHECK_OK(clReleaseMemObject(m));
  CHECK(clCreateImageWithProperties(ctx, bad, CL_MEM_READ_WRITE, &fmt, &d, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PROPERTY);
}

/* Images made from buffers share the buffer's bytes (s5.3.1: 1D image buffers; 2D images from a
 * buffer, cl_khr_image2d_from_buffer). */
static void test_from_buffer(void) {
  cl_int err;
  cl_command_queue q = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err);
  uint32_t pix[64];
  for (int i = 0; i < 64; i++) pix[i] = 0x01020304u * (uint32_t)i;
  cl_mem buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof pix, pix, &err);
  CHECK_OK(err);
  cl_image_format f = {CL_RGBA, CL_UNSIGNED_INT8};
  cl_image_desc d = {.image_type = CL_MEM_OBJECT_IMAGE1D_BUFFER, .image_width = 64, .buffer = buf};
  cl_mem m = clCreateImage(ctx, 0, &f, &d, NULL, &err);
  CHECK_OK(err);
  cl_mem assoc = NULL;
  CHECK_OK(clGetImageInfo(m, CL_IMAGE_BUFFER, sizeof assoc, &assoc, NULL));
  CHECK(assoc == buf);
  CHECK_OK(clGetMemObjectInfo(m, CL_MEM_ASSOCIATED_MEMOBJECT, sizeof assoc, &assoc, NULL));
  CHECK(assoc == buf);
  cl_mem_flags fl = 0;
  CHECK_OK(clGetMemObjectInfo(m, CL_MEM_FLAGS, sizeof fl, &fl, NULL));
  CHECK(fl & CL_MEM_READ_WRITE); /* inherited */
  /* reading the image reads the buffer's bytes; writing it writes them */
  uint32_t out[64] = {0};
  size_t o[3] = {0, 0, 0}, r[3] = {64, 1, 1};
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, o, r, 0, 0, out, 0, NULL, NULL));
  CHECK(memcmp(out, pix, sizeof pix) == 0);
  uint32_t v = 0xcafef00d;
  size_t o5[3] = {5, 0, 0}, r1[3] = {1, 1, 1};
  CHECK_OK(clEnqueueWriteImage(q, m, CL_TRUE, o5, r1, 0, 0, &v, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK(out[5] == 0xcafef00d && out[4] == pix[4]);
  /* a 1D image buffer may be given its row pitch, and sizes of the dimensions it lacks (ignored),
   * as the CTS's image helpers do */
  cl_image_desc d1 = {.image_type = CL_MEM_OBJECT_IMAGE1D_BUFFER, .image_width = 64, .image_height = 1,
                      .image_depth = 1, .image_row_pitch = 256, .buffer = buf};
  cl_mem m1 = clCreateImage(ctx, CL_MEM_READ_ONLY, &f, &d1, NULL, &err);
  CHECK_OK(err);
  CHECK(m1 && info(m1, CL_IMAGE_HEIGHT) == 0 && info(m1, CL_IMAGE_DEPTH) == 0);
  if (m1) CHECK_OK(clReleaseMemObject(m1));
  /* the buffer stays alive while the image uses it */
  CHECK_OK(clReleaseMemObject(buf));
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, o5, r1, 0, 0, &v, 0, NULL, NULL));
  CHECK(v == 0xcafef00d);
  CHECK_OK(clReleaseMemObject(m));

  /* 2D from a buffer with a row pitch: rows of 5 texels every 8 */
  buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof pix, pix, &err);
  cl_image_desc d2 = {.image_type = CL_MEM_OBJECT_IMAGE2D, .image_width = 5, .image_height = 8,
                      .image_row_pitch = 32, .buffer = buf};
  m = clCreateImage(ctx, CL_MEM_READ_ONLY, &f, &d2, NULL, &err);
  CHECK_OK(err);
  CHECK(info(m, CL_IMAGE_ROW_PITCH) == 32);
  size_t o2[3] = {1, 2, 0}, r2[3] = {3, 4, 1};
  uint32_t got[12];
  CHECK_OK(clEnqueueReadImage(q, m, CL_TRUE, o2, r2, 0, 0, got, 0, NULL, NULL));
  int ok = 1;
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 3; x++) ok &= got[y * 3 + x] == pix[(y + 2) * 8 + x + 1];
  CHECK(ok);
  CHECK_OK(clReleaseMemObject(m));
  /* too big for its buffer; a write-only image of a read-only buffer; host pointer flags */
  d2.image_height = 9;
  CHECK(clCreateImage(ctx, 0, &f, &d2, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_IMAGE_SIZE);
  d2.image_height = 8;
  CHECK(clCreateImage(ctx, CL_MEM_USE_HOST_PTR, &f, &d2, pix, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_mem robuf = clCreateBuffer(ctx, CL_MEM_READ_ONLY, 256, NULL, &err);
  d2.buffer = robuf;
  CHECK(clCreateImage(ctx, CL_MEM_WRITE_ONLY, &f, &d2, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  d2.buffer = (cl_mem)ctx;
  CHECK(clCreateImage(ctx, 0, &f, &d2, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_IMAGE_DESCRIPTOR);
  CHECK_OK(clReleaseMemObject(robuf));
  CHECK_OK(clReleaseMemObject(buf));
  CHECK_OK(clReleaseCommandQueue(q));
}

static void test_create_errors(void) {
  cl_int err;
  const cl_mem_object_type I2 = CL_MEM_OBJECT_IMAGE2D;
  char host[4096];
#define FAILS(call, code)                                                                          \
  do {                                                                                             \
    err = 0;                                                                                       \
    CHECK((call) == NULL);                                                                         \
    CHECK_ERR(err, code);                                                                          \
  } while (0)
  FAILS(image(CL_MEM_READ_WRITE, 0x7777, CL_UNORM_INT8, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_FORMAT_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_RGBA, 0x7777, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_FORMAT_DESCRIPTOR);
  /* pairs s5.3.1 forbids: CL_RGB only with packed types, CL_BGRA only with 8-bit ones */
  FAILS(image(CL_MEM_READ_WRITE, CL_RGB, CL_UNORM_INT8, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_FORMAT_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_BGRA, CL_FLOAT, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_FORMAT_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_RGBA, CL_UNORM_SHORT_565, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_FORMAT_DESCRIPTOR);
  /* a valid format this device does not have */
  FAILS(image(CL_MEM_READ_WRITE, CL_DEPTH, CL_FLOAT, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_IMAGE_FORMAT_NOT_SUPPORTED);
  cl_image_desc d = {.image_type = I2, .image_width = 4, .image_height = 4};
  FAILS(clCreateImage(ctx, CL_MEM_READ_WRITE, NULL, &d, NULL, &err), CL_INVALID_IMAGE_FORMAT_DESCRIPTOR);
  FAILS(clCreateImage(ctx, CL_MEM_READ_WRITE, &(cl_image_format){CL_R, CL_FLOAT}, NULL, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(clCreateImage(NULL, CL_MEM_READ_WRITE, &(cl_image_format){CL_R, CL_FLOAT}, &d, NULL, &err), CL_INVALID_CONTEXT);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, CL_MEM_OBJECT_BUFFER, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, I2, 0, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, I2, 4, 0, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE3D, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE2D_ARRAY, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE1D_BUFFER, 4, 0, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  /* pitches: only with a host pointer, not below the data, multiples of the element */
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, I2, 4, 4, 0, 0, 16, 0, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, CL_R, CL_FLOAT, I2, 4, 4, 0, 0, 12, 0, host, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, CL_R, CL_FLOAT, I2, 4, 4, 0, 0, 18, 0, host, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE3D, 4, 4, 2, 0, 16, 32, host, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE3D, 4, 4, 2, 0, 16, 72, host, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE3D, 4, 4, 2, 0, 0, 64, NULL, &err), CL_INVALID_IMAGE_DESCRIPTOR);
  /* sizes above the device's limits */
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_UNORM_INT8, I2, 16385, 1, 0, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_SIZE);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_UNORM_INT8, CL_MEM_OBJECT_IMAGE3D, 4, 4, 2049, 0, 0, 0, NULL, &err), CL_INVALID_IMAGE_SIZE);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_UNORM_INT8, CL_MEM_OBJECT_IMAGE1D_ARRAY, 4, 0, 0, 2049, 0, 0, NULL, &err), CL_INVALID_IMAGE_SIZE);
  /* flags and host pointer */
  FAILS(image(CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY, CL_R, CL_FLOAT, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_VALUE);
  FAILS(image(CL_MEM_READ_WRITE | CL_MEM_USE_HOST_PTR, CL_R, CL_FLOAT, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_HOST_PTR);
  FAILS(image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, I2, 4, 4, 0, 0, 0, 0, host, &err), CL_INVALID_HOST_PTR);
  FAILS(image(CL_MEM_KERNEL_READ_AND_WRITE, CL_R, CL_FLOAT, I2, 4, 4, 0, 0, 0, 0, NULL, &err), CL_INVALID_VALUE);
#undef FAILS
  /* a buffer is no image */
  cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 64, NULL, &err);
  size_t v;
  CHECK_ERR(clGetImageInfo(b, CL_IMAGE_WIDTH, sizeof v, &v, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_OK(clReleaseMemObject(b));
}

static void test_samplers(void) {
  cl_int err;
  cl_sampler s = clCreateSampler(ctx, CL_TRUE, CL_ADDRESS_REPEAT, CL_FILTER_LINEAR, &err);
  CHECK_OK(err);
  cl_uint refs = 0;
  CHECK_OK(clRetainSampler(s));
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 2);
  CHECK_OK(clReleaseSampler(s));
  cl_context c = NULL;
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_CONTEXT, sizeof c, &c, NULL));
  CHECK(c == ctx);
  cl_bool norm = CL_FALSE;
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_NORMALIZED_COORDS, sizeof norm, &norm, NULL));
  CHECK(norm == CL_TRUE);
  cl_addressing_mode am = 0;
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_ADDRESSING_MODE, sizeof am, &am, NULL));
  CHECK(am == CL_ADDRESS_REPEAT);
  cl_filter_mode fm = 0;
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_FILTER_MODE, sizeof fm, &fm, NULL));
  CHECK(fm == CL_FILTER_LINEAR);
  size_t psz = 9;
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_PROPERTIES, 0, NULL, &psz));
  CHECK(psz == 0);
  CHECK_ERR(clGetSamplerInfo(s, 0x7777, sizeof fm, &fm, NULL), CL_INVALID_VALUE);
  CHECK_OK(clReleaseSampler(s));
  CHECK_ERR(clReleaseSampler(s), CL_INVALID_SAMPLER);
  /* with properties: defaults (normalized, clamp, nearest) and the list given back */
  cl_sampler_properties p[] = {CL_SAMPLER_NORMALIZED_COORDS, CL_FALSE, 0};
  s = clCreateSamplerWithProperties(ctx, p, &err);
  CHECK_OK(err);
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_ADDRESSING_MODE, sizeof am, &am, NULL));
  CHECK(am == CL_ADDRESS_CLAMP);
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_FILTER_MODE, sizeof fm, &fm, NULL));
  CHECK(fm == CL_FILTER_NEAREST);
  cl_sampler_properties back[4] = {0};
  CHECK_OK(clGetSamplerInfo(s, CL_SAMPLER_PROPERTIES, sizeof back, back, &psz));
  CHECK(psz == 3 * sizeof(cl_sampler_properties) && back[0] == CL_SAMPLER_NORMALIZED_COORDS && back[2] == 0);
  CHECK_OK(clReleaseSampler(s));
  CHECK(clCreateSampler(ctx, CL_FALSE, CL_ADDRESS_REPEAT, CL_FILTER_NEAREST, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_sampler_properties twice[] = {CL_SAMPLER_FILTER_MODE, CL_FILTER_LINEAR, CL_SAMPLER_FILTER_MODE, CL_FILTER_LINEAR, 0};
  CHECK(clCreateSamplerWithProperties(ctx, twice, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
}

/* clSetKernelArg with images and samplers: the access qualifier and the image type are checked
 * (s5.9.2), and a kernel with image arguments launches. */
static void test_kernel_args(void) {
  cl_int err;
  const char *src = "kernel void k(read_only image2d_t a, write_only image2d_array_t b, sampler_t s, global int *o)\n"
                    "{ o[get_global_id(0)] = 7; }\n";
  cl_program p = vt_build(src, "");
  CHECK(p != NULL);
  if (!p) return;
  cl_kernel k = clCreateKernel(p, "k", &err);
  CHECK_OK(err);
  cl_mem i2 = image(CL_MEM_READ_ONLY, CL_RGBA, CL_FLOAT, CL_MEM_OBJECT_IMAGE2D, 8, 8, 0, 0, 0, 0, NULL, &err);
  cl_mem i2w = image(CL_MEM_WRITE_ONLY, CL_RGBA, CL_FLOAT, CL_MEM_OBJECT_IMAGE2D, 8, 8, 0, 0, 0, 0, NULL, &err);
  cl_mem i3 = image(CL_MEM_READ_WRITE, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE2D_ARRAY, 4, 4, 0, 4, 0, 0, NULL, &err);
  cl_mem i3r = image(CL_MEM_READ_ONLY, CL_R, CL_FLOAT, CL_MEM_OBJECT_IMAGE2D_ARRAY, 4, 4, 0, 4, 0, 0, NULL, &err);
  cl_mem buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 64, NULL, &err);
  cl_sampler s = clCreateSampler(ctx, CL_FALSE, CL_ADDRESS_CLAMP, CL_FILTER_NEAREST, &err);
  CHECK_ERR(clSetKernelArg(k, 0, sizeof buf, &buf), CL_INVALID_MEM_OBJECT);   /* a buffer */
  CHECK_ERR(clSetKernelArg(k, 0, sizeof i3, &i3), CL_INVALID_MEM_OBJECT);     /* a 2D array */
  CHECK_ERR(clSetKernelArg(k, 0, sizeof i2w, &i2w), CL_INVALID_ARG_VALUE);   /* write-only */
  CHECK_ERR(clSetKernelArg(k, 0, sizeof(cl_mem), NULL), CL_INVALID_ARG_VALUE);
  CHECK_ERR(clSetKernelArg(k, 0, 4, &i2), CL_INVALID_ARG_SIZE);
  CHECK_OK(clSetKernelArg(k, 0, sizeof i2, &i2));
  CHECK_ERR(clSetKernelArg(k, 1, sizeof i3r, &i3r), CL_INVALID_ARG_VALUE);   /* read-only */
  CHECK_OK(clSetKernelArg(k, 1, sizeof i3, &i3));
  CHECK_ERR(clSetKernelArg(k, 2, sizeof i2, &i2), CL_INVALID_SAMPLER);
  CHECK_OK(clSetKernelArg(k, 2, sizeof s, &s));
  CHECK_ERR(clSetKernelArg(k, 3, sizeof i2, &i2), CL_INVALID_MEM_OBJECT);    /* an image for a pointer */
  CHECK_OK(clSetKernelArg(k, 3, sizeof buf, &buf));
  cl_command_queue q = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err);
  size_t g = 4;
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 0, NULL, NULL));
  int out[4] = {0};
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK(out[0] == 7 && out[3] == 7);
  CHECK_OK(clReleaseCommandQueue(q));
  CHECK_OK(clReleaseSampler(s));
  cl_mem all[] = {i2, i2w, i3, i3r, buf};
  for (int i = 0; i < 5; i++) CHECK_OK(clReleaseMemObject(all[i]));
  CHECK_OK(clReleaseKernel(k));
  CHECK_OK(clReleaseProgram(p));
}

int main(void) {
  dev = vt_device();
  ctx = vt_context();
  test_device_limits();
  test_supported_formats();
  test_create_info();
  test_from_buffer();
  test_create_errors();
  test_samplers();
  test_kernel_args();
  return vt_finish();
}
