/* gen_expr.c - typed random expressions.  Every operator is written so that its result is
 * defined by OpenCL C whatever the operands: signed +,-,*,<<,- go through the unsigned twin
 * (signed overflow is undefined), division guards 0 and -1, scalar narrow operands are widened
 * explicitly (ushort*ushort would overflow int), float-to-int conversions saturate, clamp gets
 * ordered bounds.  Float operations are only the correctly rounded ones. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "gen_int.h"

const char *const kf_ename[NELEM] = {"char", "uchar", "short", "ushort", "int", "uint", "long", "ulong",
                                     "float", "double"};
const int kf_ebits[NELEM] = {8, 8, 16, 16, 32, 32, 64, 64, 32, 64};

const place kf_places[] = {
  {"pa", ULONG, 1, 8, 0}, {"pb", INT, 4, 4, 0}, {"pc", UCHAR, 1, 5, 0}, {"pf", FLOAT, 1, 3, 0},
  {"s0.a", UCHAR, 1, 0, 0}, {"s0.b", LONG, 1, 0, 0}, {"s0.c", SHORT, 3, 0, 0}, {"s0.d", FLOAT, 1, 0, 0},
  {"s0.e", UINT, 1, 3, 0}, {"lm", ULONG, 1, -1, 1}, {"lv", INT, 4, -1, 1},
};
const int kf_nplaces = sizeof kf_places / sizeof kf_places[0];

const char *kf_tn(ty t) {
  static char ring[8][16];
  static unsigned k;
  char *s = ring[k++ % 8];
  if (t.w == 1) snprintf(s, 16, "%s", kf_ename[t.e]);
  else snprintf(s, 16, "%s%d", kf_ename[t.e], t.w);
  return s;
}

ty kf_rty(G *g, int allow_fp) {
  static const int wpick[] = {1, 1, 1, 2, 3, 4, 4, 8, 16};
  ty t = {(int)rnd(g, allow_fp ? (rnd(g, 4) ? 8 : 10) : 8), wpick[rnd(g, 9)]};
  return t;
}

uint64_t kf_ilit(G *g, int e) {
  int bits = kf_ebits[e];
  uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1, top = 1ull << (bits - 1);
  switch (rnd(g, 10)) {
  case 0: return 0;
  case 1: return 1;
  case 2: return mask;                      /* -1 */
  case 3: return top;                       /* signed minimum */
  case 4: return top - 1;                   /* signed maximum */
  case 5: return rnd(g, 17);
  case 6: return 1ull << rnd(g, bits);
  case 7: return (uint64_t)(bits - 1 + rnd(g, 3)); /* shift counts at the edge */
  default: return kf_next(&g->r) & mask;
  }
}

void kf_lit(G *g, int e) {
  if (!IS_FP(e)) { P("(%s)0x%llxUL", kf_ename[e], (unsigned long long)kf_ilit(g, e)); return; }
  static const double special[] = {0.0, -0.0, 1.0, -1.0, 0.5, 3.0, 1e10, -1e-10, 0x1p-126, 0x1p-149};
  double v;
  unsigned k = rnd(g, 16);
  /* INFINITY and NAN are float constants: a double leaf casts them, or a call mixing them with
   * doubles (fmin(double, float)) is ambiguous and the kernel does not build. */
  if (k == 15) { P("(%s%s)", e == DOUBLE ? "(double)" : "", rnd(g, 2) ? "-INFINITY" : "NAN"); return; }
  if (k < 10) v = special[k];
  else v = ldexp((double)(int64_t)(kf_next(&g->r) >> 40) - (double)(1 << 23), (int)rnd(g, 40) - 30);
  if (e == FLOAT) P("%af", (double)(float)v);
  else P("%a", v);
}

static void lit(G *g, ty t) {
  if (t.w == 1) { kf_lit(g, t.e); return; }
  P("(%s)(", kf_tn(t));
  for (int i = 0; i < t.w; i++) { if (i) P(", "); kf_lit(g, t.e); }
  P(")");
}

/* convert_<t>(...) with a saturation / rounding suffix that is valid for the pair. */
void kf_conv_open(G *g, ty t, ty s) {
  static const char *const rm[] = {"", "", "_rte", "_rtz", "_rtp", "_rtn"};
  if (IS_FP(t.e)) P("convert_%s%s(", kf_tn(t), IS_FP(s.e) ? "" : rm[rnd(g, 6)]);
  else if (IS_FP(s.e)) P("convert_%s_sat%s(", kf_tn(t), rm[rnd(g, 6)]);  /* plain: UB out of range */
  else P("convert_%s%s(", kf_tn(t), rnd(g, 2) ? "_sat" : "");
}

static int pick_var(G *g, int (*ok)(const var *, ty), ty t) {
  int c[64], n = 0;
  for (int i = 0; i < g->nv; i++) if (ok(&g->v[i], t)) c[n++] = i;
  return n ? c[rnd(g, (unsigned)n)] : -1;
}
static int same_ty(const var *v, ty t) { return v->t.e == t.e && v->t.w == t.w; }
static int same_w(const var *v, ty t) { return v->t.w == t.w && v->t.e != t.e; }
static int same_e_vec(const var *v, ty t) { return v->t.e == t.e && v->t.w > 1; }

static void swz(G *g, int from_w, int to_w) {
  P(".s");
  for (int i = 0; i < to_w; i++) P("%x", rnd(g, (unsigned)from_w));
}

void kf_place(G *g, const place *p) {
  P("%s", p->pre);
  if (p->len > 0) { P("[(uint)("); kf_ex(g, (ty){UINT, 1}, 1); P(") %% %du]", p->len); }
  else if (p->len < 0) {  /* __local, indexed by lane: neighbours, mirror, or computed */
    switch (rnd(g, 3)) {
    case 0: P("[(lid + %uu) %% WG]", rnd(g, g->wg)); break;
    case 1: P("[WG - 1u - lid]"); break;
    default: P("[(uint)("); kf_ex(g, (ty){UINT, 1}, 1); P(") %% WG]");
    }
  }
}

void kf_leaf(G *g, ty t) {
  for (int tries = 0; tries < 8; tries++) {
    int i;
    switch (rnd(g, 10)) {
    case 0: case 1: case 2: case 3:
      if ((i = pick_var(g, same_ty, t)) >= 0) { P("%s", g->v[i].name); return; }
      break;
    case 4: lit(g, t); return;
    case 5:
      if ((i = pick_var(g, same_w, t)) >= 0) { kf_conv_open(g, t, g->v[i].t); P("%s)", g->v[i].name); return; }
      break;
    case 6:
      if ((i = pick_var(g, same_e_vec, t)) >= 0) { P("%s", g->v[i].name); swz(g, g->v[i].t.w, t.w); return; }
      break;
    case 7: {
      const char *id = rnd(g, 2) ? "gid" : "lid";
      if (t.w == 1) P("((%s)%s)", kf_tn(t), id);
      else P("((%s)((%s)%s))", kf_tn(t), kf_ename[t.e], id);
      return;
    }
    default:
      if (g->in_helper) break;
      for (int k = 0; k < kf_nplaces; k++) {
        const place *p = &kf_places[(k + rnd(g, kf_nplaces)) % kf_nplaces];
        if (p->e == t.e && p->w == t.w && (!p->need_lm || g->lm_ok)) { kf_place(g, p); return; }
      }
    }
  }
  lit(g, t);
}
