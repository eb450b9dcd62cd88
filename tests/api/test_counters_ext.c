/* test_counters_ext: the cl_vgpu_counters extension (include/CL/cl_vgpu.h).  It is listed in
 * CL_PLATFORM_EXTENSIONS, its function is found by name, and it returns the counters of a
 * completed kernel launch - numbers that follow from the kernel's shape: 1024 work-items in groups
 * of 64, each loading two floats and storing one (coalesced: 4 segments of 32 bytes per warp
 * request), and one work-item in 64 doing an atomic_inc behind a branch that splits the warp
 * holding it.  A launch enqueued before the program asked for the function has no counters
 * (counting is on from then on), and so have transfers and user events; each gets the documented
 * error. */
#include <stdlib.h>
#include <string.h>
#include "CL/cl_vgpu.h"
#include "testlib.h"

static const char *src =
  "kernel void vadd(global const float *a, global const float *b, global float *c, global int *n) {\n"
  "  int i = get_global_id(0);\n"
  "  c[i] = a[i] + b[i];\n"
  "  if (i % 64 == 0) atomic_inc(n);\n"
  "}\n";

static cl_event launch(cl_kernel k) {
  size_t g = 1024, l = 64;
  cl_event ev = NULL;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, &l, 0, NULL, &ev));
  CHECK_OK(clWaitForEvents(1, &ev));
  return ev;
}

int main(void) {
  /* The default: counting only once asked for (these would turn it on for every launch). */
  unsetenv("VGPU_COUNTERS");
  unsetenv("VGPU_PROFILE");
  cl_platform_id p = vt_platform();
  char exts[256] = "";
  CHECK_OK(clGetPlatformInfo(p, CL_PLATFORM_EXTENSIONS, sizeof exts, exts, NULL));
  CHECK(strstr(exts, CL_VGPU_COUNTERS_EXTENSION_NAME) != NULL);

  cl_program prog = vt_build(src, NULL);
  if (!prog) return 1;
  cl_int err;
  cl_kernel k = clCreateKernel(prog, "vadd", &err);
  CHECK_OK(err);
  cl_mem m[4];
  for (int i = 0; i < 4; i++) {
    m[i] = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, 1024 * 4, NULL, &err);
    CHECK_OK(err);
    CHECK_OK(clSetKernelArg(k, (cl_uint)i, sizeof m[i], &m[i]));
  }
  cl_event before = launch(k); /* nobody has asked for counters yet */

  clGetEventCountersVGPU_fn get =
    (clGetEventCountersVGPU_fn)clGetExtensionFunctionAddressForPlatform(p, "clGetEventCountersVGPU");
  CHECK(get != NULL);
  if (!get) return vt_finish();
  CHECK(clGetExtensionFunctionAddress("clGetEventCountersVGPU") == (void *)get);
  cl_kernel_counters_vgpu c;
  CHECK_ERR(get(before, sizeof c, &c, NULL), CL_PROFILING_INFO_NOT_AVAILABLE);

  cl_event ev = launch(k);
  size_t size = 0;
  memset(&c, 0xff, sizeof c);
  CHECK_OK(get(ev, sizeof c, &c, &size));
  CHECK(size == sizeof c);
  size_t warp = 0;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, sizeof warp, &warp, NULL));
  CHECK(warp >= 8 && warp <= 64);
  const cl_ulong warps = 1024 / warp;
  CHECK(c.work_groups == 16);
  CHECK(c.warps == warps);
  CHECK(c.global_requests == 3 * warps);       /* a[i], b[i], c[i] */
  CHECK(c.global_transactions == 3 * 1024 * 4 / 32); /* every byte once, 32 at a time */
  CHECK(c.global_bytes == 3 * 1024 * 4);
  CHECK(c.atomics == 1024 / 64);
  CHECK(c.branches == warps);                  /* the if, once per warp */
  CHECK(c.divergent_branches == 1024 / 64);    /* the warps holding a multiple of 64 */
  CHECK(c.local_requests == 0 && c.local_bank_conflicts == 0 && c.barriers == 0);
  CHECK(c.warp_insns > 0 && c.lane_insns < c.warp_insns * warp && c.lane_insns > c.warp_insns * warp / 2);
  printf("warp_insns %llu lane_insns %llu\n", (unsigned long long)c.warp_insns, (unsigned long long)c.lane_insns);
  /* NULL counters: the size only */
  size = 0;
  CHECK_OK(get(ev, 0, NULL, &size));
  CHECK(size == sizeof c);

  /* The errors of include/CL/cl_vgpu.h. */
  CHECK_ERR(get(NULL, sizeof c, &c, NULL), CL_INVALID_EVENT);
  CHECK_ERR(get((cl_event)m[0], sizeof c, &c, NULL), CL_INVALID_EVENT);
  CHECK_ERR(get(ev, sizeof c - 1, &c, NULL), CL_INVALID_VALUE);
  cl_event user = clCreateUserEvent(vt_context(), &err);
  CHECK_OK(err);
  CHECK_ERR(get(user, sizeof c, &c, NULL), CL_PROFILING_INFO_NOT_AVAILABLE);
  CHECK_OK(clSetUserEventStatus(user, CL_COMPLETE));
  CHECK_ERR(get(user, sizeof c, &c, NULL), CL_PROFILING_INFO_NOT_AVAILABLE);
  float host[1024] = {0};
  cl_event wr;
  CHECK_OK(clEnqueueWriteBuffer(vt_queue(), m[0], CL_TRUE, 0, sizeof host, host, 0, NULL, &wr));
  CHECK_ERR(get(wr, sizeof c, &c, NULL), CL_PROFILING_INFO_NOT_AVAILABLE);

  clReleaseEvent(wr);
  clReleaseEvent(user);
  clReleaseEvent(ev);
  clReleaseEvent(before);
  for (int i = 0; i < 4; i++) clReleaseMemObject(m[i]);
  clReleaseKernel(k);
  clReleaseProgram(prog);
  return vt_finish();
}
