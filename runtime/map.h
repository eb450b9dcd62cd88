/* map.h - mapping, unmapping and migrating memory objects: the commands api/map_api.c queues
 * after validating the application's arguments (map.c). */
#ifndef VGPU_MAP_H
#define VGPU_MAP_H
#include "runtime/object.h"

/* Maps bytes [offset, offset + size) of buffer (or of an image's storage: type is
 * CL_COMMAND_MAP_BUFFER or CL_COMMAND_MAP_IMAGE): records the mapping, queues the map command and
 * returns the mapped pointer (known before the command runs); NULL and *errcode_ret on failure. */
void *vgpu_map(cl_command_queue q, cl_command_type type, cl_mem buffer, cl_map_flags flags, size_t offset, size_t size,
                      cl_bool blocking, cl_uint n, const cl_event *wait_list, cl_event *event, cl_int *errcode_ret);
/* Ends the newest live mapping of mapped_ptr (CL_INVALID_VALUE when there is none) and queues the
 * unmap command, which makes written bytes the latest copy. */
cl_int vgpu_unmap(cl_command_queue q, cl_mem mem, void *mapped_ptr, cl_uint n, const cl_event *wait_list,
                  cl_event *event);
/* Queues the migration of mems to q's device (or the host, CL_MIGRATE_MEM_OBJECT_HOST). */
cl_int vgpu_migrate(cl_command_queue q, cl_uint nmems, const cl_mem *mems, cl_mem_migration_flags flags,
                    cl_uint n, const cl_event *wait_list, cl_event *event);
#endif
