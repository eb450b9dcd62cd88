/* vgpu-bench.c - the benchmark suite: a plain OpenCL host program that runs the kernels of
 * bench/kernels on any platform (chosen by name), checks each result against a CPU reference and
 * reports the median time of several runs (wall clock and event profiling) and the clBuildProgram
 * time.  scripts/bench.sh runs it on VirtualGPU, PoCL and Oclgrind and compares; docs/performance.md
 * explains the figures.  Exit status: 0 every kernel validated, 1 one did not, 2 bad usage,
 * 77 the platform is not there (a skipped test). */
#include "bench.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int bench_sm_memory(struct bench *b, FILE *json);
int bench_alloc_scale(struct bench *b);
int bench_build_rate(struct bench *b);

static void usage(FILE *f) {
  fprintf(f,
    "usage: vgpu-bench [options]\n"
    "  --platform NAME   platform whose name starts with NAME (case-insensitive; default: first)\n"
    "  --size S          tiny | small (default; Oclgrind finishes) | medium\n"
    "  --reps N          timed repetitions per kernel, median reported (default 5)\n"
    "  --warmup N        untimed runs before them (default 1)\n"
    "  --build-reps N    clBuildProgram runs per program: first, then median of the rest (default 3)\n"
    "  --kernels A,B     run only these (default: all; --list shows them)\n"
    "  --json FILE       write the results as JSON\n"
    "  --kernel-dir DIR  read kernel sources from DIR instead of the embedded copies\n"
    "  --sm-memory       also launch 2^16 and 2^26 work-items and report the SM processes' memory\n"
    "  --alloc-scale     only measure buffer create/release and launch time with 1k-100k live buffers\n"
    "  --build-rate      only measure clBuildProgram of a small kernel: builds per second (--reps rounds)\n"
    "  --list            list the kernels and exit\n");
}

static int selected(const char *list, const char *name) {
  if (!list) return 1;
  size_t len = strlen(name);
  for (const char *p = list; *p;) {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == len && !strncmp(p, name, n)) return 1;
    p += n + (end != NULL);
  }
  return 0;
}

static int open_platform(struct bench *b, const char *want) {
  cl_platform_id ids[16];
  cl_uint n = 0;
  if (clGetPlatformIDs(16, ids, &n) != CL_SUCCESS || n == 0) {
    fprintf(stderr, "vgpu-bench: no OpenCL platform found\n");
    return 77;
  }
  for (cl_uint i = 0; i < n && i < 16 && !b->platform; i++) {
    char name[128] = "";
    clGetPlatformInfo(ids[i], CL_PLATFORM_NAME, sizeof name, name, NULL);
    if (!want || !strncasecmp(name, want, strlen(want))) {
      b->platform = ids[i];
      snprintf(b->platform_name, sizeof b->platform_name, "%s", name);
    }
  }
  if (!b->platform) {
    fprintf(stderr, "vgpu-bench: no platform named %s*\n", want);
    return 77;
  }
  cl_int err = clGetDeviceIDs(b->platform, CL_DEVICE_TYPE_ALL, 1, &b->device, NULL);
  if (err == CL_SUCCESS) {
    clGetDeviceInfo(b->device, CL_DEVICE_NAME, sizeof b->device_name, b->device_name, NULL);
    b->ctx = clCreateContext(NULL, 1, &b->device, NULL, NULL, &err);
  }
  if (b->ctx) b->queue = clCreateCommandQueue(b->ctx, b->device, CL_QUEUE_PROFILING_ENABLE, &err);
  if (!b->queue) {
    fprintf(stderr, "vgpu-bench: %s: no device, context or queue: %s\n", b->platform_name,
            bench_error_name(err));
    return 1;
  }
  return 0;
}

static void json_string(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fprintf(f, "\\%c", *s);
    else if ((unsigned char)*s < 0x20) fprintf(f, "\\u%04x", *s);
    else fputc(*s, f);
  }
  fputc('"', f);
}

static void json_number(FILE *f, double v) {
  if (isfinite(v)) fprintf(f, "%.6g", v);
  else fputs("null", f);
}

static void json_result(FILE *f, const struct bench_result *r, int first) {
  fprintf(f, "%s\n    {\"name\": ", first ? "" : ",");
  json_string(f, r->name);
  fprintf(f, ", \"detail\": ");
  json_string(f, r->detail);
  fprintf(f, ", \"work_items\": %.0f, \"compute_bound\": %s, \"ran\": %s, \"valid\": %s, \"error\": ",
          r->work, r->compute_bound ? "true" : "false", r->ran ? "true" : "false",
          r->valid ? "true" : "false");
  json_string(f, r->error);
  fprintf(f, ",\n     \"wall_ms\": ");
  json_number(f, r->ran ? r->wall_median : NAN);
  fprintf(f, ", \"device_ms\": ");
  json_number(f, r->ran ? r->device_median : NAN);
  fprintf(f, ", \"build_first_ms\": ");
  json_number(f, r->build_first_ms);
  fprintf(f, ", \"build_again_ms\": ");
  json_number(f, r->build_again_ms);
  fprintf(f, ",\n     \"wall_ms_all\": [");
  for (int i = 0; i < r->nreps; i++) fprintf(f, "%s%.4f", i ? ", " : "", r->wall_ms[i]);
  fprintf(f, "], \"device_ms_all\": [");
  for (int i = 0; i < r->nreps; i++) {
    if (i) fputs(", ", f);
    json_number(f, r->device_ms[i]);
  }
  fprintf(f, "]}");
}

/* The 1-minute load average (-1 if unknown): on a busy machine, timings and SM scaling mean little
 * (report.py says so). */
static double load_average(void) {
  double l = -1;
  FILE *f = fopen("/proc/loadavg", "r");
  if (f) {
    if (fscanf(f, "%lf", &l) != 1) l = -1;
    fclose(f);
  }
  return l;
}

static const char *env_or(const char *name, const char *dflt) {
  const char *v = getenv(name);
  return v ? v : dflt;
}

int main(int argc, char **argv) {
  struct bench b = { .size = BENCH_SMALL, .reps = 5, .warmup = 1, .build_reps = 3 };
  const char *platform = NULL, *kernels = NULL, *json_path = NULL;
  int sm_memory = 0, alloc_scale = 0, build_rate = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    int takes = 1;
    if (!strcmp(a, "--platform") && v) platform = v;
    else if (!strcmp(a, "--kernels") && v) kernels = v;
    else if (!strcmp(a, "--json") && v) json_path = v;
    else if (!strcmp(a, "--kernel-dir") && v) b.kernel_dir = v;
    else if (!strcmp(a, "--reps") && v) b.reps = atoi(v);
    else if (!strcmp(a, "--warmup") && v) b.warmup = atoi(v);
    else if (!strcmp(a, "--build-reps") && v) b.build_reps = atoi(v);
    else if (!strcmp(a, "--size") && v) {
      if (!strcmp(v, "tiny")) b.size = BENCH_TINY;
      else if (!strcmp(v, "small")) b.size = BENCH_SMALL;
      else if (!strcmp(v, "medium")) b.size = BENCH_MEDIUM;
      else { usage(stderr); return 2; }
    } else {
      takes = 0;
      if (!strcmp(a, "--sm-memory")) sm_memory = 1;
      else if (!strcmp(a, "--alloc-scale")) alloc_scale = 1;
      else if (!strcmp(a, "--build-rate")) build_rate = 1;
      else if (!strcmp(a, "--list")) {
        for (size_t k = 0; k < bench_ncases; k++) puts(bench_cases[k].name);
        return 0;
      } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) { usage(stdout); return 0; }
      else { usage(stderr); return 2; }
    }
    i += takes;
  }
  if (b.reps < 1 || b.reps > BENCH_MAX_REPS || b.warmup < 0 || b.build_reps < 1 ||
      b.build_reps > BENCH_MAX_REPS) {
    fprintf(stderr, "vgpu-bench: --reps and --build-reps must be 1..%d, --warmup >= 0\n", BENCH_MAX_REPS);
    return 2;
  }
  int matches = 0;
  for (size_t k = 0; k < bench_ncases; k++) matches += selected(kernels, bench_cases[k].name);
  if (!matches) { fprintf(stderr, "vgpu-bench: --kernels %s matches none (see --list)\n", kernels); return 2; }
  int status = open_platform(&b, platform);
  if (status) return status;
  if (alloc_scale) return bench_alloc_scale(&b) ? 0 : 1; /* alloc_scale.c: only that */
  if (build_rate) return bench_build_rate(&b) ? 0 : 1;   /* build_rate.c: only that */

  static const char *size_names[] = { "tiny", "small", "medium" };
  FILE *json = json_path ? fopen(json_path, "w") : NULL;
  if (json_path && !json) { perror(json_path); return 2; }
  if (json) {
    fprintf(json, "{\n  \"platform\": ");
    json_string(json, b.platform_name);
    fprintf(json, ", \"device\": ");
    json_string(json, b.device_name);
    fprintf(json, ",\n  \"size\": \"%s\", \"reps\": %d, \"warmup\": %d, \"build_reps\": %d,\n",
            size_names[b.size], b.reps, b.warmup, b.build_reps);
    fprintf(json, "  \"cpus\": %ld, \"loadavg_start\": %.2f,\n", sysconf(_SC_NPROCESSORS_ONLN), load_average());
    fprintf(json, "  \"env\": {\"VGPU_SMS\": ");
    json_string(json, env_or("VGPU_SMS", ""));
    fprintf(json, ", \"VGPU_COUNTERS\": ");
    json_string(json, env_or("VGPU_COUNTERS", ""));
    fprintf(json, ", \"VGPU_CACHE\": ");
    json_string(json, env_or("VGPU_CACHE", ""));
    fprintf(json, "},\n  \"kernels\": [");
  }
  printf("platform %s, device %s, size %s, %d warm-up + %d timed runs (median)\n",
         b.platform_name, b.device_name, size_names[b.size], b.warmup, b.reps);
  printf("%-12s %-34s %11s %11s %10s %10s  %s\n", "kernel", "size", "wall ms", "device ms",
         "build ms", "rebuild ms", "check");
  int failed = 0, first = 1;
  for (size_t k = 0; k < bench_ncases; k++) {
    if (!selected(kernels, bench_cases[k].name)) continue;
    struct bench_result *r = calloc(1, sizeof *r);
    if (!r) return 1;
    r->name = bench_cases[k].name;
    r->build_first_ms = r->build_again_ms = NAN;
    int ok = bench_cases[k].run(&b, r);
    failed += !ok;
    printf("%-12s %-34s %11.3f %11.3f %10.2f %10.2f  %s%s\n", r->name, r->detail,
           r->ran ? r->wall_median : NAN, r->ran ? r->device_median : NAN, r->build_first_ms,
           r->build_again_ms, ok ? "ok" : "FAILED: ", ok ? "" : r->error);
    fflush(stdout);
    if (json) json_result(json, r, first);
    first = 0;
    free(r);
  }
  if (json) fprintf(json, "\n  ]");
  if (sm_memory && !bench_sm_memory(&b, json)) failed++;
  if (json) {
    fprintf(json, ",\n  \"loadavg_end\": %.2f\n}\n", load_average());
    fclose(json);
  }
  clReleaseCommandQueue(b.queue);
  clReleaseContext(b.ctx);
  if (failed) fprintf(stderr, "vgpu-bench: %d kernel(s) failed on %s\n", failed, b.platform_name);
  return failed ? 1 : 0;
}
