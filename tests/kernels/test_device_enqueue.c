/* test_device_enqueue.c - device-side enqueue (OpenCL C 3.0 s6.15.13, OpenCL 3.0 s5.1 device
 * queues): a parent fills and its child checks, nesting to a depth, events, markers and a user
 * event ordering children, __local block arguments, a full queue, every enqueue_kernel error
 * code, the block queries, profiling capture, and the host API's rules for device queues.
 * Expected values are computed here from the kernels' definitions, never read back from the
 * device. */
#include <stdint.h>
#include <unistd.h>
#include "testlib.h"

static const char *src =
    /* the parent writes a[], one child launched by work-item 0 checks every element of it */
    "kernel void fill_check(global int *a, global int *b) {\n"
    "  size_t i = get_global_id(0);\n"
    "  a[i] = (int)i * 3;\n"
    "  if (i == 0) {\n"
    "    size_t n = get_global_size(0);\n"
    "    enqueue_kernel(get_default_queue(), CLK_ENQUEUE_FLAGS_WAIT_KERNEL, ndrange_1D(n),\n"
    "                   ^{ size_t j = get_global_id(0); b[j] = a[j] == (int)j * 3 ? (int)j + 1000 : -1; });\n"
    "  }\n"
    "}\n"
    /* each level writes its depth and global size, and enqueues the next level */
    "void level(global int *out, int d, int max) {\n"
    "  if (get_global_id(0) == 0) {\n"
    "    out[d] = d * 10 + (int)get_global_size(0);\n"
    "    if (d + 1 < max)\n"
    "      enqueue_kernel(get_default_queue(), CLK_ENQUEUE_FLAGS_NO_WAIT, ndrange_1D(d + 2), ^{ level(out, d + 1, max); });\n"
    "  }\n"
    "}\n"
    "kernel void nest(global int *out, int max) { level(out, 0, max); }\n"
    /* k1 waits for a user event that k2 sets; a marker waits for both; k3 for the marker */
    "kernel void order(global int *log, global int *res) {\n"
    "  queue_t q = get_default_queue();\n"
    "  clk_event_t e1, e2, m, u = create_user_event();\n"
    "  res[0] = enqueue_kernel(q, CLK_ENQUEUE_FLAGS_NO_WAIT, ndrange_1D(1), 1, &u, &e1,\n"
    "                          ^{ log[1 + atomic_inc(&log[0])] = 1; });\n"
    "  res[1] = enqueue_kernel(q, CLK_ENQUEUE_FLAGS_NO_WAIT, ndrange_1D(1), 0, 0, &e2,\n"
    "                          ^{ log[1 + atomic_inc(&log[0])] = 2; set_user_event_status(u, CL_COMPLETE); release_event(u); });\n"
    "  clk_event_t w[2] = {e1, e2};\n"
    "  res[2] = enqueue_marker(q, 2, w, &m);\n"
    "  res[3] = enqueue_kernel(q, CLK_ENQUEUE_FLAGS_NO_WAIT, ndrange_1D(1), 1, &m, 0,\n"
    "                          ^{ log[1 + atomic_inc(&log[0])] = 3; });\n"
    "  res[4] = is_valid_event(e1);\n"
    "  res[5] = is_valid_event(CLK_NULL_EVENT);\n"
    "  release_event(e1); release_event(e2); release_event(m);\n"
    "}\n"
    /* two __local block arguments of a child with 16-item groups */
    "kernel void locals(global int *out) {\n"
    "  out[64] = enqueue_kernel(get_default_queue(), CLK_ENQUEUE_FLAGS_NO_WAIT, ndrange_1D(64, 16),\n"
    "    ^(local void *p, local void *p2) {\n"
    "      local int *a = p; local int *b = p2; size_t l = get_local_id(0);\n"
    "      a[l] = (int)get_global_id(0); b[15 - l] = (int)l;\n"
    "      barrier(CLK_LOCAL_MEM_FENCE);\n"
    "      out[get_global_id(0)] = a[15 - l] * 100 + b[l]; }, 64u, 64u);\n"
    "}\n"
    /* enqueue into the queue given as an argument until it is full */
    "kernel void fill_queue(queue_t q, global int *res, global int *count) {\n"
    "  int n = 0, r;\n"
    "  while ((r = enqueue_kernel(q, CLK_ENQUEUE_FLAGS_NO_WAIT, ndrange_1D(1), ^{ atomic_inc(count); })) == CLK_SUCCESS\n"
    "         && n < 100000) n++;\n"
    "  res[0] = n; res[1] = r;\n"
    "}\n"
    /* the error codes of s6.15.13.3 */
    "kernel void errors(global int *res) {\n"
    "  queue_t q = get_default_queue();\n"
    "  clk_event_t e;\n"
    "  res[0] = enqueue_kernel(q, 0, ndrange_1D(0), ^{ res[20] = 1; });\n"
    "  res[1] = enqueue_kernel(q, 0, ndrange_1D(4096, 2048), ^{ res[20] = 1; });\n"
    "  queue_t none = CLK_NULL_QUEUE;\n"
    "  res[2] = enqueue_kernel(none, 0, ndrange_1D(1), ^{ res[20] = 1; });\n"
    "  res[3] = enqueue_kernel(q, 0, ndrange_1D(1), 1, 0, 0, ^{ res[20] = 1; });\n"
    "  res[4] = enqueue_kernel(q, 0, ndrange_1D(1), ^(local void *p){ res[20] = 1; }, 0u);\n"
    "  res[5] = enqueue_marker(q, 0, 0, &e);\n"
    "  size_t g[2] = {4, 4}, l[2] = {0, 2};\n"
    "  res[6] = enqueue_kernel(q, 0, ndrange_2D(g, l), ^{ res[20] = 1; });\n"
    "  res[7] = get_kernel_work_group_size(^{ res[20] = 1; });\n"
    "  res[8] = get_kernel_preferred_work_group_size_multiple(^{ res[20] = 1; });\n"
    "  res[9] = enqueue_kernel(q, 0, ndrange_1D(8), ^{ res[21 + get_global_id(0)] = (int)get_global_id(0); });\n"
    "}\n"
    /* capture_event_profiling_info before the event completes */
    "kernel void profile(global ulong *t, global int *res) {\n"
    "  queue_t q = get_default_queue();\n"
    "  clk_event_t e;\n"
    "  res[0] = enqueue_kernel(q, 0, ndrange_1D(64), 0, 0, &e, ^{ res[1 + get_global_id(0)] = 7; });\n"
    "  capture_event_profiling_info(e, CLK_PROFILING_COMMAND_EXEC_TIME, t);\n"
    "  release_event(e);\n"
    "}\n"
    /* a child that faults, and one that waits for a user event nobody sets */
    "kernel void bad(global int *a) {\n"
    "  enqueue_kernel(get_default_queue(), 0, ndrange_1D(1), ^{ a[1 << 26] = 1; });\n"
    "  clk_event_t u = create_user_event();\n"
    "  enqueue_kernel(get_default_queue(), 0, ndrange_1D(1), 1, &u, 0, ^{ a[0] = 99; });\n"
    "}\n"
    /* a block that captures nothing: Clang makes its literal a program-scope constant whose
     * invoke field is a function address (CTS test_api negative_invalid_arg_queue) */
    "global int hits;\n"
    "kernel void bump(void) { atomic_inc(&hits); }\n"
    "kernel void no_capture(void) {\n"
    "  enqueue_kernel(get_default_queue(), CLK_ENQUEUE_FLAGS_WAIT_KERNEL, ndrange_1D(5), ^{ bump(); });\n"
    "}\n"
    "kernel void read_hits(global int *out) { out[0] = hits; }\n"
    /* without a default device queue */
    "kernel void no_default(global int *res) { res[0] = enqueue_kernel(get_default_queue(), 0, ndrange_1D(1), ^{ res[1] = 1; }); }\n";

static cl_mem buffer(size_t size, int fill) {
  cl_int err;
  int *init = malloc(size);
  for (size_t i = 0; i < size / sizeof(int); i++) init[i] = fill;
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, size, init, &err);
  CHECK_OK(err);
  free(init);
  return m;
}

static void rd(cl_mem m, void *out, size_t size) {
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, size, out, 0, NULL, NULL));
}

/* Runs kernel `name` with global size g (local NULL) and the given buffer arguments. */
static void run(cl_program p, const char *name, size_t g, int nargs, const cl_mem *args, const int *ints) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, name, &err);
  CHECK_OK(err);
  for (int i = 0; i < nargs; i++)
    if (args[i]) CHECK_OK(clSetKernelArg(k, (cl_uint)i, sizeof(cl_mem), &args[i]));
    else CHECK_OK(clSetKernelArg(k, (cl_uint)i, sizeof(int), &ints[i]));
  cl_event ev;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, &ev));
  CHECK_OK(clWaitForEvents(1, &ev));
  cl_int st = 1;
  CHECK_OK(clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL));
  CHECK(st == CL_COMPLETE);
  clReleaseEvent(ev);
  clReleaseKernel(k);
}

static cl_command_queue device_queue(cl_command_queue_properties extra, cl_uint size, cl_int *err) {
  cl_queue_properties props[] = {CL_QUEUE_PROPERTIES,
                                 CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_ON_DEVICE | extra, 0, 0, 0};
  if (size) { props[2] = CL_QUEUE_SIZE; props[3] = size; }
  return clCreateCommandQueueWithProperties(vt_context(), vt_device(), props, err);
}

static void test_api(void) {
  cl_int err;
  cl_device_device_enqueue_capabilities caps = 0;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES, sizeof caps, &caps, NULL));
  CHECK(caps == (CL_DEVICE_QUEUE_SUPPORTED | CL_DEVICE_QUEUE_REPLACEABLE_DEFAULT));
  cl_uint pref = 0, max = 0, nq = 0, nev = 0;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_QUEUE_ON_DEVICE_PREFERRED_SIZE, sizeof pref, &pref, NULL));
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE, sizeof max, &max, NULL));
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_MAX_ON_DEVICE_QUEUES, sizeof nq, &nq, NULL));
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_MAX_ON_DEVICE_EVENTS, sizeof nev, &nev, NULL));
  /* OpenCL 3.0 table 4.3 minimums for a device that supports device queues */
  CHECK(pref >= 16 * 1024 && pref <= max && max >= 256 * 1024 && nq >= 1 && nev >= 1024);
  cl_command_queue_properties qp = 0;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_QUEUE_ON_DEVICE_PROPERTIES, sizeof qp, &qp, NULL));
  CHECK(qp & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE);

  /* creation rules */
  cl_queue_properties in_order[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_ON_DEVICE, 0};
  CHECK(!clCreateCommandQueueWithProperties(vt_context(), vt_device(), in_order, &err));
  CHECK(err == CL_INVALID_VALUE);
  cl_queue_properties host_size[] = {CL_QUEUE_SIZE, 1024, 0};
  CHECK(!clCreateCommandQueueWithProperties(vt_context(), vt_device(), host_size, &err));
  CHECK(err == CL_INVALID_VALUE);
  CHECK(!device_queue(0, max + 1, &err));
  CHECK(err == CL_INVALID_VALUE);

  cl_command_queue dq = device_queue(0, 0, &err);
  CHECK_OK(err);
  cl_uint size = 0;
  CHECK_OK(clGetCommandQueueInfo(dq, CL_QUEUE_SIZE, sizeof size, &size, NULL));
  CHECK(size == pref);
  CHECK_ERR(clGetCommandQueueInfo(vt_queue(), CL_QUEUE_SIZE, sizeof size, &size, NULL), CL_INVALID_COMMAND_QUEUE);
  cl_command_queue def = (cl_command_queue)1;
  CHECK_OK(clGetCommandQueueInfo(dq, CL_QUEUE_DEVICE_DEFAULT, sizeof def, &def, NULL));
  CHECK(def == NULL);

  /* the host cannot enqueue to a device queue, nor wait for one */
  cl_mem m = buffer(64, 0);
  int zero = 0;
  CHECK_ERR(clEnqueueWriteBuffer(dq, m, CL_TRUE, 0, 4, &zero, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clEnqueueMarkerWithWaitList(dq, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clFinish(dq), CL_INVALID_COMMAND_QUEUE);

  /* the default: created twice is the same queue; clSetDefaultDeviceCommandQueue replaces it */
  cl_command_queue d1 = device_queue(CL_QUEUE_ON_DEVICE_DEFAULT, 0, &err);
  CHECK_OK(err);
  cl_command_queue d2 = device_queue(CL_QUEUE_ON_DEVICE_DEFAULT, 0, &err);
  CHECK(d1 == d2);
  CHECK_OK(clGetCommandQueueInfo(vt_queue(), CL_QUEUE_DEVICE_DEFAULT, sizeof def, &def, NULL));
  CHECK(def == d1);
  CHECK_OK(clSetDefaultDeviceCommandQueue(vt_context(), vt_device(), dq));
  CHECK_OK(clGetCommandQueueInfo(d1, CL_QUEUE_DEVICE_DEFAULT, sizeof def, &def, NULL));
  CHECK(def == dq);
  CHECK_ERR(clSetDefaultDeviceCommandQueue(vt_context(), vt_device(), vt_queue()), CL_INVALID_COMMAND_QUEUE);
  CHECK_OK(clSetDefaultDeviceCommandQueue(vt_context(), vt_device(), d1));
  clReleaseCommandQueue(d2);
  clReleaseCommandQueue(d1);
  clReleaseCommandQueue(dq);
  clReleaseMemObject(m);
}

/* `timeline` mode (run by main with VGPU_TIMELINE set): one parent and its child. */
static int timeline_child(cl_program p) {
  cl_int err;
  cl_command_queue dq = device_queue(CL_QUEUE_ON_DEVICE_DEFAULT, 0, &err);
  cl_mem a = buffer(64, 0), b = buffer(64, 0);
  cl_mem ab[2] = {a, b};
  run(p, "fill_check", 16, 2, ab, NULL);
  clReleaseCommandQueue(dq);
  return vt_finish();
}

int main(int argc, char **argv) {
  cl_int err;
  cl_program p = vt_build(src, "-cl-std=CL3.0");
  CHECK(p != NULL);
  if (!p) return vt_finish();
  if (argc > 1 && !strcmp(argv[1], "timeline")) return timeline_child(p);

  /* the timeline shows the child launch and who launched it (docs/timeline.md) */
  {
    char path[64], env0[96], out[4096];
    snprintf(path, sizeof path, "/tmp/vgpu-devenq-%d.json", (int)getpid());
    snprintf(env0, sizeof env0, "VGPU_TIMELINE=%s", path);
    const char *const env[] = {env0, NULL};
    CHECK(vt_run_self(argv[0], "timeline", env, 1, out, sizeof out) == 0);
    size_t len = 0;
    char *tl = vt_read_file(path, &len);
    CHECK(tl && strstr(tl, "\"kernel\":\"__fill_check_block_invoke_kernel\",\"enqueued_by\":\"fill_check\""));
    free(tl);
    unlink(path);
  }

  /* before any default device queue exists: CLK_NULL_QUEUE, so CLK_INVALID_QUEUE */
  cl_mem r = buffer(4 * 64, -5);
  int res[64];
  run(p, "no_default", 1, 1, &r, NULL);
  rd(r, res, 8);
  CHECK(res[0] == -102 /* CLK_INVALID_QUEUE */ && res[1] == -5);

  test_api();

  cl_command_queue dq = device_queue(CL_QUEUE_ON_DEVICE_DEFAULT, 0, &err);
  CHECK_OK(err);

  /* a block without captures, run by a 3-item parent: 3 children of 5 work-items */
  cl_mem h = buffer(4, -1);
  run(p, "no_capture", 3, 0, NULL, NULL);
  run(p, "read_hits", 1, 1, &h, NULL);
  int hits = 0;
  rd(h, &hits, 4);
  CHECK(hits == 15);
  clReleaseMemObject(h);

  /* a parent fills, a child checks */
  enum { N = 256 };
  cl_mem a = buffer(4 * N, 0), b = buffer(4 * N, 0);
  cl_mem ab[2] = {a, b};
  run(p, "fill_check", N, 2, ab, NULL);
  int out[N];
  rd(b, out, sizeof out);
  int ok = 1;
  for (int i = 0; i < N; i++) ok &= out[i] == i + 1000;
  CHECK(ok);

  /* nesting: level d runs with global size d + 1 and writes d * 10 + d + 1 */
  enum { DEPTH = 24 };
  cl_mem nest = buffer(4 * (DEPTH + 1), -1);
  cl_mem nargs[2] = {nest, NULL};
  int ints[2] = {0, DEPTH};
  run(p, "nest", 1, 2, nargs, ints);
  int levels[DEPTH + 1];
  rd(nest, levels, sizeof levels);
  ok = 1;
  for (int d = 0; d < DEPTH; d++) ok &= levels[d] == d * 10 + d + 1;
  CHECK(ok);
  CHECK(levels[DEPTH] == -1);

  /* events, a marker and a user event order the children: k2 (which sets the user event), then
   * k1, then k3 after the marker */
  cl_mem log = buffer(4 * 8, 0);
  cl_mem oargs[2] = {log, r};
  run(p, "order", 1, 2, oargs, NULL);
  int lg[4];
  rd(log, lg, sizeof lg);
  CHECK(lg[0] == 3 && lg[1] == 2 && lg[2] == 1 && lg[3] == 3);
  rd(r, res, 6 * 4);
  CHECK(res[0] == 0 && res[1] == 0 && res[2] == 0 && res[3] == 0 && res[4] == 1 && res[5] == 0);

  /* __local block arguments */
  cl_mem lo = buffer(4 * 65, -1);
  run(p, "locals", 1, 1, &lo, NULL);
  int lv[65];
  rd(lo, lv, sizeof lv);
  ok = lv[64] == 0;
  for (int g = 0; g < 64; g++) {
    int grp = g / 16, l = g % 16;
    ok &= lv[g] == (grp * 16 + 15 - l) * 100 + (15 - l);
  }
  CHECK(ok);

  /* a full queue: a 4 KiB queue passed as a queue_t argument takes as many records as fit */
  cl_command_queue small = device_queue(0, 4096, &err);
  CHECK_OK(err);
  cl_kernel k = clCreateKernel(p, "fill_queue", &err);
  CHECK_OK(err);
  CHECK_ERR(clSetKernelArg(k, 0, sizeof(cl_command_queue), &(cl_command_queue){vt_queue()}), CL_INVALID_DEVICE_QUEUE);
  CHECK_OK(clSetKernelArg(k, 0, sizeof small, &small));
  cl_mem cnt = buffer(4, 0);
  CHECK_OK(clSetKernelArg(k, 1, sizeof r, &r));
  CHECK_OK(clSetKernelArg(k, 2, sizeof cnt, &cnt));
  CHECK_OK(clEnqueueTask(vt_queue(), k, 0, NULL, NULL));
  CHECK_OK(clFinish(vt_queue()));
  int count = 0;
  rd(r, res, 8);
  rd(cnt, &count, 4);
  /* a record is its 112-byte header and the 24-byte block literal {size, align, invoke, count} */
  int per = 112 + 24;
  CHECK(res[1] == -161 /* CLK_DEVICE_QUEUE_FULL */);
  CHECK(res[0] == 4096 / per);
  CHECK(count == res[0]);
  clReleaseKernel(k);
  clReleaseCommandQueue(small);

  /* the error codes, the queries, and a valid enqueue after all the failed ones */
  cl_mem e = buffer(4 * 32, -5);
  run(p, "errors", 1, 1, &e, NULL);
  int ev[32];
  rd(e, ev, sizeof ev);
  size_t maxwg = 0, mult = 0;
  clGetDeviceInfo(vt_device(), CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof maxwg, &maxwg, NULL);
  k = clCreateKernel(p, "errors", &err);
  clGetKernelWorkGroupInfo(k, vt_device(), CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, sizeof mult, &mult, NULL);
  clReleaseKernel(k);
  CHECK(ev[0] == -160 /* CLK_INVALID_NDRANGE: empty */);
  CHECK(ev[1] == -160 /* CLK_INVALID_NDRANGE: group beyond the device */);
  CHECK(ev[2] == -102 /* CLK_INVALID_QUEUE */);
  CHECK(ev[3] == -57 /* CLK_INVALID_EVENT_WAIT_LIST */);
  CHECK(ev[4] == -51 /* CLK_INVALID_ARG_SIZE */);
  CHECK(ev[5] == -57 /* a marker with no events */);
  CHECK(ev[6] == -160 /* local size given in one dimension only */);
  CHECK(ev[7] == (int)maxwg);
  CHECK(ev[8] == (int)mult);
  CHECK(ev[9] == 0);
  CHECK(ev[20] == -5);
  ok = 1;
  for (int i = 0; i < 8; i++) ok &= ev[21 + i] == i;
  CHECK(ok);

  /* profiling captured before the child ran: written when it completes */
  cl_ulong t[2] = {0, 0};
  cl_mem tm = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof t, t, &err);
  cl_mem pr = buffer(4 * 65, 0);
  cl_mem pargs[2] = {tm, pr};
  run(p, "profile", 1, 2, pargs, NULL);
  rd(tm, t, sizeof t);
  int pv[65];
  rd(pr, pv, sizeof pv);
  ok = pv[0] == 0;
  for (int i = 1; i < 65; i++) ok &= pv[i] == 7;
  CHECK(ok);
  CHECK(t[0] > 0 && t[1] >= t[0]);

  /* a faulting child fails its root command; a child waiting for a user event that is never set
   * fails too, and nothing hangs */
  cl_mem bd = buffer(4 * 4, 0);
  k = clCreateKernel(p, "bad", &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof bd, &bd));
  cl_event be;
  CHECK_OK(clEnqueueTask(vt_queue(), k, 0, NULL, &be));
  CHECK_ERR(clWaitForEvents(1, &be), CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  cl_int st = 0;
  CHECK_OK(clGetEventInfo(be, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL));
  CHECK(st < 0);
  CHECK_OK(clFinish(vt_queue())); /* clWaitForEvents told the application already (docs/errors.md) */
  rd(bd, res, 4);
  CHECK(res[0] == 0);
  clReleaseEvent(be);
  clReleaseKernel(k);
  clReleaseMemObject(bd);

  clReleaseCommandQueue(dq);
  cl_mem all[] = {r, a, b, nest, log, lo, cnt, e, tm, pr};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) clReleaseMemObject(all[i]);
  clReleaseProgram(p);
  return vt_finish();
}
