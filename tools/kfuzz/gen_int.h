/* gen_int.h - what gen_expr.c (types, expressions) and gen_stmt.c (statements, the kernel)
 * share: the element types, the variables in scope and the generator's state. */
#ifndef KFUZZ_GEN_INT_H
#define KFUZZ_GEN_INT_H
#include "gen.h"

/* Element types; a signed integer type is even and its unsigned twin is the next one. */
enum { CHAR, UCHAR, SHORT, USHORT, INT, UINT, LONG, ULONG, FLOAT, DOUBLE, NELEM };
extern const char *const kf_ename[NELEM];
extern const int kf_ebits[NELEM];
#define IS_FP(e) ((e) >= FLOAT)
#define IS_SIGNED(e) (!IS_FP(e) && !((e) & 1))

typedef struct { int e, w; } ty;   /* element type, width 1 (scalar), 2, 3, 4, 8 or 16 */

typedef struct { char name[16]; ty t; int ro; } var;

typedef struct { char name[8]; ty ret, par[3]; int npar; } helper;

typedef struct {
  kf_rng r;
  kf_buf *b;              /* where text goes */
  var v[64]; int nv;      /* variables in scope; loop counters are read-only */
  helper h[4]; int nh;
  int in_helper;          /* no kernel-scope state (arrays, struct, atomics) in helpers */
  int lm_ok, la_ok;       /* inside a local-memory phase: may read lm/lv, may do local atomics */
  int top;                /* statement at kernel top level: uniform control flow, barriers allowed */
  int nloop;              /* counter for loop variable names */
  int ind;                /* indentation of the statement being written */
  unsigned wg;
} G;

#define P(...) kf_add(g->b, __VA_ARGS__)
static inline unsigned rnd(G *g, unsigned n) { return (unsigned)(kf_next(&g->r) % n); }
const char *kf_tn(ty t);            /* "int4"; a ring of buffers, copy before the next 8 calls */
ty kf_rty(G *g, int allow_fp);      /* a random type */
void kf_ex(G *g, ty t, int d);      /* an expression of type t, at most d operators deep */
void kf_leaf(G *g, ty t);           /* a variable, literal, conversion, swizzle... of type t */
void kf_conv_open(G *g, ty t, ty s); /* "convert_<t>[_sat][_rtX](" valid for s -> t */
void kf_cond(G *g, int d);          /* a scalar condition (an int) */
void kf_lit(G *g, int e);           /* one scalar literal of element type e */
uint64_t kf_ilit(G *g, int e);      /* an interesting integer value of element type e (its bits) */
#endif

/* Kernel-scope storage usable as an expression and as an assignment target: private arrays,
 * struct fields, __local arrays.  idx: the place is pre[index] with index % len. */
typedef struct { const char *pre; int e, w; int len; int need_lm; } place;
extern const place kf_places[];
extern const int kf_nplaces;
void kf_place(G *g, const place *p);   /* writes the place, with a random index if it has one */
