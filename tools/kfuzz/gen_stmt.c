/* gen_stmt.c - statements (assignments, if, lane-dependent loops with break/continue, switch,
 * atomics, __local phases between barriers) and the kernel around them.  Barriers are written
 * only at the kernel's top level, where control flow is uniform; atomics only use operations
 * whose final value does not depend on the order of the work-items (one kind per counter). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen_int.h"

#define IND() P("%*s", 2 * g->ind, "")
static void block(G *g, int n, int d);

static int pick_writable(G *g) {
  int c[64], n = 0;
  for (int i = 0; i < g->nv; i++) if (!g->v[i].ro) c[n++] = i;
  return n ? c[rnd(g, (unsigned)n)] : -1;
}

static void push_ro(G *g, const char *name) {
  var *v = &g->v[g->nv++];
  snprintf(v->name, sizeof v->name, "%s", name);
  v->t = (ty){UINT, 1};
  v->ro = 1;
}

static void assign(G *g) {
  int i = pick_writable(g);
  if (i < 0) return;
  var *v = &g->v[i];
  IND();
  if (v->t.w > 1 && rnd(g, 3) == 0) {   /* some lanes of a vector: a swizzle or a dynamic index */
    int k = 1 + (int)rnd(g, v->t.w < 4 ? (unsigned)v->t.w : 4u), used = 0;
    if (rnd(g, 3) == 0) {
      P("%s[(uint)(", v->name); kf_ex(g, (ty){UINT, 1}, 1); P(") %% %du] = ", v->t.w);
      k = 1;
    } else {
      P("%s.s", v->name);
      for (int n = 0; n < k;) {
        int c = (int)rnd(g, (unsigned)v->t.w);
        if (used & 1 << c) continue;
        used |= 1 << c;
        P("%x", c);
        n++;
      }
      P(" = ");
    }
    kf_ex(g, (ty){v->t.e, k == 3 ? 3 : k}, 1 + (int)rnd(g, 3));
  } else if (!IS_FP(v->t.e) && rnd(g, 4) == 0) {
    P("%s %c= ", v->name, "^|&"[rnd(g, 3)]);
    kf_ex(g, v->t, 1 + (int)rnd(g, 3));
  } else {
    P("%s = ", v->name);
    kf_ex(g, v->t, 1 + (int)rnd(g, 4));
  }
  P(";\n");
}

static void store_place(G *g) {
  const place *p;
  do p = &kf_places[rnd(g, (unsigned)kf_nplaces)]; while (p->need_lm);  /* lm: only lm[lid] */
  IND(); kf_place(g, p); P(" = "); kf_ex(g, (ty){p->e, p->w}, 1 + (int)rnd(g, 3)); P(";\n");
}

static void if_stmt(G *g, int d) {
  IND(); P("if ("); kf_cond(g, 2); P(") {\n");
  g->ind++; block(g, 1 + (int)rnd(g, 3), d - 1); g->ind--;
  if (rnd(g, 2)) { IND(); P("} else {\n"); g->ind++; block(g, 1 + (int)rnd(g, 3), d - 1); g->ind--; }
  IND(); P("}\n");
}

static void for_stmt(G *g, int d) {
  char name[16];
  snprintf(name, sizeof name, "i%d", g->nloop++);
  IND(); P("for (uint %s = 0u; %s < ", name, name);
  switch (rnd(g, 4)) {   /* every bound is at most 5: loops always end */
  case 0: P("(uint)("); kf_ex(g, (ty){UINT, 1}, 2); P(") %% 5u"); break;
  case 1: P("gid %% 4u + 1u"); break;
  case 2: P("(lid & 3u)"); break;
  default: P("%uu", 1 + rnd(g, 4));
  }
  P("; %s++) {\n", name);
  push_ro(g, name);
  g->ind++;
  for (int n = 1 + (int)rnd(g, 3); n > 0; n--) {
    if (rnd(g, 4) == 0) { IND(); P("if ("); kf_cond(g, 1); P(") %s;\n", rnd(g, 2) ? "break" : "continue"); }
    block(g, 1, d - 1);
  }
  g->ind--;
  g->nv--;
  IND(); P("}\n");
}

static void switch_stmt(G *g, int d) {
  int e = (int)rnd(g, 8), ncase = 2 + (int)rnd(g, 3), mod = rnd(g, 2);
  uint64_t labels[5];
  IND();
  if (mod) { P("switch ((uint)("); kf_ex(g, (ty){e, 1}, 2); P(") %% %du) {\n", ncase + 1); }
  else { P("switch ("); kf_ex(g, (ty){e, 1}, 2); P(") {\n"); }
  for (int c = 0; c < ncase; c++) {
    uint64_t l;
    int dup;
    do {   /* distinct labels: the edge values of the type, or 0..ncase for the % form */
      l = mod ? rnd(g, (unsigned)ncase + 1) : kf_ilit(g, e);
      dup = 0;
      for (int k = 0; k < c; k++) dup |= labels[k] == l;
    } while (dup);
    labels[c] = l;
    IND();
    if (mod) P("case %lluu:\n", (unsigned long long)l);
    else P("case (%s)0x%llxUL:\n", kf_ename[e], (unsigned long long)l);
    g->ind++;
    block(g, 1 + (int)rnd(g, 2), d - 1);
    if (c == ncase - 1 || rnd(g, 4)) { IND(); P("break;\n"); }
    g->ind--;
  }
  if (rnd(g, 2)) {
    IND(); P("default:\n");
    g->ind++; block(g, 1, d - 1); g->ind--;
  }
  IND(); P("}\n");
}

/* One kind of operation per counter, so the final values are order-independent. */
static void atomic_stmt(G *g, int local) {
  static const char *const ops[] = {"add", "or", "xor", "and", "min", "max", "min", "max"};
  int slot = (int)rnd(g, local ? 6 : KF_NATOM);
  const char *op = ops[slot];
  if (slot == 0) op = (const char *[]){"add", "sub", "inc", "dec"}[rnd(g, 4)];
  IND();
  if (local) P("atomic_%s(&la[%d]", op, slot);
  else if (slot >= 6) P("atomic_%s((volatile __global uint *)&gatom[%d]", op, slot);
  else P("atomic_%s(&gatom[%d]", op, slot);
  if (strcmp(op, "inc") && strcmp(op, "dec")) {
    int e = local || slot >= 6 ? UINT : INT;
    P(", "); kf_ex(g, (ty){e, 1}, 2);
  }
  P(");\n");
}

/* Uniform: every work-item writes its lm/lv slot, all meet, read each other's, meet again. */
static void local_phase(G *g) {
  int uloop = rnd(g, 3) == 0;
  char name[16];
  if (uloop) {
    snprintf(name, sizeof name, "u%d", g->nloop++);
    IND(); P("for (uint %s = 0u; %s < 2u; %s++) {\n", name, name, name);
    push_ro(g, name);
    g->ind++;
  }
  g->top = 0;
  if (rnd(g, 2)) {
    IND(); P("lm[lid] = "); kf_ex(g, (ty){ULONG, 1}, 2); P(";\n");
    IND(); P("lv[lid] = "); kf_ex(g, (ty){INT, 4}, 2); P(";\n");
    IND(); P("barrier(CLK_LOCAL_MEM_FENCE);\n");
    g->lm_ok = 1;
    block(g, 2 + (int)rnd(g, 3), 1);
    g->lm_ok = 0;
    IND(); P("barrier(CLK_LOCAL_MEM_FENCE);\n");
  } else {
    IND(); P("if (lid == 0u) {\n");
    for (int k = 0; k < 6; k++) {
      IND(); P("  la[%d] = 0x%llxu;\n", k, (unsigned long long)kf_ilit(g, UINT));
    }
    IND(); P("}\n");
    IND(); P("barrier(CLK_LOCAL_MEM_FENCE);\n");
    g->la_ok = 1;
    block(g, 2 + (int)rnd(g, 3), 1);
    g->la_ok = 0;
    IND(); P("barrier(CLK_LOCAL_MEM_FENCE);\n");
    int i = pick_writable(g);
    if (i >= 0 && !IS_FP(g->v[i].t.e)) {
      IND(); P("%s ^= (%s)((%s)la[%u]);\n", g->v[i].name, kf_tn(g->v[i].t), kf_ename[g->v[i].t.e], rnd(g, 6));
    }
    IND(); P("barrier(CLK_LOCAL_MEM_FENCE);\n");
  }
  g->top = 1;
  if (uloop) { g->ind--; g->nv--; IND(); P("}\n"); }
}

static void stmt(G *g, int d) {
  int top = g->top;
  unsigned r = rnd(g, 20);
  if (r >= 8 && r <= 12 && d > 0) g->top = 0;
  switch (r) {
  case 8: if (!g->in_helper && !g->lm_ok) { store_place(g); break; } assign(g); break;
  case 9: case 10: if (d > 0) { if_stmt(g, d); break; } assign(g); break;
  case 11: if (d > 0) { for_stmt(g, d); break; } assign(g); break;
  case 12: if (d > 0) { switch_stmt(g, d); break; } assign(g); break;
  case 13: if (!g->in_helper) { atomic_stmt(g, 0); break; } assign(g); break;
  case 14: if (g->la_ok) { atomic_stmt(g, 1); break; } assign(g); break;
  case 15: if (top && !g->in_helper) { local_phase(g); break; } assign(g); break;
  case 16:
    if (g->in_helper) { assign(g); break; }
    IND();
    if (rnd(g, 2)) { P("kf_upd(&s0, "); kf_ex(g, (ty){UINT, 1}, 2); P(");\n"); }
    else { P("kf_mix(pa, "); kf_ex(g, (ty){UINT, 1}, 2); P(");\n"); }
    break;
  default: assign(g);
  }
  g->top = top;
}

static void block(G *g, int n, int d) {
  for (int i = 0; i < n; i++) stmt(g, d);
}

/* Fixed helpers: a struct by value and by pointer, a private array by pointer, and the
 * canonical bits of a float result (one NaN, one zero: platforms may differ in NaN payloads,
 * and fmin/fmax may return either zero). */
static const char *const PRELUDE =
  "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n"
  "#pragma OPENCL FP_CONTRACT OFF\n"
  "typedef struct { uchar a; long b; short3 c; float d; uint e[3]; } S;\n"
  "uint kf_f(float x) { return isnan(x) ? 0x7fc00000u : x == 0.0f ? 0u : as_uint(x); }\n"
  "ulong kf_d(double x) { return isnan(x) ? 0x7ff8000000000000UL : x == 0.0 ? 0UL : as_ulong(x); }\n"
  "ulong kf_sum(S s) {\n"
  "  return (ulong)s.a ^ (ulong)s.b ^ ((ulong)as_ushort(s.c.x) << 8) ^ ((ulong)as_ushort(s.c.y) << 24) ^\n"
  "         ((ulong)as_ushort(s.c.z) << 40) ^ ((ulong)kf_f(s.d) << 13) ^ ((ulong)s.e[0] + s.e[1] * 3UL + s.e[2]);\n"
  "}\n"
  "void kf_upd(__private S *p, uint x) {\n"
  "  p->a = (uchar)(p->a + x); p->e[x % 3u] ^= x; p->c = p->c.zxy; p->b = (long)((ulong)p->b * 3UL + x);\n"
  "}\n"
  "void kf_mix(__private ulong *p, uint n) {\n"
  "  for (uint j = 0u; j < n % 8u; j++) p[(j * 5u + n) % 8u] ^= p[j] << (j + 1u);\n"
  "}\n";

static void helper_fn(G *g) {
  helper *h = &g->h[g->nh];
  snprintf(h->name, sizeof h->name, "h%d", g->nh);
  h->ret = kf_rty(g, 1);
  h->npar = 1 + (int)rnd(g, 3);
  P("%s %s(", kf_tn(h->ret), h->name);
  g->nv = 0;
  for (int i = 0; i < h->npar; i++) {
    var *v = &g->v[g->nv++];
    h->par[i] = v->t = kf_rty(g, 1);
    snprintf(v->name, sizeof v->name, "p%d", i);
    v->ro = 0;
    P("%s%s %s", i ? ", " : "", kf_tn(v->t), v->name);
  }
  P(") {\n  uint gid = (uint)get_global_id(0), lid = (uint)get_local_id(0);\n");
  g->in_helper = 1;
  g->ind = 1;
  block(g, 1 + (int)rnd(g, 4), 1);
  P("  return "); kf_ex(g, h->ret, 3); P(";\n}\n");
  g->in_helper = 0;
  g->nv = 0;
  g->nh++;
}

/* Initial value of one element: some input bits, shifted so that magnitudes vary. */
static void init_elem(G *g, int e) {
  unsigned k = rnd(g, KF_NIN), sh = rnd(g, 4) ? 0 : rnd(g, 64);
  if (IS_FP(e)) P("(%s)((long)src[%u] >> %u) * 0x1p-%u%s", kf_ename[e], k, sh, rnd(g, 64), e == FLOAT ? "f" : "");
  else P("(%s)(src[%u] >> %u)", kf_ename[e], k, sh);
}

static int outputs(G *g, int write) {
  int n = 0;
  for (int i = 0; i < g->nv; i++) {
    const var *v = &g->v[i];
    for (int c = 0; c < v->t.w; c++, n++) {
      if (!write) continue;
      char comp[16] = "";
      if (v->t.w > 1) snprintf(comp, sizeof comp, ".s%x", c);
      if (v->t.e == FLOAT) P("  o[%d] = kf_f(%s%s);\n", n, v->name, comp);
      else if (v->t.e == DOUBLE) P("  o[%d] = kf_d(%s%s);\n", n, v->name, comp);
      else P("  o[%d] = (ulong)%s%s;\n", n, v->name, comp);
    }
  }
  if (write) {
    P("  for (uint j = 0u; j < 8u; j++) o[%d + j] = pa[j];\n", n);
    P("  for (uint j = 0u; j < 4u; j++) o[%d + j] = as_ulong(pb[j].s01) ^ as_ulong(pb[j].s23) << 7;\n", n + 8);
    P("  for (uint j = 0u; j < 5u; j++) o[%d + j] = pc[j];\n", n + 12);
    P("  for (uint j = 0u; j < 3u; j++) o[%d + j] = kf_f(pf[j]);\n", n + 17);
    P("  o[%d] = kf_sum(s0);\n", n + 20);
  }
  return n + 21;
}

void kf_generate(uint64_t seed, char **src) {
  static const unsigned wgs[] = {1, 8, 16, 32, 48, 64, 128};
  G gen = {0}, *g = &gen;
  kf_buf b = {0};
  kf_seed(&g->r, seed);
  g->b = &b;
  g->wg = wgs[rnd(g, 7)];
  unsigned groups = 1 + rnd(g, 3);
  int nvars = 4 + (int)rnd(g, 9);
  ty types[16];
  for (int i = 0; i < nvars; i++) {
    types[i] = kf_rty(g, 1);
    g->v[i].t = types[i];
    g->nv = i + 1;
  }
  int nout = outputs(g, 0);
  g->nv = 0;
  P("// kfuzz wg=%u groups=%u nout=%d seed=%llu\n", g->wg, groups, nout, (unsigned long long)seed);
  P("#define WG %uu\n%s", g->wg, PRELUDE);
  for (int n = (int)rnd(g, 4); n > 0; n--) helper_fn(g);
  P("__kernel void k(__global ulong *out, __global const ulong *in, __global int *gatom) {\n"
    "  uint gid = (uint)get_global_id(0), lid = (uint)get_local_id(0);\n"
    "  __global const ulong *src = in + gid * %du;\n"
    "  __local ulong lm[WG];\n  __local int4 lv[WG];\n  __local uint la[6];\n"
    "  ulong pa[8];\n  int4 pb[4];\n  uchar pc[5];\n  float pf[3];\n  S s0;\n"
    "  for (uint j = 0u; j < 8u; j++) pa[j] = src[j] ^ j;\n"
    "  for (uint j = 0u; j < 4u; j++) pb[j] = as_int4((uint4)((uint)src[j + 4], (uint)(src[j] >> 32), j, gid));\n"
    "  for (uint j = 0u; j < 5u; j++) pc[j] = (uchar)(src[j + 8] >> 3);\n"
    "  for (uint j = 0u; j < 3u; j++) pf[j] = (float)((int)src[j + 12] >> 8) * 0x1p-6f;\n"
    "  s0.a = (uchar)src[1]; s0.b = (long)src[2]; s0.d = (float)(int)src[5] * 0x1p-12f;\n"
    "  s0.c = (short3)((short)src[3], (short)(src[3] >> 16), (short)(src[3] >> 32));\n"
    "  s0.e[0] = (uint)src[6]; s0.e[1] = (uint)src[7]; s0.e[2] = (uint)(src[7] >> 32);\n", KF_NIN);
  push_ro(g, "gid");
  push_ro(g, "lid");
  for (int i = 0; i < nvars; i++) {
    var *v = &g->v[g->nv++];
    v->t = types[i];
    v->ro = 0;
    snprintf(v->name, sizeof v->name, "v%d", i);
    P("  %s %s = ", kf_tn(v->t), v->name);
    if (v->t.w > 1) P("(%s)(", kf_tn(v->t));
    for (int c = 0; c < v->t.w; c++) { if (c) P(", "); init_elem(g, v->t.e); }
    P(v->t.w > 1 ? ");\n" : ";\n");
  }
  P("  // kfuzz: statements\n");   /* kfuzz-reduce.py keeps everything above */
  g->top = 1;
  g->ind = 1;
  block(g, 8 + (int)rnd(g, 20), 3);
  P("  __global ulong *o = out + gid * %du;\n", nout);
  memmove(g->v, g->v + 2, sizeof(var) * (size_t)nvars);   /* outputs: the v's, not gid/lid */
  g->nv = nvars;
  outputs(g, 1);
  P("}\n");
  *src = b.s;
}
