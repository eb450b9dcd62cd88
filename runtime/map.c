/* map.c - the commands behind clEnqueueMapBuffer, clEnqueueUnmapMemObject (OpenCL 3.0 section
 * 5.5.3) and clEnqueueMigrateMemObjects (5.5.6), queued once api/map_api.c has validated the
 * arguments.  A mapped pointer points straight into the device arena (the arena is host memory
 * shared with the SMs, like a unified-memory GPU), so mapping copies nothing unless another device
 * or the host held the latest bytes; for CL_MEM_USE_HOST_PTR it is host_ptr + offset, brought up
 * to date when mapped and written back when unmapped. */
#include "runtime/map.h"

#include <stdint.h>
#include <stdlib.h>
#include "runtime/command.h"
#include "runtime/device.h"
#include "runtime/links.h"
#include "runtime/mem.h"
#include "runtime/queue.h"

struct map_cmd {
  cl_mem mem;                    /* internally retained */
  cl_map_flags flags;
  cl_device_id device;           /* the mapping's device (NULL: host_ptr) */
  int whole;                     /* the mapping covers all of the root buffer's bytes */
  size_t size;                   /* the mapped bytes */
};

/* A device mapping is modelled as a discrete GPU's: the mapped bytes cross the device's host link
 * to the host when mapped for reading, and back when unmapped after writing (the memcpy itself is
 * not needed: the arena is host memory). */
static void account(cl_device_id dev, int to_host, size_t bytes) {
  struct vgpu_link_xfer x;
  int d = (int)dev->index;
  vgpu_link_begin(&x, to_host ? d : VGPU_HOST, to_host ? VGPU_HOST : d, bytes);
  vgpu_link_end(&x);
}

static void map_free(void *p) {
  struct map_cmd *m = p;
  vgpu_mem_release_internal(m->mem);
  free(m);
}

static cl_int run_map(struct vgpu_command *cmd, void *p) {
  (void)cmd;
  struct map_cmd *m = p;
  if (!m->device) {
    /* CL_MAP_WRITE_INVALIDATE_REGION makes only the mapped region's contents undefined: the rest
     * of host_ptr must still receive the latest bytes, since the unmap makes host_ptr the one
     * current copy of the whole buffer. */
    if (!(m->flags & CL_MAP_WRITE_INVALIDATE_REGION) || !m->whole) vgpu_mem_sync_to_host(m->mem);
    return CL_SUCCESS;
  }
  cl_int err = vgpu_mem_prepare(m->mem, m->device, 0, NULL);
  if (!err && !(m->flags & CL_MAP_WRITE_INVALIDATE_REGION)) account(m->device, 1, m->size);
  return err;
}

static cl_int run_unmap(struct vgpu_command *cmd, void *p) {
  (void)cmd;
  struct map_cmd *m = p;
  if (!(m->flags & (CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION))) return CL_SUCCESS;
  /* The application wrote through the pointer: that copy now holds the latest bytes. */
  if (!m->device) {
    vgpu_mem_host_written(m->mem);
    return CL_SUCCESS;
  }
  cl_int err = vgpu_mem_prepare(m->mem, m->device, 1, NULL);
  if (!err) account(m->device, 0, m->size);
  return err;
}

static struct map_cmd *map_cmd_new(cl_mem mem, cl_map_flags flags, cl_device_id dev, size_t offset, size_t size) {
  struct map_cmd *m = malloc(sizeof *m);
  if (!m) return NULL;
  m->mem = mem;
  m->flags = flags;
  m->device = dev;
  m->whole = !mem->parent && offset == 0 && size == mem->size;
  m->size = size;
  vgpu_mem_retain_internal(mem);
  return m;
}

static void forget_map(cl_mem mem, struct vgpu_mem_map *rec) {
  pthread_mutex_lock(&mem->obj.lock);
  for (struct vgpu_mem_map **pp = &mem->maps; *pp; pp = &(*pp)->next)
    if (*pp == rec) {
      *pp = rec->next;
      atomic_fetch_sub(&mem->map_count, 1);
      free(rec);
      break;
    }
  pthread_mutex_unlock(&mem->obj.lock);
}

void *vgpu_map(cl_command_queue command_queue, cl_command_type type, cl_mem buffer, cl_map_flags map_flags, size_t offset,
                      size_t size, cl_bool blocking_map, cl_uint num_events_in_wait_list,
                      const cl_event *event_wait_list, cl_event *event, cl_int *errcode_ret) {
  cl_int err;
  /* The pointer is known now, so a non-blocking map can return it before the command runs. */
  cl_device_id dev = (buffer->flags & CL_MEM_USE_HOST_PTR) ? NULL : command_queue->device;
  uint8_t *ptr;
  if (dev) {
    err = vgpu_mem_reserve(buffer, dev);
    VG_RETURN_NULL_IF(err, err, "the device's global memory is full", errcode_ret);
    ptr = (uint8_t *)vgpu_mem_host_view(buffer, dev) + offset;
  } else {
    ptr = (uint8_t *)buffer->host_ptr + offset;
  }
  struct vgpu_mem_map *rec = calloc(1, sizeof *rec);
  VG_RETURN_NULL_IF(!rec, CL_OUT_OF_HOST_MEMORY, "no memory for the mapping", errcode_ret);
  rec->ptr = ptr;
  rec->offset = offset;
  rec->size = size;
  rec->flags = map_flags;
  rec->device = dev;
  pthread_mutex_lock(&buffer->obj.lock);
  rec->next = buffer->maps;
  buffer->maps = rec;
  atomic_fetch_add(&buffer->map_count, 1);
  pthread_mutex_unlock(&buffer->obj.lock);
  struct map_cmd *m = map_cmd_new(buffer, map_flags, dev, offset, size);
  err = m ? vgpu_enqueue(command_queue, type, run_map, m, map_free, blocking_map,
                         num_events_in_wait_list, event_wait_list, event)
          : CL_OUT_OF_HOST_MEMORY;
  if (errcode_ret) *errcode_ret = err;
  if (err) {
    forget_map(buffer, rec);
    return NULL;
  }
  return ptr;
}

cl_int vgpu_unmap(cl_command_queue command_queue, cl_mem memobj, void *mapped_ptr, cl_uint num_events_in_wait_list,
                  const cl_event *event_wait_list, cl_event *event) {
  /* Take the newest live mapping of this pointer (mappings may repeat). */
  pthread_mutex_lock(&memobj->obj.lock);
  struct vgpu_mem_map **pp = &memobj->maps, *rec = NULL;
  for (; *pp; pp = &(*pp)->next)
    if ((*pp)->ptr == mapped_ptr) {
      rec = *pp;
      *pp = rec->next;
      atomic_fetch_sub(&memobj->map_count, 1);
      break;
    }
  pthread_mutex_unlock(&memobj->obj.lock);
  VG_RETURN_IF(!rec, CL_INVALID_VALUE, "mapped_ptr is not a live mapping of memobj");
  struct map_cmd *m = map_cmd_new(memobj, rec->flags, rec->device, rec->offset, rec->size);
  free(rec);
  VG_RETURN_IF(!m, CL_OUT_OF_HOST_MEMORY, "no memory for the command");
  return vgpu_enqueue(command_queue, CL_COMMAND_UNMAP_MEM_OBJECT, run_unmap, m, map_free, CL_FALSE,
                      num_events_in_wait_list, event_wait_list, event);
}

/* ---- migration ---- */

struct migrate_cmd {
  cl_uint n;
  cl_mem_migration_flags flags;
  cl_mem mems[];                 /* internally retained */
};

static void migrate_free(void *p) {
  struct migrate_cmd *m = p;
  for (cl_uint i = 0; i < m->n; i++) vgpu_mem_release_internal(m->mems[i]);
  free(m);
}

static cl_int run_migrate(struct vgpu_command *cmd, void *p) {
  struct migrate_cmd *m = p;
  cl_device_id dev = vgpu_command_queue(cmd)->device;
  for (cl_uint i = 0; i < m->n; i++) {
    cl_mem mem = m->mems[i];
    cl_int err = CL_SUCCESS;
    if (m->flags & CL_MIGRATE_MEM_OBJECT_HOST) {
      /* The host reads arenas directly; only application memory needs bringing up to date. */
      if (mem->flags & CL_MEM_USE_HOST_PTR) vgpu_mem_sync_to_host(mem);
    } else if ((m->flags & CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED) && !mem->parent) {
      err = vgpu_mem_prepare_discard(mem, dev);
    } else {
      err = vgpu_mem_prepare(mem, dev, 0, NULL);
    }
    if (err) return err;
  }
  return CL_SUCCESS;
}

cl_int vgpu_migrate(cl_command_queue command_queue, cl_uint num_mem_objects, const cl_mem *mem_objects,
                    cl_mem_migration_flags flags, cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                    cl_event *event) {
  struct migrate_cmd *m = malloc(sizeof *m + num_mem_objects * sizeof(cl_mem));
  VG_RETURN_IF(!m, CL_OUT_OF_HOST_MEMORY, "no memory for the command");
  m->n = num_mem_objects;
  m->flags = flags;
  for (cl_uint i = 0; i < num_mem_objects; i++) {
    m->mems[i] = mem_objects[i];
    vgpu_mem_retain_internal(mem_objects[i]);
  }
  return vgpu_enqueue(command_queue, CL_COMMAND_MIGRATE_MEM_OBJECTS, run_migrate, m, migrate_free, CL_FALSE,
                      num_events_in_wait_list, event_wait_list, event);
}
