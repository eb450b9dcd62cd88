/* sim_counters.c - the hardware counters (include/vgpu/counters.h) on kernels whose counts are
 * known by hand: a coalesced copy (4 segments of 32 bytes per warp request), strided reads (32
 * segments, with lanes near or far apart), a divergent if/else (SIMT efficiency 272/320), local memory strides giving 0, 1 and
 * 31 bank conflicts per request and a broadcast giving none, and atomics. */
#include "tests/kernels/simlib.h"

enum { IN, OUT, GID, LID, T, P, Q, V, X, C, S, NREGS };
enum { L_T, L_F, L_J };

static struct vgpu_counters launch(struct simdev *d, struct vb *b, uint64_t global, uint64_t local,
                                   uint64_t in, uint64_t out, int with_stride, uint32_t stride) {
  size_t size;
  void *blob = vb_finish(b, &size);
  struct simlaunch l = {.work_dim = 1, .global = {global}, .local = {local}, .counters = 1};
  sim_arg_buf(&l, in);
  sim_arg_buf(&l, out);
  if (with_stride) sim_arg_val(d, &l, &stride, 4);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, size, &l, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("status %d: %s\n", st, rec->fault.message);
  free(blob);
  return sim_counters(rec);
}

static void prologue(struct vb *b, const char *name) {
  vb_init(b, name, NREGS);
  vb_arg(b, VIR_ARG_GLOBAL_PTR, IN, 8);
  vb_arg(b, VIR_ARG_GLOBAL_PTR, OUT, 8);
}

int main(void) {
  struct simdev d;
  sim_open(&d, 48, 2, 32, 10);
  uint64_t in = sim_alloc(&d, 256 * 32), out = sim_alloc(&d, 256 * 8), wide = sim_alloc(&d, 256 << 16);
  struct vb b;
  /* 1. out[gid] = in[gid]: 7 instructions per warp, 2 requests of 4 segments each. */
  prologue(&b, "copy");
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, IN, T, 0);
  vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 4, V, P, 0, 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, Q, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, Q, V, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  struct vgpu_counters c = launch(&d, &b, 256, 64, in, out, 0, 0);
  CHECK(c.warp_insns == 8 * 7);
  CHECK(c.lane_insns == 8 * 7 * 32);
  CHECK(c.global_requests == 16);
  CHECK(c.global_transactions == 16 * 4);
  CHECK(c.global_bytes == 256 * 4 * 2);
  CHECK(c.branches == 0 && c.divergent_branches == 0);
  CHECK(c.work_groups == 4 && c.warps == 8);
  /* 2. Strided: every lane its own segment, the lanes 32 bytes, 4 KiB and 64 KiB apart (the
   * three ways counters.c counts segments: a 64-segment map, a wider map, a sorted list). */
  static const unsigned shifts[] = {5, 12, 16};
  for (unsigned i = 0; i < 3; i++) {
    prologue(&b, "strided");
    vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
    vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, shifts[i]), 0);
    vb_op(&b, VIR_ADD_I64, 0, 0, P, IN, T, 0);
    vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 4, V, P, 0, 0);
    vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 2), 0);
    vb_op(&b, VIR_ADD_I64, 0, 0, Q, OUT, T, 0);
    vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, Q, V, 0);
    vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
    c = launch(&d, &b, 256, 64, shifts[i] == 5 ? in : wide, out, 0, 0);
    CHECK(c.global_requests == 16);
    CHECK(c.global_transactions == 8 * 32 + 8 * 4);
  }
  /* 3. Divergent if/else: per warp 3 + 2 + 1 + 4 warp instructions, 96 + 32 + 16 + 128 lanes. */
  prologue(&b, "diverge");
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_AND, 0, 0, C, GID, vb_k(&b, 1), 0);
  vb_cbr(&b, C, L_T, L_F, L_J);
  vb_label(&b, L_T);
  vb_op(&b, VIR_MOV, 0, 0, X, vb_k(&b, 1), 0, 0);
  vb_br(&b, L_J);
  vb_label(&b, L_F);
  vb_op(&b, VIR_MOV, 0, 0, X, vb_k(&b, 2), 0, 0);
  vb_label(&b, L_J);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, P, X, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  c = launch(&d, &b, 256, 64, in, out, 0, 0);
  CHECK(c.warp_insns == 8 * 10);
  CHECK(c.lane_insns == 8 * 272);
  CHECK(c.branches == 8 && c.divergent_branches == 8);
  const uint32_t *o = sim_ptr(&d, out);
  unsigned bad = 0;
  for (uint32_t i = 0; i < 256; i++) bad += o[i] != (i & 1 ? 1u : 2u);
  CHECK(bad == 0);
  /* 4. Local memory: local[lid * stride] stored then loaded, 4 requests per group of 2 warps. */
  uint32_t strides[] = {1, 2, 32, 0}, conflicts[] = {0, 1, 31, 0};
  for (int i = 0; i < 4; i++) {
    prologue(&b, "banks");
    vb_arg(&b, VIR_ARG_VALUE, S, 4);
    b.local_size = 64 * 32 * 4;
    vb_op(&b, VIR_WORKITEM, VIR_WI_LOCAL_ID, 0, LID, 0, 0, 0);
    vb_op(&b, VIR_MUL_I64, 0, 0, T, LID, S, 0);
    vb_op(&b, VIR_SHL_I64, 0, 0, T, T, vb_k(&b, 2), 0);
    vb_op(&b, VIR_LADDR, 0, 0, P, 0, 0, 0);
    vb_op(&b, VIR_ADD_I64, 0, 0, P, P, T, 0);
    if (strides[i]) vb_op(&b, VIR_STORE, VIR_AS_LOCAL, 4, 0, P, LID, 0);
    else vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, V, P, 0, 0); /* broadcast: everyone reads word 0 */
    vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, V, P, 0, 0);
    vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
    c = launch(&d, &b, 64, 64, in, out, 1, strides[i]);
    CHECK(c.local_requests == 4);
    CHECK(c.local_bank_conflicts == 4 * conflicts[i]);
    if (c.local_bank_conflicts != 4 * conflicts[i])
      printf("stride %u: %llu conflicts\n", strides[i], (unsigned long long)c.local_bank_conflicts);
  }
  /* 5. One atomic per work-item, with a partial last warp. */
  prologue(&b, "count");
  vb_op(&b, VIR_ATOMIC, VIR_ATOM_ADD | VIR_AS_GLOBAL << 4, 4, V, OUT, vb_k(&b, 1), VIR_NOREG);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  *(uint32_t *)sim_ptr(&d, out) = 0;
  c = launch(&d, &b, 200, 100, in, out, 0, 0);
  CHECK(c.atomics == 200);
  CHECK(c.warps == 8);                   /* 2 groups of 100 work-items: 4 warps each */
  CHECK(c.lane_insns == 200 * 2);        /* the partial warps count only their lanes */
  CHECK(c.warp_insns == 8 * 2);
  CHECK(*(uint32_t *)sim_ptr(&d, out) == 200);
  sim_close(&d);
  return vt_finish();
}
