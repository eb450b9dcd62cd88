/* async_copy.cl - async_work_group_copy, async_work_group_strided_copy, wait_group_events
 * and prefetch (OpenCL C 3.0 section 6.15.11).  The copy is collective: every work-item of the
 * group calls it with the same arguments and copies a share, as a GPU's copy engine in the SM
 * would; the copy is complete when wait_group_events' barrier has been passed by the whole group.
 * A contiguous copy gives work-item i the elements [i c, (i + 1) c), c = ceil(n / group size),
 * as one memcpy (one VIR instruction for the warp, instead of a load and a store per element); a
 * strided copy takes element i, i + group size, ... */
#include "vgpu_intrinsics.h"

static size_t vgpu_group_size(void) {
  return __vgpu_wi_local_size(0) * __vgpu_wi_local_size(1) * __vgpu_wi_local_size(2);
}
#define VGPU_COPY(T)                                                                          \
  size_t g = vgpu_group_size(), c = (n + g - 1) / g, i = __vgpu_wi_local_linear_id(0) * c;    \
  if (i < n) __builtin_memcpy(dst + i, src + i, (n - i < c ? n - i : c) * sizeof(T));          \
  return ev;
#define VGPU_STRIDED(DI, SI)                                                                  \
  for (size_t i = __vgpu_wi_local_linear_id(0), g = vgpu_group_size(); i < n; i += g)         \
    dst[DI] = src[SI];                                                                        \
  return ev;
#define VGPU_ASYNC(T)                                                                         \
  OVL event_t async_work_group_copy(__local T *dst, const __global T *src, size_t n,          \
                                    event_t ev) { VGPU_COPY(T) }                              \
  OVL event_t async_work_group_copy(__global T *dst, const __local T *src, size_t n,          \
                                    event_t ev) { VGPU_COPY(T) }                              \
  OVL event_t async_work_group_strided_copy(__local T *dst, const __global T *src, size_t n,  \
                                            size_t stride, event_t ev) {                      \
    VGPU_STRIDED(i, i * stride) }                                                             \
  OVL event_t async_work_group_strided_copy(__global T *dst, const __local T *src, size_t n,  \
                                            size_t stride, event_t ev) {                      \
    VGPU_STRIDED(i * stride, i) }                                                             \
  OVL void prefetch(const __global T *p, size_t n) { (void)p; (void)n; }
#define VGPU_ASYNC_ALL(T)                                                                     \
  VGPU_ASYNC(T) VGPU_ASYNC(T##2) VGPU_ASYNC(T##3) VGPU_ASYNC(T##4) VGPU_ASYNC(T##8)          \
  VGPU_ASYNC(T##16)
VGPU_ASYNC_ALL(char) VGPU_ASYNC_ALL(uchar) VGPU_ASYNC_ALL(short) VGPU_ASYNC_ALL(ushort)
VGPU_ASYNC_ALL(int) VGPU_ASYNC_ALL(uint) VGPU_ASYNC_ALL(long) VGPU_ASYNC_ALL(ulong)
VGPU_ASYNC_ALL(float) VGPU_ASYNC_ALL(double) VGPU_ASYNC_ALL(half)

/* The event list is in the generic space for OpenCL C 2.0+, in __private for 1.x: both. */
OVL void wait_group_events(int num, event_t *list) {
  (void)num; (void)list;
  __vgpu_barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
}
OVL void wait_group_events(int num, __private event_t *list) {
  (void)num; (void)list;
  __vgpu_barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
}
