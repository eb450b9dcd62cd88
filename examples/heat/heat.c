/* heat - heat diffusion on a square plate split across every device by bands of rows, with a halo
 * exchange every step: the multi-GPU stencil pattern.
 *
 * The plate is h x w cells; its top edge is held at 100 degrees, the other edges at 0.  Device d
 * owns a band of rows and keeps two more, its halo: copies of the last row of the band above and
 * the first row of the band below.  Each step a device computes its band from the previous one
 * (a 5-point stencil), puts its first and last rows in two small buffers (`top`, `bottom`), and
 * copies its neighbours' into its halo rows; the runtime brings each small buffer from the device
 * that wrote it, over a peer link (VGPU_TOPOLOGY=ring) or through the host.  So each step moves
 * 2 (D - 1) rows of w floats between devices, whatever the plate's height: communication grows
 * with the boundary, computation with the area.
 *
 * The result is checked against the same computation on the CPU.
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "example.h"
#include "heat_check.h"

#define MAX_DEVICES 16

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {{"w", 128, "columns"}, {"h", 128, "rows"}, {"steps", 20, "time steps"},
                                  {NULL, 0, NULL}};
  example_init(&ex, "heat", "2D heat diffusion split by rows across every device, halo exchange each step",
               opts, argc, argv);
  cl_uint w = (cl_uint)example_arg(&ex, "w"), h = (cl_uint)example_arg(&ex, "h"), steps = (cl_uint)example_arg(&ex, "steps");
  cl_device_id devs[MAX_DEVICES];
  cl_uint D = 0;
  CL_CHECK(clGetDeviceIDs(ex.platform, CL_DEVICE_TYPE_ALL, MAX_DEVICES, devs, &D));
  if (D > MAX_DEVICES) D = MAX_DEVICES;
  if (w < 3 || h < D) { fprintf(stderr, "--w must be at least 3 and --h at least the %u devices\n", D); return 2; }
  cl_int err;
  cl_context ctx = clCreateContext(NULL, D, devs, NULL, NULL, &err);
  CL_CHECK_ERR(err);
  cl_program prog = example_build_for(&ex, ctx, D, devs, "");
  const float alpha = 0.2f;
  printf("%u device(s), plate %u x %u, %u steps\n", D, h, w, steps);

  /* The plate with its fixed top and bottom edges: rows 0 and h + 1. */
  size_t rowb = (size_t)w * sizeof(float);
  float *plate = example_alloc((h + 2) * rowb), *start = example_alloc((h + 2) * rowb);
  memset(plate, 0, (h + 2) * rowb);
  for (cl_uint x = 0; x < w; x++) plate[x] = 100.0f;
  memcpy(start, plate, (h + 2) * rowb); /* for the CPU reference */

  cl_uint first[MAX_DEVICES + 1];
  for (cl_uint d = 0; d <= D; d++) first[d] = (cl_uint)((unsigned long long)h * d / D);
  cl_command_queue q[MAX_DEVICES];
  cl_mem u[MAX_DEVICES], v[MAX_DEVICES], top[MAX_DEVICES], bot[MAX_DEVICES];
  cl_kernel ks[MAX_DEVICES], ke[MAX_DEVICES];
  unsigned long long written = 0, read = 0;
  for (cl_uint d = 0; d < D; d++) {
    cl_uint rows = first[d + 1] - first[d];
    size_t bytes = (rows + 2) * rowb;
    q[d] = clCreateCommandQueue(ctx, devs[d], 0, &err);
    CL_CHECK_ERR(err);
    u[d] = clCreateBuffer(ctx, CL_MEM_READ_WRITE, bytes, NULL, &err);
    CL_CHECK_ERR(err);
    v[d] = clCreateBuffer(ctx, CL_MEM_READ_WRITE, bytes, NULL, &err);
    CL_CHECK_ERR(err);
    top[d] = clCreateBuffer(ctx, CL_MEM_READ_WRITE, rowb, NULL, &err);
    CL_CHECK_ERR(err);
    bot[d] = clCreateBuffer(ctx, CL_MEM_READ_WRITE, rowb, NULL, &err);
    CL_CHECK_ERR(err);
    /* The band with its halo rows (plate rows first[d] .. first[d + 1] + 1), in both buffers: the
     * rows of the plate's fixed edges are never written again. */
    CL_CHECK(clEnqueueWriteBuffer(q[d], u[d], CL_FALSE, 0, bytes, plate + (size_t)first[d] * w, 0, NULL, NULL));
    CL_CHECK(clEnqueueWriteBuffer(q[d], v[d], CL_FALSE, 0, bytes, plate + (size_t)first[d] * w, 0, NULL, NULL));
    written += 2 * bytes;
    ks[d] = clCreateKernel(prog, "diffuse", &err);
    CL_CHECK_ERR(err);
    ke[d] = clCreateKernel(prog, "edges", &err);
    CL_CHECK_ERR(err);
  }

  cl_event edges_done[MAX_DEVICES] = {0}, halo_done[MAX_DEVICES] = {0};
  for (cl_uint s = 0; s < steps; s++) {
    for (cl_uint d = 0; d < D; d++) { /* compute the band, then publish its edge rows */
      cl_uint rows = first[d + 1] - first[d];
      CL_CHECK(clSetKernelArg(ks[d], 0, sizeof u[d], &u[d]));
      CL_CHECK(clSetKernelArg(ks[d], 1, sizeof v[d], &v[d]));
      CL_CHECK(clSetKernelArg(ks[d], 2, sizeof w, &w));
      CL_CHECK(clSetKernelArg(ks[d], 3, sizeof rows, &rows));
      CL_CHECK(clSetKernelArg(ks[d], 4, sizeof alpha, &alpha));
      size_t local[2] = {16, 4}, global[2] = {(w + 15) / 16 * 16, (rows + 3) / 4 * 4};
      /* The neighbours must have taken the previous step's edge rows before they are replaced. */
      cl_event wait[2];
      cl_uint nw = 0;
      if (d > 0 && halo_done[d - 1]) wait[nw++] = halo_done[d - 1];
      if (d + 1 < D && halo_done[d + 1]) wait[nw++] = halo_done[d + 1];
      CL_CHECK(clEnqueueNDRangeKernel(q[d], ks[d], 2, NULL, global, local, nw, nw ? wait : NULL, NULL));
      CL_CHECK(clSetKernelArg(ke[d], 0, sizeof v[d], &v[d]));
      CL_CHECK(clSetKernelArg(ke[d], 1, sizeof top[d], &top[d]));
      CL_CHECK(clSetKernelArg(ke[d], 2, sizeof bot[d], &bot[d]));
      CL_CHECK(clSetKernelArg(ke[d], 3, sizeof w, &w));
      CL_CHECK(clSetKernelArg(ke[d], 4, sizeof rows, &rows));
      size_t el = 16, eg = (w + 15) / 16 * 16;
      if (edges_done[d]) clReleaseEvent(edges_done[d]);
      CL_CHECK(clEnqueueNDRangeKernel(q[d], ke[d], 1, NULL, &eg, &el, 0, NULL, &edges_done[d]));
      CL_CHECK(clFlush(q[d]));
    }
    for (cl_uint d = 0; d < D; d++) { /* the halo exchange: neighbours' edge rows into ours */
      cl_uint rows = first[d + 1] - first[d];
      cl_event e;
      if (halo_done[d]) clReleaseEvent(halo_done[d]);
      halo_done[d] = NULL;
      if (d > 0) {
        CL_CHECK(clEnqueueCopyBuffer(q[d], bot[d - 1], v[d], 0, 0, rowb, 1, &edges_done[d - 1], &e));
        halo_done[d] = e;
      }
      if (d + 1 < D) {
        CL_CHECK(clEnqueueCopyBuffer(q[d], top[d + 1], v[d], 0, (rows + 1) * rowb, rowb, 1, &edges_done[d + 1], &e));
        if (halo_done[d]) clReleaseEvent(halo_done[d]);
        halo_done[d] = e; /* in-order queue: the last copy done means both are */
      }
      CL_CHECK(clFlush(q[d]));
      cl_mem t = u[d]; u[d] = v[d]; v[d] = t;
    }
  }
  for (cl_uint d = 0; d < D; d++) {
    cl_uint rows = first[d + 1] - first[d];
    CL_CHECK(clEnqueueReadBuffer(q[d], u[d], CL_TRUE, rowb, rows * rowb, plate + (size_t)(first[d] + 1) * w, 0, NULL, NULL));
    read += rows * rowb;
  }

  size_t bad = heat_check(plate, start, w, h, steps, alpha); /* the CPU reference */
  printf("centre column, top to bottom: %.2f %.2f %.2f %.2f\n", plate[(size_t)1 * w + w / 2],
         plate[(size_t)(h / 4 + 1) * w + w / 2], plate[(size_t)(h / 2 + 1) * w + w / 2], plate[(size_t)h * w + w / 2]);
  unsigned long long halo = 2ull * (D - 1) * steps * rowb;
  printf("halo exchange: 2 (D - 1) rows of %u floats per step = %llu bytes in %u steps\n", w, halo, steps);
  int links_ok = example_check_links(&ex, written, read, halo);

  for (cl_uint d = 0; d < D; d++) {
    if (edges_done[d]) clReleaseEvent(edges_done[d]);
    if (halo_done[d]) clReleaseEvent(halo_done[d]);
    clReleaseMemObject(u[d]); clReleaseMemObject(v[d]); clReleaseMemObject(top[d]); clReleaseMemObject(bot[d]);
    clReleaseKernel(ks[d]); clReleaseKernel(ke[d]); clReleaseCommandQueue(q[d]);
  }
  clReleaseProgram(prog);
  clReleaseContext(ctx);
  free(plate); free(start);
  return example_finish(&ex, bad == 0 && links_ok);
}
