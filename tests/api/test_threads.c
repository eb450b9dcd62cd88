/* test_threads - many host threads using the runtime at once (OpenCL API calls are thread-safe,
 * section 3 of the API spec, except clSetKernelArg): each thread creates buffers, enqueues chains
 * of writes, copies, fills and reads on a queue of its own and on shared in-order and
 * out-of-order queues, waits on its events and registers callbacks; every result is checked
 * against what the thread wrote. */
#include <pthread.h>
#include <time.h>
#include <stdatomic.h>
#include "testlib.h"

#define THREADS 8
#define ROUNDS 40
#define WORDS 1024

static cl_context ctx;
static cl_device_id dev;
static cl_command_queue shared_q, shared_in_order;
static atomic_int callbacks, failures;

static void CL_CALLBACK on_done(cl_event e, cl_int status, void *user) {
  (void)e; (void)user;
  if (status != CL_COMPLETE) atomic_fetch_add(&failures, 1);
  atomic_fetch_add(&callbacks, 1);
}

static void *worker(void *arg) {
  int id = (int)(intptr_t)arg, bad = 0;
  cl_int err;
  cl_command_queue own = clCreateCommandQueue(ctx, dev, id % 2 ? CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE : 0, &err);
  if (!own) return (void *)1;
  static _Thread_local int src[WORDS], out[WORDS];
  for (int r = 0; r < ROUNDS; r++) {
    cl_command_queue q = r % 3 == 0 ? own : r % 3 == 1 ? shared_q : shared_in_order;
    for (int i = 0; i < WORDS; i++) src[i] = id * 1000003 + r * 7919 + i;
    cl_mem a = clCreateBuffer(ctx, 0, sizeof src, NULL, &err);
    cl_mem b = clCreateBuffer(ctx, 0, sizeof src, NULL, &err);
    if (!a || !b) { bad++; break; }
    cl_event w, cp, f, rd;
    err = clEnqueueWriteBuffer(q, a, CL_FALSE, 0, sizeof src, src, 0, NULL, &w);
    err |= clEnqueueCopyBuffer(q, a, b, 0, 0, sizeof src, 1, &w, &cp);
    int fillv = -id;
    err |= clEnqueueFillBuffer(q, b, &fillv, sizeof fillv, 0, 64 * sizeof(int), 1, &cp, &f);
    err |= clEnqueueReadBuffer(q, b, CL_FALSE, 0, sizeof out, out, 1, &f, &rd);
    if (err) { bad++; break; }
    clSetEventCallback(rd, CL_COMPLETE, on_done, NULL);
    /* Release the buffers before the work is done: the commands keep them alive. */
    clReleaseMemObject(a);
    clReleaseMemObject(b);
    if (clWaitForEvents(1, &rd) != CL_SUCCESS) bad++;
    for (int i = 0; i < WORDS; i++) bad += out[i] != (i < 64 ? -id : src[i]);
    clReleaseEvent(w); clReleaseEvent(cp); clReleaseEvent(f); clReleaseEvent(rd);
  }
  clFinish(own);
  clReleaseCommandQueue(own);
  return (void *)(intptr_t)bad;
}

int main(void) {
  ctx = vt_context();
  dev = vt_device();
  cl_int err;
  shared_q = clCreateCommandQueue(ctx, dev, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, &err);
  CHECK_OK(err);
  shared_in_order = clCreateCommandQueue(ctx, dev, 0, &err);
  CHECK_OK(err);
  pthread_t th[THREADS];
  for (int i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, worker, (void *)(intptr_t)(i + 1));
  for (int i = 0; i < THREADS; i++) {
    void *bad;
    pthread_join(th[i], &bad);
    CHECK(bad == NULL);
  }
  CHECK_OK(clFinish(shared_q));
  CHECK_OK(clFinish(shared_in_order));
  clReleaseCommandQueue(shared_in_order);
  /* Callbacks run on their own thread: wait until all have been delivered. */
  while (atomic_load(&callbacks) < THREADS * ROUNDS) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  CHECK(atomic_load(&callbacks) == THREADS * ROUNDS);
  CHECK(atomic_load(&failures) == 0);
  clReleaseCommandQueue(shared_q);
  return vt_finish();
}
