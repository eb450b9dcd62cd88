/* pipes.cl - the source of pipes.spvasm (README.md): a pipe kernel, which a SPIR-V module
 * cannot run on VirtualGPU (docs/pipes.md) and must fail to build with a message saying so. */
__kernel void put(__global const int *src, write_only pipe int p, __global int *ret) {
  size_t i = get_global_id(0);
  ret[i] = write_pipe(p, &src[i]);
}
