/* cmd_build.c - `vgpu build`: OpenCL C -> VIR in one step (clBuildProgram).  The work is in compiler/service.c. */
#include "compiler/service.h"
#include "tools/commands.h"

int vgpu_cmd_build(int argc, char **argv) { return vgpu_service_build(argc, argv); }
