/* pipe_api.c - clCreatePipe and clGetPipeInfo (OpenCL 3.0 s5.4.1, s5.4.2).  Pipes are memory
 * objects (runtime/pipe.c): clGetMemObjectInfo, retain, release and destructor callbacks are the
 * buffer ones (mem_api.c), answering CL_MEM_OBJECT_PIPE for CL_MEM_TYPE. */
#include "runtime/context.h"
#include "runtime/pipe.h"
#include "vgpu/device_caps.h"

cl_mem clCreatePipe(cl_context context, cl_mem_flags flags, cl_uint pipe_packet_size, cl_uint pipe_max_packets,
                    const cl_pipe_properties *properties, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  /* "CL_MEM_READ_WRITE and CL_MEM_HOST_NO_ACCESS can be specified ... If value specified for
   * flags is 0, the default is used which is CL_MEM_READ_WRITE | CL_MEM_HOST_NO_ACCESS." */
  VG_RETURN_NULL_IF(flags & ~(cl_mem_flags)(CL_MEM_READ_WRITE | CL_MEM_HOST_NO_ACCESS), CL_INVALID_VALUE,
                    "flags other than CL_MEM_READ_WRITE and CL_MEM_HOST_NO_ACCESS", errcode_ret);
  /* "properties ... In OpenCL 3.0, properties must be NULL." */
  VG_RETURN_NULL_IF(properties != NULL, CL_INVALID_VALUE, "properties is not NULL", errcode_ret);
  /* "CL_INVALID_PIPE_SIZE if pipe_packet_size is 0 or the pipe_packet_size exceeds
   * CL_DEVICE_PIPE_MAX_PACKET_SIZE value specified in the table of allowed values for param_name
   * for clGetDeviceInfo for all devices in context or if pipe_max_packets is 0." */
  VG_RETURN_NULL_IF(pipe_packet_size == 0 || pipe_packet_size > VGPU_PIPE_MAX_PACKET_SIZE, CL_INVALID_PIPE_SIZE,
                    "pipe_packet_size is 0 or above CL_DEVICE_PIPE_MAX_PACKET_SIZE", errcode_ret);
  VG_RETURN_NULL_IF(pipe_max_packets == 0, CL_INVALID_PIPE_SIZE, "pipe_max_packets is 0", errcode_ret);
  return vgpu_pipe_create(context, flags, pipe_packet_size, pipe_max_packets, errcode_ret);
}

cl_int clGetPipeInfo(cl_mem pipe, cl_pipe_info param_name, size_t param_value_size, void *param_value,
                     size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_pipe_is(pipe), CL_INVALID_MEM_OBJECT, "not a valid pipe object");
  switch (param_name) {
  case CL_PIPE_PACKET_SIZE: VG_INFO(cl_uint, pipe->pipe_packet_size);
  case CL_PIPE_MAX_PACKETS: VG_INFO(cl_uint, pipe->pipe_max_packets);
  /* "the properties argument specified in clCreatePipe": always NULL, so nothing (size 0). */
  case CL_PIPE_PROPERTIES: return vgpu_info(NULL, 0, param_value_size, param_value, param_value_size_ret);
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}
