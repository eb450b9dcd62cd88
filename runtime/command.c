/* command.c - the per-device command processor (see command.h).
 *
 * Like a GPU's front end, each device has one thread that takes commands whose dependencies are
 * satisfied and runs them one at a time.  Every dependency is expressed as an event:
 *   - the application's wait list (a failed event there fails the command with
 *     CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST, section 5.11),
 *   - in-order queues: the previous command of the queue,
 *   - out-of-order queues: the newest barrier; a barrier or marker without a wait list waits for
 *     every earlier command of its queue (clEnqueueBarrierWithWaitList, section 5.13).
 * Because event status is global (event.c), a dependency on another queue, device or a user
 * event is handled the same way.  A command that fails is recorded on its queue until a blocking
 * call tells the application (docs/errors.md): in an in-order queue the commands after it fail too
 * (their implicit dependency failed), and clFinish returns an error.  Enqueue hands a command to the processor at once and returns;
 * the processor marks it CL_SUBMITTED when its dependencies are satisfied and it is taken. */
#include "runtime/command.h"

#include <stdlib.h>
#include "runtime/device.h"
#include "runtime/log.h"
#include "runtime/event.h"
#include "runtime/queue.h"
#include "runtime/timeline.h"

struct vgpu_command {
  cl_command_queue queue;
  cl_event event;
  vgpu_command_fn fn;
  void *payload;
  void (*free_payload)(void *);
  cl_event *deps;                 /* internally retained */
  unsigned ndeps, nexplicit;      /* deps[0 .. nexplicit-1] came from the wait list */
  uint64_t seq;                   /* its number in its queue (clFinish waits up to a number) */
  struct vgpu_command *next_dev;  /* the device's commands, in enqueue order */
  struct vgpu_command *next_q;    /* the queue's pending commands, in enqueue order */
};

struct vgpu_processor {
  cl_device_id device;
  struct vgpu_command *head, *tail; /* commands not yet taken */
  struct vgpu_processor *next;
};

/* Guarded by the scheduler lock (event.h). */
static struct vgpu_processor *processors;

cl_command_queue vgpu_command_queue(struct vgpu_command *cmd) { return cmd->queue; }
cl_event vgpu_command_event(struct vgpu_command *cmd) { return cmd->event; }

/* A dependency is satisfied when its event is complete or failed. */
static int command_ready(const struct vgpu_command *c, int *failed) {
  *failed = 0;
  for (unsigned i = 0; i < c->ndeps; i++) {
    cl_int s = atomic_load(&c->deps[i]->status);
    if (s > CL_COMPLETE) return 0;
    if (s < 0 && i < c->nexplicit) *failed = 1;
  }
  return 1;
}

/* In-order queues: c comes after a failed command of its epoch (queue.h), so its implicit
 * dependency on the previous command failed. */
static int follows_failure(cl_command_queue q, const struct vgpu_command *c) {
  return !(q->props & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE) && q->fail_status && c->event->epoch == q->fail_epoch &&
         c->seq > q->fail_seq;
}

static void command_destroy(struct vgpu_command *c) {
  if (c->free_payload) c->free_payload(c->payload);
  for (unsigned i = 0; i < c->ndeps; i++) vgpu_event_release_internal(c->deps[i]);
  free(c->deps);
  vgpu_event_release_internal(c->event);
  vgpu_queue_release_internal(c->queue);
  free(c);
}

/* With the lock held: removes c from its queue's pending list and forgets its event as the
 * queue's newest command or barrier (so the queue holds no completed events). */
static cl_event unlink_from_queue(struct vgpu_command *c, cl_event *barrier) {
  cl_command_queue q = c->queue;
  for (struct vgpu_command **pp = &q->pending; *pp; pp = &(*pp)->next_q)
    if (*pp == c) {
      *pp = c->next_q;
      break;
    }
  q->npending--;
  cl_event last = NULL;
  *barrier = NULL;
  if (q->last == c->event) { last = q->last; q->last = NULL; }
  if (q->barrier == c->event) { *barrier = q->barrier; q->barrier = NULL; }
  return last;
}

static void *processor_main(void *arg) {
  struct vgpu_processor *p = arg;
  vgpu_sched_lock();
  for (;;) {
    struct vgpu_command *c = NULL, **pp, *prev = NULL;
    int failed = 0;
    for (pp = &p->head; *pp; prev = *pp, pp = &(*pp)->next_dev) {
      if (command_ready(*pp, &failed)) {
        c = *pp;
        break;
      }
    }
    if (!c) {
      vgpu_sched_wait();
      continue;
    }
    /* take c off the device list (pp points at the link to it) */
    *pp = c->next_dev;
    if (p->tail == c) p->tail = prev;
    /* Submitted to the device only now that nothing it waits for is pending: a command blocked
     * on a user event or an earlier command is still CL_QUEUED (section 5.11, and as the CTS
     * userevents and zero_sized_enqueue tests check). */
    vgpu_event_set_status_locked(c->event, CL_SUBMITTED);
    cl_int status;
    cl_command_queue q = c->queue;
    if (!failed && follows_failure(q, c)) {
      failed = 1;
      if (!q->fail_told_later) {
        q->fail_told_later = 1;
        vgpu_log(VGPU_LOG_WARN, "queue %p: %s and the commands after it do not run: an earlier %s on this "
                 "in-order queue failed (%s); they fail with CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST "
                 "until clFinish, a blocking enqueue or clWaitForEvents returns the error (docs/errors.md)",
                 (void *)q, vgpu_command_type_name(c->event->type), vgpu_command_type_name(q->fail_type),
                 vgpu_status_name(q->fail_status));
      }
    }
    if (failed) {
      status = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
    } else {
      vgpu_event_set_status_locked(c->event, CL_RUNNING);
      vgpu_sched_unlock();
      status = c->fn ? c->fn(c, c->payload) : CL_SUCCESS;
      if (status > 0) status = CL_OUT_OF_RESOURCES; /* a command must report failure negatively */
      vgpu_sched_lock();
      /* The queue's first failure the application has not been told of (not one caused by a
       * failed wait-list event, which the application made or was told of already). */
      if (status < 0 && !(q->fail_status && q->fail_epoch == q->epoch)) {
        q->fail_status = status;
        q->fail_epoch = q->epoch;
        q->fail_seq = c->seq;
        q->fail_type = c->event->type;
        q->fail_told_later = 0;
      }
    }
    /* The payload (and the memory objects it holds) goes before the event completes, so that
     * after clFinish a released buffer is really freed and its destructor callbacks have run. */
    if (c->free_payload) {
      vgpu_sched_unlock();
      c->free_payload(c->payload);
      c->free_payload = NULL;
      vgpu_sched_lock();
    }
    cl_event barrier, last = unlink_from_queue(c, &barrier);
    vgpu_event_set_status_locked(c->event, status);
    vgpu_timeline_command(c->queue, c->event); /* before clFinish can return and flush */
    vgpu_sched_unlock();
    if (last) vgpu_event_release_internal(last);
    if (barrier) vgpu_event_release_internal(barrier);
    command_destroy(c);
    vgpu_sched_lock();
  }
  return NULL;
}

/* With the lock held: the device's processor, started on first use. */
static struct vgpu_processor *processor_of(cl_device_id dev) {
  for (struct vgpu_processor *p = processors; p; p = p->next)
    if (p->device == dev) return p;
  struct vgpu_processor *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->device = dev;
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&t, &attr, processor_main, p);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    free(p);
    return NULL;
  }
  p->next = processors;
  processors = p;
  return p;
}

static int add_dep(struct vgpu_command *c, cl_event e, unsigned cap) {
  if (c->ndeps >= cap) return 0;
  vgpu_event_retain_internal(e);
  c->deps[c->ndeps++] = e;
  return 1;
}

cl_int vgpu_enqueue(cl_command_queue queue, cl_command_type type, vgpu_command_fn fn, void *payload,
                    void (*free_payload)(void *), cl_bool blocking, cl_uint num_events_in_wait_list,
                    const cl_event *event_wait_list, cl_event *event) {
  cl_int err = CL_SUCCESS;
  if (!vgpu_host_queue_is(queue)) err = CL_INVALID_COMMAND_QUEUE;
  else err = vgpu_event_check_wait_list(queue->context, num_events_in_wait_list, event_wait_list);
  /* Section 5.10: a blocking command cannot wait for a failed event. */
  if (!err && blocking)
    for (cl_uint i = 0; i < num_events_in_wait_list; i++)
      if (atomic_load(&event_wait_list[i]->status) < 0) err = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
  struct vgpu_command *c = NULL;
  cl_event ev = NULL;
  if (!err) {
    c = calloc(1, sizeof *c);
    ev = c ? vgpu_event_create(queue->context, queue, type) : NULL;
    if (!ev) err = CL_OUT_OF_HOST_MEMORY;
  }
  if (err) {
    if (free_payload) free_payload(payload);
    free(c);
    return err;
  }
  c->queue = queue;
  vgpu_queue_retain_internal(queue);
  /* The event starts with the application's reference (kept for *event, or dropped below) and
   * its internal token; the command holds one more internal reference, and so do we while a
   * blocking call waits. */
  c->event = ev;
  vgpu_event_retain_internal(ev);
  vgpu_event_retain_internal(ev);
  c->fn = fn;
  c->payload = payload;
  c->free_payload = free_payload;

  vgpu_sched_lock();
  struct vgpu_processor *p = processor_of(queue->device);
  int ooo = (queue->props & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE) != 0;
  int waits_all = (type == CL_COMMAND_BARRIER || type == CL_COMMAND_MARKER) && num_events_in_wait_list == 0;
  unsigned cap = num_events_in_wait_list + 2 + (waits_all && ooo ? queue->npending : 0);
  c->deps = calloc(cap, sizeof *c->deps);
  if (!p || !c->deps) {
    vgpu_sched_unlock();
    c->ndeps = 0;
    command_destroy(c);
    vgpu_event_app_release(ev);
    vgpu_event_release_internal(ev);
    return CL_OUT_OF_HOST_MEMORY;
  }
  for (cl_uint i = 0; i < num_events_in_wait_list; i++) add_dep(c, event_wait_list[i], cap);
  c->nexplicit = c->ndeps;
  if (!ooo) {
    if (queue->last) add_dep(c, queue->last, cap);
  } else {
    if (queue->barrier) add_dep(c, queue->barrier, cap);
    if (waits_all)
      for (struct vgpu_command *o = queue->pending; o; o = o->next_q) add_dep(c, o->event, cap);
  }
  /* The queue remembers its newest command and barrier (internally retained until complete). */
  if (queue->last) vgpu_event_release_internal(queue->last);
  queue->last = ev;
  vgpu_event_retain_internal(ev);
  if (type == CL_COMMAND_BARRIER && ooo) {
    if (queue->barrier) vgpu_event_release_internal(queue->barrier);
    queue->barrier = ev;
    vgpu_event_retain_internal(ev);
  }
  c->seq = ++queue->enqueued;
  ev->epoch = queue->epoch;
  struct vgpu_command **qp = &queue->pending;
  while (*qp) qp = &(*qp)->next_q;
  *qp = c;
  queue->npending++;
  if (p->tail) p->tail->next_dev = c; else p->head = c;
  p->tail = c;
  vgpu_sched_wake();
  vgpu_sched_unlock();

  if (blocking) {
    /* The command's own failure, or CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST (a wait-list
     * event, or in an in-order queue the command before it, failed: docs/errors.md). */
    vgpu_event_wait(1, &ev, vgpu_command_type_name(type));
    cl_int s = atomic_load(&ev->status);
    if (s < 0) err = s;
  }
  if (event) *event = ev;
  else vgpu_event_app_release(ev);
  vgpu_event_release_internal(ev);
  return err;
}

/* clFinish: waits until every command enqueued before the call is complete (commands other
 * threads add meanwhile are not waited for, so a busy queue cannot starve the caller). */
void vgpu_queue_finish(cl_command_queue q) {
  vgpu_sched_lock();
  uint64_t upto = q->enqueued;
  for (;;) {
    int busy = 0;
    for (struct vgpu_command *c = q->pending; c && !busy; c = c->next_q) busy = c->seq <= upto;
    if (!busy) break;
    vgpu_sched_wait();
  }
  vgpu_sched_unlock();
}

cl_int vgpu_queue_report_failure_locked(cl_command_queue q, const char *call, cl_int err) {
  if (!q->fail_status || q->fail_epoch != q->epoch) return CL_SUCCESS;
  q->epoch++; /* told: commands enqueued from now on run again */
  vgpu_log(VGPU_LOG_WARN, "%s returns %s: an earlier %s on queue %p failed with %s (the message above says why); "
           "the queue runs commands again (docs/errors.md)", call, vgpu_status_name(err),
           vgpu_command_type_name(q->fail_type), (void *)q, vgpu_status_name(q->fail_status));
  return err;
}

cl_int vgpu_queue_report_failure(cl_command_queue q, const char *call, cl_int err) {
  vgpu_sched_lock();
  cl_int rc = vgpu_queue_report_failure_locked(q, call, err);
  vgpu_sched_unlock();
  return rc;
}

/* clFlush: commands are handed to the processor as they are enqueued; make sure it looks. */
void vgpu_queue_flush(cl_command_queue q) {
  (void)q;
  vgpu_sched_lock();
  vgpu_sched_wake();
  vgpu_sched_unlock();
}
