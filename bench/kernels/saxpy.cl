/* saxpy.cl - z = alpha * x + y (BLAS level 1), written out of place so every repetition sees the
 * same input and the result can be checked after the timed runs. */
__kernel void saxpy(float alpha, __global const float *x, __global const float *y,
                    __global float *z, uint n) {
  size_t i = get_global_id(0);
  if (i < n) z[i] = alpha * x[i] + y[i];
}
