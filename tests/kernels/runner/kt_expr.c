/* kt_expr.c - the expressions of kernel tests: the initial contents of a buffer and the value
 * an element must have, computed on the CPU from the element index i and the arguments'
 * initial contents.  C's operators and precedence, 64-bit integers (signed or unsigned, wrapping)
 * and doubles, casts to the OpenCL types as functions (int(x), float(x)), and a few functions
 * (tests/kernels/README.md lists them).  Parsed once into a tree, evaluated per element. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include "kt.h"

#define KT_MAX_CALL_ARGS 40
enum op { LIT, NAME, INDEX, CALL, NEG, NOT, BNOT, TERN, BIN };
struct kt_expr {
  enum op op;
  char bin[3];           /* BIN: the operator */
  char name[32];         /* NAME, INDEX (the buffer), CALL (the function) */
  struct kt_val lit;
  struct kt_expr *a[KT_MAX_CALL_ARGS]; /* operands, call arguments */
  int na;
};

/* ---- parsing ---- */
struct parser { const char *p; char *why; size_t why_len; int failed; };

static void fail(struct parser *ps, const char *fmt, ...) {
  if (ps->failed) return;
  ps->failed = 1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ps->why, ps->why_len, fmt, ap);
  va_end(ap);
}

static void skip_ws(struct parser *ps) { while (isspace((unsigned char)*ps->p)) ps->p++; }

static struct kt_expr *node(enum op op) {
  struct kt_expr *e = calloc(1, sizeof *e);
  if (!e) { fprintf(stderr, "out of memory\n"); exit(1); }
  e->op = op;
  return e;
}

static struct kt_expr *parse_expr(struct parser *ps);

static struct kt_expr *parse_number(struct parser *ps) {
  const char *s = ps->p;
  char *end;
  struct kt_expr *e = node(LIT);
  /* a float has a '.', an exponent, or a hex exponent 'p' */
  size_t n = strspn(s, "0123456789abcdefABCDEFxX.pP");
  int hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  int is_float = memchr(s, '.', n) || (hex ? (memchr(s, 'p', n) || memchr(s, 'P', n))
                                            : (memchr(s, 'e', n) || memchr(s, 'E', n)));
  if (is_float) {
    e->lit = kt_flt(strtod(s, &end));
  } else {
    errno = 0;
    unsigned long long u = strtoull(s, &end, 0);
    if (errno) fail(ps, "integer literal out of range");
    int uns = u > (unsigned long long)INT64_MAX;
    if (*end == 'u' || *end == 'U') { uns = 1; end++; }
    e->lit = uns ? kt_uint(u) : kt_int((int64_t)u);
  }
  if (end == s) fail(ps, "bad number at '%.10s'", s);
  ps->p = end;
  return e;
}

static struct kt_expr *parse_primary(struct parser *ps) {
  skip_ws(ps);
  const char *s = ps->p;
  if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]))) return parse_number(ps);
  if (*s == '(') {
    ps->p++;
    struct kt_expr *e = parse_expr(ps);
    skip_ws(ps);
    if (*ps->p != ')') fail(ps, "')' expected at '%.10s'", ps->p);
    else ps->p++;
    return e;
  }
  if (isalpha((unsigned char)*s) || *s == '_') {
    size_t n = 0;
    while (isalnum((unsigned char)s[n]) || s[n] == '_') n++;
    if (n >= sizeof ((struct kt_expr *)0)->name) { fail(ps, "name too long"); return node(LIT); }
    ps->p = s + n;
    skip_ws(ps);
    struct kt_expr *e;
    if (*ps->p == '(') {
      e = node(CALL);
      ps->p++;
      skip_ws(ps);
      if (*ps->p != ')')
        for (;;) {
          if (e->na == KT_MAX_CALL_ARGS) { fail(ps, "too many arguments"); break; }
          e->a[e->na++] = parse_expr(ps);
          skip_ws(ps);
          if (*ps->p == ',') { ps->p++; continue; }
          break;
        }
      if (*ps->p != ')') fail(ps, "')' expected at '%.10s'", ps->p);
      else ps->p++;
    } else if (*ps->p == '[') {
      e = node(INDEX);
      ps->p++;
      e->a[0] = parse_expr(ps);
      e->na = 1;
      skip_ws(ps);
      if (*ps->p != ']') fail(ps, "']' expected at '%.10s'", ps->p);
      else ps->p++;
    } else {
      e = node(NAME);
    }
    memcpy(e->name, s, n);
    return e;
  }
  if (!*s) fail(ps, "the expression ends early");
  else fail(ps, "unexpected '%.10s'", s);
  return node(LIT);
}

static struct kt_expr *parse_unary(struct parser *ps) {
  skip_ws(ps);
  char c = *ps->p;
  if (c == '-' || c == '!' || c == '~' || c == '+') {
    ps->p++;
    struct kt_expr *x = parse_unary(ps);
    if (c == '+') return x;
    struct kt_expr *e = node(c == '-' ? NEG : c == '!' ? NOT : BNOT);
    e->a[0] = x;
    e->na = 1;
    return e;
  }
  return parse_primary(ps);
}

/* binary operators by precedence (C's), longest spelling first */
static const struct { const char *op; int prec; } binops[] = {
  {"||", 1}, {"&&", 2}, {"==", 6}, {"!=", 6}, {"<=", 7}, {">=", 7}, {"<<", 8}, {">>", 8},
  {"|", 3}, {"^", 4}, {"&", 5}, {"<", 7}, {">", 7}, {"+", 9}, {"-", 9}, {"*", 10}, {"/", 10}, {"%", 10},
};

static int peek_binop(struct parser *ps) {
  skip_ws(ps);
  for (size_t k = 0; k < sizeof binops / sizeof binops[0]; k++)
    if (!strncmp(ps->p, binops[k].op, strlen(binops[k].op))) return (int)k;
  return -1;
}

static struct kt_expr *parse_binary(struct parser *ps, int min_prec) {
  struct kt_expr *lhs = parse_unary(ps);
  for (;;) {
    int k = peek_binop(ps);
    if (k < 0 || binops[k].prec < min_prec || ps->failed) return lhs;
    ps->p += strlen(binops[k].op);
    struct kt_expr *rhs = parse_binary(ps, binops[k].prec + 1);
    struct kt_expr *e = node(BIN);
    snprintf(e->bin, sizeof e->bin, "%s", binops[k].op);
    e->a[0] = lhs;
    e->a[1] = rhs;
    e->na = 2;
    lhs = e;
  }
}

static struct kt_expr *parse_expr(struct parser *ps) {
  struct kt_expr *c = parse_binary(ps, 1);
  skip_ws(ps);
  if (*ps->p != '?') return c;
  ps->p++;
  struct kt_expr *e = node(TERN);
  e->a[0] = c;
  e->a[1] = parse_expr(ps);
  skip_ws(ps);
  if (*ps->p != ':') fail(ps, "':' expected at '%.10s'", ps->p);
  else ps->p++;
  e->a[2] = parse_expr(ps);
  e->na = 3;
  return e;
}

struct kt_expr *kt_expr_parse(const char *text, char *why, size_t why_len) {
  struct parser ps = {text, why, why_len, 0};
  struct kt_expr *e = parse_expr(&ps);
  skip_ws(&ps);
  if (!ps.failed && *ps.p) fail(&ps, "unexpected '%.10s'", ps.p);
  if (ps.failed) { kt_expr_free(e); return NULL; }
  return e;
}

void kt_expr_free(struct kt_expr *e) {
  if (!e) return;
  for (int k = 0; k < e->na; k++) kt_expr_free(e->a[k]);
  free(e);
}

/* ---- evaluation ---- */
struct ev { struct kt_scope *s; int *err; char *why; size_t why_len; };

static struct kt_val eval_error(struct ev *v, const char *fmt, ...) {
  if (!*v->err) {
    *v->err = 1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->why, v->why_len, fmt, ap);
    va_end(ap);
  }
  return kt_int(0);
}

static struct kt_val eval(const struct kt_expr *e, struct ev *v);

static int truth(struct kt_val x) { return x.is_float ? x.f != 0 : x.i != 0; }

static struct kt_val lookup(const struct kt_expr *e, struct ev *v, int64_t idx, int indexed) {
  struct kt_scope *s = v->s;
  if (!indexed) {
    if (!strcmp(e->name, "i")) return kt_int(s->i);
    if (!strcmp(e->name, "got")) {
      if (s->has_got) return s->got;
      return eval_error(v, "'got' is only known in a condition");
    }
    for (int k = s->nvars - 1; k >= 0; k--)
      if (!strcmp(e->name, s->var[k])) return kt_int(s->var_val[k]);
    for (int k = 0; s->run && k < s->run->nlets; k++)
      if (!strcmp(e->name, s->run->let_name[k])) {
        if (s->depth == 32) return eval_error(v, "let %s refers to itself", e->name);
        s->depth++;
        struct kt_val r = eval(s->run->let_expr[k], v);
        s->depth--;
        return r;
      }
    if (!strcmp(e->name, "INF")) return kt_flt(INFINITY);
    if (!strcmp(e->name, "NAN")) return kt_flt(NAN);
    if (!strcmp(e->name, "PI")) return kt_flt(3.14159265358979323846);
  }
  if (indexed && !strcmp(e->name, "got") && s->got_buf) {
    if (idx < 0 || (size_t)idx >= s->got_count)
      return eval_error(v, "got[%lld] is outside its %zu elements", (long long)idx, s->got_count);
    return kt_load(s->got_buf, s->got_base, (size_t)idx);
  }
  int a = s->run ? kt_arg_index(s->run, e->name) : -1;
  if (a < 0) return eval_error(v, "unknown name '%s'", e->name);
  const struct kt_arg *arg = &s->run->args[a];
  if (!arg->data || arg->kind == KT_ARG_LOCAL) return eval_error(v, "'%s' has no contents", e->name);
  if (!indexed && arg->kind != KT_ARG_VALUE) return eval_error(v, "buffer '%s' needs an index", e->name);
  if (idx < 0 || (size_t)idx >= arg->count)
    return eval_error(v, "%s[%lld] is outside its %zu elements", e->name, (long long)idx, arg->count);
  return kt_load(arg->data, arg->type.base, (size_t)idx);
}

static struct kt_val binary(const char *op, struct kt_val x, struct kt_val y, struct ev *v) {
  if (!strcmp(op, "&&")) return kt_int(truth(x) && truth(y));
  if (!strcmp(op, "||")) return kt_int(truth(x) || truth(y));
  if (x.is_float || y.is_float) {
    double a = kt_as_double(x), b = kt_as_double(y);
    switch (op[0]) {
    case '+': return kt_flt(a + b);
    case '-': return kt_flt(a - b);
    case '*': return kt_flt(a * b);
    case '/': return kt_flt(a / b);
    case '%': return kt_flt(fmod(a, b));
    case '=': return kt_int(a == b);
    case '!': return kt_int(a != b);
    case '<': return op[1] == '=' ? kt_int(a <= b) : op[1] ? eval_error(v, "'<<' of a float") : kt_int(a < b);
    case '>': return op[1] == '=' ? kt_int(a >= b) : op[1] ? eval_error(v, "'>>' of a float") : kt_int(a > b);
    default: return eval_error(v, "'%s' of a float", op);
    }
  }
  /* integers: unsigned when either is (C's usual conversions for 64-bit operands) */
  int uns = x.is_unsigned || y.is_unsigned;
  uint64_t a = x.i, b = y.i;
  int64_t sa = (int64_t)a, sb = (int64_t)b;
  struct kt_val r = uns ? kt_uint(0) : kt_int(0);
  switch (op[0]) {
  case '+': r.i = a + b; return r;
  case '-': r.i = a - b; return r;
  case '*': r.i = a * b; return r;
  case '/': case '%':
    if (!b) return eval_error(v, "division by zero");
    if (uns) r.i = op[0] == '/' ? a / b : a % b;
    else if (sb == -1) r.i = op[0] == '/' ? (uint64_t)0 - a : 0; /* INT64_MIN / -1 wraps */
    else r.i = (uint64_t)(op[0] == '/' ? sa / sb : sa % sb);
    return r;
  case '&': r.i = a & b; return r;
  case '|': r.i = a | b; return r;
  case '^': r.i = a ^ b; return r;
  case '=': return kt_int(a == b);
  case '!': return kt_int(a != b);
  case '<':
    if (op[1] == '<') { r = x; r.i = a << (b & 63); return r; }
    return kt_int(op[1] == '=' ? (uns ? a <= b : sa <= sb) : (uns ? a < b : sa < sb));
  case '>':
    if (op[1] == '>') { r = x; r.i = x.is_unsigned ? a >> (b & 63) : (uint64_t)(sa >> (b & 63)); return r; }
    return kt_int(op[1] == '=' ? (uns ? a >= b : sa >= sb) : (uns ? a > b : sa > sb));
  }
  return eval_error(v, "unknown operator %s", op);
}

/* splitmix64: pseudo-random 64-bit values from an index, so inputs reproduce */
static uint64_t mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static struct kt_val call(const struct kt_expr *e, struct ev *v) {
  const char *f = e->name;
  if (!strcmp(f, "sum")) { /* sum(j, lo, hi, expr): expr summed over j in [lo, hi) */
    if (e->na != 4 || e->a[0]->op != NAME) return eval_error(v, "sum(name, lo, hi, expr) expected");
    if (v->s->nvars == 4) return eval_error(v, "sum() nested too deep");
    int64_t lo = (int64_t)eval(e->a[1], v).i, hi = (int64_t)eval(e->a[2], v).i;
    struct kt_val acc = kt_int(0);
    int k = v->s->nvars++;
    v->s->var[k] = e->a[0]->name;
    for (int64_t j = lo; j < hi && !*v->err; j++) {
      v->s->var_val[k] = j;
      acc = binary("+", acc, eval(e->a[3], v), v);
    }
    v->s->nvars--;
    return acc;
  }
  if (!strcmp(f, "pick")) { /* pick(k, v0, v1, ...): the k-th value of a list */
    if (e->na < 2) return eval_error(v, "pick(k, values...) expected");
    struct kt_val k = eval(e->a[0], v);
    if (k.is_float || k.i >= (uint64_t)(e->na - 1)) return eval_error(v, "pick(): no value %lld", (long long)k.i);
    return eval(e->a[1 + k.i], v);
  }
  struct kt_val x[KT_MAX_CALL_ARGS];
  for (int k = 0; k < e->na; k++) x[k] = eval(e->a[k], v);
  struct kt_type t;
  if (e->na == 1 && kt_type_parse(f, &t) == 0 && t.width == 1) return kt_convert(x[0], t.base);
  double d = e->na ? kt_as_double(x[0]) : 0;
#define F1(name, expr) if (!strcmp(f, name) && e->na == 1) return kt_flt(expr);
  F1("floor", floor(d)) F1("ceil", ceil(d)) F1("trunc", trunc(d)) F1("rint", rint(d)) F1("round", round(d))
  F1("sqrt", sqrt(d)) F1("fabs", fabs(d)) F1("exp", exp(d)) F1("log", log(d)) F1("sin", sin(d)) F1("cos", cos(d))
#undef F1
  if (!strcmp(f, "pow") && e->na == 2) return kt_flt(pow(d, kt_as_double(x[1])));
  if (!strcmp(f, "isnan") && e->na == 1) return kt_int(x[0].is_float && isnan(x[0].f));
  if (!strcmp(f, "isinf") && e->na == 1) return kt_int(x[0].is_float && isinf(x[0].f));
  if (!strcmp(f, "isfinite") && e->na == 1) return kt_int(!x[0].is_float || isfinite(x[0].f));
  if (!strcmp(f, "signbit") && e->na == 1) return kt_int(x[0].is_float ? signbit(x[0].f) != 0 : (int64_t)x[0].i < 0);
  if (!strcmp(f, "abs") && e->na == 1) {
    if (x[0].is_float) return kt_flt(fabs(x[0].f));
    return x[0].is_unsigned || (int64_t)x[0].i >= 0 ? x[0] : kt_int(-(int64_t)x[0].i);
  }
  if ((!strcmp(f, "min") || !strcmp(f, "max")) && e->na == 2) {
    int less = truth(binary("<", x[0], x[1], v));
    return (f[1] == 'i') == less ? x[0] : x[1];
  }
  if (!strcmp(f, "popcount") && e->na == 1) return kt_int(__builtin_popcountll(x[0].i));
  if (!strcmp(f, "rand") && e->na == 1) return kt_uint(mix64(x[0].i));
  /* reinterpretations (as_type, OpenCL C 6.4.4.2) */
  if (!strcmp(f, "as_float") && e->na == 1) { uint32_t u = (uint32_t)x[0].i; float r; memcpy(&r, &u, 4); return kt_flt(r); }
  if (!strcmp(f, "as_double") && e->na == 1) { double r; memcpy(&r, &x[0].i, 8); return kt_flt(r); }
  if ((!strcmp(f, "as_uint") || !strcmp(f, "as_int")) && e->na == 1) {
    float r = (float)kt_as_double(x[0]);
    uint32_t u;
    memcpy(&u, &r, 4);
    return kt_convert(kt_uint(u), f[3] == 'u' ? KT_UINT : KT_INT);
  }
  if ((!strcmp(f, "as_ulong") || !strcmp(f, "as_long")) && e->na == 1) {
    double r = kt_as_double(x[0]);
    uint64_t u;
    memcpy(&u, &r, 8);
    return f[3] == 'u' ? kt_uint(u) : kt_int((int64_t)u);
  }
  return eval_error(v, "unknown function %s/%d", f, e->na);
}

static struct kt_val eval(const struct kt_expr *e, struct ev *v) {
  if (*v->err) return kt_int(0);
  switch (e->op) {
  case LIT: return e->lit;
  case NAME: return lookup(e, v, 0, 0);
  case INDEX: {
    struct kt_val ix = eval(e->a[0], v);
    if (ix.is_float) return eval_error(v, "index of %s is not an integer", e->name);
    return lookup(e, v, (int64_t)ix.i, 1);
  }
  case CALL: return call(e, v);
  case NEG: {
    struct kt_val x = eval(e->a[0], v);
    if (x.is_float) x.f = -x.f;
    else x.i = (uint64_t)0 - x.i;
    return x;
  }
  case NOT: return kt_int(!truth(eval(e->a[0], v)));
  case BNOT: {
    struct kt_val x = eval(e->a[0], v);
    if (x.is_float) return eval_error(v, "'~' of a float");
    x.i = ~x.i;
    return x;
  }
  case TERN: return truth(eval(e->a[0], v)) ? eval(e->a[1], v) : eval(e->a[2], v);
  case BIN: {
    /* && and || do not evaluate their right side when the left decides */
    if (!strcmp(e->bin, "&&") || !strcmp(e->bin, "||")) {
      int l = truth(eval(e->a[0], v));
      if (l == (e->bin[0] == '|')) return kt_int(l);
      return kt_int(truth(eval(e->a[1], v)));
    }
    struct kt_val x = eval(e->a[0], v), y = eval(e->a[1], v);
    return binary(e->bin, x, y, v);
  }
  }
  return eval_error(v, "bad expression");
}

struct kt_val kt_expr_eval(const struct kt_expr *e, struct kt_scope *s, int *err, char *why, size_t why_len) {
  struct ev v = {s, err, why, why_len};
  *err = 0;
  return eval(e, &v);
}
