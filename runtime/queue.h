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
};

int vgpu_queue_is(cl_command_queue q);
void vgpu_queue_retain_internal(cl_command_queue q);
void vgpu_queue_release_internal(cl_command_queue q);
/* clFinish: blocks until every command of q is complete (command.c). */
void vgpu_queue_finish(cl_command_queue q);
/* clFlush: commands are handed to the processor when enqueued; this only nudges it (command.c). */
void vgpu_queue_flush(cl_command_queue q);
/* Creates a queue after validation of context, device and properties (queue.c). */
cl_command_queue vgpu_queue_create(cl_context ctx, cl_device_id dev, cl_command_queue_properties props,
                                   const cl_queue_properties *array, size_t narray, cl_int *err);
#endif
