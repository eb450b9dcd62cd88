/* test_compile_server.c - the resident compiler server (runtime/compile_server.h):
 *  - builds start one `vgpu serve` process for the host process, and every later build uses it;
 *  - builds from several host threads at once each get their own program right;
 *  - a build that outlives VGPU_BUILD_TIMEOUT fails with its log line and ends only its own
 *    child: the server stays, and the next build succeeds on it;
 *  - a server killed from outside is started again by the next build, which succeeds.
 * The compile cache is off, so that every build reaches the compiler. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"

#define THREADS 4
#define ROUNDS 3

/* The compiler servers among this process's children (/proc); returns how many, the first in *pid. */
static int servers(pid_t *pid) {
  pid_t kids[64];
  int nkids = vt_children(getpid(), kids, 64, 1), n = 0;
  for (int i = 0; i < nkids; i++) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/cmdline", (int)kids[i]);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue;
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (len <= 0) continue;
    buf[len] = 0;
    const char *arg1 = buf + strlen(buf) + 1; /* argv[1] */
    if (arg1 < buf + len && !strcmp(arg1, "serve")) {
      if (!n && pid) *pid = kids[i];
      n++;
    }
  }
  return n;
}

/* Builds `a[i] = i * k + salt` and runs it on 64 items; 1 when every value is right. */
static int build_and_run(int k, int salt) {
  char src[256];
  snprintf(src, sizeof src, "kernel void f(global int *a) { int i = get_global_id(0); a[i] = i * %d + %d; }", k, salt);
  cl_program p = vt_build(src, NULL);
  if (!p) return 0;
  cl_int err;
  cl_kernel kern = clCreateKernel(p, "f", &err);
  cl_command_queue q = clCreateCommandQueue(vt_context(), vt_device(), 0, &err);
  cl_mem b = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, 64 * sizeof(int), NULL, &err);
  int out[64] = {0}, ok = kern && q && b;
  size_t g = 64;
  ok = ok && clSetKernelArg(kern, 0, sizeof b, &b) == CL_SUCCESS &&
       clEnqueueNDRangeKernel(q, kern, 1, NULL, &g, NULL, 0, NULL, NULL) == CL_SUCCESS &&
       clEnqueueReadBuffer(q, b, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL) == CL_SUCCESS;
  for (int i = 0; ok && i < 64; i++) ok = out[i] == i * k + salt;
  if (b) clReleaseMemObject(b);
  if (q) clReleaseCommandQueue(q);
  if (kern) clReleaseKernel(kern);
  clReleaseProgram(p);
  return ok;
}

static void *worker(void *arg) {
  int id = (int)(intptr_t)arg, bad = 0;
  for (int r = 0; r < ROUNDS; r++) bad += !build_and_run(id + 2, 1000 * r + id);
  return (void *)(intptr_t)bad;
}

/* A source Clang needs seconds for (thousands of functions, all inlined), as in faults/test_orphans. */
int main(void) {
  setenv("VGPU_CACHE", "0", 1);
  vt_device();
  CHECK(build_and_run(3, 7));
  pid_t first = 0;
  if (!CHECK(servers(&first) == 1)) fprintf(stderr, "  no compiler server under this process after a build\n");

  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
  for (int i = 0; i < THREADS; i++) {
    void *bad;
    pthread_join(t[i], &bad);
    if (!CHECK(bad == NULL)) fprintf(stderr, "  thread %d: %ld of %d builds wrong\n", i, (long)(intptr_t)bad, ROUNDS);
  }
  pid_t now = 0;
  CHECK(servers(&now) == 1 && now == first); /* one server served them all */

  /* A build past its time limit ends alone. */
  setenv("VGPU_BUILD_TIMEOUT", "0.5", 1);
  char *src = vt_slow_source();
  const char *s = src;
  cl_int err;
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &s, NULL, &err);
  cl_device_id dev = vt_device();
  CHECK_ERR(clBuildProgram(p, 1, &dev, NULL, NULL, NULL), CL_BUILD_PROGRAM_FAILURE);
  char log[4096] = "";
  clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, sizeof log, log, NULL);
  if (!CHECK(strstr(log, "did not finish within"))) fprintf(stderr, "  log: %s\n", log);
  clReleaseProgram(p);
  free(src);
  unsetenv("VGPU_BUILD_TIMEOUT");
  CHECK(servers(&now) == 1 && now == first);
  CHECK(build_and_run(5, 11));

  /* A server killed from outside: the next build starts another. */
  if (first > 0) kill(first, SIGKILL); /* (never kill(0): that is our own process group) */
  for (int i = 0; i < 200 && servers(NULL); i++) usleep(10000); /* until it is gone (a zombie) */
  CHECK(build_and_run(9, 13));
  if (!CHECK(servers(&now) == 1 && now != first)) fprintf(stderr, "  no new compiler server after the old one was killed\n");
  return vt_finish();
}
