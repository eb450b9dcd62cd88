/* sim_observers.c - observers compose: counters, profile, trace and checks all active in one
 * launch, each doing its whole job.  The kernel (4 groups of 64, warps of 32): `if (gid & 1)
 * atomic_add(out, 1)` - divergent in every warp - then each work-item stores its word of __local
 * memory, passes a barrier and reads its neighbour's word.  The counters are exact, the profile's
 * rows (summed over the SMs) put each event on its instruction and add up to the counters, the
 * trace has its lines, and the checks stay silent - until the barrier is left out, when the race
 * is reported with every other observer still on. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vgpu/profile.h"
#include "tests/kernels/simlib.h"

enum { OUT, GID, LID, C, P, T, V, NREGS };
enum { L_T, L_J };
static uint32_t pc_cbr, pc_atomic, pc_store, pc_barrier, pc_load;

static void *build(size_t *size, int with_barrier) {
  struct vb b;
  vb_init(&b, "all", NREGS);
  b.local_size = 65 * 4;
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_WORKITEM, VIR_WI_LOCAL_ID, 0, LID, 0, 0, 0);
  vb_op(&b, VIR_AND, 0, 0, C, GID, vb_k(&b, 1), 0);
  b.line = 7;
  pc_cbr = vb_cbr(&b, C, L_T, L_J, L_J);
  b.line = 8;
  vb_label(&b, L_T);
  pc_atomic = vb_op(&b, VIR_ATOMIC, VIR_ATOM_ADD | VIR_AS_GLOBAL << 4, 4, C, OUT, vb_k(&b, 1), VIR_NOREG);
  b.line = 10;
  vb_label(&b, L_J);
  vb_op(&b, VIR_LADDR, 0, 0, P, 0, 0, 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, LID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, P, T, 0);
  b.line = 11;
  pc_store = vb_op(&b, VIR_STORE, VIR_AS_LOCAL, 4, 0, P, GID, 0);
  b.line = 12;
  pc_barrier = with_barrier ? vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0) : UINT32_MAX;
  b.line = 13;
  pc_load = vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, V, P, 0, 4); /* local[lid + 1] */
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

int main(void) {
  char path[] = "/tmp/vgpu-observers-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 77;
  close(fd);
  struct simdev d;
  sim_open(&d, 16, 2, 32, 10);
  const uint32_t all = 1u << VGPU_OBS_COUNTERS | 1u << VGPU_OBS_PROFILE | 1u << VGPU_OBS_TRACE | 1u << VGPU_OBS_CHECKS;
  size_t size;
  void *blob = build(&size, 1);
  uint64_t out = sim_alloc(&d, 8);
  struct simlaunch l = {.work_dim = 1, .global = {256}, .local = {64}, .observers = all, .trace_path = path};
  sim_arg_buf(&l, out);
  struct vgpu_launch *rec;
  int st = sim_run(&d, blob, size, &l, &rec);
  if (st) printf("status %d: %s\n", st, rec->fault.message);
  CHECK(st == VGPU_LAUNCH_OK);
  CHECK(*(uint32_t *)sim_ptr(&d, out) == 128);
  /* counters */
  struct vgpu_counters c = sim_counters(rec);
  CHECK(c.branches == 8 && c.divergent_branches == 8 && c.atomics == 128 && c.barriers == 4);
  CHECK(c.local_requests == 16 && c.local_bank_conflicts == 0 && c.work_groups == 4 && c.warps == 8);
  /* profile: per VIR pc, both SMs' rows added */
  uint32_t n = vir_kernels(blob)[0].ninsns;
  const uint64_t *rows = sim_ptr(&d, rec->obs_buf[VGPU_OBS_PROFILE].off);
  uint64_t sum[64][VGPU_PROF_N];
  memset(sum, 0, sizeof sum);
  CHECK(n <= 64);
  for (uint32_t s = 0; s < rec->nsms; s++)
    for (uint32_t p = 0; p < n && p < 64; p++)
      for (unsigned k = 0; k < VGPU_PROF_N; k++) sum[p][k] += rows[((size_t)s * n + p) * VGPU_PROF_N + k];
  CHECK(sum[pc_cbr][VGPU_PROF_BRANCHES] == 8 && sum[pc_cbr][VGPU_PROF_DIVERGENT_BRANCHES] == 8);
  CHECK(sum[pc_atomic][VGPU_PROF_ATOMICS] == 128 && sum[pc_atomic][VGPU_PROF_WARP_INSNS] == 8 &&
        sum[pc_atomic][VGPU_PROF_LANE_INSNS] == 128);
  CHECK(sum[pc_store][VGPU_PROF_LOCAL_ACCESSES] == 8 && sum[pc_load][VGPU_PROF_LOCAL_ACCESSES] == 8);
  CHECK(sum[pc_barrier][VGPU_PROF_BARRIERS] == 8); /* 8 warps arrive once */
  uint64_t wi = 0, li = 0;
  for (uint32_t p = 0; p < n; p++) wi += sum[p][VGPU_PROF_WARP_INSNS], li += sum[p][VGPU_PROF_LANE_INSNS];
  CHECK(wi == c.warp_insns && li == c.lane_insns);
  /* trace */
  size_t len;
  char *text = vt_read_file(path, &len);
  CHECK(text != NULL);
  unsigned diverge = 0, barrier = 0;
  for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
    diverge += strstr(line, " diverge line=7 ") != NULL;
    barrier += strstr(line, " barrier warps=2") != NULL;
  }
  CHECK(diverge == 8 && barrier == 4);
  free(text);
  free(blob);
  /* checks: without the barrier, the neighbour's word races, and the others keep counting */
  blob = build(&size, 0);
  st = sim_run(&d, blob, size, &l, &rec);
  CHECK(st == VGPU_LAUNCH_FAULT);
  CHECK(strstr(rec->fault.message, "data race on __local memory") != NULL);
  CHECK(rec->fault.line == 13);
  c = sim_counters(rec);
  CHECK(c.divergent_branches >= 1);
  free(blob);
  sim_close(&d);
  unlink(path);
  return vt_finish();
}
