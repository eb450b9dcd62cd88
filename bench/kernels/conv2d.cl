/* conv2d.cl - 2D convolution of a w x h image with a (2R+1)^2 filter held in __constant memory.
 * Each 16x16 work-group loads its tile plus an R-pixel halo into __local memory once, then every
 * work-item reads its neighbourhood from there.  Pixels outside the image count as 0. */
#define R 2
#define B 16
#define T (B + 2 * R)
__kernel __attribute__((reqd_work_group_size(B, B, 1)))
void conv2d(__global const float *in, __constant float *filter, __global float *out,
            uint w, uint h) {
  __local float tile[T][T];
  int lx = get_local_id(0), ly = get_local_id(1);
  int gx = get_group_id(0) * B, gy = get_group_id(1) * B;
  for (int y = ly; y < T; y += B)
    for (int x = lx; x < T; x += B) {
      int sx = gx + x - R, sy = gy + y - R;
      tile[y][x] = (sx >= 0 && sy >= 0 && sx < (int)w && sy < (int)h) ? in[sy * w + sx] : 0.0f;
    }
  barrier(CLK_LOCAL_MEM_FENCE);
  int x = gx + lx, y = gy + ly;
  if (x >= (int)w || y >= (int)h) return;
  float acc = 0.0f;
  for (int fy = 0; fy <= 2 * R; fy++)
    for (int fx = 0; fx <= 2 * R; fx++)
      acc += filter[fy * (2 * R + 1) + fx] * tile[ly + fy][lx + fx];
  out[y * w + x] = acc;
}
