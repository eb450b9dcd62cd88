/* object.c - what every OpenCL handle shares: initialisation, reference counting, and the
 * clGet*Info copy rule of OpenCL 3.0 section 4 ("param_value_size ... must be >= size of return
 * type", else CL_INVALID_VALUE). */
#include <limits.h>
#include <string.h>
#include "runtime/object.h"
#include "runtime/registry.h"
#include "runtime/timeline.h"

extern struct _cl_icd_dispatch vgpu_timeline_dispatch;

void vgpu_object_init(struct vgpu_object *o, enum vgpu_type type) {
  /* VGPU_TIMELINE: every entry point the application calls through this handle is timed. */
  o->dispatch = vgpu_timeline_on() ? &vgpu_timeline_dispatch : &vgpu_dispatch;
  atomic_init(&o->refs, 1);
  pthread_mutex_init(&o->lock, NULL);
  vgpu_registry_add(o, (uint32_t)type);
}

void vgpu_object_destroy(struct vgpu_object *o) {
  vgpu_registry_remove(o);
  pthread_mutex_destroy(&o->lock);
  vgpu_registry_retire(o); /* o->dispatch stays: the loader can still reach us with it */
}

int vgpu_object_is(const void *h, enum vgpu_type type) {
  return h && vgpu_registry_type(h) == (uint32_t)type;
}

unsigned vgpu_object_retain(struct vgpu_object *o) {
  return atomic_fetch_add(&o->refs, 1) + 1;
}

unsigned vgpu_object_release(struct vgpu_object *o) {
  /* Compare-and-swap so that the count never wraps: a release too many (the application's bug)
   * on an object still kept alive by internal references returns UINT_MAX, not 0, so the caller
   * does not destroy the object a second time. */
  unsigned cur = atomic_load(&o->refs);
  do {
    if (cur == 0) return UINT_MAX;
  } while (!atomic_compare_exchange_weak(&o->refs, &cur, cur - 1));
  return cur - 1;
}

cl_int vgpu_info(const void *value, size_t size, size_t param_value_size, void *param_value,
                 size_t *param_value_size_ret) {
  if (param_value) {
    VG_RETURN_IF(param_value_size < size, CL_INVALID_VALUE, "param_value_size is too small");
    if (size) memcpy(param_value, value, size);
  }
  if (param_value_size_ret) *param_value_size_ret = size;
  return CL_SUCCESS;
}
