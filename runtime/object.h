/* object.h - what every OpenCL handle has in common.  The ICD loader requires the dispatch table
 * pointer to be the first field of every object; after it, an atomic reference count.  Handles
 * are validated by the registry of live objects (registry.h), never by reading them: a NULL,
 * released, forged or garbage handle, or a handle of another type, gets the specification's
 * CL_INVALID_<TYPE>.  Each object type embeds struct vgpu_object first. */
#ifndef VGPU_OBJECT_H
#define VGPU_OBJECT_H
#include <CL/cl.h>
#include <CL/cl_icd.h>
#include <pthread.h>
#include <stdatomic.h>
#include "runtime/log.h"

enum vgpu_type { VGPU_PLATFORM = 0x56470001, VGPU_DEVICE, VGPU_CONTEXT, VGPU_QUEUE, VGPU_MEM,
                 VGPU_PROGRAM, VGPU_KERNEL, VGPU_EVENT, VGPU_SAMPLER };

struct vgpu_object {
  const struct _cl_icd_dispatch *dispatch; /* must stay first: the loader calls through it */
  atomic_uint refs;                        /* application references (clRetain/clRelease) */
  pthread_mutex_t lock;
};

extern const struct _cl_icd_dispatch vgpu_dispatch;
/* Marks the few functions the ICD loader finds with dlsym (icd/exports.map lists them). */
#define VG_EXPORT __attribute__((visibility("default")))

/* Initialises o and registers it: from now on its handle is valid. */
void vgpu_object_init(struct vgpu_object *o, enum vgpu_type type);
/* Unregisters o and frees it (o is the start of a malloc'd object), after a delay during which
 * its dispatch pointer stays readable (registry.h): a stale handle is rejected, not a crash. */
void vgpu_object_destroy(struct vgpu_object *o);
/* True when h is a live object of `type` (NULL is never valid).  h is not dereferenced. */
int vgpu_object_is(const void *h, enum vgpu_type type);
/* Increments; returns the new count. */
unsigned vgpu_object_retain(struct vgpu_object *o);
/* Decrements; returns the new count (0: the caller destroys the object).  UINT_MAX when the count
 * was already 0 (a release too many: nothing to do). */
unsigned vgpu_object_release(struct vgpu_object *o);

/* The one argument-checking macro: returns `err` when `cond` holds, and logs why (VGPU_LOG=debug
 * shows it), so an application developer can learn which rule a call broke. */
#define VG_RETURN_IF(cond, err, why)                                                       \
  do {                                                                                     \
    if (cond) {                                                                            \
      vgpu_log(VGPU_LOG_DEBUG, "%s: %s returns %s", __func__, why, #err);                  \
      return (err);                                                                        \
    }                                                                                      \
  } while (0)
/* The same for entry points that return an object and report through errcode_ret. */
#define VG_RETURN_NULL_IF(cond, err, why, errcode_ret)                                     \
  do {                                                                                     \
    if (cond) {                                                                            \
      vgpu_log(VGPU_LOG_DEBUG, "%s: %s returns %s", __func__, why, #err);                  \
      if (errcode_ret) *(errcode_ret) = (err);                                             \
      return NULL;                                                                         \
    }                                                                                      \
  } while (0)

/* getinfo helper: copies `size` bytes of `value` to the caller as clGet*Info specifies
 * (CL_INVALID_VALUE when param_value_size is too small; size reported through size_ret). */
cl_int vgpu_info(const void *value, size_t size, size_t param_value_size, void *param_value,
                 size_t *param_value_size_ret);
#define VG_INFO(type, v) do { type vg_tmp_ = (v); return vgpu_info(&vg_tmp_, sizeof vg_tmp_, param_value_size, param_value, param_value_size_ret); } while (0)
#define VG_INFO_STR(s) do { const char *vg_s_ = (s); return vgpu_info(vg_s_, strlen(vg_s_) + 1, param_value_size, param_value, param_value_size_ret); } while (0)
#endif
