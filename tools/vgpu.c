/* vgpu - VirtualGPU's command-line tool and helper process.  The runtime starts it as the
 * compiler service (`vgpu build|compile|link`) and as the SM worker processes (`vgpu sm`), so
 * libVirtualGPU.so never links LLVM; people run it to read what their kernels became (`vgpu dis`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/sm_main.h"
#include "sim/host_link.h"
#include "tools/commands.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *help;
} commands[] = {
  {"dis", vgpu_cmd_dis, "FILE.cl|FILE.vir [-k KERNEL] [-- BUILD OPTIONS]  print VIR with source lines"},
  {"profile", vgpu_cmd_profile, "FILE.json [--kernel NAME] [--top N]  annotated source from a VGPU_PROFILE file"},
  {"build", vgpu_cmd_build, "--in SRC.cl --out OUT --log LOG [--include-dir DIR] [-- OPTIONS]  OpenCL C -> VIR"},
  {"compile", vgpu_cmd_compile, "--in SRC.cl --out OUT.bc --log LOG [--include-dir DIR] [-- OPTIONS]  OpenCL C -> bitcode"},
  {"topology", vgpu_cmd_topology, "  the modelled links between the host and the devices (VGPU_TOPOLOGY)"},
  {"link", vgpu_cmd_link, "--out OUT --log LOG [--library] IN.bc... [-- OPTIONS]  bitcode -> VIR or library"},
  {"debug", vgpu_cmd_debug, "[--break WHERE]... [--commands FILE] -- PROGRAM ARGS...  run a program under the kernel debugger"},
  {"report", vgpu_cmd_report, "FILE.json... [-o report.html]  one HTML page from VGPU_PROFILE / VGPU_TIMELINE files"},
  {"sm", vgpu_sm_main, "(internal) run one SM worker process"},
  {"serve", NULL, "--host-pid PID  (internal) the compiler server: a child per build"},
};

static int usage(FILE *f) {
  fprintf(f, "usage: vgpu COMMAND ...\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  vgpu %-8s %s\n", commands[i].name, commands[i].help);
  return f == stderr ? 2 : 0;
}

/* Runs argv[1] (argv[0] is the program); the compiler server's build children come here too. */
static int dispatch(int argc, char **argv) {
  if (argc < 2) return usage(stderr);
  if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) return usage(stdout);
  if (!strcmp(argv[1], "serve")) return vgpu_cmd_serve(argc - 1, argv + 1, dispatch);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (commands[i].run && !strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "vgpu: unknown command '%s'\n", argv[1]);
  return usage(stderr);
}

int main(int argc, char **argv) {
  /* The runtime starts a build as `vgpu --host-pid PID --private-dir DIR build ...`: the helper
   * stops when the host dies and removes DIR, the build folder (sim/host_link.h). */
  if (argc > 4 && !strcmp(argv[1], "--host-pid") && !strcmp(argv[3], "--private-dir")) {
    vgpu_host_link(strtol(argv[2], NULL, 10), argv[4]);
    argc -= 4;
    argv += 4;
  }
  return dispatch(argc, argv);
}
