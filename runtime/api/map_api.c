/* map_api.c - clEnqueueMapBuffer, clEnqueueUnmapMemObject (OpenCL 3.0 section 5.5.3) and
 * clEnqueueMigrateMemObjects (5.5.6): the argument checks; the commands are runtime/map.c's. */
#include "runtime/event.h"
#include "runtime/map.h"
#include "runtime/mem.h"
#include "runtime/queue.h"

void *clEnqueueMapBuffer(cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_map, cl_map_flags map_flags,
                         size_t offset, size_t size, cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                         cl_event *event, cl_int *errcode_ret) {
  cl_int err = vgpu_mem_check_queue(command_queue, buffer);
  VG_RETURN_NULL_IF(err, err, "invalid queue or buffer", errcode_ret);
  VG_RETURN_NULL_IF(buffer->type != CL_MEM_OBJECT_BUFFER, CL_INVALID_MEM_OBJECT, "not a buffer object", errcode_ret);
  VG_RETURN_NULL_IF(map_flags & ~(cl_map_flags)(CL_MAP_READ | CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION),
                    CL_INVALID_VALUE, "unknown bits in map_flags", errcode_ret);
  VG_RETURN_NULL_IF((map_flags & CL_MAP_WRITE_INVALIDATE_REGION) && (map_flags & (CL_MAP_READ | CL_MAP_WRITE)),
                    CL_INVALID_VALUE, "CL_MAP_WRITE_INVALIDATE_REGION with CL_MAP_READ or CL_MAP_WRITE", errcode_ret);
  VG_RETURN_NULL_IF(offset > buffer->size || size > buffer->size - offset, CL_INVALID_VALUE,
                    "(offset, size) is out of bounds", errcode_ret);
  VG_RETURN_NULL_IF(size == 0, CL_INVALID_VALUE, "size is 0", errcode_ret);
  VG_RETURN_NULL_IF((map_flags & CL_MAP_READ) && (buffer->flags & (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS)),
                    CL_INVALID_OPERATION, "CL_MAP_READ on a CL_MEM_HOST_WRITE_ONLY or CL_MEM_HOST_NO_ACCESS buffer",
                    errcode_ret);
  VG_RETURN_NULL_IF((map_flags & (CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION)) &&
                        (buffer->flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS)),
                    CL_INVALID_OPERATION, "a write map on a CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_NO_ACCESS buffer",
                    errcode_ret);
  return vgpu_map(command_queue, CL_COMMAND_MAP_BUFFER, buffer, map_flags, offset, size, blocking_map, num_events_in_wait_list,
                         event_wait_list, event, errcode_ret);
}

cl_int clEnqueueUnmapMemObject(cl_command_queue command_queue, cl_mem memobj, void *mapped_ptr,
                               cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event) {
  cl_int err = vgpu_mem_check_queue(command_queue, memobj);
  if (err) return err;
  err = vgpu_event_check_wait_list(command_queue->context, num_events_in_wait_list, event_wait_list);
  if (err) return err;
  return vgpu_unmap(command_queue, memobj, mapped_ptr, num_events_in_wait_list, event_wait_list, event);
}

cl_int clEnqueueMigrateMemObjects(cl_command_queue command_queue, cl_uint num_mem_objects, const cl_mem *mem_objects,
                                  cl_mem_migration_flags flags, cl_uint num_events_in_wait_list,
                                  const cl_event *event_wait_list, cl_event *event) {
  VG_RETURN_IF(!vgpu_host_queue_is(command_queue), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  VG_RETURN_IF(num_mem_objects == 0 || !mem_objects, CL_INVALID_VALUE, "num_mem_objects is 0 or mem_objects is NULL");
  for (cl_uint i = 0; i < num_mem_objects; i++) {
    cl_int err = vgpu_mem_check_queue(command_queue, mem_objects[i]);
    if (err) return err;
  }
  VG_RETURN_IF(flags & ~(cl_mem_migration_flags)(CL_MIGRATE_MEM_OBJECT_HOST | CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED),
               CL_INVALID_VALUE, "unknown bits in flags");
  return vgpu_migrate(command_queue, num_mem_objects, mem_objects, flags, num_events_in_wait_list, event_wait_list,
                      event);
}
