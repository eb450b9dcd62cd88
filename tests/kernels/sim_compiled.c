/* sim_compiled.c - OpenCL C kernels compiled by the real compiler (the vgpu tool: Clang 19 ->
 * LLVM IR -> VIR) run on the SM processes through the engine, each checked against a CPU
 * reference: vector add, local-memory reduction with barriers, an atomic histogram, lane-dependent
 * loops (Collatz), math builtins, a private array, a struct passed by value, 64-bit integer
 * division, a __constant table, a 2-D NDRange and printf records. */
#include <math.h>
#include <string.h>
#include "tests/kernels/simlib.h"

static const char *source =
  "__kernel void vadd(__global const float *a, __global const float *b, __global float *c, int n) {\n"
  "  int i = get_global_id(0);\n"
  "  if (i < n) c[i] = a[i] + b[i];\n"
  "}\n"
  "__kernel void reduce(__global const uint *in, __global uint *out, __local uint *scratch) {\n"
  "  uint lid = get_local_id(0);\n"
  "  scratch[lid] = in[get_global_id(0)];\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  for (uint s = get_local_size(0) / 2; s > 0; s >>= 1) {\n"
  "    if (lid < s) scratch[lid] += scratch[lid + s];\n"
  "    barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  }\n"
  "  if (lid == 0) out[get_group_id(0)] = scratch[0];\n"
  "}\n"
  "__kernel void histogram(__global const uint *in, __global uint *hist) {\n"
  "  atomic_inc(&hist[in[get_global_id(0)] % 16]);\n"
  "}\n"
  "__kernel void collatz(__global uint *steps) {\n"
  "  uint x = get_global_id(0) + 1, n = 0;\n"
  "  while (x != 1) {\n"
  "    x = (x & 1) ? 3 * x + 1 : x / 2;\n"
  "    if (++n > 500) break;\n"
  "  }\n"
  "  steps[get_global_id(0)] = n;\n"
  "}\n"
  "__kernel void breakloop(__global int *out, int n) {\n"
  "  int lane = get_local_id(0), x = 0;\n"
  "  for (int i = 0; i < n; i++) {\n"
  "    if ((i & 31) == lane) x += 2;\n"
  "    else if (x < 0) break;\n"
  "  }\n"
  "  out[get_global_id(0)] = x;\n"
  "}\n"
  "__kernel void mathk(__global const float *x, __global float *y) {\n"
  "  int i = get_global_id(0);\n"
  "  float v = x[i];\n"
  "  y[i] = sqrt(v) + sin(v) * cos(v) + exp(-v) + pow(v, 1.5f) + fma(v, 2.0f, 1.0f) + fabs(v - 3.0f);\n"
  "}\n"
  "__kernel void privarr(__global int *out, int k) {\n"
  "  int a[16];\n"
  "  int g = get_global_id(0);\n"
  "  for (int j = 0; j < 16; j++) a[j] = g * j + k;\n"
  "  int s = 0;\n"
  "  for (int j = g % 16; j < 16; j += 3) s += a[(j * 7) % 16];\n"
  "  out[g] = s;\n"
  "}\n"
  "typedef struct { int a; float b; long c; } params;\n"
  "__kernel void byval(__global float *out, params p) {\n"
  "  int i = get_global_id(0);\n"
  "  out[i] = p.a * i + p.b + (float)p.c;\n"
  "}\n"
  "__kernel void div64(__global long *out) {\n"
  "  long i = get_global_id(0);\n"
  "  out[i] = (i * 123456789L - 5000000000L) / 7 % 1000;\n"
  "}\n"
  "__constant int table[8] = {3, 1, 4, 1, 5, 9, 2, 6};\n"
  "__kernel void grid(__global int *out, int w) {\n"
  "  int x = get_global_id(0), y = get_global_id(1);\n"
  "  out[y * w + x] = x * 1000 + y + table[(x + y) % 8] * 1000000;\n"
  "}\n"
  "__kernel void hello(int base) {\n"
  "  printf(\"item %d of %d\\n\", (int)get_global_id(0) + base, (int)get_global_size(0));\n"
  "}\n";

static void *blob;
static size_t blob_size;

static struct vgpu_launch *go(struct simdev *d, const char *name, struct simlaunch *l) {
  l->kernel = sim_kernel(blob, name);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, blob_size, l, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("%s: status %d: %s\n", name, st, rec->fault.message);
  return rec;
}

#define EXPECT_ALL(n, cond, fmt, ...)                                                      \
  do {                                                                                     \
    unsigned bad_ = 0;                                                                     \
    for (uint64_t i = 0; i < (n); i++)                                                     \
      if (!(cond) && bad_++ < 3) printf(fmt "\n", __VA_ARGS__);                            \
    CHECK(bad_ == 0);                                                                      \
  } while (0)

int main(void) {
  blob = sim_compile(source, "", &blob_size);
  struct simdev d;
  sim_open(&d, 64, 2, 32, 20);
  const uint64_t n = 10000;
  uint64_t a = sim_alloc(&d, n * 8), b = sim_alloc(&d, n * 8), c = sim_alloc(&d, n * 8);
  float *fa = sim_ptr(&d, a), *fb = sim_ptr(&d, b), *fc = sim_ptr(&d, c);
  uint32_t *ua = sim_ptr(&d, a), *uc = sim_ptr(&d, c);
  int32_t *ic = sim_ptr(&d, c);
  for (uint64_t i = 0; i < n; i++) { fa[i] = (float)i / 7.0f; fb[i] = 3.0f - (float)i; }
  /* vadd: n not a multiple of the group size is fine with a guard and 1.2 uniform groups */
  struct simlaunch l = {.work_dim = 1, .global = {n}, .local = {100}};
  sim_arg_buf(&l, a); sim_arg_buf(&l, b); sim_arg_buf(&l, c);
  int32_t nn = (int32_t)n - 5;
  sim_arg_val(&d, &l, &nn, 4);
  go(&d, "vadd", &l);
  EXPECT_ALL(n, fc[i] == (i < n - 5 ? fa[i] + fb[i] : 0.0f), "vadd c[%llu] = %g", (unsigned long long)i, fc[i]);
  /* reduce */
  for (uint64_t i = 0; i < n; i++) ua[i] = (uint32_t)(i * 2654435761u >> 5);
  memset(uc, 0, n * 4);
  l = (struct simlaunch){.work_dim = 1, .global = {8192}, .local = {256}};
  sim_arg_buf(&l, a); sim_arg_buf(&l, c); sim_arg_local(&l, 256 * 4);
  go(&d, "reduce", &l);
  EXPECT_ALL(32, ({ uint32_t s = 0; for (int j = 0; j < 256; j++) s += ua[i * 256 + j]; s == uc[i]; }),
             "reduce group %llu: %u", (unsigned long long)i, uc[i]);
  /* histogram */
  memset(uc, 0, 64);
  l = (struct simlaunch){.work_dim = 1, .global = {n}, .local = {50}};
  sim_arg_buf(&l, a); sim_arg_buf(&l, c);
  go(&d, "histogram", &l);
  uint32_t want[16] = {0};
  for (uint64_t i = 0; i < n; i++) want[ua[i] % 16]++;
  EXPECT_ALL(16, uc[i] == want[i], "hist[%llu] = %u, want %u", (unsigned long long)i, uc[i], want[i]);
  /* collatz */
  l = (struct simlaunch){.work_dim = 1, .global = {n}, .local = {64}};
  sim_arg_buf(&l, c);
  go(&d, "collatz", &l);
  EXPECT_ALL(n, ({ uint32_t x = (uint32_t)i + 1, k = 0; while (x != 1) { x = (x & 1) ? 3 * x + 1 : x / 2; if (++k > 500) break; } k == uc[i]; }),
             "collatz %llu: %u", (unsigned long long)i, uc[i]);
  /* A loop with a break: the branch inside it has the loop's exit as post-dominator, so the lane
   * that splits off each trip must rejoin the others at the next one (the SIMT stack's merge,
   * sim/interp_loop.h), not run its whole loop alone: about half the lanes busy, not 1 in 32. */
  l = (struct simlaunch){.work_dim = 1, .global = {32}, .local = {32}, .counters = 1};
  sim_arg_buf(&l, c);
  int32_t trips = 5000; /* more trips than the SIMT stack has entries: a merge must not leave one behind */
  sim_arg_val(&d, &l, &trips, 4);
  struct vgpu_counters bc = sim_counters(go(&d, "breakloop", &l));
  EXPECT_ALL(32, ic[i] == 2 * (trips / 32 + ((int)i < trips % 32)), "breakloop %llu: %d", (unsigned long long)i, ic[i]);
  if (!CHECK(bc.lane_insns * 10 >= bc.warp_insns * 32 * 4))
    printf("breakloop: SIMT efficiency %.1f%% (%llu warp instructions)\n", 100.0 * bc.lane_insns / (bc.warp_insns * 32.0),
           (unsigned long long)bc.warp_insns);
  /* math */
  for (uint64_t i = 0; i < n; i++) fa[i] = (float)i * 0.01f;
  l = (struct simlaunch){.work_dim = 1, .global = {n}, .local = {128}};
  sim_arg_buf(&l, a); sim_arg_buf(&l, c);
  go(&d, "mathk", &l);
  EXPECT_ALL(n, ({ float v = fa[i]; float r = sqrtf(v) + sinf(v) * cosf(v) + expf(-v) + powf(v, 1.5f) + fmaf(v, 2.0f, 1.0f) + fabsf(v - 3.0f);
                   fabsf(r - fc[i]) <= 1e-5f * fmaxf(1.0f, fabsf(r)); }),
             "math %llu: %g", (unsigned long long)i, fc[i]);
  /* private array */
  l = (struct simlaunch){.work_dim = 1, .global = {1000}, .local = {40}};
  sim_arg_buf(&l, c);
  int32_t k = 11;
  sim_arg_val(&d, &l, &k, 4);
  go(&d, "privarr", &l);
  EXPECT_ALL(1000, ({ int s = 0; for (int j = (int)i % 16; j < 16; j += 3) s += (int)i * ((j * 7) % 16) + k; s == ic[i]; }),
             "privarr %llu: %d", (unsigned long long)i, ic[i]);
  /* struct by value */
  struct { int32_t a; float b; int64_t c; } p = {3, 0.5f, -100};
  l = (struct simlaunch){.work_dim = 1, .global = {256}, .local = {64}};
  sim_arg_buf(&l, c);
  sim_arg_val(&d, &l, &p, sizeof p);
  go(&d, "byval", &l);
  EXPECT_ALL(256, fc[i] == (float)(3 * (int)i) + 0.5f + -100.0f, "byval %llu: %g", (unsigned long long)i, fc[i]);
  /* 64-bit division */
  int64_t *lc = sim_ptr(&d, c);
  l = (struct simlaunch){.work_dim = 1, .global = {1000}, .local = {100}};
  sim_arg_buf(&l, c);
  go(&d, "div64", &l);
  EXPECT_ALL(1000, lc[i] == ((int64_t)i * 123456789LL - 5000000000LL) / 7 % 1000, "div64 %llu: %lld",
             (unsigned long long)i, (long long)lc[i]);
  /* 2-D with a constant table */
  static const int table[8] = {3, 1, 4, 1, 5, 9, 2, 6};
  l = (struct simlaunch){.work_dim = 2, .global = {48, 40}, .local = {16, 8}};
  sim_arg_buf(&l, c);
  int32_t w = 48;
  sim_arg_val(&d, &l, &w, 4);
  go(&d, "grid", &l);
  EXPECT_ALL(48 * 40, ic[i] == (int)(i % 48) * 1000 + (int)(i / 48) + table[((i % 48) + (i / 48)) % 8] * 1000000,
             "grid %llu: %d", (unsigned long long)i, ic[i]);
  /* printf: one record per work-item, format in the data segment */
  l = (struct simlaunch){.work_dim = 1, .global = {40}, .local = {20}, .printf_size = 40 * 48 - 1};
  int32_t base = 100;
  sim_arg_val(&d, &l, &base, 4);
  struct vgpu_launch *rec = go(&d, "hello", &l);
  uint64_t used = rec->printf_used;
  CHECK(used % 48 == 0 && used == 39 * 48); /* 16-byte header + 2 items: the last does not fit */
  CHECK(rec->printf_dropped == 1);
  int seen[40] = {0};
  for (uint64_t off = 0; off + 16 <= used;) {
    const struct vgpu_printf_record *r = sim_ptr(&d, rec->printf_off + off);
    const struct vgpu_printf_item *it = (const void *)(r + 1);
    CHECK(r->size == 48 && r->nitems == 2);
    CHECK(strcmp((const char *)sim_ptr(&d, r->format), "item %d of %d\n") == 0);
    CHECK(it[0].type == VIR_T_I32 && it[1].type == VIR_T_I32 && it[1].bits == 40);
    int64_t v = (int32_t)it[0].bits - 100;
    if (v >= 0 && v < 40) seen[v]++;
    off += r->size;
  }
  int once = 0;
  for (int i = 0; i < 40; i++) once += seen[i] == 1;
  CHECK(once == 39);
  free(blob);
  sim_close(&d);
  return vt_finish();
}
