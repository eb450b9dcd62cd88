/* strbuf.c - growable text buffer.  Allocation failure aborts: the compiler runs in its own helper
 * process under a memory limit, and the runtime reports a dead helper as a failed build. */
#include "compiler/strbuf.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(struct vgpu_strbuf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  char *s = realloc(b->s, cap);
  if (!s) abort();
  b->s = s;
  b->cap = cap;
}

void vgpu_strbuf_appendn(struct vgpu_strbuf *b, const char *text, size_t n) {
  reserve(b, n);
  memcpy(b->s + b->len, text, n);
  b->len += n;
  b->s[b->len] = 0;
}

void vgpu_strbuf_append(struct vgpu_strbuf *b, const char *text) { vgpu_strbuf_appendn(b, text, strlen(text)); }

void vgpu_strbuf_printf(struct vgpu_strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

const char *vgpu_strbuf_str(const struct vgpu_strbuf *b) { return b->s ? b->s : ""; }

void vgpu_strbuf_free(struct vgpu_strbuf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
}
