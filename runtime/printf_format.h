/* printf_format.h - turns the printf records a launch left in its printf buffer (sim/launch.h)
 * into text, following OpenCL C 3.0 s6.15.14 (vector specifiers included: %v4f, %v2hhd ...). */
#ifndef VGPU_PRINTF_FORMAT_H
#define VGPU_PRINTF_FORMAT_H
#include <stdint.h>
#include <stdio.h>
#include "sim/launch.h"

/* Gives the NUL-terminated text at device address addr (the format, %s arguments) and how many
 * bytes may be read there; NULL when addr is not readable. */
typedef const char *(*vgpu_printf_string_fn)(void *ctx, uint64_t addr, size_t *max_len);

/* Formats one printf call (a format and its flattened arguments) to out. */
void vgpu_printf_format(FILE *out, const char *fmt, size_t fmt_max, const struct vgpu_printf_item *items,
                        uint32_t nitems, vgpu_printf_string_fn str, void *ctx);
/* Formats every record of a printf buffer (used bytes, clamped to size), in buffer order.
 * Returns the number of records printed; stops at the first malformed record. */
unsigned vgpu_printf_records(FILE *out, const uint8_t *buf, uint64_t used, uint64_t size,
                             vgpu_printf_string_fn str, void *ctx);
#endif
