/* sim_coalesce.c - loop shapes written directly in LLVM IR (so that no optimiser reshapes them)
 * where a loop-carried value must not be given its phi's register (compiler/coalesce.c), run on the
 * SM processes against a C reference:
 * - cycle: the value is computed in an inner loop that exits straight to the outer header; the
 *   inner loop runs again before the outer phi is redefined, so an early write would be read back;
 * - exitold: a one-block loop whose exit reads the phi's old value while the back edge takes the
 *   new one;
 * - swap: a one-block loop that swaps two phis (each one's new value is the other's old one);
 * - onebody: the plain case that is coalesced, the value also read after itself and on the exit. */
#include <string.h>
#include "tests/kernels/simlib.h"

static const char *ir =
  "target datalayout = \"e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-G1\"\n"
  "target triple = \"spir64-unknown-unknown\"\n"
  "declare spir_func i64 @_Z13get_global_idj(i32)\n"
  "define spir_kernel void @cycle(ptr addrspace(1) %o, ptr addrspace(1) %in) {\n"
  "entry:\n"
  "  %gid = call spir_func i64 @_Z13get_global_idj(i32 0)\n"
  "  %p = getelementptr i32, ptr addrspace(1) %in, i64 %gid\n"
  "  %s0 = load i32, ptr addrspace(1) %p\n"
  "  %m0 = and i32 %s0, 3\n"
  "  %m = add i32 %m0, 2\n"
  "  br label %H\n"
  "H:\n"
  "  %s = phi i32 [ %s0, %entry ], [ %t, %B ]\n"
  "  %j = phi i32 [ 0, %entry ], [ %j1, %B ]\n"
  "  %j1 = add i32 %j, 1\n"
  "  %done = icmp ugt i32 %j, 3\n"
  "  br i1 %done, label %exit, label %B\n"
  "B:\n"
  "  %q = phi i32 [ 0, %H ], [ %q1, %B ]\n"
  "  %x = xor i32 %s, %q\n"
  "  %t = mul i32 %x, 3\n"
  "  %q1 = add i32 %q, 1\n"
  "  %c1 = icmp ult i32 %q1, %m\n"
  "  br i1 %c1, label %B, label %H\n"
  "exit:\n"
  "  %r = phi i32 [ %s, %H ]\n"
  "  %po = getelementptr i32, ptr addrspace(1) %o, i64 %gid\n"
  "  store i32 %r, ptr addrspace(1) %po\n"
  "  ret void\n"
  "}\n"
  "define spir_kernel void @exitold(ptr addrspace(1) %o, ptr addrspace(1) %in) {\n"
  "entry:\n"
  "  %gid = call spir_func i64 @_Z13get_global_idj(i32 0)\n"
  "  %p = getelementptr i32, ptr addrspace(1) %in, i64 %gid\n"
  "  %s0 = load i32, ptr addrspace(1) %p\n"
  "  %n = and i32 %s0, 7\n"
  "  br label %B\n"
  "B:\n"
  "  %s = phi i32 [ %s0, %entry ], [ %t, %B ]\n"
  "  %k = phi i32 [ 0, %entry ], [ %k1, %B ]\n"
  "  %t = add i32 %s, 1000\n"
  "  %k1 = add i32 %k, 1\n"
  "  %c = icmp ult i32 %k, %n\n"
  "  br i1 %c, label %B, label %exit\n"
  "exit:\n"
  "  %r = phi i32 [ %s, %B ]\n"
  "  %po = getelementptr i32, ptr addrspace(1) %o, i64 %gid\n"
  "  store i32 %r, ptr addrspace(1) %po\n"
  "  ret void\n"
  "}\n"
  "define spir_kernel void @swap(ptr addrspace(1) %o, ptr addrspace(1) %in) {\n"
  "entry:\n"
  "  %gid = call spir_func i64 @_Z13get_global_idj(i32 0)\n"
  "  %p = getelementptr i32, ptr addrspace(1) %in, i64 %gid\n"
  "  %s0 = load i32, ptr addrspace(1) %p\n"
  "  %n = and i32 %s0, 15\n"
  "  br label %B\n"
  "B:\n"
  "  %a = phi i32 [ %s0, %entry ], [ %b, %B ]\n"
  "  %b = phi i32 [ 1, %entry ], [ %t, %B ]\n"
  "  %k = phi i32 [ 0, %entry ], [ %k1, %B ]\n"
  "  %t = add i32 %a, %b\n"
  "  %k1 = add i32 %k, 1\n"
  "  %c = icmp ult i32 %k1, %n\n"
  "  br i1 %c, label %B, label %exit\n"
  "exit:\n"
  "  %r = sub i32 %t, %a\n"
  "  %po = getelementptr i32, ptr addrspace(1) %o, i64 %gid\n"
  "  store i32 %r, ptr addrspace(1) %po\n"
  "  ret void\n"
  "}\n"
  "define spir_kernel void @onebody(ptr addrspace(1) %o, ptr addrspace(1) %in) {\n"
  "entry:\n"
  "  %gid = call spir_func i64 @_Z13get_global_idj(i32 0)\n"
  "  %p = getelementptr i32, ptr addrspace(1) %in, i64 %gid\n"
  "  %s0 = load i32, ptr addrspace(1) %p\n"
  "  %n = and i32 %s0, 31\n"
  "  br label %B\n"
  "B:\n"
  "  %s = phi i32 [ %s0, %entry ], [ %t, %B ]\n"
  "  %k = phi i32 [ 0, %entry ], [ %k1, %B ]\n"
  "  %u = shl i32 %s, 1\n"
  "  %t = xor i32 %u, %k\n"
  "  %k1 = add i32 %k, 1\n"
  "  %c = icmp ult i32 %k1, %n\n"
  "  br i1 %c, label %B, label %exit\n"
  "exit:\n"
  "  %r = phi i32 [ %t, %B ]\n"
  "  %r2 = add i32 %r, %k1\n"
  "  %po = getelementptr i32, ptr addrspace(1) %o, i64 %gid\n"
  "  store i32 %r2, ptr addrspace(1) %po\n"
  "  ret void\n"
  "}\n"
  "!vgpu.opt_disable = !{!0}\n"
  "!0 = !{}\n";

static uint32_t ref(const char *k, uint32_t s0) {
  if (!strcmp(k, "cycle")) {
    uint32_t s = s0, m = (s0 & 3) + 2;
    for (int j = 0; j <= 3; j++) {
      uint32_t t = 0;
      for (uint32_t q = 0; q < m; q++) t = (s ^ q) * 3;
      s = t;
    }
    return s;
  }
  if (!strcmp(k, "exitold")) {
    uint32_t s = s0, n = s0 & 7;
    for (uint32_t j = 0; j < n; j++) s += 1000; /* the exit sees s before the last update */
    return s;
  }
  if (!strcmp(k, "swap")) {
    uint32_t a = s0, b = 1, t, n = s0 & 15, k1 = 0;
    for (;;) {
      t = a + b;
      k1++;
      if (k1 >= n) break;
      a = b;
      b = t;
    }
    return t - a;
  }
  uint32_t s = s0, n = s0 & 31, k1 = 0, t;
  for (uint32_t kk = 0;; kk++) {
    t = (s << 1) ^ kk;
    k1 = kk + 1;
    if (k1 >= n) break;
    s = t;
  }
  return t + k1;
}

int main(void) {
  size_t size;
  void *blob = sim_compile_ir(ir, &size);
  struct simdev d;
  sim_open(&d, 64, 2, 32, 20);
  const uint64_t n = 1000;
  uint64_t in = sim_alloc(&d, n * 4), out = sim_alloc(&d, n * 4);
  uint32_t *vi = sim_ptr(&d, in), *vo = sim_ptr(&d, out);
  for (uint64_t i = 0; i < n; i++) vi[i] = (uint32_t)(i * 2654435761u) ^ (uint32_t)(i >> 3);
  static const char *const kernels[] = {"cycle", "exitold", "swap", "onebody"};
  for (int k = 0; k < 4; k++) {
    memset(vo, 0xee, n * 4);
    struct simlaunch l = {.work_dim = 1, .global = {n}, .local = {50}};
    l.kernel = sim_kernel(blob, kernels[k]);
    sim_arg_buf(&l, out);
    sim_arg_buf(&l, in);
    struct vgpu_launch *rec;
    int st = sim_run(&d, blob, size, &l, &rec);
    if (!CHECK(st == VGPU_LAUNCH_OK)) printf("%s: status %d: %s\n", kernels[k], st, rec->fault.message);
    unsigned bad = 0;
    for (uint64_t i = 0; i < n; i++) {
      uint32_t want = ref(kernels[k], vi[i]);
      if (vo[i] != want && bad++ < 3) printf("%s[%llu]: got %u, want %u\n", kernels[k], (unsigned long long)i, vo[i], want);
    }
    CHECK(bad == 0);
  }
  free(blob);
  sim_close(&d);
  return vt_finish();
}
