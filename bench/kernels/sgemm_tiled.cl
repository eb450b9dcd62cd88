/* sgemm_tiled.cl - C = A * B with TILE x TILE tiles of A and B staged in __local memory: each
 * global element is read n/TILE times instead of n times.  n must be a multiple of TILE and the
 * work-group TILE x TILE. */
#define TILE 16
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void sgemm_tiled(__global const float *a, __global const float *b, __global float *c, uint n) {
  __local float ta[TILE][TILE], tb[TILE][TILE];
  uint lx = get_local_id(0), ly = get_local_id(1);
  uint col = get_global_id(0), row = get_global_id(1);
  float acc = 0.0f;
  for (uint t = 0; t < n; t += TILE) {
    ta[ly][lx] = a[row * n + t + lx];
    tb[ly][lx] = b[(t + ly) * n + col];
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint k = 0; k < TILE; k++) acc += ta[ly][k] * tb[k][lx];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  c[row * n + col] = acc;
}
