/* workitem.cl - work-item functions (OpenCL C 3.0 section 6.15.1).  Each query is one VIR
 * WORKITEM instruction; a dimension outside 0 .. 2 gets the value the spec names (1 for sizes
 * and counts, 0 for ids and offsets) without reaching the hardware. */
#include "vgpu_intrinsics.h"

OVL uint get_work_dim(void) { return __vgpu_wi_work_dim(); }

#define VGPU_WI(fn, q, outside)                                                               \
  OVL size_t fn(uint dim) { return dim < 3u ? __vgpu_wi_##q(dim) : (size_t)(outside); }
VGPU_WI(get_global_size, global_size, 1)
VGPU_WI(get_global_id, global_id, 0)
VGPU_WI(get_local_size, local_size, 1)
VGPU_WI(get_enqueued_local_size, enqueued_local_size, 1)
VGPU_WI(get_local_id, local_id, 0)
VGPU_WI(get_num_groups, num_groups, 1)
VGPU_WI(get_group_id, group_id, 0)
VGPU_WI(get_global_offset, global_offset, 0)

OVL size_t get_global_linear_id(void) { return __vgpu_wi_global_linear_id(0); }
OVL size_t get_local_linear_id(void) { return __vgpu_wi_local_linear_id(0); }
