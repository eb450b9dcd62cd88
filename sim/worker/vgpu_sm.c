/* vgpu_sm.c - `vgpu-sm`, the SM worker process on its own: the same vgpu_sm_main that `vgpu sm`
 * runs, without the compiler linked in.  The engine prefers it when it sits beside the vgpu helper:
 * an SM then starts in a millisecond with a 2 MB footprint instead of loading LLVM and Clang's
 * shared libraries (tens of milliseconds and ~65 MB resident per SM) that it never uses. */
#include <stdio.h>
#include "sim/sm_main.h"

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: vgpu-sm sm --arena-fd N ... (started by the VirtualGPU runtime)\n");
    return 2;
  }
  return vgpu_sm_main(argc - 1, argv + 1);
}
