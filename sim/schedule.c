/* schedule.c - VGPU_SCHEDULE=random:SEED (launch.h): orders a GPU does not promise, drawn from a
 * seed, so that a kernel that depends on one (which group runs first, which warp reaches a barrier
 * first) gives another result, and the same result again with the same seed.
 * The order is a keyed bijection of [0, n), so no table of n entries is needed: rounds of steps that
 * are each one-to-one on k bits (multiply by an odd number, xor a constant, xor with a right shift),
 * on the smallest power of two >= n, repeated until the value is below n (cycle walking). */
#include "sim/schedule.h"

static uint64_t mix64(uint64_t x) { /* a 64-bit finaliser (MurmurHash3's fmix64 constants) */
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

uint64_t vgpu_schedule_permute(uint64_t i, uint64_t n, uint64_t key) {
  if (n <= 1) return 0;
  unsigned bits = 64u - (unsigned)__builtin_clzll(n - 1);
  uint64_t mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
  unsigned shift = (bits + 1) / 2;
  do {
    for (uint64_t r = 0; r < 4; r++) {
      i = (i * (mix64(key + 2 * r) | 1)) & mask;
      i ^= mix64(key + 2 * r + 1) & mask;
      i ^= i >> shift;
    }
  } while (i >= n);
  return i;
}

uint64_t vgpu_schedule_key(uint64_t seed, uint64_t a, uint64_t b) {
  return mix64(seed ^ mix64(a * 0x9e3779b97f4a7c15ull + b));
}
