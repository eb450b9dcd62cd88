/* transfer.h - buffer transfer commands (OpenCL 3.0 section 5.2.2 read, write, copy and their
 * rectangular forms, 5.2.3 fill): the command that runs on the device's command processor once
 * the entry point (api/enqueue_mem_api.c, api/image_api.c for images) has validated its arguments. */
#ifndef VGPU_TRANSFER_H
#define VGPU_TRANSFER_H
#include <stddef.h>
#include "runtime/object.h"

struct vgpu_xfer {
  cl_mem src, dst;              /* internally retained; NULL for the host side */
  size_t src_off, dst_off, size;
  void *host;
  /* rectangular transfers */
  int rect;
  size_t src_origin[3], dst_origin[3], region[3];
  size_t src_row, src_slice, dst_row, dst_slice;
  /* fill */
  size_t pattern_size;
  unsigned char pattern[128];
};

/* A transfer between src and dst (NULL: the host side), both internally retained until the
 * command is done; NULL when out of host memory. */
struct vgpu_xfer *vgpu_xfer_new(cl_mem src, cl_mem dst);
/* Queues x as a command of `type` (CL_COMMAND_READ_BUFFER, ..._WRITE_BUFFER, ..._COPY_BUFFER, their
 * _RECT forms, CL_COMMAND_FILL_BUFFER, or an image command, which is a rectangular transfer in
 * bytes: region[0] and the x origins count bytes; a rectangular fill repeats a one-texel pattern); x belongs to the command from now on, and a NULL x
 * gives CL_OUT_OF_HOST_MEMORY.  Returns what vgpu_enqueue returns. */
cl_int vgpu_xfer_enqueue(cl_command_queue q, cl_command_type type, struct vgpu_xfer *x, cl_bool blocking,
                         cl_uint n, const cl_event *wl, cl_event *ev);
#endif
