/* common.cl - the common functions of OpenCL C 3.0 section 6.15.4 (float, double and half
 * scalars; vector forms in gen_vector.cl). */
#include "vgpu_intrinsics.h"

#define VGPU_COMMON(T, S)                                                                     \
  OVL T clamp(T x, T lo, T hi) { return fmin(fmax(x, lo), hi); } \
  OVL T degrees(T r) { return r * (T)(180.0 / M_PI); }                                        \
  OVL T radians(T d) { return d * (T)(M_PI / 180.0); }                                        \
  OVL T max(T x, T y) { return fmax(x, y); }                                  \
  OVL T min(T x, T y) { return fmin(x, y); }                                  \
  OVL T mix(T x, T y, T a) { return x + (y - x) * a; }                                        \
  OVL T step(T edge, T x) { return x < edge ? (T)0 : (T)1; }                                  \
  OVL T smoothstep(T e0, T e1, T x) {                                                         \
    T t = clamp((x - e0) / (e1 - e0), (T)0, (T)1);                                            \
    return t * t * ((T)3 - (T)2 * t);                                                         \
  }                                                                                           \
  /* sign: 1, -1, the zero itself, or 0 for NaN */                                            \
  OVL T sign(T x) {                                                                           \
    return x > 0 ? (T)1 : x < 0 ? (T)-1 : isnan(x) ? (T)0 : x;                                \
  }
VGPU_COMMON(float, f32)
VGPU_COMMON(double, f64)

/* half: the float function of the exactly widened arguments, rounded once (the constants of
 * degrees and radians would lose 4 bits in half) */
OVL half clamp(half x, half lo, half hi) { return fmin(fmax(x, lo), hi); }
OVL half degrees(half r) { return (half)degrees((float)r); }
OVL half radians(half d) { return (half)radians((float)d); }
OVL half max(half x, half y) { return fmax(x, y); }
OVL half min(half x, half y) { return fmin(x, y); }
OVL half mix(half x, half y, half a) { return (half)mix((float)x, (float)y, (float)a); }
OVL half step(half edge, half x) { return x < edge ? (half)0 : (half)1; }
OVL half smoothstep(half e0, half e1, half x) {
  return (half)smoothstep((float)e0, (float)e1, (float)x);
}
OVL half sign(half x) { return x > 0 ? (half)1 : x < 0 ? (half)-1 : isnan(x) ? (half)0 : x; }
