/* sim_divergence.c - SIMT divergence must give the results of sequential execution: if/else that
 * reconverges by fall-through, a loop with a lane-dependent trip count, continue, break, an
 * if/else inside the loop, early return, and an irreducible (two-entry) loop.  Each work-item's
 * result is compared with a plain C version of the same control flow. */
#include "tests/kernels/simlib.h"

enum { OUT, GID, T, C, X, I, N, LIM, NREGS };
enum { L_THEN, L_ELSE, L_JOIN, L_LOOP, L_BODY, L_B2, L_B3, L_ODD, L_EVEN, L_CONT, L_EXITL, L_EARLY,
       L_STORE, L_B, L_C, L_D };

static void *build_loops(size_t *size) {
  struct vb b;
  vb_init(&b, "loops", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_UREM_I64, 0, 0, T, GID, vb_k(&b, 3), 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_EQ, 0, C, T, vb_k(&b, 0), 0);
  vb_cbr(&b, C, L_THEN, L_ELSE, L_JOIN);
  vb_label(&b, L_THEN);
  vb_op(&b, VIR_MUL_I64, 0, 0, X, GID, vb_k(&b, 7), 0);
  vb_br(&b, L_JOIN);
  vb_label(&b, L_ELSE);
  vb_op(&b, VIR_ADD_I64, 0, 0, X, GID, vb_k(&b, 100), 0); /* falls through into the join */
  vb_label(&b, L_JOIN);
  vb_op(&b, VIR_MOV, 0, 0, I, vb_k(&b, 0), 0, 0);
  vb_op(&b, VIR_UREM_I64, 0, 0, N, GID, vb_k(&b, 37), 0);
  vb_label(&b, L_LOOP);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_ULT, 0, C, I, N, 0);
  vb_cbr(&b, C, L_BODY, L_EXITL, L_EXITL);
  vb_label(&b, L_BODY);
  vb_op(&b, VIR_UREM_I64, 0, 0, T, I, vb_k(&b, 5), 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_EQ, 0, C, T, vb_k(&b, 3), 0);
  vb_cbr(&b, C, L_CONT, L_B2, L_EXITL); /* continue */
  vb_label(&b, L_B2);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_UGT, 0, C, X, vb_k(&b, 5000), 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_UGT, 0, T, I, vb_k(&b, 10), 0);
  vb_op(&b, VIR_AND, 0, 0, C, C, T, 0);
  vb_cbr(&b, C, L_EXITL, L_B3, L_EXITL); /* break */
  vb_label(&b, L_B3);
  vb_op(&b, VIR_MUL_I64, 0, 0, T, I, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, X, X, T, 0);
  vb_op(&b, VIR_AND, 0, 0, C, X, vb_k(&b, 1), 0);
  vb_cbr(&b, C, L_ODD, L_EVEN, L_CONT);
  vb_label(&b, L_ODD);
  vb_op(&b, VIR_MUL_I64, 0, 0, X, X, vb_k(&b, 3), 0);
  vb_op(&b, VIR_UREM_I64, 0, 0, X, X, vb_k(&b, 10007), 0);
  vb_br(&b, L_CONT);
  vb_label(&b, L_EVEN);
  vb_op(&b, VIR_ADD_I64, 0, 0, X, X, vb_k(&b, 1), 0);
  vb_label(&b, L_CONT);
  vb_op(&b, VIR_ADD_I64, 0, 0, I, I, vb_k(&b, 1), 0);
  vb_br(&b, L_LOOP);
  vb_label(&b, L_EXITL);
  vb_op(&b, VIR_UREM_I64, 0, 0, T, GID, vb_k(&b, 11), 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_EQ, 0, C, T, vb_k(&b, 5), 0);
  vb_cbr(&b, C, L_EARLY, L_STORE, VB_EXIT);
  vb_label(&b, L_EARLY);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 3), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 8, 0, T, vb_k(&b, (uint64_t)-1), 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  vb_label(&b, L_STORE);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 3), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 8, 0, T, X, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static uint64_t ref_loops(uint64_t gid) {
  uint64_t x = gid % 3 == 0 ? gid * 7 : gid + 100;
  for (uint64_t i = 0; i < gid % 37; i++) {
    if (i % 5 == 3) continue;
    if (x > 5000 && i > 10) break;
    x += i * 2;
    if (x & 1) x = x * 3 % 10007;
    else x += 1;
  }
  if (gid % 11 == 5) return (uint64_t)-1;
  return x;
}

/* Irreducible: A -> B or C; B and C jump into each other until x reaches a lane's limit. */
static void *build_irreducible(size_t *size) {
  struct vb b;
  vb_init(&b, "irreducible", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_MOV, 0, 0, X, GID, 0, 0);
  vb_op(&b, VIR_UREM_I64, 0, 0, LIM, GID, vb_k(&b, 1000), 0);
  vb_op(&b, VIR_AND, 0, 0, C, GID, vb_k(&b, 1), 0);
  vb_cbr(&b, C, L_B, L_C, L_D);
  vb_label(&b, L_B);
  vb_op(&b, VIR_ADD_I64, 0, 0, X, X, vb_k(&b, 1), 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_ULT, 0, C, X, LIM, 0);
  vb_cbr(&b, C, L_C, L_D, L_D);
  vb_label(&b, L_C);
  vb_op(&b, VIR_MUL_I64, 0, 0, X, X, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_ULT, 0, C, X, LIM, 0);
  vb_cbr(&b, C, L_B, L_D, L_D);
  vb_label(&b, L_D);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 3), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 8, 0, T, X, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static uint64_t ref_irreducible(uint64_t gid) {
  uint64_t x = gid, lim = gid % 1000;
  int at_b = gid & 1;
  for (;;) {
    if (at_b) x += 1;
    else x *= 2;
    if (!(x < lim)) return x;
    at_b = !at_b;
  }
}

static void check(struct simdev *d, void *(*build)(size_t *), uint64_t (*ref)(uint64_t), uint64_t n,
                  uint64_t local, const char *what) {
  size_t size;
  void *blob = build(&size);
  uint64_t out = sim_alloc(d, n * 8);
  struct simlaunch l = {.work_dim = 1, .global = {n}, .local = {local}};
  sim_arg_buf(&l, out);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, size, &l, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("%s: status %d: %s\n", what, st, rec->fault.message);
  const uint64_t *o = sim_ptr(d, out);
  unsigned bad = 0;
  for (uint64_t i = 0; i < n; i++)
    if (o[i] != ref(i) && bad++ < 5)
      printf("%s (warp %d): out[%llu] = %lld, want %lld\n", what, d->warp, (unsigned long long)i,
             (long long)o[i], (long long)ref(i));
  CHECK(bad == 0);
  free(blob);
}

int main(void) {
  int warps[] = {32, 8, 64, 1};
  for (unsigned i = 0; i < sizeof warps / sizeof *warps; i++) {
    struct simdev d;
    sim_open(&d, 64, 2, warps[i], 10);
    check(&d, build_loops, ref_loops, 3000, 128, "loops");
    check(&d, build_loops, ref_loops, 333, 111, "loops, partial warps");
    check(&d, build_irreducible, ref_irreducible, 2000, 64, "irreducible");
    sim_close(&d);
  }
  return vt_finish();
}
