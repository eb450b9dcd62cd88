/* test_printf_bounds.c - printf's %s reads only what the kernel may read.  The kernel is given a
 * 500-byte sub-buffer holding 500 'A' and no NUL; its parent goes on with 12 'B' (the rest of the
 * sub-buffer's 512-byte granule) and then "LEAKED", which the kernel was not given.
 *  - by default, like a load, %s may read to the end of the sub-buffer's granules: 500 'A' and at
 *    most the 12 'B', never "LEAKED";
 *  - with VGPU_CHECKS=1, exactly the 500 bytes of the sub-buffer.
 * Each case runs in a child whose stdout (where printf's output goes) is a pipe. */
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static int child(void) {
  cl_int err;
  cl_program p = vt_build("kernel void show(global const char *s) { printf(\"<%s>\\n\", s); }", NULL);
  if (!p) return 1;
  char bytes[1024];
  memset(bytes, 'A', 500);
  memset(bytes + 500, 'B', 12);
  memset(bytes + 512, 0, 512);
  memcpy(bytes + 512, "LEAKED", 6);
  cl_mem parent = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof bytes, bytes, &err);
  cl_buffer_region r = {0, 500};
  cl_mem sub = clCreateSubBuffer(parent, CL_MEM_READ_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &r, &err);
  if (err) return 1;
  cl_kernel k = clCreateKernel(p, "show", &err);
  clSetKernelArg(k, 0, sizeof sub, &sub);
  size_t one = 1;
  err = clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &one, NULL, 0, NULL, NULL);
  return err || clFinish(vt_queue()) ? 1 : 0;
}

/* The child's output with VGPU_CHECKS=checks. */
static char *run(const char *checks, size_t *len) {
  int fds[2];
  if (pipe(fds)) return NULL;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    setenv("VGPU_CHECKS", checks, 1);
    execl(vt_self_exe(), vt_self_exe(), "child", (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  static char buf[4096];
  size_t n = 0;
  ssize_t r;
  while (n < sizeof buf - 1 && (r = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)r;
  buf[n] = 0;
  close(fds[0]);
  int st;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  *len = n;
  return buf;
}

/* "<" 500 'A', then between min_b and max_b 'B', then ">\n". */
static int shape(const char *out, size_t len, int min_b, int max_b) {
  if (len < 503 || out[0] != '<') return 0;
  for (int i = 1; i <= 500; i++)
    if (out[i] != 'A') return 0;
  int b = 0;
  while (501 + b < (int)len && out[501 + b] == 'B') b++;
  return b >= min_b && b <= max_b && !strcmp(out + 501 + b, ">\n");
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child();
  vt_device();
  if (!vt_self_exe()) return 77;
  size_t len = 0;
  const char *out = run("0", &len);
  CHECK(!strstr(out, "LEAKED"));
  if (!CHECK(shape(out, len, 0, 12))) fprintf(stderr, "  default: printed %zu bytes: %.40s...%s\n", len, out, len > 40 ? out + len - 20 : "");
  out = run("1", &len);
  CHECK(!strstr(out, "LEAKED"));
  if (!CHECK(shape(out, len, 0, 0))) fprintf(stderr, "  VGPU_CHECKS=1: printed %zu bytes: %.40s...%s\n", len, out, len > 40 ? out + len - 20 : "");
  return vt_finish();
}
