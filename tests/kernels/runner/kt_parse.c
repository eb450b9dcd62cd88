/* kt_parse.c - reads the header of a kernel test: the block comment opened by slash-star-bang
 * in the .cl file, one directive a line (tests/kernels/README.md).  Everything a run needs is checked here,
 * so a mistake in a test file is reported with its line before any kernel runs. */
#include <ctype.h>
#include <string.h>
#include "kt.h"

struct ctx { const char *path; int line; };

static int perr(struct ctx *c, const char *fmt, const char *arg) {
  fprintf(stderr, "%s:%d: ", c->path, c->line);
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  return -1;
}

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
  return s;
}

/* "word:" at the start of s: returns what follows, or NULL */
static char *after(char *s, const char *word) {
  size_t n = strlen(word);
  if (strncmp(s, word, n)) return NULL;
  return trim(s + n);
}

static int parse_sizes(struct ctx *c, char *s, size_t *v, cl_uint *dims) {
  cl_uint n = 0;
  for (char *tok = strtok(s, " \t"); tok; tok = strtok(NULL, " \t")) {
    char *end;
    if (n == 3) return perr(c, "more than 3 dimensions: %s", tok);
    v[n++] = strtoull(tok, &end, 0);
    if (*end) return perr(c, "not a size: %s", tok);
  }
  if (!n) return perr(c, "a size is missing%s", "");
  if (dims) *dims = n;
  return 0;
}

static cl_int error_code(const char *name, int *ok) {
  for (cl_int e = 0; e >= -80; e--)
    if (!strcmp(vt_error_name(e), name)) { *ok = 1; return e; }
  *ok = 0;
  return 0;
}

/* a quoted string: copies its text to out */
static int quoted(struct ctx *c, const char *s, char *out, size_t len) {
  const char *a = strchr(s, '"'), *b = a ? strrchr(a + 1, '"') : NULL;
  if (!a || !b) return perr(c, "a \"quoted\" text is expected: %s", s);
  snprintf(out, len, "%.*s", (int)(b - a - 1), a + 1);
  return 0;
}

static struct kt_expr *expr(struct ctx *c, const char *text) {
  char why[200];
  struct kt_expr *e = kt_expr_parse(text, why, sizeof why);
  if (!e) {
    fprintf(stderr, "%s:%d: in '%s': %s\n", c->path, c->line, text, why);
    return NULL;
  }
  return e;
}

/* cuts s at its first comma outside parentheses; returns what follows, or NULL */
static char *split_top(char *s) {
  int depth = 0;
  for (; *s; s++) {
    if (*s == '(' || *s == '[') depth++;
    else if (*s == ')' || *s == ']') depth--;
    else if (*s == ',' && !depth) { *s = 0; return s + 1; }
  }
  return NULL;
}

/* "[e, e, ...]": constant expressions evaluated now */
static int parse_list(struct ctx *c, char *s, struct kt_val **out, size_t *n) {
  size_t len = strlen(s);
  if (s[0] != '[' || s[len - 1] != ']') return perr(c, "a [list] is expected: %s", s);
  s[len - 1] = 0;
  size_t cap = 16;
  *out = malloc(cap * sizeof **out);
  *n = 0;
  for (char *tok = s + 1, *next; tok; tok = next) {
    next = split_top(tok);
    struct kt_expr *e = expr(c, tok);
    if (!e) return -1;
    struct kt_scope sc = {0};
    int err;
    char why[200];
    struct kt_val v = kt_expr_eval(e, &sc, &err, why, sizeof why);
    kt_expr_free(e);
    if (err) return perr(c, "%s", why);
    if (*n == cap) *out = realloc(*out, (cap *= 2) * sizeof **out);
    (*out)[(*n)++] = v;
  }
  if (!*n) return perr(c, "an empty list%s", "");
  return 0;
}

/* "TYPE[COUNT]" */
static int parse_array(struct ctx *c, char *s, struct kt_type *t, size_t *count) {
  char *br = strchr(s, '[');
  if (!br || s[strlen(s) - 1] != ']') return perr(c, "TYPE[COUNT] expected: %s", s);
  *br = 0;
  if (kt_type_parse(trim(s), t)) return perr(c, "unknown type %s", s);
  char *end;
  size_t n = strtoull(br + 1, &end, 0);
  if (*end != ']' || !n) return perr(c, "bad element count in %s", br + 1);
  *count = n * (size_t)(t->width == 3 ? 4 : t->width);
  return 0;
}

/* a by-value argument: "TYPE v, v, ..." or "struct TYPE v, ...; TYPE v; pad N" */
static int parse_value(struct ctx *c, char *s, struct kt_arg *a) {
  int is_struct = !strncmp(s, "struct ", 7);
  unsigned char buf[256] = {0};
  size_t off = 0, maxalign = 1;
  char *save;
  for (char *field = strtok_r(is_struct ? s + 7 : s, ";", &save); field; field = strtok_r(NULL, ";", &save)) {
    field = trim(field);
    char *sp = strpbrk(field, " \t");
    if (!sp) return perr(c, "TYPE VALUE expected: %s", field);
    *sp = 0;
    char *vals = trim(sp + 1);
    if (!strcmp(field, "pad")) {
      off += strtoull(vals, NULL, 0);
      if (off > sizeof buf) return perr(c, "value too large%s", "");
      continue;
    }
    struct kt_type t;
    if (kt_type_parse(field, &t)) return perr(c, "unknown type %s", field);
    size_t es = kt_base_size(t.base), w = (size_t)(t.width == 3 ? 4 : t.width);
    size_t align = t.width > 1 ? es * w : es;
    off = (off + align - 1) / align * align;
    maxalign = align > maxalign ? align : maxalign;
    char list[1024];
    snprintf(list, sizeof list, "[%s]", vals);
    struct kt_val *v;
    size_t n;
    if (parse_list(c, list, &v, &n)) return -1;
    if (t.width > 1 && n != (size_t)t.width) { free(v); return perr(c, "a vector needs one value per element: %s", vals); }
    if (!is_struct && t.width == 1 && n != 1) { free(v); return perr(c, "one value expected: %s", vals); }
    size_t room = t.width > 1 ? w : n;
    if (off + room * es > sizeof buf) { free(v); return perr(c, "value too large%s", ""); }
    for (size_t k = 0; k < n; k++) kt_store(buf + off, t.base, k, v[k]);
    free(v);
    off += room * es;
    if (!is_struct) { a->type = t; a->count = w; }
  }
  if (is_struct) { a->type = (struct kt_type){KT_UCHAR, 1}; off = (off + maxalign - 1) / maxalign * maxalign; a->count = off; }
  a->kind = KT_ARG_VALUE;
  a->bytes = off;
  a->data = malloc(off ? off : 1);
  memcpy(a->data, buf, off);
  return 0;
}

static int parse_arg(struct ctx *c, struct kt_run *r, char *s) {
  if (r->nargs == KT_MAX_ARGS) return perr(c, "too many arguments%s", "");
  struct kt_arg *a = &r->args[r->nargs];
  memset(a, 0, sizeof *a);
  char *colon = strchr(s, ':');
  if (!colon) return perr(c, "arg NAME: ... expected%s", "");
  *colon = 0;
  snprintf(a->name, sizeof a->name, "%s", trim(s));
  if (!a->name[0] || kt_arg_index(r, a->name) >= 0) return perr(c, "missing or repeated argument name '%s'", a->name);
  s = trim(colon + 1);
  char *init = strchr(s, '=');
  if (init) *init++ = 0;
  char *rest;
  if ((rest = after(s, "global")) || (rest = after(s, "constant")) || (rest = after(s, "sub"))) {
    a->kind = s[0] == 'g' ? KT_ARG_GLOBAL : s[0] == 'c' ? KT_ARG_CONSTANT : KT_ARG_SUB;
    if (a->kind == KT_ARG_SUB) { /* sub TYPE[N] at ORIGIN of PARENT_BYTES */
      char *at = strstr(rest, " at ");
      if (!at || sscanf(at, " at %zu of %zu", &a->sub_origin, &a->parent_bytes) != 2)
        return perr(c, "sub TYPE[N] at ORIGIN of BYTES expected: %s", rest);
      *at = 0;
    }
    if (parse_array(c, trim(rest), &a->type, &a->count)) return -1;
    a->bytes = a->count * kt_base_size(a->type.base);
    if (a->kind == KT_ARG_SUB && a->sub_origin + a->bytes > a->parent_bytes)
      return perr(c, "the sub-buffer does not fit its parent%s", "");
    if (init) {
      init = trim(init);
      if (init[0] == '[') { if (parse_list(c, init, &a->list, &a->nlist)) return -1; }
      else if (!(a->init = expr(c, init))) return -1;
    }
  } else if ((rest = after(s, "local"))) {
    a->kind = KT_ARG_LOCAL;
    if (isdigit((unsigned char)rest[0])) a->bytes = strtoull(rest, NULL, 0);
    else if (parse_array(c, rest, &a->type, &a->count)) return -1;
    else a->bytes = a->count * kt_base_size(a->type.base);
  } else if (!strcmp(s, "null")) {
    a->kind = KT_ARG_NULL;
  } else {
    if (init) return perr(c, "a value has no '=': %s", s);
    if (parse_value(c, s, a)) return -1;
  }
  r->nargs++;
  return 0;
}

/* expect NAME[lo:hi] = EXPR|[list] [ulp N|abs X] [when COND]   or   expect NAME[...]: COND */
static int parse_expect(struct ctx *c, struct kt_run *r, char *s) {
  char *rest;
  if ((rest = after(s, "enqueue:"))) {
    int ok;
    r->enqueue_error = error_code(trim(rest), &ok);
    return ok ? 0 : perr(c, "unknown error code %s", rest);
  }
  if ((rest = after(s, "fault:"))) {
    char code[64] = "";
    sscanf(rest, "%63s", code);
    int ok;
    r->fault_code = error_code(code, &ok);
    if (!ok) return perr(c, "unknown error code %s", code);
    r->expect_fault = 1;
    if (r->nfault_texts == 16) return perr(c, "more than 16 fault texts%s", "");
    return quoted(c, rest, r->fault_text[r->nfault_texts++], sizeof r->fault_text[0]);
  }
  if (r->nexpects == KT_MAX_EXPECTS) return perr(c, "too many expectations%s", "");
  struct kt_expect *x = &r->expects[r->nexpects];
  memset(x, 0, sizeof *x);
  x->line = c->line;
  /* the name may hold a slice [lo:hi]: the '=' or ':' that ends it comes after its ']' */
  char *from = s, *open = strchr(s, '[');
  if (open && open < s + strcspn(s, "=:") && !(from = strchr(open, ']'))) return perr(c, "']' missing: %s", s);
  char *eq = strpbrk(from, "=:");
  if (!eq) return perr(c, "expect NAME = VALUE or expect NAME: CONDITION%s", "");
  int is_cond = *eq == ':';
  *eq = 0;
  char *name = trim(s), *br = strchr(name, '[');
  if (br) *br = 0;
  x->arg = kt_arg_index(r, name);
  if (x->arg < 0) return perr(c, "no argument named '%s'", name);
  const struct kt_arg *a = &r->args[x->arg];
  if (a->kind != KT_ARG_GLOBAL && a->kind != KT_ARG_SUB) return perr(c, "'%s' is not a global buffer", name);
  x->lo = 0;
  x->hi = a->count;
  if (br) {
    char *end;
    x->lo = strtoull(br + 1, &end, 0);
    x->hi = *end == ':' ? strtoull(end + 1, &end, 0) : x->lo + 1;
    if (*end != ']' || x->lo >= x->hi || x->hi > a->count) return perr(c, "bad slice of %s", name);
  }
  char *body = eq + 1, *when = strstr(body, " when ");
  if (when) {
    *when = 0;
    if (!(x->when = expr(c, when + 6))) return -1;
  }
  body = trim(body);
  /* a trailing "ulp N" or "abs X" */
  char *last = strrchr(body, ' ');
  if (last && last > body) {
    char *prev = last - 1;
    while (prev > body && *prev == ' ') prev--;
    while (prev > body && prev[-1] != ' ') prev--;
    char *end;
    double tol = strtod(last + 1, &end);
    if (!*end && (!strncmp(prev, "ulp ", 4) || !strncmp(prev, "abs ", 4))) {
      if (!kt_base_is_float(a->type.base)) return perr(c, "a tolerance on the integer buffer %s", name);
      x->cmp = prev[0] == 'u' ? KT_ULP : KT_ABS;
      x->tol = tol;
      *prev = 0;
      body = trim(body);
    }
  }
  if (is_cond) {
    if (!(x->cond = expr(c, body))) return -1;
  } else if (body[0] == '[') {
    if (parse_list(c, body, &x->list, &x->nlist)) return -1;
    if (x->nlist != x->hi - x->lo) return perr(c, "the list does not have one value per element of %s", name);
  } else if (!(x->value = expr(c, body))) {
    return -1;
  }
  r->nexpects++;
  return 0;
}

int kt_arg_index(const struct kt_run *r, const char *name) {
  for (int k = 0; k < r->nargs; k++)
    if (!strcmp(r->args[k].name, name)) return k;
  return -1;
}

/* the header's lines: continuation lines (a trailing '\') joined, the leading " * " gone */
static int directive(struct ctx *c, struct kt_file *f, char *s) {
  struct kt_run *r = f->nruns ? &f->runs[f->nruns - 1] : NULL;
  char *rest;
  if ((rest = after(s, "run "))) {
    if (f->nruns == KT_MAX_RUNS) return perr(c, "too many runs%s", "");
    r = &f->runs[f->nruns++];
    memset(r, 0, sizeof *r);
    r->line = c->line;
    char *colon = strchr(rest, ':');
    if (!colon) return perr(c, "run NAME: KERNEL expected%s", "");
    *colon = 0;
    snprintf(r->name, sizeof r->name, "%s", trim(rest));
    char *like = after(trim(colon + 1), "like ");
    if (like) { /* run NAME: like OTHER - a copy of an earlier run, to change its options or sizes */
      const struct kt_run *o = NULL;
      for (int k = 0; k < f->nruns - 1; k++)
        if (!strcmp(f->runs[k].name, like)) o = &f->runs[k];
      if (!o) return perr(c, "no earlier run named '%s'", like);
      char name[sizeof r->name];
      memcpy(name, r->name, sizeof name);
      *r = *o;
      memcpy(r->name, name, sizeof name);
      r->line = c->line;
      for (int k = 0; k < r->nargs; k++) /* buffers get contents of their own in every run */
        if (r->args[k].kind != KT_ARG_VALUE) r->args[k].data = NULL;
      return 0;
    }
    snprintf(r->kernel, sizeof r->kernel, "%s", trim(colon + 1));
    if (!r->kernel[0]) return perr(c, "the run names no kernel%s", "");
    return 0;
  }
  /* variant NAME: ENV=VALUE - another CTest of this file (tests/kernels/CMakeLists.txt reads it) */
  if (!r && after(s, "variant ")) return 0;
  if ((rest = after(s, "options:"))) {
    if (r) r->options = strdup(rest);
    else f->options = strdup(rest);
    return 0;
  }
  if (!r) {
    if ((rest = after(s, "env:"))) {
      for (char *tok = strtok(rest, " \t"); tok; tok = strtok(NULL, " \t")) {
        if (!strchr(tok, '=') || f->nenv == 8) return perr(c, "NAME=VALUE expected: %s", tok);
        f->env[f->nenv++] = strdup(tok);
      }
      return 0;
    }
    if ((rest = after(s, "build fails:"))) {
      f->build_fails = 1;
      return quoted(c, rest, f->build_log_text, sizeof f->build_log_text);
    }
    return perr(c, "unknown directive (before any run): %s", s);
  }
  if ((rest = after(s, "global:"))) return parse_sizes(c, rest, r->global, &r->dims);
  if ((rest = after(s, "local:"))) { r->has_local = 1; return parse_sizes(c, rest, r->local, NULL); }
  if ((rest = after(s, "offset:"))) { r->has_offset = 1; return parse_sizes(c, rest, r->offset, NULL); }
  if ((rest = after(s, "arg "))) return parse_arg(c, r, rest);
  if ((rest = after(s, "let "))) {
    char *eq = strchr(rest, '=');
    if (!eq || r->nlets == KT_MAX_LETS) return perr(c, "let NAME = EXPR expected (at most 16): %s", rest);
    *eq = 0;
    snprintf(r->let_name[r->nlets], sizeof r->let_name[0], "%s", trim(rest));
    if (!(r->let_expr[r->nlets] = expr(c, trim(eq + 1)))) return -1;
    r->nlets++;
    return 0;
  }
  if ((rest = after(s, "expect "))) return parse_expect(c, r, rest);
  return perr(c, "unknown directive: %s", s);
}

int kt_parse_file(const char *path, struct kt_file *f) {
  memset(f, 0, sizeof *f);
  f->path = path;
  f->source = vt_read_file(path, NULL);
  if (!f->source) { fprintf(stderr, "%s: cannot read\n", path); return -1; }
  const char *start = strstr(f->source, "/*!");
  const char *end = start ? strstr(start, "*/") : NULL;
  if (!start || !end) { fprintf(stderr, "%s: no /*! ... */ header\n", path); return -1; }
  struct ctx c = {path, 1};
  for (const char *p = f->source; p < start; p++) c.line += *p == '\n';
  char *text = strndup(start + 3, (size_t)(end - start - 3)), *next;
  char joined[4096] = "";
  int first_line = c.line, rc = 0;
  for (char *line = text; line; line = next, c.line++) {
    next = strchr(line, '\n');
    if (next) *next++ = 0;
    char *s = trim(line);
    if (*s == '*') s = trim(s + 1);
    size_t n = strlen(s);
    int more = n && s[n - 1] == '\\';
    if (more) s[--n] = 0;
    if (!joined[0]) first_line = c.line;
    strncat(joined, s, sizeof joined - strlen(joined) - 2);
    if (more) { strcat(joined, " "); continue; }
    int keep = c.line;
    c.line = first_line;
    char *d = trim(joined);
    if (*d && *d != '#' && directive(&c, f, d)) rc = -1;
    joined[0] = 0;
    c.line = keep;
  }
  free(text);
  if (!rc && !f->nruns && !f->build_fails) { fprintf(stderr, "%s: the header has no run\n", path); rc = -1; }
  for (int k = 0; k < f->nruns && !rc; k++)
    if (!f->runs[k].dims) { c.line = f->runs[k].line; rc = perr(&c, "run %s has no global size", f->runs[k].name); }
  return rc;
}

int kt_prepare_args(struct kt_file *f, struct kt_run *r) {
  for (int k = 0; k < r->nargs; k++) {
    struct kt_arg *a = &r->args[k];
    if (a->kind != KT_ARG_GLOBAL && a->kind != KT_ARG_CONSTANT && a->kind != KT_ARG_SUB) continue;
    free(a->data);
    a->data = calloc(1, a->bytes);
    for (size_t i = 0; i < a->count && (a->init || a->list); i++) {
      struct kt_val v;
      if (a->list) {
        v = a->list[i % a->nlist]; /* a list shorter than the buffer repeats */
      } else {
        struct kt_scope sc = {.run = r, .i = (int64_t)i};
        int err;
        char why[200];
        v = kt_expr_eval(a->init, &sc, &err, why, sizeof why);
        if (err) {
          fprintf(stderr, "%s: run %s: %s[%zu]: %s\n", f->path, r->name, a->name, i, why);
          return -1;
        }
      }
      kt_store(a->data, a->type.base, i, v);
    }
  }
  return 0;
}
