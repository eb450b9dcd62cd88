/* image_api.c - image creation and queries (OpenCL 3.0 s5.3.1 clCreateImage*, s5.3.2
 * clGetSupportedImageFormats, s5.3.7 clGetImageInfo).  The rules live in runtime/image.c; the
 * formats in image/formats.c.  Without image support (vgpu/device_caps.h VGPU_IMAGE_SUPPORT,
 * VGPU_IMAGES) creating an image is CL_INVALID_OPERATION ("no devices in context that support
 * images") and no format is listed. */
#include <string.h>
#include "image/formats.h"
#include "runtime/context.h"
#include "runtime/image.h"

cl_mem clCreateImageWithProperties(cl_context context, const cl_mem_properties *properties,
                                   cl_mem_flags flags, const cl_image_format *image_format,
                                   const cl_image_desc *image_desc, void *host_ptr, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  /* OpenCL 3.0 core defines no image properties: any name is unsupported. */
  VG_RETURN_NULL_IF(properties && properties[0], CL_INVALID_PROPERTY, "unsupported image property", errcode_ret);
  cl_mem m = vgpu_image_create(context, flags, image_format, image_desc, host_ptr, errcode_ret);
  if (m && properties) {
    m->props[0] = 0;
    m->nprops = 1;
  }
  return m;
}

cl_mem clCreateImage(cl_context context, cl_mem_flags flags, const cl_image_format *image_format,
                     const cl_image_desc *image_desc, void *host_ptr, cl_int *errcode_ret) {
  return clCreateImageWithProperties(context, NULL, flags, image_format, image_desc, host_ptr, errcode_ret);
}

/* The OpenCL 1.1 entry points (deprecated by 1.2): the same, with the sizes as arguments.
 * "CL_INVALID_IMAGE_SIZE if image_width or image_height are 0" (and image_depth <= 1 for 3D) is
 * theirs, unlike clCreateImage's descriptor errors. */
cl_mem clCreateImage2D(cl_context context, cl_mem_flags flags, const cl_image_format *image_format,
                       size_t image_width, size_t image_height, size_t image_row_pitch, void *host_ptr,
                       cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  VG_RETURN_NULL_IF(!image_width || !image_height, CL_INVALID_IMAGE_SIZE, "image_width or image_height is 0", errcode_ret);
  cl_image_desc d = {.image_type = CL_MEM_OBJECT_IMAGE2D, .image_width = image_width,
                     .image_height = image_height, .image_row_pitch = image_row_pitch};
  return vgpu_image_create(context, flags, image_format, &d, host_ptr, errcode_ret);
}

cl_mem clCreateImage3D(cl_context context, cl_mem_flags flags, const cl_image_format *image_format,
                       size_t image_width, size_t image_height, size_t image_depth, size_t image_row_pitch,
                       size_t image_slice_pitch, void *host_ptr, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  VG_RETURN_NULL_IF(!image_width || !image_height || image_depth <= 1, CL_INVALID_IMAGE_SIZE,
                    "image_width or image_height is 0, or image_depth <= 1", errcode_ret);
  cl_image_desc d = {.image_type = CL_MEM_OBJECT_IMAGE3D, .image_width = image_width,
                     .image_height = image_height, .image_depth = image_depth,
                     .image_row_pitch = image_row_pitch, .image_slice_pitch = image_slice_pitch};
  return vgpu_image_create(context, flags, image_format, &d, host_ptr, errcode_ret);
}

/* s5.3.2: the formats supported for the kernel access flags asks for (read-only, write-only,
 * read-write, or read-and-write: CL_MEM_KERNEL_READ_AND_WRITE); every image type supports the
 * same formats. */
cl_int clGetSupportedImageFormats(cl_context context, cl_mem_flags flags, cl_mem_object_type image_type,
                                  cl_uint num_entries, cl_image_format *image_formats,
                                  cl_uint *num_image_formats) {
  VG_RETURN_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context");
  const cl_mem_flags known = CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY | CL_MEM_READ_ONLY |
                             CL_MEM_USE_HOST_PTR | CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR |
                             CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS |
                             CL_MEM_KERNEL_READ_AND_WRITE;
  VG_RETURN_IF(flags & ~known, CL_INVALID_VALUE, "unknown flags");
  VG_RETURN_IF(image_type != CL_MEM_OBJECT_IMAGE1D && image_type != CL_MEM_OBJECT_IMAGE1D_BUFFER &&
                   image_type != CL_MEM_OBJECT_IMAGE1D_ARRAY && image_type != CL_MEM_OBJECT_IMAGE2D &&
                   image_type != CL_MEM_OBJECT_IMAGE2D_ARRAY && image_type != CL_MEM_OBJECT_IMAGE3D,
               CL_INVALID_VALUE, "image_type is not an image type");
  VG_RETURN_IF(num_entries == 0 && image_formats, CL_INVALID_VALUE, "num_entries is 0 and image_formats is not NULL");
  /* What kernels must be able to do with the images: no access flag means CL_MEM_READ_WRITE. */
  unsigned need;
  if (flags & CL_MEM_KERNEL_READ_AND_WRITE) need = VGPU_FMT_READ_WRITE;
  else if (flags & CL_MEM_READ_ONLY) need = VGPU_FMT_READ;
  else if (flags & CL_MEM_WRITE_ONLY) need = VGPU_FMT_WRITE;
  else need = VGPU_FMT_READ | VGPU_FMT_WRITE;
  cl_uint n = 0;
  if (vgpu_context_image_support(context))
    for (size_t i = 0; i < vgpu_image_nformats; i++) {
      const struct vgpu_image_format *f = &vgpu_image_formats[i];
      if ((f->access & need) != need) continue;
      if (image_formats && n < num_entries)
        image_formats[n] = (cl_image_format){f->order, f->type};
      n++;
    }
  if (num_image_formats) *num_image_formats = n;
  return CL_SUCCESS;
}

cl_int clGetImageInfo(cl_mem image, cl_image_info param_name, size_t param_value_size, void *param_value,
                      size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_image_is(image), CL_INVALID_MEM_OBJECT, "not an image object");
  const struct vgpu_image *img = vgpu_image_of(image);
  switch (param_name) {
  case CL_IMAGE_FORMAT: VG_INFO(cl_image_format, img->format);
  case CL_IMAGE_ELEMENT_SIZE: VG_INFO(size_t, img->elem_size);
  case CL_IMAGE_ROW_PITCH: VG_INFO(size_t, img->row_pitch);
  case CL_IMAGE_SLICE_PITCH: VG_INFO(size_t, img->slice_pitch);
  case CL_IMAGE_WIDTH: VG_INFO(size_t, img->width);
  case CL_IMAGE_HEIGHT: VG_INFO(size_t, img->height);
  case CL_IMAGE_DEPTH: VG_INFO(size_t, img->depth);
  case CL_IMAGE_ARRAY_SIZE: VG_INFO(size_t, img->array_size);
  case CL_IMAGE_BUFFER: VG_INFO(cl_mem, img->type == CL_MEM_OBJECT_IMAGE1D_BUFFER ? img->buffer : NULL);
  case CL_IMAGE_NUM_MIP_LEVELS: VG_INFO(cl_uint, 0);
  case CL_IMAGE_NUM_SAMPLES: VG_INFO(cl_uint, 0);
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}
