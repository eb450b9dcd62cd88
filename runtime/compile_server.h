/* compile_server.h - the host's end of the resident compiler server (`vgpu serve`,
 * tools/cmd_serve.c; the request is include/vgpu/compile_server.h).  One server per host process,
 * started by the first build and tied to the host as the SM processes are (sim/host_link.h); it
 * forks a child per build, so a build still gets a fresh process and a crash or hang ends only
 * that build.  Builds from several host threads run in parallel.  A server that died is started
 * again by the next build. */
#ifndef VGPU_RUNTIME_COMPILE_SERVER_H
#define VGPU_RUNTIME_COMPILE_SERVER_H

/* Runs the command in args (NULL-terminated: `build --in program.cl ...`) in the
 * private directory dir (absolute) through the server of helper, with the time limit.  Returns
 * the build's wait status, -2 when it ran past the limit and was killed, or -1 when no server
 * could run it (the caller starts the helper itself then). */
int vgpu_compile_server_run(const char *helper, const char *dir, char *const *args, double timeout_s);
#endif
