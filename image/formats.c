/* formats.c - the supported image formats (formats.h).  They include every format OpenCL 3.0
 * s5.3.2.1 requires of a full-profile device with images ("Minimum list of required image formats"
 * for reading or writing, and for read-write images), the OpenCL 2.x list (CL_R, CL_RG with the
 * snorm types, CL_sRGBA), and the other orders a GPU's texture unit commonly offers. */
#include "image/formats.h"

#include <CL/cl.h>

#define R VGPU_FMT_READ
#define W VGPU_FMT_WRITE
#define RW VGPU_FMT_READ_WRITE
#define ALL (R | W | RW)

/* The twelve "ordinary" data types, with one order: channels n. */
#define ORDINARY(order, n, acc)                                                                    \
  {order, CL_UNORM_INT8, n, n, acc}, {order, CL_UNORM_INT16, n, 2 * n, acc},                       \
  {order, CL_SNORM_INT8, n, n, acc}, {order, CL_SNORM_INT16, n, 2 * n, acc},                       \
  {order, CL_SIGNED_INT8, n, n, acc}, {order, CL_SIGNED_INT16, n, 2 * n, acc},                     \
  {order, CL_SIGNED_INT32, n, 4 * n, acc}, {order, CL_UNSIGNED_INT8, n, n, acc},                   \
  {order, CL_UNSIGNED_INT16, n, 2 * n, acc}, {order, CL_UNSIGNED_INT32, n, 4 * n, acc},            \
  {order, CL_HALF_FLOAT, n, 2 * n, acc}, {order, CL_FLOAT, n, 4 * n, acc}
/* Orders limited to normalized and floating-point data (s5.3.1.1: CL_INTENSITY, CL_LUMINANCE). */
#define NORM_FLOAT(order, acc)                                                                     \
  {order, CL_UNORM_INT8, 1, 1, acc}, {order, CL_UNORM_INT16, 1, 2, acc},                           \
  {order, CL_SNORM_INT8, 1, 1, acc}, {order, CL_SNORM_INT16, 1, 2, acc},                           \
  {order, CL_HALF_FLOAT, 1, 2, acc}, {order, CL_FLOAT, 1, 4, acc}
/* Orders limited to 8-bit data (s5.3.1.1: CL_BGRA, CL_ARGB, CL_ABGR). */
#define EIGHT_BIT(order, acc)                                                                      \
  {order, CL_UNORM_INT8, 4, 4, acc}, {order, CL_SNORM_INT8, 4, 4, acc},                            \
  {order, CL_SIGNED_INT8, 4, 4, acc}, {order, CL_UNSIGNED_INT8, 4, 4, acc}

const struct vgpu_image_format vgpu_image_formats[] = {
  ORDINARY(CL_RGBA, 4, ALL),
  EIGHT_BIT(CL_BGRA, ALL),
  ORDINARY(CL_R, 1, ALL),
  ORDINARY(CL_RG, 2, ALL),
  ORDINARY(CL_A, 1, ALL),
  ORDINARY(CL_RA, 2, ALL),
  NORM_FLOAT(CL_INTENSITY, ALL),
  NORM_FLOAT(CL_LUMINANCE, ALL),
  EIGHT_BIT(CL_ARGB, ALL),
  EIGHT_BIT(CL_ABGR, ALL),
  /* sRGB: read-only (writing is cl_khr_srgb_image_writes, not offered) */
  {CL_sRGBA, CL_UNORM_INT8, 4, 4, R},
  {CL_sBGRA, CL_UNORM_INT8, 4, 4, R},
  /* packed RGB (s5.3.1.2: CL_UNORM_SHORT_565/555 and CL_UNORM_INT_101010 go with CL_RGB only) */
  {CL_RGB, CL_UNORM_SHORT_565, 3, 2, R | W},
  {CL_RGB, CL_UNORM_SHORT_555, 3, 2, R | W},
  {CL_RGB, CL_UNORM_INT_101010, 3, 4, R | W},
};
const size_t vgpu_image_nformats = sizeof vgpu_image_formats / sizeof vgpu_image_formats[0];

const struct vgpu_image_format *vgpu_image_format_find(uint32_t order, uint32_t type) {
  for (size_t i = 0; i < vgpu_image_nformats; i++)
    if (vgpu_image_formats[i].order == order && vgpu_image_formats[i].type == type) return &vgpu_image_formats[i];
  return NULL;
}

int vgpu_image_order_channels(uint32_t order) {
  switch (order) {
  case CL_R: case CL_A: case CL_INTENSITY: case CL_LUMINANCE: case CL_Rx: case CL_DEPTH: return 1;
  case CL_RG: case CL_RA: case CL_RGx: return 2;
  case CL_RGB: case CL_RGBx: case CL_sRGB: case CL_sRGBx: return 3;
  case CL_RGBA: case CL_BGRA: case CL_ARGB: case CL_ABGR: case CL_sRGBA: case CL_sBGRA: return 4;
  default: return 0;
  }
}

int vgpu_image_type_size(uint32_t type) {
  switch (type) {
  case CL_SNORM_INT8: case CL_UNORM_INT8: case CL_SIGNED_INT8: case CL_UNSIGNED_INT8: return 1;
  case CL_SNORM_INT16: case CL_UNORM_INT16: case CL_SIGNED_INT16: case CL_UNSIGNED_INT16:
  case CL_HALF_FLOAT: case CL_UNORM_SHORT_565: case CL_UNORM_SHORT_555: return 2;
  case CL_SIGNED_INT32: case CL_UNSIGNED_INT32: case CL_FLOAT: case CL_UNORM_INT_101010: return 4;
  default: return 0;
  }
}

int vgpu_image_type_packed(uint32_t type) {
  return type == CL_UNORM_SHORT_565 || type == CL_UNORM_SHORT_555 || type == CL_UNORM_INT_101010;
}
