/* smhelper.c - a stand-alone SM worker for the engine-level tests: the same vgpu_sm_main the
 * `vgpu sm` command runs, without the compiler linked in. */
#include "tools/commands.h"
int main(int argc, char **argv) { return argc > 1 ? vgpu_sm_main(argc - 1, argv + 1) : 2; }
