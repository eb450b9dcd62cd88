/* multigpu.cl - y = a * x + y (SAXPY) on one slice of the vectors.  Each device runs this kernel
 * on its own slice, in its own memory: nothing in the kernel knows there are other devices. */
__kernel void saxpy(float a, __global const float *x, __global float *y, uint n) {
  size_t i = get_global_id(0);
  if (i < n)
    y[i] = a * x[i] + y[i];
}
