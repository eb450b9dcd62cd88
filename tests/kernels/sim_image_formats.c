/* sim_image_formats.c - the contract between the runtime's format table (image/formats.c, what
 * clGetSupportedImageFormats lists and clCreateImage accepts) and the texture unit's conversions
 * (image/texel.c): every supported format is one the SMs convert, with the same texel size, and a
 * fill colour packs to it (clEnqueueFillImage).  Also every format OpenCL 3.0 s5.3.2.1 requires
 * is in the table with the access it must have. */
#include <CL/cl.h>
#include "image/formats.h"
#include "image/texel.h"
#include "testlib.h"

static const struct vgpu_image_format *need(uint32_t o, uint32_t t, unsigned access) {
  const struct vgpu_image_format *f = vgpu_image_format_find(o, t);
  CHECK(f != NULL && (f->access & access) == access);
  return f;
}

int main(void) {
  for (size_t i = 0; i < vgpu_image_nformats; i++) {
    const struct vgpu_image_format *f = &vgpu_image_formats[i];
    unsigned size = vgpu_texel_size(f->order, f->type);
    if (!vt_check(size == f->elem_size, "texel.c converts the format with the table's size", __FILE__, __LINE__))
      fprintf(stderr, "  format 0x%x/0x%x: table %u bytes, texel.c %u\n", f->order, f->type, f->elem_size, size);
    CHECK(vgpu_texel_class(f->order, f->type) != VGPU_TEXEL_NONE);
    uint8_t texel[16];
    float color[4] = {0.5f, 0.25f, 1, 0};
    CHECK(vgpu_texel_pack(f->order, f->type, color, texel) == 0);
    /* the table's element size is channels times the channel size, except packed types */
    if (!vgpu_image_type_packed(f->type))
      CHECK(f->elem_size == f->channels * vgpu_image_type_size(f->type));
  }
  /* s5.3.2.1, full profile 3.0: reading or writing, and read-write */
  const uint32_t rgba[] = {CL_UNORM_INT8, CL_UNORM_INT16, CL_SIGNED_INT8, CL_SIGNED_INT16, CL_SIGNED_INT32,
                           CL_UNSIGNED_INT8, CL_UNSIGNED_INT16, CL_UNSIGNED_INT32, CL_HALF_FLOAT, CL_FLOAT};
  for (size_t i = 0; i < 10; i++) need(CL_RGBA, rgba[i], VGPU_FMT_READ | VGPU_FMT_WRITE);
  need(CL_BGRA, CL_UNORM_INT8, VGPU_FMT_READ | VGPU_FMT_WRITE);
  for (size_t i = 0; i < 10; i++)
    if (rgba[i] != CL_UNORM_INT16) {
      need(CL_RGBA, rgba[i], VGPU_FMT_READ_WRITE);
      need(CL_R, rgba[i], VGPU_FMT_READ_WRITE);
    }
  CHECK(vgpu_image_format_find(CL_RGBA, 0x7777) == NULL);
  return vt_finish();
}
