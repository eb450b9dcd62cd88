/* ndrange_api.c - clEnqueueNDRangeKernel and clEnqueueTask (OpenCL 3.0 s5.10): every check of the
 * specification's error list, in its order, then the launch is queued (runtime/ndrange.c). */
#include <stdint.h>
#include <stdlib.h>
#include "runtime/command.h"
#include "runtime/device.h"
#include "runtime/mem.h"
#include "runtime/ndrange.h"
#include "runtime/queue.h"

static cl_int nothing_to_run(struct vgpu_command *cmd, void *payload) {
  (void)cmd; (void)payload;
  return CL_SUCCESS;
}

cl_int clEnqueueNDRangeKernel(cl_command_queue command_queue, cl_kernel kernel, cl_uint work_dim,
                              const size_t *global_work_offset, const size_t *global_work_size,
                              const size_t *local_work_size, cl_uint num_events_in_wait_list,
                              const cl_event *event_wait_list, cl_event *event) {
  VG_RETURN_IF(!vgpu_host_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "command_queue is not a valid queue");
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  cl_device_id dev = command_queue->device;
  VG_RETURN_IF(command_queue->context != kernel->program->context, CL_INVALID_CONTEXT,
               "the kernel and the queue belong to different contexts");
  struct vgpu_program_build *b = vgpu_program_build_of(kernel->program, dev);
  VG_RETURN_IF(!b || !vgpu_build_has_executable(b),
               CL_INVALID_PROGRAM_EXECUTABLE, "the program has no executable for the queue's device");
  for (uint32_t i = 0; i < kernel->k->nargs; i++)
    VG_RETURN_IF(!kernel->values[i].set, CL_INVALID_KERNEL_ARGS, "a kernel argument has not been set");
  VG_RETURN_IF(work_dim < 1 || work_dim > 3, CL_INVALID_WORK_DIMENSION, "work_dim is not 1, 2 or 3");
  /* CL_INVALID_GLOBAL_WORK_SIZE for a NULL global_work_size or a 0 in it is "deprecated by
   * version 2.1" (s5.10): a 3.0 device runs nothing and the command trivially succeeds, as the
   * CTS's profiling_timebase expects of NULL (handled below with the 0 case). */
  uint64_t global[3] = {1, 1, 1}, offset[3] = {0, 0, 0}, local[3] = {1, 1, 1};
  int empty = !global_work_size;
  unsigned __int128 total = 1;
  for (cl_uint d = 0; d < work_dim && global_work_size; d++) {
    global[d] = global_work_size[d];
    empty |= global[d] == 0;
    total *= global[d];
    if (global_work_offset) offset[d] = global_work_offset[d];
    VG_RETURN_IF(global[d] + offset[d] < global[d], CL_INVALID_GLOBAL_OFFSET,
                 "global_work_size + global_work_offset exceeds the range of size_t");
  }
  VG_RETURN_IF(total > SIZE_MAX, CL_INVALID_GLOBAL_WORK_SIZE, "the total number of work-items exceeds size_t");
  const uint32_t *reqd = kernel->k->reqd_wg_size;
  int has_reqd = reqd[0] && reqd[1] && reqd[2];
  int nonuniform = (kernel->k->flags & VIR_KFLAG_NONUNIFORM_OK) != 0;
  size_t max_items[3] = {dev->max_wg_size, dev->max_wg_size, dev->max_wg_size};
  clGetDeviceInfo(dev, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof max_items, max_items, NULL);
  if (local_work_size && !empty) {
    uint64_t n = 1;
    for (cl_uint d = 0; d < work_dim; d++) {
      local[d] = local_work_size[d];
      VG_RETURN_IF(local[d] == 0, CL_INVALID_WORK_GROUP_SIZE, "a local_work_size value is 0");
      n *= local[d];
      VG_RETURN_IF(has_reqd && local[d] != reqd[d], CL_INVALID_WORK_GROUP_SIZE,
                   "local_work_size does not match reqd_work_group_size");
      /* Uniform work-groups: OpenCL C 1.x programs and -cl-uniform-work-group-size (s5.10). */
      VG_RETURN_IF(!nonuniform && global[d] % local[d], CL_INVALID_WORK_GROUP_SIZE,
                   "global_work_size is not a multiple of local_work_size and non-uniform work-groups are not allowed");
    }
    for (cl_uint d = work_dim; has_reqd && d < 3; d++)
      VG_RETURN_IF(reqd[d] != 1, CL_INVALID_WORK_GROUP_SIZE, "reqd_work_group_size has more dimensions than work_dim");
    /* The more specific rule first: one dimension beyond the device's limit. */
    for (cl_uint d = 0; d < work_dim; d++)
      VG_RETURN_IF(local[d] > max_items[d], CL_INVALID_WORK_ITEM_SIZE,
                   "a local_work_size value exceeds CL_DEVICE_MAX_WORK_ITEM_SIZES");
    VG_RETURN_IF(n > dev->max_wg_size || n > vgpu_kernel_max_wg(kernel->k, dev), CL_INVALID_WORK_GROUP_SIZE,
                 "the work-group is larger than CL_KERNEL_WORK_GROUP_SIZE");
  } else if (!empty) {
    cl_int err = vgpu_ndrange_pick_local(kernel->k, dev, work_dim, global, local);
    if (err != CL_SUCCESS) return err;
  }
  for (uint32_t i = 0; i < kernel->k->nargs; i++) {
    cl_mem m = kernel->values[i].mem;
    VG_RETURN_IF(m && !vgpu_mem_is(m), CL_INVALID_MEM_OBJECT,
                 "a buffer set as a kernel argument has been released since (kernels do not retain their arguments)");
    VG_RETURN_IF(m && m->parent && m->origin % (VGPU_MEM_BASE_ADDR_ALIGN / 8), CL_MISALIGNED_SUB_BUFFER_OFFSET,
                 "a sub-buffer argument's origin is not aligned to CL_DEVICE_MEM_BASE_ADDR_ALIGN");
  }
  uint32_t nconst = 0;
  for (uint32_t i = 0; i < kernel->k->nargs; i++) nconst += kernel->values[i].kind == VIR_ARG_CONSTANT_PTR;
  VG_RETURN_IF(nconst > VGPU_MAX_CONSTANT_ARGS, CL_OUT_OF_RESOURCES,
               "the kernel has more __constant arguments than CL_DEVICE_MAX_CONSTANT_ARGS");
  VG_RETURN_IF(vgpu_kernel_local_mem(kernel) > dev->local_mem, CL_OUT_OF_RESOURCES,
               "the kernel's __local memory exceeds CL_DEVICE_LOCAL_MEM_SIZE");
  if (empty) {
    /* "If ... the value in any passed dimension is 0 then the kernel command will trivially
     * succeed after its event dependencies are satisfied" (OpenCL 2.1+). */
    return vgpu_enqueue(command_queue, CL_COMMAND_NDRANGE_KERNEL, nothing_to_run, NULL, NULL, CL_FALSE,
                        num_events_in_wait_list, event_wait_list, event);
  }
  struct vgpu_ndrange *nd = vgpu_ndrange_new(kernel, dev);
  VG_RETURN_IF(!nd, CL_OUT_OF_HOST_MEMORY, "no memory for the launch");
  nd->work_dim = work_dim;
  for (int d = 0; d < 3; d++) {
    nd->global[d] = global[d];
    nd->offset[d] = offset[d];
    nd->local[d] = local[d];
  }
  return vgpu_enqueue(command_queue, CL_COMMAND_NDRANGE_KERNEL, vgpu_ndrange_run, nd, vgpu_ndrange_free, CL_FALSE,
                      num_events_in_wait_list, event_wait_list, event);
}

cl_int clEnqueueTask(cl_command_queue command_queue, cl_kernel kernel, cl_uint num_events_in_wait_list,
                     const cl_event *event_wait_list, cl_event *event) {
  /* "equivalent to calling clEnqueueNDRangeKernel with work_dim = 1, global_work_offset = NULL,
   * global_work_size[0] set to 1 and local_work_size[0] set to 1." */
  size_t one = 1;
  return clEnqueueNDRangeKernel(command_queue, kernel, 1, NULL, &one, &one, num_events_in_wait_list,
                                event_wait_list, event);
}
