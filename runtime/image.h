/* image.h - image objects (OpenCL 3.0 s5.3): a memory object (runtime/mem.h) whose storage holds
 * texels, row after row, slice after slice, with the pitches below; mem->ext points to this
 * description.  Images made from a buffer (1D image buffers, 2D images from a buffer) have no
 * storage of their own: like a sub-buffer, they are a window on the buffer's.  The SMs see an
 * image through a struct vgpu_image_desc (include/vgpu/image_desc.h) that each launch writes for
 * each image argument (ndrange.c: vgpu_image_fill_desc).
 *
 * Every image is addressed here as a 3D block ("the view"): x in texels, y a row, z a slice, so
 * commands need no case per image type.  A 1D array's layers are its rows; a 2D array's its slices. */
#ifndef VGPU_RUNTIME_IMAGE_H
#define VGPU_RUNTIME_IMAGE_H
#include <stdint.h>
#include "runtime/mem.h"
#include "vgpu/image_desc.h"

struct vgpu_image {
  cl_image_format format;
  cl_mem_object_type type;
  size_t width, height, depth, array_size; /* as clGetImageInfo reports them (0 where not used) */
  size_t elem_size;                        /* bytes per texel */
  size_t row_pitch, slice_pitch;           /* of the storage (CL_IMAGE_ROW/SLICE_PITCH) */
  cl_mem buffer;                           /* image_desc->buffer (internally retained) or NULL */
  /* The view: extent and byte pitches of rows (y) and slices (z). */
  size_t vw, vh, vd, vrow, vslice;
};

/* The image description of m, NULL when m is not an image. */
static inline struct vgpu_image *vgpu_image_of(cl_mem m) { return (struct vgpu_image *)m->ext; }
int vgpu_image_is(cl_mem m); /* a live image */

/* clCreateImage and friends after the context check: every argument rule of s5.3.1. */
cl_mem vgpu_image_create(cl_context ctx, cl_mem_flags flags, const cl_image_format *format,
                         const cl_image_desc *desc, void *host_ptr, cl_int *err);
/* Frees m's description (mem.c, when the object's storage goes). */
void vgpu_image_free(cl_mem m);

/* The descriptor the SMs read, for texels at arena address `data`. */
void vgpu_image_fill_desc(const struct vgpu_image *img, uint64_t data, struct vgpu_image_desc *d);

/* origin and region of an image command, checked against the image (CL_INVALID_VALUE when out of
 * range or malformed for the image type) and turned into view coordinates o[3], r[3]. */
cl_int vgpu_image_region(const struct vgpu_image *img, const size_t *origin, const size_t *region,
                         size_t o[3], size_t r[3]);
#endif
