/* mpi_heat - heat diffusion across machines: MPI between processes, OpenCL inside each.
 *
 * The plate of the heat example, split by bands of rows across MPI ranks; each rank drives its own
 * OpenCL device (on VirtualGPU: a device of its own process, with its own SM processes) and the
 * ranks exchange their edge rows with MPI every step, the way HPC codes use one GPU per rank.  So
 * every halo row crosses the rank's host link twice per step, up before MPI_Sendrecv and down
 * after it, and the modelled link costs each rank reports say so.  Run with
 * `mpirun -n 2 build/examples/mpi_heat`; across machines, with a hostfile (docs/interconnect.md).
 * MPI carries the bytes between ranks: VirtualGPU adds no networking of its own.
 *
 * Rank 0 gathers the plate and checks it against the same computation on the CPU; each rank
 * checks its own link counters against its share of the formula.
 * Options: the table at the top of main() (`--help` prints it with the defaults). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "example.h"
#include "../heat/heat_check.h"

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, nranks;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &nranks);
  struct example ex;
  struct example_option opts[] = {{"w", 128, "columns"}, {"h", 128, "rows"}, {"steps", 20, "time steps"},
                                  {NULL, 0, NULL}};
  example_init(&ex, "mpi_heat", "2D heat diffusion split by rows across MPI ranks, one OpenCL device each",
               opts, argc, argv);
  cl_uint w = (cl_uint)example_arg(&ex, "w"), h = (cl_uint)example_arg(&ex, "h"), steps = (cl_uint)example_arg(&ex, "steps");
  if (w < 3 || h < (cl_uint)nranks) {
    if (rank == 0) fprintf(stderr, "--w must be at least 3 and --h at least the %d ranks\n", nranks);
    MPI_Finalize();
    return 2;
  }
  cl_program prog = example_build(&ex, "");
  cl_int err;
  cl_kernel k = clCreateKernel(prog, "diffuse", &err);
  CL_CHECK_ERR(err);
  const float alpha = 0.2f;
  size_t rowb = (size_t)w * sizeof(float);
  cl_uint first = (cl_uint)((unsigned long long)h * rank / nranks), rows = (cl_uint)((unsigned long long)h * (rank + 1) / nranks) - first;
  printf("rank %d of %d: rows %u..%u of %u x %u\n", rank, nranks, first, first + rows, h, w);

  /* This rank's band with its two halo rows; the plate's top edge (100 degrees) is rank 0's top
   * halo row, the bottom edge (0) the last rank's: never written again. */
  float *band = calloc((size_t)(rows + 2) * w, sizeof(float));
  if (rank == 0) for (cl_uint x = 0; x < w; x++) band[x] = 100.0f;
  size_t bytes = (rows + 2) * rowb;
  cl_mem u = clCreateBuffer(ex.context, CL_MEM_READ_WRITE, bytes, NULL, &err);
  CL_CHECK_ERR(err);
  cl_mem v = clCreateBuffer(ex.context, CL_MEM_READ_WRITE, bytes, NULL, &err);
  CL_CHECK_ERR(err);
  CL_CHECK(clEnqueueWriteBuffer(ex.queue, u, CL_TRUE, 0, bytes, band, 0, NULL, NULL));
  CL_CHECK(clEnqueueWriteBuffer(ex.queue, v, CL_TRUE, 0, bytes, band, 0, NULL, NULL));
  unsigned long long written = 2 * bytes, read = 0;
  int up = rank > 0 ? rank - 1 : MPI_PROC_NULL, down = rank + 1 < nranks ? rank + 1 : MPI_PROC_NULL;
  float *sendtop = malloc(rowb), *sendbot = malloc(rowb), *recvtop = malloc(rowb), *recvbot = malloc(rowb);
  for (cl_uint s = 0; s < steps; s++) {
    CL_CHECK(clSetKernelArg(k, 0, sizeof u, &u));
    CL_CHECK(clSetKernelArg(k, 1, sizeof v, &v));
    CL_CHECK(clSetKernelArg(k, 2, sizeof w, &w));
    CL_CHECK(clSetKernelArg(k, 3, sizeof rows, &rows));
    CL_CHECK(clSetKernelArg(k, 4, sizeof alpha, &alpha));
    size_t local[2] = {16, 4}, global[2] = {(w + 15) / 16 * 16, (rows + 3) / 4 * 4};
    CL_CHECK(clEnqueueNDRangeKernel(ex.queue, k, 2, NULL, global, local, 0, NULL, NULL));
    /* The halo exchange: edge rows up to the host, across MPI, down into the neighbours' halos. */
    if (up != MPI_PROC_NULL) {
      CL_CHECK(clEnqueueReadBuffer(ex.queue, v, CL_FALSE, rowb, rowb, sendtop, 0, NULL, NULL));
      read += rowb;
    }
    if (down != MPI_PROC_NULL) {
      CL_CHECK(clEnqueueReadBuffer(ex.queue, v, CL_FALSE, rows * rowb, rowb, sendbot, 0, NULL, NULL));
      read += rowb;
    }
    CL_CHECK(clFinish(ex.queue));
    MPI_Sendrecv(sendtop, (int)w, MPI_FLOAT, up, 0, recvbot, (int)w, MPI_FLOAT, down, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(sendbot, (int)w, MPI_FLOAT, down, 1, recvtop, (int)w, MPI_FLOAT, up, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (up != MPI_PROC_NULL) {
      CL_CHECK(clEnqueueWriteBuffer(ex.queue, v, CL_FALSE, 0, rowb, recvtop, 0, NULL, NULL));
      written += rowb;
    }
    if (down != MPI_PROC_NULL) {
      CL_CHECK(clEnqueueWriteBuffer(ex.queue, v, CL_FALSE, (rows + 1) * rowb, rowb, recvbot, 0, NULL, NULL));
      written += rowb;
    }
    CL_CHECK(clFinish(ex.queue)); /* the host buffers are reused next step */
    cl_mem t = u; u = v; v = t;
  }
  CL_CHECK(clEnqueueReadBuffer(ex.queue, u, CL_TRUE, rowb, rows * rowb, band + w, 0, NULL, NULL));
  read += rows * rowb;

  /* Rank 0 gathers the bands and checks them against the CPU. */
  int *counts = malloc(nranks * sizeof *counts), *displs = malloc(nranks * sizeof *displs);
  for (int r = 0; r < nranks; r++) {
    cl_uint f = (cl_uint)((unsigned long long)h * r / nranks), l = (cl_uint)((unsigned long long)h * (r + 1) / nranks);
    counts[r] = (int)((l - f) * w);
    displs[r] = (int)(f * w);
  }
  float *plate = rank == 0 ? calloc((size_t)(h + 2) * w, sizeof(float)) : NULL;
  MPI_Gatherv(band + w, (int)(rows * w), MPI_FLOAT, plate ? plate + w : NULL, counts, displs, MPI_FLOAT, 0, MPI_COMM_WORLD);
  int ok = 1;
  if (rank == 0) {
    float *start = calloc((size_t)(h + 2) * w, sizeof(float)); /* the top edge at 100, the rest 0 */
    for (cl_uint x = 0; start && x < w; x++) start[x] = 100.0f;
    ok = start && heat_check(plate, start, w, h, steps, alpha) == 0;
    free(start); free(plate);
  }
  /* Per rank and step: each neighbour's row comes down, our edge row goes up, for each neighbour. */
  printf("rank %d: halo rows through the host link: %d neighbour(s) x %u steps x 2 rows of %zu bytes\n", rank,
         (up != MPI_PROC_NULL) + (down != MPI_PROC_NULL), steps, rowb);
  fflush(stdout);
  int links_ok = example_check_links(&ex, written, read, 0);
  int all_ok = 0, mine = ok && links_ok;
  MPI_Allreduce(&mine, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
  clReleaseMemObject(u); clReleaseMemObject(v); clReleaseKernel(k);
  free(band); free(sendtop); free(sendbot); free(recvtop); free(recvbot); free(counts); free(displs);
  int status = example_finish(&ex, all_ok);
  MPI_Finalize();
  return status;
}
