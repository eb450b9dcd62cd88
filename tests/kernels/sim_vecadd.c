/* sim_vecadd.c - c[i] = a[i] + b[i] for i < n, hand-assembled VIR run by 2 real SM processes:
 * full warps, a partial last warp, a partial last work-group (non-uniform NDRange), a global
 * offset, and two warp sizes.  Checked against the CPU sum. */
#include "tests/kernels/simlib.h"

enum { A, B, C, N, GID, IN, OFF, PA, PB, PC, VA, VB, VC, NREGS };

static void *build(size_t *size) {
  struct vb b;
  vb_init(&b, "vecadd", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, A, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, B, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, C, 8);
  vb_arg(&b, VIR_ARG_VALUE, N, 4);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_ULT, 0, IN, GID, N, 0);
  uint32_t br = vb_op(&b, VIR_CBR, 0, 0, 0, IN, 0, 0);
  uint32_t body = vb_op(&b, VIR_SHL_I64, 0, 0, OFF, GID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, PA, A, OFF, 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, PB, B, OFF, 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, PC, C, OFF, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 4, VA, PA, 0, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 4, VB, PB, 0, 0);
  vb_op(&b, VIR_FADD_F32, 0, 0, VC, VA, VB, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, PC, VC, 0);
  uint32_t ret = vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  vb_at(&b, br)->b = body;
  vb_at(&b, br)->c = ret;
  vb_at(&b, br)->dst = ret;
  return vb_finish(&b, size);
}

static void run(int warp, uint64_t n, uint64_t global, uint64_t local, uint64_t offset) {
  struct simdev d;
  sim_open(&d, 64, 2, warp, 10);
  size_t size;
  void *blob = build(&size);
  uint64_t total = n + offset;
  uint64_t a = sim_alloc(&d, total * 4), b = sim_alloc(&d, total * 4), c = sim_alloc(&d, total * 4);
  float *pa = sim_ptr(&d, a), *pb = sim_ptr(&d, b), *pc = sim_ptr(&d, c);
  for (uint64_t i = 0; i < total; i++) {
    pa[i] = (float)i * 0.5f;
    pb[i] = 1000.0f - (float)(i % 97);
    pc[i] = -1.0f;
  }
  struct simlaunch l = {.work_dim = 1, .global = {global}, .local = {local}, .offset = {offset}};
  sim_arg_buf(&l, a);
  sim_arg_buf(&l, b);
  sim_arg_buf(&l, c);
  uint32_t nn = (uint32_t)total;
  sim_arg_val(&d, &l, &nn, 4);
  struct vgpu_launch *rec;
  int st = sim_run(&d, blob, size, &l, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("status %d: %s\n", st, rec->fault.message);
  uint64_t bad = 0;
  for (uint64_t i = 0; i < total; i++) {
    int covered = i >= offset && i < offset + global;
    float want = covered ? pa[i] + pb[i] : -1.0f;
    if (pc[i] != want && bad++ < 5) printf("warp %d n %llu: c[%llu] = %g, want %g\n", warp, (unsigned long long)n,
                                           (unsigned long long)i, pc[i], want);
  }
  CHECK(bad == 0);
  free(blob);
  sim_close(&d);
}

int main(void) {
  run(32, 4096, 4096, 128, 0);   /* uniform */
  run(32, 1000, 1000, 64, 0);    /* last group partial (1000 = 15 * 64 + 40), last warp partial */
  run(32, 1000, 1024, 256, 0);   /* more work-items than n: the bound check diverges */
  run(8, 777, 777, 100, 0);      /* odd sizes, narrow warps */
  run(64, 500, 500, 500, 3);     /* one group, 64-lane warps, global offset */
  return vt_finish();
}
