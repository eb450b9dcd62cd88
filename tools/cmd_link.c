/* cmd_link.c - `vgpu link`: bitcode objects -> VIR executable or bitcode library (clLinkProgram).  The work is in compiler/service.c. */
#include "compiler/service.h"
#include "tools/commands.h"

int vgpu_cmd_link(int argc, char **argv) { return vgpu_service_link(argc, argv); }
