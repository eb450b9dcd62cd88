/* sampler_api.c - sampler objects (OpenCL 3.0 s5.4): clCreateSampler(WithProperties), retain,
 * release, clGetSamplerInfo.  Argument errors (CL_INVALID_VALUE) are reported before
 * "CL_INVALID_OPERATION if images are not supported by any device associated with context". */
#include <stdlib.h>
#include <string.h>
#include "runtime/context.h"
#include "runtime/sampler.h"
#include "vgpu/image_desc.h"

uint64_t vgpu_sampler_bits(cl_sampler s) {
  /* CLK_ADDRESS_* = (mode - CL_ADDRESS_NONE) << 1: NONE 0, CLAMP_TO_EDGE 2, CLAMP 4, REPEAT 6,
   * MIRRORED_REPEAT 8 (image_desc.h) */
  return (s->normalized_coords ? VGPU_SAMPLER_NORMALIZED : 0) |
         ((uint64_t)(s->addressing_mode - CL_ADDRESS_NONE) << 1) |
         (s->filter_mode == CL_FILTER_LINEAR ? VGPU_SAMPLER_FILTER_LINEAR : VGPU_SAMPLER_FILTER_NEAREST);
}

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

static cl_sampler create(cl_context context, cl_bool norm, cl_addressing_mode addr, cl_filter_mode filter,
                         const cl_sampler_properties *props, size_t nprops, cl_int *errcode_ret) {
  cl_int err = check_sampler_args(norm, addr, filter);
  VG_RETURN_NULL_IF(err != CL_SUCCESS, err, "invalid sampler arguments", errcode_ret);
  VG_RETURN_NULL_IF(!vgpu_context_image_support(context), CL_INVALID_OPERATION,
                    "no device in the context supports images", errcode_ret);
  cl_sampler s = calloc(1, sizeof *s);
  VG_RETURN_NULL_IF(!s, CL_OUT_OF_HOST_MEMORY, "no host memory for the sampler", errcode_ret);
  vgpu_object_init(&s->obj, VGPU_SAMPLER);
  s->context = context;
  s->normalized_coords = norm;
  s->addressing_mode = addr;
  s->filter_mode = filter;
  if (props) memcpy(s->props, props, nprops * sizeof *props);
  s->nprops = nprops;
  vgpu_context_app_retain(context);
  if (errcode_ret) *errcode_ret = CL_SUCCESS;
  return s;
}

cl_sampler clCreateSampler(cl_context context, cl_bool normalized_coords, cl_addressing_mode addressing_mode,
                           cl_filter_mode filter_mode, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  return create(context, normalized_coords, addressing_mode, filter_mode, NULL, 0, errcode_ret);
}

cl_sampler clCreateSamplerWithProperties(cl_context context, const cl_sampler_properties *props,
                                         cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  /* Defaults of table 5.16: normalized, clamp, nearest; each property at most once. */
  cl_bool norm = CL_TRUE;
  cl_addressing_mode addr = CL_ADDRESS_CLAMP;
  cl_filter_mode filter = CL_FILTER_NEAREST;
  int seen = 0;
  size_t i = 0;
  for (; props && props[i]; i += 2) {
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
  return create(context, norm, addr, filter, props, props ? i + 1 : 0, errcode_ret);
}

cl_int clRetainSampler(cl_sampler sampler) {
  VG_RETURN_IF(!vgpu_object_is(sampler, VGPU_SAMPLER), CL_INVALID_SAMPLER, "not a sampler");
  vgpu_object_retain(&sampler->obj);
  return CL_SUCCESS;
}

cl_int clReleaseSampler(cl_sampler sampler) {
  VG_RETURN_IF(!vgpu_object_is(sampler, VGPU_SAMPLER), CL_INVALID_SAMPLER, "not a sampler");
  if (vgpu_object_release(&sampler->obj) == 0) {
    cl_context ctx = sampler->context;
    vgpu_object_destroy(&sampler->obj);
    vgpu_context_app_release(ctx);
  }
  return CL_SUCCESS;
}

cl_int clGetSamplerInfo(cl_sampler sampler, cl_sampler_info param_name, size_t param_value_size,
                        void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_object_is(sampler, VGPU_SAMPLER), CL_INVALID_SAMPLER, "not a sampler");
  switch (param_name) {
  case CL_SAMPLER_REFERENCE_COUNT: VG_INFO(cl_uint, atomic_load(&sampler->obj.refs));
  case CL_SAMPLER_CONTEXT: VG_INFO(cl_context, sampler->context);
  case CL_SAMPLER_NORMALIZED_COORDS: VG_INFO(cl_bool, sampler->normalized_coords);
  case CL_SAMPLER_ADDRESSING_MODE: VG_INFO(cl_addressing_mode, sampler->addressing_mode);
  case CL_SAMPLER_FILTER_MODE: VG_INFO(cl_filter_mode, sampler->filter_mode);
  case CL_SAMPLER_PROPERTIES:
    return vgpu_info(sampler->props, sampler->nprops * sizeof(cl_sampler_properties), param_value_size,
                     param_value, param_value_size_ret);
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}
