/* test_timeline.c - VGPU_TIMELINE end to end: this program runs, with the timeline on, a kernel
 * whose every warp splits at one `if` and passes one barrier, a buffer read, and a launch of 16384
 * one-item work-groups (more than the timeline keeps per SM: aggregated), and, in a context of two
 * devices, a buffer written on device 0 and read on device 1 (a migration between them), checks
 * the results
 * against the CPU, and writes what clGetEventProfilingInfo said about each command.  After clFinish
 * (which writes the timeline so far) tests/tools/timeline_check.py checks the file against those
 * values and against the invariants its docstring lists. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "testlib.h"

#define SPLIT_N 4096
#define SPLIT_LOCAL 64
#define MANY_N 16384

/* Line numbers matter: timeline_check.py expects the barrier on line 4 and the `if` on line 6. */
static const char *src =
  "__kernel void split(__global uint *o, __local uint *t) {\n"
  "  uint l = get_local_id(0), g = get_global_id(0);\n"
  "  t[l] = g;\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  uint v = t[(l + 1) % get_local_size(0)];\n"
  "  if (l & 1) {\n"
  "    for (uint k = 0; k < 4 + (get_group_id(0) & 3); k++) v = v * 3 + k;\n"
  "  } else v = v + 7;\n"
  "  o[g] = v;\n"
  "}\n"
  "__kernel void many(__global uint *o) { o[get_global_id(0)] = 1; }\n";

static void profiling(FILE *f, const char *name, cl_event e, int last) {
  static const cl_profiling_info what[4] = {CL_PROFILING_COMMAND_QUEUED, CL_PROFILING_COMMAND_SUBMIT,
                                            CL_PROFILING_COMMAND_START, CL_PROFILING_COMMAND_END};
  static const char *const key[4] = {"queued", "submit", "start", "end"};
  fprintf(f, "\"%s\": {", name);
  for (int i = 0; i < 4; i++) {
    cl_ulong t = 0;
    CHECK_OK(clGetEventProfilingInfo(e, what[i], sizeof t, &t, NULL));
    fprintf(f, "%s\"%s\": %llu", i ? ", " : "", key[i], (unsigned long long)t);
  }
  fprintf(f, "}%s\n", last ? "" : ",");
}

int main(void) {
  const char *srcdir = getenv("VGPU_SOURCE_DIR");
  if (!srcdir || system("python3 -c 'import json' >/dev/null 2>&1") != 0) {
    fprintf(stderr, "needs python3 and VGPU_SOURCE_DIR (run through ctest): skipped\n");
    return 77;
  }
  /* Before the first OpenCL call: the runtime reads its settings once. */
  setenv("VGPU_TIMELINE", "test_timeline.json", 1);
  setenv("VGPU_SMS", "2", 1);
  setenv("VGPU_DEVICES", "2", 1);
  setenv("VGPU_WARP_SIZE", "32", 1);
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();
  cl_program p = vt_build(src, NULL);
  CHECK(p != NULL);
  if (!p) return vt_finish();
  cl_int err;
  cl_kernel split = clCreateKernel(p, "split", &err), many = clCreateKernel(p, "many", &err);
  cl_mem out = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 4 * MANY_N, NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clSetKernelArg(split, 0, sizeof out, &out));
  CHECK_OK(clSetKernelArg(split, 1, 4 * SPLIT_LOCAL, NULL));
  CHECK_OK(clSetKernelArg(many, 0, sizeof out, &out));
  size_t gs = SPLIT_N, ls = SPLIT_LOCAL, gm = MANY_N, lm = 1;
  cl_event e1, e2, e3, e4;
  static cl_uint host[SPLIT_N];
  CHECK_OK(clEnqueueNDRangeKernel(q, split, 1, NULL, &gs, &ls, 0, NULL, &e1));
  CHECK_OK(clEnqueueReadBuffer(q, out, CL_FALSE, 0, sizeof host, host, 0, NULL, &e2));
  CHECK_OK(clEnqueueNDRangeKernel(q, many, 1, NULL, &gm, &lm, 0, NULL, &e3));
  CHECK_OK(clFinish(q));
  /* Two devices: written on one, read on the other. */
  cl_device_id two[2];
  CHECK_OK(clGetDeviceIDs(vt_platform(), CL_DEVICE_TYPE_ALL, 2, two, NULL));
  cl_context ctx2 = clCreateContext(NULL, 2, two, NULL, NULL, &err);
  CHECK_OK(err);
  cl_command_queue q0 = clCreateCommandQueue(ctx2, two[0], CL_QUEUE_PROFILING_ENABLE, &err);
  cl_command_queue q1 = clCreateCommandQueue(ctx2, two[1], CL_QUEUE_PROFILING_ENABLE, &err);
  CHECK_OK(err);
  static cl_uint init[1024], back[1024];
  for (int i = 0; i < 1024; i++) init[i] = 3u * (cl_uint)i + 1;
  cl_mem shared = clCreateBuffer(ctx2, CL_MEM_READ_WRITE, sizeof init, NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clEnqueueWriteBuffer(q0, shared, CL_TRUE, 0, sizeof init, init, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q1, shared, CL_TRUE, 0, sizeof back, back, 0, NULL, &e4));
  CHECK(!memcmp(init, back, sizeof init));
  CHECK_OK(clFinish(q1));
  int bad = 0;
  for (cl_uint g = 0; g < SPLIT_N; g++) {
    cl_uint grp = g / SPLIT_LOCAL, v = grp * SPLIT_LOCAL + (g % SPLIT_LOCAL + 1) % SPLIT_LOCAL;
    if (g & 1)
      for (cl_uint k = 0; k < 4 + (grp & 3); k++) v = v * 3 + k;
    else
      v += 7;
    bad += host[g] != v;
  }
  CHECK(bad == 0);
  FILE *f = fopen("test_timeline_profiling.json", "w");
  CHECK(f != NULL);
  if (!f) return vt_finish();
  fprintf(f, "{\"pid\": %d,\n", (int)getpid());
  profiling(f, "split", e1, 0);
  profiling(f, "read", e2, 0);
  profiling(f, "many", e3, 0);
  profiling(f, "migrated_read", e4, 1);
  fprintf(f, "}\n");
  fclose(f);
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "python3 %s/tests/tools/timeline_check.py test_timeline.json test_timeline_profiling.json",
           srcdir);
  CHECK(system(cmd) == 0);
  clReleaseEvent(e1);
  clReleaseEvent(e2);
  clReleaseEvent(e3);
  clReleaseEvent(e4);
  clReleaseMemObject(shared);
  clReleaseCommandQueue(q0);
  clReleaseCommandQueue(q1);
  clReleaseContext(ctx2);
  clReleaseMemObject(out);
  clReleaseKernel(split);
  clReleaseKernel(many);
  clReleaseProgram(p);
  return vt_finish();
}
