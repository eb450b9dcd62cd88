/* event.c - event objects, the scheduler lock, and the callback thread.
 *
 * Every status change happens under one lock and broadcasts one condition: clWaitForEvents,
 * clFinish, blocking enqueues and the command processors of every device all wait on it, so a
 * command on one device waiting for an event of another device (or a user event) needs no extra
 * plumbing.  Callbacks (clSetEventCallback) run on a thread of their own, never the caller's and
 * never a command processor's, so a callback may call any API function, clFinish included. */
#include "runtime/event.h"

#include <stdlib.h>
#include "runtime/context.h"
#include "runtime/platform.h"
#include "runtime/queue.h"

struct vgpu_event_callback {
  void(CL_CALLBACK *fn)(cl_event, cl_int, void *);
  void *user_data;
  cl_int type;                       /* CL_SUBMITTED, CL_RUNNING or CL_COMPLETE */
  cl_int status;                     /* what the callback is told (set when it becomes due) */
  cl_event event;                    /* set when due: internally retained until it has run */
  struct vgpu_event_callback *next;
};

static pthread_mutex_t sched_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sched_changed = PTHREAD_COND_INITIALIZER;

void vgpu_sched_lock(void) { pthread_mutex_lock(&sched_mutex); }
void vgpu_sched_unlock(void) { pthread_mutex_unlock(&sched_mutex); }
void vgpu_sched_wait(void) { pthread_cond_wait(&sched_changed, &sched_mutex); }
void vgpu_sched_wake(void) { pthread_cond_broadcast(&sched_changed); }

/* ---- the callback thread ---- */
static pthread_mutex_t cb_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cb_ready = PTHREAD_COND_INITIALIZER;
static struct vgpu_event_callback *cb_head, *cb_tail;
static int cb_started;

static void *callback_thread(void *arg) {
  (void)arg;
  pthread_mutex_lock(&cb_mutex);
  for (;;) {
    while (!cb_head) pthread_cond_wait(&cb_ready, &cb_mutex);
    struct vgpu_event_callback *c = cb_head;
    cb_head = c->next;
    if (!cb_head) cb_tail = NULL;
    pthread_mutex_unlock(&cb_mutex);
    c->fn(c->event, c->status, c->user_data);
    vgpu_event_release_internal(c->event);
    free(c);
    pthread_mutex_lock(&cb_mutex);
  }
  return NULL;
}

/* Hands a due callback to the callback thread (started on first use). */
static void callback_post(struct vgpu_event_callback *c) {
  c->next = NULL;
  pthread_mutex_lock(&cb_mutex);
  if (!cb_started) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, callback_thread, NULL) == 0) cb_started = 1;
    pthread_attr_destroy(&attr);
  }
  if (cb_tail) cb_tail->next = c; else cb_head = c;
  cb_tail = c;
  pthread_cond_signal(&cb_ready);
  pthread_mutex_unlock(&cb_mutex);
}

/* ---- events ---- */
/* Alive, even if the application has released it: a callback may still query the event it is
 * given after the application let go (the callback holds an internal reference). */
int vgpu_event_is(cl_event e) { return vgpu_object_is(e, VGPU_EVENT); }

cl_event vgpu_event_create(cl_context ctx, cl_command_queue queue, cl_command_type type) {
  cl_event e = calloc(1, sizeof *e);
  if (!e) return NULL;
  vgpu_object_init(&e->obj, VGPU_EVENT);
  atomic_init(&e->internal, 1); /* dropped when the application's last reference goes */
  e->context = ctx;
  e->queue = queue;
  e->type = type;
  if (queue) vgpu_queue_retain_internal(queue);
  else vgpu_context_app_retain(ctx); /* counted in CL_CONTEXT_REFERENCE_COUNT, as a queue is */
  /* A user event starts CL_SUBMITTED (section 5.11, clCreateUserEvent). */
  atomic_init(&e->status, queue ? CL_QUEUED : CL_SUBMITTED);
  e->t_queued = vgpu_host_time_ns();
  if (!queue) e->t_submit = e->t_queued;
  return e;
}

void vgpu_event_retain_internal(cl_event e) { atomic_fetch_add(&e->internal, 1); }

void vgpu_event_app_release(cl_event e) {
  if (vgpu_object_release(&e->obj) == 0) vgpu_event_release_internal(e);
}

void vgpu_event_release_internal(cl_event e) {
  if (atomic_fetch_sub(&e->internal, 1) != 1) return;
  for (struct vgpu_event_callback *c = e->callbacks, *n; c; c = n) { /* never became due */
    n = c->next;
    free(c);
  }
  cl_command_queue q = e->queue;
  cl_context ctx = e->context;
  vgpu_object_destroy(&e->obj);
  if (q) vgpu_queue_release_internal(q);
  else vgpu_context_app_release(ctx);
}

void vgpu_event_set_status_locked(cl_event e, cl_int status) {
  cl_int old = atomic_load(&e->status);
  if (old <= CL_COMPLETE || status >= old) return; /* statuses only move forward */
  cl_ulong now = vgpu_host_time_ns();
  /* A command that skips a state (failed before running) still gets ordered timestamps. */
  if (!e->t_submit) e->t_submit = now;
  if (status <= CL_RUNNING && !e->t_start) e->t_start = now;
  if (status <= CL_COMPLETE) {
    if (!e->t_end) e->t_end = now;
    e->t_complete = now;
  }
  atomic_store(&e->status, status);
  /* Section 5.11: a callback registered for CL_COMPLETE is also called, with the error code,
   * when the command terminates abnormally.  When one change makes several states due (a command
   * failed before running), their callbacks run in state order, CL_SUBMITTED ones first, each
   * state's in the order they were registered. */
  for (cl_int type = CL_SUBMITTED; type >= CL_COMPLETE && status <= type; type--) {
    struct vgpu_event_callback **pp = &e->callbacks;
    while (*pp) {
      struct vgpu_event_callback *c = *pp;
      if (c->type == type) {
        *pp = c->next;
        c->status = status < 0 ? status : c->type;
        c->event = e;
        vgpu_event_retain_internal(e);
        callback_post(c);
      } else {
        pp = &c->next;
      }
    }
  }
  vgpu_sched_wake();
}

void vgpu_event_set_status(cl_event e, cl_int status) {
  vgpu_sched_lock();
  vgpu_event_set_status_locked(e, status);
  vgpu_sched_unlock();
}

cl_int vgpu_event_add_callback(cl_event e, cl_int type, void(CL_CALLBACK *fn)(cl_event, cl_int, void *),
                               void *user_data) {
  struct vgpu_event_callback *c = calloc(1, sizeof *c);
  if (!c) return CL_OUT_OF_HOST_MEMORY;
  c->fn = fn;
  c->user_data = user_data;
  c->type = type;
  vgpu_sched_lock();
  cl_int status = atomic_load(&e->status);
  if (status <= type) { /* already due: called at once, still on the callback thread */
    c->status = status < 0 ? status : type;
    c->event = e;
    vgpu_event_retain_internal(e);
    callback_post(c);
  } else { /* kept in registration order */
    struct vgpu_event_callback **pp = &e->callbacks;
    while (*pp) pp = &(*pp)->next;
    c->next = NULL;
    *pp = c;
  }
  vgpu_sched_unlock();
  return CL_SUCCESS;
}

cl_int vgpu_event_wait(cl_uint n, const cl_event *events, const char *call) {
  cl_int rc = CL_SUCCESS;
  vgpu_sched_lock();
  for (cl_uint i = 0; i < n; i++) {
    cl_event e = events[i];
    while (atomic_load(&e->status) > CL_COMPLETE) vgpu_sched_wait();
    if (atomic_load(&e->status) >= 0) continue;
    rc = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
    /* The application now sees an error for this queue's failure (not one of an earlier epoch). */
    if (e->queue && e->epoch == e->queue->epoch) vgpu_queue_report_failure_locked(e->queue, call, rc);
  }
  vgpu_sched_unlock();
  return rc;
}

const char *vgpu_command_type_name(cl_command_type type) {
  switch (type) {
  case CL_COMMAND_NDRANGE_KERNEL: return "clEnqueueNDRangeKernel";
  case CL_COMMAND_TASK: return "clEnqueueTask";
  case CL_COMMAND_READ_BUFFER: return "clEnqueueReadBuffer";
  case CL_COMMAND_WRITE_BUFFER: return "clEnqueueWriteBuffer";
  case CL_COMMAND_COPY_BUFFER: return "clEnqueueCopyBuffer";
  case CL_COMMAND_READ_BUFFER_RECT: return "clEnqueueReadBufferRect";
  case CL_COMMAND_WRITE_BUFFER_RECT: return "clEnqueueWriteBufferRect";
  case CL_COMMAND_COPY_BUFFER_RECT: return "clEnqueueCopyBufferRect";
  case CL_COMMAND_FILL_BUFFER: return "clEnqueueFillBuffer";
  case CL_COMMAND_MAP_BUFFER: return "clEnqueueMapBuffer";
  case CL_COMMAND_UNMAP_MEM_OBJECT: return "clEnqueueUnmapMemObject";
  case CL_COMMAND_MIGRATE_MEM_OBJECTS: return "clEnqueueMigrateMemObjects";
  case CL_COMMAND_MARKER: return "clEnqueueMarker";
  case CL_COMMAND_BARRIER: return "clEnqueueBarrier";
  default: return "a command";
  }
}

const char *vgpu_status_name(cl_int status) {
  switch (status) {
  case CL_OUT_OF_RESOURCES: return "CL_OUT_OF_RESOURCES";
  case CL_OUT_OF_HOST_MEMORY: return "CL_OUT_OF_HOST_MEMORY";
  case CL_MEM_OBJECT_ALLOCATION_FAILURE: return "CL_MEM_OBJECT_ALLOCATION_FAILURE";
  case CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST: return "CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST";
  default: return "an error";
  }
}

cl_int vgpu_event_check_wait_list(cl_context ctx, cl_uint n, const cl_event *list) {
  VG_RETURN_IF(n > 0 && !list, CL_INVALID_EVENT_WAIT_LIST, "num_events_in_wait_list > 0 but event_wait_list is NULL");
  VG_RETURN_IF(n == 0 && list, CL_INVALID_EVENT_WAIT_LIST, "event_wait_list given with num_events_in_wait_list 0");
  for (cl_uint i = 0; i < n; i++) {
    VG_RETURN_IF(!vgpu_event_is(list[i]), CL_INVALID_EVENT_WAIT_LIST, "an event in the wait list is not a valid event");
    VG_RETURN_IF(ctx && list[i]->context != ctx, CL_INVALID_CONTEXT, "an event in the wait list belongs to another context");
  }
  return CL_SUCCESS;
}
