/* cmd_compile.c - `vgpu compile`: OpenCL C -> LLVM bitcode object (clCompileProgram).  The work is in compiler/service.c. */
#include "compiler/service.h"
#include "tools/commands.h"

int vgpu_cmd_compile(int argc, char **argv) { return vgpu_service_compile(argc, argv); }
