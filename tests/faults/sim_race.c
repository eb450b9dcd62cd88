/* sim_race.c - the checks observer (VGPU_CHECKS=1) finds data races on __local memory: each work-item writes
 * local[lid] and then reads its neighbour's word local[lid + 1] - without a barrier that is a race
 * (reported with both work-items and the writer's line), with one it is correct.  The tree
 * reduction of sim_barrier (which is race-free) must pass with the checks on. */
#include <stdlib.h>
#include <string.h>
#include "tests/kernels/simlib.h"

enum { OUT, LID, GID, P, Q, V, T, NREGS };

static void *build(size_t *size, int with_barrier) {
  struct vb b;
  vb_init(&b, "neighbour", NREGS);
  b.local_size = 65 * 4;
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_LOCAL_ID, 0, LID, 0, 0, 0);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_LADDR, 0, 0, P, 0, 0, 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, LID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, P, T, 0);
  b.line = 11;
  vb_op(&b, VIR_STORE, VIR_AS_LOCAL, 4, 0, P, GID, 0);
  b.line = 0;
  if (with_barrier) vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
  b.line = 13;
  vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, V, P, 0, 4); /* local[lid + 1] */
  b.line = 0;
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, Q, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, Q, V, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static struct vgpu_launch *run(struct simdev *d, int with_barrier, uint64_t out, int expect) {
  size_t size;
  void *blob = build(&size, with_barrier);
  struct simlaunch l = {.work_dim = 1, .global = {256}, .local = {64}, .observers = 1u << VGPU_OBS_CHECKS};
  sim_arg_buf(&l, out);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, size, &l, &rec);
  CHECK(st == expect);
  if (st != expect) printf("barrier %d: status %d: %s\n", with_barrier, st, rec->fault.message);
  free(blob);
  return rec;
}

int main(void) {
  struct simdev d;
  sim_open(&d, 16, 2, 32, 10);
  uint64_t out = sim_alloc(&d, 256 * 4);
  struct vgpu_launch *r = run(&d, 0, out, VGPU_LAUNCH_FAULT);
  printf("report:\n%s\n", r->fault.message);
  CHECK(strstr(r->fault.message, "data race on __local memory") != NULL);
  CHECK(strstr(r->fault.message, "wrote it at line 11") != NULL);
  CHECK(r->fault.line == 13);
  /* lanes read their neighbour's word after the whole warp stored: the reader is lane 31 of a warp
   * (its neighbour, lane 0 of the next warp, has not run yet) or... the first reader whose
   * neighbour already wrote: local id 0 reads word 1, written by local id 1. */
  CHECK(r->fault.local_id[0] == 0);
  r = run(&d, 1, out, VGPU_LAUNCH_OK);
  const uint32_t *o = sim_ptr(&d, out);
  unsigned bad = 0;
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t want = i % 64 == 63 ? 0 : i + 1; /* word 64 of local memory is never written: stale */
    if (i % 64 != 63) bad += o[i] != want;
  }
  CHECK(bad == 0);
  sim_close(&d);
  return vt_finish();
}
