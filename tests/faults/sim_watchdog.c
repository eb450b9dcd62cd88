/* sim_watchdog.c - the host never hangs: an infinite loop is stopped by the SM's watchdog and
 * reported as VGPU_LAUNCH_TIMEOUT with the work-item; an SM that stops answering (SIGSTOP) is
 * killed by the engine after the watchdog and restarted; an SM killed in the middle of a launch is
 * reported as VGPU_LAUNCH_SM_CRASH and restarted.  After each, a launch runs correctly on all SMs.
 * The watchdog times work-groups, not launches: a launch of millions of short groups that lasts
 * longer than the watchdog completes. */
#include <dirent.h>
#include <time.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "tests/kernels/simlib.h"

enum { OUT, GID, T, C, X, NREGS };
enum { L_LOOP, L_END };

/* forever: while (x != 1) x = x * 3 + 2 ... starting at gid + 2 never reaches 1 with this rule;
 * forever == 2: the loop also holds a barrier, so each warp runs one iteration at a time. */
static void *build(size_t *size, int forever) {
  struct vb b;
  vb_init(&b, "spin", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  if (forever == 2) {
    vb_label(&b, L_LOOP);
    vb_op(&b, VIR_BARRIER, VIR_FENCE_LOCAL, 0, 0, 0, 0, 0);
    vb_br(&b, L_LOOP);
  }
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, X, GID, vb_k(&b, 2), 0);
  if (forever) {
    vb_label(&b, L_LOOP);
    vb_op(&b, VIR_MADI_I64, 0, 0, X, X, vb_k(&b, 3), vb_k(&b, 2));
    vb_op(&b, VIR_ICMP_I64, VIR_ICMP_NE, 0, C, X, vb_k(&b, 1), 0);
    vb_cbr(&b, C, L_LOOP, L_END, L_END);
    vb_label(&b, L_END);
  }
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 3), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 8, 0, T, X, 0);
  vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  return vb_finish(&b, size);
}

/* The SM processes: this process's children. */
static int children(pid_t *pids, int max) {
  char path[64], buf[256];
  snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  int n = 0;
  while (n < max && fscanf(f, "%255s", buf) == 1) pids[n++] = (pid_t)atoi(buf);
  fclose(f);
  return n;
}

static int run(struct simdev *d, int forever, uint64_t watchdog_ns, uint64_t out, struct vgpu_launch **rec) {
  size_t size;
  void *blob = build(&size, forever);
  struct simlaunch l = {.work_dim = 1, .global = {4096}, .local = {64}, .watchdog_ns = watchdog_ns};
  sim_arg_buf(&l, out);
  int st = sim_run(d, blob, size, &l, rec);
  free(blob);
  return st;
}

static void works(struct simdev *d, uint64_t out) {
  struct vgpu_launch *rec;
  memset(sim_ptr(d, out), 0, 4096 * 8);
  int st = run(d, 0, 0, out, &rec);
  CHECK(st == VGPU_LAUNCH_OK);
  if (st) printf("status %d: %s\n", st, rec->fault.message);
  const uint64_t *o = sim_ptr(d, out);
  unsigned bad = 0;
  for (uint64_t i = 0; i < 4096; i++) bad += o[i] != i + 2;
  CHECK(bad == 0);
  pid_t pids[8];
  CHECK(children(pids, 8) == d->nsms);
}

static void *killer(void *arg) {
  usleep(300000);
  kill(*(pid_t *)arg, SIGKILL);
  return NULL;
}

int main(void) {
  struct simdev d;
  sim_open(&d, 100, 2, 32, 60);
  uint64_t out = sim_alloc(&d, 4096 * 8);
  struct vgpu_launch *rec;
  /* 1. Infinite loop, 0.3 s watchdog: the SM reports it. */
  int st = run(&d, 1, 300000000ull, out, &rec);
  CHECK(st == VGPU_LAUNCH_TIMEOUT);
  CHECK(strstr(rec->fault.message, "watchdog") != NULL);
  printf("report:\n%s\n", rec->fault.message);
  works(&d, out);
  /* 1b. The same around a barrier: the SM's watchdog still sees it. */
  st = run(&d, 2, 300000000ull, out, &rec);
  CHECK(st == VGPU_LAUNCH_TIMEOUT);
  CHECK(strstr(rec->fault.message, "watchdog: the work-group ran longer") != NULL);
  works(&d, out);
  /* 2. An SM that does not answer at all is killed by the engine and restarted. */
  pid_t pids[8];
  int n = children(pids, 8);
  CHECK(n == 2);
  kill(pids[0], SIGSTOP);
  st = run(&d, 0, 200000000ull, out, &rec);
  CHECK(st == VGPU_LAUNCH_TIMEOUT);
  CHECK(strstr(rec->fault.message, "did not answer") != NULL);
  printf("report:\n%s\n", rec->fault.message);
  works(&d, out);
  /* 3. An SM killed mid-launch (the kernel spins; 60 s watchdog): SM_CRASH, quickly. */
  n = children(pids, 8);
  pthread_t t;
  pthread_create(&t, NULL, killer, &pids[1]);
  st = run(&d, 1, 0, out, &rec);
  pthread_join(t, NULL);
  CHECK(st == VGPU_LAUNCH_SM_CRASH);
  CHECK(strstr(rec->fault.message, "crashed") != NULL);
  printf("report:\n%s\n", rec->fault.message);
  works(&d, out);
  pid_t now[8];
  int m = children(now, 8);
  for (int i = 0; i < m; i++) CHECK(now[i] != pids[1]);
  /* 4. 2^23 groups of one work-item, no loop, a 0.25 s watchdog: longer than the watchdog in all
   * (about 1 s on this 2-core machine when idle), each group a microsecond: it completes. */
  {
    const uint64_t n = 1u << 23;
    uint64_t big = sim_alloc(&d, n * 8);
    size_t size;
    void *blob = build(&size, 0);
    struct simlaunch l = {.work_dim = 1, .global = {n}, .local = {1}, .watchdog_ns = 250000000ull};
    sim_arg_buf(&l, big);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    st = sim_run(&d, blob, size, &l, &rec);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(blob);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (!CHECK(st == VGPU_LAUNCH_OK)) printf("status %d: %s\n", st, rec->fault.message);
    const uint64_t *o = sim_ptr(&d, big);
    uint64_t bad = 0;
    for (uint64_t i = 0; i < n; i++) bad += o[i] != i + 2;
    CHECK(bad == 0);
    printf("%llu groups in %.3f s with a 0.250 s watchdog%s\n", (unsigned long long)n, secs,
           secs > 0.25 ? "" : " (faster than the watchdog here: this case proves nothing on this machine)");
  }
  sim_close(&d);
  return vt_finish();
}
