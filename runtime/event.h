/* event.h - events: the status of one command (or a user event) as it moves
 * CL_QUEUED -> CL_SUBMITTED -> CL_RUNNING -> CL_COMPLETE (or a negative error), its profiling
 * times, and the callbacks registered on it (run on the callback thread, never the caller's). */
#ifndef VGPU_EVENT_H
#define VGPU_EVENT_H
#include "runtime/object.h"
#include "vgpu/counters.h"

struct vgpu_event_callback;

struct _cl_event {
  struct vgpu_object obj;
  atomic_uint internal;          /* commands waiting on it, the processor; +1 while refs > 0 */
  cl_context context;            /* retained by user events; a command's comes from its queue */
  cl_command_queue queue;        /* NULL for user events (internally retained otherwise) */
  cl_command_type type;
  uint32_t epoch;                /* the queue's failure epoch when enqueued (queue.h) */
  _Atomic cl_int status;
  cl_ulong t_queued, t_submit, t_start, t_end, t_complete; /* ns, vgpu_host_time_ns() */
  int user_set;                  /* clSetUserEventStatus was called */
  struct vgpu_event_callback *callbacks; /* guarded by the command processor's lock */
  int has_counters;              /* its launch filled `counters` (runtime/observe.c; cl_vgpu_counters) */
  struct vgpu_counters counters;
};

int vgpu_event_is(cl_event e);
/* A command's event (queue != NULL, status CL_QUEUED) or a user event (CL_SUBMITTED). */
cl_event vgpu_event_create(cl_context ctx, cl_command_queue queue, cl_command_type type);
/* Moves the event to `status` (only forward; negative = failed), stamps the profiling time, wakes
 * waiters and command processors, and schedules the callbacks that became due. */
void vgpu_event_set_status(cl_event e, cl_int status);
/* Blocks until every event is complete; CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST if one failed,
 * which reports that failure to the application for its queue (queue.h; `call` names the entry
 * point in the log). */
cl_int vgpu_event_wait(cl_uint n, const cl_event *events, const char *call);
/* Names for the log: "clEnqueueReadBuffer" for CL_COMMAND_READ_BUFFER, "CL_OUT_OF_RESOURCES". */
const char *vgpu_command_type_name(cl_command_type type);
const char *vgpu_status_name(cl_int status);
/* Registers a clSetEventCallback callback (called at once, on the callback thread, if due). */
cl_int vgpu_event_add_callback(cl_event e, cl_int type, void(CL_CALLBACK *fn)(cl_event, cl_int, void *),
                               void *user_data);
void vgpu_event_retain_internal(cl_event e);
/* Drops one application reference (clReleaseEvent, or an enqueue that was given no event). */
void vgpu_event_app_release(cl_event e);
void vgpu_event_release_internal(cl_event e);
/* Validates an event wait list as every clEnqueue* does (CL_INVALID_EVENT_WAIT_LIST, and
 * CL_INVALID_CONTEXT when an event belongs to another context than ctx; ctx NULL: no check). */
cl_int vgpu_event_check_wait_list(cl_context ctx, cl_uint n, const cl_event *list);

/* The scheduler lock: one lock for every event status and every queue's pending list, and one
 * condition broadcast whenever an event changes status (waiters and command processors recheck).
 * Few threads wait at once, so one condition keeps cross-queue and cross-device waits simple. */
void vgpu_sched_lock(void);
void vgpu_sched_unlock(void);
void vgpu_sched_wait(void);               /* with the lock held */
void vgpu_sched_wake(void);               /* with the lock held */
void vgpu_event_set_status_locked(cl_event e, cl_int status);
#endif
