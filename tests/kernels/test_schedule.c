/* test_schedule.c - VGPU_SCHEDULE=random:SEED.  Two kernels record the order the hardware ran
 * things in, with a global atomic counter:
 *  - order: work-item 0 of each of 64 work-groups takes a ticket (the order of the groups);
 *  - warps: lane 0 of each of the 8 warps of one group takes a ticket, before and after a barrier
 *    (the order of the warps in each barrier interval).
 * Neither order is promised by OpenCL, so a kernel that depends on one is wrong.  With a seed, the
 * orders change with the seed and stay the same for one seed (a replay); by default the warps of
 * a group run in order.  Every ticket array must be a permutation (no group or warp lost or run
 * twice).  Each schedule runs in a child, as the configuration is read once per process. */
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

enum { GROUPS = 64, WARPS = 8 };

struct tickets { int order[GROUPS], warps[2 * WARPS]; };

static int child(void) {
  cl_int err;
  cl_program p = vt_build(
      "kernel void order(global int *ctr, global int *out) {\n"
      "  if (get_local_id(0) == 0) out[get_group_id(0)] = atomic_inc(ctr);\n"
      "}\n"
      "kernel void warps(global int *ctr, global int *out) {\n"
      "  uint w = get_local_id(0) / 32;\n"
      "  if (get_local_id(0) % 32 == 0) out[w] = atomic_inc(ctr);\n"
      "  barrier(CLK_GLOBAL_MEM_FENCE);\n"
      "  if (get_local_id(0) % 32 == 0) out[8 + w] = atomic_inc(ctr);\n"
      "}\n", NULL);
  if (!p) return 1;
  struct tickets t;
  const char *names[2] = {"order", "warps"};
  size_t global[2] = {GROUPS * 32, WARPS * 32}, local[2] = {32, WARPS * 32}, bytes[2] = {sizeof t.order, sizeof t.warps};
  int *outs[2] = {t.order, t.warps};
  for (int k = 0; k < 2; k++) {
    int zero = 0;
    cl_mem ctr = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof zero, &zero, &err);
    cl_mem out = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, bytes[k], NULL, &err);
    cl_kernel kern = clCreateKernel(p, names[k], &err);
    clSetKernelArg(kern, 0, sizeof ctr, &ctr);
    clSetKernelArg(kern, 1, sizeof out, &out);
    if (clEnqueueNDRangeKernel(vt_queue(), kern, 1, NULL, &global[k], &local[k], 0, NULL, NULL) ||
        clEnqueueReadBuffer(vt_queue(), out, CL_TRUE, 0, bytes[k], outs[k], 0, NULL, NULL))
      return 1;
    clReleaseKernel(kern);
    clReleaseMemObject(ctr);
    clReleaseMemObject(out);
  }
  return write(1, &t, sizeof t) == (ssize_t)sizeof t ? 0 : 1;
}

/* The tickets under VGPU_SCHEDULE=schedule (NULL: unset); 0 when the child failed. */
static int run(const char *schedule, struct tickets *t) {
  int fds[2];
  if (pipe(fds)) return 0;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    if (schedule) setenv("VGPU_SCHEDULE", schedule, 1);
    setenv("VGPU_WARP_SIZE", "32", 1);
    setenv("VGPU_SMS", "2", 1);
    execl(vt_self_exe(), vt_self_exe(), "child", (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  size_t got = 0;
  ssize_t r;
  while (got < sizeof *t && (r = read(fds[0], (char *)t + got, sizeof *t - got)) > 0) got += (size_t)r;
  close(fds[0]);
  int st;
  waitpid(pid, &st, 0);
  return got == sizeof *t && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* v[0..n) holds each of base .. base+n-1 once. */
static int permutation(const int *v, int n, int base) {
  int seen[GROUPS] = {0};
  for (int i = 0; i < n; i++) {
    if (v[i] < base || v[i] >= base + n || seen[v[i] - base]) return 0;
    seen[v[i] - base] = 1;
  }
  return 1;
}

static int valid(const struct tickets *t) {
  return permutation(t->order, GROUPS, 0) && permutation(t->warps, WARPS, 0) && permutation(t->warps + WARPS, WARPS, WARPS);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child();
  vt_device();
  if (!vt_self_exe()) return 77;
  struct tickets def, a, again, b;
  CHECK(run(NULL, &def) && valid(&def));
  CHECK(run("random:1", &a) && valid(&a));
  CHECK(run("random:1", &again) && valid(&again));
  CHECK(run("random:2", &b) && valid(&b));
  /* By default a group's warps run in order, in each interval. */
  int in_order = 1;
  for (int i = 0; i < 2 * WARPS; i++) in_order &= def.warps[i] == i;
  CHECK(in_order);
  /* One seed replays exactly; another seed gives other orders. */
  CHECK(!memcmp(&a, &again, sizeof a));
  CHECK(memcmp(a.order, b.order, sizeof a.order) != 0);
  CHECK(memcmp(a.warps, b.warps, sizeof a.warps) != 0);
  /* The warps are interleaved differently in the two barrier intervals (for this seed). */
  int same_intervals = 1;
  for (int i = 0; i < WARPS; i++) same_intervals &= a.warps[WARPS + i] - WARPS == a.warps[i];
  CHECK(!same_intervals);
  /* And the random order is not the launch order. */
  int identity = 1;
  for (int i = 0; i < GROUPS; i++) identity &= a.order[i] == i;
  CHECK(!identity);
  return vt_finish();
}
