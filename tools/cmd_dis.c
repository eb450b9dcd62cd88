/* cmd_dis.c - `vgpu dis`: VIR with the source line each instruction came from.  The work is in compiler/service.c. */
#include "compiler/service.h"
#include "tools/commands.h"

int vgpu_cmd_dis(int argc, char **argv) { return vgpu_service_dis(argc, argv); }
