/* sim_divzero.c - integer division by zero and INT_MIN / -1 (and %) raise no exception and give an
 * unspecified value (OpenCL C 3.0 s6.5.1): the launch succeeds, never a SIGFPE that kills the SM,
 * and every other lane gets its quotient.  With VGPU_CHECKS=1 the first such division is reported
 * as a finding naming the work-item and line, all are counted, and the launch still succeeds.
 * A divergent branch guarding the division keeps the inactive lanes from dividing. */
#include <string.h>
#include "tests/kernels/simlib.h"

enum { OUT, GID, D, T, C, Q, NREGS };
enum { L_DIV, L_STORE };

/* q = 1000 / (gid - zero_at) (udiv) or INT_MIN / (gid == at ? -1 : 1) (sdiv); guarded: skip the
 * division where the divisor is 0 unless `unguarded`. */
static void *build(size_t *size, unsigned op, uint64_t at, int guarded) {
  struct vb b;
  vb_init(&b, "divide", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_MOV, 0, 0, Q, vb_k(&b, 7), 0, 0);
  if (op == VIR_SDIV_I32) {
    vb_op(&b, VIR_ICMP_I64, VIR_ICMP_EQ, 0, C, GID, vb_k(&b, at), 0);
    vb_op(&b, VIR_SELECT, 0, 0, D, C, vb_k(&b, 0xffffffffu), vb_k(&b, 1));
  } else {
    vb_op(&b, VIR_SUB_I32, 0, 0, D, GID, vb_k(&b, at), 0);
  }
  vb_op(&b, VIR_ICMP_I32, VIR_ICMP_NE, 0, C, D, vb_k(&b, 0), 0);
  if (guarded) vb_cbr(&b, C, L_DIV, L_STORE, L_STORE);
  vb_label(&b, L_DIV);
  b.line = 7;
  vb_op(&b, op, 0, 0, Q, vb_k(&b, op == VIR_SDIV_I32 ? 0x80000000u : 1000), D, 0);
  b.line = 0;
  vb_label(&b, L_STORE);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, T, Q, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static int checked; /* run with the checks observer (VGPU_CHECKS=1) */

static struct vgpu_launch *run(struct simdev *d, unsigned op, uint64_t at, int guarded, uint64_t out, int expect) {
  size_t size;
  void *blob = build(&size, op, at, guarded);
  struct simlaunch l = {.work_dim = 1, .global = {512}, .local = {128}, .observers = checked ? 1u << VGPU_OBS_CHECKS : 0};
  sim_arg_buf(&l, out);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, size, &l, &rec);
  CHECK(st == expect);
  if (st != expect) printf("op %u: status %d: %s\n", op, st, rec->fault.message);
  free(blob);
  return rec;
}

/* The quotient (or remainder) of every lane but `at`, whose value is unspecified. */
static unsigned wrong(const uint32_t *o, unsigned op, uint32_t at) {
  unsigned bad = 0;
  for (uint32_t i = 0; i < 512; i++) {
    if (i == at) continue;
    uint32_t want = op == VIR_UDIV_I32 ? 1000u / (i - at)
                    : op == VIR_UREM_I32 ? 1000u % (i - at)
                    : op == VIR_SREM_I32 ? (uint32_t)(1000 % (int32_t)(i - at))
                                         : 0x80000000u; /* INT_MIN / 1 */
    bad += o[i] != want;
  }
  return bad;
}

int main(int argc, char **argv) {
  checked = argc > 1 && !strcmp(argv[1], "checks");
  struct simdev d;
  sim_open(&d, 16, 2, 32, 10);
  uint64_t out = sim_alloc(&d, 512 * 4);
  const uint32_t *o = sim_ptr(&d, out);
  unsigned ops[] = {VIR_UDIV_I32, VIR_UREM_I32, VIR_SREM_I32};
  for (unsigned i = 0; i < 3; i++) {
    struct vgpu_launch *r = run(&d, ops[i], 77, 0, out, VGPU_LAUNCH_OK);
    CHECK(wrong(o, ops[i], 77) == 0);
    CHECK(r->nfindings == (checked ? 1u : 0u));
    if (checked) {
      CHECK(r->finding.global_id[0] == 77);
      CHECK(r->finding.line == 7);
      CHECK(strstr(r->finding.message, "division by zero") != NULL);
    }
  }
  struct vgpu_launch *r = run(&d, VIR_SDIV_I32, 300, 0, out, VGPU_LAUNCH_OK);
  CHECK(wrong(o, VIR_SDIV_I32, 300) == 0);
  CHECK(r->nfindings == (checked ? 1u : 0u));
  if (checked) {
    CHECK(r->finding.global_id[0] == 300);
    CHECK(strstr(r->finding.message, "overflow") != NULL);
    printf("finding:\n%s\n", r->finding.message);
  }
  /* Guarded: lane 77's division is skipped, every other lane divides, no finding. */
  r = run(&d, VIR_UDIV_I32, 77, 1, out, VGPU_LAUNCH_OK);
  CHECK(r->nfindings == 0);
  unsigned bad = 0;
  for (uint32_t i = 0; i < 512; i++) bad += o[i] != (i == 77 ? 7u : 1000u / (i - 77u));
  CHECK(bad == 0);
  sim_close(&d);
  return vt_finish();
}
