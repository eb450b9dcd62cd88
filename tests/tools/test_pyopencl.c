/* test_pyopencl.c - an unmodified third-party OpenCL client, PyOpenCL, drives VirtualGPU through
 * the ICD loader: it lists the platform and device, creates a context and queue, builds a kernel,
 * runs it and reads the result, which numpy checks against the CPU.  Skipped (77) when python3
 * with pyopencl and numpy is not installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testlib.h"

static const char script[] =
  "import pyopencl as cl, numpy as np\n"
  "p = [x for x in cl.get_platforms() if x.name == 'VirtualGPU'][0]\n"
  "d = p.get_devices()[0]\n"
  "print('platform', p.name, '|', p.version)\n"
  "print('device', d.name, '|', d.max_compute_units, d.type == cl.device_type.GPU)\n"
  "ctx = cl.Context([d])\n"
  "q = cl.CommandQueue(ctx)\n"
  "a = np.arange(4096, dtype=np.float32); b = (np.arange(4096) % 7).astype(np.float32)\n"
  "mf = cl.mem_flags\n"
  "ab = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=a)\n"
  "bb = cl.Buffer(ctx, mf.READ_ONLY | mf.COPY_HOST_PTR, hostbuf=b)\n"
  "ob = cl.Buffer(ctx, mf.WRITE_ONLY, a.nbytes)\n"
  "src = '__kernel void k(__global const float *a, __global const float *b, __global float *o)"
  "{ int i = get_global_id(0); o[i] = a[i] * b[i] + 1.0f; }'\n"
  "prg = cl.Program(ctx, src).build()\n"
  "prg.k(q, a.shape, None, ab, bb, ob)\n"
  "r = np.empty_like(a); cl.enqueue_copy(q, r, ob); q.finish()\n"
  "print('result', 'match' if np.array_equal(r, a * b + 1.0) else 'MISMATCH')\n";

int main(void) {
  if (system("/usr/bin/python3 -c 'import pyopencl, numpy' >/dev/null 2>&1") != 0) {
    fprintf(stderr, "python3 with pyopencl and numpy is not installed: skipped\n");
    return 77;
  }
  if (!getenv("OCL_ICD_VENDORS")) {
    fprintf(stderr, "OCL_ICD_VENDORS is not set (run through ctest): skipped\n");
    return 77;
  }
  setenv("VGPU_SMS", "3", 1);
  FILE *f = fopen("test_pyopencl_script.py", "w");
  CHECK(f != NULL);
  if (!f) return vt_finish();
  fputs(script, f);
  fclose(f);
  FILE *p = popen("/usr/bin/python3 test_pyopencl_script.py 2>&1", "r");
  char line[1024];
  int platform = 0, device = 0, result = 0;
  while (p && fgets(line, sizeof line, p)) {
    fputs(line, stdout);
    platform |= !strncmp(line, "platform VirtualGPU | OpenCL 3.0 VirtualGPU ", 44);
    device |= !strcmp(line, "device VirtualGPU SIMT 0 | 3 True\n");
    result |= !strcmp(line, "result match\n");
  }
  CHECK(p && pclose(p) == 0);
  CHECK(platform);
  CHECK(device);
  CHECK(result);
  remove("test_pyopencl_script.py");
  return vt_finish();
}
