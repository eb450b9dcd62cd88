/* test_queue - command queues (OpenCL 3.0 section 5.1): creation with every property form and
 * every error, clGetCommandQueueInfo, reference counting, the queue keeping its context,
 * release flushing, clFlush/clFinish, clSetCommandQueueProperty.  Runs with two devices so that
 * "device not in context" can be checked. */
#include <stdlib.h>
#include "testlib.h"

int main(void) {
  setenv("VGPU_DEVICES", "2", 1); /* before the platform is first used */
  cl_platform_id plat = vt_platform();
  cl_device_id devs[2];
  cl_uint ndev = 0;
  CHECK_OK(clGetDeviceIDs(plat, CL_DEVICE_TYPE_ALL, 2, devs, &ndev));
  cl_device_id dev = devs[0];
  cl_int err;
  cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  CHECK_OK(err);
  if (!ctx) return vt_finish();

  /* Every valid property combination. */
  cl_command_queue_properties combos[] = {0, CL_QUEUE_PROFILING_ENABLE, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE,
                                          CL_QUEUE_PROFILING_ENABLE | CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE};
  for (int i = 0; i < 4; i++) {
    cl_command_queue q = clCreateCommandQueue(ctx, dev, combos[i], &err);
    CHECK_OK(err);
    cl_command_queue_properties got = 99;
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof got, &got, NULL));
    CHECK(got == combos[i]);
    size_t sz = 99;
    /* clCreateCommandQueue has no properties array: CL_QUEUE_PROPERTIES_ARRAY is empty. */
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES_ARRAY, 0, NULL, &sz));
    CHECK(sz == 0);
    CHECK_OK(clReleaseCommandQueue(q));
    cl_queue_properties props[] = {CL_QUEUE_PROPERTIES, combos[i], 0};
    q = clCreateCommandQueueWithProperties(ctx, dev, props, &err);
    CHECK_OK(err);
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES, sizeof got, &got, NULL));
    CHECK(got == combos[i]);
    cl_queue_properties back[3] = {0};
    CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_PROPERTIES_ARRAY, sizeof back, back, &sz));
    CHECK(sz == sizeof props && back[0] == CL_QUEUE_PROPERTIES && back[1] == combos[i] && back[2] == 0);
    CHECK_OK(clReleaseCommandQueue(q));
  }
  cl_command_queue q = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clReleaseCommandQueue(q));

  /* Creation errors. */
  cl_command_queue qq = clCreateCommandQueue(ctx, dev, 0, NULL); /* errcode_ret may be NULL */
  CHECK(qq != NULL);
  CHECK(clCreateCommandQueue(NULL, dev, 0, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  clCreateCommandQueue((cl_context)qq, dev, 0, &err);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  clCreateCommandQueue(ctx, NULL, 0, &err);
  CHECK_ERR(err, CL_INVALID_DEVICE);
  clCreateCommandQueue(ctx, (cl_device_id)ctx, 0, &err);
  CHECK_ERR(err, CL_INVALID_DEVICE);
  if (ndev == 2) {
    clCreateCommandQueue(ctx, devs[1], 0, &err);
    CHECK_ERR(err, CL_INVALID_DEVICE); /* not in the context */
  }
  clCreateCommandQueue(ctx, dev, (cl_command_queue_properties)-1, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateCommandQueue(ctx, dev, 1u << 20, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateCommandQueue(ctx, dev, CL_QUEUE_ON_DEVICE | CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, &err);
  CHECK_ERR(err, CL_INVALID_QUEUE_PROPERTIES);
  {
    cl_queue_properties bad1[] = {(cl_queue_properties)-1, (cl_queue_properties)-1, 0};
    clCreateCommandQueueWithProperties(ctx, dev, bad1, &err);
    CHECK_ERR(err, CL_INVALID_VALUE);
    /* a device queue is made by the 2.0 call only (tests/kernels/test_device_enqueue.c) */
    cl_queue_properties ondev[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_ON_DEVICE | CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, 0};
    cl_command_queue devq = clCreateCommandQueueWithProperties(ctx, dev, ondev, &err);
    CHECK_OK(err);
    CHECK_OK(clReleaseCommandQueue(devq));
    cl_queue_properties ondef[] = {CL_QUEUE_PROPERTIES, CL_QUEUE_ON_DEVICE_DEFAULT, 0};
    clCreateCommandQueueWithProperties(ctx, dev, ondef, &err);
    CHECK_ERR(err, CL_INVALID_VALUE);
    cl_queue_properties size[] = {CL_QUEUE_SIZE, 1024, 0};
    clCreateCommandQueueWithProperties(ctx, dev, size, &err);
    CHECK_ERR(err, CL_INVALID_VALUE);
    cl_queue_properties twice[] = {CL_QUEUE_PROPERTIES, 0, CL_QUEUE_PROPERTIES, 0, 0};
    clCreateCommandQueueWithProperties(ctx, dev, twice, &err);
    CHECK_ERR(err, CL_INVALID_VALUE);
    clCreateCommandQueueWithProperties(NULL, dev, NULL, &err);
    CHECK_ERR(err, CL_INVALID_CONTEXT);
    clCreateCommandQueueWithProperties(ctx, (cl_device_id)qq, NULL, &err);
    CHECK_ERR(err, CL_INVALID_DEVICE);
  }

  /* clGetCommandQueueInfo. */
  cl_context c2 = NULL;
  cl_device_id d2 = NULL;
  cl_uint refs = 0;
  cl_command_queue dq = (cl_command_queue)1;
  size_t sz = 0;
  CHECK_OK(clGetCommandQueueInfo(qq, CL_QUEUE_CONTEXT, sizeof c2, &c2, &sz));
  CHECK(c2 == ctx && sz == sizeof c2);
  CHECK_OK(clGetCommandQueueInfo(qq, CL_QUEUE_DEVICE, sizeof d2, &d2, NULL));
  CHECK(d2 == dev);
  CHECK_OK(clGetCommandQueueInfo(qq, CL_QUEUE_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 1);
  CHECK_OK(clRetainCommandQueue(qq));
  CHECK_OK(clGetCommandQueueInfo(qq, CL_QUEUE_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 2);
  CHECK_OK(clReleaseCommandQueue(qq));
  CHECK_OK(clGetCommandQueueInfo(qq, CL_QUEUE_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 1);
  CHECK_OK(clGetCommandQueueInfo(qq, CL_QUEUE_DEVICE_DEFAULT, sizeof dq, &dq, NULL));
  CHECK(dq == NULL);
  CHECK_ERR(clGetCommandQueueInfo(qq, CL_QUEUE_SIZE, sizeof refs, &refs, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clGetCommandQueueInfo(qq, CL_QUEUE_CONTEXT, 1, &c2, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetCommandQueueInfo(qq, 0x7777, sizeof refs, &refs, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetCommandQueueInfo(NULL, CL_QUEUE_CONTEXT, sizeof c2, &c2, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clGetCommandQueueInfo((cl_command_queue)ctx, CL_QUEUE_CONTEXT, sizeof c2, &c2, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clRetainCommandQueue(NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clReleaseCommandQueue((cl_command_queue)ctx), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clFlush(NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clFinish((cl_command_queue)ctx), CL_INVALID_COMMAND_QUEUE);
  CHECK_OK(clFlush(qq));
  CHECK_OK(clFinish(qq));

  /* clSetCommandQueueProperty (1.0): returns the old properties and changes them. */
  cl_command_queue_properties old = 99, now = 0;
  CHECK_OK(clSetCommandQueueProperty(qq, CL_QUEUE_PROFILING_ENABLE, CL_TRUE, &old));
  CHECK(old == 0);
  CHECK_OK(clGetCommandQueueInfo(qq, CL_QUEUE_PROPERTIES, sizeof now, &now, NULL));
  CHECK(now == CL_QUEUE_PROFILING_ENABLE);
  CHECK_OK(clSetCommandQueueProperty(qq, CL_QUEUE_PROFILING_ENABLE, CL_FALSE, &old));
  CHECK(old == CL_QUEUE_PROFILING_ENABLE);
  CHECK_ERR(clSetCommandQueueProperty(qq, 1u << 20, CL_TRUE, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clSetCommandQueueProperty(NULL, 0, CL_TRUE, NULL), CL_INVALID_COMMAND_QUEUE);

  /* A queue keeps its context, and a released queue still runs what it was given. */
  cl_context ctx2 = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  cl_command_queue q2 = clCreateCommandQueue(ctx2, dev, 0, &err);
  CHECK_OK(clReleaseContext(ctx2));
  CHECK_OK(clGetCommandQueueInfo(q2, CL_QUEUE_CONTEXT, sizeof c2, &c2, NULL));
  CHECK(c2 == ctx2);
  cl_uint ctx_refs = 0;
  CHECK_OK(clGetContextInfo(ctx2, CL_CONTEXT_REFERENCE_COUNT, sizeof ctx_refs, &ctx_refs, NULL));
  CHECK(ctx_refs >= 1);
  int data[256], back[256];
  for (int i = 0; i < 256; i++) data[i] = i * 7;
  cl_mem buf = clCreateBuffer(ctx2, CL_MEM_READ_WRITE, sizeof data, NULL, &err);
  CHECK_OK(err);
  cl_event ev;
  CHECK_OK(clEnqueueWriteBuffer(q2, buf, CL_FALSE, 0, sizeof data, data, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q2, buf, CL_FALSE, 0, sizeof back, back, 0, NULL, &ev));
  CHECK_OK(clReleaseCommandQueue(q2));
  CHECK_OK(clWaitForEvents(1, &ev));
  CHECK(!memcmp(data, back, sizeof data));
  cl_command_queue evq = NULL;
  CHECK_OK(clGetEventInfo(ev, CL_EVENT_COMMAND_QUEUE, sizeof evq, &evq, NULL));
  CHECK(evq == q2); /* the handle stays the event's queue */
  CHECK_OK(clReleaseEvent(ev));
  CHECK_OK(clReleaseMemObject(buf));

  CHECK_OK(clReleaseCommandQueue(qq));
  CHECK_OK(clReleaseContext(ctx));
  return vt_finish();
}
