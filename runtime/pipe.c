/* pipe.c - pipe objects: storage and the initial state of the ring (vgpu/pipe_layout.h).
 *
 * A pipe is a memory object like a buffer (one lazily made copy per device, migrated on demand),
 * with CL_MEM_OBJECT_PIPE as its type, so that every host command on buffers refuses it
 * (CL_INVALID_MEM_OBJECT: "not a valid buffer object") and only kernels reach its bytes, as
 * s5.4.1 wants (CL_MEM_HOST_NO_ACCESS).  Its bytes are made here, once, on the context's first
 * device: the header, and each slot's state word saying "free for the first round". */
#include "runtime/pipe.h"

#include <string.h>
#include "runtime/context.h"
#include "runtime/device.h"
#include "vgpu/pipe_layout.h"

int vgpu_pipe_is(cl_mem m) { return vgpu_mem_is(m) && m->type == CL_MEM_OBJECT_PIPE; }

cl_mem vgpu_pipe_create(cl_context ctx, cl_mem_flags flags, cl_uint packet_size, cl_uint max_packets, cl_int *err) {
  const uint64_t bytes = VGPU_PIPE_BYTES((uint64_t)packet_size, (uint64_t)max_packets);
  cl_ulong max_alloc = 0;
  for (cl_uint i = 0; i < ctx->ndevices; i++)
    if (ctx->devices[i]->max_alloc > max_alloc) max_alloc = ctx->devices[i]->max_alloc;
  /* "CL_MEM_OBJECT_ALLOCATION_FAILURE if there is a failure to allocate memory for the pipe
   * object": larger than any allocation a device of the context can make */
  VG_RETURN_NULL_IF(bytes > max_alloc, CL_MEM_OBJECT_ALLOCATION_FAILURE,
                    "the pipe is larger than CL_DEVICE_MAX_MEM_ALLOC_SIZE", err);
  cl_int e = CL_SUCCESS;
  cl_mem m = vgpu_mem_create(ctx, CL_MEM_OBJECT_PIPE, flags, (size_t)bytes, NULL, &e);
  VG_RETURN_NULL_IF(!m, e, "no storage for the pipe", err);
  m->pipe_packet_size = packet_size;
  m->pipe_max_packets = max_packets;
  cl_device_id dev = ctx->devices[0];
  if ((e = vgpu_mem_prepare_discard(m, dev)) != CL_SUCCESS) { /* made by vgpu_mem_create: cannot fail */
    vgpu_mem_release_internal(m);
    VG_RETURN_NULL_IF(1, e, "no storage for the pipe", err);
  }
  uint8_t *b = vgpu_mem_host_view(m, dev);
  memset(b, 0, VGPU_PIPE_SEQ_OFF); /* W = R = 0 */
  memcpy(b + VGPU_PIPE_PACKET_SIZE_OFF, &packet_size, 4);
  memcpy(b + VGPU_PIPE_MAX_PACKETS_OFF, &max_packets, 4);
  uint64_t *seq = (uint64_t *)(b + VGPU_PIPE_SEQ_OFF);
  for (uint64_t s = 0; s < max_packets; s++) seq[s] = 2 * s; /* slot s is free for position s */
  if (err) *err = CL_SUCCESS;
  return m;
}
