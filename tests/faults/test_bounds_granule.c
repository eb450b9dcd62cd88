/* test_bounds_granule: how strict the global bounds check is.  By default a kernel may touch the
 * slack of its buffer's 512-byte allocation granules (as on a GPU, where only unmapped memory
 * faults; piglit's clz-optimizations writes 8 bytes past a 72-byte buffer), but not beyond, and a
 * sub-buffer's slack ends where its parent's storage does; with VGPU_CHECKS=1 one byte past the
 * buffer's exact size faults.  The strict run happens in a child process because the
 * configuration is read once per process. */
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static const char *src = "kernel void w(global int *a) { a[get_global_id(0)] = (int)get_global_id(0) + 1; }\n";

/* Writes 26 ints into a 25-int buffer; returns the event's execution status. */
static cl_int run_one_past(void) {
  cl_int err;
  cl_program p = vt_build(src, NULL);
  if (!p) return 1;
  cl_kernel k = clCreateKernel(p, "w", &err);
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, 25 * sizeof(int), NULL, &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 26;
  cl_event ev;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, &ev));
  clWaitForEvents(1, &ev);
  cl_int st = 1;
  clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  if (st == CL_COMPLETE) { /* the 25 ints in the buffer are right */
    int out[25];
    CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
    for (int i = 0; i < 25; i++) CHECK(out[i] == i + 1);
  }
  clReleaseEvent(ev);
  clReleaseMemObject(m);
  clReleaseKernel(k);
  clReleaseProgram(p);
  return st;
}

/* Writes a[i] for i < items into a buffer of `bytes` (a sub-buffer at `origin` of a parent of
 * parent_bytes when origin >= 0); returns the event's execution status. */
static cl_int run_write(size_t bytes, size_t items, long origin, size_t parent_bytes) {
  cl_int err;
  cl_program p = vt_build(src, NULL);
  if (!p) return 1;
  cl_kernel k = clCreateKernel(p, "w", &err);
  cl_mem parent = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, origin >= 0 ? parent_bytes : bytes, NULL, &err);
  cl_mem m = parent;
  if (origin >= 0) {
    cl_buffer_region r = {(size_t)origin, bytes};
    m = clCreateSubBuffer(parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &r, &err);
    CHECK_OK(err);
  }
  clSetKernelArg(k, 0, sizeof m, &m);
  cl_event ev;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &items, NULL, 0, NULL, &ev));
  clWaitForEvents(1, &ev);
  cl_int st = 1;
  clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  clReleaseEvent(ev);
  if (m != parent) clReleaseMemObject(m);
  clReleaseMemObject(parent);
  clReleaseKernel(k);
  clReleaseProgram(p);
  return st;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "strict")) { /* child: VGPU_CHECKS=1 */
    cl_int st = run_one_past();
    CHECK(st < 0);
    return vt_finish();
  }
  CHECK(run_one_past() == CL_COMPLETE);
  CHECK(run_write(72, 20, -1, 0) == CL_COMPLETE);           /* 8 bytes past 72: its own granule */
  CHECK(run_write(72, 129, -1, 0) < 0);                     /* 516 bytes: past the granule */
  CHECK(run_write(128, 33, 384, 512) < 0);                  /* past a sub-buffer that ends its parent */
  CHECK(run_write(128, 33, 0, 512) == CL_COMPLETE);         /* ... but into the parent's own storage */
  pid_t pid = fork();
  if (pid == 0) {
    setenv("VGPU_CHECKS", "1", 1);
    execl(vt_self_exe(), argv[0], "strict", (char *)NULL);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  return vt_finish();
}
