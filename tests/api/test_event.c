/* test_event - events (OpenCL 3.0 section 5.11), markers and barriers (5.13), profiling (5.15):
 * user events gating commands on in-order and out-of-order queues and across queues, failure
 * propagation, commands CL_QUEUED while they wait, callbacks (on another thread, allowed to call
 * the API, in state order), clWaitForEvents errors,
 * clGetEventInfo, profiling order, and every invalid argument. */
#include <pthread.h>
#include "testlib.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int calls, seen_status[3], bad_thread, api_ok;
static pthread_t main_thread;
static cl_command_queue cb_queue;
static cl_mem cb_buf;

static void CL_CALLBACK on_event(cl_event e, cl_int status, void *user) {
  int slot = (int)(intptr_t)user;
  if (pthread_equal(pthread_self(), main_thread)) bad_thread = 1;
  cl_int real = 99;
  /* A callback may call the API, blocking calls on the same queue included. */
  if (clGetEventInfo(e, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof real, &real, NULL) == CL_SUCCESS && real <= status &&
      slot == 2 && cb_queue) {
    int v = 0;
    if (clEnqueueReadBuffer(cb_queue, cb_buf, CL_TRUE, 0, sizeof v, &v, 0, NULL, NULL) == CL_SUCCESS && v == 42) api_ok = 1;
  }
  pthread_mutex_lock(&mu);
  seen_status[slot] = status;
  calls++;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
}

/* Records the order callbacks run in: slot * 10 + (status < 0 ? 9 : status). */
static int order[8], norder;
static void CL_CALLBACK on_order(cl_event e, cl_int status, void *user) {
  (void)e;
  pthread_mutex_lock(&mu);
  if (norder < 8) order[norder++] = (int)(intptr_t)user * 10 + (status < 0 ? 9 : status);
  calls++;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
}

static void wait_calls(int n) {
  pthread_mutex_lock(&mu);
  while (calls < n) pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
}

static cl_int status_of(cl_event e) {
  cl_int s = 99;
  clGetEventInfo(e, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof s, &s, NULL);
  return s;
}

int main(void) {
  main_thread = pthread_self();
  cl_context ctx = vt_context();
  cl_device_id dev = vt_device();
  cl_command_queue q = vt_queue(); /* in order, profiling */
  cl_int err;
  cl_command_queue ooo = clCreateCommandQueue(ctx, dev, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, &err);
  CHECK_OK(err);
  cl_command_queue plain = clCreateCommandQueue(ctx, dev, 0, &err);
  int v42 = 42, v7 = 7, got = 0;
  cl_mem buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof v42, &v42, &err);
  CHECK_OK(err);

  /* ---- user events ---- */
  cl_event ue = clCreateUserEvent(ctx, &err);
  CHECK_OK(err);
  cl_int st = status_of(ue);
  CHECK(st == CL_SUBMITTED);
  cl_command_type type = 0;
  cl_command_queue eq = (cl_command_queue)1;
  cl_context ectx = NULL;
  CHECK_OK(clGetEventInfo(ue, CL_EVENT_COMMAND_TYPE, sizeof type, &type, NULL));
  CHECK(type == CL_COMMAND_USER);
  CHECK_OK(clGetEventInfo(ue, CL_EVENT_COMMAND_QUEUE, sizeof eq, &eq, NULL));
  CHECK(eq == NULL);
  CHECK_OK(clGetEventInfo(ue, CL_EVENT_CONTEXT, sizeof ectx, &ectx, NULL));
  CHECK(ectx == ctx);
  cl_ulong t;
  CHECK_ERR(clGetEventProfilingInfo(ue, CL_PROFILING_COMMAND_QUEUED, sizeof t, &t, NULL), CL_PROFILING_INFO_NOT_AVAILABLE);
  clCreateUserEvent(NULL, &err);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  clCreateUserEvent((cl_context)q, &err);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  CHECK_ERR(clSetUserEventStatus(ue, CL_SUBMITTED), CL_INVALID_VALUE);
  CHECK_ERR(clSetUserEventStatus(ue, 5), CL_INVALID_VALUE);
  CHECK_ERR(clSetUserEventStatus(NULL, CL_COMPLETE), CL_INVALID_EVENT);

  /* A write gated by the user event does not run until the event completes (in-order queue:
   * the read behind it waits too). */
  cl_event w, r;
  CHECK_OK(clEnqueueWriteBuffer(q, buf, CL_FALSE, 0, sizeof v7, &v7, 1, &ue, &w));
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_FALSE, 0, sizeof got, &got, 0, NULL, &r));
  CHECK(status_of(w) > CL_RUNNING);
  CHECK(status_of(r) > CL_RUNNING);
  CHECK_ERR(clGetEventProfilingInfo(w, CL_PROFILING_COMMAND_END, sizeof t, &t, NULL), CL_PROFILING_INFO_NOT_AVAILABLE);
  CHECK_ERR(clSetUserEventStatus(w, CL_COMPLETE), CL_INVALID_EVENT); /* not a user event */
  /* Another queue is not blocked by this one. */
  int other = 0;
  CHECK_OK(clEnqueueReadBuffer(plain, buf, CL_TRUE, 0, sizeof other, &other, 0, NULL, NULL));
  CHECK(other == 42);
  /* The processor has seen w (it ran the read queued after it), but w waits: still CL_QUEUED,
   * not yet submitted to the device (the CTS userevents test checks this exactly). */
  CHECK(status_of(w) == CL_QUEUED);
  CHECK(status_of(r) == CL_QUEUED);
  CHECK_OK(clSetUserEventStatus(ue, CL_COMPLETE));
  CHECK_ERR(clSetUserEventStatus(ue, CL_COMPLETE), CL_INVALID_OPERATION);
  CHECK_OK(clWaitForEvents(1, &r));
  CHECK(got == 7);
  CHECK(status_of(w) == CL_COMPLETE);
  CHECK_OK(clGetEventInfo(w, CL_EVENT_COMMAND_TYPE, sizeof type, &type, NULL));
  CHECK(type == CL_COMMAND_WRITE_BUFFER);
  CHECK_OK(clGetEventInfo(r, CL_EVENT_COMMAND_QUEUE, sizeof eq, &eq, NULL));
  CHECK(eq == q);

  /* Profiling: queued <= submit <= start <= end <= complete. */
  cl_ulong tq, ts, tb, te, tc;
  CHECK_OK(clGetEventProfilingInfo(w, CL_PROFILING_COMMAND_QUEUED, sizeof tq, &tq, NULL));
  CHECK_OK(clGetEventProfilingInfo(w, CL_PROFILING_COMMAND_SUBMIT, sizeof ts, &ts, NULL));
  CHECK_OK(clGetEventProfilingInfo(w, CL_PROFILING_COMMAND_START, sizeof tb, &tb, NULL));
  CHECK_OK(clGetEventProfilingInfo(w, CL_PROFILING_COMMAND_END, sizeof te, &te, NULL));
  CHECK_OK(clGetEventProfilingInfo(w, CL_PROFILING_COMMAND_COMPLETE, sizeof tc, &tc, NULL));
  CHECK(tq > 0 && tq <= ts && ts <= tb && tb <= te && te <= tc);
  cl_ulong rq;
  CHECK_OK(clGetEventProfilingInfo(r, CL_PROFILING_COMMAND_START, sizeof rq, &rq, NULL));
  CHECK(rq >= te); /* in order: the read started after the write ended */
  CHECK_ERR(clGetEventProfilingInfo(w, 0x7777, sizeof t, &t, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetEventProfilingInfo(w, CL_PROFILING_COMMAND_END, 1, &t, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetEventProfilingInfo(NULL, CL_PROFILING_COMMAND_END, sizeof t, &t, NULL), CL_INVALID_EVENT);
  cl_event np;
  CHECK_OK(clEnqueueReadBuffer(plain, buf, CL_TRUE, 0, sizeof got, &got, 0, NULL, &np));
  CHECK_ERR(clGetEventProfilingInfo(np, CL_PROFILING_COMMAND_END, sizeof t, &t, NULL), CL_PROFILING_INFO_NOT_AVAILABLE);
  CHECK_OK(clReleaseEvent(np));

  /* Reference counts and getinfo errors. */
  cl_uint refs = 0;
  CHECK_OK(clRetainEvent(w));
  CHECK_OK(clGetEventInfo(w, CL_EVENT_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 2);
  CHECK_OK(clReleaseEvent(w));
  CHECK_OK(clGetEventInfo(w, CL_EVENT_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 1);
  size_t sz = 0;
  CHECK_OK(clGetEventInfo(w, CL_EVENT_COMMAND_EXECUTION_STATUS, 0, NULL, &sz));
  CHECK(sz == sizeof(cl_int));
  CHECK_ERR(clGetEventInfo(w, 0x7777, sizeof refs, &refs, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetEventInfo(w, CL_EVENT_CONTEXT, 2, &ectx, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetEventInfo(NULL, CL_EVENT_CONTEXT, sizeof ectx, &ectx, NULL), CL_INVALID_EVENT);
  CHECK_ERR(clGetEventInfo((cl_event)buf, CL_EVENT_CONTEXT, sizeof ectx, &ectx, NULL), CL_INVALID_EVENT);
  CHECK_ERR(clRetainEvent(NULL), CL_INVALID_EVENT);
  CHECK_ERR(clReleaseEvent((cl_event)q), CL_INVALID_EVENT);
  CHECK_OK(clReleaseEvent(w));
  CHECK_OK(clReleaseEvent(r));
  CHECK_OK(clReleaseEvent(ue));

  /* ---- a failed event fails its dependents ---- */
  cl_event bad = clCreateUserEvent(ctx, &err);
  cl_event dep, dep2;
  got = -1;
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_FALSE, 0, sizeof got, &got, 1, &bad, &dep));
  CHECK_OK(clEnqueueMarkerWithWaitList(q, 1, &dep, &dep2));
  CHECK_OK(clSetUserEventStatus(bad, -42));
  CHECK_ERR(clWaitForEvents(1, &dep), CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  CHECK(status_of(dep) == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  CHECK(got == -1); /* the read never ran */
  CHECK_ERR(clWaitForEvents(1, &dep2), CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  CHECK(status_of(bad) == -42);
  /* A blocking call with a failed event in its wait list returns the error. */
  CHECK_ERR(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof got, &got, 1, &bad, NULL),
            CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  /* The queue itself keeps working (a failure is not inherited through in-order chaining). */
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof got, &got, 0, NULL, NULL));
  CHECK(got == 7);
  CHECK_OK(clReleaseEvent(dep));
  CHECK_OK(clReleaseEvent(dep2));
  CHECK_OK(clReleaseEvent(bad));

  /* ---- out-of-order queue: independent commands pass a gated one ---- */
  cl_event gate = clCreateUserEvent(ctx, &err), a, b, m;
  int va = 0, vb = 0;
  CHECK_OK(clEnqueueReadBuffer(ooo, buf, CL_FALSE, 0, sizeof va, &va, 1, &gate, &a));
  CHECK_OK(clEnqueueReadBuffer(ooo, buf, CL_FALSE, 0, sizeof vb, &vb, 0, NULL, &b));
  CHECK_OK(clWaitForEvents(1, &b)); /* would hang if b waited for a */
  CHECK(vb == 7);
  CHECK(status_of(a) > CL_RUNNING);
  /* A marker without a wait list waits for every earlier command. */
  CHECK_OK(clEnqueueMarkerWithWaitList(ooo, 0, NULL, &m));
  CHECK(status_of(m) > CL_COMPLETE);
  CHECK_OK(clGetEventInfo(m, CL_EVENT_COMMAND_TYPE, sizeof type, &type, NULL));
  CHECK(type == CL_COMMAND_MARKER);
  CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
  CHECK_OK(clWaitForEvents(1, &m));
  CHECK(status_of(a) == CL_COMPLETE && va == 7);
  clReleaseEvent(a); clReleaseEvent(b); clReleaseEvent(m); clReleaseEvent(gate);

  /* A barrier orders an out-of-order queue: the write after it lands after the gated one. */
  gate = clCreateUserEvent(ctx, &err);
  int one = 1, two = 2;
  cl_event bar;
  CHECK_OK(clEnqueueWriteBuffer(ooo, buf, CL_FALSE, 0, sizeof one, &one, 1, &gate, NULL));
  CHECK_OK(clEnqueueBarrierWithWaitList(ooo, 0, NULL, &bar));
  CHECK_OK(clGetEventInfo(bar, CL_EVENT_COMMAND_TYPE, sizeof type, &type, NULL));
  CHECK(type == CL_COMMAND_BARRIER);
  CHECK_OK(clEnqueueWriteBuffer(ooo, buf, CL_FALSE, 0, sizeof two, &two, 0, NULL, NULL));
  CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
  CHECK_OK(clFinish(ooo));
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof got, &got, 0, NULL, NULL));
  CHECK(got == 2);
  clReleaseEvent(bar); clReleaseEvent(gate);

  /* The 1.1 forms. */
  gate = clCreateUserEvent(ctx, &err);
  cl_event mk;
  CHECK_OK(clEnqueueWaitForEvents(ooo, 1, &gate));
  CHECK_OK(clEnqueueWriteBuffer(ooo, buf, CL_FALSE, 0, sizeof one, &one, 0, NULL, NULL));
  CHECK_OK(clEnqueueMarker(ooo, &mk));
  CHECK_OK(clEnqueueBarrier(ooo));
  CHECK(status_of(mk) > CL_COMPLETE);
  CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
  CHECK_OK(clWaitForEvents(1, &mk));
  CHECK_OK(clFinish(ooo));
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof got, &got, 0, NULL, NULL));
  CHECK(got == 1);
  clReleaseEvent(mk); clReleaseEvent(gate);
  CHECK_ERR(clEnqueueMarker(ooo, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueMarker(NULL, &mk), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clEnqueueBarrier(NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clEnqueueWaitForEvents(ooo, 0, NULL), CL_INVALID_VALUE);
  cl_event junk = (cl_event)buf;
  CHECK_ERR(clEnqueueWaitForEvents(ooo, 1, &junk), CL_INVALID_EVENT);

  /* ---- wait lists: invalid forms, other contexts, cross-queue dependencies ---- */
  CHECK_ERR(clEnqueueMarkerWithWaitList(q, 1, NULL, NULL), CL_INVALID_EVENT_WAIT_LIST);
  cl_event ok_ev;
  CHECK_OK(clEnqueueMarkerWithWaitList(q, 0, NULL, &ok_ev));
  CHECK_ERR(clEnqueueMarkerWithWaitList(q, 0, &ok_ev, NULL), CL_INVALID_EVENT_WAIT_LIST);
  CHECK_ERR(clEnqueueBarrierWithWaitList(q, 1, &junk, NULL), CL_INVALID_EVENT_WAIT_LIST);
  CHECK_ERR(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, 4, &got, 1, &junk, NULL), CL_INVALID_EVENT_WAIT_LIST);
  cl_context ctx2 = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  cl_event foreign = clCreateUserEvent(ctx2, &err);
  CHECK_ERR(clEnqueueMarkerWithWaitList(q, 1, &foreign, NULL), CL_INVALID_CONTEXT);
  CHECK_ERR(clEnqueueWaitForEvents(q, 1, &foreign), CL_INVALID_CONTEXT);
  cl_event two_ctx[2] = {ok_ev, foreign};
  CHECK_ERR(clWaitForEvents(2, two_ctx), CL_INVALID_CONTEXT);
  CHECK_ERR(clWaitForEvents(0, &ok_ev), CL_INVALID_VALUE);
  CHECK_ERR(clWaitForEvents(1, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clWaitForEvents(1, &junk), CL_INVALID_EVENT);
  CHECK_OK(clSetUserEventStatus(foreign, CL_COMPLETE));
  clReleaseEvent(foreign);
  clReleaseContext(ctx2);
  clReleaseEvent(ok_ev);

  gate = clCreateUserEvent(ctx, &err);
  cl_event first, second;
  CHECK_OK(clEnqueueWriteBuffer(plain, buf, CL_FALSE, 0, sizeof v42, &v42, 1, &gate, &first));
  CHECK_OK(clEnqueueReadBuffer(ooo, buf, CL_FALSE, 0, sizeof got, &got, 1, &first, &second));
  CHECK(status_of(second) > CL_RUNNING);
  CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
  CHECK_OK(clWaitForEvents(1, &second));
  CHECK(got == 42);
  cl_event both[2] = {first, second};
  CHECK_OK(clWaitForEvents(2, both));
  clReleaseEvent(first); clReleaseEvent(second); clReleaseEvent(gate);

  /* ---- callbacks ---- */
  CHECK_ERR(clSetEventCallback(NULL, CL_COMPLETE, on_event, NULL), CL_INVALID_EVENT);
  gate = clCreateUserEvent(ctx, &err);
  CHECK_ERR(clSetEventCallback(gate, CL_COMPLETE, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clSetEventCallback(gate, CL_QUEUED, on_event, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clSetEventCallback(gate, 17, on_event, NULL), CL_INVALID_VALUE);
  cb_queue = q;
  cb_buf = buf;
  cl_event cbe;
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_FALSE, 0, sizeof got, &got, 1, &gate, &cbe));
  CHECK_OK(clSetEventCallback(cbe, CL_SUBMITTED, on_event, (void *)0));
  CHECK_OK(clSetEventCallback(cbe, CL_RUNNING, on_event, (void *)1));
  CHECK_OK(clSetEventCallback(cbe, CL_COMPLETE, on_event, (void *)2));
  /* The application lets go before the callbacks run: they still get a queryable event. */
  CHECK_OK(clReleaseEvent(cbe));
  CHECK_ERR(clReleaseEvent(cbe), CL_INVALID_EVENT);
  CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
  wait_calls(3);
  CHECK(seen_status[0] == CL_SUBMITTED && seen_status[1] == CL_RUNNING && seen_status[2] == CL_COMPLETE);
  CHECK(!bad_thread);
  CHECK(api_ok);
  /* Registered after the fact: called at once (on the callback thread). */
  CHECK_OK(clSetEventCallback(gate, CL_COMPLETE, on_event, (void *)0));
  wait_calls(4);
  CHECK(seen_status[0] == CL_COMPLETE);
  clReleaseEvent(gate);
  /* A failed event's CL_COMPLETE callback gets the error code. */
  gate = clCreateUserEvent(ctx, &err);
  CHECK_OK(clSetEventCallback(gate, CL_COMPLETE, on_event, (void *)1));
  CHECK_OK(clSetUserEventStatus(gate, -17));
  wait_calls(5);
  CHECK(seen_status[1] == -17);
  clReleaseEvent(gate);
  /* A command failed by its wait list jumps from CL_SUBMITTED to an error: its CL_RUNNING and
   * CL_COMPLETE callbacks both become due at once, and still run in state order (each state's
   * in registration order), whatever order they were registered in. */
  gate = clCreateUserEvent(ctx, &err);
  CHECK_OK(clEnqueueReadBuffer(ooo, buf, CL_FALSE, 0, sizeof got, &got, 1, &gate, &cbe));
  CHECK_OK(clSetEventCallback(cbe, CL_COMPLETE, on_order, (void *)1));
  CHECK_OK(clSetEventCallback(cbe, CL_RUNNING, on_order, (void *)2));
  CHECK_OK(clSetEventCallback(cbe, CL_COMPLETE, on_order, (void *)3));
  CHECK_OK(clSetEventCallback(cbe, CL_SUBMITTED, on_order, (void *)4));
  CHECK_OK(clSetUserEventStatus(gate, -3));
  wait_calls(9);
  CHECK(norder == 4 && order[0] == 42 && order[1] == 29 && order[2] == 19 && order[3] == 39);
  CHECK(status_of(cbe) == CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  clReleaseEvent(cbe);
  clReleaseEvent(gate);

  CHECK_OK(clFinish(q));
  CHECK_OK(clFinish(ooo));
  clReleaseMemObject(buf);
  clReleaseCommandQueue(ooo);
  clReleaseCommandQueue(plain);
  return vt_finish();
}
