/* ndrange.h - one kernel launch from enqueue to completion: the NDRange geometry chosen and checked
 * by clEnqueueNDRangeKernel, a snapshot of the arguments, and the execution on the device's command
 * processor thread (ndrange.c). */
#ifndef VGPU_NDRANGE_H
#define VGPU_NDRANGE_H
#include <stdint.h>
#include "runtime/kernel.h"

struct vgpu_ndrange {
  cl_program program;               /* internally retained */
  struct vgpu_exec *exec;           /* the device's executable at enqueue time (retained) */
  uint32_t kernel_index;
  const struct vir_kernel *k;
  const struct vir_arg *args;
  uint32_t nargs;
  struct vgpu_kernel_arg *values;   /* snapshot taken at enqueue (memory objects retained) */
  uint32_t work_dim;
  uint64_t global[3], offset[3], local[3];
  const char *enqueued_by;          /* a child launch: the kernel that enqueued it (device_queue.c); NULL: the host */
};

/* Picks a local size for local_work_size == NULL: a multiple of the warp size that divides the
 * global size where one exists, within the device and kernel limits; uniform unless the kernel
 * allows non-uniform work-groups.  Returns CL_SUCCESS or CL_INVALID_WORK_GROUP_SIZE. */
cl_int vgpu_ndrange_pick_local(const struct vir_kernel *k, cl_device_id dev, uint32_t work_dim, const uint64_t global[3],
                               uint64_t local[3]);
/* Snapshot of the kernel's arguments and dev's executable (NULL when out of memory). */
struct vgpu_ndrange *vgpu_ndrange_new(cl_kernel k, cl_device_id dev);
void vgpu_ndrange_free(void *nd);
/* One launch of nd on the device of cmd's queue, to completion: the path of every launch, with
 * `extra` allocation-table entries besides nd's own buffers (a child launch's inheritance,
 * device_queue.c).  With allocs_out, *allocs_out gets a malloc'd copy of the launch's allocation
 * table (*nallocs_out entries) when the device has device queues (else it is left alone).  Returns CL_SUCCESS or the launch's error. */
struct vgpu_launch_alloc;
cl_int vgpu_ndrange_launch(struct vgpu_command *cmd, struct vgpu_ndrange *nd, const struct vgpu_launch_alloc *extra,
                           uint32_t nextra, struct vgpu_launch_alloc **allocs_out, uint32_t *nallocs_out);
/* The command processor function (vgpu_command_fn) that runs the launch, then what it enqueued on
 * device queues (device_queue.c). */
cl_int vgpu_ndrange_run(struct vgpu_command *cmd, void *nd);
#endif
