/* queue_api.c - command queue entry points (OpenCL 3.0 section 5.1) and clFlush/clFinish
 * (section 5.16).  Host queues run commands (command.c); device queues (CL_QUEUE_ON_DEVICE) take
 * only what kernels enqueue (device_queue.c), so the host cannot enqueue to them. */
#include <stdlib.h>
#include "runtime/context.h"
#include "runtime/device_queue.h"
#include "runtime/queue.h"

#define HOST_QUEUE_PROPS (CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_PROFILING_ENABLE)
#define ALL_QUEUE_PROPS (HOST_QUEUE_PROPS | CL_QUEUE_ON_DEVICE | CL_QUEUE_ON_DEVICE_DEFAULT)

/* The checks both creation functions share. */
static cl_int check_queue_args(cl_context context, cl_device_id device, cl_command_queue_properties props,
                               int has_size) {
  VG_RETURN_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "context is not a valid context");
  VG_RETURN_IF(!vgpu_object_is(device, VGPU_DEVICE), CL_INVALID_DEVICE, "device is not a valid device");
  /* "device must be a device ... associated with context" */
  VG_RETURN_IF(!vgpu_context_has_device(context, device), CL_INVALID_DEVICE, "device is not associated with context");
  VG_RETURN_IF(props & ~(cl_command_queue_properties)ALL_QUEUE_PROPS, CL_INVALID_VALUE, "unknown bits in the queue properties");
  VG_RETURN_IF((props & CL_QUEUE_ON_DEVICE_DEFAULT) && !(props & CL_QUEUE_ON_DEVICE), CL_INVALID_VALUE,
               "CL_QUEUE_ON_DEVICE_DEFAULT without CL_QUEUE_ON_DEVICE");
  VG_RETURN_IF((props & CL_QUEUE_ON_DEVICE) && !(props & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE), CL_INVALID_VALUE,
               "an on-device queue must be out of order");
  VG_RETURN_IF(has_size && !(props & CL_QUEUE_ON_DEVICE), CL_INVALID_VALUE, "CL_QUEUE_SIZE applies to on-device queues only");
  return CL_SUCCESS;
}

cl_command_queue clCreateCommandQueueWithProperties(cl_context context, cl_device_id device,
                                                    const cl_queue_properties *properties, cl_int *errcode_ret) {
  cl_command_queue_properties props = 0;
  size_t n = 0;
  int seen_props = 0, has_size = 0;
  cl_ulong size = VGPU_DEVQ_PREFERRED_SIZE;
  cl_int err = CL_SUCCESS;
  if (properties) {
    for (n = 0; properties[n]; n += 2) {
      switch (properties[n]) {
      case CL_QUEUE_PROPERTIES:
        if (seen_props++) err = CL_INVALID_VALUE;
        props = (cl_command_queue_properties)properties[n + 1];
        break;
      case CL_QUEUE_SIZE:
        has_size = 1;
        size = (cl_ulong)properties[n + 1];
        if (size == 0 || size > VGPU_DEVQ_MAX_SIZE) err = CL_INVALID_VALUE; /* past CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE */
        break;
      default: err = CL_INVALID_VALUE; break;
      }
      if (err) break;
    }
    n++; /* the terminating 0 */
  }
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  VG_RETURN_NULL_IF(!vgpu_object_is(device, VGPU_DEVICE), CL_INVALID_DEVICE, "device is not a valid device", errcode_ret);
  VG_RETURN_NULL_IF(err, err, "unknown or repeated property name in properties, or a CL_QUEUE_SIZE of 0 or above "
                    "CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE", errcode_ret);
  err = check_queue_args(context, device, props, has_size);
  VG_RETURN_NULL_IF(err, err, "invalid arguments", errcode_ret);
  if (props & CL_QUEUE_ON_DEVICE_DEFAULT) {
    /* "There can only be one default device queue for each device within a context": creating
     * it again returns it, retained (s5.1). */
    cl_command_queue d = vgpu_devq_default(device);
    if (d && d->context == context) {
      vgpu_object_retain(&d->obj);
      if (errcode_ret) *errcode_ret = CL_SUCCESS;
      return d;
    }
  }
  cl_command_queue q = vgpu_queue_create(context, device, props, properties, properties ? n : 0, &err);
  if (q && (props & CL_QUEUE_ON_DEVICE)) {
    err = vgpu_devq_init(q, (cl_uint)size);
    if (err != CL_SUCCESS) {
      vgpu_object_release(&q->obj);
      vgpu_queue_release_internal(q);
      q = NULL;
    }
  }
  if (errcode_ret) *errcode_ret = err;
  return q;
}

cl_command_queue clCreateCommandQueue(cl_context context, cl_device_id device,
                                      cl_command_queue_properties properties, cl_int *errcode_ret) {
  cl_int err = check_queue_args(context, device, properties, 0);
  VG_RETURN_NULL_IF(err, err, "invalid arguments", errcode_ret);
  /* the 1.x call takes the host queue properties only (its table in s5.1); device queues need
   * clCreateCommandQueueWithProperties, which can give their size */
  VG_RETURN_NULL_IF(properties & CL_QUEUE_ON_DEVICE, CL_INVALID_QUEUE_PROPERTIES,
                    "clCreateCommandQueue cannot create a device queue (use clCreateCommandQueueWithProperties)",
                    errcode_ret);
  cl_command_queue q = vgpu_queue_create(context, device, properties, NULL, 0, &err);
  if (errcode_ret) *errcode_ret = err;
  return q;
}

cl_int clGetCommandQueueInfo(cl_command_queue command_queue, cl_command_queue_info param_name,
                             size_t param_value_size, void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  switch (param_name) {
  case CL_QUEUE_CONTEXT: VG_INFO(cl_context, command_queue->context);
  case CL_QUEUE_DEVICE: VG_INFO(cl_device_id, command_queue->device);
  case CL_QUEUE_REFERENCE_COUNT: VG_INFO(cl_uint, atomic_load(&command_queue->obj.refs));
  case CL_QUEUE_PROPERTIES: VG_INFO(cl_command_queue_properties, command_queue->props);
  case CL_QUEUE_PROPERTIES_ARRAY:
    return vgpu_info(command_queue->props_array, command_queue->nprops * sizeof(cl_queue_properties),
                     param_value_size, param_value, param_value_size_ret);
  /* "CL_QUEUE_SIZE ... Return CL_INVALID_COMMAND_QUEUE if command_queue is not a valid
   * command-queue for a device" (host queues have no size). */
  case CL_QUEUE_SIZE:
    VG_RETURN_IF(!command_queue->dq_addr, CL_INVALID_COMMAND_QUEUE, "CL_QUEUE_SIZE of a host queue");
    VG_INFO(cl_uint, (cl_uint)command_queue->dq_size);
  case CL_QUEUE_DEVICE_DEFAULT: VG_INFO(cl_command_queue, vgpu_devq_default(command_queue->device));
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}

cl_int clRetainCommandQueue(cl_command_queue command_queue) {
  VG_RETURN_IF(!vgpu_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  vgpu_object_retain(&command_queue->obj);
  return CL_SUCCESS;
}

cl_int clReleaseCommandQueue(cl_command_queue command_queue) {
  VG_RETURN_IF(!vgpu_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  if (vgpu_object_release(&command_queue->obj) == 0) {
    vgpu_queue_flush(command_queue); /* "clReleaseCommandQueue performs an implicit flush" */
    vgpu_queue_release_internal(command_queue);
  }
  return CL_SUCCESS;
}

/* OpenCL 1.0 API, deprecated in 1.1 but still in the dispatch table: enables or disables
 * properties of a live queue.  The queue is drained first so that switching to in-order
 * execution never reorders commands already queued. */
cl_int clSetCommandQueueProperty(cl_command_queue command_queue, cl_command_queue_properties properties,
                                 cl_bool enable, cl_command_queue_properties *old_properties) {
  VG_RETURN_IF(!vgpu_host_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  VG_RETURN_IF(properties & ~(cl_command_queue_properties)HOST_QUEUE_PROPS, CL_INVALID_VALUE, "unknown queue properties");
  if (old_properties) *old_properties = command_queue->props;
  vgpu_queue_finish(command_queue);
  if (enable) command_queue->props |= properties;
  else command_queue->props &= ~properties;
  return CL_SUCCESS;
}

cl_int clFlush(cl_command_queue command_queue) {
  VG_RETURN_IF(!vgpu_host_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  vgpu_queue_flush(command_queue);
  return CL_SUCCESS;
}

cl_int clFinish(cl_command_queue command_queue) {
  VG_RETURN_IF(!vgpu_host_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  vgpu_queue_finish(command_queue);
  /* A failed command not reported yet: clFinish's only error for a failure on the device is
   * CL_OUT_OF_RESOURCES (OpenCL 3.0 section 5.16; docs/errors.md says why it is used here). */
  return vgpu_queue_report_failure(command_queue, "clFinish", CL_OUT_OF_RESOURCES);
}

/* s5.1: a device queue of device in context becomes the default device queue
 * (CL_DEVICE_QUEUE_REPLACEABLE_DEFAULT), which get_default_queue() returns in kernels. */
cl_int clSetDefaultDeviceCommandQueue(cl_context context, cl_device_id device, cl_command_queue command_queue) {
  VG_RETURN_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context");
  VG_RETURN_IF(!vgpu_object_is(device, VGPU_DEVICE) || !vgpu_context_has_device(context, device), CL_INVALID_DEVICE,
               "device is not in the context");
  VG_RETURN_IF(!vgpu_queue_is(command_queue) || !command_queue->dq_addr || command_queue->device != device ||
               command_queue->context != context, CL_INVALID_COMMAND_QUEUE,
               "command_queue is not a device queue of device in context");
  vgpu_devq_set_default(command_queue);
  return CL_SUCCESS;
}
