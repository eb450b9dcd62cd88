/* pack.h - a colour to one texel, as write_imagef/i/ui store it (OpenCL C 3.0 s8.3 conversion
 * rules: normalized types round to nearest even and saturate, integers saturate, half rounds to
 * nearest even, sRGB encodes r, g and b).  The host uses it for clEnqueueFillImage (s5.3.4: "The
 * fill color is ... converted to the appropriate image channel format and order associated with
 * image"). */
#ifndef VGPU_IMAGE_PACK_H
#define VGPU_IMAGE_PACK_H
#include <stdint.h>

/* color: four floats for normalized, half and float types, four int32 for CL_SIGNED_INT*, four
 * uint32 for CL_UNSIGNED_INT* (r, g, b, a).  Writes the texel's bytes (at most 16) to texel.
 * Returns 0, or -1 when (order, type) is not a format of image/formats.c. */
int vgpu_image_pack_color(uint32_t order, uint32_t type, const void *color, void *texel);
/* IEEE float to binary16, rounding to nearest even (NaN stays NaN, overflow gives infinity). */
uint16_t vgpu_float_to_half(float f);
#endif
