/* test_sim_piglit.c - an independent suite's kernels through the whole stack (ICD loader, runtime,
 * compiler, SM processes): piglit's OpenCL program tests that exercise the simulator - control
 * flow, integer and float arithmetic, conversions, math builtins, atomics (global and local,
 * 32/64-bit), vector loads and stores in every address space, local memory and barriers.  Each
 * must pass.  Not listed: piglit tests that read or write past their own buffers (bswap,
 * constant-load, pyrit-wpa-psk, the vload *_offset cases) - VirtualGPU reports those accesses as
 * faults (beyond the allocation granule, or always with VGPU_CHECKS=1) - and
 * amdgcn-f32-inline-immediates (expects AMD's denormal flushing).
 * Skipped (77) when piglit is not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"

#define PIGLIT "/usr/lib/x86_64-linux-gnu/piglit/"

int main(void) {
  static const char *const tests[] = {
    "tests/cl/program/execute/for-loop.cl",
    "tests/cl/program/execute/sha256-Ch.cl",
    "tests/cl/program/execute/scalar-arithmetic-int.cl",
    "tests/cl/program/execute/scalar-arithmetic-float.cl",
    "tests/cl/program/execute/scalar-logical-int.cl",
    "tests/cl/program/execute/scalar-arithmetic-long.cl",
    "tests/cl/program/execute/scalar-arithmetic-double.cl",
    "tests/cl/program/execute/switch-case.cl",
    "tests/cl/program/execute/vector-conversion.cl",
    "tests/cl/program/execute/get-global-id.cl",
    "tests/cl/program/execute/get-local-size.cl",
    "tests/cl/program/execute/local-memory.cl",
    "tests/cl/program/execute/i32-stack-array.cl",
    "tests/cl/program/execute/calls-large-struct.cl",
    "tests/cl/program/execute/program-scope-arrays.cl",
    "tests/cl/program/execute/negative-private-base-pointer.cl",
    "tests/cl/program/execute/builtin/atomic/atomic_add-global.cl",
    "tests/cl/program/execute/builtin/atomic/atomic_cmpxchg-local.cl",
    "tests/cl/program/execute/builtin/atomic/atomic_int64_max-global-return.cl",
    "tests/cl/program/execute/builtin/atomic/atomic_xchg-global.cl",
    "generated_tests/cl/builtin/math/builtin-float-sqrt-1.0.generated.cl",
    "generated_tests/cl/builtin/math/builtin-float-fma-1.0.generated.cl",
    "generated_tests/cl/builtin/int/builtin-int-clz-1.0.generated.cl",
    "generated_tests/cl/builtin/int/builtin-uint-mad_sat-1.0.generated.cl",
    "generated_tests/cl/vstore/vstore-float-global.cl",
    "generated_tests/cl/vload/vload-int-global.cl",
  };
  if (access(PIGLIT "bin/cl-program-tester", X_OK) != 0) {
    fprintf(stderr, "piglit is not installed: skipped\n");
    return 77;
  }
  if (!getenv("OCL_ICD_VENDORS")) {
    fprintf(stderr, "OCL_ICD_VENDORS is not set (run through ctest): skipped\n");
    return 77;
  }
  int ran = 0;
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    char path[512], cmd[1024], line[1024];
    snprintf(path, sizeof path, PIGLIT "%s", tests[i]);
    if (access(path, R_OK) != 0) {
      fprintf(stderr, "%s: not in this piglit version, not run\n", tests[i]);
      continue;
    }
    snprintf(cmd, sizeof cmd, PIGLIT "bin/cl-program-tester %s 2>&1", path);
    FILE *f = popen(cmd, "r");
    int pass = 0;
    while (f && fgets(line, sizeof line, f)) {
      if (strstr(line, "PIGLIT: {\"result\": \"pass\"")) pass = 1;
      if (strstr(line, "\"fail\"") || strstr(line, "vgpu: error")) fprintf(stderr, "%s: %s", tests[i], line);
    }
    if (f) pclose(f);
    if (!pass) fprintf(stderr, "%s: did not pass\n", tests[i]);
    CHECK(pass);
    ran++;
  }
  if (!ran) return 77;
  return vt_finish();
}
