/* pack.c - colour to texel (pack.h). */
#include "image/pack.h"

#include <CL/cl.h>
#include <math.h>
#include <string.h>
#include "image/formats.h"

uint16_t vgpu_float_to_half(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
  uint32_t exp = (x >> 23) & 0xff, man = x & 0x7fffff;
  if (exp == 0xff) return sign | 0x7c00 | (man ? 0x200 | (uint16_t)(man >> 13) : 0); /* inf, NaN */
  int e = (int)exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00; /* overflow */
  if (e <= 0) {                      /* subnormal half (or zero) */
    if (e < -10) return sign;
    man |= 0x800000;
    int shift = 14 - e; /* 24-bit significand down to the subnormal's 10 bits */
    uint32_t h = man >> shift, rem = man & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) h++;
    return sign | (uint16_t)h;
  }
  uint32_t h = ((uint32_t)e << 10) | (man >> 13), rem = man & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) h++; /* may carry into the exponent: still right */
  return sign | (uint16_t)h;
}

/* convert_<type>_sat_rte(f * scale): NaN gives 0. */
static double norm(float f, double scale, double lo, double hi) {
  if (isnan(f)) return 0;
  double v = rint((double)f * scale);
  return v < lo ? lo : v > hi ? hi : v;
}

static float srgb_encode(float c) {
  if (isnan(c)) return 0;
  if (c <= 0.0031308f) return 12.92f * c;
  return 1.055f * powf(c, 1.0f / 2.4f) - 0.055f;
}

static int64_t clampi(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* One channel value c (its index in the colour) stored as `type` at p. */
static void put(uint32_t type, const void *color, int c, int srgb, uint8_t *p) {
  float f = ((const float *)color)[c];
  int32_t i = ((const int32_t *)color)[c];
  uint32_t u = ((const uint32_t *)color)[c];
  if (srgb && c != 3) f = srgb_encode(f);
  switch (type) {
  case CL_UNORM_INT8: *p = (uint8_t)norm(f, 255, 0, 255); break;
  case CL_SNORM_INT8: *(int8_t *)p = (int8_t)norm(f, 127, -128, 127); break;
  case CL_UNORM_INT16: { uint16_t v = (uint16_t)norm(f, 65535, 0, 65535); memcpy(p, &v, 2); break; }
  case CL_SNORM_INT16: { int16_t v = (int16_t)norm(f, 32767, -32768, 32767); memcpy(p, &v, 2); break; }
  case CL_HALF_FLOAT: { uint16_t v = vgpu_float_to_half(f); memcpy(p, &v, 2); break; }
  case CL_FLOAT: memcpy(p, &f, 4); break;
  case CL_SIGNED_INT8: *(int8_t *)p = (int8_t)clampi(i, -128, 127); break;
  case CL_SIGNED_INT16: { int16_t v = (int16_t)clampi(i, -32768, 32767); memcpy(p, &v, 2); break; }
  case CL_SIGNED_INT32: memcpy(p, &i, 4); break;
  case CL_UNSIGNED_INT8: *p = (uint8_t)(u > 255 ? 255 : u); break;
  case CL_UNSIGNED_INT16: { uint16_t v = (uint16_t)(u > 65535 ? 65535 : u); memcpy(p, &v, 2); break; }
  case CL_UNSIGNED_INT32: memcpy(p, &u, 4); break;
  }
}

int vgpu_image_pack_color(uint32_t order, uint32_t type, const void *color, void *texel) {
  const struct vgpu_image_format *fmt = vgpu_image_format_find(order, type);
  if (!fmt) return -1;
  const float *f = color;
  if (vgpu_image_type_packed(type)) { /* CL_RGB: r, g, b in 5/6/5, 5/5/5 or 10/10/10 bits */
    uint32_t v;
    if (type == CL_UNORM_SHORT_565)
      v = (uint32_t)norm(f[0], 31, 0, 31) << 11 | (uint32_t)norm(f[1], 63, 0, 63) << 5 | (uint32_t)norm(f[2], 31, 0, 31);
    else if (type == CL_UNORM_SHORT_555)
      v = (uint32_t)norm(f[0], 31, 0, 31) << 10 | (uint32_t)norm(f[1], 31, 0, 31) << 5 | (uint32_t)norm(f[2], 31, 0, 31);
    else
      v = (uint32_t)norm(f[0], 1023, 0, 1023) << 20 | (uint32_t)norm(f[1], 1023, 0, 1023) << 10 |
          (uint32_t)norm(f[2], 1023, 0, 1023);
    if (type == CL_UNORM_INT_101010) memcpy(texel, &v, 4);
    else { uint16_t s = (uint16_t)v; memcpy(texel, &s, 2); }
    return 0;
  }
  /* Which colour channel each stored channel holds (s5.3.1.1 channel orders). */
  static const int r[] = {0}, a[] = {3}, rg[] = {0, 1}, ra[] = {0, 3}, rgba[] = {0, 1, 2, 3},
                   bgra[] = {2, 1, 0, 3}, argb[] = {3, 0, 1, 2}, abgr[] = {3, 2, 1, 0};
  const int *map;
  switch (order) {
  case CL_A: map = a; break;
  case CL_RG: map = rg; break;
  case CL_RA: map = ra; break;
  case CL_RGBA: case CL_sRGBA: map = rgba; break;
  case CL_BGRA: case CL_sBGRA: map = bgra; break;
  case CL_ARGB: map = argb; break;
  case CL_ABGR: map = abgr; break;
  default: map = r; break; /* CL_R, CL_INTENSITY, CL_LUMINANCE: the red component */
  }
  int srgb = order == CL_sRGBA || order == CL_sBGRA;
  size_t each = fmt->elem_size / fmt->channels;
  for (int i = 0; i < fmt->channels; i++) put(type, color, map[i], srgb, (uint8_t *)texel + i * each);
  return 0;
}
