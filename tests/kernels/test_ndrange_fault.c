/* test_ndrange_fault.c - a kernel that faults (out-of-bounds store) fails its event with a
 * negative status, the context's pfn_notify hears the fault report (kernel name included), and
 * the host program and later launches carry on.  Also: VGPU_COUNTERS=1 prints one counters block
 * per launch naming the kernel (checked in a child process whose stderr is captured). */
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static const char *src =
    "kernel void oob(global int *a) { a[get_global_id(0) + 100000000] = 1; }\n"
    "kernel void fill(global int *a) { a[get_global_id(0)] = 2 * (int)get_global_id(0); }\n"
    "kernel void diverge(global int *a) {\n"
    "  int i = get_global_id(0), s = 0;\n"
    "  for (int j = 0; j < (i & 7); j++) s += a[j] + j;\n" /* lanes leave the loop at different trips */
    "  a[i] = ((i & 1) ? i : -i) + (s > 100000000 ? 1 : 0); }\n";

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char note[1024];
static void CL_CALLBACK notify(const char *errinfo, const void *pi, size_t cb, void *ud) {
  (void)pi; (void)cb; (void)ud;
  pthread_mutex_lock(&lock);
  snprintf(note, sizeof note, "%s", errinfo);
  pthread_mutex_unlock(&lock);
}

static int run_fill(cl_context ctx, cl_command_queue q, cl_program p, const char *name, size_t n) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, name, &err);
  cl_mem m = clCreateBuffer(ctx, CL_MEM_READ_WRITE, n * 4, NULL, &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  int *out = calloc(n, 4), ok = 1;
  err = clEnqueueNDRangeKernel(q, k, 1, NULL, &n, NULL, 0, NULL, NULL);
  if (err == CL_SUCCESS) err = clEnqueueReadBuffer(q, m, CL_TRUE, 0, n * 4, out, 0, NULL, NULL);
  for (size_t i = 0; i < n; i++) ok &= out[i] == (strcmp(name, "fill") ? ((i & 1) ? (int)i : -(int)i) : 2 * (int)i);
  free(out);
  clReleaseMemObject(m);
  clReleaseKernel(k);
  return err == CL_SUCCESS && ok;
}

static cl_program build(cl_context ctx) {
  cl_int err;
  cl_program p = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
  if (clBuildProgram(p, 0, NULL, NULL, NULL, NULL) != CL_SUCCESS) { clReleaseProgram(p); return NULL; }
  return p;
}

static int counters_child(void) {
  cl_device_id dev = vt_device();
  cl_int err;
  cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  cl_command_queue q = clCreateCommandQueue(ctx, dev, 0, &err);
  cl_program p = build(ctx);
  int rc = p && run_fill(ctx, q, p, "diverge", 256) ? 0 : 1;
  if (p) clReleaseProgram(p);
  clReleaseCommandQueue(q);
  clReleaseContext(ctx);
  return rc;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "counters")) return counters_child();
  cl_device_id dev = vt_device();
  cl_int err;
  cl_context ctx = clCreateContext(NULL, 1, &dev, notify, NULL, &err);
  cl_command_queue q = clCreateCommandQueue(ctx, dev, 0, &err);
  cl_program p = build(ctx);
  if (!p) return 1;
  cl_kernel k = clCreateKernel(p, "oob", &err);
  cl_mem m = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 256, NULL, &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 64;
  cl_event ev;
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 0, NULL, &ev));
  CHECK_ERR(clWaitForEvents(1, &ev), CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  cl_int st = 0;
  clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  CHECK(st < 0);
  clReleaseEvent(ev);
  pthread_mutex_lock(&lock);
  if (!CHECK(strstr(note, "oob") != NULL)) fprintf(stderr, "  notify said: \"%s\"\n", note);
  pthread_mutex_unlock(&lock);
  clReleaseKernel(k);
  clReleaseMemObject(m);
  /* the host program and the device carry on */
  CHECK(run_fill(ctx, q, p, "fill", 1000));
  CHECK(run_fill(ctx, q, p, "diverge", 333));

  /* VGPU_COUNTERS=1: one block per launch on stderr */
  int fds[2];
  if (pipe(fds) == 0) {
    pid_t pid = fork();
    if (pid == 0) {
      dup2(fds[1], 2);
      close(fds[0]);
      setenv("VGPU_COUNTERS", "1", 1);
      execl(vt_self_exe(), argv[0], "counters", (char *)NULL);
      _exit(127);
    }
    close(fds[1]);
    char buf[8192];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)r;
    buf[n] = 0;
    int wst;
    waitpid(pid, &wst, 0);
    CHECK(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
    if (!CHECK(strstr(buf, "kernel diverge") && strstr(buf, "SIMT efficiency") && strstr(buf, "divergent") &&
               strstr(buf, "transactions") && strstr(buf, "bank conflicts") && strstr(buf, "work-groups/SM")))
      fprintf(stderr, "  child stderr:\n%s\n", buf);
    /* 256 work-items, every second one on each side of the branch: divergent branches were counted */
    const char *d = strstr(buf, "divergent ");
    CHECK(d && atoi(d + 10) > 0);
  }
  clReleaseProgram(p);
  clReleaseCommandQueue(q);
  clReleaseContext(ctx);
  return vt_finish();
}
