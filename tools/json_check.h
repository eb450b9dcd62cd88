/* json_check.h - a strict JSON (RFC 8259) syntax check, for the files `vgpu report` embeds: a
 * damaged or truncated input is refused with its line and column, instead of a page that fails
 * in the browser. */
#ifndef VGPU_TOOLS_JSON_CHECK_H
#define VGPU_TOOLS_JSON_CHECK_H
#include <stddef.h>

/* 0 when text[0..len) is one JSON value (whitespace around it allowed).  The top-level object's
 * keys are reported through key(name, name_len, user) when key is not NULL.  Else -1 and a message
 * in why ("line L, column C: ..."). */
int vgpu_json_check(const char *text, size_t len, void (*key)(const char *name, size_t n, void *user), void *user,
                    char *why, size_t why_size);
#endif
