/* sim_intrinsics.c - LLVM intrinsics that the optimiser may leave in OpenCL C code and that the
 * lowering did not know (each failed the build with "unsupported LLVM intrinsic"), written in
 * LLVM IR and run on the SM processes against C: llvm.minimum/maximum (NaN-propagating, -0 below
 * +0), lrint/llrint/lround/llround, scmp/ucmp, powi, ptrmask, objectsize, is.constant,
 * annotation, prefetch and debugtrap's neighbours that do nothing. */
#include <math.h>
#include <string.h>
#include "tests/kernels/simlib.h"

static const char *ir =
  "target datalayout = \"e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-G1\"\n"
  "target triple = \"spir64-unknown-unknown\"\n"
  "declare spir_func i64 @_Z13get_global_idj(i32)\n"
  "declare float @llvm.minimum.f32(float, float)\n"
  "declare float @llvm.maximum.f32(float, float)\n"
  "declare double @llvm.minimum.f64(double, double)\n"
  "declare i64 @llvm.lrint.i64.f32(float)\n"
  "declare i32 @llvm.lround.i32.f64(double)\n"
  "declare i64 @llvm.llround.i64.f32(float)\n"
  "declare i8 @llvm.scmp.i8.i32(i32, i32)\n"
  "declare i32 @llvm.ucmp.i32.i16(i16, i16)\n"
  "declare float @llvm.powi.f32.i32(float, i32)\n"
  "declare ptr addrspace(1) @llvm.ptrmask.p1.i64(ptr addrspace(1), i64)\n"
  "declare i64 @llvm.objectsize.i64.p1(ptr addrspace(1), i1, i1, i1)\n"
  "declare i1 @llvm.is.constant.i32(i32)\n"
  "declare i32 @llvm.annotation.i32.p0(i32, ptr, ptr, i32)\n"
  "declare void @llvm.prefetch.p1(ptr addrspace(1), i32, i32, i32)\n"
  "define spir_kernel void @k(ptr addrspace(1) %o, ptr addrspace(1) %in) {\n"
  "entry:\n"
  "  %gid = call spir_func i64 @_Z13get_global_idj(i32 0)\n"
  "  %pa = getelementptr [2 x float], ptr addrspace(1) %in, i64 %gid, i64 0\n"
  "  %pb = getelementptr [2 x float], ptr addrspace(1) %in, i64 %gid, i64 1\n"
  "  call void @llvm.prefetch.p1(ptr addrspace(1) %pa, i32 0, i32 3, i32 1)\n"
  "  %a = load float, ptr addrspace(1) %pa\n"
  "  %b = load float, ptr addrspace(1) %pb\n"
  "  %base = getelementptr [12 x i64], ptr addrspace(1) %o, i64 %gid, i64 0\n"
  "  %mn = call float @llvm.minimum.f32(float %a, float %b)\n"
  "  %mx = call float @llvm.maximum.f32(float %a, float %b)\n"
  "  %ad = fpext float %a to double\n"
  "  %bd = fpext float %b to double\n"
  "  %mnd = call double @llvm.minimum.f64(double %ad, double %bd)\n"
  "  %lr = call i64 @llvm.lrint.i64.f32(float %a)\n"
  "  %lo = call i32 @llvm.lround.i32.f64(double %ad)\n"
  "  %llo = call i64 @llvm.llround.i64.f32(float %b)\n"
  "  %ai = fptosi float %a to i32\n"
  "  %bi = fptosi float %b to i32\n"
  "  %sc = call i8 @llvm.scmp.i8.i32(i32 %ai, i32 %bi)\n"
  "  %a16 = trunc i32 %ai to i16\n"
  "  %b16 = trunc i32 %bi to i16\n"
  "  %uc = call i32 @llvm.ucmp.i32.i16(i16 %a16, i16 %b16)\n"
  "  %pw = call float @llvm.powi.f32.i32(float %a, i32 3)\n"
  "  %pm = call ptr addrspace(1) @llvm.ptrmask.p1.i64(ptr addrspace(1) %pb, i64 -8)\n"
  "  %pmi = ptrtoint ptr addrspace(1) %pm to i64\n"
  "  %pai = ptrtoint ptr addrspace(1) %pa to i64\n"
  "  %pd = sub i64 %pmi, %pai\n"
  "  %os0 = call i64 @llvm.objectsize.i64.p1(ptr addrspace(1) %pa, i1 false, i1 false, i1 false)\n"
  "  %os1 = call i64 @llvm.objectsize.i64.p1(ptr addrspace(1) %pa, i1 true, i1 false, i1 false)\n"
  "  %ic = call i1 @llvm.is.constant.i32(i32 %ai)\n"
  "  %an = call i32 @llvm.annotation.i32.p0(i32 %ai, ptr null, ptr null, i32 0)\n"
  "  %w0 = bitcast float %mn to i32\n"
  "  %w1 = bitcast float %mx to i32\n"
  "  %x0 = zext i32 %w0 to i64\n"
  "  %x1 = zext i32 %w1 to i64\n"
  "  %x2 = bitcast double %mnd to i64\n"
  "  %x5 = sext i32 %lo to i64\n"
  "  %x7 = sext i8 %sc to i64\n"
  "  %x8 = sext i32 %uc to i64\n"
  "  %w9 = bitcast float %pw to i32\n"
  "  %x9 = zext i32 %w9 to i64\n"
  "  %x11a = zext i1 %ic to i64\n"
  "  %x11b = sext i32 %an to i64\n"
  "  %x11c = add i64 %os0, %os1\n"
  "  %x11d = add i64 %x11c, %x11a\n"
  "  %x11 = add i64 %x11d, %x11b\n"
  "  store i64 %x0, ptr addrspace(1) %base\n"
  "  %o1 = getelementptr i64, ptr addrspace(1) %base, i64 1\n"
  "  store i64 %x1, ptr addrspace(1) %o1\n"
  "  %o2 = getelementptr i64, ptr addrspace(1) %base, i64 2\n"
  "  store i64 %x2, ptr addrspace(1) %o2\n"
  "  %o3 = getelementptr i64, ptr addrspace(1) %base, i64 3\n"
  "  store i64 %lr, ptr addrspace(1) %o3\n"
  "  %o4 = getelementptr i64, ptr addrspace(1) %base, i64 4\n"
  "  store i64 %llo, ptr addrspace(1) %o4\n"
  "  %o5 = getelementptr i64, ptr addrspace(1) %base, i64 5\n"
  "  store i64 %x5, ptr addrspace(1) %o5\n"
  "  %o6 = getelementptr i64, ptr addrspace(1) %base, i64 6\n"
  "  store i64 %pd, ptr addrspace(1) %o6\n"
  "  %o7 = getelementptr i64, ptr addrspace(1) %base, i64 7\n"
  "  store i64 %x7, ptr addrspace(1) %o7\n"
  "  %o8 = getelementptr i64, ptr addrspace(1) %base, i64 8\n"
  "  store i64 %x8, ptr addrspace(1) %o8\n"
  "  %o9 = getelementptr i64, ptr addrspace(1) %base, i64 9\n"
  "  store i64 %x9, ptr addrspace(1) %o9\n"
  "  %o11 = getelementptr i64, ptr addrspace(1) %base, i64 11\n"
  "  store i64 %x11, ptr addrspace(1) %o11\n"
  "  ret void\n"
  "}\n"
  "!vgpu.opt_disable = !{!0}\n"
  "!0 = !{}\n";

static uint64_t fbits(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }
static uint64_t dbits(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
static int same_nan(uint64_t got, uint64_t want, int dbl) { /* any NaN matches a NaN */
  if (dbl) { double g, w; memcpy(&g, &got, 8); memcpy(&w, &want, 8); return isnan(w) ? isnan(g) : got == want; }
  float g, w; uint32_t gu = (uint32_t)got, wu = (uint32_t)want; memcpy(&g, &gu, 4); memcpy(&w, &wu, 4);
  return isnan(w) ? isnan(g) && got >> 32 == 0 : got == want;
}

/* IEEE 754-2019 minimum/maximum: NaN if either is, -0 < +0. */
static double min754(double a, double b) {
  if (isnan(a) || isnan(b)) return NAN;
  if (a == b) return signbit(a) ? a : b;
  return a < b ? a : b;
}
static double max754(double a, double b) {
  if (isnan(a) || isnan(b)) return NAN;
  if (a == b) return signbit(a) ? b : a;
  return a > b ? a : b;
}

int main(void) {
  size_t size;
  void *blob = sim_compile_ir(ir, &size);
  struct simdev d;
  sim_open(&d, 64, 2, 32, 20);
  static const float special[][2] = {{-0.0f, 0.0f}, {0.0f, -0.0f}, {NAN, 1}, {1, NAN}, {2.5f, 2.5f}, {-2.5f, 3.5f},
                                     {0.5f, -0.5f}, {1.5f, -1.5f}, {-7, -7}, {65537, 3}, {-40000, 40000}, {1e10f, -1e10f}};
  enum { N = 128, NS = sizeof special / sizeof special[0] };
  uint64_t in = sim_alloc(&d, N * 8), out = sim_alloc(&d, N * 12 * 8);
  float *vi = sim_ptr(&d, in);
  uint64_t *vo = sim_ptr(&d, out);
  uint64_t x = 88172645463325252ull;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < 2; j++) {
      x ^= x << 13; x ^= x >> 7; x ^= x << 17;
      vi[2 * i + j] = i < NS ? special[i][j] : (float)((int64_t)(x % 20001) - 10000) / 8.0f;
    }
  }
  memset(vo, 0xee, N * 12 * 8);
  struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {32}};
  sim_arg_buf(&l, out);
  sim_arg_buf(&l, in);
  struct vgpu_launch *rec;
  int st = sim_run(&d, blob, size, &l, &rec);
  if (!CHECK(st == VGPU_LAUNCH_OK)) printf("status %d: %s\n", st, rec->fault.message);
  unsigned bad = 0;
  for (int i = 0; i < N; i++) {
    float a = vi[2 * i], b = vi[2 * i + 1];
    int32_t ai = isnan(a) ? 0 : (int32_t)a, bi = isnan(b) ? 0 : (int32_t)b;
    int poison = isnan(a) || isnan(b) || fabsf(a) > 2e9f || fabsf(b) > 2e9f; /* fptosi of those is poison */
    uint16_t a16 = (uint16_t)ai, b16 = (uint16_t)bi;
    uint64_t want[12] = {
      fbits((float)min754(a, b)), fbits((float)max754(a, b)), dbits(min754(a, b)),
      (uint64_t)(int64_t)rintf(a), (uint64_t)(int64_t)roundf(b), (uint64_t)(int64_t)(int32_t)round((double)a),
      0 /* ptrmask: pb & -8 is pa (8-byte pairs) */,
      (uint64_t)(int64_t)(ai > bi ? 1 : ai < bi ? -1 : 0), (uint64_t)(int64_t)(a16 > b16 ? 1 : a16 < b16 ? -1 : 0),
      fbits(a * a * a), 0, (uint64_t)(-1 + 0 + 0 + (int64_t)ai)};
    for (int j = 0; j < 12; j++) {
      if (j == 10) continue;
      if (poison && (j >= 3 && j <= 5)) continue;      /* lrint/lround of NaN or out of range: unspecified */
      if (poison && (j == 7 || j == 8 || j == 11)) continue;
      int ok = j <= 2 ? same_nan(vo[12 * i + j], want[j], j == 2) : vo[12 * i + j] == want[j];
      if (j == 9) { /* powi: pow(a, 3.0) may differ from a*a*a in the last place */
        float g, w = a * a * a;
        uint32_t gu = (uint32_t)vo[12 * i + j];
        memcpy(&g, &gu, 4);
        ok = isnan(w) ? isnan(g) : fabsf(g - w) <= fabsf(w) * 0x1p-22f;
      }
      if (!ok && bad++ < 6)
        printf("[%d] (%a, %a) #%d: got %#llx want %#llx\n", i, a, b, j, (unsigned long long)vo[12 * i + j],
               (unsigned long long)want[j]);
    }
  }
  CHECK(bad == 0);
  free(blob);
  sim_close(&d);
  return vt_finish();
}
