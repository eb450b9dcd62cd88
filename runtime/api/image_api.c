/* image.c - images are optional in OpenCL 3.0 and VirtualGPU devices have none
 * (CL_DEVICE_IMAGE_SUPPORT is CL_FALSE).  These entry points give the specification's answers for
 * such a device: creating an image in a context "where there are no devices in context that
 * support images" is CL_INVALID_OPERATION, an image command on a queue "whose device does not
 * support images" is CL_INVALID_OPERATION, and no handle is ever a valid image. */
#include "runtime/context.h"

static int valid_queue(cl_command_queue q) { return vgpu_object_is(q, VGPU_QUEUE); }

static cl_mem no_image(cl_context context, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "not a context", errcode_ret);
  VG_RETURN_NULL_IF(!vgpu_context_image_support(context), CL_INVALID_OPERATION,
                    "no device in the context supports images", errcode_ret);
  VG_RETURN_NULL_IF(1, CL_INVALID_OPERATION, "images are not supported", errcode_ret);
}

cl_mem clCreateImage(cl_context context, cl_mem_flags flags, const cl_image_format *image_format,
                     const cl_image_desc *image_desc, void *host_ptr, cl_int *errcode_ret) {
  (void)flags, (void)image_format, (void)image_desc, (void)host_ptr;
  return no_image(context, errcode_ret);
}

cl_mem clCreateImageWithProperties(cl_context context, const cl_mem_properties *properties,
                                   cl_mem_flags flags, const cl_image_format *image_format,
                                   const cl_image_desc *image_desc, void *host_ptr, cl_int *errcode_ret) {
  (void)properties, (void)flags, (void)image_format, (void)image_desc, (void)host_ptr;
  return no_image(context, errcode_ret);
}

cl_mem clCreateImage2D(cl_context context, cl_mem_flags flags, const cl_image_format *image_format,
                       size_t image_width, size_t image_height, size_t image_row_pitch, void *host_ptr,
                       cl_int *errcode_ret) {
  (void)flags, (void)image_format, (void)image_width, (void)image_height, (void)image_row_pitch, (void)host_ptr;
  return no_image(context, errcode_ret);
}

cl_mem clCreateImage3D(cl_context context, cl_mem_flags flags, const cl_image_format *image_format,
                       size_t image_width, size_t image_height, size_t image_depth, size_t image_row_pitch,
                       size_t image_slice_pitch, void *host_ptr, cl_int *errcode_ret) {
  (void)flags, (void)image_format, (void)image_width, (void)image_height, (void)image_depth;
  (void)image_row_pitch, (void)image_slice_pitch, (void)host_ptr;
  return no_image(context, errcode_ret);
}

/* No format is supported: CL_SUCCESS with zero formats (the list of a device without images). */
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
  if (num_image_formats) *num_image_formats = 0;
  return CL_SUCCESS;
}

cl_int clGetImageInfo(cl_mem image, cl_image_info param_name, size_t param_value_size, void *param_value,
                      size_t *param_value_size_ret) {
  (void)image, (void)param_name, (void)param_value_size, (void)param_value, (void)param_value_size_ret;
  VG_RETURN_IF(1, CL_INVALID_MEM_OBJECT, "no image object can exist");
}

/* Image commands: an invalid queue first, then "CL_INVALID_OPERATION if the device associated
 * with command_queue does not support images". */
#define IMAGE_COMMAND(queue)                                                                      \
  VG_RETURN_IF(!valid_queue(queue), CL_INVALID_COMMAND_QUEUE, "not a command queue");            \
  VG_RETURN_IF(1, CL_INVALID_OPERATION, "the queue's device does not support images")

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
cl_int clEnqueueReadImage(cl_command_queue command_queue, cl_mem image, cl_bool blocking_read,
                          const size_t *origin, const size_t *region, size_t row_pitch, size_t slice_pitch,
                          void *ptr, cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                          cl_event *event) {
  IMAGE_COMMAND(command_queue);
}

cl_int clEnqueueWriteImage(cl_command_queue command_queue, cl_mem image, cl_bool blocking_write,
                           const size_t *origin, const size_t *region, size_t input_row_pitch,
                           size_t input_slice_pitch, const void *ptr, cl_uint num_events_in_wait_list,
                           const cl_event *event_wait_list, cl_event *event) {
  IMAGE_COMMAND(command_queue);
}

cl_int clEnqueueFillImage(cl_command_queue command_queue, cl_mem image, const void *fill_color,
                          const size_t *origin, const size_t *region, cl_uint num_events_in_wait_list,
                          const cl_event *event_wait_list, cl_event *event) {
  IMAGE_COMMAND(command_queue);
}

cl_int clEnqueueCopyImage(cl_command_queue command_queue, cl_mem src_image, cl_mem dst_image,
                          const size_t *src_origin, const size_t *dst_origin, const size_t *region,
                          cl_uint num_events_in_wait_list, const cl_event *event_wait_list, cl_event *event) {
  IMAGE_COMMAND(command_queue);
}

cl_int clEnqueueCopyImageToBuffer(cl_command_queue command_queue, cl_mem src_image, cl_mem dst_buffer,
                                  const size_t *src_origin, const size_t *region, size_t dst_offset,
                                  cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                                  cl_event *event) {
  IMAGE_COMMAND(command_queue);
}

cl_int clEnqueueCopyBufferToImage(cl_command_queue command_queue, cl_mem src_buffer, cl_mem dst_image,
                                  size_t src_offset, const size_t *dst_origin, const size_t *region,
                                  cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                                  cl_event *event) {
  IMAGE_COMMAND(command_queue);
}

void *clEnqueueMapImage(cl_command_queue command_queue, cl_mem image, cl_bool blocking_map,
                        cl_map_flags map_flags, const size_t *origin, const size_t *region,
                        size_t *image_row_pitch, size_t *image_slice_pitch, cl_uint num_events_in_wait_list,
                        const cl_event *event_wait_list, cl_event *event, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!valid_queue(command_queue), CL_INVALID_COMMAND_QUEUE, "not a command queue", errcode_ret);
  VG_RETURN_NULL_IF(1, CL_INVALID_OPERATION, "the queue's device does not support images", errcode_ret);
}
#pragma GCC diagnostic pop
