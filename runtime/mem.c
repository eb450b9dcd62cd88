/* mem.c - memory objects: creation rules, per-device storage and coherence, lifetime.
 *
 * A root buffer has one lazily made copy per device (each device has its own arena) plus, for
 * CL_MEM_USE_HOST_PTR, the application's memory.  Like a multi-GPU driver migrating buffers on
 * demand, the object records which copies hold the latest bytes: making a copy current copies
 * from one that is; writing through one copy makes the others stale.  Sub-buffers are windows on
 * their parent's copies.  The storage goes back to the arenas when the application's references
 * and every command or kernel using the object are gone (section 5.2.5, clReleaseMemObject). */
#include "runtime/mem.h"

#include <stdlib.h>
#include <string.h>
#include "runtime/context.h"
#include "runtime/device.h"
#include "runtime/image.h"
#include "runtime/links.h"
#include "runtime/platform.h"
#include "runtime/queue.h"
#include "runtime/registry.h"
#include "runtime/timeline.h"

struct vgpu_mem_dtor {
  void(CL_CALLBACK *fn)(cl_mem, void *);
  void *user_data;
  struct vgpu_mem_dtor *next;
};

int vgpu_mem_is(cl_mem m) { return vgpu_object_is(m, VGPU_MEM) && atomic_load(&m->obj.refs) > 0; }

static cl_mem root_of(cl_mem m) { return m->parent ? m->parent : m; }

void vgpu_mem_retain_internal(cl_mem mem) { atomic_fetch_add(&mem->internal, 1); }

void vgpu_mem_release_internal(cl_mem mem) {
  if (atomic_fetch_sub(&mem->internal, 1) != 1) return;
  /* Destructor callbacks run newest first, before the storage goes (section 5.2.5). */
  for (struct vgpu_mem_dtor *d = mem->dtors, *n; d; d = n) {
    n = d->next;
    d->fn(mem, d->user_data);
    free(d);
  }
  for (unsigned i = 0; i < mem->ncopies; i++)
    if (mem->copies[i].arena) vgpu_arena_free(mem->copies[i].arena, mem->copies[i].off);
  free(mem->copies);
  vgpu_image_free(mem);
  for (struct vgpu_mem_map *m = mem->maps, *n; m; m = n) { /* never unmapped */
    n = m->next;
    free(m);
  }
  cl_mem parent = mem->parent;
  cl_context ctx = mem->context;
  vgpu_registry_remove(&mem->obj); /* the handle is invalid from now on, kernel arguments too */
  vgpu_mem_release_weak(mem);
  if (parent) vgpu_mem_release_internal(parent);
  vgpu_context_app_release(ctx);
}

void vgpu_mem_retain_weak(cl_mem mem) { atomic_fetch_add(&mem->weak, 1); }

void vgpu_mem_release_weak(cl_mem mem) {
  if (atomic_fetch_sub(&mem->weak, 1) == 1) vgpu_object_destroy(&mem->obj);
}

cl_int vgpu_mem_add_destructor(cl_mem mem, void(CL_CALLBACK *fn)(cl_mem, void *), void *user_data) {
  struct vgpu_mem_dtor *d = malloc(sizeof *d);
  if (!d) return CL_OUT_OF_HOST_MEMORY;
  d->fn = fn;
  d->user_data = user_data;
  pthread_mutex_lock(&mem->obj.lock);
  d->next = mem->dtors;
  mem->dtors = d;
  pthread_mutex_unlock(&mem->obj.lock);
  return CL_SUCCESS;
}

/* The context's devices.  Returns the count (0 on failure) and a malloc'd array. */
unsigned vgpu_mem_context_devices(cl_context ctx, cl_device_id **devs) {
  *devs = ctx->ndevices ? malloc(ctx->ndevices * sizeof **devs) : NULL;
  if (!*devs) return 0;
  memcpy(*devs, ctx->devices, ctx->ndevices * sizeof **devs);
  return ctx->ndevices;
}

/* With root's lock held: dev's copy, allocated if needed (NULL when dev's arena is full). */
static struct vgpu_mem_copy *copy_on(cl_mem root, cl_device_id dev) {
  if (dev->index >= root->ncopies) return NULL;
  struct vgpu_mem_copy *c = &root->copies[dev->index];
  if (!c->arena) {
    uint64_t off;
    const uint64_t g = VGPU_BUFFER_GRANULE; /* whole granules: the slack is the buffer's own */
    if (vgpu_arena_alloc(&dev->arena, (root->size + g - 1) / g * g, g, &off) != 0) return NULL;
    c->arena = &dev->arena;
    c->off = off;
    c->current = 0;
  }
  return c;
}

/* Copies the whole root buffer between two places (device indexes or VGPU_HOST), accounted on the
 * modelled links it crosses (links.c). */
static void move(cl_mem root, void *dst, int to, const void *src, int from) {
  struct vgpu_link_xfer x;
  vgpu_link_begin(&x, from, to, root->size);
  memcpy(dst, src, root->size);
  vgpu_link_end(&x);
}

/* With root's lock held: brings copy c (device `to`) up to date from a current copy (or the host
 * memory), preferring a device with a peer link to `to` (one hop instead of two). */
static void refresh(cl_mem root, struct vgpu_mem_copy *c, int to) {
  if (c->current) return;
  int best = -1;
  for (unsigned i = 0; i < root->ncopies; i++) {
    struct vgpu_mem_copy *o = &root->copies[i];
    if (o != c && o->arena && o->current && (best < 0 || (!vgpu_link_peers(best, to) && vgpu_link_peers((int)i, to))))
      best = (int)i;
  }
  uint64_t t0 = vgpu_timeline_now();
  if (best >= 0) {
    struct vgpu_mem_copy *o = &root->copies[best];
    move(root, vgpu_arena_ptr(c->arena, c->off), to, vgpu_arena_ptr(o->arena, o->off), best);
    vgpu_timeline_migrate(c->arena, o->arena, root->size, t0);
  } else if (root->host_current) {
    move(root, vgpu_arena_ptr(c->arena, c->off), to, root->host_ptr, VGPU_HOST);
    vgpu_timeline_migrate(c->arena, NULL, root->size, t0);
  }
  c->current = 1; /* also when nothing held bytes yet: the contents are undefined */
}

static void make_sole_current(cl_mem root, struct vgpu_mem_copy *c) {
  for (unsigned i = 0; i < root->ncopies; i++) root->copies[i].current = 0;
  root->host_current = 0;
  c->current = 1;
}

cl_int vgpu_mem_prepare(cl_mem mem, cl_device_id dev, int will_write, uint64_t *device_address) {
  cl_mem root = root_of(mem);
  pthread_mutex_lock(&root->obj.lock);
  struct vgpu_mem_copy *c = copy_on(root, dev);
  if (!c) {
    pthread_mutex_unlock(&root->obj.lock);
    return CL_MEM_OBJECT_ALLOCATION_FAILURE;
  }
  refresh(root, c, (int)dev->index);
  if (will_write) make_sole_current(root, c);
  if (device_address) *device_address = c->off + mem->origin;
  pthread_mutex_unlock(&root->obj.lock);
  return CL_SUCCESS;
}

/* Like vgpu_mem_prepare, but the old bytes are not wanted (the whole object is about to be
 * overwritten, or CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED): no copy is made. */
cl_int vgpu_mem_prepare_discard(cl_mem mem, cl_device_id dev) {
  cl_mem root = root_of(mem);
  pthread_mutex_lock(&root->obj.lock);
  struct vgpu_mem_copy *c = copy_on(root, dev);
  if (c) make_sole_current(root, c);
  pthread_mutex_unlock(&root->obj.lock);
  return c ? CL_SUCCESS : CL_MEM_OBJECT_ALLOCATION_FAILURE;
}

/* Only allocates dev's copy (a map returns its address before the map command runs). */
cl_int vgpu_mem_reserve(cl_mem mem, cl_device_id dev) {
  cl_mem root = root_of(mem);
  pthread_mutex_lock(&root->obj.lock);
  struct vgpu_mem_copy *c = copy_on(root, dev);
  pthread_mutex_unlock(&root->obj.lock);
  return c ? CL_SUCCESS : CL_MEM_OBJECT_ALLOCATION_FAILURE;
}

void *vgpu_mem_host_view(cl_mem mem, cl_device_id dev) {
  cl_mem root = root_of(mem);
  pthread_mutex_lock(&root->obj.lock);
  struct vgpu_mem_copy *c = dev->index < root->ncopies ? &root->copies[dev->index] : NULL;
  void *p = c && c->arena ? (uint8_t *)vgpu_arena_ptr(c->arena, c->off) + mem->origin : NULL;
  pthread_mutex_unlock(&root->obj.lock);
  return p;
}

/* CL_MEM_USE_HOST_PTR: makes the application's memory hold the latest bytes (a map). */
void vgpu_mem_sync_to_host(cl_mem mem) {
  cl_mem root = root_of(mem);
  pthread_mutex_lock(&root->obj.lock);
  if (!root->host_current) {
    for (unsigned i = 0; i < root->ncopies; i++) {
      struct vgpu_mem_copy *o = &root->copies[i];
      if (o->arena && o->current) {
        move(root, root->host_ptr, VGPU_HOST, vgpu_arena_ptr(o->arena, o->off), (int)i);
        break;
      }
    }
    root->host_current = 1;
  }
  pthread_mutex_unlock(&root->obj.lock);
}

/* CL_MEM_USE_HOST_PTR: the application wrote its memory (an unmap after a write map). */
void vgpu_mem_host_written(cl_mem mem) {
  cl_mem root = root_of(mem);
  pthread_mutex_lock(&root->obj.lock);
  for (unsigned i = 0; i < root->ncopies; i++) root->copies[i].current = 0;
  root->host_current = 1;
  pthread_mutex_unlock(&root->obj.lock);
}

#define ACCESS_FLAGS (CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY | CL_MEM_READ_ONLY)
#define HOST_PTR_FLAGS (CL_MEM_USE_HOST_PTR | CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR)
#define HOST_ACCESS_FLAGS (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS)

static int more_than_one(cl_mem_flags f) { return (f & (f - 1)) != 0; }

/* Section 5.2.1 "Memory Flags" rules shared by buffers and images. */
cl_int vgpu_mem_check_flags(cl_mem_flags flags, void *host_ptr, cl_mem_flags extra_valid) {
  VG_RETURN_IF(flags & ~(cl_mem_flags)(ACCESS_FLAGS | HOST_PTR_FLAGS | HOST_ACCESS_FLAGS | extra_valid),
               CL_INVALID_VALUE, "unknown bits in flags");
  VG_RETURN_IF(more_than_one(flags & (ACCESS_FLAGS | extra_valid)), CL_INVALID_VALUE,
               "more than one of CL_MEM_READ_WRITE, CL_MEM_WRITE_ONLY, CL_MEM_READ_ONLY");
  VG_RETURN_IF(more_than_one(flags & HOST_ACCESS_FLAGS), CL_INVALID_VALUE,
               "more than one of CL_MEM_HOST_WRITE_ONLY, CL_MEM_HOST_READ_ONLY, CL_MEM_HOST_NO_ACCESS");
  VG_RETURN_IF((flags & CL_MEM_USE_HOST_PTR) && (flags & (CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR)),
               CL_INVALID_VALUE, "CL_MEM_USE_HOST_PTR with CL_MEM_ALLOC_HOST_PTR or CL_MEM_COPY_HOST_PTR");
  VG_RETURN_IF(!host_ptr && (flags & (CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR)), CL_INVALID_HOST_PTR,
               "host_ptr is NULL with CL_MEM_USE_HOST_PTR or CL_MEM_COPY_HOST_PTR");
  VG_RETURN_IF(host_ptr && !(flags & (CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR)), CL_INVALID_HOST_PTR,
               "host_ptr is given without CL_MEM_USE_HOST_PTR or CL_MEM_COPY_HOST_PTR");
  return CL_SUCCESS;
}

/* Section 5.2.1 clCreateSubBuffer (and s5.3.1 for an image made from a buffer): the flags a
 * sub-buffer may take given its parent's. */
cl_int vgpu_mem_check_derived_flags(cl_mem_flags parent, cl_mem_flags flags) {
  VG_RETURN_IF(flags & ~(cl_mem_flags)(ACCESS_FLAGS | HOST_PTR_FLAGS | HOST_ACCESS_FLAGS), CL_INVALID_VALUE, "unknown bits in flags");
  VG_RETURN_IF(flags & HOST_PTR_FLAGS, CL_INVALID_VALUE, "host pointer flags are inherited, not given");
  VG_RETURN_IF(vgpu_mem_check_flags(flags, NULL, 0), CL_INVALID_VALUE, "conflicting flags");
  VG_RETURN_IF((parent & CL_MEM_WRITE_ONLY) && (flags & (CL_MEM_READ_WRITE | CL_MEM_READ_ONLY)), CL_INVALID_VALUE,
               "a write-only buffer's sub-buffer cannot be readable by kernels");
  VG_RETURN_IF((parent & CL_MEM_READ_ONLY) && (flags & (CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY)), CL_INVALID_VALUE,
               "a read-only buffer's sub-buffer cannot be writable by kernels");
  VG_RETURN_IF((parent & CL_MEM_HOST_WRITE_ONLY) && (flags & CL_MEM_HOST_READ_ONLY), CL_INVALID_VALUE,
               "parent is CL_MEM_HOST_WRITE_ONLY, sub-buffer asks CL_MEM_HOST_READ_ONLY");
  VG_RETURN_IF((parent & CL_MEM_HOST_READ_ONLY) && (flags & CL_MEM_HOST_WRITE_ONLY), CL_INVALID_VALUE,
               "parent is CL_MEM_HOST_READ_ONLY, sub-buffer asks CL_MEM_HOST_WRITE_ONLY");
  VG_RETURN_IF((parent & CL_MEM_HOST_NO_ACCESS) && (flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_WRITE_ONLY)),
               CL_INVALID_VALUE, "parent is CL_MEM_HOST_NO_ACCESS");
  return CL_SUCCESS;
}

static cl_mem mem_alloc(cl_context ctx, cl_mem_object_type type, cl_mem_flags flags, size_t size) {
  cl_mem m = calloc(1, sizeof *m);
  if (!m) return NULL;
  vgpu_object_init(&m->obj, VGPU_MEM);
  atomic_init(&m->internal, 1); /* dropped when the application's last reference goes */
  atomic_init(&m->weak, 1);     /* dropped when the last internal reference goes */
  atomic_init(&m->map_count, 0);
  m->context = ctx;
  m->type = type;
  m->flags = flags;
  m->size = size;
  vgpu_context_app_retain(ctx); /* counted in CL_CONTEXT_REFERENCE_COUNT, as a queue is */
  return m;
}

cl_mem vgpu_mem_create(cl_context ctx, cl_mem_object_type type, cl_mem_flags flags, size_t size,
                       void *host_ptr, cl_int *err) {
  cl_device_id *devs;
  unsigned ndev = vgpu_mem_context_devices(ctx, &devs);
  VG_RETURN_NULL_IF(!ndev, CL_INVALID_CONTEXT, "the context has no devices", err);
  /* "CL_INVALID_BUFFER_SIZE if size is 0, or if size is greater than CL_DEVICE_MAX_MEM_ALLOC_SIZE
   * for all devices in context" */
  cl_ulong max_alloc = 0;
  for (unsigned i = 0; i < ndev; i++)
    if (devs[i]->max_alloc > max_alloc) max_alloc = devs[i]->max_alloc;
  if (size == 0 || size > max_alloc) {
    free(devs);
    VG_RETURN_NULL_IF(1, CL_INVALID_BUFFER_SIZE, "size is 0 or above CL_DEVICE_MAX_MEM_ALLOC_SIZE", err);
  }
  /* flags are kept as given: CL_MEM_FLAGS "returns the flags argument value specified when memobj
   * is created" (no access flag means CL_MEM_READ_WRITE, but is reported as 0). */
  cl_mem m = mem_alloc(ctx, type, flags, size);
  cl_platform_id plat = vgpu_platform();
  if (m) {
    m->ncopies = plat->ndevices;
    m->copies = calloc(m->ncopies, sizeof *m->copies);
  }
  if (!m || !m->copies) {
    free(devs);
    if (m) vgpu_mem_release_internal(m);
    VG_RETURN_NULL_IF(1, CL_OUT_OF_HOST_MEMORY, "no host memory for the object", err);
  }
  if (flags & CL_MEM_USE_HOST_PTR) m->host_ptr = host_ptr;
  /* Storage is made at once on the context's first device, so that a full arena is reported
   * here (CL_MEM_OBJECT_ALLOCATION_FAILURE); other devices get theirs on first use. */
  struct vgpu_mem_copy *c = copy_on(m, devs[0]);
  unsigned devs0_index = devs[0]->index;
  free(devs);
  if (!c) {
    vgpu_mem_release_internal(m);
    VG_RETURN_NULL_IF(1, CL_MEM_OBJECT_ALLOCATION_FAILURE, "the device's global memory is full", err);
  }
  /* Without a host_ptr the contents are undefined: pages stay untouched (not resident) until used,
   * and no copy is current, so the first device to use the object moves nothing. */
  if (flags & (CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR)) {
    move(m, vgpu_arena_ptr(c->arena, c->off), (int)devs0_index, host_ptr, VGPU_HOST);
    c->current = 1;
  }
  m->host_current = (flags & CL_MEM_USE_HOST_PTR) != 0;
  if (err) *err = CL_SUCCESS;
  return m;
}

cl_mem vgpu_mem_create_sub(cl_mem parent, cl_mem_flags flags, size_t origin, size_t size) {
  cl_mem m = mem_alloc(parent->context, CL_MEM_OBJECT_BUFFER, flags, size);
  if (!m) return NULL;
  m->parent = parent;
  m->origin = origin;
  if (parent->host_ptr) m->host_ptr = (uint8_t *)parent->host_ptr + origin;
  vgpu_mem_retain_internal(parent);
  return m;
}

cl_int vgpu_mem_check_queue(cl_command_queue q, cl_mem mem) {
  VG_RETURN_IF(!vgpu_host_queue_is(q), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  VG_RETURN_IF(!vgpu_mem_is(mem), CL_INVALID_MEM_OBJECT, "not a valid memory object");
  VG_RETURN_IF(q->context != mem->context, CL_INVALID_CONTEXT, "the queue and the memory object have different contexts");
  return CL_SUCCESS;
}
