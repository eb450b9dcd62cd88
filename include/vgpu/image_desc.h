/* image_desc.h - an image as the SMs see it.  The runtime keeps, in the arena, one descriptor per
 * image object; an image kernel argument is the arena address of that descriptor (8 bytes, like a
 * buffer pointer), so the image builtins of the interpreter (its texture unit) find the texels,
 * the size and the format from it.  A sampler_t kernel argument (and a sampler declared in the
 * kernel) is its OpenCL C bit encoding (CLK_* constants, below) in a 64-bit argument slot.
 * Values of the cl_* enumerations are those of CL/cl.h. */
#ifndef VGPU_IMAGE_DESC_H
#define VGPU_IMAGE_DESC_H
#include <stdint.h>

struct vgpu_image_desc {
  uint64_t data;        /* arena address of texel (0, 0, 0) of layer/slice 0 */
  uint64_t row_pitch;   /* bytes from one row to the next */
  uint64_t slice_pitch; /* bytes from one slice (3D) or layer (arrays) to the next; 1D array: row_pitch */
  uint32_t width;       /* texels */
  uint32_t height;      /* 1 for 1D images and 1D arrays */
  uint32_t depth;       /* 1 except for 3D images */
  uint32_t array_size;  /* layers of 1D/2D arrays, else 1 */
  uint32_t image_type;  /* CL_MEM_OBJECT_IMAGE1D ... CL_MEM_OBJECT_IMAGE1D_BUFFER */
  uint32_t channel_order;     /* cl_channel_order */
  uint32_t channel_data_type; /* cl_channel_type */
  uint32_t elem_size;         /* bytes per texel */
  uint32_t num_mip_levels;    /* 0 */
  uint32_t num_samples;       /* 0 */
};
_Static_assert(sizeof(struct vgpu_image_desc) == 64, "descriptor layout is shared by host and SMs");

/* The sampler_t bit encoding (OpenCL C 3.0 s6.15.15.1; the values of Clang's opencl-c-base.h):
 * normalized coordinates, addressing mode and filter mode or'ed together. */
enum {
  VGPU_SAMPLER_NORMALIZED = 0x1,
  VGPU_SAMPLER_ADDRESS_MASK = 0xe, /* NONE 0, CLAMP_TO_EDGE 2, CLAMP 4, REPEAT 6, MIRRORED_REPEAT 8 */
  VGPU_SAMPLER_ADDRESS_NONE = 0,
  VGPU_SAMPLER_ADDRESS_CLAMP_TO_EDGE = 2,
  VGPU_SAMPLER_ADDRESS_CLAMP = 4,
  VGPU_SAMPLER_ADDRESS_REPEAT = 6,
  VGPU_SAMPLER_ADDRESS_MIRRORED_REPEAT = 8,
  VGPU_SAMPLER_FILTER_NEAREST = 0x10,
  VGPU_SAMPLER_FILTER_LINEAR = 0x20,
};
#endif
