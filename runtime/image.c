/* image.c - image objects: the argument rules of clCreateImage (OpenCL 3.0 s5.3.1), the storage
 * layout (image.h) and the descriptor the SMs read. */
#include "runtime/image.h"

#include <stdlib.h>
#include <string.h>
#include "image/formats.h"
#include "runtime/context.h"
#include "runtime/device.h"
#include "vgpu/device_caps.h"

int vgpu_image_is(cl_mem m) { return vgpu_mem_is(m) && m->ext != NULL; }

void vgpu_image_free(cl_mem m) {
  struct vgpu_image *img = vgpu_image_of(m);
  if (!img) return;
  if (img->buffer) vgpu_mem_release_internal(img->buffer);
  free(img);
  m->ext = NULL;
}

/* s5.3.1.1/5.3.1.2: which (order, type) pairs are formats at all (CL_INVALID_IMAGE_FORMAT_
 * DESCRIPTOR otherwise), whether or not this device supports them. */
static int format_valid(const cl_image_format *f) {
  int n = vgpu_image_order_channels(f->image_channel_order);
  int sz = vgpu_image_type_size(f->image_channel_data_type);
  if (!n || !sz) return 0;
  cl_channel_type t = f->image_channel_data_type;
  switch (f->image_channel_order) {
  case CL_RGB: case CL_RGBx: return vgpu_image_type_packed(t);
  case CL_sRGB: case CL_sRGBx: case CL_sRGBA: case CL_sBGRA: return t == CL_UNORM_INT8;
  case CL_BGRA: case CL_ARGB: case CL_ABGR:
    return t == CL_UNORM_INT8 || t == CL_SNORM_INT8 || t == CL_SIGNED_INT8 || t == CL_UNSIGNED_INT8;
  case CL_INTENSITY: case CL_LUMINANCE:
    return t == CL_UNORM_INT8 || t == CL_UNORM_INT16 || t == CL_SNORM_INT8 || t == CL_SNORM_INT16 ||
           t == CL_HALF_FLOAT || t == CL_FLOAT;
  case CL_DEPTH: return t == CL_UNORM_INT16 || t == CL_FLOAT;
  default: return !vgpu_image_type_packed(t);
  }
}

static int is_image_type(cl_mem_object_type t) {
  return t == CL_MEM_OBJECT_IMAGE1D || t == CL_MEM_OBJECT_IMAGE1D_BUFFER || t == CL_MEM_OBJECT_IMAGE1D_ARRAY ||
         t == CL_MEM_OBJECT_IMAGE2D || t == CL_MEM_OBJECT_IMAGE2D_ARRAY || t == CL_MEM_OBJECT_IMAGE3D;
}

#define ACCESS_FLAGS (CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY | CL_MEM_READ_ONLY)
#define HOST_ACCESS_FLAGS (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS)
#define HOST_PTR_FLAGS (CL_MEM_USE_HOST_PTR | CL_MEM_ALLOC_HOST_PTR | CL_MEM_COPY_HOST_PTR)

/* The image's sizes and pitches from image_desc: CL_INVALID_IMAGE_DESCRIPTOR or
 * CL_INVALID_IMAGE_SIZE when they break s5.3.1.2's rules or the device limits. */
static cl_int describe(struct vgpu_image *img, const cl_image_desc *d, int has_host_ptr) {
  const cl_mem_object_type t = d->image_type;
  VG_RETURN_IF(!is_image_type(t), CL_INVALID_IMAGE_DESCRIPTOR, "image_type is not an image type");
  const int has_height = t == CL_MEM_OBJECT_IMAGE2D || t == CL_MEM_OBJECT_IMAGE2D_ARRAY || t == CL_MEM_OBJECT_IMAGE3D;
  const int is_array = t == CL_MEM_OBJECT_IMAGE1D_ARRAY || t == CL_MEM_OBJECT_IMAGE2D_ARRAY;
  VG_RETURN_IF(d->image_width == 0, CL_INVALID_IMAGE_DESCRIPTOR, "image_width is 0");
  VG_RETURN_IF(has_height && d->image_height == 0, CL_INVALID_IMAGE_DESCRIPTOR, "image_height is 0");
  VG_RETURN_IF(t == CL_MEM_OBJECT_IMAGE3D && d->image_depth == 0, CL_INVALID_IMAGE_DESCRIPTOR, "image_depth is 0");
  VG_RETURN_IF(is_array && d->image_array_size == 0, CL_INVALID_IMAGE_DESCRIPTOR, "image_array_size is 0");
  VG_RETURN_IF(d->num_mip_levels || d->num_samples, CL_INVALID_IMAGE_DESCRIPTOR,
               "num_mip_levels and num_samples must be 0 (no mipmaps, no multisampling)");
  VG_RETURN_IF(d->buffer && t != CL_MEM_OBJECT_IMAGE1D_BUFFER && t != CL_MEM_OBJECT_IMAGE2D,
               CL_INVALID_IMAGE_DESCRIPTOR, "only 1D image buffers and 2D images are made from a buffer");
  VG_RETURN_IF(!d->buffer && t == CL_MEM_OBJECT_IMAGE1D_BUFFER, CL_INVALID_IMAGE_DESCRIPTOR,
               "a 1D image buffer needs image_desc->buffer");
  /* Table 4.3 limits. */
  size_t max_w = t == CL_MEM_OBJECT_IMAGE3D ? VGPU_IMAGE3D_MAX
                 : t == CL_MEM_OBJECT_IMAGE1D_BUFFER ? VGPU_IMAGE_MAX_BUFFER : VGPU_IMAGE2D_MAX;
  VG_RETURN_IF(d->image_width > max_w, CL_INVALID_IMAGE_SIZE, "image_width exceeds the device's maximum");
  VG_RETURN_IF(has_height && d->image_height > (t == CL_MEM_OBJECT_IMAGE3D ? VGPU_IMAGE3D_MAX : VGPU_IMAGE2D_MAX),
               CL_INVALID_IMAGE_SIZE, "image_height exceeds the device's maximum");
  VG_RETURN_IF(t == CL_MEM_OBJECT_IMAGE3D && d->image_depth > VGPU_IMAGE3D_MAX, CL_INVALID_IMAGE_SIZE,
               "image_depth exceeds CL_DEVICE_IMAGE3D_MAX_DEPTH");
  VG_RETURN_IF(is_array && d->image_array_size > VGPU_IMAGE_MAX_ARRAY, CL_INVALID_IMAGE_SIZE,
               "image_array_size exceeds CL_DEVICE_IMAGE_MAX_ARRAY_SIZE");

  img->type = t;
  img->width = d->image_width;
  img->height = has_height ? d->image_height : 0;
  img->depth = t == CL_MEM_OBJECT_IMAGE3D ? d->image_depth : 0;
  img->array_size = is_array ? d->image_array_size : 0;
  const size_t e = img->elem_size, tight_row = img->width * e;
  const size_t rows = has_height ? img->height : 1;
  /* "image_row_pitch ... must be 0 if host_ptr is NULL" (except an image from a buffer, whose
   * pitch says how the buffer's bytes are laid out: the CTS gives 1D image buffers theirs), else 0
   * or >= width * element size and a multiple of the element size. */
  int pitch_allowed = has_host_ptr || d->buffer;
  VG_RETURN_IF(!pitch_allowed && d->image_row_pitch, CL_INVALID_IMAGE_DESCRIPTOR,
               "image_row_pitch must be 0 when host_ptr is NULL");
  VG_RETURN_IF(d->image_row_pitch && (d->image_row_pitch < tight_row || d->image_row_pitch % e),
               CL_INVALID_IMAGE_DESCRIPTOR, "image_row_pitch is below width * element size or not a multiple of it");
  img->row_pitch = d->image_row_pitch ? d->image_row_pitch : tight_row;
  if (d->buffer && t == CL_MEM_OBJECT_IMAGE2D)
    VG_RETURN_IF(img->row_pitch % (VGPU_IMAGE_PITCH_ALIGNMENT * e), CL_INVALID_IMAGE_DESCRIPTOR,
                 "image_row_pitch is not a multiple of CL_DEVICE_IMAGE_PITCH_ALIGNMENT texels");
  /* Slice pitch: only for 3D images and arrays; the same rules against a slice's bytes. */
  img->slice_pitch = 0;
  if (t == CL_MEM_OBJECT_IMAGE3D || is_array) {
    size_t tight_slice = img->row_pitch * rows;
    VG_RETURN_IF(!has_host_ptr && d->image_slice_pitch, CL_INVALID_IMAGE_DESCRIPTOR,
                 "image_slice_pitch must be 0 when host_ptr is NULL");
    VG_RETURN_IF(d->image_slice_pitch && (d->image_slice_pitch < tight_slice || d->image_slice_pitch % img->row_pitch),
                 CL_INVALID_IMAGE_DESCRIPTOR, "image_slice_pitch is below a slice's bytes or not a multiple of image_row_pitch");
    img->slice_pitch = d->image_slice_pitch ? d->image_slice_pitch : tight_slice;
  }
  /* The view (image.h). */
  img->vw = img->width;
  switch (t) {
  case CL_MEM_OBJECT_IMAGE1D_ARRAY:
    img->vh = img->array_size, img->vd = 1, img->vrow = img->slice_pitch, img->vslice = img->slice_pitch * img->vh;
    break;
  case CL_MEM_OBJECT_IMAGE2D_ARRAY:
  case CL_MEM_OBJECT_IMAGE3D:
    img->vh = img->height, img->vd = is_array ? img->array_size : img->depth;
    img->vrow = img->row_pitch, img->vslice = img->slice_pitch;
    break;
  default: /* 1D, 1D buffer, 2D */
    img->vh = rows, img->vd = 1, img->vrow = img->row_pitch, img->vslice = img->row_pitch * rows;
    break;
  }
  return CL_SUCCESS;
}

/* Bytes of storage: whole slices, except that the last row and slice need not be padded; a host
 * pointer's memory is exactly pitch * count bytes (s5.3.1.2), which is what is kept. */
static size_t storage_size(const struct vgpu_image *img) { return img->vslice * img->vd; }

cl_mem vgpu_image_create(cl_context ctx, cl_mem_flags flags, const cl_image_format *format,
                         const cl_image_desc *desc, void *host_ptr, cl_int *err) {
  cl_int e = vgpu_mem_check_flags(flags, host_ptr, 0);
  VG_RETURN_NULL_IF(e, e, "invalid flags or host_ptr", err);
  VG_RETURN_NULL_IF(!format || !format_valid(format), CL_INVALID_IMAGE_FORMAT_DESCRIPTOR,
                    "image_format is NULL or not a valid channel order and data type", err);
  VG_RETURN_NULL_IF(!desc, CL_INVALID_IMAGE_DESCRIPTOR, "image_desc is NULL", err);
  VG_RETURN_NULL_IF(!vgpu_context_image_support(ctx), CL_INVALID_OPERATION,
                    "no device in the context supports images", err);
  struct vgpu_image *img = calloc(1, sizeof *img);
  VG_RETURN_NULL_IF(!img, CL_OUT_OF_HOST_MEMORY, "no host memory for the image", err);
  img->format = *format;
  img->elem_size = (size_t)vgpu_image_type_size(format->image_channel_data_type) *
                   (vgpu_image_type_packed(format->image_channel_data_type)
                        ? 1 : (size_t)vgpu_image_order_channels(format->image_channel_order));
  cl_mem buffer = desc->buffer; /* image_desc->mem_object is the same member */
  cl_mem m = NULL;
  if ((e = describe(img, desc, host_ptr != NULL)) != CL_SUCCESS) goto fail;
  /* "CL_IMAGE_FORMAT_NOT_SUPPORTED if the image_format is not supported" */
  if (!vgpu_image_format_find(format->image_channel_order, format->image_channel_data_type)) {
    e = CL_IMAGE_FORMAT_NOT_SUPPORTED;
    vgpu_log(VGPU_LOG_DEBUG, "clCreateImage: the image format is not supported (clGetSupportedImageFormats)");
    goto fail;
  }
  size_t size = storage_size(img);
  if (buffer) {
    /* s5.3.1: the image shares the buffer's storage; its flags may not widen the buffer's. */
    if (!vgpu_mem_is(buffer) || buffer->type != CL_MEM_OBJECT_BUFFER || buffer->context != ctx) {
      e = CL_INVALID_IMAGE_DESCRIPTOR;
      vgpu_log(VGPU_LOG_DEBUG, "clCreateImage: image_desc->buffer is not a buffer of the context");
      goto fail;
    }
    if ((e = vgpu_mem_check_derived_flags(buffer->flags, flags)) != CL_SUCCESS) goto fail;
    if (size > buffer->size) {
      e = CL_INVALID_IMAGE_SIZE;
      vgpu_log(VGPU_LOG_DEBUG, "clCreateImage: the image needs %zu bytes, its buffer has %zu", size, buffer->size);
      goto fail;
    }
    if (!(flags & ACCESS_FLAGS))
      flags |= (buffer->flags & ACCESS_FLAGS) ? buffer->flags & ACCESS_FLAGS : CL_MEM_READ_WRITE;
    if (!(flags & HOST_ACCESS_FLAGS)) flags |= buffer->flags & HOST_ACCESS_FLAGS;
    flags |= buffer->flags & HOST_PTR_FLAGS;
    /* A window on the root buffer (sub-buffers have no storage of their own either). */
    cl_mem root = buffer->parent ? buffer->parent : buffer;
    m = vgpu_mem_create_sub(root, flags, buffer->origin, size);
    if (!m) {
      e = CL_OUT_OF_HOST_MEMORY;
      goto fail;
    }
    m->type = desc->image_type;
    img->buffer = buffer;
    vgpu_mem_retain_internal(buffer);
  } else {
    /* Storage of its own: with a host_ptr, a byte-for-byte copy of the application's memory
     * (with its pitches), which vgpu_mem_create copies or mirrors. */
    cl_ulong max_alloc = 0;
    for (cl_uint i = 0; i < ctx->ndevices; i++)
      if (ctx->devices[i]->max_alloc > max_alloc) max_alloc = ctx->devices[i]->max_alloc;
    if (size > max_alloc) {
      e = CL_INVALID_IMAGE_SIZE;
      vgpu_log(VGPU_LOG_DEBUG, "clCreateImage: %zu bytes exceed CL_DEVICE_MAX_MEM_ALLOC_SIZE", size);
      goto fail;
    }
    m = vgpu_mem_create(ctx, desc->image_type, flags, size, host_ptr, &e);
    if (!m) goto fail;
  }
  m->ext = img;
  if (err) *err = CL_SUCCESS;
  return m;
fail:
  free(img);
  if (err) *err = e;
  return NULL;
}

void vgpu_image_fill_desc(const struct vgpu_image *img, uint64_t data, struct vgpu_image_desc *d) {
  memset(d, 0, sizeof *d);
  d->data = data;
  d->row_pitch = img->row_pitch;
  /* the distance between slices or layers: for a 1D array its layers' (= row pitch unless the
   * application's memory says otherwise) */
  d->slice_pitch = img->type == CL_MEM_OBJECT_IMAGE1D_ARRAY ? img->vrow : img->vslice;
  d->width = (uint32_t)img->width;
  d->height = (uint32_t)(img->height ? img->height : 1);
  d->depth = (uint32_t)(img->depth ? img->depth : 1);
  d->array_size = (uint32_t)(img->array_size ? img->array_size : 1);
  d->image_type = img->type;
  d->channel_order = img->format.image_channel_order;
  d->channel_data_type = img->format.image_channel_data_type;
  d->elem_size = (uint32_t)img->elem_size;
}

cl_int vgpu_image_region(const struct vgpu_image *img, const size_t *origin, const size_t *region,
                         size_t o[3], size_t r[3]) {
  VG_RETURN_IF(!origin || !region, CL_INVALID_VALUE, "origin or region is NULL");
  const cl_mem_object_type t = img->type;
  int dims = (t == CL_MEM_OBJECT_IMAGE1D || t == CL_MEM_OBJECT_IMAGE1D_BUFFER) ? 1
             : (t == CL_MEM_OBJECT_IMAGE2D || t == CL_MEM_OBJECT_IMAGE1D_ARRAY) ? 2 : 3;
  /* s5.3.3: the unused coordinates of origin must be 0 and of region 1 */
  for (int i = dims; i < 3; i++)
    VG_RETURN_IF(origin[i] != 0 || region[i] != 1, CL_INVALID_VALUE,
                 "origin/region: the coordinates the image type does not have must be 0 and 1");
  const size_t ext[3] = {img->vw, img->vh, img->vd};
  for (int i = 0; i < 3; i++) {
    VG_RETURN_IF(region[i] == 0, CL_INVALID_VALUE, "a region value is 0");
    VG_RETURN_IF(origin[i] > ext[i] || region[i] > ext[i] - origin[i], CL_INVALID_VALUE,
                 "origin + region is outside the image");
    o[i] = origin[i];
    r[i] = region[i];
  }
  return CL_SUCCESS;
}
