/* test_clinfo.c - the real clinfo, restricted to the build tree's library (OCL_ICD_VENDORS), must
 * list the VirtualGPU platform and its device with the configured number of compute units, and
 * print no error: every query it makes (all of OpenCL 3.0's, plus a kernel build for the preferred
 * work-group size multiple) has to be answered.  Skipped (77) when clinfo is not installed. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"

/* Runs cmd, returns its output (NULL if it could not run) and exit status. */
static char *run(const char *cmd, int *status) {
  FILE *f = popen(cmd, "r");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *out = malloc(cap);
  size_t n;
  while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 4096) out = realloc(out, cap *= 2);
  }
  out[len] = 0;
  *status = pclose(f);
  return out;
}

/* The value clinfo prints after a label ("  Max compute units     5"), or NULL. */
static const char *value_of(const char *out, const char *label) {
  const char *p = strstr(out, label);
  if (!p) return NULL;
  p += strlen(label);
  while (*p == ' ') p++;
  return p;
}

int main(void) {
  if (system("command -v clinfo >/dev/null 2>&1") != 0) {
    fprintf(stderr, "clinfo is not installed: skipped\n");
    return 77;
  }
  if (!getenv("OCL_ICD_VENDORS")) {
    fprintf(stderr, "OCL_ICD_VENDORS is not set (run through ctest): skipped\n");
    return 77;
  }
  /* A configuration different from the defaults, so the numbers cannot be coincidence. */
  setenv("VGPU_SMS", "3", 1);
  setenv("VGPU_DEVICES", "2", 1);
  setenv("VGPU_LOCAL_MEM", "48K", 1);
  int status = -1;
  char *out = run("clinfo 2>&1", &status);
  CHECK(out != NULL && status == 0);
  if (!out) return vt_finish();

  const char *v = value_of(out, "Number of platforms");
  CHECK(v && atoi(v) == 1);
  v = value_of(out, "Platform Name");
  CHECK(v && !strncmp(v, "VirtualGPU\n", 11));
  v = value_of(out, "Platform Version");
  CHECK(v && !strncmp(v, "OpenCL 3.0 VirtualGPU ", 22));
  v = value_of(out, "Platform Extensions function suffix");
  CHECK(v && !strncmp(v, "VGPU\n", 5));
  v = value_of(out, "Number of devices");
  CHECK(v && atoi(v) == 2);
  CHECK(strstr(out, "VirtualGPU SIMT 0") && strstr(out, "VirtualGPU SIMT 1"));
  v = value_of(out, "Device Type");
  CHECK(v && !strncmp(v, "GPU", 3));
  v = value_of(out, "Max compute units");
  CHECK(v && atoi(v) == 3);
  v = value_of(out, "Local memory size");
  CHECK(v && atoi(v) == 48 * 1024);
  v = value_of(out, "Preferred work group size multiple (device)");
  CHECK(v && atoi(v) == 32);
  v = value_of(out, "Preferred work group size multiple (kernel)");
  CHECK(v && atoi(v) >= 1);

  /* No error anywhere: clinfo prints failed queries as "<...: error -30>" or "Invalid ...", and
   * our logger's warnings/errors start with "vgpu:". */
  int bad = 0;
  for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
    if (strstr(line, "error -") || strstr(line, "<error") || strstr(line, "vgpu: ") ||
        strstr(line, "Invalid") || strstr(line, "CL_INVALID")) {
      fprintf(stderr, "clinfo: %s\n", line);
      bad++;
    }
  }
  CHECK(bad == 0);
  free(out);

  /* The short listing too. */
  out = run("clinfo --list 2>&1", &status);
  CHECK(out && status == 0 && strstr(out, "Platform #0: VirtualGPU") && strstr(out, "VirtualGPU SIMT 1"));
  free(out);
  return vt_finish();
}
