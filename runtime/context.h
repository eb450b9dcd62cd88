/* context.h - an OpenCL context: its devices, the properties it was created with, the
 * application's error callback, and destructor callbacks (OpenCL 3.0 section 4.4).
 *
 * Lifetime: the context is destroyed when the application's count (clRetain/clReleaseContext,
 * obj.refs, what CL_CONTEXT_REFERENCE_COUNT reports) and the references of attached objects are
 * all gone: "after the reference count becomes zero and all the objects attached to context ...
 * are released, the context is deleted".  Queues, memory objects and user events hold a counted
 * reference (vgpu_context_app_retain/release: visible in CL_CONTEXT_REFERENCE_COUNT, as PoCL's);
 * programs hold an internal one (vgpu_context_retain/release). */
#ifndef VGPU_CONTEXT_H
#define VGPU_CONTEXT_H
#include "runtime/object.h"

typedef void(CL_CALLBACK *vgpu_context_notify_fn)(const char *errinfo, const void *private_info,
                                                  size_t cb, void *user_data);
struct vgpu_context_destructor;

struct _cl_context {
  struct vgpu_object obj;
  atomic_uint total_refs;           /* obj.refs + references held by attached objects */
  cl_uint ndevices;
  cl_device_id *devices;            /* no duplicates */
  cl_context_properties *props;     /* copy of the properties, 0-terminated; NULL when none given */
  size_t nprops;                    /* entries in props including the terminating 0 */
  cl_bool interop_user_sync;
  vgpu_context_notify_fn notify;
  void *notify_data;
  struct vgpu_context_destructor *destructors; /* newest first: called in LIFO order */
};

/* An attached object takes a reference on its context when created and drops it when destroyed
 * (not counted in CL_CONTEXT_REFERENCE_COUNT). */
void vgpu_context_retain(cl_context ctx);
void vgpu_context_release(cl_context ctx);
/* Reports an asynchronous error to the application's pfn_notify (if any); thread-safe. */
void vgpu_context_notify(cl_context ctx, const char *errinfo);
/* True when dev is one of the context's devices. */
int vgpu_context_has_device(cl_context ctx, cl_device_id dev);
/* For context_api.c: creation from validated arguments (NULL when out of memory), the
 * application's retain/release (release returns -1 when its count is already 0), destructors. */
cl_context vgpu_context_create(const cl_context_properties *props, size_t nprops, cl_bool user_sync,
                               const cl_device_id *devices, cl_uint ndevices,
                               vgpu_context_notify_fn notify, void *notify_data);
void vgpu_context_app_retain(cl_context ctx);
int vgpu_context_app_release(cl_context ctx);
int vgpu_context_add_destructor(cl_context ctx, void(CL_CALLBACK *fn)(cl_context, void *), void *user_data);
/* True when the context's devices support images (vgpu/device_caps.h VGPU_IMAGE_SUPPORT, VGPU_IMAGES). */
int vgpu_context_image_support(cl_context ctx);
#endif
