/* vecmul.cl - c[i] = a[i] * b[i], one work-item per element.
 *
 * a, b and c are __global pointers: addresses in the device's global memory, indexed like any C
 * array.  get_global_id(0) is this work-item's position in the NDRange; the NDRange is rounded up
 * to a whole number of work-groups, so the work-items past the end of the vectors must do nothing. */
__kernel void vecmul(__global const float *a, __global const float *b, __global float *c, uint n) {
  size_t i = get_global_id(0);
  if (i < n)
    c[i] = a[i] * b[i];
}
