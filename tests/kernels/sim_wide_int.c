/* sim_wide_int.c - integers wider than 64 bits, which LLVM's passes make out of struct copies
 * (an i256 load/store of a 32-byte copy failed to build: "memory access of an unsupported type",
 * kfuzz seed 1058), written directly in LLVM IR and run on the SM processes against unsigned
 * __int128 arithmetic in C:
 * - arith: every i128 operation the lowering builds from 64-bit limbs (add, sub, mul, bitwise,
 *   shifts by variable and constant amounts, compares, select, a loop phi, wide constants,
 *   trunc/zext/sext, an i96 product);
 * - copy: i256, i96, i72 and i24 values through memory, byte-exact (no byte past their store
 *   size is written). */
#include <string.h>
#include "tests/kernels/simlib.h"

typedef unsigned __int128 u128;
typedef __int128 s128;

static const char *ir =
  "target datalayout = \"e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024-G1\"\n"
  "target triple = \"spir64-unknown-unknown\"\n"
  "declare spir_func i64 @_Z13get_global_idj(i32)\n"
  "define spir_kernel void @arith(ptr addrspace(1) %o, ptr addrspace(1) %in) {\n"
  "entry:\n"
  "  %gid = call spir_func i64 @_Z13get_global_idj(i32 0)\n"
  "  %pa = getelementptr [2 x i128], ptr addrspace(1) %in, i64 %gid, i64 0\n"
  "  %pb = getelementptr [2 x i128], ptr addrspace(1) %in, i64 %gid, i64 1\n"
  "  %a = load i128, ptr addrspace(1) %pa\n"
  "  %b = load i128, ptr addrspace(1) %pb\n"
  "  %base = getelementptr [18 x i128], ptr addrspace(1) %o, i64 %gid, i64 0\n"
  "  %r0 = add i128 %a, %b\n"
  "  %r1 = sub i128 %a, %b\n"
  "  %r2 = mul i128 %a, %b\n"
  "  %r3 = and i128 %a, %b\n"
  "  %r4 = or i128 %a, %b\n"
  "  %r5 = xor i128 %a, %b\n"
  "  %s = and i128 %b, 127\n"
  "  %r6 = shl i128 %a, %s\n"
  "  %r7 = lshr i128 %a, %s\n"
  "  %r8 = ashr i128 %a, %s\n"
  "  %r9 = shl i128 %a, 37\n"
  "  %r10 = lshr i128 %a, 64\n"
  "  %r11 = ashr i128 %a, 100\n"
  "  %r12 = add i128 %a, -12345678901234567890123456789\n"
  "  %c0 = icmp ult i128 %a, %b\n"
  "  %c1 = icmp slt i128 %a, %b\n"
  "  %c2 = icmp eq i128 %a, %b\n"
  "  %c3 = icmp sge i128 %a, %b\n"
  "  %c4 = icmp ugt i128 %a, 85070591730234615865843651857942052864\n"
  "  %z0 = zext i1 %c0 to i128\n"
  "  %z1 = zext i1 %c1 to i128\n"
  "  %z2 = zext i1 %c2 to i128\n"
  "  %z3 = zext i1 %c3 to i128\n"
  "  %z4 = zext i1 %c4 to i128\n"
  "  %y1 = shl i128 %z1, 1\n"
  "  %y2 = shl i128 %z2, 2\n"
  "  %y3 = shl i128 %z3, 3\n"
  "  %y4 = shl i128 %z4, 4\n"
  "  %q0 = or i128 %z0, %y1\n"
  "  %q1 = or i128 %q0, %y2\n"
  "  %q2 = or i128 %q1, %y3\n"
  "  %r13 = or i128 %q2, %y4\n"
  "  %r14 = select i1 %c1, i128 %a, i128 %b\n"
  "  %t64 = trunc i128 %a to i64\n"
  "  %sx = sext i64 %t64 to i128\n"
  "  %bh = lshr i128 %b, 96\n"
  "  %t32 = trunc i128 %bh to i32\n"
  "  %zx = zext i32 %t32 to i128\n"
  "  %r15 = xor i128 %sx, %zx\n"
  "  %a96 = trunc i128 %a to i96\n"
  "  %b96 = trunc i128 %b to i96\n"
  "  %m96 = mul i96 %a96, %b96\n"
  "  %r16 = sext i96 %m96 to i128\n"
  "  br label %L\n"
  "L:\n"
  "  %acc = phi i128 [ 0, %entry ], [ %acc1, %L ]\n"
  "  %j = phi i128 [ 0, %entry ], [ %j1, %L ]\n"
  "  %sh = shl i128 %a, %j\n"
  "  %acc1 = add i128 %acc, %sh\n"
  "  %j1 = add i128 %j, 1\n"
  "  %more = icmp ult i128 %j1, 4\n"
  "  br i1 %more, label %L, label %done\n"
  "done:\n"
  "  store i128 %r0, ptr addrspace(1) %base\n"
  "  %o1 = getelementptr i128, ptr addrspace(1) %base, i64 1\n"
  "  store i128 %r1, ptr addrspace(1) %o1\n"
  "  %o2 = getelementptr i128, ptr addrspace(1) %base, i64 2\n"
  "  store i128 %r2, ptr addrspace(1) %o2\n"
  "  %o3 = getelementptr i128, ptr addrspace(1) %base, i64 3\n"
  "  store i128 %r3, ptr addrspace(1) %o3\n"
  "  %o4 = getelementptr i128, ptr addrspace(1) %base, i64 4\n"
  "  store i128 %r4, ptr addrspace(1) %o4\n"
  "  %o5 = getelementptr i128, ptr addrspace(1) %base, i64 5\n"
  "  store i128 %r5, ptr addrspace(1) %o5\n"
  "  %o6 = getelementptr i128, ptr addrspace(1) %base, i64 6\n"
  "  store i128 %r6, ptr addrspace(1) %o6\n"
  "  %o7 = getelementptr i128, ptr addrspace(1) %base, i64 7\n"
  "  store i128 %r7, ptr addrspace(1) %o7\n"
  "  %o8 = getelementptr i128, ptr addrspace(1) %base, i64 8\n"
  "  store i128 %r8, ptr addrspace(1) %o8\n"
  "  %o9 = getelementptr i128, ptr addrspace(1) %base, i64 9\n"
  "  store i128 %r9, ptr addrspace(1) %o9\n"
  "  %o10 = getelementptr i128, ptr addrspace(1) %base, i64 10\n"
  "  store i128 %r10, ptr addrspace(1) %o10\n"
  "  %o11 = getelementptr i128, ptr addrspace(1) %base, i64 11\n"
  "  store i128 %r11, ptr addrspace(1) %o11\n"
  "  %o12 = getelementptr i128, ptr addrspace(1) %base, i64 12\n"
  "  store i128 %r12, ptr addrspace(1) %o12\n"
  "  %o13 = getelementptr i128, ptr addrspace(1) %base, i64 13\n"
  "  store i128 %r13, ptr addrspace(1) %o13\n"
  "  %o14 = getelementptr i128, ptr addrspace(1) %base, i64 14\n"
  "  store i128 %r14, ptr addrspace(1) %o14\n"
  "  %o15 = getelementptr i128, ptr addrspace(1) %base, i64 15\n"
  "  store i128 %r15, ptr addrspace(1) %o15\n"
  "  %o16 = getelementptr i128, ptr addrspace(1) %base, i64 16\n"
  "  store i128 %r16, ptr addrspace(1) %o16\n"
  "  %o17 = getelementptr i128, ptr addrspace(1) %base, i64 17\n"
  "  store i128 %acc1, ptr addrspace(1) %o17\n"
  "  ret void\n"
  "}\n"
  "define spir_kernel void @copy(ptr addrspace(1) %o, ptr addrspace(1) %in) {\n"
  "entry:\n"
  "  %gid = call spir_func i64 @_Z13get_global_idj(i32 0)\n"
  "  %pa = getelementptr [2 x i128], ptr addrspace(1) %in, i64 %gid\n"
  "  %base = getelementptr [96 x i8], ptr addrspace(1) %o, i64 %gid\n"
  "  %w = load i256, ptr addrspace(1) %pa\n"
  "  store i256 %w, ptr addrspace(1) %base\n"
  "  %t96 = trunc i256 %w to i96\n"
  "  %p32 = getelementptr i8, ptr addrspace(1) %base, i64 32\n"
  "  store i96 %t96, ptr addrspace(1) %p32\n"
  "  %t24 = trunc i256 %w to i24\n"
  "  %p48 = getelementptr i8, ptr addrspace(1) %base, i64 48\n"
  "  store i24 %t24, ptr addrspace(1) %p48\n"
  "  %l24 = load i24, ptr addrspace(1) %p48\n"
  "  %z24 = zext i24 %l24 to i32\n"
  "  %p52 = getelementptr i8, ptr addrspace(1) %base, i64 52\n"
  "  store i32 %z24, ptr addrspace(1) %p52\n"
  "  %h = lshr i256 %w, 184\n"
  "  %t72 = trunc i256 %h to i72\n"
  "  %p56 = getelementptr i8, ptr addrspace(1) %base, i64 56\n"
  "  store i72 %t72, ptr addrspace(1) %p56\n"
  "  %l96 = load i96, ptr addrspace(1) %p32\n"
  "  %p72 = getelementptr i8, ptr addrspace(1) %base, i64 72\n"
  "  store i96 %l96, ptr addrspace(1) %p72\n"
  "  ret void\n"
  "}\n"
  "!vgpu.opt_disable = !{!0}\n"
  "!0 = !{}\n";

static void put128(uint8_t *p, u128 v) { memcpy(p, &v, 16); }

static void ref_arith(u128 a, u128 b, u128 *r) {
  unsigned s = (unsigned)(b & 127);
  u128 k = (u128)1234567890123456789ull * 10000000000ull + 123456789u; /* 12345678901234567890123456789 */
  r[0] = a + b; r[1] = a - b; r[2] = a * b; r[3] = a & b; r[4] = a | b; r[5] = a ^ b;
  r[6] = a << s; r[7] = a >> s; r[8] = (u128)((s128)a >> s);
  r[9] = a << 37; r[10] = a >> 64; r[11] = (u128)((s128)a >> 100);
  r[12] = a - k;
  r[13] = (u128)(a < b) | (u128)((s128)a < (s128)b) << 1 | (u128)(a == b) << 2 | (u128)((s128)a >= (s128)b) << 3 |
          (u128)(a > ((u128)1 << 126)) << 4;
  r[14] = (s128)a < (s128)b ? a : b;
  r[15] = (u128)(s128)(int64_t)(uint64_t)a ^ (u128)(uint32_t)(b >> 96);
  u128 m96 = (a * b) & (((u128)1 << 96) - 1); /* i96 product, then sign-extended */
  r[16] = m96 >> 95 ? m96 | ~(((u128)1 << 96) - 1) : m96;
  r[17] = a + (a << 1) + (a << 2) + (a << 3);
}

int main(void) {
  size_t size;
  void *blob = sim_compile_ir(ir, &size);
  struct simdev d;
  sim_open(&d, 64, 2, 32, 20);
  enum { N = 256 };
  uint64_t in = sim_alloc(&d, N * 32), out = sim_alloc(&d, N * 18 * 16);
  uint8_t *vi = sim_ptr(&d, in), *vo = sim_ptr(&d, out);
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < N * 4; i++) { /* random limbs, with edge values among them */
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    uint64_t v = i % 11 == 0 ? 0 : i % 13 == 0 ? ~0ull : i % 17 == 0 ? 1ull << 63 : x;
    memcpy(vi + 8 * i, &v, 8);
  }
  put128(vi + 32 * 1, 0); put128(vi + 32 * 1 + 16, 0);                   /* a == b */
  put128(vi + 32 * 2, (u128)1 << 127); put128(vi + 32 * 2 + 16, 127);    /* minimum, shift 127 */
  put128(vi + 32 * 3, ~(u128)0); put128(vi + 32 * 3 + 16, 64);           /* -1, shift 64 */
  const char *names[] = {"arith", "copy"};
  for (int k = 0; k < 2; k++) {
    memset(vo, 0xee, N * 18 * 16);
    struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {64}};
    l.kernel = sim_kernel(blob, names[k]);
    sim_arg_buf(&l, out);
    sim_arg_buf(&l, in);
    struct vgpu_launch *rec;
    int st = sim_run(&d, blob, size, &l, &rec);
    if (!CHECK(st == VGPU_LAUNCH_OK)) printf("%s: status %d: %s\n", names[k], st, rec->fault.message);
    unsigned bad = 0;
    for (int i = 0; i < N; i++) {
      u128 a, b;
      memcpy(&a, vi + 32 * i, 16);
      memcpy(&b, vi + 32 * i + 16, 16);
      if (k == 0) {
        u128 r[18];
        ref_arith(a, b, r);
        for (int j = 0; j < 18; j++) {
          u128 got;
          memcpy(&got, vo + (18 * i + j) * 16, 16);
          if (got != r[j] && bad++ < 5)
            printf("arith[%d] #%d: got %016llx%016llx want %016llx%016llx\n", i, j, (unsigned long long)(got >> 64),
                   (unsigned long long)got, (unsigned long long)(r[j] >> 64), (unsigned long long)r[j]);
        }
        continue;
      }
      uint8_t want[96];
      memset(want, 0xee, sizeof want);
      memcpy(want, vi + 32 * i, 32);         /* i256 copy */
      memcpy(want + 32, vi + 32 * i, 12);    /* i96 */
      memcpy(want + 48, vi + 32 * i, 3);     /* i24 */
      memcpy(want + 52, vi + 32 * i, 3);     /* the i24 read back, zero-extended */
      want[55] = 0;
      memcpy(want + 56, vi + 32 * i + 23, 9); /* bits 184..255: an i72 */
      memcpy(want + 72, vi + 32 * i, 12);    /* the i96 read back */
      if (memcmp(vo + 96 * i, want, 96) && bad++ < 5) {
        printf("copy[%d]: got", i);
        for (int j = 0; j < 96; j++) printf(" %02x", vo[96 * i + j]);
        printf("\n");
      }
    }
    CHECK(bad == 0);
  }
  free(blob);
  sim_close(&d);
  return vt_finish();
}
