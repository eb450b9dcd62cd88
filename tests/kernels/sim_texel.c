/* sim_texel.c - the texture unit's texel conversion (image/texel.c) against values worked out by
 * hand from OpenCL 3.0 section 8.3: normalized integers both ways (round to nearest even,
 * saturation, NaN -> 0, SNORM's clamp at -1), half (exact widening, RTE narrowing, overflow,
 * subnormals), the unnormalized integers' saturation, sRGB, the packed 565/555/101010 layouts and
 * the channel orders (missing channels 0,0,0,1; INTENSITY and LUMINANCE replicated; BGRA, ARGB,
 * ABGR byte order; x channels). */
#include <CL/cl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "image/texel.h"
#include "tests/testlib.h"

static void unpack_f(uint32_t order, uint32_t type, const void *texel, float e0, float e1, float e2, float e3) {
  float v[4] = {-9, -9, -9, -9}, e[4] = {e0, e1, e2, e3};
  CHECK(vgpu_texel_unpack(order, type, texel, v) == 0);
  for (int i = 0; i < 4; i++)
    if (!CHECK(v[i] == e[i])) printf("  order %#x type %#x channel %d: %.9g, want %.9g\n", order, type, i, v[i], e[i]);
}

static void pack_bytes(uint32_t order, uint32_t type, const void *color, const uint8_t *want, unsigned n) {
  uint8_t got[16];
  memset(got, 0xee, sizeof got);
  CHECK(vgpu_texel_size(order, type) == n);
  CHECK(vgpu_texel_pack(order, type, color, got) == 0);
  if (!CHECK(!memcmp(got, want, n))) {
    printf("  order %#x type %#x:", order, type);
    for (unsigned i = 0; i < n; i++) printf(" %02x/%02x", got[i], want[i]);
    printf("\n");
  }
  CHECK(got[n] == 0xee); /* nothing past the texel */
}

int main(void) {
  /* s8.3.1.1: UNORM_INT8 reads c / 255, SNORM_INT8 max(-1, c / 127) */
  uint8_t rgba8[4] = {0, 51, 255, 128};
  unpack_f(CL_RGBA, CL_UNORM_INT8, rgba8, 0.0f, 51.0f / 255.0f, 1.0f, 128.0f / 255.0f);
  uint8_t s8[4] = {0x80, 0x81, 0x7f, 0x00}; /* -128 clamps to -1, -127 is -1, 127 is 1 */
  unpack_f(CL_RGBA, CL_SNORM_INT8, s8, -1.0f, -1.0f, 1.0f, 0.0f);
  uint16_t u16[1] = {32768};
  unpack_f(CL_R, CL_UNORM_INT16, u16, 32768.0f / 65535.0f, 0, 0, 1); /* missing g, b = 0, a = 1 */
  /* channel orders: BGRA stores b first; A alone gives (0, 0, 0, a); INTENSITY replicates to all
   * four, LUMINANCE to r, g, b with a = 1; RA; Rx ignores x */
  uint8_t bgra[4] = {255, 0, 51, 0};
  unpack_f(CL_BGRA, CL_UNORM_INT8, bgra, 0.2f, 0.0f, 1.0f, 0.0f);
  uint8_t argb[4] = {255, 0, 51, 102};
  unpack_f(CL_ARGB, CL_UNORM_INT8, argb, 0.0f, 0.2f, 0.4f, 1.0f);
  unpack_f(CL_ABGR, CL_UNORM_INT8, argb, 0.4f, 0.2f, 0.0f, 1.0f);
  uint8_t one8 = 51;
  unpack_f(CL_A, CL_UNORM_INT8, &one8, 0, 0, 0, 0.2f);
  unpack_f(CL_INTENSITY, CL_UNORM_INT8, &one8, 0.2f, 0.2f, 0.2f, 0.2f);
  unpack_f(CL_LUMINANCE, CL_UNORM_INT8, &one8, 0.2f, 0.2f, 0.2f, 1.0f);
  uint8_t ra[2] = {0, 255};
  unpack_f(CL_RA, CL_UNORM_INT8, ra, 0, 0, 0, 1.0f);
  /* half: 0x3c00 = 1, 0xc000 = -2, 0x0001 = 2^-24 (subnormal), 0x7bff = 65504 */
  uint16_t h[4] = {0x3c00, 0xc000, 0x0001, 0x7bff};
  unpack_f(CL_RGBA, CL_HALF_FLOAT, h, 1.0f, -2.0f, 0x1p-24f, 65504.0f);
  /* float: the bits as they are */
  float fl[2] = {-0.0f, 3.5f};
  unpack_f(CL_RG, CL_FLOAT, fl, -0.0f, 3.5f, 0, 1.0f);
  /* packed: 565 R 15:11, G 10:5, B 4:0; 555 bit 15 unused; 101010 bits 31:30 unused */
  uint16_t p565 = 31u << 11 | 21u << 5 | 0;
  unpack_f(CL_RGB, CL_UNORM_SHORT_565, &p565, 1.0f, 21.0f / 63.0f, 0.0f, 1.0f);
  uint16_t p555 = 1u << 15 | 0u << 10 | 31u << 5 | 10;
  unpack_f(CL_RGB, CL_UNORM_SHORT_555, &p555, 0.0f, 1.0f, 10.0f / 31.0f, 1.0f);
  uint32_t p1010 = 3u << 30 | 1023u << 20 | 0u << 10 | 341;
  unpack_f(CL_RGBx, CL_UNORM_INT_101010, &p1010, 1.0f, 0.0f, 341.0f / 1023.0f, 1.0f);
  /* sRGB s8.3.1.1: 0 -> 0, 255 -> 1, 10/255 (<= 0.04045) -> c / 12.92, alpha linear */
  uint8_t srgb[4] = {0, 255, 10, 51};
  unpack_f(CL_sRGBA, CL_UNORM_INT8, srgb, 0.0f, 1.0f, (10.0f / 255.0f) / 12.92f, 0.2f);
  float mid[4];
  uint8_t s128[4] = {128, 128, 128, 128};
  CHECK(vgpu_texel_unpack(CL_sRGBA, CL_UNORM_INT8, s128, mid) == 0);
  CHECK(fabs(mid[0] - pow((128.0 / 255.0 + 0.055) / 1.055, 2.4)) < 1e-6); /* 0.21586 */

  /* unnormalized integers: sign extension, missing alpha is the integer 1 */
  int8_t i8[2] = {-5, 127};
  int32_t iv[4];
  CHECK(vgpu_texel_unpack(CL_RG, CL_SIGNED_INT8, i8, iv) == 0);
  CHECK(iv[0] == -5 && iv[1] == 127 && iv[2] == 0 && iv[3] == 1);
  uint16_t ui16 = 65535;
  uint32_t uv[4];
  CHECK(vgpu_texel_unpack(CL_R, CL_UNSIGNED_INT16, &ui16, uv) == 0);
  CHECK(uv[0] == 65535 && uv[1] == 0 && uv[2] == 0 && uv[3] == 1);
  CHECK(vgpu_texel_class(CL_R, CL_UNSIGNED_INT16) == VGPU_TEXEL_UINT);
  CHECK(vgpu_texel_class(CL_RGBA, CL_SIGNED_INT32) == VGPU_TEXEL_INT);
  CHECK(vgpu_texel_class(CL_sRGBA, CL_UNORM_INT8) == VGPU_TEXEL_FLOAT);

  /* writes, s8.3.1.2: convert_uchar_sat_rte(f * 255): 0.5 * 255 = 127.5 -> 128 (even),
   * 1.5 / 255 * 255 ~ 1.5 -> 2, 2.5/255*255 -> 2 (even), saturation, NaN -> 0 */
  float w[4] = {0.5f, 2.5f / 255.0f, 1.7f, NAN};
  pack_bytes(CL_RGBA, CL_UNORM_INT8, w, (const uint8_t[]){128, 2, 255, 0}, 4);
  pack_bytes(CL_BGRA, CL_UNORM_INT8, w, (const uint8_t[]){255, 2, 128, 0}, 4);
  float ws[4] = {-1.5f, -0.5f, 0.5f, 1.0f}; /* SNORM8: *127 = -190.5 -> -128 (sat), -63.5 -> -64, 63.5 -> 64 */
  pack_bytes(CL_RGBA, CL_SNORM_INT8, ws, (const uint8_t[]){0x80, 0xc0, 64, 127}, 4);
  float wl[4] = {0.25f, 0.9f, 0.9f, 0.9f}; /* LUMINANCE and INTENSITY store r; A stores a */
  pack_bytes(CL_LUMINANCE, CL_UNORM_INT16, wl, (const uint8_t[]){0x00, 0x40}, 2); /* 16383.75 -> 16384 */
  pack_bytes(CL_A, CL_UNORM_INT8, wl, (const uint8_t[]){230}, 1); /* 229.5 -> 230 */
  /* half RTE: 1 + 2^-11 is halfway between 1 and 1 + 2^-10 -> 1 (even); 1 + 3 * 2^-11 -> 1 + 2^-9;
   * 65520 -> inf; 2^-25 is halfway to the smallest subnormal -> 0; 3 * 2^-25 -> 2 * 2^-24 */
  float wh[4] = {1.0f + 0x1p-11f, 1.0f + 3 * 0x1p-11f, 65520.0f, 3 * 0x1p-25f};
  pack_bytes(CL_RGBA, CL_HALF_FLOAT, wh, (const uint8_t[]){0x00, 0x3c, 0x02, 0x3c, 0x00, 0x7c, 0x02, 0x00}, 8);
  CHECK(vgpu_float_to_half(0x1p-25f) == 0 && vgpu_float_to_half(-65504.0f) == 0xfbff);
  CHECK(vgpu_float_to_half(NAN) >= 0x7c01 || (vgpu_float_to_half(NAN) & 0x7fff) > 0x7c00);
  /* write_imagei/ui saturate (s8.3.3) */
  int32_t wi[4] = {-300, 300, -7, 0};
  pack_bytes(CL_RGBA, CL_SIGNED_INT8, wi, (const uint8_t[]){0x80, 0x7f, 0xf9, 0}, 4);
  uint32_t wu[4] = {70000, 3, 0, 0};
  pack_bytes(CL_RG, CL_UNSIGNED_INT16, wu, (const uint8_t[]){0xff, 0xff, 3, 0}, 4);
  /* packed: 565 of (1, 0.5, 0) = 31, 31.5 -> 32, 0 */
  float wp[4] = {1.0f, 0.5f, 0.0f, 1.0f};
  uint16_t want565 = 31u << 11 | 32u << 5;
  pack_bytes(CL_RGB, CL_UNORM_SHORT_565, wp, (const uint8_t *)&want565, 2);
  uint32_t want1010 = 1023u << 20 | 512u << 10; /* 511.5 -> 512 */
  pack_bytes(CL_RGB, CL_UNORM_INT_101010, wp, (const uint8_t *)&want1010, 4);
  /* sRGB encode: 1 -> 255; 0.001 < 0.0031308 -> 12.92 * 0.001 * 255 = 3.29 -> 3;
   * 0.5 -> 1.055 * 0.5^(1/2.4) - 0.055 = 0.7354 -> 187.5 ... -> 188; alpha linear 0.5 -> 128 */
  float wsr[4] = {1.0f, 0.001f, 0.5f, 0.5f};
  uint8_t want_srgb[4] = {255, 3, (uint8_t)nearbyint((1.055 * pow(0.5, 1 / 2.4) - 0.055) * 255), 128};
  pack_bytes(CL_sRGBA, CL_UNORM_INT8, wsr, want_srgb, 4);
  /* round trip of every 8-bit sRGB code */
  for (int c = 0; c < 256; c++) {
    uint8_t t[4] = {(uint8_t)c, 0, 0, 0}, back[4];
    float lin[4];
    vgpu_texel_unpack(CL_sRGBA, CL_UNORM_INT8, t, lin);
    vgpu_texel_pack(CL_sRGBA, CL_UNORM_INT8, lin, back);
    if (!CHECK(back[0] == c)) { printf("  sRGB %d -> %g -> %d\n", c, lin[0], back[0]); break; }
  }
  /* formats s5.3.1.1 does not allow */
  CHECK(vgpu_texel_size(CL_RGB, CL_UNORM_INT8) == 0);
  CHECK(vgpu_texel_size(CL_INTENSITY, CL_SIGNED_INT8) == 0);
  CHECK(vgpu_texel_size(CL_BGRA, CL_UNORM_INT16) == 0);
  CHECK(vgpu_texel_size(CL_RGBA, CL_UNORM_SHORT_565) == 0);
  CHECK(vgpu_texel_pack(CL_sRGBA, CL_FLOAT, w, rgba8) == -1);
  return vt_finish();
}
