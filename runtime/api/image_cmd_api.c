/* image_cmd_api.c - image commands (OpenCL 3.0 s5.3.3 read, write, copy; s5.3.4 fill; s5.3.5
 * copies between images and buffers; s5.3.6 map).  Each is checked here and queued as a
 * rectangular byte transfer of runtime/transfer.c (or a mapping of runtime/map.c) on the image's
 * view (runtime/image.h): x in bytes, y rows, z slices. */
#include <stdint.h>
#include <string.h>
#include "image/texel.h"
#include "runtime/context.h"
#include "runtime/event.h"
#include "runtime/image.h"
#include "runtime/map.h"
#include "runtime/queue.h"
#include "runtime/transfer.h"

/* The checks every image command starts with; *img is the image's description. */
static cl_int check_image(cl_command_queue q, cl_mem image, struct vgpu_image **img) {
  VG_RETURN_IF(!vgpu_host_queue_is(q), CL_INVALID_COMMAND_QUEUE, "not a valid command queue");
  /* "CL_INVALID_OPERATION if the device associated with command_queue does not support images" */
  VG_RETURN_IF(!vgpu_context_image_support(q->context), CL_INVALID_OPERATION,
               "the queue's device does not support images");
  cl_int err = vgpu_mem_check_queue(q, image);
  if (err) return err;
  VG_RETURN_IF(!vgpu_image_is(image), CL_INVALID_MEM_OBJECT, "not an image object");
  *img = vgpu_image_of(image);
  return CL_SUCCESS;
}

/* The view rectangle (image.h) of origin/region in bytes: x scaled by the texel size. */
static void to_bytes(const struct vgpu_image *img, const size_t o[3], const size_t r[3], size_t bo[3], size_t br[3]) {
  for (int i = 0; i < 3; i++) bo[i] = o[i], br[i] = r[i];
  bo[0] *= img->elem_size;
  br[0] *= img->elem_size;
}

/* The host memory's pitches for a read or write (s5.3.3): 0 means tightly packed; a 1D array's
 * layers are slice_pitch apart, which in the view are its rows.  CL_INVALID_VALUE when a pitch
 * given is too small. */
static cl_int host_pitches(const struct vgpu_image *img, const size_t r[3], size_t row_pitch, size_t slice_pitch,
                           size_t *vrow, size_t *vslice) {
  size_t row = row_pitch ? row_pitch : r[0] * img->elem_size;
  VG_RETURN_IF(row < r[0] * img->elem_size, CL_INVALID_VALUE, "row_pitch is below region[0] * element size");
  if (img->type == CL_MEM_OBJECT_IMAGE1D_ARRAY) {
    size_t layer = slice_pitch ? slice_pitch : row;
    VG_RETURN_IF(layer < row, CL_INVALID_VALUE, "slice_pitch is below row_pitch");
    *vrow = layer;
    *vslice = layer * r[1];
  } else {
    size_t slice = slice_pitch ? slice_pitch : row * r[1];
    VG_RETURN_IF(slice_pitch && (img->type == CL_MEM_OBJECT_IMAGE3D || img->type == CL_MEM_OBJECT_IMAGE2D_ARRAY) &&
                     slice < row * r[1],
                 CL_INVALID_VALUE, "slice_pitch is below row_pitch * region[1]");
    *vrow = row;
    *vslice = slice;
  }
  return CL_SUCCESS;
}

static cl_int read_write(cl_command_queue q, cl_mem image, int write, cl_bool blocking, const size_t *origin,
                         const size_t *region, size_t row_pitch, size_t slice_pitch, void *ptr, cl_uint n,
                         const cl_event *wl, cl_event *ev) {
  struct vgpu_image *img;
  cl_int err = check_image(q, image, &img);
  if (err) return err;
  size_t o[3], r[3], hrow, hslice;
  if ((err = vgpu_image_region(img, origin, region, o, r))) return err;
  VG_RETURN_IF(!ptr, CL_INVALID_VALUE, "ptr is NULL");
  if ((err = host_pitches(img, r, row_pitch, slice_pitch, &hrow, &hslice))) return err;
  VG_RETURN_IF(write && (image->flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS)), CL_INVALID_OPERATION,
               "the image was created with CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_NO_ACCESS");
  VG_RETURN_IF(!write && (image->flags & (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS)), CL_INVALID_OPERATION,
               "the image was created with CL_MEM_HOST_WRITE_ONLY or CL_MEM_HOST_NO_ACCESS");
  struct vgpu_xfer *x = write ? vgpu_xfer_new(NULL, image) : vgpu_xfer_new(image, NULL);
  if (x) {
    size_t bo[3], zero[3] = {0, 0, 0};
    x->rect = 1;
    x->host = ptr;
    if (write) {
      to_bytes(img, o, r, x->dst_origin, x->region);
      memcpy(x->src_origin, zero, sizeof zero);
      x->dst_row = img->vrow, x->dst_slice = img->vslice, x->src_row = hrow, x->src_slice = hslice;
    } else {
      to_bytes(img, o, r, bo, x->region);
      memcpy(x->src_origin, bo, sizeof bo);
      memcpy(x->dst_origin, zero, sizeof zero);
      x->src_row = img->vrow, x->src_slice = img->vslice, x->dst_row = hrow, x->dst_slice = hslice;
    }
  }
  return vgpu_xfer_enqueue(q, write ? CL_COMMAND_WRITE_IMAGE : CL_COMMAND_READ_IMAGE, x, blocking, n, wl, ev);
}

cl_int clEnqueueReadImage(cl_command_queue command_queue, cl_mem image, cl_bool blocking_read,
                          const size_t *origin, const size_t *region, size_t row_pitch, size_t slice_pitch,
                          void *ptr, cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                          cl_event *event) {
  return read_write(command_queue, image, 0, blocking_read, origin, region, row_pitch, slice_pitch, ptr,
                    num_events_in_wait_list, event_wait_list, event);
}

cl_int clEnqueueWriteImage(cl_command_queue command_queue, cl_mem image, cl_bool blocking_write,
                           const size_t *origin, const size_t *region, size_t input_row_pitch,
                           size_t input_slice_pitch, const void *ptr, cl_uint num_events_in_wait_list,
                           const cl_event *event_wait_list, cl_event *event) {
  return read_write(command_queue, image, 1, blocking_write, origin, region, input_row_pitch, input_slice_pitch,
                    (void *)ptr, num_events_in_wait_list, event_wait_list, event);
}

/* A region's view extent for a copy between images of different types: the source's region
 * checked against the source, the same texels against the destination. */
cl_int clEnqueueCopyImage(cl_command_queue command_queue, cl_mem src_image, cl_mem dst_image,
                          const size_t *src_origin, const size_t *dst_origin, const size_t *region,
                          cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event) {
  struct vgpu_image *si, *di;
  cl_int err = check_image(command_queue, src_image, &si);
  if (!err) err = check_image(command_queue, dst_image, &di);
  if (err) return err;
  /* "CL_IMAGE_FORMAT_MISMATCH if src_image and dst_image do not use the same image format" */
  VG_RETURN_IF(si->format.image_channel_order != di->format.image_channel_order ||
                   si->format.image_channel_data_type != di->format.image_channel_data_type,
               CL_IMAGE_FORMAT_MISMATCH, "the images' formats differ");
  size_t so[3], sr[3], dor[3], dr[3];
  if ((err = vgpu_image_region(si, src_origin, region, so, sr))) return err;
  if ((err = vgpu_image_region(di, dst_origin, region, dor, dr))) return err;
  /* "CL_MEM_COPY_OVERLAP if src_image and dst_image are the same image object and the source and
   * destination regions overlap" */
  if (src_image == dst_image) {
    int overlap = 1;
    for (int i = 0; i < 3; i++)
      if (!(so[i] < dor[i] + sr[i] && dor[i] < so[i] + sr[i])) overlap = 0;
    VG_RETURN_IF(overlap, CL_MEM_COPY_OVERLAP, "the source and destination regions overlap");
  }
  struct vgpu_xfer *x = vgpu_xfer_new(src_image, dst_image);
  if (x) {
    x->rect = 1;
    to_bytes(si, so, sr, x->src_origin, x->region);
    size_t unused[3];
    to_bytes(di, dor, dr, x->dst_origin, unused);
    x->src_row = si->vrow, x->src_slice = si->vslice, x->dst_row = di->vrow, x->dst_slice = di->vslice;
  }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_COPY_IMAGE, x, CL_FALSE, num_events_in_wait_list,
                           event_wait_list, event);
}

/* s5.3.5: the buffer side of an image/buffer copy is the region's texels packed tightly from
 * offset; CL_INVALID_VALUE when they do not fit in the buffer. */
static cl_int buffer_side(cl_mem buffer, const struct vgpu_image *img, const size_t r[3], size_t offset,
                          size_t org[3], size_t *row, size_t *slice) {
  VG_RETURN_IF(buffer->type != CL_MEM_OBJECT_BUFFER, CL_INVALID_MEM_OBJECT, "not a buffer object");
  size_t bytes = r[0] * img->elem_size * r[1] * r[2];
  VG_RETURN_IF(offset > buffer->size || bytes > buffer->size - offset, CL_INVALID_VALUE,
               "offset + the region's bytes is outside the buffer");
  org[0] = offset, org[1] = 0, org[2] = 0;
  *row = r[0] * img->elem_size;
  *slice = *row * r[1];
  return CL_SUCCESS;
}

cl_int clEnqueueCopyImageToBuffer(cl_command_queue command_queue, cl_mem src_image, cl_mem dst_buffer,
                                  const size_t *src_origin, const size_t *region, size_t dst_offset,
                                  cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                                  cl_event *event) {
  struct vgpu_image *img;
  cl_int err = check_image(command_queue, src_image, &img);
  if (!err) err = vgpu_mem_check_queue(command_queue, dst_buffer);
  if (err) return err;
  size_t o[3], r[3], borg[3], brow, bslice;
  if ((err = vgpu_image_region(img, src_origin, region, o, r))) return err;
  if ((err = buffer_side(dst_buffer, img, r, dst_offset, borg, &brow, &bslice))) return err;
  struct vgpu_xfer *x = vgpu_xfer_new(src_image, dst_buffer);
  if (x) {
    x->rect = 1;
    to_bytes(img, o, r, x->src_origin, x->region);
    memcpy(x->dst_origin, borg, sizeof borg);
    x->src_row = img->vrow, x->src_slice = img->vslice, x->dst_row = brow, x->dst_slice = bslice;
  }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_COPY_IMAGE_TO_BUFFER, x, CL_FALSE, num_events_in_wait_list,
                           event_wait_list, event);
}

cl_int clEnqueueCopyBufferToImage(cl_command_queue command_queue, cl_mem src_buffer, cl_mem dst_image,
                                  size_t src_offset, const size_t *dst_origin, const size_t *region,
                                  cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                                  cl_event *event) {
  struct vgpu_image *img;
  cl_int err = vgpu_mem_check_queue(command_queue, src_buffer);
  if (!err) err = check_image(command_queue, dst_image, &img);
  if (err) return err;
  size_t o[3], r[3], borg[3], brow, bslice;
  if ((err = vgpu_image_region(img, dst_origin, region, o, r))) return err;
  if ((err = buffer_side(src_buffer, img, r, src_offset, borg, &brow, &bslice))) return err;
  struct vgpu_xfer *x = vgpu_xfer_new(src_buffer, dst_image);
  if (x) {
    x->rect = 1;
    to_bytes(img, o, r, x->dst_origin, x->region);
    memcpy(x->src_origin, borg, sizeof borg);
    x->src_row = brow, x->src_slice = bslice, x->dst_row = img->vrow, x->dst_slice = img->vslice;
  }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_COPY_BUFFER_TO_IMAGE, x, CL_FALSE, num_events_in_wait_list,
                           event_wait_list, event);
}

void *clEnqueueMapImage(cl_command_queue command_queue, cl_mem image, cl_bool blocking_map,
                        cl_map_flags map_flags, const size_t *origin, const size_t *region,
                        size_t *image_row_pitch, size_t *image_slice_pitch, cl_uint num_events_in_wait_list,
                        const cl_event *event_wait_list, cl_event *event, cl_int *errcode_ret) {
  struct vgpu_image *img;
  cl_int err = check_image(command_queue, image, &img);
  VG_RETURN_NULL_IF(err, err, "invalid queue or image", errcode_ret);
  size_t o[3], r[3];
  err = vgpu_image_region(img, origin, region, o, r);
  VG_RETURN_NULL_IF(err, err, "invalid origin or region", errcode_ret);
  VG_RETURN_NULL_IF(!image_row_pitch, CL_INVALID_VALUE, "image_row_pitch is NULL", errcode_ret);
  /* "CL_INVALID_VALUE if image is a 3D image, 1D or 2D image array object and image_slice_pitch is NULL" */
  VG_RETURN_NULL_IF(!image_slice_pitch && (img->type == CL_MEM_OBJECT_IMAGE3D || img->array_size),
                    CL_INVALID_VALUE, "image_slice_pitch is NULL for a 3D image or an image array", errcode_ret);
  VG_RETURN_NULL_IF(map_flags & ~(cl_map_flags)(CL_MAP_READ | CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION),
                    CL_INVALID_VALUE, "unknown bits in map_flags", errcode_ret);
  VG_RETURN_NULL_IF((map_flags & CL_MAP_WRITE_INVALIDATE_REGION) && (map_flags & (CL_MAP_READ | CL_MAP_WRITE)),
                    CL_INVALID_VALUE, "CL_MAP_WRITE_INVALIDATE_REGION with CL_MAP_READ or CL_MAP_WRITE", errcode_ret);
  VG_RETURN_NULL_IF((map_flags & CL_MAP_READ) && (image->flags & (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS)),
                    CL_INVALID_OPERATION, "CL_MAP_READ on a CL_MEM_HOST_WRITE_ONLY or CL_MEM_HOST_NO_ACCESS image",
                    errcode_ret);
  VG_RETURN_NULL_IF((map_flags & (CL_MAP_WRITE | CL_MAP_WRITE_INVALIDATE_REGION)) &&
                        (image->flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS)),
                    CL_INVALID_OPERATION, "a write map on a CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_NO_ACCESS image",
                    errcode_ret);
  /* The mapping is the storage itself (as a buffer's): the bytes from the first texel of the
   * region to its last, with the storage's pitches. */
  size_t first = o[0] * img->elem_size + o[1] * img->vrow + o[2] * img->vslice;
  size_t last = (o[0] + r[0]) * img->elem_size + (o[1] + r[1] - 1) * img->vrow + (o[2] + r[2] - 1) * img->vslice;
  *image_row_pitch = img->row_pitch;
  if (image_slice_pitch)
    *image_slice_pitch = img->type == CL_MEM_OBJECT_IMAGE1D_ARRAY ? img->vrow
                         : (img->type == CL_MEM_OBJECT_IMAGE3D || img->type == CL_MEM_OBJECT_IMAGE2D_ARRAY) ? img->vslice
                                                                                                          : 0;
  return vgpu_map(command_queue, CL_COMMAND_MAP_IMAGE, image, map_flags, first, last - first, blocking_map,
                  num_events_in_wait_list, event_wait_list, event, errcode_ret);
}

/* s5.3.4: the fill colour is converted to one texel of the image's format as write_image{f,i,ui}
 * would (image/texel.h vgpu_texel_pack), and repeated over the region. */
cl_int clEnqueueFillImage(cl_command_queue command_queue, cl_mem image, const void *fill_color,
                          const size_t *origin, const size_t *region, cl_uint num_events_in_wait_list,
                          const cl_event *event_wait_list, cl_event *event) {
  struct vgpu_image *img;
  cl_int err = check_image(command_queue, image, &img);
  if (err) return err;
  VG_RETURN_IF(!fill_color, CL_INVALID_VALUE, "fill_color is NULL");
  size_t o[3], r[3];
  if ((err = vgpu_image_region(img, origin, region, o, r))) return err;
  uint8_t texel[16];
  VG_RETURN_IF(vgpu_texel_pack(img->format.image_channel_order, img->format.image_channel_data_type,
                                     fill_color, texel) != 0,
               CL_IMAGE_FORMAT_NOT_SUPPORTED, "the image's format cannot be filled");
  struct vgpu_xfer *x = vgpu_xfer_new(NULL, image);
  if (x) {
    x->rect = 1;
    to_bytes(img, o, r, x->dst_origin, x->region);
    x->dst_row = img->vrow, x->dst_slice = img->vslice;
    x->pattern_size = img->elem_size;
    memcpy(x->pattern, texel, img->elem_size);
  }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_FILL_IMAGE, x, CL_FALSE, num_events_in_wait_list,
                           event_wait_list, event);
}
