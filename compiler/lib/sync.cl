/* sync.cl - barriers and fences (OpenCL C 3.0 sections 6.15.8, 6.15.9, 6.15.12.1).  The
 * simulator runs a work-group on one SM, so a barrier is a BARRIER instruction whose fence
 * flags say which memory must be made visible; fences become FENCE.  Every memory scope is
 * honoured with the device-wide fence, which is never weaker than what was asked. */
#include "vgpu_intrinsics.h"

OVL void barrier(cl_mem_fence_flags flags) { __vgpu_barrier(flags); }
OVL void work_group_barrier(cl_mem_fence_flags flags) { __vgpu_barrier(flags); }
OVL void work_group_barrier(cl_mem_fence_flags flags, memory_scope scope) {
  (void)scope;
  __vgpu_barrier(flags);
}

OVL void mem_fence(cl_mem_fence_flags flags) { __vgpu_fence(flags); }
OVL void read_mem_fence(cl_mem_fence_flags flags) { __vgpu_fence(flags); }
OVL void write_mem_fence(cl_mem_fence_flags flags) { __vgpu_fence(flags); }

OVL void atomic_work_item_fence(cl_mem_fence_flags flags, memory_order order,
                                memory_scope scope) {
  (void)scope;
  /* A relaxed fence orders nothing (6.15.12.1). */
  if (order != memory_order_relaxed)
    __vgpu_fence(flags);
}
