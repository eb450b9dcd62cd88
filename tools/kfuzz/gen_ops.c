/* gen_ops.c - operators as templates ("$@" a subexpression of the result type, see tpl()) and
 * the expressions that are not templates: conversions, reinterpretations, swizzles of
 * subexpressions, vectors built from parts, helper calls, conditions. */
#include <stdlib.h>
#include <string.h>
#include "gen_int.h"

enum { SI = 1, VU = 2, VS = 4, FP = 8, INTS = SI | VU | VS };
typedef struct { int where; const char *t; } op;

/* Scalar narrow integers are promoted to int in C, so scalar forms widen to $W (uint or ulong)
 * explicitly and cast back; signed vectors wrap through their unsigned twin with as_type. */
static const op OPS[] = {
  {SI, "(($T)(($W)($@) + ($W)($@)))"}, {SI, "(($T)(($W)($@) - ($W)($@)))"}, {SI, "(($T)(($W)($@) * ($W)($@)))"},
  {SI, "(($T)(($@) & ($@)))"}, {SI, "(($T)(($@) | ($@)))"}, {SI, "(($T)(($@) ^ ($@)))"},
  {SI, "(($T)(($W)($@) << ($@)))"}, {SI, "(($T)(($@) >> ($@)))"}, {SI, "(($T)~($@))"}, {SI, "(($T)-($W)($@))"},
  {SI, "(($T)(($?) ? ($@) : ($@)))"},
  {SI, "(($T)(($@) / (($1) == ($T)0 || ($a) == ($T)-1 ? ($T)1 : ($a))))"},
  {SI, "(($T)(($@) % (($1) == ($T)0 || ($a) == ($T)-1 ? ($T)1 : ($a))))"},
  {VU, "(($@) + ($@))"}, {VU, "(($@) - ($@))"}, {VU, "(($@) * ($@))"}, {VU, "(($@) << ($@))"}, {VU, "(-($@))"},
  {VS, "as_$T(as_$U($@) + as_$U($@))"}, {VS, "as_$T(as_$U($@) - as_$U($@))"},
  {VS, "as_$T(as_$U($@) * as_$U($@))"}, {VS, "as_$T(as_$U($@) << as_$U($@))"}, {VS, "as_$T(-as_$U($@))"},
  {VU | VS, "(($@) & ($@))"}, {VU | VS, "(($@) | ($@))"}, {VU | VS, "(($@) ^ ($@))"}, {VU | VS, "(($@) >> ($@))"},
  {VU | VS, "(~($@))"}, {VU | VS, "(($?) ? ($@) : ($@))"}, {VU, "(($@) << ($E)($!))"}, {VU | VS, "(($@) >> ($E)($!))"},
  {VU | VS, "(($@) / select($1, ($T)1, (($a) == ($T)0) | (($a) == ($T)-1)))"},
  {VU | VS, "(($@) % select($1, ($T)1, (($a) == ($T)0) | (($a) == ($T)-1)))"},
  {INTS, "select($@, $@, $~)"}, {INTS, "rotate($@, $@)"}, {INTS, "mul_hi($@, $@)"}, {INTS, "add_sat($@, $@)"},
  {INTS, "sub_sat($@, $@)"}, {INTS, "hadd($@, $@)"}, {INTS, "rhadd($@, $@)"}, {INTS, "min($@, $@)"},
  {INTS, "max($@, $@)"}, {INTS, "clz($@)"}, {INTS, "popcount($@)"}, {INTS, "as_$T(abs($@))"}, {INTS, "as_$T(abs(($@) | ($T)1))"},
  {INTS, "as_$T(abs_diff($@, $@))"}, {INTS, "mad_sat($@, $@, $@)"}, {INTS, "mad_hi($@, $@, $@)"},
  {INTS, "clamp($@, min($1, $2), max($a, $b))"}, {INTS, "bitselect($@, $@, $@)"}, {INTS, "upsample($h, $l)"},
  {FP, "(($@) + ($@))"}, {FP, "(($@) - ($@))"}, {FP, "(($@) * ($@))"}, {FP, "(($@) / ($@))"}, {FP, "(-($@))"},
  {FP, "fabs($@)"}, {FP, "fmin($@, $@)"}, {FP, "fmax($@, $@)"}, {FP, "fma($@, $@, $@)"}, {FP, "sqrt($@)"},
  {FP, "floor($@)"}, {FP, "ceil($@)"}, {FP, "trunc($@)"}, {FP, "rint($@)"}, {FP, "round($@)"},
  {FP, "fdim($@, $@)"}, {FP, "fmod($@, $@)"}, {FP, "(($?) ? ($@) : ($@))"}, {FP, "select($@, $@, $~)"},
};
#define NOPS ((int)(sizeof OPS / sizeof OPS[0]))

/* The signed integer type with t's element size and width: comparisons' and select's mask. */
static ty mask_ty(ty t) {
  static const int by_bits[] = {[8] = CHAR, [16] = SHORT, [32] = INT, [64] = LONG};
  return (ty){by_bits[kf_ebits[t.e]], t.w};
}

/* A vector condition for a t-typed ?: or select: a comparison of same-shaped operands, or any
 * mask-typed value (only the top bit of each element counts). */
static void vcond(G *g, ty t, int d) {
  static const char *const cmp[] = {"<", "<=", ">", ">=", "==", "!="};
  ty m = mask_ty(t), c = m;
  if (rnd(g, 4) == 0) { kf_ex(g, m, d); return; }
  unsigned k = rnd(g, 3);
  if (k == 1) c.e = m.e + 1;
  else if (k == 2 && kf_ebits[m.e] >= 32) c.e = kf_ebits[m.e] == 32 ? FLOAT : DOUBLE;
  P("(("); kf_ex(g, c, d); P(") %s (", cmp[rnd(g, 6)]); kf_ex(g, c, d); P("))");
}

void kf_cond(G *g, int d) {
  static const char *const cmp[] = {"<", "<=", ">", ">=", "==", "!="};
  ty t = kf_rty(g, 1);
  switch (rnd(g, 8)) {
  case 0: P("((lid & %uu) == %uu)", rnd(g, 8), rnd(g, 4)); return;
  case 1: P("(gid %% %uu == %uu)", 2 + rnd(g, 4), rnd(g, 2)); return;
  case 2: P("(("); kf_cond(g, d - 1); P(") %s (", rnd(g, 2) ? "&&" : "||"); kf_cond(g, d - 1); P("))"); return;
  case 3: P("!("); kf_cond(g, d - 1); P(")"); return;
  case 4:
    if (t.w > 1 && !IS_FP(t.e)) { P("%s(", rnd(g, 2) ? "any" : "all"); vcond(g, t, d); P(")"); return; }
    break;
  case 5:
    if (IS_FP(t.e)) { t.w = 1; P("%s(", rnd(g, 2) ? "isnan" : "isinf"); kf_ex(g, t, d); P(")"); return; }
    break;
  }
  t.w = 1;
  P("(("); kf_ex(g, t, d); P(") %s (", cmp[rnd(g, 6)]); kf_ex(g, t, d); P("))");
}

/* Expands a template for result type t: $T $U $E $W names; $@ subexpression, $! leaf; $? and $~
 * a condition and a mask; $h $l upsample's halves; $1 $2 leaves that $a $b repeat. */
static void tpl(G *g, const char *s, ty t, int d) {
  char T[16], U[16], mem[2][4096];
  ty u = t, m = mask_ty(t);
  if (!IS_FP(t.e)) u.e |= 1;
  strcpy(T, kf_tn(t));
  strcpy(U, kf_tn(u));
  for (; *s; s++) {
    if (*s != '$') { P("%c", *s); continue; }
    switch (*++s) {
    case 'T': P("%s", T); break;
    case 'U': P("%s", U); break;
    case 'E': P("%s", kf_ename[t.e]); break;
    case 'W': P("%s", kf_ebits[t.e] == 64 ? "ulong" : "uint"); break;
    case '@': kf_ex(g, t, d); break;
    case '!': kf_leaf(g, (ty){t.e, 1}); break;
    case '?': if (t.w == 1) kf_cond(g, d); else vcond(g, t, d); break;
    case '~': kf_ex(g, m, d); break;
    case 'h': kf_ex(g, (ty){t.e - 2, t.w}, d); break;
    case 'l': kf_ex(g, (ty){(t.e - 2) | 1, t.w}, d); break;
    case '1': case '2': {
      size_t at = g->b->len;
      kf_leaf(g, t);
      size_t n = g->b->len - at;
      if (n >= sizeof mem[0]) n = sizeof mem[0] - 1;
      memcpy(mem[*s - '1'], g->b->s + at, n);
      mem[*s - '1'][n] = 0;
      break;
    }
    case 'a': case 'b': P("%s", mem[*s - 'a']); break;
    }
  }
}

static int op_fits(const op *o, ty t) {
  int k = IS_FP(t.e) ? FP : t.w == 1 ? SI : IS_SIGNED(t.e) ? VS : VU;
  if (!(o->where & k)) return 0;
  if (strstr(o->t, "$h")) return kf_ebits[t.e] >= 16;
  /* PoCL's bugs, not VirtualGPU questions, so not asked: its abs_diff on int and long wraps when
   * x - y overflows (abs_diff(1, INT_MIN) gives 0x7fffffff, not 0x80000001), and it folds
   * abs(INT_MIN) and abs(LONG_MIN) of constants to 0 (LLVM's abs with "INT_MIN is poison"). */
  int big = IS_SIGNED(t.e) && kf_ebits[t.e] >= 32;
  if (strstr(o->t, "abs_diff")) return !big;
  if (strstr(o->t, "abs((")) return big;
  if (strstr(o->t, "abs(")) return !big;
  return 1;
}

/* The same width, another element type: convert_*() or a reinterpretation of equal size. */
static void other_type(G *g, ty t, int d) {
  ty s = t;
  do s.e = (int)rnd(g, NELEM); while (s.e == t.e);
  if (rnd(g, 3) == 0 && !IS_FP(t.e) && t.w != 3) {   /* as_type: never from floats (NaN bits vary) */
    static const int wsz[] = {1, 2, 4, 8, 16};
    int bytes = kf_ebits[t.e] / 8 * t.w;
    for (int k = 0; k < 10; k++) {
      ty r = {(int)rnd(g, 8), wsz[rnd(g, 5)]};
      if (kf_ebits[r.e] / 8 * r.w == bytes && r.e != t.e) {
        P("as_%s(", kf_tn(t)); kf_ex(g, r, d); P(")");
        return;
      }
    }
  }
  kf_conv_open(g, t, s); kf_ex(g, s, d); P(")");
}

/* A vector of width t.w built from smaller vectors and scalars: (int4)(a.xy, b, c). */
static void from_parts(G *g, ty t, int d) {
  static const int wsz[] = {1, 2, 3, 4, 8};
  P("(%s)(", kf_tn(t));
  for (int left = t.w, first = 1; left > 0; first = 0) {
    int w;
    do w = wsz[rnd(g, 5)]; while (w > left || w == t.w);
    if (!first) P(", ");
    kf_ex(g, (ty){t.e, w}, d);
    left -= w;
  }
  P(")");
}

void kf_ex(G *g, ty t, int d) {
  if (d <= 0 || rnd(g, 5) == 0) { kf_leaf(g, t); return; }
  switch (rnd(g, 12)) {
  case 0: other_type(g, t, d - 1); return;
  case 1: {   /* a swizzle of a wider or narrower subexpression */
    static const int wsz[] = {2, 3, 4, 8, 16};
    int w = wsz[rnd(g, 5)];
    P("("); kf_ex(g, (ty){t.e, w}, d - 1); P(").s");
    for (int i = 0; i < t.w; i++) P("%x", rnd(g, (unsigned)w));
    return;
  }
  case 2:
    if (t.w > 1) { from_parts(g, t, d - 1); return; }
    break;
  case 3:
    for (int i = 0; i < g->nh; i++) {
      const helper *h = &g->h[(i + g->nh - 1) % g->nh];
      if (h->ret.e != t.e || h->ret.w != t.w) continue;
      P("%s(", h->name);
      for (int a = 0; a < h->npar; a++) { if (a) P(", "); kf_ex(g, h->par[a], d - 1); }
      P(")");
      return;
    }
    break;
  }
  const op *o;
  do o = &OPS[rnd(g, NOPS)]; while (!op_fits(o, t));
  tpl(g, o->t, t, d - 1);
}
