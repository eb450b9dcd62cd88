/* sm_memory.c - resident memory of VirtualGPU's SM worker processes (`vgpu-sm`, or `vgpu sm`) after launches of
 * 2^16 and 2^26 work-items of the empty kernel.  A GPU keeps only the work in flight (the groups
 * resident on its SMs) in hardware state, whatever the NDRange size; so should the simulator.
 * Linux only: reads /proc/<pid>/status (VmRSS, VmHWM) of this process's descendants. */
#include "bench.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long parent_of(long pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  char *close = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
  long ppid = -1;
  if (close) sscanf(close + 1, " %*c %ld", &ppid);
  return ppid;
}

static int descends_from(long pid, long ancestor) {
  for (int depth = 0; pid > 1 && depth < 8; depth++)
    if ((pid = parent_of(pid)) == ancestor) return 1;
  return 0;
}

static int is_sm_process(long pid) { /* argv: <.../vgpu-sm> sm ... or <.../vgpu> sm ... */
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = 0;
  const char *arg0 = buf, *base = strrchr(arg0, '/');
  size_t len0 = strlen(arg0);
  const char *name = base ? base + 1 : arg0;
  return len0 + 1 < n && (!strcmp(name, "vgpu") || !strcmp(name, "vgpu-sm")) && !strcmp(arg0 + len0 + 1, "sm");
}

static long status_kb(long pid, const char *field) {
  char path[64], line[256];
  long kb = -1;
  snprintf(path, sizeof path, "/proc/%ld/status", pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  size_t len = strlen(field);
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, field, len) && line[len] == ':') { kb = atol(line + len + 1); break; }
  fclose(f);
  return kb;
}

/* Sums VmRSS and takes the largest VmHWM over the SM processes; returns how many there are. */
static int scan_sms(long *rss_kb, long *hwm_kb) {
  DIR *d = opendir("/proc");
  int count = 0;
  *rss_kb = 0, *hwm_kb = 0;
  if (!d) return 0;
  for (struct dirent *e; (e = readdir(d));) {
    long pid = atol(e->d_name);
    if (pid <= 0 || !is_sm_process(pid) || !descends_from(pid, getpid())) continue;
    long rss = status_kb(pid, "VmRSS"), hwm = status_kb(pid, "VmHWM");
    count++;
    if (rss > 0) *rss_kb += rss;
    if (hwm > *hwm_kb) *hwm_kb = hwm;
  }
  closedir(d);
  return count;
}

int bench_sm_memory(struct bench *b, FILE *json) {
  static const int log2_items[] = { 16, 26 };
  struct bench_result r = { .name = "sm_memory" };
  struct bench_objs o = { 0 };
  int ok = 1;
  printf("\nSM process memory (empty kernel; VmRSS summed over SM processes, VmHWM largest):\n");
  if (json) fprintf(json, ",\n  \"sm_memory\": [");
  if (!(o.prog[0] = bench_program(b, &r, "empty.cl", "")) || !(o.kern[0] = bench_kernel(&r, o.prog[0], "empty"))) {
    fprintf(stderr, "sm_memory: %s\n", r.error);
    ok = 0;
  }
  for (size_t i = 0; ok && i < sizeof log2_items / sizeof *log2_items; i++) {
    struct bench_launch l = { o.kern[0], 1, { (size_t)1 << log2_items[i] }, { 256 } };
    cl_event ev[1];
    int nev = 0;
    double t0 = bench_now_ms();
    cl_int err = bench_enqueue(b, &l, ev, &nev);
    if (err == CL_SUCCESS) err = clFinish(b->queue);
    double ms = bench_now_ms() - t0;
    if (nev) clReleaseEvent(ev[0]);
    if (err != CL_SUCCESS) {
      fprintf(stderr, "sm_memory: launch of 2^%d work-items: %s\n", log2_items[i], bench_error_name(err));
      ok = 0;
      break;
    }
    long rss, hwm;
    int n = scan_sms(&rss, &hwm);
    printf("  2^%d work-items: %8.1f ms, %d SM processes, VmRSS %ld kB, VmHWM %ld kB\n",
           log2_items[i], ms, n, rss, hwm);
    if (json)
      fprintf(json, "%s\n    {\"log2_work_items\": %d, \"ms\": %.3f, \"sm_processes\": %d, "
              "\"vmrss_kb\": %ld, \"vmhwm_kb\": %ld}", i ? "," : "", log2_items[i], ms, n, rss, hwm);
  }
  if (json) fprintf(json, "\n  ]");
  bench_release(&o);
  return ok;
}
