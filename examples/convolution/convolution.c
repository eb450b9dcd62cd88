/* convolution - blur an image with a 5x5 filter: __constant filter, __local tiles with a halo,
 * and a barrier between loading a tile and using it (the kernel's comment explains why).
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

#define TILE 16
#define R 2
#define FW (2 * R + 1)

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {
      {"width", 300, "image width in pixels"},
      {"height", 200, "image height in pixels"},
      {NULL, 0, NULL}};
  example_init(&ex, "convolution",
               "blur a grey image with a 5 x 5 filter, tiles in __local memory; checked against the CPU",
               opts, argc, argv);
  int width = (int)example_arg(&ex, "width"), height = (int)example_arg(&ex, "height");
  if (width <= 0 || height <= 0) { fprintf(stderr, "--width and --height must be positive\n"); return 2; }
  size_t npix = (size_t)width * height;

  /* A test image (a few gradients and a checkerboard) and a Gaussian-like filter that sums to 1. */
  float *img = example_alloc(npix * sizeof *img), *out = example_alloc(npix * sizeof *out);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      img[y * width + x] = (float)((x * 7 + y * 3) % 64) / 64.0f + (((x / 8) ^ (y / 8)) & 1 ? 0.5f : 0.0f);
  float filter[FW * FW], w1[FW] = {1, 4, 6, 4, 1};
  for (int i = 0; i < FW; i++)
    for (int j = 0; j < FW; j++) filter[i * FW + j] = w1[i] * w1[j] / 256.0f;

  char options[64];
  snprintf(options, sizeof options, "-D TILE=%d -D R=%d", TILE, R);
  cl_program prog = example_build(&ex, options);
  cl_int err;
  cl_kernel k = clCreateKernel(prog, "convolution", &err);
  CL_CHECK_ERR(err);
  cl_mem din = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, npix * sizeof *img, img, &err);
  CL_CHECK_ERR(err);
  cl_mem dout = clCreateBuffer(ex.context, CL_MEM_WRITE_ONLY, npix * sizeof *out, NULL, &err);
  CL_CHECK_ERR(err);
  cl_mem dfilter = clCreateBuffer(ex.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof filter, filter, &err);
  CL_CHECK_ERR(err);
  CL_CHECK(clSetKernelArg(k, 0, sizeof din, &din));
  CL_CHECK(clSetKernelArg(k, 1, sizeof dout, &dout));
  CL_CHECK(clSetKernelArg(k, 2, sizeof dfilter, &dfilter));
  CL_CHECK(clSetKernelArg(k, 3, sizeof width, &width));
  CL_CHECK(clSetKernelArg(k, 4, sizeof height, &height));

  /* One work-item per pixel, in TILE x TILE work-groups: the NDRange is rounded up to whole tiles. */
  size_t local[2] = {TILE, TILE};
  size_t global[2] = {(size_t)(width + TILE - 1) / TILE * TILE, (size_t)(height + TILE - 1) / TILE * TILE};
  cl_event ev;
  CL_CHECK(clEnqueueNDRangeKernel(ex.queue, k, 2, NULL, global, local, 0, NULL, &ev));
  CL_CHECK(clEnqueueReadBuffer(ex.queue, dout, CL_TRUE, 0, npix * sizeof *out, out, 1, &ev, NULL));
  printf("%d x %d image, %dx%d filter, %zu x %zu work-groups of %dx%d, kernel %.3f ms\n", width, height, FW,
         FW, global[0] / TILE, global[1] / TILE, TILE, TILE, example_event_ms(ev));

  /* CPU reference, same clamp-to-edge rule.  The device may fuse multiply-adds, so compare with
   * a tolerance far below the filter's smallest weight times a pixel (1/256 * 1/64). */
  size_t bad = 0;
  double maxerr = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++) {
      float want = 0.0f;
      for (int fy = 0; fy < FW; fy++)
        for (int fx = 0; fx < FW; fx++)
          want += filter[fy * FW + fx] * img[clampi(y + fy - R, 0, height - 1) * width + clampi(x + fx - R, 0, width - 1)];
      double e = fabs((double)out[y * width + x] - want);
      if (e > maxerr) maxerr = e;
      if (!(e <= 1e-5) && bad++ < 5) printf("  out(%d,%d) = %g, expected %g\n", x, y, out[y * width + x], want);
    }
  printf("largest difference from the CPU: %.2g\n", maxerr);
  if (bad) printf("%zu of %zu pixels wrong\n", bad, npix);

  clReleaseEvent(ev);
  clReleaseMemObject(din); clReleaseMemObject(dout); clReleaseMemObject(dfilter);
  clReleaseKernel(k); clReleaseProgram(prog);
  free(img); free(out);
  return example_finish(&ex, bad == 0);
}
