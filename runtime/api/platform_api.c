/* platform_api.c - clGetPlatformIDs and clGetPlatformInfo (OpenCL 3.0 section 4.1). */
#include <string.h>
#include "vgpu/device_caps.h"
#include "runtime/platform.h"

#define VGPU_PLATFORM_VERSION "OpenCL 3.0 " VGPU_PLATFORM_NAME " " VGPU_VERSION

/* For programs that link libVirtualGPU.so directly (the loader uses clIcdGetPlatformIDsKHR). */
cl_int clGetPlatformIDs(cl_uint num_entries, cl_platform_id *platforms, cl_uint *num_platforms) {
  VG_RETURN_IF(num_entries == 0 && platforms, CL_INVALID_VALUE, "num_entries is 0 and platforms is not NULL");
  VG_RETURN_IF(!platforms && !num_platforms, CL_INVALID_VALUE, "platforms and num_platforms are both NULL");
  if (platforms) platforms[0] = vgpu_platform();
  if (num_platforms) *num_platforms = 1;
  return CL_SUCCESS;
}

VG_EXPORT cl_int clGetPlatformInfo(cl_platform_id platform, cl_platform_info param_name,
                                   size_t param_value_size, void *param_value,
                                   size_t *param_value_size_ret) {
  /* "If platform is NULL, the behavior is implementation-defined": we answer for our platform. */
  if (!platform) platform = vgpu_platform();
  VG_RETURN_IF(!vgpu_platform_valid(platform), CL_INVALID_PLATFORM, "not a VirtualGPU platform");
  switch (param_name) {
  case CL_PLATFORM_PROFILE: VG_INFO_STR("FULL_PROFILE");
  case CL_PLATFORM_VERSION: VG_INFO_STR(VGPU_PLATFORM_VERSION);
  case CL_PLATFORM_NUMERIC_VERSION: VG_INFO(cl_version, CL_MAKE_VERSION(3, 0, 0));
  case CL_PLATFORM_NAME: VG_INFO_STR(VGPU_PLATFORM_NAME);
  case CL_PLATFORM_VENDOR: VG_INFO_STR(VGPU_VENDOR);
  /* cl_vgpu_counters: include/CL/cl_vgpu.h; cl_vgpu_links: include/vgpu/links.h */
  case CL_PLATFORM_EXTENSIONS: VG_INFO_STR("cl_khr_icd cl_vgpu_counters cl_vgpu_links");
  case CL_PLATFORM_EXTENSIONS_WITH_VERSION: {
    cl_name_version ext[3] = {{CL_MAKE_VERSION(1, 0, 0), "cl_khr_icd"}, {CL_MAKE_VERSION(1, 0, 0), "cl_vgpu_counters"},
                              {CL_MAKE_VERSION(1, 0, 0), "cl_vgpu_links"}};
    return vgpu_info(ext, sizeof ext, param_value_size, param_value, param_value_size_ret);
  }
  case CL_PLATFORM_ICD_SUFFIX_KHR: VG_INFO_STR(VGPU_ICD_SUFFIX);
  /* Timer resolution in nanoseconds of clGetHostTimer (CLOCK_MONOTONIC counts in ns). */
  case CL_PLATFORM_HOST_TIMER_RESOLUTION: VG_INFO(cl_ulong, 1);
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}
