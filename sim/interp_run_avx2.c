/* interp_run_avx2.c - interp_run.c compiled with -mavx2 (sim/CMakeLists.txt): the lane loops four
 * 64-bit lanes wide, with vpmuludq/vpsllvq for 64-bit multiplies and per-lane shifts. */
#define INTERP_ISA avx2
#include "sim/interp_run.c"
