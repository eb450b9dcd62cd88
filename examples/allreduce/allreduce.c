/* allreduce - a ring all-reduce of a vector across every device: each device starts with its own
 * vector of n floats and ends with the element-wise sum of all of them, as data-parallel training
 * sums its gradients.
 *
 * The vector is cut into D chunks (D devices).  Reduce-scatter: in D - 1 steps, device d sends one
 * chunk to device d + 1 (mod D), which adds it to its own; afterwards device d holds the full sum
 * of chunk d + 1.  All-gather: in D - 1 more steps the finished chunks travel round the ring, each
 * copied over the receiver's.  Each step every device sends n / D floats, so the devices move
 * 2 (D - 1) n / D floats each, 2 (D - 1) n floats in all, whatever D: the reason the ring is used.
 *
 * A chunk is sent by copying it, on the sender, into a small buffer of its own (`send[d]`): the
 * receiver's kernel or copy then uses that buffer, and the runtime brings it to the receiver's
 * memory, over a peer link when the devices have one (VGPU_TOPOLOGY=ring) or through the host.
 * Events order each step's send after the receiver is done with the previous one.
 *
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <stdio.h>
#include <stdlib.h>
#include "example.h"

#define MAX_DEVICES 16

int main(int argc, char **argv) {
  struct example ex;
  struct example_option opts[] = {{"n", 61440, "floats per vector (a multiple of the number of devices)"},
                                  {NULL, 0, NULL}};
  example_init(&ex, "allreduce", "ring all-reduce of one vector per device (VGPU_DEVICES=4 on VirtualGPU)",
               opts, argc, argv);
  cl_uint n = (cl_uint)example_arg(&ex, "n");
  cl_device_id devs[MAX_DEVICES];
  cl_uint D = 0;
  CL_CHECK(clGetDeviceIDs(ex.platform, CL_DEVICE_TYPE_ALL, MAX_DEVICES, devs, &D));
  if (D > MAX_DEVICES) D = MAX_DEVICES;
  if (n == 0 || n % D) { fprintf(stderr, "--n must be a positive multiple of the %u devices\n", D); return 2; }
  cl_uint len = n / D;
  cl_int err;
  cl_context ctx = clCreateContext(NULL, D, devs, NULL, NULL, &err);
  CL_CHECK_ERR(err);
  cl_program prog = example_build_for(&ex, ctx, D, devs, "");
  printf("%u device(s), %u floats each, chunks of %u\n", D, n, len);

  float *host = example_alloc((size_t)n * D * sizeof *host), *want = example_alloc((size_t)n * sizeof *want);
  for (cl_uint i = 0; i < n; i++) want[i] = 0;
  for (cl_uint d = 0; d < D; d++)
    for (cl_uint i = 0; i < n; i++) {
      host[(size_t)d * n + i] = (float)((i * 7 + d * 3) % 100); /* small integers: the sums are exact */
      want[i] += host[(size_t)d * n + i];
    }

  cl_command_queue q[MAX_DEVICES];
  cl_mem x[MAX_DEVICES], send[MAX_DEVICES];
  cl_kernel k[MAX_DEVICES];
  for (cl_uint d = 0; d < D; d++) {
    q[d] = clCreateCommandQueue(ctx, devs[d], 0, &err);
    CL_CHECK_ERR(err);
    x[d] = clCreateBuffer(ctx, CL_MEM_READ_WRITE, (size_t)n * sizeof(float), NULL, &err);
    CL_CHECK_ERR(err);
    send[d] = clCreateBuffer(ctx, CL_MEM_READ_WRITE, (size_t)len * sizeof(float), NULL, &err);
    CL_CHECK_ERR(err);
    k[d] = clCreateKernel(prog, "add_chunk", &err);
    CL_CHECK_ERR(err);
    CL_CHECK(clEnqueueWriteBuffer(q[d], x[d], CL_FALSE, 0, (size_t)n * sizeof(float), host + (size_t)d * n, 0, NULL, NULL));
  }

  /* recv_done[d]: device d has used what d - 1 sent in the previous step (NULL before the first). */
  cl_event recv_done[MAX_DEVICES] = {0}, sent[MAX_DEVICES];
  size_t chunk = (size_t)len * sizeof(float);
  for (cl_uint step = 0; step < 2 * (D - 1); step++) {
    int gather = step >= D - 1;
    cl_uint s = gather ? step - (D - 1) : step;
    for (cl_uint d = 0; d < D; d++) { /* d sends chunk c to d + 1 */
      cl_uint next = (d + 1) % D, c = gather ? (d + 1 + D - s) % D : (d + D - s) % D;
      cl_event wait = recv_done[next];
      CL_CHECK(clEnqueueCopyBuffer(q[d], x[d], send[d], c * chunk, 0, chunk, wait ? 1 : 0, wait ? &wait : NULL, &sent[d]));
      CL_CHECK(clFlush(q[d]));
    }
    for (cl_uint d = 0; d < D; d++) { /* d receives from d - 1 */
      cl_uint prev = (d + D - 1) % D, c = gather ? (prev + 1 + D - s) % D : (prev + D - s) % D;
      if (recv_done[d]) clReleaseEvent(recv_done[d]);
      if (gather) {
        CL_CHECK(clEnqueueCopyBuffer(q[d], send[prev], x[d], 0, c * chunk, chunk, 1, &sent[prev], &recv_done[d]));
      } else {
        cl_uint first = c * len;
        CL_CHECK(clSetKernelArg(k[d], 0, sizeof x[d], &x[d]));
        CL_CHECK(clSetKernelArg(k[d], 1, sizeof first, &first));
        CL_CHECK(clSetKernelArg(k[d], 2, sizeof send[prev], &send[prev]));
        CL_CHECK(clSetKernelArg(k[d], 3, sizeof len, &len));
        size_t local = 64, global = (len + local - 1) / local * local;
        CL_CHECK(clEnqueueNDRangeKernel(q[d], k[d], 1, NULL, &global, &local, 1, &sent[prev], &recv_done[d]));
      }
      CL_CHECK(clFlush(q[d]));
    }
    for (cl_uint d = 0; d < D; d++) clReleaseEvent(sent[d]);
  }
  size_t bad = 0;
  float *got = example_alloc((size_t)n * sizeof *got);
  for (cl_uint d = 0; d < D; d++) {
    CL_CHECK(clEnqueueReadBuffer(q[d], x[d], CL_TRUE, 0, (size_t)n * sizeof(float), got, 0, NULL, NULL));
    for (cl_uint i = 0; i < n; i++)
      if (got[i] != want[i] && bad++ < 5) printf("  device %u: x[%u] = %g, expected %g\n", d, i, got[i], want[i]);
  }
  if (bad) printf("%zu elements wrong\n", bad);
  /* Formula: every device's vector goes down and comes back up once; 2 (D - 1) steps of D chunks
   * travel between devices. */
  unsigned long long V = (unsigned long long)n * sizeof(float) * D, ring = 2ull * (D - 1) * D * chunk;
  printf("between devices: 2 (D - 1) n floats = %llu bytes (%.2f vectors)\n", ring, D ? (double)ring / (n * 4.0) : 0);
  int links_ok = example_check_links(&ex, V, V, ring);

  for (cl_uint d = 0; d < D; d++) {
    if (recv_done[d]) clReleaseEvent(recv_done[d]);
    clReleaseMemObject(x[d]); clReleaseMemObject(send[d]);
    clReleaseKernel(k[d]); clReleaseCommandQueue(q[d]);
  }
  clReleaseProgram(prog);
  clReleaseContext(ctx);
  free(host); free(want); free(got);
  return example_finish(&ex, bad == 0 && links_ok);
}
