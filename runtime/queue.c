/* queue.c - command queue objects: creation, and their lifetime.  The application's references
 * and the queue's pending commands both keep a queue alive (a released queue still finishes its
 * work, section 5.1: clReleaseCommandQueue flushes), and the queue keeps its context alive. */
#include "runtime/queue.h"
#include "runtime/context.h"
#include "runtime/device_queue.h"

#include <stdlib.h>
#include <string.h>

int vgpu_queue_is(cl_command_queue q) {
  return vgpu_object_is(q, VGPU_QUEUE) && atomic_load(&q->obj.refs) > 0;
}

int vgpu_host_queue_is(cl_command_queue q) { return vgpu_queue_is(q) && !(q->props & CL_QUEUE_ON_DEVICE); }

void vgpu_queue_retain_internal(cl_command_queue q) { atomic_fetch_add(&q->internal, 1); }

void vgpu_queue_release_internal(cl_command_queue q) {
  if (atomic_fetch_sub(&q->internal, 1) != 1) return;
  cl_context ctx = q->context;
  if (q->dq_addr) vgpu_devq_destroy(q);
  vgpu_object_destroy(&q->obj);
  vgpu_context_app_release(ctx);
}

cl_command_queue vgpu_queue_create(cl_context ctx, cl_device_id dev, cl_command_queue_properties props,
                                   const cl_queue_properties *array, size_t narray, cl_int *err) {
  cl_command_queue q = calloc(1, sizeof *q);
  if (!q) {
    *err = CL_OUT_OF_HOST_MEMORY;
    return NULL;
  }
  vgpu_object_init(&q->obj, VGPU_QUEUE);
  atomic_init(&q->internal, 1); /* dropped when the application's last reference goes */
  q->context = ctx;
  q->device = dev;
  q->props = props;
  if (array && narray <= sizeof q->props_array / sizeof q->props_array[0]) {
    memcpy(q->props_array, array, narray * sizeof *array);
    q->nprops = narray;
  }
  /* Counted in CL_CONTEXT_REFERENCE_COUNT (what clRetainContext does, as PoCL's queues do):
   * a program may release its context and keep using it through the queue (test_queue). */
  vgpu_context_app_retain(ctx);
  *err = CL_SUCCESS;
  return q;
}
