/* test_piglit_api.c - piglit's OpenCL API tests for platforms, devices, contexts, samplers and
 * images, run against the build tree's library (OCL_ICD_VENDORS): an independent test suite's
 * view of the same entry points.  Each must report pass (the image and sampler ones too: the
 * device has images).
 * Not run: get-device-info (this piglit knows OpenCL up to 2.0 and then demands "OpenCL 1.1" in
 * CL_DEVICE_VERSION, which no 3.0 device has: PoCL fails it the same way) and
 * get-extension-function-address-for-platform (the ocl-icd loader replaces a NULL platform by
 * the default one before we see it, so the library cannot return NULL for it).
 * Skipped (77) when piglit is not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"

#define PIGLIT_BIN "/usr/lib/x86_64-linux-gnu/piglit/bin/"

int main(void) {
  static const char *const tests[] = {
    "cl-api-get-platform-ids", "cl-api-get-platform-info", "cl-api-get-device-ids",
    "cl-api-create-context", "cl-api-create-context-from-type", "cl-api-get-context-info",
    "cl-api-retain_release-context", "cl-api-create-sampler", "cl-api-create-image",
    "cl-api-get-image-info", "cl-api-enqueue-fill-image",
  };
  if (access(PIGLIT_BIN "cl-api-get-platform-ids", X_OK) != 0) {
    fprintf(stderr, "piglit is not installed: skipped\n");
    return 77;
  }
  if (!getenv("OCL_ICD_VENDORS")) {
    fprintf(stderr, "OCL_ICD_VENDORS is not set (run through ctest): skipped\n");
    return 77;
  }
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    char cmd[512], line[1024];
    snprintf(cmd, sizeof cmd, PIGLIT_BIN "%s 2>&1", tests[i]);
    FILE *f = popen(cmd, "r");
    int pass = 0, skip = 0;
    while (f && fgets(line, sizeof line, f)) {
      if (strstr(line, "PIGLIT: {\"result\": \"pass\"")) pass = 1;
      if (strstr(line, "PIGLIT: {\"result\": \"skip\"")) skip = 1;
      if (strstr(line, "ailed") || strstr(line, "rror")) fprintf(stderr, "%s: %s", tests[i], line);
    }
    if (f) pclose(f);
    if (!pass) fprintf(stderr, "%s: did not pass%s\n", tests[i], skip ? " (skipped)" : "");
    CHECK(pass);
  }
  return vt_finish();
}
