/* pipe.h - pipe objects (OpenCL 3.0 s5.4): a memory object of type CL_MEM_OBJECT_PIPE whose bytes
 * are the ring of packets the kernels' pipe functions work on (vgpu/pipe_layout.h). */
#ifndef VGPU_PIPE_H
#define VGPU_PIPE_H
#include "runtime/mem.h"

/* True when m is a live pipe. */
int vgpu_pipe_is(cl_mem m);
/* Creates an empty pipe of max_packets packets of packet_size bytes (both already checked) in
 * ctx, its storage made on the context's first device.  NULL and *err
 * (CL_MEM_OBJECT_ALLOCATION_FAILURE, CL_OUT_OF_HOST_MEMORY) on failure. */
cl_mem vgpu_pipe_create(cl_context ctx, cl_mem_flags flags, cl_uint packet_size, cl_uint max_packets, cl_int *err);
#endif
