/* icd.c - what the ocl-icd loader looks up by name (cl_khr_icd): clIcdGetPlatformIDsKHR to list our
 * platform, and clGetExtensionFunctionAddress* to find extension functions.  Every other call
 * reaches us through the dispatch table (dispatch.c) of the handle the application passes. */
#include <string.h>
#include "CL/cl_vgpu.h"
#include "runtime/config.h"
#include "runtime/observe.h"
#include "runtime/links.h"
#include "runtime/platform.h"

cl_int CL_API_CALL clGetEventCountersVGPU(cl_event event, size_t size, cl_kernel_counters_vgpu *counters,
                                          size_t *size_ret); /* runtime/api/counters_ext_api.c */
cl_program CL_API_CALL clCreateProgramWithILKHR(cl_context context, const void *il, size_t length,
                                                cl_int *errcode_ret); /* runtime/api/program_api.c */

VG_EXPORT cl_int clIcdGetPlatformIDsKHR(cl_uint num_entries, cl_platform_id *platforms,
                                        cl_uint *num_platforms);

/* cl_khr_icd: "CL_INVALID_VALUE if num_entries is equal to zero and platforms is not NULL, or if
 * both num_platforms and platforms are NULL". */
VG_EXPORT cl_int clIcdGetPlatformIDsKHR(cl_uint num_entries, cl_platform_id *platforms,
                                        cl_uint *num_platforms) {
  VG_RETURN_IF(num_entries == 0 && platforms, CL_INVALID_VALUE, "num_entries is 0 and platforms is not NULL");
  VG_RETURN_IF(!platforms && !num_platforms, CL_INVALID_VALUE, "platforms and num_platforms are both NULL");
  if (platforms) platforms[0] = vgpu_platform();
  if (num_platforms) *num_platforms = 1;
  return CL_SUCCESS;
}

/* The modelled interconnect and what it carried (include/vgpu/links.h). */
static cl_int CL_API_CALL clGetLinksVGPU(cl_platform_id platform, cl_uint num_entries, vgpu_link_info *links,
                                         cl_uint *num_links) {
  VG_RETURN_IF(!vgpu_platform_valid(platform), CL_INVALID_PLATFORM, "not the VirtualGPU platform");
  VG_RETURN_IF(!links && num_entries, CL_INVALID_VALUE, "links is NULL and num_entries is not 0");
  VG_RETURN_IF(!links && !num_links, CL_INVALID_VALUE, "links and num_links are both NULL");
  unsigned n = vgpu_links(links, links ? num_entries : 0);
  if (num_links) *num_links = n;
  return CL_SUCCESS;
}

/* Extension functions a program may ask for by name (OpenCL 3.0 section 9.2).  Core functions are
 * never returned: the specification reserves this query for extensions. */
static const struct { const char *name; void *fn; } extension_functions[] = {
  {"clIcdGetPlatformIDsKHR", (void *)clIcdGetPlatformIDsKHR},
  {"clGetEventCountersVGPU", (void *)clGetEventCountersVGPU}, /* cl_vgpu_counters */
  {"clGetLinksVGPU", (void *)clGetLinksVGPU},
  {"clCreateProgramWithILKHR", (void *)clCreateProgramWithILKHR}, /* cl_khr_il_program */
};

static void *lookup(const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < sizeof extension_functions / sizeof extension_functions[0]; i++)
    if (!strcmp(name, extension_functions[i].name)) {
      /* A program that asks for the counters' reader will read counters: count from now on. */
      if (extension_functions[i].fn == (void *)clGetEventCountersVGPU) vgpu_observe_want_counters();
      /* cl_khr_il_program is listed only when SPIR-V can be translated (device_api.c) */
      if (extension_functions[i].fn == (void *)clCreateProgramWithILKHR && !vgpu_config()->spirv) return NULL;
      return extension_functions[i].fn;
    }
  return NULL;
}

VG_EXPORT void *clGetExtensionFunctionAddress(const char *func_name) {
  return lookup(func_name);
}

VG_EXPORT void *clGetExtensionFunctionAddressForPlatform(cl_platform_id platform, const char *func_name) {
  if (!vgpu_platform_valid(platform)) return NULL;
  return lookup(func_name);
}
