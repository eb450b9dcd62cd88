/* command.h - the one way any enqueued work (read, write, copy, fill, map, NDRange, marker...)
 * reaches a device: a command with an execute function, queued on a command queue with its wait
 * list and event, and run by the device's command processor thread when its dependencies are
 * complete (in order, or out of order as the queue allows). */
#ifndef VGPU_COMMAND_H
#define VGPU_COMMAND_H
#include <CL/cl.h>

struct vgpu_command;
/* Runs on the command processor thread of the queue's device.  Returns CL_SUCCESS, or a negative
 * error code that becomes the event's execution status (CL_OUT_OF_RESOURCES, or
 * CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST, ...). */
typedef cl_int (*vgpu_command_fn)(struct vgpu_command *cmd, void *payload);

/* Queues a command.  payload is owned by the command and released with free_payload (may be NULL)
 * after the command has run or was abandoned.  Validates the wait list (CL_INVALID_EVENT_WAIT_LIST,
 * CL_INVALID_CONTEXT) and creates *event when event is not NULL.  blocking: wait for completion and
 * return CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST / the command's error as clEnqueue* specify. */
cl_int vgpu_enqueue(cl_command_queue queue, cl_command_type type, vgpu_command_fn fn, void *payload,
                    void (*free_payload)(void *), cl_bool blocking, cl_uint num_events_in_wait_list,
                    const cl_event *event_wait_list, cl_event *event);
/* The queue a running command belongs to (for the device, the context, profiling). */
cl_command_queue vgpu_command_queue(struct vgpu_command *cmd);
/* The event of a running command (for example to attach an NDRange launch's counters). */
cl_event vgpu_command_event(struct vgpu_command *cmd);
#endif
