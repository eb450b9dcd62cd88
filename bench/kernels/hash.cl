/* hash.cl - integer-only compute: every work-item runs `rounds` rounds of a multiply-xorshift mix
 * (the finaliser of MurmurHash3) seeded by its id.  No memory traffic but one store. */
__kernel void hash_loop(__global uint *out, uint rounds) {
  uint h = (uint)get_global_id(0);
  for (uint r = 0; r < rounds; r++) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    h += r;
  }
  out[get_global_id(0)] = h;
}
