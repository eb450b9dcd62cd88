/* sim_barrier.c - work-group barriers and local memory: a tree reduction in __local memory (an
 * argument, or a static __local array) with a barrier per step, run with several warps per group
 * and several warp sizes; each group's sum is compared with the CPU's, and the counters must show
 * exactly one completed barrier per step per group. */
#include "tests/kernels/simlib.h"

enum { IN, OUT, SCR, LID, GID, GRP, S, C, T, P, V, W2, NREGS };
enum { L_LOOP, L_BODY, L_ADD, L_SYNC, L_END, L_W, L_RET };

static void *build(size_t *size, int static_local, uint32_t group) {
  struct vb b;
  vb_init(&b, "reduce", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, IN, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  if (static_local) {
    b.local_size = 16 + group * 4; /* something before the array, to test offsets */
  } else {
    vb_arg(&b, VIR_ARG_LOCAL_PTR, SCR, 0);
    b.local_size = 12;
  }
  if (static_local) vb_op(&b, VIR_LADDR, 0, 0, SCR, 16, 0, 0);
  vb_op(&b, VIR_WORKITEM, VIR_WI_LOCAL_ID, 0, LID, 0, 0, 0);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GROUP_ID, 0, GRP, 0, 0, 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, IN, T, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 4, V, P, 0, 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, LID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, SCR, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_LOCAL, 4, 0, P, V, 0);
  vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
  vb_op(&b, VIR_WORKITEM, VIR_WI_LOCAL_SIZE, 0, S, 0, 0, 0);
  vb_op(&b, VIR_LSHR_I64, 0, 0, S, S, vb_k(&b, 1), 0);
  vb_label(&b, L_LOOP);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_UGT, 0, C, S, vb_k(&b, 0), 0);
  vb_cbr(&b, C, L_BODY, L_END, L_END);
  vb_label(&b, L_BODY);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_ULT, 0, C, LID, S, 0);
  vb_cbr(&b, C, L_ADD, L_SYNC, L_SYNC);
  vb_label(&b, L_ADD);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, LID, S, 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, T, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, SCR, T, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, W2, T, 0, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, V, P, 0, 0);
  vb_op(&b, VIR_ADD_I32, 0, 0, V, V, W2, 0);
  vb_op(&b, VIR_STORE, VIR_AS_LOCAL, 4, 0, P, V, 0);
  vb_label(&b, L_SYNC);
  vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
  vb_op(&b, VIR_LSHR_I64, 0, 0, S, S, vb_k(&b, 1), 0);
  vb_br(&b, L_LOOP);
  vb_label(&b, L_END);
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_EQ, 0, C, LID, vb_k(&b, 0), 0);
  vb_cbr(&b, C, L_W, L_RET, L_RET);
  vb_label(&b, L_W);
  vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, V, SCR, 0, 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GRP, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, T, V, 0);
  vb_label(&b, L_RET);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static void run(int warp, uint32_t group, uint32_t ngroups, int static_local) {
  struct simdev d;
  sim_open(&d, 64, 2, warp, 10);
  size_t size;
  void *blob = build(&size, static_local, group);
  uint64_t n = (uint64_t)group * ngroups;
  uint64_t in = sim_alloc(&d, n * 4), out = sim_alloc(&d, ngroups * 4);
  uint32_t *pin = sim_ptr(&d, in), *pout = sim_ptr(&d, out);
  for (uint64_t i = 0; i < n; i++) pin[i] = (uint32_t)(i * 2654435761u >> 7);
  struct simlaunch l = {.work_dim = 1, .global = {n}, .local = {group}, .counters = 1};
  sim_arg_buf(&l, in);
  sim_arg_buf(&l, out);
  if (!static_local) sim_arg_local(&l, group * 4);
  struct vgpu_launch *rec;
  int st = sim_run(&d, blob, size, &l, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("status %d: %s\n", st, rec->fault.message);
  unsigned bad = 0;
  for (uint32_t g = 0; g < ngroups; g++) {
    uint32_t want = 0;
    for (uint32_t i = 0; i < group; i++) want += pin[(uint64_t)g * group + i];
    if (pout[g] != want && bad++ < 5) printf("warp %d group %u: sum %u, want %u\n", warp, g, pout[g], want);
  }
  CHECK(bad == 0);
  struct vgpu_counters c = sim_counters(rec);
  unsigned steps = 1;
  for (uint32_t s = group / 2; s; s /= 2) steps++;
  CHECK(c.barriers == (uint64_t)steps * ngroups);
  CHECK(c.work_groups == ngroups);
  CHECK(c.warps == (uint64_t)ngroups * ((group + warp - 1) / warp));
  free(blob);
  sim_close(&d);
}

int main(void) {
  run(32, 256, 40, 0);
  run(32, 256, 40, 1);
  run(8, 64, 100, 0);
  run(64, 1024, 4, 1);
  run(32, 16, 50, 0); /* a group smaller than a warp */
  return vt_finish();
}
