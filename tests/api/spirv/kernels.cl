/* The OpenCL C that kernels.spvasm was made from (see README.md for the command). */
kernel void saxpy_sqrt(global float *y, global const float *x, float a) {
  size_t i = get_global_id(0);
  y[i] = a * sqrt(x[i]) + y[i] + (float)get_local_size(0);
}

kernel void count_odd(global const int *in, global int *count, int n) {
  int i = (int)get_global_id(0);
  int s = 0;
  for (int k = 0; k < n; k++) s += in[(i + k) % n] & 1;
  if (s > n / 2) atomic_inc(count);
}

kernel void __attribute__((reqd_work_group_size(8, 2, 1))) fixed_group(global int *out) {
  out[get_global_id(1) * get_global_size(0) + get_global_id(0)] = (int)(get_local_id(0) + 10 * get_local_id(1));
}
