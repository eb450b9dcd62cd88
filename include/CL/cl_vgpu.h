/* cl_vgpu.h - VirtualGPU's vendor extension for OpenCL host programs (installed as <CL/cl_vgpu.h>).
 *
 * cl_vgpu_counters: the hardware counters of a completed kernel launch, the numbers VGPU_COUNTERS=1
 * prints (docs/profile.md explains each).  A program gets the function by name:
 *
 *   clGetEventCountersVGPU_fn get = (clGetEventCountersVGPU_fn)
 *       clGetExtensionFunctionAddressForPlatform(platform, "clGetEventCountersVGPU");
 *   cl_kernel_counters_vgpu c;
 *   if (get && get(event, sizeof c, &c, NULL) == CL_SUCCESS) printf("%llu\n", (unsigned long long)c.warp_insns);
 *
 * Counting costs simulation time, so VirtualGPU counts only when someone will read the numbers:
 * every launch enqueued after the program first obtained clGetEventCountersVGPU (through
 * clGetExtensionFunctionAddressForPlatform or clGetExtensionFunctionAddress), and every launch
 * when VGPU_COUNTERS or VGPU_PROFILE is set.
 *
 * clGetEventCountersVGPU(event, size, counters, size_ret):
 *   CL_SUCCESS                       the counters of the event's kernel launch are in *counters
 *                                    (when counters is not NULL) and sizeof(cl_kernel_counters_vgpu)
 *                                    in *size_ret (when size_ret is not NULL);
 *   CL_INVALID_EVENT                 event is not a valid event;
 *   CL_INVALID_VALUE                 counters is not NULL and size < sizeof(cl_kernel_counters_vgpu);
 *   CL_PROFILING_INFO_NOT_AVAILABLE  the event is not a kernel launch (a transfer, a marker, a user
 *                                    event), has not completed successfully, or its launch was
 *                                    enqueued before counting was asked for (see above). */
#ifndef CL_VGPU_H
#define CL_VGPU_H
#include <CL/cl.h>

#ifdef __cplusplus
extern "C" {
#endif

#define cl_vgpu_counters 1
#define CL_VGPU_COUNTERS_EXTENSION_NAME "cl_vgpu_counters"

/* One kernel launch, summed over the device's SMs.  Members are only ever added at the end. */
typedef struct _cl_kernel_counters_vgpu {
  cl_ulong warp_insns;           /* warp instructions issued */
  cl_ulong lane_insns;           /* active lanes of those: SIMT efficiency = lane_insns / (warp_insns x warp size) */
  cl_ulong branches;             /* conditional branches executed by a warp */
  cl_ulong divergent_branches;   /* ...whose active lanes did not all go the same way */
  cl_ulong global_requests;      /* warp requests to global and constant memory */
  cl_ulong global_transactions;  /* distinct 32-byte segments those requests touched (coalescing) */
  cl_ulong global_bytes;         /* bytes the lanes asked for */
  cl_ulong local_requests;       /* warp requests to __local memory */
  cl_ulong local_bank_conflicts; /* extra serialised cycles: (most distinct words on one of 32 banks) - 1 */
  cl_ulong atomics;              /* atomic operations, one per lane */
  cl_ulong barriers;             /* work-group barriers completed */
  cl_ulong work_groups;          /* work-groups run */
  cl_ulong warps;                /* warps started */
  cl_ulong image_reads;          /* warp image reads (read_image*) */
  cl_ulong image_writes;         /* warp image writes (write_image*) */
  cl_ulong image_texels;         /* texels those fetched (linear filtering: 2, 4 or 8 a lane) or wrote */
  cl_ulong image_filter_texels;  /* texels weighted by linear filtering */
} cl_kernel_counters_vgpu;

typedef cl_int(CL_API_CALL *clGetEventCountersVGPU_fn)(cl_event event, size_t size, cl_kernel_counters_vgpu *counters,
                                                      size_t *size_ret);

#ifdef __cplusplus
}
#endif
#endif
