/* sync.cl - barriers and fences (OpenCL C 3.0 sections 6.15.8, 6.15.9, 6.15.12.1).  The
 * simulator runs a work-group on one SM, so a barrier is a BARRIER instruction whose fence
 * flags say which memory must be made visible; fences become FENCE.  atomic_work_item_fence
 * carries its order and scope into the instruction; mem_fence & co. are seq_cst fences for all
 * devices (stronger than the work-group scope OpenCL C 2.0 gives them, never weaker). */
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

/* OpenCL C's memory_order and memory_scope values as VIR's (vir.h enum vir_order, vir_scope):
 * constants once inlined into a kernel. */
static uint vir_order(memory_order o) {
  return o == memory_order_acquire ? 1u : o == memory_order_release ? 2u : o == memory_order_acq_rel ? 3u
       : o == memory_order_seq_cst ? 4u : 0u;
}
static uint vir_scope(memory_scope s) {
  return s == memory_scope_work_item ? 0u : s == memory_scope_sub_group ? 1u : s == memory_scope_work_group ? 2u
       : s == memory_scope_device ? 3u : 4u;
}

OVL void atomic_work_item_fence(cl_mem_fence_flags flags, memory_order order,
                                memory_scope scope) {
  /* A relaxed fence orders nothing (6.15.12.1). */
  if (order != memory_order_relaxed)
    __vgpu_fence_sem(flags, vir_order(order) | vir_scope(scope) << 4);
}
