/* math.c - MATH_F32 / MATH_F64: the functions of vir_math.def evaluated with the host's libm.
 * Single precision calls the float functions (sinf, not sin then a rounding) so results have
 * float's behaviour; sqrt and fma are correctly rounded by IEEE 754 and by libm, which is what
 * OpenCL C requires of them (OpenCL C 3.0 s7.4, ULP table: 0 ULP for fma, <= 3 for sqrt). */
#include <math.h>
#include <string.h>
#include "sim/warp.h"

static inline float f32(uint64_t x) { uint32_t u = (uint32_t)x; float f; memcpy(&f, &u, 4); return f; }
static inline double f64(uint64_t x) { double f; memcpy(&f, &x, 8); return f; }
static inline uint64_t b32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline uint64_t b64(double f) { uint64_t u; memcpy(&u, &f, 8); return u; }

typedef void (*math_fn)(void);
struct math_entry { int arity; math_fn f32, f64; };

/* Generated from the table; ldexp and ilogb (integer operand / result) are handled by name. */
static const struct math_entry table[VIR_NUM_MATH] = {
#define VIR_MATH(name, arity) [VIR_MATH_##name] = {arity, (math_fn)name##f, (math_fn)name},
#include "vir/vir_math.def"
#undef VIR_MATH
};

#define EACH(stmt)                                                                          \
  for (uint64_t m_ = mask; m_; m_ &= m_ - 1) {                                              \
    unsigned l = (unsigned)__builtin_ctzll(m_);                                             \
    stmt;                                                                                   \
  }

/* fma is what `acc += a * b` becomes (OpenCL C contracts by default): with the FMA and AVX2 instructions
 * (x86-64-v3) it is one vfmadd per lane instead of a libm call; both are correctly rounded. */
__attribute__((target("avx2,fma"))) static void fma32_hw(unsigned width, uint64_t mask, uint64_t *d,
                                                    const uint64_t *a, const uint64_t *b, const uint64_t *c) {
  if (mask == vgpu_full_mask(width)) { /* a loop that vectorises: d is one of a, b, c or disjoint */
#pragma GCC ivdep
    for (unsigned l = 0; l < width; l++) d[l] = b32(__builtin_fmaf(f32(a[l]), f32(b[l]), f32(c[l])));
    return;
  }
  EACH(d[l] = b32(__builtin_fmaf(f32(a[l]), f32(b[l]), f32(c[l]))));
}
__attribute__((target("avx2,fma"))) static void fma64_hw(unsigned width, uint64_t mask, uint64_t *d,
                                                    const uint64_t *a, const uint64_t *b, const uint64_t *c) {
  if (mask == vgpu_full_mask(width)) { /* a loop that vectorises: d is one of a, b, c or disjoint */
#pragma GCC ivdep
    for (unsigned l = 0; l < width; l++) d[l] = b64(__builtin_fma(f64(a[l]), f64(b[l]), f64(c[l])));
    return;
  }
  EACH(d[l] = b64(__builtin_fma(f64(a[l]), f64(b[l]), f64(c[l]))));
}
static int have_fma(void) {
  static int known = -1;
  if (known < 0) known = __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2");
  return known;
}

void vgpu_math_f32(unsigned fn, unsigned width, uint64_t mask, uint64_t *d, const uint64_t *a,
                   const uint64_t *b, const uint64_t *c) {
  if (fn == VIR_MATH_fma && have_fma()) {
    fma32_hw(width, mask, d, a, b, c);
    return;
  }
  if (mask == vgpu_full_mask(width)) { /* the common ones as plain loops: sqrtps and friends */
    switch (fn) {
      case VIR_MATH_sqrt:
#pragma GCC ivdep
        for (unsigned l = 0; l < width; l++) d[l] = b32(sqrtf(f32(a[l])));
        return;
      case VIR_MATH_fabs:
#pragma GCC ivdep
        for (unsigned l = 0; l < width; l++) d[l] = a[l] & 0x7fffffffu;
        return;
      default: break;
    }
  }
  switch (fn) {
    case VIR_MATH_sqrt: EACH(d[l] = b32(sqrtf(f32(a[l])))); return;
    case VIR_MATH_fabs: EACH(d[l] = a[l] & 0x7fffffffu); return;
    case VIR_MATH_fma: EACH(d[l] = b32(fmaf(f32(a[l]), f32(b[l]), f32(c[l])))); return;
    case VIR_MATH_fmin: EACH(d[l] = b32(fminf(f32(a[l]), f32(b[l])))); return;
    case VIR_MATH_fmax: EACH(d[l] = b32(fmaxf(f32(a[l]), f32(b[l])))); return;
    case VIR_MATH_ldexp: EACH(d[l] = b32(ldexpf(f32(a[l]), (int32_t)b[l]))); return;
    case VIR_MATH_ilogb: EACH(d[l] = (uint32_t)ilogbf(f32(a[l]))); return;
  }
  const struct math_entry *e = &table[fn];
  if (e->arity == 1) {
    float (*f)(float) = (float (*)(float))e->f32;
    EACH(d[l] = b32(f(f32(a[l]))));
  } else if (e->arity == 2) {
    float (*f)(float, float) = (float (*)(float, float))e->f32;
    EACH(d[l] = b32(f(f32(a[l]), f32(b[l]))));
  } else {
    float (*f)(float, float, float) = (float (*)(float, float, float))e->f32;
    EACH(d[l] = b32(f(f32(a[l]), f32(b[l]), f32(c[l]))));
  }
}

void vgpu_math_f64(unsigned fn, unsigned width, uint64_t mask, uint64_t *d, const uint64_t *a,
                   const uint64_t *b, const uint64_t *c) {
  if (fn == VIR_MATH_fma && have_fma()) {
    fma64_hw(width, mask, d, a, b, c);
    return;
  }
  switch (fn) {
    case VIR_MATH_sqrt: EACH(d[l] = b64(sqrt(f64(a[l])))); return;
    case VIR_MATH_fabs: EACH(d[l] = a[l] & 0x7fffffffffffffffull); return;
    case VIR_MATH_fma: EACH(d[l] = b64(fma(f64(a[l]), f64(b[l]), f64(c[l])))); return;
    case VIR_MATH_fmin: EACH(d[l] = b64(fmin(f64(a[l]), f64(b[l])))); return;
    case VIR_MATH_fmax: EACH(d[l] = b64(fmax(f64(a[l]), f64(b[l])))); return;
    case VIR_MATH_ldexp: EACH(d[l] = b64(ldexp(f64(a[l]), (int32_t)b[l]))); return;
    case VIR_MATH_ilogb: EACH(d[l] = (uint32_t)ilogb(f64(a[l]))); return;
  }
  const struct math_entry *e = &table[fn];
  if (e->arity == 1) {
    double (*f)(double) = (double (*)(double))e->f64;
    EACH(d[l] = b64(f(f64(a[l]))));
  } else if (e->arity == 2) {
    double (*f)(double, double) = (double (*)(double, double))e->f64;
    EACH(d[l] = b64(f(f64(a[l]), f64(b[l]))));
  } else {
    double (*f)(double, double, double) = (double (*)(double, double, double))e->f64;
    EACH(d[l] = b64(f(f64(a[l]), f64(b[l]), f64(c[l]))));
  }
}
