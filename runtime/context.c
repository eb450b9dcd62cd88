/* context.c - context lifetime: creation from a validated device list, the two reference counts
 * (see context.h), destructor callbacks, and the error-notification channel. */
#include <stdlib.h>
#include <string.h>
#include "runtime/context.h"
#include "runtime/config.h"

struct vgpu_context_destructor {
  void(CL_CALLBACK *fn)(cl_context, void *);
  void *user_data;
  struct vgpu_context_destructor *next;
};

cl_context vgpu_context_create(const cl_context_properties *props, size_t nprops, cl_bool user_sync,
                               const cl_device_id *devices, cl_uint ndevices,
                               vgpu_context_notify_fn notify, void *notify_data) {
  cl_context ctx = calloc(1, sizeof *ctx);
  if (!ctx) return NULL;
  ctx->devices = malloc(ndevices * sizeof *ctx->devices);
  if (nprops) ctx->props = malloc(nprops * sizeof *ctx->props);
  if (!ctx->devices || (nprops && !ctx->props)) {
    free(ctx->devices);
    free(ctx->props);
    free(ctx);
    return NULL;
  }
  /* "Duplicate devices specified in devices are ignored" (OpenCL 3.0 clCreateContext). */
  for (cl_uint i = 0; i < ndevices; i++) {
    cl_uint j = 0;
    while (j < ctx->ndevices && ctx->devices[j] != devices[i]) j++;
    if (j == ctx->ndevices) ctx->devices[ctx->ndevices++] = devices[i];
  }
  if (nprops) memcpy(ctx->props, props, nprops * sizeof *props);
  ctx->nprops = nprops;
  ctx->interop_user_sync = user_sync;
  ctx->notify = notify;
  ctx->notify_data = notify_data;
  vgpu_object_init(&ctx->obj, VGPU_CONTEXT);
  atomic_init(&ctx->total_refs, 1);
  /* The devices are root devices, which live as long as the platform and are not reference
   * counted (OpenCL 3.0 section 4.3, clRetainDevice): the context holds no count on them. */
  return ctx;
}

static void context_destroy(cl_context ctx) {
  /* "The registered callback functions are called in the reverse order in which they were
   * registered" (clSetContextDestructorCallback), just before the context's resources go. */
  struct vgpu_context_destructor *d = ctx->destructors;
  while (d) {
    struct vgpu_context_destructor *next = d->next;
    d->fn(ctx, d->user_data);
    free(d);
    d = next;
  }
  free(ctx->devices);
  free(ctx->props);
  vgpu_object_destroy(&ctx->obj);
}

void vgpu_context_retain(cl_context ctx) {
  atomic_fetch_add(&ctx->total_refs, 1);
}

void vgpu_context_release(cl_context ctx) {
  if (atomic_fetch_sub(&ctx->total_refs, 1) == 1) context_destroy(ctx);
}

/* The application's clRetainContext / clReleaseContext (both counts move together). */
void vgpu_context_app_retain(cl_context ctx) {
  vgpu_object_retain(&ctx->obj);
  vgpu_context_retain(ctx);
}

int vgpu_context_app_release(cl_context ctx) {
  /* Never let the application's count go below zero (a release too many is its bug, not a crash). */
  unsigned cur = atomic_load(&ctx->obj.refs);
  do {
    if (cur == 0) return -1;
  } while (!atomic_compare_exchange_weak(&ctx->obj.refs, &cur, cur - 1));
  vgpu_context_release(ctx);
  return 0;
}

int vgpu_context_add_destructor(cl_context ctx, void(CL_CALLBACK *fn)(cl_context, void *), void *user_data) {
  struct vgpu_context_destructor *d = malloc(sizeof *d);
  if (!d) return -1;
  d->fn = fn;
  d->user_data = user_data;
  pthread_mutex_lock(&ctx->obj.lock);
  d->next = ctx->destructors;
  ctx->destructors = d;
  pthread_mutex_unlock(&ctx->obj.lock);
  return 0;
}

void vgpu_context_notify(cl_context ctx, const char *errinfo) {
  vgpu_log(VGPU_LOG_INFO, "context %p: %s", (void *)ctx, errinfo);
  if (ctx && ctx->notify) ctx->notify(errinfo, NULL, 0, ctx->notify_data);
}

int vgpu_context_has_device(cl_context ctx, cl_device_id dev) {
  for (cl_uint i = 0; i < ctx->ndevices; i++)
    if (ctx->devices[i] == dev) return 1;
  return 0;
}

int vgpu_context_image_support(cl_context ctx) {
  (void)ctx;
  return vgpu_config()->images; /* every VirtualGPU device has images, or none has */
}
