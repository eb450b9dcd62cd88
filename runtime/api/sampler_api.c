/* sampler.c - samplers exist only for images, which VirtualGPU devices do not support.  OpenCL 3.0
 * clCreateSampler*: "CL_INVALID_OPERATION if images are not supported by any device associated
 * with context"; argument errors (CL_INVALID_VALUE) are still reported first so a program learns
 * about its own mistakes.  No handle is ever a valid sampler. */
#include "runtime/context.h"

static cl_int check_sampler_args(cl_bool normalized_coords, cl_addressing_mode addressing_mode,
                                 cl_filter_mode filter_mode) {
  VG_RETURN_IF(normalized_coords != CL_TRUE && normalized_coords != CL_FALSE, CL_INVALID_VALUE,
               "normalized_coords is neither CL_TRUE nor CL_FALSE");
  VG_RETURN_IF(addressing_mode != CL_ADDRESS_NONE && addressing_mode != CL_ADDRESS_CLAMP_TO_EDGE &&
                   addressing_mode != CL_ADDRESS_CLAMP && addressing_mode != CL_ADDRESS_REPEAT &&
                   addressing_mode != CL_ADDRESS_MIRRORED_REPEAT,
               CL_INVALID_VALUE, "unknown addressing mode");
  VG_RETURN_IF(filter_mode != CL_FILTER_NEAREST && filter_mode != CL_FILTER_LINEAR, CL_INVALID_VALUE,
               "unknown filter mode");
  /* Repeat modes need normalized coordinates (OpenCL C 3.0 s6.15.15.1). */
  VG_RETURN_IF(!normalized_coords && (addressing_mode == CL_ADDRESS_REPEAT ||
                                      addressing_mode == CL_ADDRESS_MIRRORED_REPEAT),
               CL_INVALID_VALUE, "repeat addressing without normalized coordinates");
  return CL_SUCCESS;
}

cl_sampler clCreateSampler(cl_context context, cl_bool normalized_coords, cl_addressing_mode addressing_mode,
                           cl_filter_mode filter_mode, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  cl_int err = check_sampler_args(normalized_coords, addressing_mode, filter_mode);
  VG_RETURN_NULL_IF(err != CL_SUCCESS, err, "invalid sampler arguments", errcode_ret);
  VG_RETURN_NULL_IF(!vgpu_context_image_support(context), CL_INVALID_OPERATION,
                    "no device in the context supports images", errcode_ret);
  VG_RETURN_NULL_IF(1, CL_INVALID_OPERATION, "samplers are not supported", errcode_ret);
}

cl_sampler clCreateSamplerWithProperties(cl_context context, const cl_sampler_properties *props,
                                         cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  /* Defaults of table 5.16: normalized, clamp, nearest; each property at most once. */
  cl_bool norm = CL_TRUE;
  cl_addressing_mode addr = CL_ADDRESS_CLAMP;
  cl_filter_mode filter = CL_FILTER_NEAREST;
  int seen = 0;
  for (size_t i = 0; props && props[i]; i += 2) {
    int bit;
    switch (props[i]) {
    case CL_SAMPLER_NORMALIZED_COORDS: bit = 1; norm = (cl_bool)props[i + 1]; break;
    case CL_SAMPLER_ADDRESSING_MODE: bit = 2; addr = (cl_addressing_mode)props[i + 1]; break;
    case CL_SAMPLER_FILTER_MODE: bit = 4; filter = (cl_filter_mode)props[i + 1]; break;
    default: VG_RETURN_NULL_IF(1, CL_INVALID_VALUE, "unknown sampler property", errcode_ret);
    }
    VG_RETURN_NULL_IF(seen & bit, CL_INVALID_VALUE, "sampler property given twice", errcode_ret);
    seen |= bit;
  }
  cl_int err = check_sampler_args(norm, addr, filter);
  VG_RETURN_NULL_IF(err != CL_SUCCESS, err, "invalid sampler properties", errcode_ret);
  VG_RETURN_NULL_IF(!vgpu_context_image_support(context), CL_INVALID_OPERATION,
                    "no device in the context supports images", errcode_ret);
  VG_RETURN_NULL_IF(1, CL_INVALID_OPERATION, "samplers are not supported", errcode_ret);
}

cl_int clRetainSampler(cl_sampler sampler) {
  VG_RETURN_IF(!vgpu_object_is(sampler, VGPU_SAMPLER), CL_INVALID_SAMPLER, "not a sampler");
  return CL_SUCCESS;
}

cl_int clReleaseSampler(cl_sampler sampler) {
  VG_RETURN_IF(!vgpu_object_is(sampler, VGPU_SAMPLER), CL_INVALID_SAMPLER, "not a sampler");
  return CL_SUCCESS;
}

cl_int clGetSamplerInfo(cl_sampler sampler, cl_sampler_info param_name, size_t param_value_size,
                        void *param_value, size_t *param_value_size_ret) {
  (void)param_name, (void)param_value_size, (void)param_value, (void)param_value_size_ret;
  VG_RETURN_IF(!vgpu_object_is(sampler, VGPU_SAMPLER), CL_INVALID_SAMPLER, "not a sampler");
  return CL_INVALID_SAMPLER;
}
