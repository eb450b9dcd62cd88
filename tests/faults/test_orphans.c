/* test_orphans.c - nothing VirtualGPU starts outlives the host program, and nothing of the host
 * leaks into it:
 *  - a host killed (SIGKILL) in the middle of an endless kernel (watchdog 600 s): its SM processes
 *    are gone within a few seconds, not spinning until the watchdog;
 *  - a host killed in the middle of a slow build: the compiler server and the build it forked are
 *    gone and the build folder (TMPDIR/vgpu-build-*) removed;
 *  - a pipe the host holds without close-on-exec: once the host closes its end, the reader sees EOF
 *    (SM processes do not keep a copy).
 * Each host is this program run again in a child ("kernel-host" / "build-host"). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"

enum { PIPE_FD = 7 }; /* the host's pipe, inherited without close-on-exec */

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The kernel host: runs a kernel to completion (the SMs start), closes its pipe end, starts an
 * endless kernel, says "R" on stdout and waits to be killed. */
static int kernel_host(void) {
  cl_int err;
  cl_program p = vt_build("kernel void once(global int *a) { a[get_global_id(0)] = 1; }\n"
                          "kernel void spin(global volatile int *a) { while (a[0] == 0) a[1]++; }", NULL);
  if (!p) return 1;
  cl_mem b = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, 64, NULL, &err);
  int zero[16] = {0};
  cl_kernel once = clCreateKernel(p, "once", &err), spin = clCreateKernel(p, "spin", &err);
  clSetKernelArg(once, 0, sizeof b, &b);
  clSetKernelArg(spin, 0, sizeof b, &b);
  size_t g = 16;
  clEnqueueNDRangeKernel(vt_queue(), once, 1, NULL, &g, NULL, 0, NULL, NULL);
  clEnqueueWriteBuffer(vt_queue(), b, CL_TRUE, 0, sizeof zero, zero, 0, NULL, NULL);
  clFinish(vt_queue());
  close(PIPE_FD);
  g = 1;
  clEnqueueNDRangeKernel(vt_queue(), spin, 1, NULL, &g, NULL, 0, NULL, NULL);
  clFlush(vt_queue());
  usleep(300000);
  if (write(1, "R", 1) != 1) return 1;
  for (;;) pause();
}

/* The build host: a source Clang needs seconds for. */
static int build_host(void) {
  char *src = vt_slow_source();
  cl_int err;
  const char *s = src;
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &s, NULL, &err);
  clBuildProgram(p, 0, NULL, NULL, NULL, NULL);
  return 0;
}

/* True when process pid no longer runs (gone, or a zombie nobody reaped yet). */
static int dead(pid_t pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 1;
  ssize_t len = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (len <= 0) return 1;
  buf[len] = 0;
  const char *rp = strrchr(buf, ')');
  return rp && (rp[2] == 'Z' || rp[2] == 'X');
}

/* Waits up to limit seconds for all of pids to end; returns how long it took (or -1). */
static double wait_dead(const pid_t *pids, int n, double limit) {
  double t0 = now();
  while (now() - t0 < limit) {
    int alive = 0;
    for (int i = 0; i < n; i++) alive += !dead(pids[i]);
    if (!alive) return now() - t0;
    usleep(20000);
  }
  return -1;
}

static int count_build_dirs(const char *tmp) {
  DIR *d = opendir(tmp);
  struct dirent *e;
  int n = 0;
  while (d && (e = readdir(d)))
    if (!strncmp(e->d_name, "vgpu-build-", 11)) n++;
  if (d) closedir(d);
  return n;
}

static pid_t start_host(const char *mode, int out_fd, int pipe_fd, const char *tmpdir) {
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_fd, 1);
    if (pipe_fd >= 0) dup2(pipe_fd, PIPE_FD); /* without close-on-exec, as a careless host has it */
    if (pipe_fd >= 0 && pipe_fd != PIPE_FD) close(pipe_fd);
    setenv("VGPU_WATCHDOG", "600", 1);
    setenv("VGPU_CACHE", "0", 1);
    if (tmpdir) setenv("TMPDIR", tmpdir, 1);
    execl(vt_self_exe(), vt_self_exe(), mode, (char *)NULL);
    _exit(127);
  }
  return pid;
}

static void test_kernel_host(void) {
  int out[2], host_pipe[2];
  if (pipe(out) || pipe(host_pipe)) return;
  pid_t host = start_host("kernel-host", out[1], host_pipe[1], NULL);
  close(out[1]);
  close(host_pipe[1]);
  struct pollfd pfd = {out[0], POLLIN, 0};
  char c = 0;
  int ready = poll(&pfd, 1, 120000) == 1 && read(out[0], &c, 1) == 1 && c == 'R';
  CHECK(ready);
  if (!ready) { kill(host, SIGKILL); waitpid(host, NULL, 0); return; }
  /* The host closed its end of the pipe: nobody else holds it, so the reader sees EOF. */
  struct pollfd hp = {host_pipe[0], POLLIN, 0};
  int eof = poll(&hp, 1, 3000) == 1 && read(host_pipe[0], &c, 1) == 0;
  if (!CHECK(eof)) fprintf(stderr, "  the host's pipe is still open elsewhere (an SM process inherited it)\n");
  pid_t sms[64];
  int n = vt_children(host, sms, 64, 0);
  if (!CHECK(n >= 1)) fprintf(stderr, "  no SM process found under the host %d\n", (int)host);
  kill(host, SIGKILL);
  waitpid(host, NULL, 0);
  double t = wait_dead(sms, n, 3.0);
  if (!CHECK(t >= 0)) fprintf(stderr, "  SM processes still running 3 s after their host was killed mid-kernel\n");
  else printf("SM processes ended %.3f s after their host was killed\n", t);
  for (int i = 0; i < n; i++) kill(sms[i], SIGKILL); /* whatever happened, leave nothing behind */
  close(out[0]);
  close(host_pipe[0]);
}

static void test_build_host(void) {
  char tmp[] = "/tmp/vgpu-orphan-test-XXXXXX";
  if (!mkdtemp(tmp)) return;
  int out[2];
  if (pipe(out)) return;
  pid_t host = start_host("build-host", out[1], -1, tmp);
  close(out[1]);
  /* Wait for the build to be at work: its folder exists, and the host's compiler server (its one
   * child) has forked the build (the server's one child). */
  pid_t helper[2] = {0, 0}; /* the server, the build */
  double t0 = now();
  while (now() - t0 < 60 && !helper[1]) {
    pid_t kids[8];
    if (count_build_dirs(tmp) == 1 && vt_children(host, kids, 8, 0) == 1 && vt_children(kids[0], helper + 1, 1, 0) == 1)
      helper[0] = kids[0];
    else usleep(20000);
  }
  if (!CHECK(helper[1] > 0)) { kill(host, SIGKILL); waitpid(host, NULL, 0); return; }
  usleep(300000); /* mid-build: Clang takes seconds over this source */
  int still_building = !dead(helper[1]);
  kill(host, SIGKILL);
  waitpid(host, NULL, 0);
  if (!still_building) {
    fprintf(stderr, "  the build ended too soon to be interrupted (a fast machine): not checked\n");
  } else {
    double t = wait_dead(helper, 2, 3.0);
    if (!CHECK(t >= 0)) fprintf(stderr, "  the compiler server or its build still runs 3 s after the host was killed mid-build\n");
    else printf("the compiler server and its build ended %.3f s after their host was killed\n", t);
    t0 = now();
    while (count_build_dirs(tmp) && now() - t0 < 1) usleep(20000);
    if (!CHECK(count_build_dirs(tmp) == 0)) fprintf(stderr, "  the build folder was left in %s\n", tmp);
  }
  kill(helper[1], SIGKILL);
  kill(helper[0], SIGKILL);
  close(out[0]);
  char cmd[200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  if (system(cmd)) {}
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "kernel-host")) return kernel_host();
  if (argc > 1 && !strcmp(argv[1], "build-host")) return build_host();
  vt_device();
  if (!vt_self_exe()) return 77;
  test_kernel_host();
  test_build_host();
  return vt_finish();
}
