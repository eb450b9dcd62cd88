/* event_api.c - event entry points (OpenCL 3.0 sections 5.11 event objects, 5.15 profiling). */
#include <string.h>
#include "runtime/event.h"
#include "runtime/queue.h"

cl_event clCreateUserEvent(cl_context context, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  cl_event e = vgpu_event_create(context, NULL, CL_COMMAND_USER);
  VG_RETURN_NULL_IF(!e, CL_OUT_OF_HOST_MEMORY, "no memory for the event", errcode_ret);
  if (errcode_ret) *errcode_ret = CL_SUCCESS;
  return e;
}

cl_int clSetUserEventStatus(cl_event event, cl_int execution_status) {
  VG_RETURN_IF(!vgpu_event_is(event) || event->queue, CL_INVALID_EVENT, "event is not a valid user event");
  /* "execution_status ... can be CL_COMPLETE or a negative integer value" */
  VG_RETURN_IF(execution_status > CL_COMPLETE, CL_INVALID_VALUE, "execution_status is neither CL_COMPLETE nor negative");
  vgpu_sched_lock();
  int already = event->user_set;
  event->user_set = 1;
  if (!already) vgpu_event_set_status_locked(event, execution_status);
  vgpu_sched_unlock();
  VG_RETURN_IF(already, CL_INVALID_OPERATION, "the user event's status was already set");
  return CL_SUCCESS;
}

cl_int clWaitForEvents(cl_uint num_events, const cl_event *event_list) {
  VG_RETURN_IF(num_events == 0 || !event_list, CL_INVALID_VALUE, "num_events is 0 or event_list is NULL");
  for (cl_uint i = 0; i < num_events; i++) {
    VG_RETURN_IF(!vgpu_event_is(event_list[i]), CL_INVALID_EVENT, "an event in event_list is not valid");
    VG_RETURN_IF(event_list[i]->context != event_list[0]->context, CL_INVALID_CONTEXT, "the events do not share one context");
  }
  /* Commands are submitted as soon as they are enqueued, so the implicit flush is already done. */
  return vgpu_event_wait(num_events, event_list, "clWaitForEvents");
}

cl_int clGetEventInfo(cl_event event, cl_event_info param_name, size_t param_value_size,
                      void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_event_is(event), CL_INVALID_EVENT, "event is not a valid event");
  switch (param_name) {
  case CL_EVENT_COMMAND_QUEUE: VG_INFO(cl_command_queue, event->queue);
  case CL_EVENT_CONTEXT: VG_INFO(cl_context, event->context);
  case CL_EVENT_COMMAND_TYPE: VG_INFO(cl_command_type, event->type);
  case CL_EVENT_COMMAND_EXECUTION_STATUS: VG_INFO(cl_int, atomic_load(&event->status));
  case CL_EVENT_REFERENCE_COUNT: VG_INFO(cl_uint, atomic_load(&event->obj.refs));
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}

cl_int clGetEventProfilingInfo(cl_event event, cl_profiling_info param_name, size_t param_value_size,
                               void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_event_is(event), CL_INVALID_EVENT, "event is not a valid event");
  VG_RETURN_IF(!event->queue || !(event->queue->props & CL_QUEUE_PROFILING_ENABLE), CL_PROFILING_INFO_NOT_AVAILABLE,
               "a user event, or the queue was created without CL_QUEUE_PROFILING_ENABLE");
  VG_RETURN_IF(atomic_load(&event->status) != CL_COMPLETE, CL_PROFILING_INFO_NOT_AVAILABLE, "the command is not complete");
  switch (param_name) {
  case CL_PROFILING_COMMAND_QUEUED: VG_INFO(cl_ulong, event->t_queued);
  case CL_PROFILING_COMMAND_SUBMIT: VG_INFO(cl_ulong, event->t_submit);
  case CL_PROFILING_COMMAND_START: VG_INFO(cl_ulong, event->t_start);
  case CL_PROFILING_COMMAND_END: VG_INFO(cl_ulong, event->t_end);
  case CL_PROFILING_COMMAND_COMPLETE: VG_INFO(cl_ulong, event->t_complete);
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}

cl_int clSetEventCallback(cl_event event, cl_int command_exec_callback_type,
                          void(CL_CALLBACK *pfn_notify)(cl_event, cl_int, void *), void *user_data) {
  VG_RETURN_IF(!vgpu_event_is(event), CL_INVALID_EVENT, "event is not a valid event");
  VG_RETURN_IF(!pfn_notify, CL_INVALID_VALUE, "pfn_notify is NULL");
  VG_RETURN_IF(command_exec_callback_type != CL_SUBMITTED && command_exec_callback_type != CL_RUNNING &&
               command_exec_callback_type != CL_COMPLETE, CL_INVALID_VALUE,
               "command_exec_callback_type is not CL_SUBMITTED, CL_RUNNING or CL_COMPLETE");
  return vgpu_event_add_callback(event, command_exec_callback_type, pfn_notify, user_data);
}

cl_int clRetainEvent(cl_event event) {
  VG_RETURN_IF(!vgpu_event_is(event) || atomic_load(&event->obj.refs) == 0, CL_INVALID_EVENT, "event is not a valid event");
  vgpu_object_retain(&event->obj);
  return CL_SUCCESS;
}

cl_int clReleaseEvent(cl_event event) {
  VG_RETURN_IF(!vgpu_event_is(event) || atomic_load(&event->obj.refs) == 0, CL_INVALID_EVENT,
               "event is not a valid event (or was released already)");
  vgpu_event_app_release(event);
  return CL_SUCCESS;
}
