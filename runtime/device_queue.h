/* device_queue.h - device command-queues (CL_QUEUE_ON_DEVICE, OpenCL 3.0 s5.2.1) and running what
 * kernels enqueue on them (OpenCL C 3.0 s6.15.13).  A device queue is a buffer in the device's
 * arena laid out as include/vgpu/device_queue.h says; its address is the queue_t a kernel holds.
 * After a launch's work-groups have all finished, the launch drains every device queue of its
 * device: each record becomes a child launch through the same path as clEnqueueNDRangeKernel
 * (ndrange.c), children may enqueue more, and the launch's command completes only when all its
 * descendants have (docs/device_enqueue.md). */
#ifndef VGPU_DEVICE_QUEUE_RT_H
#define VGPU_DEVICE_QUEUE_RT_H
#include <stdint.h>
#include <CL/cl.h>

struct vgpu_command;
struct vgpu_ndrange;
struct vgpu_launch_alloc;

/* The device's limits (CL_DEVICE_QUEUE_ON_DEVICE_*, CL_DEVICE_MAX_ON_DEVICE_*). */
#define VGPU_DEVQ_PREFERRED_SIZE (64u * 1024)
#define VGPU_DEVQ_MAX_SIZE (4u * 1024 * 1024)
#define VGPU_DEVQ_MAX_QUEUES 4u   /* guaranteed; up to VGPU_DEVQ_LIMIT can be created */
#define VGPU_DEVQ_LIMIT 64u       /* device queues a device holds at once (allocation-table room) */
#define VGPU_DEVQ_MAX_EVENTS 1024u
/* A kernel enqueueing itself without end is cut off at this nesting depth (a failed child). */
#define VGPU_DEVQ_MAX_DEPTH 1024u

/* Sets up q (already created with CL_QUEUE_ON_DEVICE) with size bytes of queue in its device's
 * arena, and makes it the device's default when it is CL_QUEUE_ON_DEVICE_DEFAULT.  Returns
 * CL_SUCCESS, CL_INVALID_QUEUE_PROPERTIES (too many queues) or CL_OUT_OF_RESOURCES. */
cl_int vgpu_devq_init(cl_command_queue q, cl_uint size);
/* Frees q's buffer (q is being destroyed); a default queue stops being the default. */
void vgpu_devq_destroy(cl_command_queue q);
/* The device's default device queue, or NULL. */
cl_command_queue vgpu_devq_default(cl_device_id dev);
/* clSetDefaultDeviceCommandQueue's work: q (a device queue of dev) becomes the default. */
void vgpu_devq_set_default(cl_command_queue q);
/* get_default_queue()'s value for a launch on dev (0: none). */
uint64_t vgpu_devq_default_addr(cl_device_id dev);
/* Writes an allocation-table entry for each device queue of dev (at most cap); returns how many. */
uint32_t vgpu_devq_allocs(cl_device_id dev, struct vgpu_launch_alloc *out, uint32_t cap);
/* The address a queue_t kernel argument gets for the handle q, or 0 when q is not a device queue. */
uint64_t vgpu_devq_addr(cl_command_queue q);

/* Runs on the command processor thread after the root launch `nd` of command cmd: every kernel and
 * marker its work-items enqueued, and theirs, in order as their events allow.  allocs are the root
 * launch's allocation table (the children reach the same buffers through the pointers their
 * blocks captured).  Returns CL_SUCCESS or the error of a failed child. */
cl_int vgpu_devq_drain(struct vgpu_command *cmd, const struct vgpu_ndrange *nd, const struct vgpu_launch_alloc *allocs,
                       uint32_t nallocs);
#endif
