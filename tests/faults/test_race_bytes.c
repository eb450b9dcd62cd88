/* test_race_bytes: VGPU_CHECKS=1 race detection on __local memory works on bytes.  Work-items
 * that each write their own char or short of a shared word do not race (it was reported as a
 * race when the shadow state was kept per 4-byte word); a work-item reading its neighbour's
 * char with no barrier in between does race, and the launch fails. */
#include "testlib.h"

static const char *src =
  "kernel void own_char(global uchar *o) {\n"
  "  local uchar b[256]; int l = get_local_id(0);\n"
  "  b[l] = (uchar)(l * 3);\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  o[get_global_id(0)] = b[255 - l];\n"
  "}\n"
  "kernel void own_short(global short *o) {\n"
  "  local short b[256]; int l = get_local_id(0);\n"
  "  b[l] = (short)(l * 5 - 300);\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  o[get_global_id(0)] = b[255 - l];\n"
  "}\n"
  "kernel void neighbour_char(global uchar *o) {\n"
  "  local uchar b[257]; int l = get_local_id(0);\n"
  "  b[l] = (uchar)l;\n"
  "  o[get_global_id(0)] = b[l + 1];\n"   /* no barrier: races with work-item l + 1 */
  "}\n";

/* Runs kernel `name` over 512 work-items in groups of 256 with an output of elem-byte items;
 * returns the event's execution status and copies the output to out. */
static cl_int run(cl_program p, const char *name, size_t elem, void *out) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, name, &err);
  CHECK_OK(err);
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, 512 * elem, NULL, &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 512, l = 256;
  cl_event ev;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, &l, 0, NULL, &ev));
  clWaitForEvents(1, &ev);
  cl_int st = 1;
  clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  if (st == CL_COMPLETE) CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, 512 * elem, out, 0, NULL, NULL));
  clReleaseEvent(ev);
  clReleaseMemObject(m);
  clReleaseKernel(k);
  return st;
}

int main(void) {
  setenv("VGPU_CHECKS", "1", 1); /* read when the program first calls OpenCL */
  cl_program p = vt_build(src, NULL);
  if (!p) return 1;
  unsigned char c[512];
  CHECK(run(p, "own_char", 1, c) == CL_COMPLETE);
  int bad = 0;
  for (int i = 0; i < 512; i++) bad += c[i] != (unsigned char)((255 - i % 256) * 3);
  CHECK(bad == 0);
  short s[512];
  CHECK(run(p, "own_short", 2, s) == CL_COMPLETE);
  bad = 0;
  for (int i = 0; i < 512; i++) bad += s[i] != (short)((255 - i % 256) * 5 - 300);
  CHECK(bad == 0);
  CHECK(run(p, "neighbour_char", 1, c) < 0);
  /* the device still works after the fault */
  CHECK(run(p, "own_char", 1, c) == CL_COMPLETE);
  clReleaseProgram(p);
  return vt_finish();
}
