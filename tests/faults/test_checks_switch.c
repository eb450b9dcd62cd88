/* test_checks_switch: VGPU_CHECKS is parsed in one place (runtime/config.c) and the SMs follow the
 * runtime's decision, which travels in the launch record.  Every spelling of "off" turns the race
 * detector off and every spelling of "on" turns it on (the SMs used to read the variable
 * themselves and took any non-empty value but "0" - "off", "no", "false" - for "on").  A kernel
 * with a __local race is run in a child process per spelling: it fails with checks on and
 * completes with them off. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static const char *src =
  "kernel void neighbour(global uint *o) {\n"
  "  local uint b[65]; int l = get_local_id(0);\n"
  "  b[l] = l;\n"
  "  o[get_global_id(0)] = b[l + 1];\n" /* no barrier: races with work-item l + 1 */
  "}\n";

/* Child: runs the racy kernel once, exits 0 when it completed, 1 when it failed. */
static int child(void) {
  cl_program p = vt_build(src, NULL);
  if (!p) return 2;
  cl_int err;
  cl_kernel k = clCreateKernel(p, "neighbour", &err);
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, 64 * 4, NULL, &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 64, l = 64;
  cl_event ev;
  if (clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, &l, 0, NULL, &ev) != CL_SUCCESS) return 2;
  clWaitForEvents(1, &ev);
  cl_int st = 1;
  clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  return st == CL_COMPLETE ? 0 : 1;
}

static int run_with(char *self, const char *value) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("VGPU_CHECKS", value, 1);
    execl(vt_self_exe(), self, "child", (char *)NULL);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child();
  const char *off[] = {"off", "OFF", "no", "false", "0"}, *on[] = {"on", "yes", "true", "1"};
  for (unsigned i = 0; i < sizeof off / sizeof *off; i++) {
    int r = run_with(argv[0], off[i]);
    if (r != 0) printf("VGPU_CHECKS=%s: the racy kernel %s\n", off[i], r == 1 ? "failed" : "did not run");
    CHECK(r == 0);
  }
  for (unsigned i = 0; i < sizeof on / sizeof *on; i++) {
    int r = run_with(argv[0], on[i]);
    if (r != 1) printf("VGPU_CHECKS=%s: the racy kernel %s\n", on[i], r == 0 ? "completed" : "did not run");
    CHECK(r == 1);
  }
  return vt_finish();
}
