/* enqueue_mem_api.c - buffer transfers (OpenCL 3.0 section 5.2.2 read/write/copy, the rectangular
 * forms, 5.2.3 fill).  Each entry point validates its arguments, then hands the transfer to the
 * core (runtime/transfer.c), which queues the command that moves the bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/mem.h"
#include "runtime/queue.h"
#include "runtime/transfer.h"

static int is_buffer(cl_mem m) { return m->type == CL_MEM_OBJECT_BUFFER; }

/* ---- read / write / copy ---- */

cl_int clEnqueueReadBuffer(cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_read, size_t offset,
                           size_t size, void *ptr, cl_uint num_events_in_wait_list, const cl_event *event_wait_list,
                           cl_event *event) {
  cl_int err = vgpu_mem_check_queue(command_queue, buffer);
  if (err) return err;
  VG_RETURN_IF(!is_buffer(buffer), CL_INVALID_MEM_OBJECT, "buffer is not a buffer object");
  VG_RETURN_IF(offset > buffer->size || size > buffer->size - offset, CL_INVALID_VALUE, "(offset, size) is out of bounds");
  VG_RETURN_IF(size == 0, CL_INVALID_VALUE, "size is 0");
  VG_RETURN_IF(!ptr, CL_INVALID_VALUE, "ptr is NULL");
  VG_RETURN_IF(buffer->flags & (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS), CL_INVALID_OPERATION,
               "the buffer was created with CL_MEM_HOST_WRITE_ONLY or CL_MEM_HOST_NO_ACCESS");
  struct vgpu_xfer *x = vgpu_xfer_new(buffer, NULL);
  if (x) { x->src_off = offset; x->size = size; x->host = ptr; }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_READ_BUFFER, x, blocking_read, num_events_in_wait_list,
                           event_wait_list, event);
}

cl_int clEnqueueWriteBuffer(cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_write, size_t offset,
                            size_t size, const void *ptr, cl_uint num_events_in_wait_list,
                            const cl_event *event_wait_list, cl_event *event) {
  cl_int err = vgpu_mem_check_queue(command_queue, buffer);
  if (err) return err;
  VG_RETURN_IF(!is_buffer(buffer), CL_INVALID_MEM_OBJECT, "buffer is not a buffer object");
  VG_RETURN_IF(offset > buffer->size || size > buffer->size - offset, CL_INVALID_VALUE, "(offset, size) is out of bounds");
  VG_RETURN_IF(size == 0, CL_INVALID_VALUE, "size is 0");
  VG_RETURN_IF(!ptr, CL_INVALID_VALUE, "ptr is NULL");
  VG_RETURN_IF(buffer->flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS), CL_INVALID_OPERATION,
               "the buffer was created with CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_NO_ACCESS");
  struct vgpu_xfer *x = vgpu_xfer_new(NULL, buffer);
  if (x) { x->dst_off = offset; x->size = size; x->host = (void *)ptr; }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_WRITE_BUFFER, x, blocking_write, num_events_in_wait_list,
                           event_wait_list, event);
}

/* Offsets in the root buffer, to compare sub-buffers of one parent. */
static cl_mem root_of(cl_mem m) { return m->parent ? m->parent : m; }

cl_int clEnqueueCopyBuffer(cl_command_queue command_queue, cl_mem src_buffer, cl_mem dst_buffer, size_t src_offset,
                           size_t dst_offset, size_t size, cl_uint num_events_in_wait_list,
                           const cl_event *event_wait_list, cl_event *event) {
  cl_int err = vgpu_mem_check_queue(command_queue, src_buffer);
  if (!err) err = vgpu_mem_check_queue(command_queue, dst_buffer);
  if (err) return err;
  VG_RETURN_IF(!is_buffer(src_buffer) || !is_buffer(dst_buffer), CL_INVALID_MEM_OBJECT, "not a buffer object");
  VG_RETURN_IF(src_offset > src_buffer->size || size > src_buffer->size - src_offset, CL_INVALID_VALUE,
               "(src_offset, size) is out of bounds");
  VG_RETURN_IF(dst_offset > dst_buffer->size || size > dst_buffer->size - dst_offset, CL_INVALID_VALUE,
               "(dst_offset, size) is out of bounds");
  VG_RETURN_IF(size == 0, CL_INVALID_VALUE, "size is 0");
  /* "CL_MEM_COPY_OVERLAP if src_buffer and dst_buffer are the same buffer or sub-buffer object and
   * the source and destination regions overlap or if src_buffer and dst_buffer are different
   * sub-buffers of the same associated buffer object and they overlap." */
  if (root_of(src_buffer) == root_of(dst_buffer)) {
    size_t s = src_buffer->origin + src_offset, d = dst_buffer->origin + dst_offset;
    VG_RETURN_IF(s < d + size && d < s + size, CL_MEM_COPY_OVERLAP, "the source and destination regions overlap");
  }
  struct vgpu_xfer *x = vgpu_xfer_new(src_buffer, dst_buffer);
  if (x) { x->src_off = src_offset; x->dst_off = dst_offset; x->size = size; }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_COPY_BUFFER, x, CL_FALSE, num_events_in_wait_list,
                           event_wait_list, event);
}

/* ---- rectangular transfers ---- */

/* a * b + c, or SIZE_MAX when that does not fit in a size_t (no byte space is that large). */
static size_t mul_add(size_t a, size_t b, size_t c) {
  size_t r;
  if (__builtin_mul_overflow(a, b, &r) || __builtin_add_overflow(r, c, &r)) return SIZE_MAX;
  return r;
}

/* Pitch defaults and the region checks of clEnqueueReadBufferRect and friends. */
static cl_int check_pitches(const size_t region[3], size_t *row, size_t *slice) {
  if (*row == 0) *row = region[0];
  VG_RETURN_IF(*row < region[0], CL_INVALID_VALUE, "a row pitch is less than region[0]");
  size_t min_slice = mul_add(region[1], *row, 0);
  VG_RETURN_IF(min_slice == SIZE_MAX, CL_INVALID_VALUE, "region[1] * row pitch overflows");
  if (*slice == 0) *slice = min_slice;
  VG_RETURN_IF(*slice < min_slice, CL_INVALID_VALUE, "a slice pitch is less than region[1] * row pitch");
  VG_RETURN_IF(*slice % *row, CL_INVALID_VALUE, "a slice pitch is not a multiple of the row pitch");
  return CL_SUCCESS;
}

/* One past the last byte a rectangle touches; SIZE_MAX when that overflows (then it is out of
 * bounds of every buffer and host region, and nothing wraps into range). */
static size_t rect_end(const size_t origin[3], const size_t region[3], size_t row, size_t slice) {
  size_t x, y, z;
  if (__builtin_add_overflow(origin[0], region[0], &x) || __builtin_add_overflow(origin[1], region[1] - 1, &y) ||
      __builtin_add_overflow(origin[2], region[2] - 1, &z))
    return SIZE_MAX;
  return mul_add(z, slice, mul_add(y, row, x));
}

static cl_int check_region(const size_t *origin, const size_t *region) {
  VG_RETURN_IF(!origin || !region, CL_INVALID_VALUE, "an origin or region is NULL");
  VG_RETURN_IF(!region[0] || !region[1] || !region[2], CL_INVALID_VALUE, "a region element is 0");
  return CL_SUCCESS;
}

static cl_int rect_transfer(cl_command_queue q, cl_mem buffer, int write, cl_bool blocking, const size_t *buffer_origin,
                            const size_t *host_origin, const size_t *region, size_t buffer_row_pitch,
                            size_t buffer_slice_pitch, size_t host_row_pitch, size_t host_slice_pitch, void *ptr,
                            cl_uint n, const cl_event *wl, cl_event *event) {
  cl_int err = vgpu_mem_check_queue(q, buffer);
  if (err) return err;
  VG_RETURN_IF(!is_buffer(buffer), CL_INVALID_MEM_OBJECT, "buffer is not a buffer object");
  if ((err = check_region(buffer_origin, region)) || (err = check_region(host_origin, region))) return err;
  VG_RETURN_IF(!ptr, CL_INVALID_VALUE, "ptr is NULL");
  if ((err = check_pitches(region, &buffer_row_pitch, &buffer_slice_pitch)) ||
      (err = check_pitches(region, &host_row_pitch, &host_slice_pitch)))
    return err;
  VG_RETURN_IF(rect_end(buffer_origin, region, buffer_row_pitch, buffer_slice_pitch) > buffer->size, CL_INVALID_VALUE,
               "the buffer region is out of bounds");
  if (write)
    VG_RETURN_IF(buffer->flags & (CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS), CL_INVALID_OPERATION,
                 "the buffer was created with CL_MEM_HOST_READ_ONLY or CL_MEM_HOST_NO_ACCESS");
  else
    VG_RETURN_IF(buffer->flags & (CL_MEM_HOST_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS), CL_INVALID_OPERATION,
                 "the buffer was created with CL_MEM_HOST_WRITE_ONLY or CL_MEM_HOST_NO_ACCESS");
  struct vgpu_xfer *x = vgpu_xfer_new(write ? NULL : buffer, write ? buffer : NULL);
  if (x) {
    x->rect = 1;
    x->host = ptr;
    memcpy(x->region, region, sizeof x->region);
    memcpy(write ? x->dst_origin : x->src_origin, buffer_origin, 3 * sizeof(size_t));
    memcpy(write ? x->src_origin : x->dst_origin, host_origin, 3 * sizeof(size_t));
    if (write) {
      x->dst_row = buffer_row_pitch; x->dst_slice = buffer_slice_pitch;
      x->src_row = host_row_pitch; x->src_slice = host_slice_pitch;
    } else {
      x->src_row = buffer_row_pitch; x->src_slice = buffer_slice_pitch;
      x->dst_row = host_row_pitch; x->dst_slice = host_slice_pitch;
    }
  }
  return vgpu_xfer_enqueue(q, write ? CL_COMMAND_WRITE_BUFFER_RECT : CL_COMMAND_READ_BUFFER_RECT,
                           x, blocking, n, wl, event);
}

cl_int clEnqueueReadBufferRect(cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_read,
                               const size_t *buffer_origin, const size_t *host_origin, const size_t *region,
                               size_t buffer_row_pitch, size_t buffer_slice_pitch, size_t host_row_pitch,
                               size_t host_slice_pitch, void *ptr, cl_uint num_events_in_wait_list,
                               const cl_event *event_wait_list, cl_event *event) {
  return rect_transfer(command_queue, buffer, 0, blocking_read, buffer_origin, host_origin, region, buffer_row_pitch,
                       buffer_slice_pitch, host_row_pitch, host_slice_pitch, ptr, num_events_in_wait_list,
                       event_wait_list, event);
}

cl_int clEnqueueWriteBufferRect(cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_write,
                                const size_t *buffer_origin, const size_t *host_origin, const size_t *region,
                                size_t buffer_row_pitch, size_t buffer_slice_pitch, size_t host_row_pitch,
                                size_t host_slice_pitch, const void *ptr, cl_uint num_events_in_wait_list,
                                const cl_event *event_wait_list, cl_event *event) {
  return rect_transfer(command_queue, buffer, 1, blocking_write, buffer_origin, host_origin, region, buffer_row_pitch,
                       buffer_slice_pitch, host_row_pitch, host_slice_pitch, (void *)ptr, num_events_in_wait_list,
                       event_wait_list, event);
}

/* Do two rectangles in one byte space share a byte?  Each is a sorted list of disjoint rows
 * (a pitch is never less than the extent below it), so a merge walk over both lists is exact. */
static int rects_overlap(size_t a0, size_t arow, size_t aslice, size_t b0, size_t brow, size_t bslice,
                         const size_t region[3]) {
  size_t rows = region[1] * region[2], i = 0, j = 0;
  while (i < rows && j < rows) {
    size_t as = a0 + (i % region[1]) * arow + (i / region[1]) * aslice;
    size_t bs = b0 + (j % region[1]) * brow + (j / region[1]) * bslice;
    if (as < bs + region[0] && bs < as + region[0]) return 1;
    if (as < bs) i++; else j++;
  }
  return 0;
}

cl_int clEnqueueCopyBufferRect(cl_command_queue command_queue, cl_mem src_buffer, cl_mem dst_buffer,
                               const size_t *src_origin, const size_t *dst_origin, const size_t *region,
                               size_t src_row_pitch, size_t src_slice_pitch, size_t dst_row_pitch,
                               size_t dst_slice_pitch, cl_uint num_events_in_wait_list,
                               const cl_event *event_wait_list, cl_event *event) {
  cl_int err = vgpu_mem_check_queue(command_queue, src_buffer);
  if (!err) err = vgpu_mem_check_queue(command_queue, dst_buffer);
  if (err) return err;
  VG_RETURN_IF(!is_buffer(src_buffer) || !is_buffer(dst_buffer), CL_INVALID_MEM_OBJECT, "not a buffer object");
  if ((err = check_region(src_origin, region)) || (err = check_region(dst_origin, region))) return err;
  if ((err = check_pitches(region, &src_row_pitch, &src_slice_pitch)) ||
      (err = check_pitches(region, &dst_row_pitch, &dst_slice_pitch)))
    return err;
  VG_RETURN_IF(rect_end(src_origin, region, src_row_pitch, src_slice_pitch) > src_buffer->size, CL_INVALID_VALUE,
               "the source region is out of bounds");
  VG_RETURN_IF(rect_end(dst_origin, region, dst_row_pitch, dst_slice_pitch) > dst_buffer->size, CL_INVALID_VALUE,
               "the destination region is out of bounds");
  /* "CL_INVALID_VALUE if src_buffer and dst_buffer are the same buffer object and src_slice_pitch
   * is not equal to dst_slice_pitch and src_row_pitch is not equal to dst_row_pitch." */
  VG_RETURN_IF(src_buffer == dst_buffer && src_slice_pitch != dst_slice_pitch && src_row_pitch != dst_row_pitch,
               CL_INVALID_VALUE, "same buffer with different pitches");
  if (root_of(src_buffer) == root_of(dst_buffer)) {
    size_t s0 = src_buffer->origin + src_origin[0] + src_origin[1] * src_row_pitch + src_origin[2] * src_slice_pitch;
    size_t d0 = dst_buffer->origin + dst_origin[0] + dst_origin[1] * dst_row_pitch + dst_origin[2] * dst_slice_pitch;
    VG_RETURN_IF(rects_overlap(s0, src_row_pitch, src_slice_pitch, d0, dst_row_pitch, dst_slice_pitch, region),
                 CL_MEM_COPY_OVERLAP, "the source and destination rectangles overlap");
  }
  struct vgpu_xfer *x = vgpu_xfer_new(src_buffer, dst_buffer);
  if (x) {
    x->rect = 1;
    memcpy(x->region, region, sizeof x->region);
    memcpy(x->src_origin, src_origin, sizeof x->src_origin);
    memcpy(x->dst_origin, dst_origin, sizeof x->dst_origin);
    x->src_row = src_row_pitch; x->src_slice = src_slice_pitch;
    x->dst_row = dst_row_pitch; x->dst_slice = dst_slice_pitch;
  }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_COPY_BUFFER_RECT, x, CL_FALSE, num_events_in_wait_list,
                           event_wait_list, event);
}

/* ---- fill ---- */

cl_int clEnqueueFillBuffer(cl_command_queue command_queue, cl_mem buffer, const void *pattern, size_t pattern_size,
                           size_t offset, size_t size, cl_uint num_events_in_wait_list,
                           const cl_event *event_wait_list, cl_event *event) {
  cl_int err = vgpu_mem_check_queue(command_queue, buffer);
  if (err) return err;
  VG_RETURN_IF(!is_buffer(buffer), CL_INVALID_MEM_OBJECT, "buffer is not a buffer object");
  VG_RETURN_IF(!pattern, CL_INVALID_VALUE, "pattern is NULL");
  /* "pattern_size ... must be one of {1, 2, 4, 8, 16, 32, 64, 128}" */
  VG_RETURN_IF(pattern_size == 0 || pattern_size > 128 || (pattern_size & (pattern_size - 1)), CL_INVALID_VALUE,
               "pattern_size is not a power of two from 1 to 128");
  VG_RETURN_IF(offset > buffer->size || size > buffer->size - offset, CL_INVALID_VALUE, "(offset, size) is out of bounds");
  VG_RETURN_IF(offset % pattern_size || size % pattern_size, CL_INVALID_VALUE,
               "offset or size is not a multiple of pattern_size");
  VG_RETURN_IF(size == 0, CL_INVALID_VALUE, "size is 0");
  struct vgpu_xfer *x = vgpu_xfer_new(NULL, buffer);
  if (x) {
    x->dst_off = offset;
    x->size = size;
    x->pattern_size = pattern_size;
    memcpy(x->pattern, pattern, pattern_size);
  }
  return vgpu_xfer_enqueue(command_queue, CL_COMMAND_FILL_BUFFER, x, CL_FALSE, num_events_in_wait_list,
                           event_wait_list, event);
}
