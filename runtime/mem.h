/* mem.h - memory objects (buffers and sub-buffers; images build on the same storage).  A cl_mem
 * belongs to a context that may hold several devices, each with its own arena: the bytes live in a
 * lazily made allocation per device, plus the application's memory for CL_MEM_USE_HOST_PTR, and
 * the object tracks which copies are current (as a multi-GPU driver migrates buffers on demand).
 * Sub-buffers have no storage of their own: they are a window (origin, size) on their parent's. */
#ifndef VGPU_MEM_H
#define VGPU_MEM_H
#include <stdint.h>
#include "runtime/object.h"

struct vgpu_mem_copy {           /* one device's copy of a root buffer */
  struct vgpu_arena *arena;      /* NULL until allocated on that device */
  uint64_t off;                  /* arena offset */
  int current;                   /* holds the latest bytes */
};
struct vgpu_mem_dtor;
struct vgpu_mem_map {            /* one live clEnqueueMapBuffer mapping */
  void *ptr;
  size_t offset, size;
  cl_map_flags flags;
  cl_device_id device;           /* whose arena ptr points into (NULL: CL_MEM_USE_HOST_PTR memory) */
  struct vgpu_mem_map *next;
};

struct _cl_mem {
  struct vgpu_object obj;
  atomic_uint internal;          /* commands and sub-buffers using it; +1 while refs > 0 */
  atomic_uint weak;              /* kernel arguments naming it (the struct only); +1 while internal > 0 */
  cl_context context;
  cl_mem_object_type type;       /* CL_MEM_OBJECT_BUFFER, ... */
  cl_mem_flags flags;            /* as given, plus inherited access flags for sub-buffers */
  size_t size;
  void *host_ptr;                /* CL_MEM_USE_HOST_PTR memory (sub-buffers: parent's + origin) */
  cl_mem parent;                 /* sub-buffers: the buffer they window (NULL otherwise) */
  size_t origin;                 /* sub-buffers: offset in parent */
  cl_mem_properties props[8];    /* clCreateBufferWithProperties' list (CL_MEM_PROPERTIES) */
  size_t nprops;                 /* entries including the terminating 0; 0 when none given */
  atomic_uint map_count;
  struct vgpu_mem_map *maps;     /* live mappings (obj.lock) */
  struct vgpu_mem_dtor *dtors;   /* clSetMemObjectDestructorCallback, newest first */
  /* Root buffers only (sub-buffers use their parent's); guarded by obj.lock. */
  unsigned ncopies;              /* one per platform device, indexed by device->index */
  struct vgpu_mem_copy *copies;
  int host_current;              /* USE_HOST_PTR: host_ptr holds the latest bytes */
  void *ext;                     /* images: their description (owned by the image code) */
  cl_uint pipe_packet_size;      /* pipes (runtime/pipe.c): CL_PIPE_PACKET_SIZE, CL_PIPE_MAX_PACKETS */
  cl_uint pipe_max_packets;
};

/* True when m is a live memory object. */
int vgpu_mem_is(cl_mem m);

/* Makes mem's bytes current in dev's arena (allocating there and copying from the holder of the
 * latest copy if needed) and gives their device address (sub-buffers: parent + origin); when
 * will_write, the other devices' copies become stale.  Called on dev's command processor thread
 * by the NDRange launch.  CL_MEM_OBJECT_ALLOCATION_FAILURE when dev's arena is full. */
cl_int vgpu_mem_prepare(cl_mem mem, cl_device_id dev, int will_write, uint64_t *device_address);
/* Host pointer to mem's bytes on dev after vgpu_mem_prepare (an address in dev's arena). */
void *vgpu_mem_host_view(cl_mem mem, cl_device_id dev);

/* References held by the runtime (a queued command, a kernel argument): the storage is freed,
 * and destructor callbacks run, when the application's references and these are all gone. */
void vgpu_mem_retain_internal(cl_mem mem);
void vgpu_mem_release_internal(cl_mem mem);
/* A kernel argument keeps only the struct of its buffer: the buffer is destroyed (storage freed,
 * destructor callbacks run) when the application and the commands are done with it, as
 * test_api's retain_mem_object_set_kernel_arg expects, and the handle then stops being valid
 * (vgpu_mem_is) instead of dangling. */
void vgpu_mem_retain_weak(cl_mem mem);
void vgpu_mem_release_weak(cl_mem mem);

/* Creates a memory object of `type` with validated flags and host_ptr (the buffer rules of
 * clCreateBuffer, section 5.2.1); images pass their own type and size.  NULL and *err on failure. */
cl_mem vgpu_mem_create(cl_context ctx, cl_mem_object_type type, cl_mem_flags flags, size_t size,
                       void *host_ptr, cl_int *err);

/* Used by the buffer entry points (mem.c). */
cl_int vgpu_mem_check_flags(cl_mem_flags flags, void *host_ptr, cl_mem_flags extra_valid);
/* The flags an object made from `parent` (a sub-buffer, an image from a buffer) may be given:
 * CL_INVALID_VALUE for host pointer flags or access that the parent's flags exclude. */
cl_int vgpu_mem_check_derived_flags(cl_mem_flags parent, cl_mem_flags flags);
cl_mem vgpu_mem_create_sub(cl_mem parent, cl_mem_flags flags, size_t origin, size_t size);
cl_int vgpu_mem_add_destructor(cl_mem mem, void(CL_CALLBACK *fn)(cl_mem, void *), void *user_data);
unsigned vgpu_mem_context_devices(cl_context ctx, cl_device_id **devs); /* malloc'd list */
/* Like vgpu_mem_prepare for writing, but the old bytes are not wanted (nothing is copied). */
cl_int vgpu_mem_prepare_discard(cl_mem mem, cl_device_id dev);
/* Only allocates dev's copy (a map returns its address before the map command runs). */
cl_int vgpu_mem_reserve(cl_mem mem, cl_device_id dev);
/* CL_MEM_USE_HOST_PTR: bring host_ptr up to date (a map) / host_ptr was written (an unmap). */
void vgpu_mem_sync_to_host(cl_mem mem);
void vgpu_mem_host_written(cl_mem mem);
/* The checks every clEnqueue* on a memory object starts with: CL_INVALID_COMMAND_QUEUE,
 * CL_INVALID_MEM_OBJECT, CL_INVALID_CONTEXT (the queue's and the object's contexts differ). */
cl_int vgpu_mem_check_queue(cl_command_queue q, cl_mem mem);
#endif
