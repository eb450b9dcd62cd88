/* transfer.c - buffer transfer commands (see transfer.h).  Each runs on the device's command
 * processor, after vgpu_mem_prepare has made the bytes current in that device's arena; the
 * payload holds internal references on the buffers until the command is done. */
#include "runtime/transfer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/command.h"
#include "runtime/device.h"
#include "runtime/links.h"
#include "runtime/mem.h"
#include "runtime/queue.h"
#include "runtime/timeline.h"

static void xfer_free(void *p) {
  struct vgpu_xfer *x = p;
  if (x->src) vgpu_mem_release_internal(x->src);
  if (x->dst) vgpu_mem_release_internal(x->dst);
  free(x);
}

struct vgpu_xfer *vgpu_xfer_new(cl_mem src, cl_mem dst) {
  struct vgpu_xfer *x = calloc(1, sizeof *x);
  if (!x) return NULL;
  if ((x->src = src)) vgpu_mem_retain_internal(src);
  if ((x->dst = dst)) vgpu_mem_retain_internal(dst);
  return x;
}

/* The bytes a transfer moves (VGPU_TIMELINE shows them on the command). */
static void note_bytes(const struct vgpu_xfer *x) {
  vgpu_timeline_bytes(x->rect ? (uint64_t)x->region[0] * x->region[1] * x->region[2] : x->size);
}

/* Copies a rectangle between two byte spaces (section 5.2.2: the offset of (x, y, z) is
 * origin[0] + x + (origin[1] + y) * row_pitch + (origin[2] + z) * slice_pitch). */
static void copy_rect(uint8_t *dst, const size_t dorg[3], size_t drow, size_t dslice, const uint8_t *src,
                      const size_t sorg[3], size_t srow, size_t sslice, const size_t region[3]) {
  for (size_t z = 0; z < region[2]; z++)
    for (size_t y = 0; y < region[1]; y++)
      memmove(dst + dorg[0] + (dorg[1] + y) * drow + (dorg[2] + z) * dslice,
              src + sorg[0] + (sorg[1] + y) * srow + (sorg[2] + z) * sslice, region[0]);
}

/* Bytes a read or write moves: the rectangle's, or the range's. */
static uint64_t moved(const struct vgpu_xfer *x) {
  return x->rect ? (uint64_t)x->region[0] * x->region[1] * x->region[2] : x->size;
}

static cl_int run_read(struct vgpu_command *cmd, void *p) {
  struct vgpu_xfer *x = p;
  note_bytes(x);
  cl_device_id dev = vgpu_command_queue(cmd)->device;
  cl_int err = vgpu_mem_prepare(x->src, dev, 0, NULL);
  if (err) return err;
  const uint8_t *b = vgpu_mem_host_view(x->src, dev);
  struct vgpu_link_xfer lx; /* device to host over dev's host link */
  vgpu_link_begin(&lx, (int)dev->index, VGPU_HOST, moved(x));
  if (x->rect) copy_rect(x->host, x->dst_origin, x->dst_row, x->dst_slice, b, x->src_origin, x->src_row, x->src_slice, x->region);
  else memcpy(x->host, b + x->src_off, x->size);
  vgpu_link_end(&lx);
  return CL_SUCCESS;
}

static cl_int run_write(struct vgpu_command *cmd, void *p) {
  struct vgpu_xfer *x = p;
  note_bytes(x);
  cl_device_id dev = vgpu_command_queue(cmd)->device;
  /* Overwriting the whole object: no need to fetch the old bytes from another device first. */
  cl_int err = !x->rect && x->dst_off == 0 && x->size == x->dst->size && !x->dst->parent
                   ? vgpu_mem_prepare_discard(x->dst, dev)
                   : vgpu_mem_prepare(x->dst, dev, 1, NULL);
  if (err) return err;
  uint8_t *b = vgpu_mem_host_view(x->dst, dev);
  struct vgpu_link_xfer lx; /* host to device */
  vgpu_link_begin(&lx, VGPU_HOST, (int)dev->index, moved(x));
  if (x->rect) copy_rect(b, x->dst_origin, x->dst_row, x->dst_slice, x->host, x->src_origin, x->src_row, x->src_slice, x->region);
  else memcpy(b + x->dst_off, x->host, x->size);
  vgpu_link_end(&lx);
  return CL_SUCCESS;
}

static cl_int run_copy(struct vgpu_command *cmd, void *p) {
  struct vgpu_xfer *x = p;
  note_bytes(x);
  cl_device_id dev = vgpu_command_queue(cmd)->device;
  /* Each buffer is brought to dev first (over the links when another device held it); the copy
   * itself stays in dev's memory.  A destination overwritten whole is not fetched. */
  cl_int err = vgpu_mem_prepare(x->src, dev, 0, NULL);
  int whole = !x->rect && x->dst_off == 0 && x->size == x->dst->size && !x->dst->parent && x->src != x->dst;
  if (!err) err = whole ? vgpu_mem_prepare_discard(x->dst, dev) : vgpu_mem_prepare(x->dst, dev, 1, NULL);
  if (err) return err;
  const uint8_t *s = vgpu_mem_host_view(x->src, dev);
  uint8_t *d = vgpu_mem_host_view(x->dst, dev);
  if (x->rect) copy_rect(d, x->dst_origin, x->dst_row, x->dst_slice, s, x->src_origin, x->src_row, x->src_slice, x->region);
  else memmove(d + x->dst_off, s + x->src_off, x->size);
  return CL_SUCCESS;
}

static cl_int run_fill(struct vgpu_command *cmd, void *p) {
  struct vgpu_xfer *x = p;
  note_bytes(x);
  cl_device_id dev = vgpu_command_queue(cmd)->device;
  cl_int err = vgpu_mem_prepare(x->dst, dev, 1, NULL);
  if (err) return err;
  uint8_t *d = (uint8_t *)vgpu_mem_host_view(x->dst, dev) + x->dst_off;
  if (x->rect) { /* an image's rectangle: the pattern is one texel, region[0] bytes per row */
    for (size_t z = 0; z < x->region[2]; z++)
      for (size_t y = 0; y < x->region[1]; y++) {
        uint8_t *row = d + x->dst_origin[0] + (x->dst_origin[1] + y) * x->dst_row + (x->dst_origin[2] + z) * x->dst_slice;
        for (size_t i = 0; i < x->region[0]; i += x->pattern_size) memcpy(row + i, x->pattern, x->pattern_size);
      }
    return CL_SUCCESS;
  }
  if (x->pattern_size == 1) {
    memset(d, x->pattern[0], x->size);
    return CL_SUCCESS;
  }
  /* Write the pattern once, then double the filled prefix. */
  size_t done = x->pattern_size < x->size ? x->pattern_size : x->size;
  memcpy(d, x->pattern, done);
  while (done < x->size) {
    size_t n = done < x->size - done ? done : x->size - done;
    memcpy(d + done, d, n);
    done += n;
  }
  return CL_SUCCESS;
}

cl_int vgpu_xfer_enqueue(cl_command_queue q, cl_command_type type, struct vgpu_xfer *x, cl_bool blocking,
                         cl_uint n, const cl_event *wl, cl_event *ev) {
  VG_RETURN_IF(!x, CL_OUT_OF_HOST_MEMORY, "no memory for the command");
  vgpu_command_fn fn;
  switch (type) {
  case CL_COMMAND_READ_BUFFER: case CL_COMMAND_READ_BUFFER_RECT: case CL_COMMAND_READ_IMAGE: fn = run_read; break;
  case CL_COMMAND_WRITE_BUFFER: case CL_COMMAND_WRITE_BUFFER_RECT: case CL_COMMAND_WRITE_IMAGE: fn = run_write; break;
  case CL_COMMAND_COPY_BUFFER: case CL_COMMAND_COPY_BUFFER_RECT: case CL_COMMAND_COPY_IMAGE:
  case CL_COMMAND_COPY_IMAGE_TO_BUFFER: case CL_COMMAND_COPY_BUFFER_TO_IMAGE: fn = run_copy; break;
  default: fn = run_fill; break;
  }
  return vgpu_enqueue(q, type, fn, x, xfer_free, blocking, n, wl, ev);
}
