/* kt_types.c - the OpenCL C scalar and vector types a kernel test names (OpenCL C 3.0 section
 * 6.3.1), and values converted, loaded and stored the way the device holds them. */
#include <math.h>
#include <string.h>
#include "kt.h"

static const struct { const char *name; size_t size; int is_float, is_signed; } bases[KT_NBASE] = {
  [KT_CHAR] = {"char", 1, 0, 1},   [KT_UCHAR] = {"uchar", 1, 0, 0},   [KT_SHORT] = {"short", 2, 0, 1},
  [KT_USHORT] = {"ushort", 2, 0, 0}, [KT_INT] = {"int", 4, 0, 1},     [KT_UINT] = {"uint", 4, 0, 0},
  [KT_LONG] = {"long", 8, 0, 1},   [KT_ULONG] = {"ulong", 8, 0, 0},   [KT_FLOAT] = {"float", 4, 1, 1},
  [KT_DOUBLE] = {"double", 8, 1, 1}, [KT_HALF] = {"half", 2, 0, 0},
};

size_t kt_base_size(enum kt_base b) { return bases[b].size; }
int kt_base_is_float(enum kt_base b) { return bases[b].is_float; }
int kt_base_is_signed(enum kt_base b) { return bases[b].is_signed; }
const char *kt_base_name(enum kt_base b) { return bases[b].name; }

int kt_type_parse(const char *word, struct kt_type *t) {
  /* the longest base name that prefixes word ("uchar" before "char"), then the width */
  int best = -1;
  size_t blen = 0;
  for (int b = 0; b < KT_NBASE; b++) {
    size_t n = strlen(bases[b].name);
    if (!strncmp(word, bases[b].name, n) && n > blen) { best = b; blen = n; }
  }
  if (!strcmp(word, "size_t")) { t->base = KT_ULONG; t->width = 1; return 0; }
  if (best < 0) return -1;
  const char *w = word + blen;
  int width = *w ? atoi(w) : 1;
  if (width != 1 && width != 2 && width != 3 && width != 4 && width != 8 && width != 16) return -1;
  if (*w && (width == 1 || strspn(w, "0123456789") != strlen(w))) return -1;
  t->base = (enum kt_base)best;
  t->width = width;
  return 0;
}

struct kt_val kt_int(int64_t v) { return (struct kt_val){0, 0, (uint64_t)v, 0}; }
struct kt_val kt_uint(uint64_t v) { return (struct kt_val){0, 1, v, 0}; }
struct kt_val kt_flt(double v) { return (struct kt_val){1, 0, 0, v}; }

double kt_as_double(struct kt_val v) {
  if (v.is_float) return v.f;
  return v.is_unsigned ? (double)v.i : (double)(int64_t)v.i;
}

/* a double to a 64-bit pattern as C's conversion does where it is defined; NaN and values out
 * of every 64-bit range give 0 (C leaves them undefined) */
static uint64_t float_to_bits(double f) {
  if (isnan(f)) return 0;
  if (f >= -0x1p63 && f < 0x1p63) return (uint64_t)(int64_t)f;
  if (f >= 0 && f < 0x1p64) return (uint64_t)f;
  return 0;
}

struct kt_val kt_convert(struct kt_val v, enum kt_base b) {
  if (b == KT_FLOAT) {
    float r = v.is_float ? (float)v.f : v.is_unsigned ? (float)v.i : (float)(int64_t)v.i;
    return kt_flt(r);
  }
  if (b == KT_DOUBLE) {
    double r = v.is_float ? v.f : v.is_unsigned ? (double)v.i : (double)(int64_t)v.i;
    return kt_flt(r);
  }
  uint64_t u = v.is_float ? float_to_bits(v.f) : v.i;
  unsigned bits = (unsigned)bases[b].size * 8;
  if (bits < 64) {
    u &= ((uint64_t)1 << bits) - 1;
    if (bases[b].is_signed && (u >> (bits - 1))) u |= ~(uint64_t)0 << bits;
  }
  return bases[b].is_signed ? kt_int((int64_t)u) : kt_uint(u);
}

struct kt_val kt_load(const void *buf, enum kt_base b, size_t idx) {
  const unsigned char *p = (const unsigned char *)buf + idx * bases[b].size;
  if (b == KT_FLOAT) { float f; memcpy(&f, p, 4); return kt_flt(f); }
  if (b == KT_DOUBLE) { double d; memcpy(&d, p, 8); return kt_flt(d); }
  uint64_t u = 0;
  memcpy(&u, p, bases[b].size); /* little-endian: the low bytes */
  return kt_convert(kt_uint(u), b);
}

void kt_store(void *buf, enum kt_base b, size_t idx, struct kt_val v) {
  unsigned char *p = (unsigned char *)buf + idx * bases[b].size;
  struct kt_val c = kt_convert(v, b);
  if (b == KT_FLOAT) { float f = (float)c.f; memcpy(p, &f, 4); return; }
  if (b == KT_DOUBLE) { memcpy(p, &c.f, 8); return; }
  memcpy(p, &c.i, bases[b].size);
}
