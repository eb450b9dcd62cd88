/* matmul_split.cl - C = A B for a band of rows: a holds the band's rows of A, c receives the same
 * rows of C; b is all of B (n x n). */
kernel void matmul_rows(global const float *a, global const float *b, global float *c, uint n, uint rows) {
  uint col = get_global_id(0), row = get_global_id(1);
  if (col >= n || row >= rows) return;
  float sum = 0.0f;
  for (uint k = 0; k < n; k++) sum += a[(size_t)row * n + k] * b[(size_t)k * n + col];
  c[(size_t)row * n + col] = sum;
}
