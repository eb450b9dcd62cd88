/* sgemm_naive.cl - C = A * B for n x n row-major matrices, one work-item per element of C.
 * Every work-item streams a row of A and a column of B from global memory: the uncoalesced
 * column reads are what the tiled version fixes. */
__kernel void sgemm_naive(__global const float *a, __global const float *b, __global float *c,
                          uint n) {
  uint col = get_global_id(0), row = get_global_id(1);
  if (row >= n || col >= n) return;
  float acc = 0.0f;
  for (uint k = 0; k < n; k++) acc += a[row * n + k] * b[k * n + col];
  c[row * n + col] = acc;
}
