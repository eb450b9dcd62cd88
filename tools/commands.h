/* commands.h - the subcommands of the vgpu helper binary (tools/vgpu.c dispatches on argv[1]). */
#ifndef VGPU_TOOLS_COMMANDS_H
#define VGPU_TOOLS_COMMANDS_H
/* compiler service (compiler/): exit 0 ok, 1 failed build (see the log), 2 invalid options */
int vgpu_cmd_compile(int argc, char **argv); /* OpenCL C -> LLVM bitcode object (clCompileProgram) */
int vgpu_cmd_link(int argc, char **argv);    /* bitcode objects -> VIR executable or library */
int vgpu_cmd_build(int argc, char **argv);   /* compile + link in one step (clBuildProgram) */
int vgpu_cmd_dis(int argc, char **argv);     /* print a kernel's VIR with its source lines */
int vgpu_cmd_debug(int argc, char **argv);   /* run a program under the kernel debugger */
int vgpu_cmd_profile(int argc, char **argv); /* annotate the source with a VGPU_PROFILE file */
/* `vgpu serve`: the resident compiler server (cmd_serve.c); each build's child runs its command
 * line through dispatch, as main does */
int vgpu_cmd_serve(int argc, char **argv, int (*dispatch)(int argc, char **argv));
/* reports */
int vgpu_cmd_report(int argc, char **argv);  /* one HTML page from profile / timeline JSON files */
/* `vgpu topology`: the modelled links, asked of the platform through the ICD loader (exit 1 without it) */
int vgpu_cmd_topology(int argc, char **argv);
#endif
