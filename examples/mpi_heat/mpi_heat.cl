/* mpi_heat.cl - the heat example's step, on one rank's band of rows: u and v hold rows + 2 rows of
 * w floats; rows 0 and rows + 1 are halo (the neighbour ranks' edge rows, or the plate's fixed top
 * and bottom edges); columns 0 and w - 1 are fixed edges too. */
kernel void diffuse(global const float *u, global float *v, uint w, uint rows, float alpha) {
  uint x = get_global_id(0), y = get_global_id(1) + 1;
  if (x >= w || y > rows) return;
  size_t i = (size_t)y * w + x;
  if (x == 0 || x == w - 1) { v[i] = u[i]; return; }
  v[i] = u[i] + alpha * (u[i - w] + u[i + w] + u[i - 1] + u[i + 1] - 4.0f * u[i]);
}
