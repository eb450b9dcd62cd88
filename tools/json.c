/* json.c - see json.h.  Recursive descent over the text; depth is bounded so that a hostile file
 * cannot exhaust the stack. */
#include "tools/json.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

struct parser {
  const char *s, *start;
  char *err;
  size_t err_len;
  int failed;
};

static void fail(struct parser *p, const char *what) {
  if (p->failed) return;
  p->failed = 1;
  unsigned line = 1;
  for (const char *c = p->start; c < p->s; c++) line += *c == '\n';
  snprintf(p->err, p->err_len, "line %u: %s", line, what);
}

static void ws(struct parser *p) {
  while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r') p->s++;
}

static int hex4(const char *s, unsigned *v) {
  *v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
               : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
    if (d > 15) return -1;
    *v = *v * 16 + d;
  }
  return 0;
}

static size_t utf8(char *o, unsigned cp) {
  if (cp < 0x80) { o[0] = (char)cp; return 1; }
  if (cp < 0x800) { o[0] = (char)(0xc0 | cp >> 6); o[1] = (char)(0x80 | (cp & 0x3f)); return 2; }
  if (cp < 0x10000) {
    o[0] = (char)(0xe0 | cp >> 12); o[1] = (char)(0x80 | ((cp >> 6) & 0x3f)); o[2] = (char)(0x80 | (cp & 0x3f));
    return 3;
  }
  o[0] = (char)(0xf0 | cp >> 18); o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
  o[2] = (char)(0x80 | ((cp >> 6) & 0x3f)); o[3] = (char)(0x80 | (cp & 0x3f));
  return 4;
}

/* A string at p->s (on its opening quote): malloc'd, decoded. */
static char *string(struct parser *p) {
  p->s++;
  size_t cap = 16, n = 0;
  char *o = malloc(cap);
  while (o && *p->s != '"') {
    if (n + 8 > cap) {
      char *q = realloc(o, cap *= 2);
      if (!q) { free(o); o = NULL; break; }
      o = q;
    }
    unsigned char c = (unsigned char)*p->s;
    if (!c || c < 0x20) { fail(p, "unterminated string or control character in a string"); free(o); return NULL; }
    if (c != '\\') { o[n++] = (char)c; p->s++; continue; }
    char e = p->s[1];
    p->s += 2;
    switch (e) {
      case '"': o[n++] = '"'; break;
      case '\\': o[n++] = '\\'; break;
      case '/': o[n++] = '/'; break;
      case 'b': o[n++] = '\b'; break;
      case 'f': o[n++] = '\f'; break;
      case 'n': o[n++] = '\n'; break;
      case 'r': o[n++] = '\r'; break;
      case 't': o[n++] = '\t'; break;
      case 'u': {
        unsigned cp, lo;
        if (hex4(p->s, &cp)) { fail(p, "bad \\u escape"); free(o); return NULL; }
        p->s += 4;
        if (cp >= 0xd800 && cp < 0xdc00 && p->s[0] == '\\' && p->s[1] == 'u' && !hex4(p->s + 2, &lo) &&
            lo >= 0xdc00 && lo < 0xe000) { /* a surrogate pair */
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          p->s += 6;
        }
        n += utf8(o + n, cp);
        break;
      }
      default: fail(p, "bad escape in a string"); free(o); return NULL;
    }
  }
  if (!o) { fail(p, "out of memory"); return NULL; }
  p->s++;
  o[n] = '\0';
  return o;
}

static struct json *value(struct parser *p, int depth);

static struct json *node(struct parser *p, enum json_type t) {
  struct json *j = calloc(1, sizeof *j);
  if (!j) fail(p, "out of memory");
  else j->type = t;
  return j;
}

/* Elements or members up to `close`; objects read "key": value. */
static struct json *items(struct parser *p, struct json *j, char close, int depth) {
  p->s++;
  ws(p);
  struct json **tail = &j->child;
  if (*p->s == close) { p->s++; return j; }
  for (;;) {
    ws(p);
    char *key = NULL;
    if (j->type == JSON_OBJECT) {
      if (*p->s != '"') { fail(p, "expected a member name"); break; }
      if (!(key = string(p))) break;
      ws(p);
      if (*p->s != ':') { free(key); fail(p, "expected ':'"); break; }
      p->s++;
    }
    struct json *v = value(p, depth + 1);
    if (!v) { free(key); break; }
    v->key = key;
    *tail = v;
    tail = &v->next;
    ws(p);
    if (*p->s == ',') { p->s++; continue; }
    if (*p->s == close) { p->s++; return j; }
    fail(p, j->type == JSON_OBJECT ? "expected ',' or '}'" : "expected ',' or ']'");
    break;
  }
  json_free(j);
  return NULL;
}

static struct json *value(struct parser *p, int depth) {
  if (depth > MAX_DEPTH) { fail(p, "nested too deeply"); return NULL; }
  ws(p);
  struct json *j;
  char c = *p->s;
  if (c == '{' || c == '[') {
    if (!(j = node(p, c == '{' ? JSON_OBJECT : JSON_ARRAY))) return NULL;
    return items(p, j, c == '{' ? '}' : ']', depth);
  }
  if (c == '"') {
    char *s = string(p);
    if (!s || !(j = node(p, JSON_STRING))) { free(s); return NULL; }
    j->str = s;
    return j;
  }
  static const struct { const char *word; enum json_type t; double v; } words[] = {
    {"true", JSON_BOOL, 1}, {"false", JSON_BOOL, 0}, {"null", JSON_NULL, 0}};
  for (size_t i = 0; i < 3; i++)
    if (!strncmp(p->s, words[i].word, strlen(words[i].word))) {
      p->s += strlen(words[i].word);
      if ((j = node(p, words[i].t))) j->num = words[i].v;
      return j;
    }
  if (c == '-' || (c >= '0' && c <= '9')) {
    char *end;
    errno = 0;
    double d = strtod(p->s, &end);
    if (end == p->s) { fail(p, "bad number"); return NULL; }
    if (!(j = node(p, JSON_NUMBER))) return NULL;
    j->num = d;
    if (c != '-') { /* exact for integers */
      char *iend;
      errno = 0;
      unsigned long long u = strtoull(p->s, &iend, 10);
      j->u64 = iend == end && !errno ? u : (d >= 0 && d < 18446744073709551615.0 ? (uint64_t)d : 0);
    }
    p->s = end;
    return j;
  }
  fail(p, c ? "unexpected character" : "unexpected end of the text");
  return NULL;
}

struct json *json_parse(const char *text, char *err, size_t err_len) {
  struct parser p = {text, text, err, err_len, 0};
  struct json *j = value(&p, 0);
  if (j) {
    ws(&p);
    if (*p.s) {
      fail(&p, "text after the value");
      json_free(j);
      return NULL;
    }
  }
  return j;
}

void json_free(struct json *j) {
  while (j) {
    struct json *next = j->next;
    json_free(j->child);
    free(j->key);
    free(j->str);
    free(j);
    j = next;
  }
}

const struct json *json_get(const struct json *j, const char *key) {
  if (!j || j->type != JSON_OBJECT) return NULL;
  for (const struct json *m = j->child; m; m = m->next)
    if (m->key && !strcmp(m->key, key)) return m;
  return NULL;
}

uint64_t json_u64(const struct json *j, const char *key, uint64_t dflt) {
  const struct json *m = json_get(j, key);
  return m && m->type == JSON_NUMBER ? m->u64 : dflt;
}

const char *json_str(const struct json *j, const char *key, const char *dflt) {
  const struct json *m = json_get(j, key);
  return m && m->type == JSON_STRING ? m->str : dflt;
}

char *json_read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  for (size_t r; buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
    n += r;
    if (cap - n - 1 == 0) {
      char *q = realloc(buf, cap *= 2);
      if (!q) { free(buf); buf = NULL; }
      else buf = q;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (!buf || bad) { free(buf); if (!errno) errno = EIO; return NULL; }
  buf[n] = '\0';
  return buf;
}
