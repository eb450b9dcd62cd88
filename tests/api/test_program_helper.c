/* test_program_helper.c - a compiler helper that crashes, hangs or is missing makes the build fail
 * with a clear log line; the host program never crashes or hangs.  Each case runs in a child
 * process of this test with VGPU_COMPILER pointing at a stand-in helper script. */
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static char dir[] = "/tmp/vgpu-helper-test-XXXXXX";

/* Child: build a small program; print the error and the log for the parent to check. */
static int child(void) {
  cl_int err;
  const char *src = "kernel void k(global int *a) { a[0] = 1; }";
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &src, NULL, &err);
  err = clBuildProgram(p, 0, NULL, NULL, NULL, NULL);
  size_t len = 0;
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
  char *log = calloc(1, len + 1);
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_LOG, len, log, NULL);
  cl_build_status st;
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_STATUS, sizeof st, &st, NULL);
  printf("%s|%d|%s", vt_error_name(err), st, log);
  free(log);
  clReleaseProgram(p);
  return 0;
}

static char *run_child(const char *self, const char *helper, const char *timeout) {
  int fds[2];
  if (pipe(fds)) return NULL;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    setenv("VGPU_COMPILER", helper, 1);
    setenv("VGPU_CACHE", "0", 1);
    if (timeout) setenv("VGPU_BUILD_TIMEOUT", timeout, 1);
    execl(self, self, "child", (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  static char buf[8192];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof buf - 1 && (r = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)r;
  buf[n] = 0;
  close(fds[0]);
  int st;
  waitpid(pid, &st, 0);
  if (!CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0)) fprintf(stderr, "  child status %#x\n", st);
  return buf;
}

static void script(const char *path, const char *body) {
  FILE *f = fopen(path, "w");
  fprintf(f, "#!/bin/sh\n%s\n", body);
  fclose(f);
  chmod(path, 0755);
}

static void expect(const char *out, const char *what) {
  /* "CL_BUILD_PROGRAM_FAILURE|-2|<log>" : CL_BUILD_ERROR is -2 */
  if (!CHECK(out && !strncmp(out, "CL_BUILD_PROGRAM_FAILURE|-2|", 28) && strstr(out, what)))
    fprintf(stderr, "  child said: %s\n  expected a log with: %s\n", out ? out : "(nothing)", what);
}

/* A host program that ignores SIGCHLD (its children are reaped by the kernel, their exit status
 * lost) still gets working builds and failure logs. */
static void test_sigchld_ignored(void) {
  signal(SIGCHLD, SIG_IGN);
  cl_int err;
  const char *good = "kernel void k(global int *a) { a[0] = 3; }", *bad = "kernel void k(global int *a) { a[0] = nope; }";
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &good, NULL, &err);
  CHECK_OK(clBuildProgram(p, 0, NULL, "-DUNCACHED_SIGCHLD_TEST", NULL, NULL));
  cl_program q = clCreateProgramWithSource(vt_context(), 1, &bad, NULL, &err);
  CHECK_ERR(clBuildProgram(q, 0, NULL, NULL, NULL, NULL), CL_BUILD_PROGRAM_FAILURE);
  char log[2048] = "";
  clGetProgramBuildInfo(q, vt_device(), CL_PROGRAM_BUILD_LOG, sizeof log, log, NULL);
  CHECK(strstr(log, "nope") != NULL);
  clReleaseProgram(p);
  clReleaseProgram(q);
  signal(SIGCHLD, SIG_DFL);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child();
  if (argc > 1 && !strcmp(argv[1], "sigchld")) { setenv("VGPU_CACHE", "0", 1); test_sigchld_ignored(); return vt_finish(); }
  vt_device(); /* skip (77) when VirtualGPU is not visible */
  if (!mkdtemp(dir)) return 77;
  char crash[256], hang[256], junk[256], garbage[256], self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return 77;
  self[n] = 0;
  snprintf(crash, sizeof crash, "%s/crash.sh", dir);
  snprintf(hang, sizeof hang, "%s/hang.sh", dir);
  snprintf(junk, sizeof junk, "%s/exit7.sh", dir);
  snprintf(garbage, sizeof garbage, "%s/garbage.sh", dir);
  script(crash, "kill -SEGV $$");
  script(hang, "exec sleep 60");
  script(junk, "echo 'helper exploded' >&2; exit 7");
  /* Claims success but writes a file that is not a VIR module: the runtime must not trust it. */
  script(garbage, "while [ $# -gt 0 ]; do [ \"$1\" = --out ] && echo garbage > \"$2\"; shift; done; exit 0");

  expect(run_child(self, crash, NULL), "crashed");
  expect(run_child(self, hang, "1"), "did not finish within 1 s");
  expect(run_child(self, junk, NULL), "helper exploded");
  expect(run_child(self, "/nonexistent/vgpu", NULL), "cannot be run");
  expect(run_child(self, garbage, NULL), "invalid VIR module");
  /* the SIGCHLD case, in a child so that the cache and the signal setting stay its own */
  char cmd2[4200];
  snprintf(cmd2, sizeof cmd2, "'%s' sigchld > /dev/null", self);
  CHECK(system(cmd2) == 0);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd)) {}
  return vt_finish();
}
