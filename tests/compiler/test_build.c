/* test_build.c - a corpus of kernels using every language feature the device offers builds to
 * VIR that passes vir_module_check, with and without -cl-opt-disable, and holds the kernels the
 * source declares. */
#include "tests/compiler/compiler_util.h"

static const struct { const char *name, *options, *src, *kernels[3]; } corpus[] = {
  {"vadd", "", "__kernel void vadd(__global const float *a, __global const float *b, __global float *c, int n) {\n"
   "  int i = get_global_id(0);\n  if (i < n) c[i] = a[i] + b[i];\n}\n", {"vadd"}},
  {"vectors", "", "__kernel void vec(__global float4 *a, __global int3 *b, __global uchar8 *c, float2 s) {\n"
   "  size_t i = get_global_id(0);\n  float4 x = a[i];\n  x.xy = x.yx * s;\n"
   "  a[i] = normalize(x) + sqrt(fabs(x)) + mad(x, x, x) + x[i % 4];\n"
   "  int3 y = b[i];\n  b[i] = y.zxy + max(y, (int3)(3)) + clamp(y, 0, 10);\n"
   "  uchar8 z = c[i];\n  c[i] = rotate(z, (uchar8)(1)) + add_sat(z, z) + popcount(z);\n"
   "  float16 big = (float16)(x, x, x, x);\n  a[i + 1] = big.s4567 + convert_float4(convert_int4_sat(x)) + as_float4(as_uint4(x) ^ 1);\n"
   "  if (any(x > 2.0f)) a[i + 2] = vload4(i, (__global float *)a);\n}\n", {"vec"}},
  {"structs", "", "typedef struct { float a; int b[3]; char c; } T;\n"
   "int helper(int x) { return x * x + 1; }\n"
   "T make(int i) { T t; t.a = i; t.b[0] = i; t.b[1] = 2 * i; t.b[2] = helper(i); t.c = 1; return t; }\n"
   "__kernel void structs(__global int *out, T tin) {\n  T t = make(tin.b[1]);\n"
   "  out[get_global_id(0)] = t.b[2] + (int)tin.a + tin.c;\n}\n", {"structs"}},
  {"control", "", "__constant float table[8] = {1, 2, 3, 4, 5, 6, 7, 8};\n"
   "__kernel void control(__global int *out, int n) {\n  int i = get_global_id(0), acc = 0, j = 0;\n"
   "  for (int k = 0; k < n; k++) { if (k % 3 == 0) continue; acc += k; if (acc > 1000) break; }\n"
   "  switch (i & 7) { case 0: acc += 5; break; case 1: acc -= 3; case 2: acc *= 2; break;\n"
   "  case 5: acc = (int)table[i & 7]; break; default: acc ^= 0x55; }\n"
   "again:\n  j++;\n  if (j < (i & 3)) goto again;\n  while (acc > 0) acc >>= 1;\n  do { acc++; } while (acc < 4);\n"
   "  out[i] = acc + j;\n}\n", {"control"}},
  {"local", "", "__kernel void reduce(__global const float *in, __global float *out, __local float *scratch) {\n"
   "  __local float tile[64];\n  size_t lid = get_local_id(0);\n  tile[lid] = in[get_global_id(0)];\n"
   "  scratch[lid] = tile[lid];\n  barrier(CLK_LOCAL_MEM_FENCE);\n"
   "  for (size_t s = get_local_size(0) / 2; s > 0; s >>= 1) {\n    if (lid < s) tile[lid] += tile[lid + s];\n"
   "    barrier(CLK_LOCAL_MEM_FENCE);\n  }\n  if (lid == 0) out[get_group_id(0)] = tile[0] + scratch[1];\n}\n"
   "__kernel void other(__global float *out) {\n  __local float tile[16];\n  tile[get_local_id(0) & 15] = 1;\n"
   "  barrier(CLK_LOCAL_MEM_FENCE);\n  out[get_global_id(0)] = tile[0];\n}\n", {"reduce", "other"}},
  {"numbers", "", "__kernel void numbers(__global half *h, __global double *d, __global long *l, __global ulong *u) {\n"
   "  size_t i = get_global_id(0);\n  float f = vload_half(i, h);\n  vstore_half(f * 2.0f, i + 1, h);\n"
   "  d[i] = sin(d[i]) + pow(d[i], 2.5) + (double)f;\n  l[i] = l[i] * l[i + 1] / (l[i + 2] | 1) + mul_hi(l[i], l[i + 1]);\n"
   "  u[i] = (u[i] >> 3) % 7 + clz(u[i]) + (ulong)d[i];\n}\n", {"numbers"}},
  {"printf", "", "__kernel void pr(__global int *a, char c, long l, float4 v) {\n"
   "  printf(\"hello %d %c %ld %v4f %s\\n\", a[0], c, l, v, \"str\");\n}\n", {"pr"}},
  {"atomics", "", "__kernel void atom(__global int *g, __global uint *u, __global long *l, __local int *li) {\n"
   "  atomic_add(g, 1); atomic_sub(g + 1, 2); atomic_xchg(g + 2, 3); atomic_min(g + 3, -4); atomic_max(g + 4, 5);\n"
   "  atomic_and(g + 5, 6); atomic_or(g + 6, 7); atomic_xor(g + 7, 8); atomic_cmpxchg(g + 8, 0, 9);\n"
   "  atomic_inc(u); atomic_dec(u + 1); atom_add(l, 5L); atomic_add(li, 1);\n}\n", {"atom"}},
  {"atomics30", "-cl-std=CL3.0", "global int counter = 5;\n"
   "__kernel void a30(volatile __global atomic_int *ai, __global int *out) {\n"
   "  atomic_fetch_add(ai, 1);\n  atomic_store(ai + 1, 5);\n  int exp = 0;\n"
   "  atomic_compare_exchange_strong(ai + 3, &exp, atomic_load(ai + 2));\n"
   "  generic int *gp = out;\n  *gp = counter++;\n}\n", {"a30"}},
  {"kernelcall", "", "__kernel void callee(__global int *a) { a[get_global_id(0)] += 1; }\n"
   "__kernel void caller(__global int *a) { callee(a); callee(a + 1); }\n", {"callee", "caller"}},
};

int main(void) {
  ct_init();
  static const char *const opt_levels[] = {"", "-cl-opt-disable"};
  for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
    for (int o = 0; o < 2; o++) {
      char options[256], vir[128];
      snprintf(options, sizeof options, "%s %s", corpus[i].options, opt_levels[o]);
      int rc = ct_build(corpus[i].name, corpus[i].src, options);
      if (!CHECK(rc == 0)) {
        char log[128];
        snprintf(log, sizeof log, "%s.log", corpus[i].name);
        char *text = ct_read(log, NULL);
        printf("build of %s [%s] failed (%d):\n%s\n", corpus[i].name, options, rc, text ? text : "");
        free(text);
        continue;
      }
      snprintf(vir, sizeof vir, "%s.vir", corpus[i].name);
      size_t len;
      void *blob = ct_read(vir, &len);
      char why[256] = "";
      if (!CHECK(blob && vir_module_check(blob, len, why, sizeof why) == 0)) {
        printf("%s: %s\n", corpus[i].name, why);
        free(blob);
        continue;
      }
      const struct vir_header *h = blob;
      for (int k = 0; k < 3 && corpus[i].kernels[k]; k++) {
        const struct vir_kernel *kk = ct_kernel(h, corpus[i].kernels[k]);
        CHECK(kk != NULL);
        if (kk) {
          /* every instruction keeps a source line inside the file */
          uint32_t with_line = 0;
          for (uint32_t pc = 0; pc < kk->ninsns; pc++) with_line += vir_insns(h)[kk->first_insn + pc].line != 0;
          CHECK(with_line > 0);
        }
      }
      free(blob);
    }
  }
  ct_cleanup();
  return vt_finish();
}
