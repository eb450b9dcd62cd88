/* blur.cl - a 4 x 4 box blur of an RGBA image, twice: with 16 nearest reads per pixel, and with 4
 * bilinear reads that each average a 2 x 2 block.
 *
 * A sampler with CLK_FILTER_LINEAR and unnormalized coordinates reads at (u, v) the weighted sum of
 * the four texels around (u - 0.5, v - 0.5) (OpenCL 3.0 s8.2): with u and v whole numbers the
 * weights are all 1/4, so one read at (x, y) is the average of texels x-1..x and y-1..y.  Four
 * such reads at x-1 and x+1, y-1 and y+1 average the 4 x 4 block x-2..x+1, y-2..y+1: the texture
 * unit does 3/4 of the additions.  CLK_ADDRESS_CLAMP_TO_EDGE repeats the edge texels outside. */
__constant sampler_t nearest = CLK_NORMALIZED_COORDS_FALSE | CLK_ADDRESS_CLAMP_TO_EDGE | CLK_FILTER_NEAREST;
__constant sampler_t linear = CLK_NORMALIZED_COORDS_FALSE | CLK_ADDRESS_CLAMP_TO_EDGE | CLK_FILTER_LINEAR;

__kernel void blur_nearest(read_only image2d_t src, write_only image2d_t dst) {
  int x = get_global_id(0), y = get_global_id(1);
  if (x >= get_image_width(dst) || y >= get_image_height(dst)) return;
  float4 sum = 0.0f;
  for (int dy = -2; dy <= 1; dy++)
    for (int dx = -2; dx <= 1; dx++)
      sum += read_imagef(src, nearest, (int2)(x + dx, y + dy));
  write_imagef(dst, (int2)(x, y), sum / 16.0f);
}

__kernel void blur_linear(read_only image2d_t src, write_only image2d_t dst) {
  int x = get_global_id(0), y = get_global_id(1);
  if (x >= get_image_width(dst) || y >= get_image_height(dst)) return;
  float fx = (float)x, fy = (float)y;
  float4 sum = read_imagef(src, linear, (float2)(fx - 1.0f, fy - 1.0f)) + read_imagef(src, linear, (float2)(fx + 1.0f, fy - 1.0f)) +
               read_imagef(src, linear, (float2)(fx - 1.0f, fy + 1.0f)) + read_imagef(src, linear, (float2)(fx + 1.0f, fy + 1.0f));
  write_imagef(dst, (int2)(x, y), sum / 4.0f);
}
