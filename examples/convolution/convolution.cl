/* convolution.cl - 2D convolution of a grey image with a (2R+1) x (2R+1) filter.
 *
 * Three kinds of memory at work:
 *  - the filter is __constant: read-only for the whole launch, the same few values read by every
 *    work-item (a GPU serves these from a constant cache);
 *  - each work-group first copies the image tile it needs into __local memory, shared by the
 *    work-group only: its TILE x TILE pixels plus a halo of R pixels on each side, because the
 *    pixels at the tile's edge need neighbours that belong to the next tile;
 *  - each pixel of the tile is then read up to (2R+1)^2 times from fast local memory instead of
 *    global memory.
 * barrier() separates the two phases: no work-item may read the tile before all have written it.
 * Pixels outside the image repeat the nearest edge pixel (clamp to edge).
 * TILE and R come from the build options (-D TILE=16 -D R=2); the defaults below are the same, so
 * that the file also builds on its own (`vgpu dis examples/convolution/convolution.cl`). */
#ifndef TILE
#define TILE 16
#endif
#ifndef R
#define R 2
#endif
#define SPAN (TILE + 2 * R)   /* tile width including the halo */

__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void convolution(__global const float *in, __global float *out, __constant float *filter,
                 int width, int height) {
  __local float tile[SPAN][SPAN];
  int lx = get_local_id(0), ly = get_local_id(1);
  int x0 = get_group_id(0) * TILE - R, y0 = get_group_id(1) * TILE - R; /* tile origin, halo included */

  /* Phase 1: the TILE x TILE work-items load SPAN x SPAN pixels together, some loading two or four. */
  for (int y = ly; y < SPAN; y += TILE)
    for (int x = lx; x < SPAN; x += TILE) {
      int ix = clamp(x0 + x, 0, width - 1), iy = clamp(y0 + y, 0, height - 1);
      tile[y][x] = in[iy * width + ix];
    }
  barrier(CLK_LOCAL_MEM_FENCE);

  /* Phase 2: every work-item computes its own pixel from the tile. */
  int gx = get_global_id(0), gy = get_global_id(1);
  if (gx >= width || gy >= height) /* the work-groups at the right and bottom edges overhang the image */
    return;
  float sum = 0.0f;
  for (int fy = 0; fy <= 2 * R; fy++)
    for (int fx = 0; fx <= 2 * R; fx++)
      sum += filter[fy * (2 * R + 1) + fx] * tile[ly + fy][lx + fx];
  out[gy * width + gx] = sum;
}
