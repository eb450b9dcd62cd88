/* texel.c - texel conversion, OpenCL 3.0 section 8.3 ("Conversion Rules"): the layout of each
 * channel order (s5.3.1.1 table "Image Channel Order"), the read rules of s8.3.1 (normalized
 * integers divided by 2^n - 1 and clamped at -1; half widened exactly; sRGB decoded, s8.3.1.1)
 * and the write rules (round to nearest even with saturation, s8.3.1.2 and s8.3.3 for the
 * unnormalized integers; sRGB encoded).  Missing channels read as (0, 0, 0, 1) (s8.3 "... the
 * missing components are filled with 0 for R, G, B and 1 for A"); CL_INTENSITY replicates into all
 * four, CL_LUMINANCE into r, g, b. */
#include "image/texel.h"
#include <CL/cl.h>
#include <math.h>
#include <string.h>

/* A stored channel's meaning: a component (0..3 = r, g, b, a), or the replicated intensity or
 * luminance, or an x channel that holds nothing (CL_Rx & co.). */
enum { CH_R, CH_G, CH_B, CH_A, CH_I, CH_L, CH_X };

struct layout {
  int n;        /* channels stored (packed types: 3 or 4 fields) */
  int8_t ch[4]; /* meaning of each, in memory order (packed: most significant field first) */
  int srgb;
};

static int order_layout(uint32_t order, struct layout *l) {
  static const struct { uint32_t order; struct layout l; } t[] = {
    {CL_R, {1, {CH_R}, 0}},          {CL_A, {1, {CH_A}, 0}},
    {CL_DEPTH, {1, {CH_R}, 0}},      {CL_INTENSITY, {1, {CH_I}, 0}},
    {CL_LUMINANCE, {1, {CH_L}, 0}},  {CL_Rx, {2, {CH_R, CH_X}, 0}},
    {CL_RG, {2, {CH_R, CH_G}, 0}},   {CL_RA, {2, {CH_R, CH_A}, 0}},
    {CL_RGx, {3, {CH_R, CH_G, CH_X}, 0}},
    {CL_RGB, {3, {CH_R, CH_G, CH_B}, 0}},
    {CL_RGBx, {4, {CH_R, CH_G, CH_B, CH_X}, 0}},
    {CL_RGBA, {4, {CH_R, CH_G, CH_B, CH_A}, 0}},
    {CL_BGRA, {4, {CH_B, CH_G, CH_R, CH_A}, 0}},
    {CL_ARGB, {4, {CH_A, CH_R, CH_G, CH_B}, 0}},
    {CL_ABGR, {4, {CH_A, CH_B, CH_G, CH_R}, 0}},
    {CL_sRGB, {3, {CH_R, CH_G, CH_B}, 1}},
    {CL_sRGBx, {4, {CH_R, CH_G, CH_B, CH_X}, 1}},
    {CL_sRGBA, {4, {CH_R, CH_G, CH_B, CH_A}, 1}},
    {CL_sBGRA, {4, {CH_B, CH_G, CH_R, CH_A}, 1}},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (t[i].order == order) { *l = t[i].l; return 0; }
  return -1;
}

/* Packed types: field widths, most significant first, and the bit of the top field's low end. */
struct packed { int bits[4], n, size; };
static int packed_of(uint32_t type, struct packed *p) {
  switch (type) {
  case CL_UNORM_SHORT_565: *p = (struct packed){{5, 6, 5}, 3, 2}; return 1;
  case CL_UNORM_SHORT_555: *p = (struct packed){{5, 5, 5}, 3, 2}; return 1;   /* bit 15 unused */
  case CL_UNORM_INT_101010: *p = (struct packed){{10, 10, 10}, 3, 4}; return 1; /* 31:30 unused */
#ifdef CL_UNORM_INT_101010_2
  case CL_UNORM_INT_101010_2: *p = (struct packed){{10, 10, 10, 2}, 4, 4}; return 1; /* R 31:22 .. A 1:0 */
#endif
  default: *p = (struct packed){{0}, 0, 0}; return 0; /* callers read p->size either way */
  }
}

static unsigned channel_bytes(uint32_t type) {
  switch (type) {
  case CL_SNORM_INT8: case CL_UNORM_INT8: case CL_SIGNED_INT8: case CL_UNSIGNED_INT8: return 1;
  case CL_SNORM_INT16: case CL_UNORM_INT16: case CL_SIGNED_INT16: case CL_UNSIGNED_INT16:
  case CL_HALF_FLOAT: return 2;
  case CL_SIGNED_INT32: case CL_UNSIGNED_INT32: case CL_FLOAT: return 4;
  default: return 0;
  }
}

static enum vgpu_texel_class type_class(uint32_t type) {
  switch (type) {
  case CL_SIGNED_INT8: case CL_SIGNED_INT16: case CL_SIGNED_INT32: return VGPU_TEXEL_INT;
  case CL_UNSIGNED_INT8: case CL_UNSIGNED_INT16: case CL_UNSIGNED_INT32: return VGPU_TEXEL_UINT;
  default: return VGPU_TEXEL_FLOAT;
  }
}

/* The format's layout, checked for the combinations s5.3.1.1 allows: packed types only with
 * CL_RGB/CL_RGBx (101010_2 with CL_RGBA), CL_RGB/CL_RGBx only packed; sRGB only CL_UNORM_INT8;
 * INTENSITY/LUMINANCE only normalized or float; DEPTH only CL_UNORM_INT16 or CL_FLOAT. */
static int format_of(uint32_t order, uint32_t type, struct layout *l, struct packed *p, unsigned *size) {
  if (order_layout(order, l)) return -1;
  int is_packed = packed_of(type, p);
  if (is_packed) {
    int rgbx = order == CL_RGB || order == CL_RGBx;
    if (p->n == 4 ? order != CL_RGBA : !rgbx) return -1;
    l->n = p->n; /* RGBx's x is inside the packed word's unused bits */
    *size = (unsigned)p->size;
    return 0;
  }
  unsigned cb = channel_bytes(type);
  if (!cb || order == CL_RGB || order == CL_RGBx) return -1;
  if (l->srgb && type != CL_UNORM_INT8) return -1;
  if ((order == CL_INTENSITY || order == CL_LUMINANCE) && type_class(type) != VGPU_TEXEL_FLOAT) return -1;
  if (order == CL_DEPTH && type != CL_UNORM_INT16 && type != CL_FLOAT) return -1;
  if ((order == CL_BGRA || order == CL_ARGB || order == CL_ABGR || order == CL_sBGRA) && cb != 1) return -1;
  *size = cb * (unsigned)l->n;
  return 0;
}

enum vgpu_texel_class vgpu_texel_class(uint32_t order, uint32_t type) {
  struct layout l;
  struct packed p;
  unsigned size;
  return format_of(order, type, &l, &p, &size) ? VGPU_TEXEL_NONE : type_class(type);
}

unsigned vgpu_texel_size(uint32_t order, uint32_t type) {
  struct layout l;
  struct packed p;
  unsigned size;
  return format_of(order, type, &l, &p, &size) ? 0 : size;
}

float vgpu_half_to_float(uint16_t h) {
  uint32_t sign = (uint32_t)(h >> 15) << 31, e = (h >> 10) & 0x1f, m = h & 0x3ff, bits;
  if (e == 0x1f) bits = sign | 0x7f800000u | m << 13; /* inf, NaN (payload kept) */
  else if (e) bits = sign | (e + 112) << 23 | m << 13;
  else if (!m) bits = sign;
  else { /* subnormal: m * 2^-24, exact in float */
    float f = (float)m * 0x1p-24f;
    memcpy(&bits, &f, 4);
    bits |= sign;
  }
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

uint16_t vgpu_float_to_half(float f) {
  uint32_t x;
  memcpy(&x, &f, 4);
  uint16_t sign = (uint16_t)(x >> 16 & 0x8000);
  uint32_t ax = x & 0x7fffffffu;
  if (ax > 0x7f800000u) return (uint16_t)(sign | 0x7e00 | (ax >> 13 & 0x1ff)); /* NaN stays NaN */
  if (ax >= 0x477ff000u) return sign | 0x7c00; /* >= 65520 rounds to infinity */
  if (ax < 0x38800000u) { /* below 2^-14: a subnormal half, m * 2^-24, rounded to nearest even */
    float a;
    memcpy(&a, &ax, 4);
    return (uint16_t)(sign | (uint16_t)nearbyintf(a * 0x1p24f));
  }
  uint32_t m = ax + 0xfffu + (ax >> 13 & 1); /* round the 13 dropped bits to nearest even */
  return (uint16_t)(sign | ((m - 0x38000000u) >> 13));
}

/* s8.3.1.1: sRGB (non-linear) to linear, and back for writes. */
static float srgb_to_linear(float c) {
  return c <= 0.04045f ? c / 12.92f : (float)pow((c + 0.055) / 1.055, 2.4);
}
static float linear_to_srgb(float c) {
  if (isnan(c)) c = 0.0f;
  if (c > 1.0f) return 1.0f;
  if (c < 0.0f) return 0.0f;
  if (c < 0.0031308f) return 12.92f * c;
  return (float)(1.055 * pow(c, 1.0 / 2.4) - 0.055);
}

/* convert_<type>_sat_rte(f * scale) of s8.3.1.2: NaN is 0. */
static int32_t norm_round(float f, float scale, float lo, float hi) {
  if (isnan(f)) return 0;
  float v = nearbyintf(f * scale);
  return (int32_t)(v < lo ? lo : v > hi ? hi : v);
}

static uint32_t load_bits(const uint8_t *p, unsigned bytes) {
  uint32_t v = 0;
  memcpy(&v, p, bytes); /* little-endian, like the arena */
  return v;
}

int vgpu_texel_unpack(uint32_t order, uint32_t type, const void *texel, void *color16) {
  struct layout l;
  struct packed pk;
  unsigned size;
  if (format_of(order, type, &l, &pk, &size)) return -1;
  enum vgpu_texel_class cls = type_class(type);
  union { float f[4]; int32_t i[4]; uint32_t u[4]; } out;
  uint32_t one = cls == VGPU_TEXEL_FLOAT ? 0x3f800000u : 1u; /* the missing alpha: 1.0f or 1 */
  out.u[0] = out.u[1] = out.u[2] = 0;
  out.u[3] = one;
  const uint8_t *p = texel;
  uint32_t word = packed_of(type, &pk) ? load_bits(p, (unsigned)pk.size) : 0;
  int shift = pk.size * 8;
  if (type == CL_UNORM_SHORT_555 || type == CL_UNORM_INT_101010) shift -= type == CL_UNORM_SHORT_555 ? 1 : 2;
  for (int k = 0; k < l.n; k++) {
    union { float f; int32_t i; uint32_t u; } v;
    if (packed_of(type, &pk)) {
      shift -= pk.bits[k];
      uint32_t max = (1u << pk.bits[k]) - 1;
      v.f = (float)(word >> shift & max) / (float)max;
    } else {
      unsigned cb = channel_bytes(type);
      uint32_t raw = load_bits(p + k * cb, cb);
      switch (type) {
      case CL_UNORM_INT8: v.f = (float)raw / 255.0f; break;
      case CL_UNORM_INT16: v.f = (float)raw / 65535.0f; break;
      case CL_SNORM_INT8: v.f = fmaxf(-1.0f, (float)(int8_t)raw / 127.0f); break;
      case CL_SNORM_INT16: v.f = fmaxf(-1.0f, (float)(int16_t)raw / 32767.0f); break;
      case CL_HALF_FLOAT: v.f = vgpu_half_to_float((uint16_t)raw); break;
      case CL_SIGNED_INT8: v.i = (int8_t)raw; break;
      case CL_SIGNED_INT16: v.i = (int16_t)raw; break;
      default: v.u = raw; break; /* FLOAT (bits), SIGNED_INT32, UNSIGNED_INT8/16/32 */
      }
      if (l.srgb && l.ch[k] != CH_A) v.f = srgb_to_linear(v.f);
    }
    switch (l.ch[k]) {
    case CH_I: out.u[0] = out.u[1] = out.u[2] = out.u[3] = v.u; break;
    case CH_L: out.u[0] = out.u[1] = out.u[2] = v.u; break;
    case CH_X: break;
    default: out.u[l.ch[k]] = v.u; break;
    }
  }
  memcpy(color16, &out, 16);
  return 0;
}

int vgpu_texel_pack(uint32_t order, uint32_t type, const void *color16, void *texel) {
  struct layout l;
  struct packed pk;
  unsigned size;
  if (format_of(order, type, &l, &pk, &size)) return -1;
  union { float f[4]; int32_t i[4]; uint32_t u[4]; } in;
  memcpy(&in, color16, 16);
  uint8_t bytes[16] = {0};
  int is_packed = packed_of(type, &pk);
  uint32_t word = 0;
  int shift = pk.size * 8;
  if (type == CL_UNORM_SHORT_555 || type == CL_UNORM_INT_101010) shift -= type == CL_UNORM_SHORT_555 ? 1 : 2;
  for (int k = 0; k < l.n; k++) {
    int c = l.ch[k] == CH_I || l.ch[k] == CH_L ? CH_R : l.ch[k]; /* I and L are written from r */
    union { float f; int32_t i; uint32_t u; } v;
    v.u = c == CH_X ? 0 : in.u[c];
    if (is_packed) {
      shift -= pk.bits[k];
      float max = (float)((1u << pk.bits[k]) - 1);
      word |= (uint32_t)norm_round(v.f, max, 0.0f, max) << shift;
      continue;
    }
    if (c == CH_X) continue;
    if (l.srgb && c != CH_A) v.f = linear_to_srgb(v.f);
    uint32_t raw;
    switch (type) {
    case CL_UNORM_INT8: raw = (uint32_t)norm_round(v.f, 255.0f, 0.0f, 255.0f); break;
    case CL_UNORM_INT16: raw = (uint32_t)norm_round(v.f, 65535.0f, 0.0f, 65535.0f); break;
    case CL_SNORM_INT8: raw = (uint32_t)norm_round(v.f, 127.0f, -128.0f, 127.0f); break;
    case CL_SNORM_INT16: raw = (uint32_t)norm_round(v.f, 32767.0f, -32768.0f, 32767.0f); break;
    case CL_HALF_FLOAT: raw = vgpu_float_to_half(v.f); break;
    /* s8.3.3: write_imagei/ui saturate to the channel's range */
    case CL_SIGNED_INT8: raw = (uint32_t)(v.i < -128 ? -128 : v.i > 127 ? 127 : v.i); break;
    case CL_SIGNED_INT16: raw = (uint32_t)(v.i < -32768 ? -32768 : v.i > 32767 ? 32767 : v.i); break;
    case CL_UNSIGNED_INT8: raw = v.u > 255 ? 255 : v.u; break;
    case CL_UNSIGNED_INT16: raw = v.u > 65535 ? 65535 : v.u; break;
    default: raw = v.u; break; /* FLOAT, SIGNED_INT32, UNSIGNED_INT32 */
    }
    unsigned cb = channel_bytes(type);
    memcpy(bytes + k * cb, &raw, cb);
  }
  if (is_packed) memcpy(bytes, &word, (size_t)pk.size);
  memcpy(texel, bytes, size);
  return 0;
}
