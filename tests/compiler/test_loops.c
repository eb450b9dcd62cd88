/* test_loops.c - loop-carried values, the case compiler/coalesce.c optimises: a value written
 * straight into its phi's register must never be seen early.  Each row is a loop shape where an
 * early write would show: the old value read after the new one is computed, two values swapped
 * every trip (Fibonacci), an outer value updated inside an inner loop's header (a cycle that avoids
 * the outer header), exits from the middle of a loop with the old and the new value live, nested
 * loops with lane-dependent trip counts, and a do-while.  Each kernel runs at -O2 and with
 * -cl-opt-disable against a C reference computed here. */
#include <stdint.h>
#include "tests/testlib.h"

#define N 96
#define ROWS 8

static const char *src =
  "__kernel void loops(__global int *o, __global const int *in) {\n"
  "  int i = get_global_id(0), x = in[i], n = (x & 31) + 1;\n"
  "  int k = 0;\n"
  /* 0: the old value used after the update */
  "  { uint cur = x, acc = 0; for (int j = 0; j < n; j++) { uint prev = cur; cur = cur * 3 + j; acc += prev ^ cur; }\n"
  "    o[k++ * 96 + i] = acc + cur; }\n"
  /* 1: a swap every trip */
  "  { uint a = (uint)x, b = 1; for (int j = 0; j < n; j++) { uint t = a + b; a = b; b = t; } o[k++ * 96 + i] = (int)(a ^ b); }\n"
  /* 2: an outer value updated in the inner loop's header (the inner loop is a while with its test on top) */
  "  { uint s = 0; int j = 0; while (j < n) { int m = (x >> (j & 7)) & 3;\n"
  "      while (m > 0) { s += m * j; m--; if (s > 5000) break; }\n"
  "      s = s * 2 + j; j++; } o[k++ * 96 + i] = s; }\n"
  /* 3: exits from the middle with old and new values live */
  "  { int v = x, w = 0, j = 0; for (;;) { int nv = v ^ (v >> 3); if ((nv & 7) == 5 || j > n) { w = (int)((uint)v - (uint)nv); break; }\n"
  "      v = (int)((uint)nv + j); j++; } o[k++ * 96 + i] = (int)((uint)w + j); }\n"
  /* 4: nested loops, the inner trip count depends on the outer index and the lane */
  "  { uint s = 0; for (int a = 0; a < n; a++) for (int b = 0; b < ((a + x) & 7); b++) s = s * 5 + a - b; o[k++ * 96 + i] = s; }\n"
  /* 5: a do-while whose carried value feeds both the test and the result */
  "  { uint h = (uint)x; int c = 0; do { h = h * 2654435761u + 7; c++; } while ((h >> 28) != 3 && c < 200);\n"
  "    o[k++ * 96 + i] = (int)h + c; }\n"
  /* 6: two carried values, each computed from the other's old value */
  "  { uint p = x, q = 3; for (int j = 0; j < n; j++) { uint np = q + j, nq = p * 2 - q; p = np; q = nq; } o[k++ * 96 + i] = p - q; }\n"
  /* 7: float accumulation with the old value stored beside the new one */
  "  { float f = (float)(x & 255), g = 0.0f; for (int j = 0; j < n; j++) { g = g + f; f = f * 0.5f + 1.0f; }\n"
  "    o[k++ * 96 + i] = (int)(g * 16.0f) + (int)(f * 16.0f); }\n"
  "}\n";

static int32_t ref(int row, int32_t x) {
  int n = (x & 31) + 1;
  switch (row) {
  case 0: {
    int32_t cur = x, acc = 0;
    for (int j = 0; j < n; j++) { int32_t prev = cur; cur = (int32_t)((uint32_t)cur * 3 + (uint32_t)j); acc = (int32_t)((uint32_t)acc + (uint32_t)(prev ^ cur)); }
    return (int32_t)((uint32_t)acc + (uint32_t)cur);
  }
  case 1: {
    uint32_t a = (uint32_t)x, b = 1;
    for (int j = 0; j < n; j++) { uint32_t t = a + b; a = b; b = t; }
    return (int32_t)(a ^ b);
  }
  case 2: {
    uint32_t s = 0;
    int j = 0;
    while (j < n) {
      int m = (x >> (j & 7)) & 3;
      while (m > 0) { s += (uint32_t)(m * j); m--; if (s > 5000) break; }
      s = s * 2 + (uint32_t)j;
      j++;
    }
    return (int32_t)s;
  }
  case 3: {
    int32_t v = x, w = 0, j = 0;
    for (;;) {
      int32_t nv = v ^ (v >> 3);
      if ((nv & 7) == 5 || j > n) { w = (int32_t)((uint32_t)v - (uint32_t)nv); break; }
      v = (int32_t)((uint32_t)nv + (uint32_t)j);
      j++;
    }
    return (int32_t)((uint32_t)w + (uint32_t)j);
  }
  case 4: {
    int32_t s = 0;
    for (int a = 0; a < n; a++)
      for (int b = 0; b < ((a + x) & 7); b++) s = (int32_t)((uint32_t)s * 5 + (uint32_t)a - (uint32_t)b);
    return s;
  }
  case 5: {
    uint32_t h = (uint32_t)x;
    int c = 0;
    do { h = h * 2654435761u + 7; c++; } while ((h >> 28) != 3 && c < 200);
    return (int32_t)(h + (uint32_t)c);
  }
  case 6: {
    int32_t p = x, q = 3;
    for (int j = 0; j < n; j++) {
      int32_t np = (int32_t)((uint32_t)q + (uint32_t)j), nq = (int32_t)((uint32_t)p * 2 - (uint32_t)q);
      p = np;
      q = nq;
    }
    return (int32_t)((uint32_t)p - (uint32_t)q);
  }
  case 7: {
    float f = (float)(x & 255), g = 0.0f;
    for (int j = 0; j < n; j++) { g = g + f; f = f * 0.5f + 1.0f; }
    return (int32_t)(g * 16.0f) + (int32_t)(f * 16.0f);
  }
  }
  return 0;
}

int main(void) {
  int32_t in[N];
  uint32_t seed = 777;
  for (int i = 0; i < N; i++) {
    seed = seed * 1103515245u + 12345u;
    in[i] = (int32_t)(seed >> 4) - (1 << 26);
  }
  static const char *const opts[] = {"", "-cl-opt-disable"};
  for (int o = 0; o < 2; o++) {
    cl_program p = vt_build(src, opts[o]);
    if (!CHECK(p != NULL)) continue;
    cl_int err;
    cl_mem ob = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, sizeof(int32_t) * N * ROWS, NULL, &err);
    cl_mem ib = clCreateBuffer(vt_context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof in, in, &err);
    cl_kernel k = clCreateKernel(p, "loops", &err);
    CHECK_OK(err);
    CHECK_OK(clSetKernelArg(k, 0, sizeof ob, &ob));
    CHECK_OK(clSetKernelArg(k, 1, sizeof ib, &ib));
    size_t gs = N, ls = 32;
    CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &gs, &ls, 0, NULL, NULL));
    static int32_t out[N * ROWS];
    CHECK_OK(clEnqueueReadBuffer(vt_queue(), ob, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
    for (int row = 0; row < ROWS; row++) {
      int bad = 0;
      for (int i = 0; i < N; i++) {
        int32_t want = ref(row, in[i]);
        if (out[row * N + i] != want && bad++ < 2)
          printf("[%s] row %d item %d (x %d): got %d, want %d\n", opts[o], row, i, in[i], out[row * N + i], want);
      }
      CHECK(bad == 0);
    }
    clReleaseKernel(k);
    clReleaseMemObject(ob);
    clReleaseMemObject(ib);
    clReleaseProgram(p);
  }
  return vt_finish();
}
