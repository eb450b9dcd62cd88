/* texel.h - one texel of an image format <-> the four 32-bit channels a kernel sees, with the
 * conversion rules of OpenCL 3.0 section 8.3 (normalized integers, half and float, sRGB, the packed
 * 565/555/101010 formats) and the channel-order mapping of section 8.3 (missing channels read as
 * 0, 0, 0, 1; CL_INTENSITY and CL_LUMINANCE replicate).  The texture unit of the SMs reads and
 * writes texels through it; the runtime packs clEnqueueFillImage's colour with vgpu_texel_pack.
 * Orders and types are the values of CL/cl.h. */
#ifndef VGPU_IMAGE_TEXEL_H
#define VGPU_IMAGE_TEXEL_H
#include <stdint.h>

/* What the four channels of a format hold for a kernel: read_imagef/write_imagef (and the h forms),
 * read_imagei/write_imagei, or read_imageui/write_imageui (OpenCL C 3.0 s6.15.15.7). */
enum vgpu_texel_class { VGPU_TEXEL_NONE, VGPU_TEXEL_FLOAT, VGPU_TEXEL_INT, VGPU_TEXEL_UINT };

/* The class of (order, type); VGPU_TEXEL_NONE when texel.c cannot convert it. */
enum vgpu_texel_class vgpu_texel_class(uint32_t order, uint32_t type);
/* Bytes of one texel of (order, type); 0 when texel.c cannot convert it. */
unsigned vgpu_texel_size(uint32_t order, uint32_t type);

/* color16 is float[4] for a FLOAT class format, int32_t[4] for INT, uint32_t[4] for UINT, in
 * (r, g, b, a) order.  Both return 0, or -1 (nothing written) for a format of class NONE. */
/* Reads the texel at `texel` (unaligned is fine) into color16 (s8.3.1 read rules). */
int vgpu_texel_unpack(uint32_t order, uint32_t type, const void *texel, void *color16);
/* Writes color16 as one texel (s8.3.1 write rules: round to nearest even, saturate; NaN -> 0 for
 * normalized types; sRGB encoded; channels the order does not store are dropped). */
int vgpu_texel_pack(uint32_t order, uint32_t type, const void *color16, void *texel);

/* Half <-> float (IEEE 754 binary16): exact widening; narrowing rounds to nearest even. */
float vgpu_half_to_float(uint16_t h);
uint16_t vgpu_float_to_half(float f);
#endif
