/* marker_api.c - markers, barriers and clEnqueueWaitForEvents (OpenCL 3.0 section 5.13, and the
 * 1.1 forms kept for compatibility).  They run no work: the command processor completes them as
 * soon as their dependencies are (command.c says which dependencies each kind has). */
#include "runtime/command.h"
#include "runtime/event.h"
#include "runtime/queue.h"

cl_int clEnqueueMarkerWithWaitList(cl_command_queue command_queue, cl_uint num_events_in_wait_list,
                                   const cl_event *event_wait_list, cl_event *event) {
  return vgpu_enqueue(command_queue, CL_COMMAND_MARKER, NULL, NULL, NULL, CL_FALSE, num_events_in_wait_list,
                      event_wait_list, event);
}

cl_int clEnqueueBarrierWithWaitList(cl_command_queue command_queue, cl_uint num_events_in_wait_list,
                                    const cl_event *event_wait_list, cl_event *event) {
  return vgpu_enqueue(command_queue, CL_COMMAND_BARRIER, NULL, NULL, NULL, CL_FALSE, num_events_in_wait_list,
                      event_wait_list, event);
}

cl_int clEnqueueMarker(cl_command_queue command_queue, cl_event *event) {
  VG_RETURN_IF(!vgpu_host_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  VG_RETURN_IF(!event, CL_INVALID_VALUE, "event is NULL");
  return vgpu_enqueue(command_queue, CL_COMMAND_MARKER, NULL, NULL, NULL, CL_FALSE, 0, NULL, event);
}

cl_int clEnqueueBarrier(cl_command_queue command_queue) {
  return vgpu_enqueue(command_queue, CL_COMMAND_BARRIER, NULL, NULL, NULL, CL_FALSE, 0, NULL, NULL);
}

/* 1.1: "enqueues a wait for a specific event or a list of events to complete before any future
 * commands queued in the command-queue are executed" - a barrier on those events. */
cl_int clEnqueueWaitForEvents(cl_command_queue command_queue, cl_uint num_events, const cl_event *event_list) {
  VG_RETURN_IF(!vgpu_host_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  VG_RETURN_IF(num_events == 0 || !event_list, CL_INVALID_VALUE, "num_events is 0 or event_list is NULL");
  for (cl_uint i = 0; i < num_events; i++) {
    VG_RETURN_IF(!vgpu_event_is(event_list[i]), CL_INVALID_EVENT, "an event in event_list is not valid");
    VG_RETURN_IF(event_list[i]->context != command_queue->context, CL_INVALID_CONTEXT,
                 "an event belongs to another context than the queue");
  }
  return vgpu_enqueue(command_queue, CL_COMMAND_BARRIER, NULL, NULL, NULL, CL_FALSE, num_events, event_list, NULL);
}
