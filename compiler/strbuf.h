/* strbuf.h - a growable text buffer: build logs, disassembly, attribute strings. */
#ifndef VGPU_COMPILER_STRBUF_H
#define VGPU_COMPILER_STRBUF_H
#include <stddef.h>

struct vgpu_strbuf {
  char *s;     /* always NUL-terminated once anything was appended */
  size_t len, cap;
};

void vgpu_strbuf_append(struct vgpu_strbuf *b, const char *text);
void vgpu_strbuf_appendn(struct vgpu_strbuf *b, const char *text, size_t n);
void vgpu_strbuf_printf(struct vgpu_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *vgpu_strbuf_str(const struct vgpu_strbuf *b); /* "" when empty */
void vgpu_strbuf_free(struct vgpu_strbuf *b);
#endif
