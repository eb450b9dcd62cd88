/* test_fault_reporting.c - a kernel fault is hard to miss (docs/errors.md, "After a command
 * fails"): the blocking calls that follow it on its queue return an error until one of them has
 * told the program, whatever the timing.
 *   - in-order queue: the commands after the failed one do not run and fail with
 *     CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST (their implicit dependency failed): a blocking
 *     read or map returns it and leaves the host memory alone, clWaitForEvents on their events
 *     returns it;
 *   - clFinish returns CL_OUT_OF_RESOURCES;
 *   - once a call has returned the error, the queue runs commands again;
 *   - out-of-order queue: independent commands run; clFinish reports the failure;
 *   - the log (VGPU_LOG) names the call that reported it and says why. */
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static cl_context ctx;
static cl_device_id dev;
static cl_kernel oob;
static cl_mem buf;
static int ref[64];
static const size_t n = 64;

static void fault(cl_command_queue q) { CHECK_OK(clEnqueueNDRangeKernel(q, oob, 1, NULL, &n, NULL, 0, NULL, NULL)); }

/* A blocking read that must work and give buf's known contents. */
static int read_ok(cl_command_queue q) {
  int out[64] = {0};
  cl_int err = clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL);
  return err == CL_SUCCESS && !memcmp(out, ref, sizeof out);
}

static void in_order(void) {
  cl_int err;
  cl_command_queue q = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err);
  int out[64];

  /* A blocking read right after the fault: the error, and the read did not happen. */
  fault(q);
  memset(out, 0x5A, sizeof out);
  CHECK_ERR(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL),
            CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  CHECK(out[0] == 0x5A5A5A5A && out[63] == 0x5A5A5A5A);
  CHECK(read_ok(q)); /* told once: the queue carries on */
  CHECK_OK(clFinish(q));

  /* The same when the fault is long over before the read is enqueued (no race decides). */
  fault(q);
  cl_event marker;
  CHECK_OK(clEnqueueMarkerWithWaitList(q, 0, NULL, &marker));
  cl_int st = CL_QUEUED;
  while (st > CL_COMPLETE) clGetEventInfo(marker, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  CHECK(st == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST); /* polling does not count as told */
  clReleaseEvent(marker);
  usleep(50000);
  CHECK_ERR(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL),
            CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  CHECK(read_ok(q));

  /* clFinish reports it, once. */
  fault(q);
  CHECK_ERR(clFinish(q), CL_OUT_OF_RESOURCES);
  CHECK_OK(clFinish(q));
  CHECK(read_ok(q));

  /* Non-blocking commands after the fault: their events fail; clWaitForEvents tells. */
  fault(q);
  cl_event r;
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_FALSE, 0, sizeof out, out, 0, NULL, &r));
  CHECK_ERR(clWaitForEvents(1, &r), CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  clGetEventInfo(r, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
  CHECK(st == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  clReleaseEvent(r);
  CHECK_OK(clFinish(q)); /* already told */
  CHECK(read_ok(q));

  /* Waiting on the faulting kernel's own event tells too. */
  cl_event k;
  CHECK_OK(clEnqueueNDRangeKernel(q, oob, 1, NULL, &n, NULL, 0, NULL, &k));
  CHECK_ERR(clWaitForEvents(1, &k), CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  clReleaseEvent(k);
  CHECK(read_ok(q));

  /* A blocking map after a fault: NULL and the error. */
  fault(q);
  err = CL_SUCCESS;
  void *p = clEnqueueMapBuffer(q, buf, CL_TRUE, CL_MAP_READ, 0, 64, 0, NULL, NULL, &err);
  CHECK(p == NULL && err == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  CHECK(read_ok(q));
  CHECK_OK(clFinish(q));
  clReleaseCommandQueue(q);
}

static void out_of_order(void) {
  cl_int err;
  cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, 0};
  cl_command_queue q = clCreateCommandQueueWithProperties(ctx, dev, props, &err);
  cl_event k;
  CHECK_OK(clEnqueueNDRangeKernel(q, oob, 1, NULL, &n, NULL, 0, NULL, &k));
  CHECK_ERR(clWaitForEvents(1, &k), CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  clReleaseEvent(k);
  CHECK_OK(clFinish(q)); /* told by clWaitForEvents */
  fault(q);
  CHECK(read_ok(q));     /* no order: an independent read runs */
  CHECK_ERR(clFinish(q), CL_OUT_OF_RESOURCES);
  CHECK_OK(clFinish(q));
  clReleaseCommandQueue(q);
}

/* The log says which call reported what (checked on a child's stderr). */
static int log_child(void) {
  cl_int err;
  cl_command_queue q = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err);
  fault(q);
  int out[64];
  cl_int a = clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL);
  fault(q);
  cl_int b = clFinish(q);
  clReleaseCommandQueue(q);
  return a == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST && b == CL_OUT_OF_RESOURCES ? 0 : 1;
}

static const char *src = "kernel void oob(global int *a) { a[get_global_id(0) + 100000000] = 1; }\n";

int main(int argc, char **argv) {
  dev = vt_device();
  ctx = vt_context();
  cl_program p = vt_build(src, NULL);
  if (!CHECK(p != NULL)) return vt_finish();
  cl_int err;
  oob = clCreateKernel(p, "oob", &err);
  for (int i = 0; i < 64; i++) ref[i] = 3 * i + 1;
  buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof ref, ref, &err);
  clSetKernelArg(oob, 0, sizeof buf, &buf);
  if (argc > 1 && !strcmp(argv[1], "log")) return log_child();

  in_order();
  out_of_order();

  {
    static const char *const env[] = {"VGPU_LOG=warn", NULL};
    char log[16384];
    CHECK(vt_run_self(argv[0], "log", env, 0, log, sizeof log) == 0);
    if (!CHECK(strstr(log, "kernel 'oob': out-of-bounds global store") &&
               strstr(log, "clEnqueueReadBuffer and the commands after it do not run: an earlier "
                           "clEnqueueNDRangeKernel on this in-order queue failed (CL_OUT_OF_RESOURCES)") &&
               strstr(log, "clEnqueueReadBuffer returns CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST: an "
                           "earlier clEnqueueNDRangeKernel on queue") &&
               strstr(log, "clFinish returns CL_OUT_OF_RESOURCES: an earlier clEnqueueNDRangeKernel on queue")))
      fprintf(stderr, "  child stderr:\n%s\n", log);
  }
  clReleaseMemObject(buf);
  clReleaseKernel(oob);
  clReleaseProgram(p);
  return vt_finish();
}
