/* test_service_log.c - every failure of `vgpu build|compile|link` is explained in the --log file,
 * which the runtime shows as the build log (stderr of the helper is not seen by applications):
 * invalid options, unreadable inputs, and bad usage such as a link without input files. */
#include "tests/compiler/compiler_util.h"

static int log_says(const char *name, const char *text) {
  char *log = ct_read(name, NULL);
  int ok = log && strstr(log, text) != NULL;
  if (!ok) printf("  %s: want '%s', got '%s'\n", name, text, log ? log : "(no log)");
  free(log);
  return ok;
}

int main(void) {
  ct_init();
  char out[512], lg[512], in[512];
  snprintf(out, sizeof out, "%s", ct_path("x.vir"));
  /* link with no inputs: usage error, exit 2, and the reason in the log */
  snprintf(lg, sizeof lg, "%s", ct_path("link0.log"));
  CHECK(ct_run("link", "--out", out, "--log", lg, (char *)NULL) == 2);
  CHECK(log_says("link0.log", "no input files"));
  /* link of a file that is not bitcode */
  ct_write("bad.bc", "not bitcode\n");
  snprintf(in, sizeof in, "%s", ct_path("bad.bc"));
  snprintf(lg, sizeof lg, "%s", ct_path("link1.log"));
  CHECK(ct_run("link", "--out", out, "--log", lg, in, (char *)NULL) == 1);
  CHECK(log_says("link1.log", "error:"));
  /* an invalid link option */
  snprintf(lg, sizeof lg, "%s", ct_path("link2.log"));
  CHECK(ct_run("link", "--out", out, "--log", lg, in, "--", "-cl-no-such-option", (char *)NULL) == 2);
  CHECK(log_says("link2.log", "-cl-no-such-option"));
  /* build without --in */
  snprintf(lg, sizeof lg, "%s", ct_path("build0.log"));
  CHECK(ct_run("build", "--out", out, "--log", lg, (char *)NULL) == 2);
  CHECK(log_says("build0.log", "usage: vgpu build"));
  /* the OpenCL 1.0 option -cl-strict-aliasing is accepted (piglit optimization-options-cl10) */
  CHECK(ct_build("strict", "kernel void k(global int *a) { a[0] = 1; }\n", "-cl-std=CL1.0 -cl-strict-aliasing") == 0);
  ct_cleanup();
  return vt_finish();
}
