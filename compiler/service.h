/* service.h - the vgpu subcommands the compiler implements (tools/cmd_*.c forward here). */
#ifndef VGPU_COMPILER_SERVICE_H
#define VGPU_COMPILER_SERVICE_H
int vgpu_service_build(int argc, char **argv);
int vgpu_service_compile(int argc, char **argv);
int vgpu_service_link(int argc, char **argv);
int vgpu_service_dis(int argc, char **argv);
#endif
