/* blur - the texture path: a 4 x 4 box blur of an RGBA image read through a sampler, once with 16
 * nearest reads per pixel and once with 4 bilinear reads (the kernel's comment explains why both
 * give the same picture).  Both are checked against the CPU.  On VirtualGPU the counters of each
 * launch show what the texture unit did: this program switches them on (VGPU_COUNTERS=1, unless you
 * set VGPU_COUNTERS yourself) and the runtime prints a block per launch on stderr, after the line
 * naming it; its "images" line counts the warp read and write requests, the texels they touched
 * and the texels linear filtering weighted.  Devices without images (CL_DEVICE_IMAGE_SUPPORT
 * false) skip it (exit 77).
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The 4 x 4 box x-2..x+1, y-2..y+1 with the edge texels repeated, each channel a UNORM8 value
 * c / 255 (OpenCL 3.0 s8.3.1.1), written back as round-to-nearest-even(v * 255). */
static double box(const unsigned char *img, int w, int h, int x, int y, int ch) {
  double s = 0;
  for (int dy = -2; dy <= 1; dy++)
    for (int dx = -2; dx <= 1; dx++) s += img[((size_t)clampi(y + dy, 0, h - 1) * w + clampi(x + dx, 0, w - 1)) * 4 + ch] / 255.0;
  return s / 16.0;
}

static size_t run(struct example *ex, cl_program prog, const char *name, cl_mem src, cl_mem dst, int w, int h,
                  const unsigned char *img, unsigned char *out) {
  cl_int err;
  cl_kernel k = clCreateKernel(prog, name, &err);
  CL_CHECK_ERR(err);
  CL_CHECK(clSetKernelArg(k, 0, sizeof src, &src));
  CL_CHECK(clSetKernelArg(k, 1, sizeof dst, &dst));
  size_t local[2] = {16, 8};
  size_t global[2] = {(size_t)(w + 15) / 16 * 16, (size_t)(h + 7) / 8 * 8};
  printf("--- %s: launching\n", name); /* the runtime's counters for it follow on stderr */
  fflush(stdout);
  cl_event ev;
  CL_CHECK(clEnqueueNDRangeKernel(ex->queue, k, 2, NULL, global, local, 0, NULL, &ev));
  size_t origin[3] = {0, 0, 0}, region[3] = {(size_t)w, (size_t)h, 1};
  CL_CHECK(clEnqueueReadImage(ex->queue, dst, CL_TRUE, origin, region, 0, 0, out, 1, &ev, NULL));
  printf("%s: kernel %.3f ms\n", name, example_event_ms(ev));
  /* The device rounds float sums in another order than the CPU: a channel may land on the other
   * side of a rounding boundary, never further than one step of 1/255. */
  size_t bad = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int ch = 0; ch < 4; ch++) {
        double want = box(img, w, h, x, y, ch) * 255.0;
        double got = out[((size_t)y * w + x) * 4 + ch];
        if (fabs(got - want) > 1.0 && bad++ < 5) printf("  %s (%d,%d) channel %d: %g, expected %.3f\n", name, x, y, ch, got, want);
      }
  clReleaseEvent(ev);
  clReleaseKernel(k);
  return bad;
}

int main(int argc, char **argv) {
  setenv("VGPU_COUNTERS", "1", 0);
  struct example ex;
  struct example_option opts[] = {
      {"width", 256, "image width in pixels"},
      {"height", 192, "image height in pixels"},
      {NULL, 0, NULL}};
  example_init(&ex, "blur",
               "a 4 x 4 box blur through the texture path: 16 nearest reads or 4 bilinear reads a pixel; checked against the CPU",
               opts, argc, argv);
  int w = (int)example_arg(&ex, "width"), h = (int)example_arg(&ex, "height");
  if (w <= 0 || h <= 0) { fprintf(stderr, "--width and --height must be positive\n"); return 2; }
  cl_bool images = CL_FALSE;
  CL_CHECK(clGetDeviceInfo(ex.device, CL_DEVICE_IMAGE_SUPPORT, sizeof images, &images, NULL));
  if (!images) {
    printf("blur: skipped: %s has no image support\n", ex.device_name);
    clReleaseCommandQueue(ex.queue);
    clReleaseContext(ex.context);
    return 77;
  }

  /* A test picture: gradients, a checkerboard and a disc, 8-bit RGBA. */
  size_t npix = (size_t)w * h;
  unsigned char *img = example_alloc(npix * 4), *out = example_alloc(npix * 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      unsigned char *p = img + ((size_t)y * w + x) * 4;
      int dx = x - w / 2, dy = y - h / 2, r = (w < h ? w : h) / 3;
      p[0] = (unsigned char)(x * 255 / (w > 1 ? w - 1 : 1));
      p[1] = (unsigned char)(y * 255 / (h > 1 ? h - 1 : 1));
      p[2] = ((x / 8) ^ (y / 8)) & 1 ? 255 : 0;
      p[3] = dx * dx + dy * dy < r * r ? 255 : 64;
    }

  cl_program prog = example_build(&ex, "");
  cl_int err;
  cl_image_format fmt = {CL_RGBA, CL_UNORM_INT8};
  cl_image_desc desc = {.image_type = CL_MEM_OBJECT_IMAGE2D, .image_width = (size_t)w, .image_height = (size_t)h};
  cl_mem src = clCreateImage(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, &fmt, &desc, img, &err);
  CL_CHECK_ERR(err);
  cl_mem dst = clCreateImage(ex.context, CL_MEM_WRITE_ONLY, &fmt, &desc, NULL, &err);
  CL_CHECK_ERR(err);
  printf("%d x %d RGBA image, 4 x 4 box blur, work-groups of 16 x 8\n", w, h);
  size_t bad = run(&ex, prog, "blur_nearest", src, dst, w, h, img, out);
  bad += run(&ex, prog, "blur_linear", src, dst, w, h, img, out);
  if (bad) printf("%zu channels differ from the CPU by more than one step\n", bad);

  clReleaseMemObject(src);
  clReleaseMemObject(dst);
  clReleaseProgram(prog);
  free(img);
  free(out);
  return example_finish(&ex, bad == 0);
}
