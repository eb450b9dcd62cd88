/* kt_check.c - compares a buffer read back from the device with what a kernel test expects:
 * integers exactly, floating point exactly or within a tolerance in ulp (of the expected value,
 * in the buffer's type, as OpenCL C 3.0 section 7.4 measures) or an absolute one; a NaN matches
 * any NaN.  Each differing element is reported with its index, expected and actual value. */
#include <math.h>
#include <string.h>
#include "kt.h"

#define KT_REPORT 8 /* differing elements printed per expectation */

static void show(char *out, size_t len, struct kt_val v, enum kt_base b) {
  size_t bits = kt_base_size(b) * 8;
  unsigned long long pattern = bits < 64 ? v.i & ((1ull << bits) - 1) : v.i; /* in the type's width */
  if (v.is_float) snprintf(out, len, "%.9g (%a)", v.f, v.f);
  else if (kt_base_is_signed(b)) snprintf(out, len, "%lld (%#llx)", (long long)v.i, pattern);
  else snprintf(out, len, "%llu (%#llx)", (unsigned long long)v.i, pattern);
}

/* |got - want| in units in the last place of want in type b (float or double) */
static double ulp_error(double got, double want, enum kt_base b) {
  int emin = b == KT_DOUBLE ? -1022 : -126, mant = b == KT_DOUBLE ? 52 : 23;
  int e = want == 0 ? emin : ilogb(want);
  if (e < emin) e = emin;
  return fabs(got - want) / ldexp(1.0, e - mant);
}

static int same(struct kt_val got, struct kt_val want, const struct kt_expect *x, enum kt_base b) {
  if (!kt_base_is_float(b)) return got.i == kt_convert(want, b).i;
  double w = kt_as_double(want), g = got.f;
  if (isnan(w)) return isnan(g);
  double wr = kt_convert(want, b).f; /* the expected value rounded to the buffer's type */
  if (x->cmp == KT_EXACT || isinf(wr)) return g == wr;
  if (isnan(g) || isinf(g)) return 0;
  if (x->cmp == KT_ABS) return fabs(g - w) <= x->tol;
  return ulp_error(g, w, b) <= x->tol;
}

int kt_check_expect(const struct kt_file *f, const struct kt_run *r, const struct kt_expect *x,
                    const void *got_buf) {
  const struct kt_arg *a = &r->args[x->arg];
  enum kt_base b = a->type.base;
  size_t bad = 0, checked = 0;
  for (size_t i = x->lo; i < x->hi; i++) {
    struct kt_scope sc = {.run = r, .i = (int64_t)i};
    int err = 0;
    char why[200] = "";
    if (x->when) {
      struct kt_val w = kt_expr_eval(x->when, &sc, &err, why, sizeof why);
      if (err) goto eval_failed;
      if (w.is_float ? w.f == 0 : w.i == 0) continue;
    }
    checked++;
    struct kt_val got = kt_load(got_buf, b, i), want = kt_int(0);
    int ok;
    if (x->cond) {
      sc.has_got = 1;
      sc.got = got;
      sc.got_buf = got_buf;
      sc.got_base = b;
      sc.got_count = a->count;
      struct kt_val c = kt_expr_eval(x->cond, &sc, &err, why, sizeof why);
      ok = c.is_float ? c.f != 0 : c.i != 0;
    } else {
      want = x->list ? x->list[i - x->lo] : kt_expr_eval(x->value, &sc, &err, why, sizeof why);
      ok = same(got, want, x, b);
    }
    if (err) goto eval_failed;
    if (ok || bad++ >= KT_REPORT) continue;
    char gs[80], ws[80];
    show(gs, sizeof gs, got, b);
    if (x->cond) {
      fprintf(stderr, "%s:%d: run %s: %s[%zu] = %s does not satisfy the condition\n", f->path, x->line,
              r->name, a->name, i, gs);
    } else {
      show(ws, sizeof ws, kt_base_is_float(b) ? kt_flt(kt_as_double(want)) : kt_convert(want, b), b);
      fprintf(stderr, "%s:%d: run %s: %s[%zu] = %s, expected %s", f->path, x->line, r->name, a->name, i, gs, ws);
      if (x->cmp == KT_ULP && !isnan(got.f)) fprintf(stderr, " (%.1f ulp, %g allowed)", ulp_error(got.f, kt_as_double(want), b), x->tol);
      if (x->cmp == KT_ABS) fprintf(stderr, " (within %g)", x->tol);
      fputc('\n', stderr);
    }
    continue;
  eval_failed:
    fprintf(stderr, "%s:%d: run %s: %s[%zu]: %s\n", f->path, x->line, r->name, a->name, i, why);
    return 0;
  }
  if (bad > KT_REPORT) fprintf(stderr, "%s:%d: run %s: ...\n", f->path, x->line, r->name);
  if (bad) fprintf(stderr, "%s:%d: run %s: %zu of %zu elements of %s differ\n", f->path, x->line, r->name, bad, checked, a->name);
  return bad == 0;
}
