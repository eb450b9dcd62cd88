/* sampler.h - a sampler object (OpenCL 3.0 s5.4): what clCreateSampler* records, and its sampler_t
 * bit encoding (VGPU_SAMPLER_* of vgpu/image_desc.h) that a kernel's sampler_t argument gets
 * (kernel.c). */
#ifndef VGPU_SAMPLER_H
#define VGPU_SAMPLER_H
#include <stdint.h>
#include "runtime/object.h"

struct _cl_sampler {
  struct vgpu_object obj;
  cl_context context;           /* counted in CL_CONTEXT_REFERENCE_COUNT, like a queue */
  cl_bool normalized_coords;
  cl_addressing_mode addressing_mode;
  cl_filter_mode filter_mode;
  cl_sampler_properties props[8]; /* clCreateSamplerWithProperties' list (CL_SAMPLER_PROPERTIES) */
  size_t nprops;                /* entries including the terminating 0; 0 when none given */
};

/* The sampler_t bits of s (OpenCL C 3.0 s6.15.15.1). */
uint64_t vgpu_sampler_bits(cl_sampler s);
#endif
