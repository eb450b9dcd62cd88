/* sim_atomics.c - atomics on the shared arena are atomic across SM processes: a histogram and
 * several counters hammered by 200000 work-items on 2 SMs must come out exact (32- and 64-bit
 * add, umax, float add, a compare-and-swap retry loop, local atomics + barrier).  Then every
 * operation of enum vir_atomic, 32- and 64-bit, against its definition. */
#include <math.h>
#include "tests/kernels/simlib.h"

enum { HIST, TOTAL, MAXP, FSUM, CNT, TOTAL2, GID, LID, T, P, OLD, NEW, R, C, LC, V, NREGS };
enum { L_INIT, L_GO, L_CAS, L_CASDONE, L_W, L_RET };
#define ATOM(op, as) ((op) | (as) << 4)

static void *build_hist(size_t *size) {
  struct vb b;
  vb_init(&b, "histogram", NREGS);
  b.local_size = 4;
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, HIST, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, TOTAL, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, MAXP, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, FSUM, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, CNT, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, TOTAL2, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_WORKITEM, VIR_WI_LOCAL_ID, 0, LID, 0, 0, 0);
  vb_op(&b, VIR_LADDR, 0, 0, LC, 0, 0, 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_EQ, 0, C, LID, vb_k(&b, 0), 0);
  vb_cbr(&b, C, L_INIT, L_GO, L_GO);
  vb_label(&b, L_INIT);
  vb_op(&b, VIR_STORE, VIR_AS_LOCAL, 4, 0, LC, vb_k(&b, 0), 0);
  vb_label(&b, L_GO);
  vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
  vb_op(&b, VIR_MUL_I32, 0, 0, T, GID, vb_k(&b, 2654435761u), 0);
  vb_op(&b, VIR_LSHR_I32, 0, 0, T, T, vb_k(&b, 28), 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, T, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, HIST, T, 0);
  vb_op(&b, VIR_ATOMIC, ATOM(VIR_ATOM_ADD, VIR_AS_GLOBAL), 4, R, P, vb_k(&b, 1), VIR_NOREG);
  vb_op(&b, VIR_ATOMIC, ATOM(VIR_ATOM_ADD, VIR_AS_GLOBAL), 8, R, TOTAL, GID, VIR_NOREG);
  vb_op(&b, VIR_ATOMIC, ATOM(VIR_ATOM_UMAX, VIR_AS_GLOBAL), 4, R, MAXP, GID, VIR_NOREG);
  vb_op(&b, VIR_ATOMIC, ATOM(VIR_ATOM_FADD, VIR_AS_GLOBAL), 4, R, FSUM, vb_kf(&b, 1.0f), VIR_NOREG);
  vb_label(&b, L_CAS);
  vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 4, OLD, CNT, 0, 0);
  vb_op(&b, VIR_ADD_I32, 0, 0, NEW, OLD, vb_k(&b, 1), 0);
  vb_op(&b, VIR_ATOMIC, ATOM(VIR_ATOM_CMPXCHG, VIR_AS_GLOBAL), 4, R, CNT, NEW, OLD);
  vb_op(&b, VIR_ICMP_I32, VIR_ICMP_NE, 0, C, R, OLD, 0);
  vb_cbr(&b, C, L_CAS, L_CASDONE, L_CASDONE);
  vb_label(&b, L_CASDONE);
  vb_op(&b, VIR_ATOMIC, ATOM(VIR_ATOM_ADD, VIR_AS_LOCAL), 4, R, LC, vb_k(&b, 1), VIR_NOREG);
  vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_EQ, 0, C, LID, vb_k(&b, 0), 0);
  vb_cbr(&b, C, L_W, L_RET, L_RET);
  vb_label(&b, L_W);
  vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, V, LC, 0, 0);
  vb_op(&b, VIR_ATOMIC, ATOM(VIR_ATOM_ADD, VIR_AS_GLOBAL), 4, R, TOTAL2, V, VIR_NOREG);
  vb_label(&b, L_RET);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static void histogram(void) {
  struct simdev d;
  sim_open(&d, 64, 2, 32, 30);
  size_t size;
  void *blob = build_hist(&size);
  const uint64_t n = 200000;
  uint64_t cells[6];
  for (int i = 0; i < 6; i++) cells[i] = sim_alloc(&d, i == 0 ? 64 : 8);
  struct simlaunch l = {.work_dim = 1, .global = {n}, .local = {64}};
  for (int i = 0; i < 6; i++) sim_arg_buf(&l, cells[i]);
  struct vgpu_launch *rec;
  int st = sim_run(&d, blob, size, &l, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("status %d: %s\n", st, rec->fault.message);
  uint32_t want[16] = {0};
  for (uint64_t i = 0; i < n; i++) want[(uint32_t)((uint32_t)i * 2654435761u) >> 28]++;
  const uint32_t *hist = sim_ptr(&d, cells[0]);
  for (int i = 0; i < 16; i++) CHECK(hist[i] == want[i]);
  CHECK(*(uint64_t *)sim_ptr(&d, cells[1]) == n * (n - 1) / 2);
  CHECK(*(uint32_t *)sim_ptr(&d, cells[2]) == n - 1);
  CHECK(*(float *)sim_ptr(&d, cells[3]) == (float)n);
  CHECK(*(uint32_t *)sim_ptr(&d, cells[4]) == n);
  CHECK(*(uint32_t *)sim_ptr(&d, cells[5]) == n);
  free(blob);
  sim_close(&d);
}

/* Every operation once, from one work-item: old values and new memory against the definitions. */
enum { CELLS, RETS, B0, C0, NR2 };
static void *build_ops(size_t *size, unsigned width) {
  struct vb b;
  vb_init(&b, "atomic_ops", NR2 + 64);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, CELLS, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, RETS, 8);
  for (unsigned op = 0; op <= VIR_ATOM_STORE; op++) {
    uint32_t p = NR2 + 4 * op, r = p + 1, q = p + 2;
    vb_op(&b, VIR_ADD_I64, 0, 0, p, CELLS, vb_k(&b, 8 * op), 0);
    vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 8, B0, CELLS, 0, 8 * 16);   /* operand b: cells[16] */
    vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 8, C0, CELLS, 0, 8 * 17);   /* operand c: cells[17] */
    if (width == 4) {
      vb_op(&b, VIR_MASK, 0, 4, B0, B0, 0, 0);
      vb_op(&b, VIR_MASK, 0, 4, C0, C0, 0, 0);
    }
    vb_op(&b, VIR_ATOMIC, ATOM(op, VIR_AS_GLOBAL), width, r, p, B0, C0);
    vb_op(&b, VIR_ADD_I64, 0, 0, q, RETS, vb_k(&b, 8 * op), 0);
    vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 8, 0, q, r, 0);
  }
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static uint64_t ref_op(unsigned op, uint64_t x, uint64_t bv, uint64_t cv, unsigned width) {
  uint64_t m = width == 4 ? 0xffffffffu : ~0ull;
  x &= m; bv &= m; cv &= m;
  int64_t sx = width == 4 ? (int32_t)x : (int64_t)x, sb = width == 4 ? (int32_t)bv : (int64_t)bv;
  double fx, fb;
  if (width == 4) { float a, c2; uint32_t u = (uint32_t)x, v = (uint32_t)bv; memcpy(&a, &u, 4); memcpy(&c2, &v, 4); fx = a; fb = c2; }
  else { memcpy(&fx, &x, 8); memcpy(&fb, &bv, 8); }
  double fr;
  switch (op) {
    case VIR_ATOM_XCHG: return bv;
    case VIR_ATOM_ADD: return (x + bv) & m;
    case VIR_ATOM_SUB: return (x - bv) & m;
    case VIR_ATOM_AND: return x & bv;
    case VIR_ATOM_OR: return x | bv;
    case VIR_ATOM_XOR: return x ^ bv;
    case VIR_ATOM_SMIN: return sx < sb ? x : bv;
    case VIR_ATOM_SMAX: return sx > sb ? x : bv;
    case VIR_ATOM_UMIN: return x < bv ? x : bv;
    case VIR_ATOM_UMAX: return x > bv ? x : bv;
    case VIR_ATOM_CMPXCHG: return x == cv ? bv : x;
    case VIR_ATOM_FADD: fr = fx + fb; break;
    case VIR_ATOM_FMIN: fr = fmin(fx, fb); break;
    case VIR_ATOM_FMAX: fr = fmax(fx, fb); break;
    case VIR_ATOM_LOAD: return x;
    default: return bv;
  }
  if (width == 4) { float f = (float)fr; uint32_t u; memcpy(&u, &f, 4); return u; }
  uint64_t u; memcpy(&u, &fr, 8); return u;
}

static void all_ops(unsigned width, uint64_t init, uint64_t bv, uint64_t cv) {
  struct simdev d;
  sim_open(&d, 16, 1, 32, 10);
  size_t size;
  void *blob = build_ops(&size, width);
  uint64_t cells = sim_alloc(&d, 18 * 8), rets = sim_alloc(&d, 16 * 8);
  uint64_t *pc = sim_ptr(&d, cells), *pr = sim_ptr(&d, rets);
  for (int i = 0; i < 16; i++) pc[i] = init;
  pc[16] = bv;
  pc[17] = cv;
  struct simlaunch l = {.work_dim = 1, .global = {1}, .local = {1}};
  sim_arg_buf(&l, cells);
  sim_arg_buf(&l, rets);
  struct vgpu_launch *rec;
  int st = sim_run(&d, blob, size, &l, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("status %d: %s\n", st, rec->fault.message);
  uint64_t m = width == 4 ? 0xffffffffu : ~0ull;
  for (unsigned op = 0; op <= VIR_ATOM_STORE; op++) {
    uint64_t want_mem = ref_op(op, init, bv, cv, width), got_mem = pc[op] & m;
    if (width == 4) want_mem |= init & ~m; /* the upper half of the 8-byte cell is untouched */
    if (width == 4) got_mem = pc[op];
    int ok = got_mem == want_mem && (op == VIR_ATOM_STORE || pr[op] == (init & m));
    if (!ok) printf("width %u op %u: memory %llx (want %llx), returned %llx (want %llx)\n", width, op,
                    (unsigned long long)got_mem, (unsigned long long)want_mem, (unsigned long long)pr[op],
                    (unsigned long long)(init & m));
    CHECK(ok);
  }
  free(blob);
  sim_close(&d);
}

int main(void) {
  histogram();
  float f1 = 2.5f, f2 = -7.25f;
  uint32_t u1, u2;
  memcpy(&u1, &f1, 4);
  memcpy(&u2, &f2, 4);
  all_ops(4, 0xdeadbeef00000000ull | u1, u2, u1);             /* floats; cmpxchg succeeds */
  all_ops(4, 0x1111111180000005ull, 0x7ffffff0u, 12345);       /* signed/unsigned differ; cmpxchg fails */
  double d1 = 1e10, d2 = -3.0;
  uint64_t v1, v2;
  memcpy(&v1, &d1, 8);
  memcpy(&v2, &d2, 8);
  all_ops(8, v1, v2, v1);
  all_ops(8, 0x8000000000000005ull, 0x7ffffffffffffff0ull, 7);
  return vt_finish();
}
