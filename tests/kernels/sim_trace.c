/* sim_trace.c - the trace observer (VGPU_TRACE): the SMs write one line per launch, work-group,
 * divergent branch (with its source line and the lanes that went to each target's line) and
 * barrier, to the file the launch names.  A kernel with a known shape is traced and its lines
 * counted; the counters, collected at the same time, stay exact. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/kernels/simlib.h"

enum { OUT, GID, C, NREGS };
enum { L_T, L_J };

int main(void) {
  char path[] = "/tmp/vgpu-trace-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 77;
  close(fd);
  struct simdev d;
  sim_open(&d, 16, 2, 32, 10);
  /* if (gid & 1) at line 7 (divergent in every warp), then a barrier, 4 groups of 2 warps */
  struct vb b;
  vb_init(&b, "traced", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_AND, 0, 0, C, GID, vb_k(&b, 1), 0);
  b.line = 7;
  vb_cbr(&b, C, L_T, L_J, L_J);
  b.line = 8;
  vb_label(&b, L_T);
  vb_op(&b, VIR_ATOMIC, VIR_ATOM_ADD | VIR_AS_GLOBAL << 4, 4, C, OUT, vb_k(&b, 1), VIR_NOREG);
  b.line = 10;
  vb_label(&b, L_J);
  vb_op(&b, VIR_BARRIER, VIR_FENCE_GLOBAL, 0, 0, 0, 0, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  size_t size;
  void *blob = vb_finish(&b, &size);
  uint64_t out = sim_alloc(&d, 8);
  struct simlaunch l = {.work_dim = 1, .global = {256}, .local = {64}, .counters = 1,
                         .observers = 1u << VGPU_OBS_TRACE, .trace_path = path};
  sim_arg_buf(&l, out);
  struct vgpu_launch *rec;
  CHECK(sim_run(&d, blob, size, &l, &rec) == VGPU_LAUNCH_OK);
  struct vgpu_counters c = sim_counters(rec);
  CHECK(c.divergent_branches == 8 && c.barriers == 4 && c.atomics == 128);
  CHECK(*(uint32_t *)sim_ptr(&d, out) == 128);
  sim_close(&d); /* the SMs exit: their lines are written */
  size_t n;
  char *text = vt_read_file(path, &n);
  CHECK(text != NULL);
  unsigned launch = 0, begin = 0, end = 0, diverge = 0, barrier = 0, done = 0;
  for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n")) {
    launch += strstr(line, " launch kernel=traced ") != NULL;
    begin += strstr(line, " begin items=64 warps=2") != NULL;
    end += strstr(line, ") end") != NULL;
    diverge += strstr(line, " diverge line=7 pc=2 lanes=32 to_line=8:16 to_line=10:16") != NULL;
    CHECK(!strncmp(line, "t=", 2)); /* every line starts with its time */
    barrier += strstr(line, " barrier warps=2") != NULL;
    done += strstr(line, " end kernel=traced") != NULL;
  }
  CHECK(launch >= 1 && launch <= 2 && launch == done); /* the SMs the launch woke */
  CHECK(begin == 4 && end == 4);
  CHECK(diverge == 8);
  CHECK(barrier == 4);
  free(text);
  free(blob);
  unlink(path);
  return vt_finish();
}
