/* test_image_kernels.c - images end to end: the runtime's per-launch descriptors (image storage
 * on the device, pitches, images made from buffers, arrays' layers) read and written by kernels
 * through the SMs' texture unit, against the texels the host wrote and reads back. */
#include <math.h>
#include <stdint.h>
#include "testlib.h"

static const char *src =
    "const sampler_t ks = CLK_NORMALIZED_COORDS_FALSE | CLK_ADDRESS_CLAMP_TO_EDGE | CLK_FILTER_NEAREST;\n"
    "kernel void get(read_only image2d_t img, sampler_t s, global uint4 *out) {\n"
    "  int x = get_global_id(0), y = get_global_id(1), w = get_global_size(0);\n"
    "  out[y * w + x] = read_imageui(img, s, (int2)(x - 1, y));\n"          /* x = 0 clamps to 0 */
    "}\n"
    "kernel void put(write_only image2d_t img, global const float4 *in) {\n"
    "  int x = get_global_id(0), y = get_global_id(1), w = get_image_width(img);\n"
    "  write_imagef(img, (int2)(x, y), in[y * w + x]);\n"
    "}\n"
    "kernel void layers(read_only image2d_array_t img, global int4 *out) {\n"
    "  int x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);\n"
    "  int w = get_global_size(0), h = get_global_size(1);\n"
    "  out[(z * h + y) * w + x] = read_imagei(img, ks, (int4)(x, y, z, 0));\n"
    "}\n"
    "kernel void buf1d(read_only image1d_buffer_t img, global uint4 *out) {\n"
    "  int x = get_global_id(0);\n"
    "  out[x] = read_imageui(img, x);\n"
    "}\n";

int main(void) {
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();
  cl_program p = vt_build(src, "-cl-std=CL1.2");
  CHECK(p != NULL);
  if (!p) return vt_finish();
  cl_int err;
  /* read_imageui through an API sampler, from an image with a padded row pitch (USE_HOST_PTR) */
  enum { W = 9, H = 5, ROW = 48 };
  static uint8_t host[ROW * H];
  for (size_t i = 0; i < sizeof host; i++) host[i] = (uint8_t)(i * 13 + 1);
  cl_image_format f8 = {CL_RGBA, CL_UNSIGNED_INT8};
  cl_image_desc d = {.image_type = CL_MEM_OBJECT_IMAGE2D, .image_width = W, .image_height = H, .image_row_pitch = ROW};
  cl_mem img = clCreateImage(ctx, CL_MEM_READ_ONLY | CL_MEM_USE_HOST_PTR, &f8, &d, host, &err);
  CHECK_OK(err);
  cl_sampler s = clCreateSampler(ctx, CL_FALSE, CL_ADDRESS_CLAMP_TO_EDGE, CL_FILTER_NEAREST, &err);
  cl_mem out = clCreateBuffer(ctx, CL_MEM_READ_WRITE, W * H * 16 * 4, NULL, &err);
  cl_kernel k = clCreateKernel(p, "get", &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof img, &img));
  CHECK_OK(clSetKernelArg(k, 1, sizeof s, &s));
  CHECK_OK(clSetKernelArg(k, 2, sizeof out, &out));
  size_t g2[2] = {W, H};
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 2, NULL, g2, NULL, 0, NULL, NULL));
  static cl_uint got[W * H * 4];
  CHECK_OK(clEnqueueReadBuffer(q, out, CL_TRUE, 0, sizeof got, got, 0, NULL, NULL));
  int ok = 1;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      for (int c = 0; c < 4; c++) ok &= got[(y * W + x) * 4 + c] == host[y * ROW + (x ? x - 1 : 0) * 4 + c];
  CHECK(ok);
  clReleaseKernel(k);
  clReleaseMemObject(img);

  /* write_imagef into CL_RGBA/CL_UNORM_INT8, read back by the host: s8.3 rounding */
  cl_image_format fu = {CL_RGBA, CL_UNORM_INT8};
  cl_image_desc d2 = {.image_type = CL_MEM_OBJECT_IMAGE2D, .image_width = W, .image_height = H};
  img = clCreateImage(ctx, CL_MEM_WRITE_ONLY, &fu, &d2, NULL, &err);
  CHECK_OK(err);
  static cl_float in[W * H * 4];
  for (int i = 0; i < W * H * 4; i++) in[i] = (float)(i % 11) / 10.0f;
  cl_mem inb = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof in, in, &err);
  k = clCreateKernel(p, "put", &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof img, &img));
  CHECK_OK(clSetKernelArg(k, 1, sizeof inb, &inb));
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 2, NULL, g2, NULL, 0, NULL, NULL));
  static uint8_t px[W * H * 4];
  size_t z3[3] = {0, 0, 0}, r3[3] = {W, H, 1};
  CHECK_OK(clEnqueueReadImage(q, img, CL_TRUE, z3, r3, 0, 0, px, 0, NULL, NULL));
  ok = 1;
  for (int i = 0; i < W * H * 4; i++) {
    int want = (int)lrintf(in[i] * 255.0f); /* s8.3.1.1: convert_uchar_sat_rte(f * 255.0f) */
    if (px[i] != want && ok) fprintf(stderr, "texel byte %d: %d, want %d\n", i, px[i], want);
    ok &= px[i] == want;
  }
  CHECK(ok);
  clReleaseKernel(k);
  clReleaseMemObject(img);
  clReleaseMemObject(inb);

  /* a 2D array's layers, written by the host, read by the kernel (sampler declared in the kernel) */
  enum { LW = 4, LH = 3, LN = 3 };
  cl_image_format fi = {CL_RG, CL_SIGNED_INT16};
  cl_image_desc d3 = {.image_type = CL_MEM_OBJECT_IMAGE2D_ARRAY, .image_width = LW, .image_height = LH, .image_array_size = LN};
  img = clCreateImage(ctx, CL_MEM_READ_ONLY, &fi, &d3, NULL, &err);
  CHECK_OK(err);
  static int16_t lay[LN * LH * LW * 2];
  for (int i = 0; i < LN * LH * LW * 2; i++) lay[i] = (int16_t)(i * 97 - 1000);
  size_t r3b[3] = {LW, LH, LN};
  CHECK_OK(clEnqueueWriteImage(q, img, CL_FALSE, z3, r3b, 0, 0, lay, 0, NULL, NULL));
  k = clCreateKernel(p, "layers", &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof img, &img));
  CHECK_OK(clSetKernelArg(k, 1, sizeof out, &out));
  size_t g3[3] = {LW, LH, LN};
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 3, NULL, g3, NULL, 0, NULL, NULL));
  static cl_int li[LN * LH * LW * 4];
  CHECK_OK(clEnqueueReadBuffer(q, out, CL_TRUE, 0, sizeof li, li, 0, NULL, NULL));
  ok = 1;
  for (int i = 0; i < LN * LH * LW; i++)
    ok &= li[i * 4] == lay[i * 2] && li[i * 4 + 1] == lay[i * 2 + 1] && li[i * 4 + 2] == 0 && li[i * 4 + 3] == 1;
  CHECK(ok);
  clReleaseKernel(k);
  clReleaseMemObject(img);

  /* a 1D image buffer sees what was written to its buffer */
  static cl_uchar bytes[64 * 4];
  for (int i = 0; i < 256; i++) bytes[i] = (cl_uchar)(255 - i);
  cl_mem buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof bytes, NULL, &err);
  CHECK_OK(clEnqueueWriteBuffer(q, buf, CL_TRUE, 0, sizeof bytes, bytes, 0, NULL, NULL));
  cl_image_desc d4 = {.image_type = CL_MEM_OBJECT_IMAGE1D_BUFFER, .image_width = 64, .buffer = buf};
  img = clCreateImage(ctx, CL_MEM_READ_ONLY, &f8, &d4, NULL, &err);
  CHECK_OK(err);
  k = clCreateKernel(p, "buf1d", &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof img, &img));
  CHECK_OK(clSetKernelArg(k, 1, sizeof out, &out));
  size_t g1 = 64;
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g1, NULL, 0, NULL, NULL));
  static cl_uint g1d[64 * 4];
  CHECK_OK(clEnqueueReadBuffer(q, out, CL_TRUE, 0, sizeof g1d, g1d, 0, NULL, NULL));
  ok = 1;
  for (int i = 0; i < 256; i++) ok &= g1d[i] == bytes[i];
  CHECK(ok);
  clReleaseKernel(k);
  clReleaseMemObject(img);
  clReleaseMemObject(buf);
  clReleaseMemObject(out);
  clReleaseSampler(s);
  clReleaseProgram(p);
  return vt_finish();
}
