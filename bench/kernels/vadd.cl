/* vadd.cl - c = a + b: one load pair and one store per work-item, so memory and launch bound. */
__kernel void vadd(__global const float *a, __global const float *b, __global float *c, uint n) {
  size_t i = get_global_id(0);
  if (i < n) c[i] = a[i] + b[i];
}
