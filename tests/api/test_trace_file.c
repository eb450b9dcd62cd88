/* test_trace_file: VGPU_TRACE and VGPU_PROFILE files as a user meets them.  The trace holds one
 * run (it is emptied when the program launches its first kernel, it used to grow across runs),
 * every line starts with its time, a divergent branch is told in the source's lines (`to_line=4`
 * and `to_line=6`, 16 lanes each, whichever way the compiler turned the condition), and a path
 * that cannot be written is said on stderr (it used to be ignored silently) while the program
 * runs on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"

static const char *src =
  "kernel void split(global int *o) {\n"
  "  int i = get_global_id(0);\n"
  "  if (i % 2 == 0)\n"
  "    atomic_inc(o);\n"
  "  else\n"
  "    atomic_dec(o + 1);\n"
  "}\n";

/* Child: one launch of 64 work-items in one group (one SM joins); exit 0 when it completed. */
static int child(void) {
  cl_program p = vt_build(src, NULL);
  if (!p) return 2;
  cl_int err;
  cl_kernel k = clCreateKernel(p, "split", &err);
  int init[2] = {0, 0};
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof init, init, &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 64, l = 64;
  if (clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, &l, 0, NULL, NULL) != CL_SUCCESS) return 2;
  if (clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, sizeof init, init, 0, NULL, NULL) != CL_SUCCESS) return 2;
  return init[0] == 32 && init[1] == -32 ? 0 : 1;
}

/* Runs the child with `env` and returns its exit status; its stderr is appended to out. */
static int run(const char *self, const char *env, char *out, size_t out_len) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "env %s '%s' child 2>&1 >/dev/null", env, self);
  FILE *f = popen(cmd, "r");
  if (!f) return -1;
  size_t n = strlen(out);
  while (n + 1 < out_len && fgets(out + n, (int)(out_len - n), f)) n += strlen(out + n);
  int st = pclose(f);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child();
  const char *self = vt_self_exe();
  char path[] = "/tmp/vgpu-trace-file-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 77;
  CHECK(write(fd, "OLD RUN\n", 8) == 8);
  close(fd);
  char env[1200], err[4096] = "";
  snprintf(env, sizeof env, "VGPU_TRACE=%s", path);
  CHECK(run(self, env, err, sizeof err) == 0);
  CHECK(run(self, env, err, sizeof err) == 0); /* a second run replaces the first */
  size_t len;
  char *text = vt_read_file(path, &len);
  CHECK(text != NULL);
  unsigned lines = 0, launches = 0, diverge = 0, untimed = 0;
  for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
    lines++;
    untimed += strncmp(line, "t=", 2) != 0;
    launches += strstr(line, " launch kernel=split ") != NULL;
    diverge += strstr(line, " diverge line=3 ") &&
               (strstr(line, "lanes=64 to_line=4:32 to_line=6:32") || strstr(line, "lanes=64 to_line=6:32 to_line=4:32") ||
                strstr(line, "lanes=32 to_line=4:16 to_line=6:16") || strstr(line, "lanes=32 to_line=6:16 to_line=4:16"));
  }
  if (text && !diverge) printf("trace:\n%s\n", text);
  CHECK(lines > 0 && untimed == 0);
  CHECK(launches == 1);   /* one run only: the old text and the first run are gone */
  CHECK(diverge >= 1);    /* each warp of the group splits at line 3 */
  free(text);
  unlink(path);

  /* Paths that cannot be written: said on stderr, and the program runs on. */
  err[0] = '\0';
  CHECK(run(self, "VGPU_TRACE=/nonexistent-vgpu-dir/trace.txt", err, sizeof err) == 0);
  CHECK(strstr(err, "VGPU_TRACE=/nonexistent-vgpu-dir/trace.txt: cannot write the trace there") != NULL);
  err[0] = '\0';
  CHECK(run(self, "VGPU_PROFILE=/nonexistent-vgpu-dir/profile.json", err, sizeof err) == 0);
  CHECK(strstr(err, "VGPU_PROFILE=/nonexistent-vgpu-dir/profile.json: cannot write the profile there") != NULL);
  return vt_finish();
}
