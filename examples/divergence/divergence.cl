/* divergence.cl - the same work written twice: once with a branch that splits every warp, once
 * arranged so that all lanes of a warp take the same side.
 *
 * Every element is scrambled ITER times, by one of two different recipes depending on whether
 * its index is even or odd.  A warp executes one instruction for all its lanes at once; when
 * lanes disagree at a branch, the warp runs BOTH sides one after the other, each with only the
 * lanes that took it switched on (the others idle), and reconverges after the `if`.
 *
 *  - divergent: work-item i handles element i.  Neighbouring lanes alternate even/odd, so every
 *    warp splits at the `if`: each side runs with half the lanes, and the warp spends the time
 *    of both sides.
 *  - uniform: work-item i handles element 2i in the first half of the NDRange and element
 *    2(i - half_n) + 1 in the second half.  The same elements, the same two recipes, but a warp's
 *    lanes all have the same parity (as long as `half_n` is a multiple of the warp size): no split.
 * ITER comes from the build options (-D ITER=64); the default below is the same, so that the file
 * also builds on its own (`vgpu dis examples/divergence/divergence.cl`). */
#ifndef ITER
#define ITER 64
#endif

static uint recipe_even(uint x) {   /* a linear congruential step */
  for (int k = 0; k < ITER; k++)
    x = x * 1664525u + 1013904223u;
  return x;
}

static uint recipe_odd(uint x) {    /* a xorshift step */
  for (int k = 0; k < ITER; k++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
  }
  return x;
}

__kernel void divergent(__global const uint *in, __global uint *out) {
  size_t j = get_global_id(0);
  uint x = in[j];
  if (j % 2 == 0)          /* lane-dependent: even and odd lanes sit side by side in every warp */
    x = recipe_even(x);
  else
    x = recipe_odd(x);
  out[j] = x;
}

__kernel void uniform(__global const uint *in, __global uint *out, uint half_n) {
  size_t i = get_global_id(0);
  size_t j = i < half_n ? 2 * i : 2 * (i - half_n) + 1;
  uint x = in[j];
  if (j % 2 == 0)          /* the same test, but now the same for every lane of a warp */
    x = recipe_even(x);
  else
    x = recipe_odd(x);
  out[j] = x;
}
