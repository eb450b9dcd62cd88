/* kt.h - the kernel test runner: one .cl file with a header comment that describes its runs
 * (arguments, sizes, expected results), run through the real ICD loader.  The format is
 * documented in tests/kernels/README.md; this header holds the parsed form. */
#ifndef VGPU_KT_H
#define VGPU_KT_H
#include <stddef.h>
#include <stdint.h>
#include "testlib.h"

/* ---- element types (kt_types.c) ---- */
enum kt_base { KT_CHAR, KT_UCHAR, KT_SHORT, KT_USHORT, KT_INT, KT_UINT, KT_LONG, KT_ULONG,
               KT_FLOAT, KT_DOUBLE, KT_HALF, KT_NBASE };
struct kt_type {
  enum kt_base base;
  int width; /* vector elements: 1, 2, 3, 4, 8, 16 (a 3-vector takes the room of 4) */
};
/* Parses "float", "uint4", "half" (a half is its 16-bit encoding, stored like a ushort). */
int kt_type_parse(const char *word, struct kt_type *t);
size_t kt_base_size(enum kt_base b);
int kt_base_is_float(enum kt_base b);
int kt_base_is_signed(enum kt_base b);
const char *kt_base_name(enum kt_base b);

/* ---- values and expressions (kt_expr.c) ---- */
/* A value is an integer (a 64-bit pattern, signed or not) or a floating-point number. */
struct kt_val {
  int is_float, is_unsigned;
  uint64_t i;
  double f;
};
struct kt_val kt_int(int64_t v);
struct kt_val kt_uint(uint64_t v);
struct kt_val kt_flt(double v);
double kt_as_double(struct kt_val v);
/* v converted to base type b the way a C cast does (integers wrap, floats round). */
struct kt_val kt_convert(struct kt_val v, enum kt_base b);
/* Reads / writes element idx of a buffer of base type b. */
struct kt_val kt_load(const void *buf, enum kt_base b, size_t idx);
void kt_store(void *buf, enum kt_base b, size_t idx, struct kt_val v);

struct kt_expr;
/* What names in an expression can see: buffers (initial contents), scalars, bound variables. */
struct kt_scope {
  const struct kt_run *run;
  int64_t i;           /* the element index */
  int has_got;
  struct kt_val got;   /* the value read back, in conditions */
  const void *got_buf; /* and the whole buffer read back: got[j] */
  enum kt_base got_base;
  size_t got_count;
  const char *var[4];  /* sum(...) variables */
  int64_t var_val[4];
  int nvars;
  int depth;           /* of let expansions, to stop a let that names itself */
};
/* Parses an expression; on error returns NULL and writes why. */
struct kt_expr *kt_expr_parse(const char *text, char *why, size_t why_len);
/* Evaluates e; on error (unknown name, index out of range) sets *err and writes why. */
struct kt_val kt_expr_eval(const struct kt_expr *e, struct kt_scope *s, int *err, char *why, size_t why_len);
void kt_expr_free(struct kt_expr *e);

/* ---- the parsed test file (kt_parse.c) ---- */
enum kt_arg_kind { KT_ARG_GLOBAL, KT_ARG_CONSTANT, KT_ARG_SUB, KT_ARG_LOCAL, KT_ARG_VALUE, KT_ARG_NULL };
struct kt_arg {
  char name[32];
  enum kt_arg_kind kind;
  struct kt_type type;
  size_t count;            /* scalar elements (vector width included) */
  size_t bytes;            /* buffer or __local size, or the value's size */
  size_t sub_origin, parent_bytes; /* KT_ARG_SUB: a sub-buffer at sub_origin of a parent */
  struct kt_expr *init;    /* element i's initial value, or NULL */
  struct kt_val *list;     /* or an inline list, repeated to fill */
  size_t nlist;
  unsigned char *data;     /* the initial contents (buffers) or the value's bytes */
};
enum kt_cmp { KT_EXACT, KT_ULP, KT_ABS };
struct kt_expect {
  int line;
  int arg;                 /* index into run->args */
  size_t lo, hi;           /* element slice [lo, hi) */
  struct kt_expr *value;   /* expected value of element i, or */
  struct kt_val *list;     /* an inline list for the slice, or */
  size_t nlist;
  struct kt_expr *cond;    /* a condition on `got` */
  struct kt_expr *when;    /* elements where the check applies (NULL: all) */
  enum kt_cmp cmp;
  double tol;
};
#define KT_MAX_ARGS 32
#define KT_MAX_EXPECTS 64
#define KT_MAX_LETS 16
struct kt_run {
  char name[64];
  char kernel[64];
  int line;
  char *options;           /* NULL: the file's options */
  cl_uint dims;
  size_t global[3], local[3], offset[3];
  int has_local, has_offset;
  struct kt_arg args[KT_MAX_ARGS];
  int nargs;
  struct kt_expect expects[KT_MAX_EXPECTS];
  int nexpects;
  char let_name[KT_MAX_LETS][32]; /* let NAME = EXPR: names for parts of expressions */
  struct kt_expr *let_expr[KT_MAX_LETS];
  int nlets;
  cl_int enqueue_error;    /* expected clEnqueueNDRangeKernel result */
  int expect_fault;        /* the launch must fail (event status fault_code) */
  cl_int fault_code;
  char fault_text[16][256]; /* and the pfn_notify message contain each of these (one per line) */
  int nfault_texts;
};
#define KT_MAX_RUNS 64
struct kt_file {
  const char *path;
  char *source;            /* the whole file: the program's source */
  char *options;
  char *env[8];
  int nenv;
  int build_fails;
  char build_log_text[256];
  struct kt_run runs[KT_MAX_RUNS];
  int nruns;
};
/* Parses the header of the .cl file at path; prints file:line: why and returns -1 on error. */
int kt_parse_file(const char *path, struct kt_file *f);
int kt_arg_index(const struct kt_run *r, const char *name);
/* Fills the initial contents of every argument of r (evaluating init expressions). */
int kt_prepare_args(struct kt_file *f, struct kt_run *r);

/* ---- checking results (kt_check.c) ---- */
/* Compares the buffer read back for expectation x; prints each differing element (up to a
 * few) with its index, expected and actual value; returns 1 when all match. */
int kt_check_expect(const struct kt_file *f, const struct kt_run *r, const struct kt_expect *x,
                    const void *got);
#endif
