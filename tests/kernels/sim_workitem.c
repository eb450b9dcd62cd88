/* sim_workitem.c - every work-item query (enum vir_wi) in 1, 2 and 3 dimensions, with a global
 * offset and partial last work-groups (non-uniform NDRange), for each constant dimension, a
 * dimension taken from a register, and out-of-range dimensions (OpenCL C 3.0 s6.15.1: 0 for ids
 * and offsets, 1 for sizes).  Compared with the values the OpenCL specification defines. */
#include "tests/kernels/simlib.h"

#define NQ (VIR_WI_NUM_SUB_GROUPS + 1)
#define NDIM 5 /* dims 0, 1, 2 as immediates; 1 through a register; 7 through a register */
enum { OUT, LIN, T, P, V, DREG1, DREG7, NREGS };

static void *build(size_t *size) {
  struct vb b;
  vb_init(&b, "queries", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_LINEAR_ID, 0, LIN, 0, 0, 0);
  vb_op(&b, VIR_MUL_I64, 0, 0, T, LIN, vb_k(&b, NQ * NDIM * 8), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, OUT, T, 0);
  vb_op(&b, VIR_MOV, 0, 0, DREG1, vb_k(&b, 1), 0, 0);
  vb_op(&b, VIR_MOV, 0, 0, DREG7, vb_k(&b, 7), 0, 0);
  for (unsigned q = 0; q < NQ; q++)
    for (unsigned d = 0; d < NDIM; d++) {
      if (d < 3) vb_op(&b, VIR_WORKITEM, q, d, V, 0, 0, 0);
      else vb_op(&b, VIR_WORKITEM, q, 3, V, d == 3 ? DREG1 : DREG7, 0, 0);
      vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 8, 0, P, V, (q * NDIM + d) * 8);
    }
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static void run(int warp, unsigned dims, const uint64_t *g, const uint64_t *lsz, const uint64_t *off) {
  struct simdev d;
  sim_open(&d, 64, 2, warp, 10);
  size_t size;
  void *blob = build(&size);
  uint64_t items = 1;
  for (unsigned i = 0; i < dims; i++) items *= g[i];
  uint64_t out = sim_alloc(&d, items * NQ * NDIM * 8);
  struct simlaunch l = {.work_dim = dims};
  for (unsigned i = 0; i < dims; i++) { l.global[i] = g[i]; l.local[i] = lsz[i]; l.offset[i] = off[i]; }
  sim_arg_buf(&l, out);
  struct vgpu_launch *rec;
  int st = sim_run(&d, blob, size, &l, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("status %d: %s\n", st, rec->fault.message);
  const uint64_t *o = sim_ptr(&d, out);
  uint64_t G[3] = {1, 1, 1}, L[3] = {1, 1, 1}, O[3] = {0, 0, 0}, N[3];
  for (unsigned i = 0; i < dims; i++) { G[i] = g[i]; L[i] = lsz[i]; O[i] = off[i]; }
  for (unsigned i = 0; i < 3; i++) N[i] = (G[i] + L[i] - 1) / L[i];
  unsigned bad = 0;
  for (uint64_t z = 0; z < G[2]; z++)
    for (uint64_t y = 0; y < G[1]; y++)
      for (uint64_t x = 0; x < G[0]; x++) {
        uint64_t id[3] = {x, y, z}, lin = (z * G[1] + y) * G[0] + x;
        uint64_t grp[3], lid[3], lsize[3];
        for (int i = 0; i < 3; i++) {
          grp[i] = id[i] / L[i];
          lid[i] = id[i] % L[i];
          lsize[i] = grp[i] == N[i] - 1 && G[i] % L[i] ? G[i] % L[i] : L[i];
        }
        uint64_t llin = (lid[2] * lsize[1] + lid[1]) * lsize[0] + lid[0];
        uint64_t group_items = lsize[0] * lsize[1] * lsize[2];
        uint64_t nsub = (group_items + warp - 1) / warp, sub = llin / warp;
        uint64_t subsize = sub == nsub - 1 && group_items % warp ? group_items % warp : (uint64_t)warp;
        for (unsigned q = 0; q < NQ; q++)
          for (unsigned dd = 0; dd < NDIM; dd++) {
            unsigned dim = dd < 3 ? dd : dd == 3 ? 1 : 7;
            int in = dim < dims;
            uint64_t want = 0;
            switch (q) {
              case VIR_WI_GLOBAL_ID: want = in ? id[dim] + O[dim] : 0; break;
              case VIR_WI_LOCAL_ID: want = in ? lid[dim] : 0; break;
              case VIR_WI_GROUP_ID: want = in ? grp[dim] : 0; break;
              case VIR_WI_GLOBAL_SIZE: want = in ? G[dim] : 1; break;
              case VIR_WI_LOCAL_SIZE: want = in ? lsize[dim] : 1; break;
              case VIR_WI_ENQUEUED_LOCAL_SIZE: want = in ? L[dim] : 1; break;
              case VIR_WI_NUM_GROUPS: want = in ? N[dim] : 1; break;
              case VIR_WI_GLOBAL_OFFSET: want = in ? O[dim] : 0; break;
              case VIR_WI_WORK_DIM: want = dims; break;
              case VIR_WI_GLOBAL_LINEAR_ID: want = lin; break;
              case VIR_WI_LOCAL_LINEAR_ID: want = llin; break;
              case VIR_WI_SUB_GROUP_SIZE: want = subsize; break;
              case VIR_WI_SUB_GROUP_ID: want = sub; break;
              case VIR_WI_SUB_GROUP_LOCAL_ID: want = llin % warp; break;
              case VIR_WI_NUM_SUB_GROUPS: want = nsub; break;
            }
            uint64_t got = o[lin * NQ * NDIM + q * NDIM + dd];
            if (got != want && bad++ < 5)
              printf("warp %d dims %u item (%llu,%llu,%llu) query %u dim %u: %llu, want %llu\n", warp, dims,
                     (unsigned long long)x, (unsigned long long)y, (unsigned long long)z, q, dim,
                     (unsigned long long)got, (unsigned long long)want);
          }
      }
  CHECK(bad == 0);
  free(blob);
  sim_close(&d);
}

int main(void) {
  run(32, 1, (uint64_t[]){1000}, (uint64_t[]){96}, (uint64_t[]){5});
  run(32, 2, (uint64_t[]){37, 23}, (uint64_t[]){8, 5}, (uint64_t[]){3, 100});
  run(8, 3, (uint64_t[]){9, 7, 5}, (uint64_t[]){4, 3, 2}, (uint64_t[]){1, 2, 3});
  run(32, 3, (uint64_t[]){16, 8, 4}, (uint64_t[]){16, 8, 4}, (uint64_t[]){0, 0, 0});
  return vt_finish();
}
