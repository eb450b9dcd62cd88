/* formats.h - the image formats a VirtualGPU device supports: each (channel order, channel data
 * type) pair with its texel size and channel count, and whether kernels may read, write or
 * read-and-write it.  The runtime answers clGetSupportedImageFormats and validates clCreateImage
 * from this table; the SMs' texture unit converts exactly these formats (image/texel.c).  Values
 * are those of CL/cl.h. */
#ifndef VGPU_IMAGE_FORMATS_H
#define VGPU_IMAGE_FORMATS_H
#include <stddef.h>
#include <stdint.h>

enum { /* how kernels may access images of a format (clGetSupportedImageFormats' flags) */
  VGPU_FMT_READ = 1,       /* read_only image arguments (CL_MEM_READ_ONLY) */
  VGPU_FMT_WRITE = 2,      /* write_only ones (CL_MEM_WRITE_ONLY) */
  VGPU_FMT_READ_WRITE = 4, /* read_write ones (CL_MEM_KERNEL_READ_AND_WRITE) */
};

struct vgpu_image_format {
  uint32_t order, type; /* cl_channel_order, cl_channel_type */
  uint8_t channels;     /* channels stored per texel */
  uint8_t elem_size;    /* bytes per texel */
  uint8_t access;       /* VGPU_FMT_* */
};

/* The supported formats, in the order clGetSupportedImageFormats lists them. */
extern const struct vgpu_image_format vgpu_image_formats[];
extern const size_t vgpu_image_nformats;

/* The entry of a supported format, or NULL. */
const struct vgpu_image_format *vgpu_image_format_find(uint32_t order, uint32_t type);

/* Channels of a channel order (CL_R 1 ... CL_RGBA 4; CL_RGB 3 counts the packed formats' three),
 * 0 for a value that is no channel order. */
int vgpu_image_order_channels(uint32_t order);
/* Bytes per channel of a data type (the packed types CL_UNORM_SHORT_565/555 2, CL_UNORM_INT_101010
 * 4: their whole texel), 0 for a value that is no channel data type. */
int vgpu_image_type_size(uint32_t type);
/* True when the packed type needs its own order (CL_UNORM_SHORT_* and CL_UNORM_INT_101010 go only
 * with CL_RGB or CL_RGBx; the others with any order). */
int vgpu_image_type_packed(uint32_t type);
#endif
