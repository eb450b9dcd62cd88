/* queue.h - command queues.  A queue only orders work: its commands are run by the device's
 * command processor (command.c), in order or out of order as its properties allow. */
#ifndef VGPU_QUEUE_H
#define VGPU_QUEUE_H
#include <stdint.h>
#include "runtime/object.h"

struct _cl_command_queue {
  struct vgpu_object obj;
  atomic_uint internal;                 /* queued commands; +1 while refs > 0 */
  cl_context context;                   /* retained by the queue */
  cl_device_id device;
  cl_command_queue_properties props;
  cl_queue_properties props_array[8];   /* CL_QUEUE_PROPERTIES_ARRAY (0 entries when none given) */
  size_t nprops;
  /* Scheduling state, guarded by the command processor's lock (command.c). */
  cl_event last;                        /* the newest command's event (in-order chaining) */
  cl_event barrier;                     /* the newest barrier (out-of-order queues) */
  struct vgpu_command *pending;         /* this queue's commands not yet complete, oldest first */
  unsigned npending;
  uint64_t enqueued;                    /* commands ever enqueued (each gets its number) */
  /* A failed command, until the application is told (docs/errors.md): `epoch` counts the failures
   * reported so far; fail_* describe the first failure of epoch fail_epoch, which is unreported
   * while fail_epoch == epoch.  In an in-order queue, the commands after a failed one in its epoch
   * fail without running (CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST). */
  uint32_t epoch, fail_epoch;
  uint64_t fail_seq;
  cl_int fail_status;                   /* 0: no failure recorded */
  cl_command_type fail_type;
  int fail_told_later;                  /* the log explained the failing commands after it */
  /* A device queue (CL_QUEUE_ON_DEVICE): its buffer in the device arena, CL_QUEUE_SIZE, whether it
   * is the device's default, and the next device queue (device_queue.c). */
  uint64_t dq_addr, dq_size;
  int dq_default;
  struct _cl_command_queue *dq_next;
};

int vgpu_queue_is(cl_command_queue q);
/* A valid host queue (not CL_QUEUE_ON_DEVICE): what clEnqueue*, clFlush and clFinish take. */
int vgpu_host_queue_is(cl_command_queue q);
void vgpu_queue_retain_internal(cl_command_queue q);
void vgpu_queue_release_internal(cl_command_queue q);
/* clFinish: blocks until every command of q is complete (command.c). */
void vgpu_queue_finish(cl_command_queue q);
/* Reports a failed command of q that the application has not been told of: returns `err` (and
 * logs why, naming `call`), after which the queue runs commands again; CL_SUCCESS when there is
 * none.  With the scheduler lock held for the _locked variant. */
cl_int vgpu_queue_report_failure(cl_command_queue q, const char *call, cl_int err);
cl_int vgpu_queue_report_failure_locked(cl_command_queue q, const char *call, cl_int err);
/* clFlush: commands are handed to the processor when enqueued; this only nudges it (command.c). */
void vgpu_queue_flush(cl_command_queue q);
/* Creates a queue after validation of context, device and properties (queue.c). */
cl_command_queue vgpu_queue_create(cl_context ctx, cl_device_id dev, cl_command_queue_properties props,
                                   const cl_queue_properties *array, size_t narray, cl_int *err);
#endif
