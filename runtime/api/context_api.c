/* context_api.c - clCreateContext, clCreateContextFromType, clRetainContext, clReleaseContext,
 * clGetContextInfo, clSetContextDestructorCallback (OpenCL 3.0 section 4.4). */
#include <string.h>
#include "runtime/context.h"
#include "runtime/platform.h"

/* Checks a properties list (table 4.5): CL_CONTEXT_PLATFORM and CL_CONTEXT_INTEROP_USER_SYNC, each
 * at most once.  On success *nprops counts the entries including the terminating 0. */
static cl_int check_properties(const cl_context_properties *props, size_t *nprops, cl_bool *user_sync) {
  *nprops = 0;
  *user_sync = CL_FALSE;
  if (!props) return CL_SUCCESS;
  int seen_platform = 0, seen_sync = 0;
  size_t i = 0;
  for (; props[i]; i += 2) {
    switch (props[i]) {
    case CL_CONTEXT_PLATFORM:
      VG_RETURN_IF(seen_platform, CL_INVALID_PROPERTY, "CL_CONTEXT_PLATFORM given twice");
      seen_platform = 1;
      VG_RETURN_IF(!vgpu_platform_valid((cl_platform_id)props[i + 1]), CL_INVALID_PLATFORM,
                   "CL_CONTEXT_PLATFORM is not the VirtualGPU platform");
      break;
    case CL_CONTEXT_INTEROP_USER_SYNC:
      VG_RETURN_IF(seen_sync, CL_INVALID_PROPERTY, "CL_CONTEXT_INTEROP_USER_SYNC given twice");
      seen_sync = 1;
      VG_RETURN_IF(props[i + 1] != CL_TRUE && props[i + 1] != CL_FALSE, CL_INVALID_PROPERTY,
                   "CL_CONTEXT_INTEROP_USER_SYNC is neither CL_TRUE nor CL_FALSE");
      *user_sync = (cl_bool)props[i + 1];
      break;
    default:
      VG_RETURN_IF(1, CL_INVALID_PROPERTY, "unsupported context property");
    }
  }
  *nprops = i + 1;
  return CL_SUCCESS;
}

cl_context clCreateContext(const cl_context_properties *properties, cl_uint num_devices,
                           const cl_device_id *devices,
                           void(CL_CALLBACK *pfn_notify)(const char *, const void *, size_t, void *),
                           void *user_data, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!devices, CL_INVALID_VALUE, "devices is NULL", errcode_ret);
  VG_RETURN_NULL_IF(num_devices == 0, CL_INVALID_VALUE, "num_devices is 0", errcode_ret);
  VG_RETURN_NULL_IF(!pfn_notify && user_data, CL_INVALID_VALUE, "user_data without pfn_notify", errcode_ret);
  size_t nprops;
  cl_bool user_sync;
  cl_int err = check_properties(properties, &nprops, &user_sync);
  VG_RETURN_NULL_IF(err != CL_SUCCESS, err, "invalid properties", errcode_ret);
  for (cl_uint i = 0; i < num_devices; i++)
    VG_RETURN_NULL_IF(!vgpu_device_valid(devices[i]), CL_INVALID_DEVICE, "not a VirtualGPU device", errcode_ret);
  for (cl_uint i = 0; i < num_devices; i++)
    VG_RETURN_NULL_IF(!devices[i]->available, CL_DEVICE_NOT_AVAILABLE, "a device is not available", errcode_ret);
  cl_context ctx = vgpu_context_create(properties, nprops, user_sync, devices, num_devices, pfn_notify, user_data);
  VG_RETURN_NULL_IF(!ctx, CL_OUT_OF_HOST_MEMORY, "out of host memory", errcode_ret);
  if (errcode_ret) *errcode_ret = CL_SUCCESS;
  return ctx;
}

cl_context clCreateContextFromType(const cl_context_properties *properties, cl_device_type device_type,
                                   void(CL_CALLBACK *pfn_notify)(const char *, const void *, size_t, void *),
                                   void *user_data, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!pfn_notify && user_data, CL_INVALID_VALUE, "user_data without pfn_notify", errcode_ret);
  size_t nprops;
  cl_bool user_sync;
  cl_int err = check_properties(properties, &nprops, &user_sync);
  VG_RETURN_NULL_IF(err != CL_SUCCESS, err, "invalid properties", errcode_ret);
  /* "If properties is NULL, the behavior is implementation-defined": our platform. */
  cl_platform_id platform = vgpu_platform();
  cl_uint n = 0;
  err = clGetDeviceIDs(platform, device_type, 0, NULL, &n);
  VG_RETURN_NULL_IF(err == CL_INVALID_DEVICE_TYPE, CL_INVALID_DEVICE_TYPE, "invalid device_type", errcode_ret);
  VG_RETURN_NULL_IF(err != CL_SUCCESS || n == 0, CL_DEVICE_NOT_FOUND, "no device of that type", errcode_ret);
  cl_device_id devs[16];
  if (n > 16) n = 16;
  clGetDeviceIDs(platform, device_type, n, devs, NULL);
  /* "CL_DEVICE_NOT_AVAILABLE if no devices that match device_type ... are currently available":
   * the context gets the available ones. */
  cl_uint navail = 0;
  for (cl_uint i = 0; i < n; i++)
    if (devs[i]->available) devs[navail++] = devs[i];
  n = navail;
  VG_RETURN_NULL_IF(n == 0, CL_DEVICE_NOT_AVAILABLE, "no matching device is available", errcode_ret);
  cl_context ctx = vgpu_context_create(properties, nprops, user_sync, devs, n, pfn_notify, user_data);
  VG_RETURN_NULL_IF(!ctx, CL_OUT_OF_HOST_MEMORY, "out of host memory", errcode_ret);
  if (errcode_ret) *errcode_ret = CL_SUCCESS;
  return ctx;
}

cl_int clRetainContext(cl_context context) {
  VG_RETURN_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context");
  vgpu_context_app_retain(context);
  return CL_SUCCESS;
}

cl_int clReleaseContext(cl_context context) {
  VG_RETURN_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context");
  VG_RETURN_IF(vgpu_context_app_release(context) != 0, CL_INVALID_CONTEXT, "context already released");
  return CL_SUCCESS;
}

cl_int clGetContextInfo(cl_context context, cl_context_info param_name, size_t param_value_size,
                        void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context");
  switch (param_name) {
  case CL_CONTEXT_REFERENCE_COUNT: VG_INFO(cl_uint, atomic_load(&context->obj.refs));
  case CL_CONTEXT_NUM_DEVICES: VG_INFO(cl_uint, context->ndevices);
  case CL_CONTEXT_DEVICES:
    return vgpu_info(context->devices, context->ndevices * sizeof(cl_device_id), param_value_size,
                     param_value, param_value_size_ret);
  /* "the properties argument specified in clCreateContext": size 0 when it was NULL. */
  case CL_CONTEXT_PROPERTIES:
    return vgpu_info(context->props, context->nprops * sizeof(cl_context_properties), param_value_size,
                     param_value, param_value_size_ret);
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}

cl_int clSetContextDestructorCallback(cl_context context,
                                      void(CL_CALLBACK *pfn_notify)(cl_context, void *), void *user_data) {
  VG_RETURN_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context");
  VG_RETURN_IF(!pfn_notify, CL_INVALID_VALUE, "pfn_notify is NULL");
  VG_RETURN_IF(vgpu_context_add_destructor(context, pfn_notify, user_data) != 0, CL_OUT_OF_HOST_MEMORY,
               "out of host memory");
  return CL_SUCCESS;
}
