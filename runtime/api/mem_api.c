/* mem_api.c - buffer and sub-buffer creation, queries and lifetime (OpenCL 3.0 sections 5.2.1,
 * 5.5.5 clGetMemObjectInfo, 5.5.4 retain/release and destructor callbacks). */
#include <stdlib.h>
#include "runtime/device.h"
#include "runtime/image.h"

#define ACCESS_FLAGS (CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY | CL_MEM_READ_ONLY)
#define HOST_PTR_FLAGS (CL_MEM_USE_HOST_PTR | CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR)
#define HOST_ACCESS_FLAGS (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS)

cl_mem clCreateBufferWithProperties(cl_context context, const cl_mem_properties *properties, cl_mem_flags flags,
                                    size_t size, void *host_ptr, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  /* OpenCL 3.0 core defines no buffer properties: any name is unsupported. */
  VG_RETURN_NULL_IF(properties && properties[0], CL_INVALID_PROPERTY, "unsupported buffer property", errcode_ret);
  cl_int err = vgpu_mem_check_flags(flags, host_ptr, 0);
  VG_RETURN_NULL_IF(err, err, "invalid flags or host_ptr", errcode_ret);
  cl_mem m = vgpu_mem_create(context, CL_MEM_OBJECT_BUFFER, flags, size, host_ptr, errcode_ret);
  if (m && properties) {
    m->props[0] = 0;
    m->nprops = 1;
  }
  return m;
}

cl_mem clCreateBuffer(cl_context context, cl_mem_flags flags, size_t size, void *host_ptr, cl_int *errcode_ret) {
  return clCreateBufferWithProperties(context, NULL, flags, size, host_ptr, errcode_ret);
}

cl_mem clCreateSubBuffer(cl_mem buffer, cl_mem_flags flags, cl_buffer_create_type buffer_create_type,
                         const void *buffer_create_info, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_mem_is(buffer) || buffer->type != CL_MEM_OBJECT_BUFFER || buffer->parent,
                    CL_INVALID_MEM_OBJECT, "buffer is not a buffer object, or is a sub-buffer", errcode_ret);
  cl_int err = vgpu_mem_check_derived_flags(buffer->flags, flags);
  VG_RETURN_NULL_IF(err, err, "invalid flags", errcode_ret);
  VG_RETURN_NULL_IF(buffer_create_type != CL_BUFFER_CREATE_TYPE_REGION, CL_INVALID_VALUE,
                    "buffer_create_type is not CL_BUFFER_CREATE_TYPE_REGION", errcode_ret);
  VG_RETURN_NULL_IF(!buffer_create_info, CL_INVALID_VALUE, "buffer_create_info is NULL", errcode_ret);
  const cl_buffer_region *r = buffer_create_info;
  VG_RETURN_NULL_IF(r->size == 0, CL_INVALID_BUFFER_SIZE, "region size is 0", errcode_ret);
  VG_RETURN_NULL_IF(r->origin > buffer->size || r->size > buffer->size - r->origin, CL_INVALID_VALUE,
                    "the region is out of the buffer's bounds", errcode_ret);
  /* "CL_MISALIGNED_SUB_BUFFER_OFFSET ... if there are no devices in context associated with buffer
   * for which the origin field of the cl_buffer_region structure passed in buffer_create_info is
   * aligned to the CL_DEVICE_MEM_BASE_ADDR_ALIGN value" (every VirtualGPU device has the same). */
  VG_RETURN_NULL_IF(r->origin % (VGPU_MEM_BASE_ADDR_ALIGN / 8), CL_MISALIGNED_SUB_BUFFER_OFFSET,
                    "origin is not a multiple of CL_DEVICE_MEM_BASE_ADDR_ALIGN", errcode_ret);
  /* Unspecified access and host-access flags, and the host pointer flags, are inherited. */
  /* A parent created without an access flag is CL_MEM_READ_WRITE, the default. */
  if (!(flags & ACCESS_FLAGS)) flags |= (buffer->flags & ACCESS_FLAGS) ? buffer->flags & ACCESS_FLAGS : CL_MEM_READ_WRITE;
  if (!(flags & HOST_ACCESS_FLAGS)) flags |= buffer->flags & HOST_ACCESS_FLAGS;
  flags |= buffer->flags & HOST_PTR_FLAGS;
  cl_mem m = vgpu_mem_create_sub(buffer, flags, r->origin, r->size);
  VG_RETURN_NULL_IF(!m, CL_OUT_OF_HOST_MEMORY, "no host memory for the sub-buffer", errcode_ret);
  if (errcode_ret) *errcode_ret = CL_SUCCESS;
  return m;
}

cl_int clGetMemObjectInfo(cl_mem memobj, cl_mem_info param_name, size_t param_value_size, void *param_value,
                          size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_mem_is(memobj), CL_INVALID_MEM_OBJECT, "not a valid memory object");
  switch (param_name) {
  case CL_MEM_TYPE: VG_INFO(cl_mem_object_type, memobj->type);
  case CL_MEM_FLAGS: VG_INFO(cl_mem_flags, memobj->flags);
  case CL_MEM_SIZE: VG_INFO(size_t, memobj->size);
  case CL_MEM_HOST_PTR: VG_INFO(void *, memobj->host_ptr);
  case CL_MEM_MAP_COUNT: VG_INFO(cl_uint, atomic_load(&memobj->map_count));
  case CL_MEM_REFERENCE_COUNT: VG_INFO(cl_uint, atomic_load(&memobj->obj.refs));
  case CL_MEM_CONTEXT: VG_INFO(cl_context, memobj->context);
  /* An image made from a buffer names it, at offset 0 (it is a window on the buffer's storage
   * internally, runtime/image.h). */
  case CL_MEM_ASSOCIATED_MEMOBJECT:
    VG_INFO(cl_mem, vgpu_image_of(memobj) ? vgpu_image_of(memobj)->buffer : memobj->parent);
  case CL_MEM_OFFSET: VG_INFO(size_t, vgpu_image_of(memobj) ? 0 : memobj->origin);
  case CL_MEM_USES_SVM_POINTER: VG_INFO(cl_bool, CL_FALSE); /* no SVM on VirtualGPU */
  case CL_MEM_PROPERTIES:
    return vgpu_info(memobj->props, memobj->nprops * sizeof(cl_mem_properties), param_value_size, param_value,
                     param_value_size_ret);
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}

cl_int clRetainMemObject(cl_mem memobj) {
  VG_RETURN_IF(!vgpu_mem_is(memobj), CL_INVALID_MEM_OBJECT, "not a valid memory object");
  vgpu_object_retain(&memobj->obj);
  return CL_SUCCESS;
}

cl_int clReleaseMemObject(cl_mem memobj) {
  VG_RETURN_IF(!vgpu_mem_is(memobj), CL_INVALID_MEM_OBJECT, "not a valid memory object");
  if (vgpu_object_release(&memobj->obj) == 0) vgpu_mem_release_internal(memobj);
  return CL_SUCCESS;
}

cl_int clSetMemObjectDestructorCallback(cl_mem memobj, void(CL_CALLBACK *pfn_notify)(cl_mem, void *),
                                        void *user_data) {
  VG_RETURN_IF(!vgpu_mem_is(memobj), CL_INVALID_MEM_OBJECT, "not a valid memory object");
  VG_RETURN_IF(!pfn_notify, CL_INVALID_VALUE, "pfn_notify is NULL");
  return vgpu_mem_add_destructor(memobj, pfn_notify, user_data);
}
