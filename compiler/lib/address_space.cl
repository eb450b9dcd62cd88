/* address_space.cl - the generic address space functions of OpenCL C 3.0 section 6.15.10:
 * get_fence, and the runtime half of to_global/to_local/to_private (Clang emits calls to
 * __to_global & co. with the generic pointer).  A generic pointer carries its space in its top
 * bits (vir/vir.h, VIR_PTR_TAG_*: 0 global, 1 local, 2 private); the casts below are
 * the compiler's generic -> named conversions. */
#include "vgpu_intrinsics.h"

#define VGPU_TAG(p) ((ulong)(p) >> 60)

OVL cl_mem_fence_flags get_fence(const void *p) {
  ulong tag = VGPU_TAG(p);
  return tag == 1 ? CLK_LOCAL_MEM_FENCE : tag == 0 ? CLK_GLOBAL_MEM_FENCE : 0;
}
OVL cl_mem_fence_flags get_fence(void *p) { return get_fence((const void *)p); }

/* NULL when the pointer is not in the space asked for (6.15.10) */
__global void *__to_global(void *p) { return VGPU_TAG(p) == 0 && p ? (__global void *)p : 0; }
__local void *__to_local(void *p) { return VGPU_TAG(p) == 1 ? (__local void *)p : 0; }
__private void *__to_private(void *p) { return VGPU_TAG(p) == 2 ? (__private void *)p : 0; }
