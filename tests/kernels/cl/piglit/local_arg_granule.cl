/* A __local argument is allocated in 16-byte granules (sim/launch.h): piglit's
 * atomic_int64_cmpxchg-local sets an 8-byte __local argument and uses two longs of it, which
 * passes on GPUs and on PoCL; it faulted when __local arguments were first aligned for their type
 * and sized exactly.  Beyond the granule an access still faults (the second run). */
/*!
 * run within_granule: two_longs
 *   global: 1
 *   local: 1
 *   arg mem: local 8
 *   arg out: global long[2]
 *   expect out = [-4, 5]
 *
 * run past_granule: three_longs
 *   global: 1
 *   local: 1
 *   arg mem: local 8
 *   arg out: global long[3]
 *   expect fault: CL_OUT_OF_RESOURCES "out-of-bounds local store"
 */
kernel void two_longs(local long *mem, global long *out) {
  mem[0] = -4;
  mem[1] = 5;
  out[0] = mem[0];
  out[1] = mem[1];
}

kernel void three_longs(local long *mem, global long *out) {
  mem[0] = 1;
  mem[1] = 2;
  mem[2] = 3;
  out[0] = mem[0] + mem[1] + mem[2];
}
