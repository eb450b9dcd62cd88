/* heat.cl - one explicit step of 2D heat diffusion on a device's band of rows.  u and v hold
 * rows + 2 rows of w floats: row 0 and row rows + 1 are halo (the neighbours' edge rows, or the
 * plate's fixed top and bottom edges); columns 0 and w - 1 are fixed edges too. */
kernel void diffuse(global const float *u, global float *v, uint w, uint rows, float alpha) {
  uint x = get_global_id(0), y = get_global_id(1) + 1;
  if (x >= w || y > rows) return;
  size_t i = (size_t)y * w + x;
  if (x == 0 || x == w - 1) { v[i] = u[i]; return; }
  v[i] = u[i] + alpha * (u[i - w] + u[i + w] + u[i - 1] + u[i + 1] - 4.0f * u[i]);
}

/* The band's first and last rows, into the small buffers its neighbours fetch. */
kernel void edges(global const float *v, global float *top, global float *bottom, uint w, uint rows) {
  uint x = get_global_id(0);
  if (x >= w) return;
  top[x] = v[(size_t)1 * w + x];
  bottom[x] = v[(size_t)rows * w + x];
}
