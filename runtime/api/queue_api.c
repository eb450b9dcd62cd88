/* queue_api.c - command queue entry points (OpenCL 3.0 section 5.1) and clFlush/clFinish
 * (section 5.16).  VirtualGPU has host queues only: on-device queues (CL_QUEUE_ON_DEVICE) are an
 * optional 2.x feature that CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES reports as unsupported. */
#include <stdlib.h>
#include "runtime/context.h"
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
  VG_RETURN_IF(props & CL_QUEUE_ON_DEVICE, CL_INVALID_QUEUE_PROPERTIES, "on-device queues are not supported");
  VG_RETURN_IF(has_size, CL_INVALID_VALUE, "CL_QUEUE_SIZE applies to on-device queues only");
  return CL_SUCCESS;
}

cl_command_queue clCreateCommandQueueWithProperties(cl_context context, cl_device_id device,
                                                    const cl_queue_properties *properties, cl_int *errcode_ret) {
  cl_command_queue_properties props = 0;
  size_t n = 0;
  int seen_props = 0, has_size = 0;
  cl_int err = CL_SUCCESS;
  if (properties) {
    for (n = 0; properties[n]; n += 2) {
      switch (properties[n]) {
      case CL_QUEUE_PROPERTIES:
        if (seen_props++) err = CL_INVALID_VALUE;
        props = (cl_command_queue_properties)properties[n + 1];
        break;
      case CL_QUEUE_SIZE: has_size = 1; break;
      default: err = CL_INVALID_VALUE; break;
      }
      if (err) break;
    }
    n++; /* the terminating 0 */
  }
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  VG_RETURN_NULL_IF(!vgpu_object_is(device, VGPU_DEVICE), CL_INVALID_DEVICE, "device is not a valid device", errcode_ret);
  VG_RETURN_NULL_IF(err, err, "unknown or repeated property name in properties", errcode_ret);
  err = check_queue_args(context, device, props, has_size);
  VG_RETURN_NULL_IF(err, err, "invalid arguments", errcode_ret);
  cl_command_queue q = vgpu_queue_create(context, device, props, properties, properties ? n : 0, &err);
  if (errcode_ret) *errcode_ret = err;
  return q;
}

cl_command_queue clCreateCommandQueue(cl_context context, cl_device_id device,
                                      cl_command_queue_properties properties, cl_int *errcode_ret) {
  cl_int err = check_queue_args(context, device, properties, 0);
  VG_RETURN_NULL_IF(err, err, "invalid arguments", errcode_ret);
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
  case CL_QUEUE_SIZE: VG_RETURN_IF(1, CL_INVALID_COMMAND_QUEUE, "CL_QUEUE_SIZE of a host queue");
  case CL_QUEUE_DEVICE_DEFAULT: VG_INFO(cl_command_queue, NULL);
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
  VG_RETURN_IF(!vgpu_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  VG_RETURN_IF(properties & ~(cl_command_queue_properties)HOST_QUEUE_PROPS, CL_INVALID_VALUE, "unknown queue properties");
  if (old_properties) *old_properties = command_queue->props;
  vgpu_queue_finish(command_queue);
  if (enable) command_queue->props |= properties;
  else command_queue->props &= ~properties;
  return CL_SUCCESS;
}

cl_int clFlush(cl_command_queue command_queue) {
  VG_RETURN_IF(!vgpu_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  vgpu_queue_flush(command_queue);
  return CL_SUCCESS;
}

cl_int clFinish(cl_command_queue command_queue) {
  VG_RETURN_IF(!vgpu_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  vgpu_queue_finish(command_queue);
  /* A failed command not reported yet: clFinish's only error for a failure on the device is
   * CL_OUT_OF_RESOURCES (OpenCL 3.0 section 5.16; docs/errors.md says why it is used here). */
  return vgpu_queue_report_failure(command_queue, "clFinish", CL_OUT_OF_RESOURCES);
}
