/* matmul.cl - C = A * B for n x n row-major matrices, in TILE x TILE tiles staged in __local memory.
 *
 * Each work-group computes one TILE x TILE block of C, one element per work-item.  A plain loop
 * would read 2n values from global memory per element; here the work-group walks along the shared
 * dimension one tile at a time: each work-item loads ONE element of A's tile and ONE of B's into
 * local memory, the group waits at a barrier, then every work-item reads TILE values of each tile
 * from local memory.  Global reads drop TILE-fold.  The second barrier keeps the next iteration
 * from overwriting a tile that slower work-items are still reading.
 * Elements beyond n (when n is not a multiple of TILE) load as 0 and are never stored.
 * TILE comes from the build options (-D TILE=16); the default below is the same, so that the file
 * also builds on its own (`vgpu dis examples/matmul/matmul.cl`). */
#ifndef TILE
#define TILE 16
#endif
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void matmul(__global const float *A, __global const float *B, __global float *C, int n) {
  __local float As[TILE][TILE], Bs[TILE][TILE];
  int tx = get_local_id(0), ty = get_local_id(1);
  int col = get_global_id(0), row = get_global_id(1);
  float sum = 0.0f;
  for (int t = 0; t < n; t += TILE) {
    As[ty][tx] = (row < n && t + tx < n) ? A[row * n + t + tx] : 0.0f;
    Bs[ty][tx] = (t + ty < n && col < n) ? B[(t + ty) * n + col] : 0.0f;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int k = 0; k < TILE; k++)
      sum += As[ty][k] * Bs[k][tx];
    barrier(CLK_LOCAL_MEM_FENCE);
  }
  if (row < n && col < n)
    C[row * n + col] = sum;
}
