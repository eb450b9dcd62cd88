/* test_image_multidevice.c - images move between devices like buffers (each device has its own
 * arena; the image's storage is copied to where it is used): an image written on device 0 is read
 * by a kernel on device 1, which writes a second image that device 0 reads back; a fill on device
 * 1 is seen by a read on device 0.  The kernel's descriptor must name the texels in device 1's
 * arena (runtime/ndrange.c writes one per launch), or it reads device 0's stale or absent bytes. */
#include <stdint.h>
#include "testlib.h"

static const char *src =
    "kernel void inc(read_only image2d_t a, write_only image2d_t b) {\n"
    "  int2 p = (int2)(get_global_id(0), get_global_id(1));\n"
    "  write_imageui(b, p, read_imageui(a, p) + (uint4)(1, 2, 3, 4));\n"
    "}\n";

int main(void) {
  setenv("VGPU_DEVICES", "2", 1);
  cl_platform_id plat = vt_platform();
  cl_device_id dev[2];
  cl_uint ndev = 0;
  CHECK_OK(clGetDeviceIDs(plat, CL_DEVICE_TYPE_ALL, 2, dev, &ndev));
  if (ndev != 2) { fprintf(stderr, "VGPU_DEVICES=2 did not give 2 devices\n"); return 1; }
  cl_int err;
  cl_context ctx = clCreateContext(NULL, 2, dev, NULL, NULL, &err);
  cl_command_queue q0 = clCreateCommandQueue(ctx, dev[0], 0, &err), q1 = clCreateCommandQueue(ctx, dev[1], 0, &err);
  cl_program prog = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
  CHECK_OK(clBuildProgram(prog, 2, dev, "-cl-std=CL1.2", NULL, NULL));
  cl_kernel k = clCreateKernel(prog, "inc", &err);
  CHECK_OK(err);
  enum { W = 17, H = 9 };
  cl_image_format f = {CL_RGBA, CL_UNSIGNED_INT16};
  cl_image_desc d = {.image_type = CL_MEM_OBJECT_IMAGE2D, .image_width = W, .image_height = H};
  cl_mem a = clCreateImage(ctx, CL_MEM_READ_ONLY, &f, &d, NULL, &err);
  cl_mem b = clCreateImage(ctx, CL_MEM_READ_WRITE, &f, &d, NULL, &err);
  static uint16_t in[W * H * 4], out[W * H * 4];
  for (int i = 0; i < W * H * 4; i++) in[i] = (uint16_t)(i * 31 + 7);
  size_t z3[3] = {0, 0, 0}, r3[3] = {W, H, 1}, g[2] = {W, H};
  cl_event w, kd;
  CHECK_OK(clEnqueueWriteImage(q0, a, CL_FALSE, z3, r3, 0, 0, in, 0, NULL, &w));
  CHECK_OK(clSetKernelArg(k, 0, sizeof a, &a));
  CHECK_OK(clSetKernelArg(k, 1, sizeof b, &b));
  CHECK_OK(clEnqueueNDRangeKernel(q1, k, 2, NULL, g, NULL, 1, &w, &kd));
  CHECK_OK(clEnqueueReadImage(q0, b, CL_TRUE, z3, r3, 0, 0, out, 1, &kd, NULL));
  int ok = 1;
  for (int i = 0; i < W * H * 4; i++) ok &= out[i] == (uint16_t)(in[i] + 1 + i % 4);
  CHECK(ok);
  /* a fill on device 1, read on device 0 */
  cl_uint color[4] = {5, 6, 7, 70000};
  size_t o[3] = {3, 2, 0}, r[3] = {4, 5, 1};
  CHECK_OK(clEnqueueFillImage(q1, b, color, o, r, 0, NULL, NULL));
  CHECK_OK(clFinish(q1));
  CHECK_OK(clEnqueueReadImage(q0, b, CL_TRUE, z3, r3, 0, 0, out, 0, NULL, NULL));
  ok = 1;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      for (int c = 0; c < 4; c++) {
        int i = (y * W + x) * 4 + c, in_fill = x >= 3 && x < 7 && y >= 2 && y < 7;
        uint16_t want = in_fill ? (uint16_t)(c == 3 ? 65535 : color[c]) : (uint16_t)(in[i] + 1 + c);
        ok &= out[i] == want;
      }
  CHECK(ok);
  clReleaseEvent(w);
  clReleaseEvent(kd);
  clReleaseMemObject(a);
  clReleaseMemObject(b);
  clReleaseKernel(k);
  clReleaseProgram(prog);
  clReleaseCommandQueue(q0);
  clReleaseCommandQueue(q1);
  clReleaseContext(ctx);
  return vt_finish();
}
