/* sim_oob.c - out-of-bounds accesses are caught, located and reported, never executed: a global
 * read one element past a buffer (only the last work-item), a NULL store, an access in the gap
 * between two buffers, past the arena end without an allocation table, local and private accesses
 * past their sizes, and a store to __constant memory.  The fault record must name the work-item,
 * the source line and the address; the launch after a fault must work. */
#include <string.h>
#include "tests/kernels/simlib.h"

enum { IN, OUT, GID, T, P, V, NREGS };
enum kind { READ_PAST, NULL_STORE, LOCAL_PAST, PRIVATE_PAST, CONST_STORE, CLEAN };

/* out[gid] = in[gid + 1] (READ_PAST); other kinds replace the faulting access. */
static void *build(size_t *size, enum kind k, uint32_t line) {
  struct vb b;
  vb_init(&b, "oob", NREGS);
  b.local_size = 64;
  b.private_size = 16;
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, IN, 8);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, GID, vb_k(&b, k == CLEAN ? 0 : 1), 0);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, T, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, IN, T, 0);
  b.line = line;
  switch (k) {
    case READ_PAST: case CLEAN: vb_op(&b, VIR_LOAD, VIR_AS_GLOBAL, 4, V, P, 0, 0); break;
    case NULL_STORE: vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, vb_k(&b, 0), GID, 8); break;
    case LOCAL_PAST: /* laddr 60 + 4 bytes is fine, 62 + 4 is not */
      vb_op(&b, VIR_LADDR, 0, 0, P, 62, 0, 0);
      vb_op(&b, VIR_LOAD, VIR_AS_LOCAL, 4, V, P, 0, 0);
      break;
    case PRIVATE_PAST:
      vb_op(&b, VIR_PADDR, 0, 0, P, 8, 0, 0);
      vb_op(&b, VIR_STORE, VIR_AS_PRIVATE, 8, 0, P, GID, 4);
      break;
    case CONST_STORE: vb_op(&b, VIR_STORE, VIR_AS_CONSTANT, 4, 0, P, GID, 0); break;
  }
  b.line = 0;
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, P, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, P, GID, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

static struct vgpu_launch *run(struct simdev *d, enum kind k, uint64_t n, uint64_t in, uint64_t out,
                               int table, int expect) {
  size_t size;
  void *blob = build(&size, k, 42);
  struct simlaunch l = {.work_dim = 1, .global = {n}, .local = {64}, .no_alloc_table = !table};
  sim_arg_buf(&l, in);
  sim_arg_buf(&l, out);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, size, &l, &rec);
  CHECK(st == expect);
  if (st != expect) printf("kind %d: status %d, want %d: %s\n", k, st, expect, rec->fault.message);
  free(blob);
  return rec;
}

int main(void) {
  struct simdev d;
  sim_open(&d, 64, 2, 32, 10);
  const uint64_t n = 1000;
  uint64_t in = sim_alloc(&d, n * 4), gap = sim_alloc(&d, 256), out = sim_alloc(&d, n * 4);
  (void)gap;
  /* Only work-item n-1 reads past the end of `in`. */
  struct vgpu_launch *r = run(&d, READ_PAST, n, in, out, 1, VGPU_LAUNCH_FAULT);
  CHECK(r->fault.global_id[0] == n - 1);
  CHECK(r->fault.local_id[0] == (n - 1) % 64);
  CHECK(r->fault.group_id[0] == (n - 1) / 64);
  CHECK(r->fault.line == 42);
  CHECK(strstr(r->fault.message, "out-of-bounds global load") != NULL);
  CHECK(strstr(r->fault.message, "test.cl:42") != NULL);
  CHECK(strstr(r->fault.message, "kernel 'oob'") != NULL);
  char bounds[64];
  snprintf(bounds, sizeof bounds, "[0x%llx, 0x%llx)", (unsigned long long)in, (unsigned long long)(in + n * 4));
  CHECK(strstr(r->fault.message, bounds) != NULL);
  printf("report:\n%s\n", r->fault.message);
  /* The same read with no allocation table lands in the gap buffer: allowed (arena-only check). */
  run(&d, READ_PAST, n, in, out, 0, VGPU_LAUNCH_OK);
  /* Past the arena end, even without a table. */
  uint64_t last = d.arena.size - n * 4;
  run(&d, READ_PAST, n, last, out, 0, VGPU_LAUNCH_FAULT);
  r = run(&d, NULL_STORE, n, in, out, 1, VGPU_LAUNCH_FAULT);
  CHECK(strstr(r->fault.message, "NULL pointer") != NULL);
  r = run(&d, LOCAL_PAST, n, in, out, 1, VGPU_LAUNCH_FAULT);
  CHECK(strstr(r->fault.message, "out-of-bounds local load") != NULL);
  r = run(&d, PRIVATE_PAST, n, in, out, 1, VGPU_LAUNCH_FAULT);
  CHECK(strstr(r->fault.message, "out-of-bounds private store") != NULL);
  r = run(&d, CONST_STORE, n, in, out, 1, VGPU_LAUNCH_FAULT);
  CHECK(strstr(r->fault.message, "__constant") != NULL);
  /* The device still works, and the faulting accesses above wrote nothing to `out` past n. */
  memset(sim_ptr(&d, out), 0xff, n * 4);
  run(&d, CLEAN, n, in, out, 1, VGPU_LAUNCH_OK);
  const uint32_t *o = sim_ptr(&d, out);
  unsigned bad = 0;
  for (uint64_t i = 0; i < n; i++) bad += o[i] != i;
  CHECK(bad == 0);
  sim_close(&d);
  return vt_finish();
}
