/* json_check.c - recursive-descent JSON syntax check (RFC 8259 sections 2-7), nesting limited so
 * that a hostile file cannot exhaust the stack. */
#include "tools/json_check.h"

#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 256

struct jp {
  const char *s, *end, *p;
  const char *err;
  void (*key)(const char *, size_t, void *);
  void *user;
};

static void ws(struct jp *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

static int fail(struct jp *j, const char *what) {
  if (!j->err) j->err = what;
  return -1;
}

static int hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static int string(struct jp *j) {
  if (j->p >= j->end || *j->p != '"') return fail(j, "a string was expected");
  j->p++;
  while (j->p < j->end && *j->p != '"') {
    unsigned char c = (unsigned char)*j->p;
    if (c < 0x20) return fail(j, "a control character inside a string");
    if (c == '\\') {
      if (++j->p >= j->end) break;
      char e = *j->p;
      if (e == 'u') {
        if (j->end - j->p < 5 || !hex(j->p[1]) || !hex(j->p[2]) || !hex(j->p[3]) || !hex(j->p[4]))
          return fail(j, "a bad \\u escape");
        j->p += 4;
      } else if (!strchr("\"\\/bfnrt", e)) {
        return fail(j, "a bad escape in a string");
      }
    }
    j->p++;
  }
  if (j->p >= j->end) return fail(j, "a string is not closed");
  j->p++;
  return 0;
}

static int number(struct jp *j) {
  const char *p = j->p;
  if (p < j->end && *p == '-') p++;
  if (p >= j->end || *p < '0' || *p > '9') return fail(j, "a value was expected");
  if (*p == '0') p++;
  else while (p < j->end && *p >= '0' && *p <= '9') p++;
  if (p < j->end && *p == '.') {
    if (++p >= j->end || *p < '0' || *p > '9') return fail(j, "a digit must follow the decimal point");
    while (p < j->end && *p >= '0' && *p <= '9') p++;
  }
  if (p < j->end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < j->end && (*p == '+' || *p == '-')) p++;
    if (p >= j->end || *p < '0' || *p > '9') return fail(j, "a digit must follow the exponent");
    while (p < j->end && *p >= '0' && *p <= '9') p++;
  }
  j->p = p;
  return 0;
}

static int value(struct jp *j, int depth) {
  ws(j);
  if (j->p >= j->end) return fail(j, "the file ends where a value was expected");
  if (depth > MAX_DEPTH) return fail(j, "nested too deeply");
  char c = *j->p;
  if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    j->p++;
    ws(j);
    if (j->p < j->end && *j->p == close) {
      j->p++;
      return 0;
    }
    for (;;) {
      if (c == '{') {
        ws(j);
        const char *k = j->p + 1;
        if (string(j)) return -1;
        if (depth == 0 && j->key) j->key(k, (size_t)(j->p - 1 - k), j->user);
        ws(j);
        if (j->p >= j->end || *j->p != ':') return fail(j, "':' was expected after an object key");
        j->p++;
      }
      if (value(j, depth + 1)) return -1;
      ws(j);
      if (j->p < j->end && *j->p == ',') {
        j->p++;
        continue;
      }
      if (j->p < j->end && *j->p == close) {
        j->p++;
        return 0;
      }
      return fail(j, c == '{' ? "',' or '}' was expected" : "',' or ']' was expected");
    }
  }
  if (c == '"') return string(j);
  static const char *const words[] = {"true", "false", "null"};
  for (int i = 0; i < 3; i++) {
    size_t n = strlen(words[i]);
    if ((size_t)(j->end - j->p) >= n && !memcmp(j->p, words[i], n)) {
      j->p += n;
      return 0;
    }
  }
  return number(j);
}

int vgpu_json_check(const char *text, size_t len, void (*key)(const char *, size_t, void *), void *user,
                    char *why, size_t why_size) {
  struct jp j = {text, text + len, text, NULL, key, user};
  if (value(&j, 0) == 0) {
    ws(&j);
    if (j.p == j.end) return 0;
    fail(&j, "text after the end of the JSON value");
  }
  unsigned line = 1, col = 1;
  for (const char *q = text; q < j.p && q < j.end; q++) {
    if (*q == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  snprintf(why, why_size, "line %u, column %u: %s", line, col, j.err);
  return -1;
}
