/* printf_format.c - OpenCL C printf formatting on the host (see printf_format.h).
 *
 * A conversion specification is  % flags width .precision vector length conversion  where the
 * vector specifier is vN (N = 2, 3, 4, 8, 16) and the length modifier hh, h, hl or l (OpenCL C 3.0
 * s6.15.14.2).  Each one is re-expressed as a host printf specification with the same flags, width
 * and precision and a value of the host type (long long, double, ...), so the digits are exactly
 * C99's; a vector prints its elements with that specification, separated by commas. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/printf_format.h"
#include "vir/vir.h"

static double half_to_double(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 31, man = h & 1023;
  double v;
  if (exp == 0) v = man * (1.0 / (1 << 24));                         /* subnormal: man * 2^-24 */
  else if (exp == 31) v = man ? __builtin_nan("") : __builtin_inf();
  else v = (1.0 + man / 1024.0) * (exp >= 15 ? (double)(1u << (exp - 15)) : 1.0 / (double)(1u << (15 - exp)));
  return sign ? -v : v;
}

/* The value of an element for a floating-point conversion. */
static double item_double(const struct vgpu_printf_item *it, int len_l, int len_h) {
  uint64_t b = it->bits;
  if (it->type == VIR_T_F64 || (len_l && it->type != VIR_T_F32 && it->type != VIR_T_F16)) {
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
  }
  if (it->type == VIR_T_F16 || (len_h && it->type != VIR_T_F32)) return half_to_double((uint16_t)b);
  uint32_t u = (uint32_t)b;
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

/* The value of an element for an integer conversion: bits of the length modifier's width
 * (hh 8, h 16, none or hl 32, l 64), sign- or zero-extended. */
static unsigned long long item_int(const struct vgpu_printf_item *it, int bits, int is_signed) {
  uint64_t v = it->bits;
  if (bits < 64) {
    v &= (1ull << bits) - 1;
    if (is_signed && (v >> (bits - 1)) & 1) v |= ~((1ull << bits) - 1);
  }
  return (unsigned long long)v;
}

void vgpu_printf_format(FILE *out, const char *fmt, size_t fmt_max, const struct vgpu_printf_item *items,
                        uint32_t nitems, vgpu_printf_string_fn str, void *ctx) {
  uint32_t next = 0;
  size_t i = 0;
  while (i < fmt_max && fmt[i]) {
    if (fmt[i] != '%') {
      size_t j = i;
      while (j < fmt_max && fmt[j] && fmt[j] != '%') j++;
      fwrite(fmt + i, 1, j - i, out);
      i = j;
      continue;
    }
    size_t start = i++;
    if (i < fmt_max && fmt[i] == '%') { fputc('%', out); i++; continue; }
    /* host specification: % flags width .precision */
    char spec[64];
    size_t k = 0;
    spec[k++] = '%';
    while (i < fmt_max && strchr("-+ #0", fmt[i]) && fmt[i] && k < 20) spec[k++] = fmt[i++];
    while (i < fmt_max && fmt[i] >= '0' && fmt[i] <= '9' && k < 40) spec[k++] = fmt[i++];
    if (i < fmt_max && fmt[i] == '.') {
      spec[k++] = fmt[i++];
      while (i < fmt_max && fmt[i] >= '0' && fmt[i] <= '9' && k < 56) spec[k++] = fmt[i++];
    }
    int vec = 1;
    if (i < fmt_max && fmt[i] == 'v') {
      size_t j = i + 1;
      int n = 0;
      while (j < fmt_max && fmt[j] >= '0' && fmt[j] <= '9') n = n * 10 + (fmt[j++] - '0');
      if (n == 2 || n == 3 || n == 4 || n == 8 || n == 16) { vec = n; i = j; }
    }
    int len_hh = 0, len_h = 0, len_hl = 0, len_l = 0;
    if (i + 1 < fmt_max && fmt[i] == 'h' && fmt[i + 1] == 'h') { len_hh = 1; i += 2; }
    else if (i + 1 < fmt_max && fmt[i] == 'h' && fmt[i + 1] == 'l') { len_hl = 1; i += 2; }
    else if (i < fmt_max && fmt[i] == 'h') { len_h = 1; i++; }
    else if (i < fmt_max && fmt[i] == 'l') { len_l = 1; i++; }
    char conv = i < fmt_max ? fmt[i] : 0;
    int is_int = conv && strchr("diouxX", conv), is_float = conv && strchr("fFeEgGaA", conv);
    int ok = conv && (is_int || is_float || conv == 'c' || conv == 's' || conv == 'p');
    /* hl is only for vectors; c, s, p take no vector or length modifier. */
    if (ok && len_hl && vec == 1) ok = 0;
    if (ok && (conv == 'c' || conv == 's' || conv == 'p') && (vec > 1 || len_hh || len_h || len_hl || len_l)) ok = 0;
    if (ok && next + (uint32_t)vec > nitems) ok = 0;
    if (!ok) {
      /* Not a valid specification (or no argument for it): print it as written. */
      size_t end = conv ? i + 1 : i;
      fwrite(fmt + start, 1, end - start, out);
      i = end;
      continue;
    }
    i++;
    for (int e = 0; e < vec; e++) {
      const struct vgpu_printf_item *it = &items[next++];
      if (e) fputc(',', out);
      char s[72];
      memcpy(s, spec, k);
      if (is_int) {
        int bits = len_hh ? 8 : len_h ? 16 : len_l ? 64 : 32;
        int sgn = conv == 'd' || conv == 'i';
        s[k] = 'l'; s[k + 1] = 'l'; s[k + 2] = conv; s[k + 3] = 0;
        fprintf(out, s, item_int(it, bits, sgn));
      } else if (is_float) {
        s[k] = conv; s[k + 1] = 0;
        fprintf(out, s, item_double(it, len_l, len_h));
      } else if (conv == 'c') {
        s[k] = 'c'; s[k + 1] = 0;
        fprintf(out, s, (int)(unsigned char)it->bits);
      } else if (conv == 'p') {
        s[k] = 'p'; s[k + 1] = 0;
        fprintf(out, s, (void *)(uintptr_t)it->bits);
      } else {
        size_t max = 0;
        const char *text = it->bits ? str(ctx, it->bits, &max) : NULL;
        s[k] = '.'; s[k + 1] = '*'; s[k + 2] = 's'; s[k + 3] = 0;
        /* The application's precision wins; else at most what is readable. */
        if (memchr(spec, '.', k)) { s[k] = 's'; s[k + 1] = 0; }
        const char *shown = text ? text : "(null)";
        size_t n = text ? strnlen(text, max) : 6;
        if (memchr(spec, '.', k)) {
          char *tmp = malloc(n + 1);
          if (tmp) { memcpy(tmp, shown, n); tmp[n] = 0; fprintf(out, s, tmp); free(tmp); }
        } else {
          fprintf(out, s, (int)n, shown);
        }
      }
    }
  }
}

unsigned vgpu_printf_records(FILE *out, const uint8_t *buf, uint64_t used, uint64_t size,
                             vgpu_printf_string_fn str, void *ctx) {
  if (used > size) used = size;
  uint64_t off = 0;
  unsigned n = 0;
  while (off + sizeof(struct vgpu_printf_record) <= used) {
    struct vgpu_printf_record r;
    memcpy(&r, buf + off, sizeof r);
    uint64_t need = sizeof r + (uint64_t)r.nitems * sizeof(struct vgpu_printf_item);
    if (r.size < need || r.size % 8 || r.size > used - off) break;
    size_t fmt_max = 0;
    const char *fmt = str(ctx, r.format, &fmt_max);
    if (fmt) {
      /* Items may be unaligned in a corrupted buffer: copy them out. */
      struct vgpu_printf_item stack[64], *items = r.nitems <= 64 ? stack : malloc(r.nitems * sizeof *items);
      if (items) {
        memcpy(items, buf + off + sizeof r, r.nitems * sizeof *items);
        vgpu_printf_format(out, fmt, fmt_max, items, r.nitems, str, ctx);
        if (items != stack) free(items);
        n++;
      }
    }
    off += r.size;
  }
  return n;
}
