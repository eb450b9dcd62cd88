/* sampler.h - a sampler object: what clCreateSampler* records and a kernel's sampler_t argument
 * reads (kernel.c).  VirtualGPU devices have no images, so api/sampler_api.c creates none yet
 * (CL_INVALID_OPERATION, as OpenCL 3.0 clCreateSampler requires without image support). */
#ifndef VGPU_SAMPLER_H
#define VGPU_SAMPLER_H
#include "runtime/object.h"

struct _cl_sampler {
  struct vgpu_object obj;
  cl_context context;
  cl_bool normalized_coords;
  cl_addressing_mode addressing_mode;
  cl_filter_mode filter_mode;
};
#endif
