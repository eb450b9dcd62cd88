/* counters_ext_api.c - the cl_vgpu_counters extension (include/CL/cl_vgpu.h): the counters of a
 * completed kernel launch, which runtime/observe.c stored in its event. */
#include <string.h>
#include "CL/cl_vgpu.h"
#include "runtime/event.h"
#include "runtime/observe.h"
#include "runtime/platform.h"

_Static_assert(sizeof(cl_kernel_counters_vgpu) == sizeof(struct vgpu_counters),
               "cl_kernel_counters_vgpu mirrors struct vgpu_counters field for field");

cl_int CL_API_CALL clGetEventCountersVGPU(cl_event event, size_t size, cl_kernel_counters_vgpu *counters,
                                          size_t *size_ret) {
  VG_RETURN_IF(!vgpu_event_is(event), CL_INVALID_EVENT, "not a valid event");
  VG_RETURN_IF(counters && size < sizeof *counters, CL_INVALID_VALUE, "size is smaller than cl_kernel_counters_vgpu");
  VG_RETURN_IF(event->type != CL_COMMAND_NDRANGE_KERNEL && event->type != CL_COMMAND_TASK,
               CL_PROFILING_INFO_NOT_AVAILABLE, "the event is not a kernel launch");
  VG_RETURN_IF(atomic_load(&event->status) != CL_COMPLETE, CL_PROFILING_INFO_NOT_AVAILABLE,
               "the kernel launch has not completed successfully");
  VG_RETURN_IF(!event->has_counters, CL_PROFILING_INFO_NOT_AVAILABLE,
               "the launch collected no counters: it was enqueued before the program obtained "
               "clGetEventCountersVGPU, with VGPU_COUNTERS and VGPU_PROFILE unset");
  if (counters) memcpy(counters, &event->counters, sizeof *counters);
  if (size_ret) *size_ret = sizeof *counters;
  return CL_SUCCESS;
}
