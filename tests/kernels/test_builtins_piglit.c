/* test_builtins_piglit.c - an independent check of the builtin library: piglit's generated
 * builtin tests (math, common, integer, relational, misc; every vector width, expected values
 * computed by piglit's generator) and its vload/vstore tests, run through the whole stack with
 * piglit's cl-program-tester.  A fixed sample (every 4th file of the sorted lists) keeps the
 * run near a minute; a test needing an extension the device does not report says "skip" and
 * is not counted (the cl_khr_fp16 ones run since the device has it).
 * Skipped (77) when piglit is not installed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"

#define PIGLIT "/usr/lib/x86_64-linux-gnu/piglit/"

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* runs every 4th .cl file of dir (sorted); returns how many ran */
static int run_dir(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, PIGLIT "%s", dir);
  DIR *d = opendir(path);
  if (!d) return 0;
  char *names[512];
  int n = 0, ran = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 512)
    if (strstr(e->d_name, ".cl")) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  for (int i = 0; i < n; i += 4) {
    char cmd[1024], line[1024];
    snprintf(cmd, sizeof cmd, PIGLIT "bin/cl-program-tester %s/%s 2>&1", path, names[i]);
    FILE *f = popen(cmd, "r");
    int pass = 0, skip = 0;
    while (f && fgets(line, sizeof line, f)) {
      if (strstr(line, "PIGLIT: {\"result\": \"pass\"")) pass = 1;
      if (strstr(line, "PIGLIT: {\"result\": \"skip\"")) skip = 1;
      if (strstr(line, "\"fail\"") || strstr(line, "vgpu: error"))
        fprintf(stderr, "%s/%s: %s", dir, names[i], line);
    }
    if (f) pclose(f);
    if (skip) continue;
    if (!pass) fprintf(stderr, "%s/%s: did not pass\n", dir, names[i]);
    CHECK(pass);
    ran++;
  }
  for (int i = 0; i < n; i++) free(names[i]);
  return ran;
}

int main(void) {
  if (access(PIGLIT "bin/cl-program-tester", X_OK) != 0) {
    fprintf(stderr, "piglit is not installed: skipped\n");
    return 77;
  }
  if (!getenv("OCL_ICD_VENDORS")) {
    fprintf(stderr, "OCL_ICD_VENDORS is not set (run through ctest): skipped\n");
    return 77;
  }
  static const char *const dirs[] = {
    "generated_tests/cl/builtin/math", "generated_tests/cl/builtin/common",
    "generated_tests/cl/builtin/int", "generated_tests/cl/builtin/relational",
    "generated_tests/cl/builtin/misc", "generated_tests/cl/vload", "generated_tests/cl/vstore",
    "tests/cl/program/execute/builtin/math", "tests/cl/program/execute/builtin/convert",
    "tests/cl/program/execute/builtin/atomic",
  };
  int ran = 0;
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) ran += run_dir(dirs[i]);
  if (!ran) return 77;
  printf("%d piglit builtin programs run\n", ran);
  return vt_finish();
}
