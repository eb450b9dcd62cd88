/* sim_barrier_div.c - barriers that not every work-item reaches are reported as
 * VGPU_LAUNCH_BARRIER_DIVERGENCE, never a hang: a barrier inside a branch taken by some lanes of a
 * warp, a group whose first warp returns while the others wait, and warps waiting at two
 * different barriers.  Too much local memory is VGPU_LAUNCH_OUT_OF_RESOURCES. */
#include <string.h>
#include "tests/kernels/simlib.h"

enum { LID, C, NREGS };
enum { L_BAR, L_OTHER, L_END, L_RET };
enum kind { IN_BRANCH, WARP_RETURNS, TWO_BARRIERS };

static void *build(size_t *size, enum kind k) {
  struct vb b;
  vb_init(&b, "bad_barrier", NREGS);
  vb_op(&b, VIR_WORKITEM, VIR_WI_LOCAL_ID, 0, LID, 0, 0, 0);
  uint64_t split = k == IN_BRANCH ? 5 : 32; /* inside warp 0, or exactly warp 0 */
  vb_op(&b, VIR_ICMP_I64, VIR_ICMP_ULT, 0, C, LID, vb_k(&b, split), 0);
  if (k == IN_BRANCH) {
    vb_cbr(&b, C, L_BAR, L_END, L_END);
    vb_label(&b, L_BAR);
    b.line = 20;
    vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
    b.line = 0;
  } else if (k == WARP_RETURNS) {
    vb_cbr(&b, C, L_RET, L_BAR, VB_EXIT);
    vb_label(&b, L_BAR);
    vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
  } else {
    vb_cbr(&b, C, L_BAR, L_OTHER, L_END);
    vb_label(&b, L_BAR);
    vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
    vb_br(&b, L_END);
    vb_label(&b, L_OTHER);
    vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
  }
  vb_label(&b, L_END);
  vb_label(&b, L_RET);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static struct vgpu_launch *run(struct simdev *d, enum kind k, int expect) {
  size_t size;
  void *blob = build(&size, k);
  struct simlaunch l = {.work_dim = 1, .global = {1024}, .local = {128}};
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, size, &l, &rec);
  CHECK(st == expect);
  if (st != expect) printf("kind %d: status %d: %s\n", k, st, rec->fault.message);
  printf("report:\n%s\n", rec->fault.message);
  free(blob);
  return rec;
}

/* A kernel with a static __local array and a __local argument. */
static int local_launch(struct simdev *d, uint32_t static_bytes, uint64_t arg_bytes, uint64_t limit) {
  struct vb b;
  vb_init(&b, "local_hog", 3);
  b.local_size = static_bytes;
  vb_arg(&b, VIR_ARG_LOCAL_PTR, 0, 0);
  vb_op(&b, VIR_WORKITEM, VIR_WI_LOCAL_ID, 0, 1, 0, 0, 0); /* local[lid] = 1: race-free */
  vb_op(&b, VIR_SHL_I64, 0, 0, 1, 1, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, 2, 0, 1, 0);
  vb_op(&b, VIR_STORE, VIR_AS_LOCAL, 4, 0, 2, vb_k(&b, 1), 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  size_t size;
  void *blob = vb_finish(&b, &size);
  struct simlaunch l = {.work_dim = 1, .global = {64}, .local = {64}, .local_mem = limit};
  sim_arg_local(&l, arg_bytes);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, size, &l, &rec);
  free(blob);
  return st;
}

int main(void) {
  struct simdev d;
  sim_open(&d, 16, 2, 32, 10);
  struct vgpu_launch *r = run(&d, IN_BRANCH, VGPU_LAUNCH_BARRIER_DIVERGENCE);
  CHECK(r->fault.line == 20);
  CHECK(r->fault.local_id[0] == 5); /* the first work-item that did not arrive */
  CHECK(strstr(r->fault.message, "barrier divergence") != NULL);
  r = run(&d, WARP_RETURNS, VGPU_LAUNCH_BARRIER_DIVERGENCE);
  CHECK(strstr(r->fault.message, "finished the kernel") != NULL);
  r = run(&d, TWO_BARRIERS, VGPU_LAUNCH_BARRIER_DIVERGENCE);
  CHECK(strstr(r->fault.message, "another barrier") != NULL);
  CHECK(local_launch(&d, 1024, 4096, 8192) == VGPU_LAUNCH_OK);
  CHECK(local_launch(&d, 4096, 4096, 8192) == VGPU_LAUNCH_OK);
  CHECK(local_launch(&d, 4096, 4097, 8192) == VGPU_LAUNCH_OUT_OF_RESOURCES);
  CHECK(local_launch(&d, 65536, 16, 65536) == VGPU_LAUNCH_OUT_OF_RESOURCES);
  sim_close(&d);
  return vt_finish();
}
