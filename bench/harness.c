/* harness.c - the timing harness and the small helpers every case uses (see bench.h). */
#include "bench.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double bench_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int bench_fail(struct bench_result *r, const char *fmt, ...) {
  if (r->error[0]) return 0; /* keep the first reason: later ones are usually consequences */
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(r->error, sizeof r->error, fmt, ap);
  va_end(ap);
  return 0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(const double *v, int n) {
  double s[BENCH_MAX_REPS];
  if (n <= 0) return 0;
  memcpy(s, v, n * sizeof *v);
  qsort(s, n, sizeof *s, cmp_double);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* Device time of one step: the sum of each launch's END - START.  Summing (rather than taking
 * last END - first START) leaves out the gaps between launches, which are the host's business. */
static double events_ms(struct bench_result *r, cl_event *ev, int nev) {
  double ns = 0;
  for (int i = 0; i < nev; i++) {
    cl_ulong start = 0, end = 0;
    cl_int e1 = clGetEventProfilingInfo(ev[i], CL_PROFILING_COMMAND_START, sizeof start, &start, NULL);
    cl_int e2 = clGetEventProfilingInfo(ev[i], CL_PROFILING_COMMAND_END, sizeof end, &end, NULL);
    if (e1 != CL_SUCCESS || e2 != CL_SUCCESS) {
      bench_fail(r, "clGetEventProfilingInfo: %s", bench_error_name(e1 ? e1 : e2));
      ns = NAN;
    } else if (!isnan(ns)) {
      ns += (double)(end - start);
    }
    clReleaseEvent(ev[i]);
  }
  return ns / 1e6;
}

cl_int bench_time(struct bench *b, struct bench_result *r, bench_step_fn step,
                  bench_reset_fn reset, void *state) {
  int total = b->warmup + b->reps;
  r->nreps = 0;
  for (int i = 0; i < total; i++) {
    cl_event ev[BENCH_MAX_EVENTS];
    int nev = 0;
    cl_int err = reset ? reset(b, state) : CL_SUCCESS;
    if (err == CL_SUCCESS) err = clFinish(b->queue);
    if (err != CL_SUCCESS) { bench_fail(r, "reset: %s", bench_error_name(err)); return err; }
    double t0 = bench_now_ms();
    err = step(b, state, ev, &nev);
    cl_int fin = clFinish(b->queue);
    double t1 = bench_now_ms();
    if (err == CL_SUCCESS) err = fin;
    if (err != CL_SUCCESS) {
      for (int k = 0; k < nev; k++) clReleaseEvent(ev[k]);
      bench_fail(r, "enqueue: %s", bench_error_name(err));
      return err;
    }
    /* A launch that failed on the device shows as a negative execution status. */
    for (int k = 0; k < nev; k++) {
      cl_int st = CL_COMPLETE;
      clGetEventInfo(ev[k], CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
      if (st < 0) {
        bench_fail(r, "launch %d of the step failed on the device: %s", k, bench_error_name(st));
        for (int j = 0; j < nev; j++) clReleaseEvent(ev[j]);
        return st;
      }
    }
    double dev = events_ms(r, ev, nev);
    if (i < b->warmup) continue;
    r->wall_ms[r->nreps] = t1 - t0;
    r->device_ms[r->nreps] = dev;
    r->nreps++;
  }
  r->wall_median = median(r->wall_ms, r->nreps);
  r->device_median = median(r->device_ms, r->nreps);
  r->ran = 1;
  return CL_SUCCESS;
}

static const char *find_source(struct bench *b, const char *file, char **owned) {
  *owned = NULL;
  if (b->kernel_dir) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", b->kernel_dir, file);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc(n + 1);
    if (text && fread(text, 1, n, f) == (size_t)n) text[n] = 0;
    else { free(text); text = NULL; }
    fclose(f);
    return *owned = text;
  }
  for (size_t i = 0; i < bench_nsources; i++)
    if (!strcmp(bench_sources[i].file, file)) return bench_sources[i].text;
  return NULL;
}

static cl_program build_once(struct bench *b, struct bench_result *r, const char *src,
                             const char *options, double *ms) {
  cl_int err;
  cl_program p = clCreateProgramWithSource(b->ctx, 1, &src, NULL, &err);
  if (!p) { bench_fail(r, "clCreateProgramWithSource: %s", bench_error_name(err)); return NULL; }
  double t0 = bench_now_ms();
  err = clBuildProgram(p, 1, &b->device, options, NULL, NULL);
  *ms = bench_now_ms() - t0;
  if (err != CL_SUCCESS) {
    size_t n = 0;
    clGetProgramBuildInfo(p, b->device, CL_PROGRAM_BUILD_LOG, 0, NULL, &n);
    char *log = calloc(1, n + 1);
    if (log) clGetProgramBuildInfo(p, b->device, CL_PROGRAM_BUILD_LOG, n, log, NULL);
    fprintf(stderr, "%s: clBuildProgram: %s\n%s\n", r->name, bench_error_name(err), log ? log : "");
    free(log);
    bench_fail(r, "clBuildProgram: %s", bench_error_name(err));
    clReleaseProgram(p);
    return NULL;
  }
  return p;
}

cl_program bench_program(struct bench *b, struct bench_result *r, const char *file,
                         const char *options) {
  char *owned;
  const char *src = find_source(b, file, &owned);
  if (!src) { bench_fail(r, "kernel source %s not found", file); return NULL; }
  cl_program p = build_once(b, r, src, options, &r->build_first_ms);
  double again[BENCH_MAX_REPS];
  int n = 0;
  for (int i = 1; p && i < b->build_reps && n < BENCH_MAX_REPS; i++) {
    cl_program q = build_once(b, r, src, options, &again[n]);
    if (!q) { clReleaseProgram(p); p = NULL; break; }
    n++;
    clReleaseProgram(q);
  }
  r->build_again_ms = n ? median(again, n) : NAN;
  free(owned);
  return p;
}

cl_kernel bench_kernel(struct bench_result *r, cl_program p, const char *name) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, name, &err);
  if (!k) bench_fail(r, "clCreateKernel(%s): %s", name, bench_error_name(err));
  return k;
}

cl_mem bench_buffer(struct bench *b, struct bench_result *r, cl_mem_flags flags, size_t size,
                    const void *host) {
  cl_int err;
  cl_mem m = clCreateBuffer(b->ctx, flags | (host ? CL_MEM_COPY_HOST_PTR : 0), size,
                            (void *)host, &err);
  if (!m) bench_fail(r, "clCreateBuffer(%zu bytes): %s", size, bench_error_name(err));
  return m;
}

int bench_args(struct bench_result *r, cl_kernel k, ...) {
  va_list ap;
  va_start(ap, k);
  cl_int err = CL_SUCCESS;
  for (cl_uint i = 0; err == CL_SUCCESS; i++) {
    size_t size = va_arg(ap, size_t);
    if (!size) break;
    const void *value = va_arg(ap, const void *);
    err = clSetKernelArg(k, i, size, value);
    if (err != CL_SUCCESS) bench_fail(r, "clSetKernelArg(%u): %s", i, bench_error_name(err));
  }
  va_end(ap);
  return err == CL_SUCCESS;
}

int bench_read(struct bench *b, struct bench_result *r, cl_mem m, size_t size, void *host) {
  cl_int err = clEnqueueReadBuffer(b->queue, m, CL_TRUE, 0, size, host, 0, NULL, NULL);
  if (err != CL_SUCCESS) bench_fail(r, "clEnqueueReadBuffer: %s", bench_error_name(err));
  return err == CL_SUCCESS;
}

uint32_t bench_rand(uint32_t *s) { /* xorshift32: deterministic on every platform */
  uint32_t x = *s ? *s : 0x9e3779b9u;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

void bench_fill_floats(float *v, size_t n, uint32_t seed, float lo, float hi) {
  for (size_t i = 0; i < n; i++) v[i] = lo + (hi - lo) * (bench_rand(&seed) >> 8) / 16777216.0f;
}

long bench_compare_floats(const float *got, const float *want, size_t n, float tol) {
  for (size_t i = 0; i < n; i++) {
    float scale = fabsf(want[i]) > 1.0f ? fabsf(want[i]) : 1.0f;
    if (!(fabsf(got[i] - want[i]) <= tol * scale)) return (long)i;
  }
  return -1;
}

const char *bench_error_name(cl_int err) {
  switch (err) {
#define E(x) case x: return #x;
  E(CL_SUCCESS) E(CL_DEVICE_NOT_FOUND) E(CL_DEVICE_NOT_AVAILABLE) E(CL_COMPILER_NOT_AVAILABLE)
  E(CL_MEM_OBJECT_ALLOCATION_FAILURE) E(CL_OUT_OF_RESOURCES) E(CL_OUT_OF_HOST_MEMORY)
  E(CL_PROFILING_INFO_NOT_AVAILABLE) E(CL_BUILD_PROGRAM_FAILURE) E(CL_MAP_FAILURE)
  E(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST) E(CL_INVALID_VALUE) E(CL_INVALID_DEVICE_TYPE)
  E(CL_INVALID_PLATFORM) E(CL_INVALID_DEVICE) E(CL_INVALID_CONTEXT) E(CL_INVALID_QUEUE_PROPERTIES)
  E(CL_INVALID_COMMAND_QUEUE) E(CL_INVALID_HOST_PTR) E(CL_INVALID_MEM_OBJECT) E(CL_INVALID_BINARY)
  E(CL_INVALID_BUILD_OPTIONS) E(CL_INVALID_PROGRAM) E(CL_INVALID_PROGRAM_EXECUTABLE)
  E(CL_INVALID_KERNEL_NAME) E(CL_INVALID_KERNEL_DEFINITION) E(CL_INVALID_KERNEL)
  E(CL_INVALID_ARG_INDEX) E(CL_INVALID_ARG_VALUE) E(CL_INVALID_ARG_SIZE) E(CL_INVALID_KERNEL_ARGS)
  E(CL_INVALID_WORK_DIMENSION) E(CL_INVALID_WORK_GROUP_SIZE) E(CL_INVALID_WORK_ITEM_SIZE)
  E(CL_INVALID_GLOBAL_OFFSET) E(CL_INVALID_EVENT_WAIT_LIST) E(CL_INVALID_EVENT)
  E(CL_INVALID_OPERATION) E(CL_INVALID_BUFFER_SIZE) E(CL_INVALID_GLOBAL_WORK_SIZE)
#undef E
  default: return "CL_error";
  }
}

cl_int bench_enqueue(struct bench *b, const struct bench_launch *l, cl_event *ev, int *nev) {
  if (*nev >= BENCH_MAX_EVENTS) return CL_OUT_OF_HOST_MEMORY;
  cl_int err = clEnqueueNDRangeKernel(b->queue, l->kernel, l->dim, NULL, l->global,
                                      l->local[0] ? l->local : NULL, 0, NULL, &ev[*nev]);
  if (err == CL_SUCCESS) (*nev)++;
  return err;
}

cl_int bench_step_launch(struct bench *b, void *state, cl_event *ev, int *nev) {
  return bench_enqueue(b, state, ev, nev);
}

void *bench_host(struct bench_objs *o, struct bench_result *r, size_t size) {
  for (size_t i = 0; i < sizeof o->host / sizeof *o->host; i++)
    if (!o->host[i]) {
      if (!(o->host[i] = malloc(size ? size : 1))) bench_fail(r, "out of host memory");
      return o->host[i];
    }
  bench_fail(r, "too many host arrays");
  return NULL;
}

cl_mem bench_buf(struct bench *b, struct bench_objs *o, struct bench_result *r, cl_mem_flags flags,
                 size_t size, const void *host) {
  for (size_t i = 0; i < sizeof o->mem / sizeof *o->mem; i++)
    if (!o->mem[i]) return o->mem[i] = bench_buffer(b, r, flags, size, host);
  bench_fail(r, "too many buffers");
  return NULL;
}

void bench_release(struct bench_objs *o) {
  for (size_t i = 0; i < sizeof o->mem / sizeof *o->mem; i++)
    if (o->mem[i]) clReleaseMemObject(o->mem[i]);
  for (size_t i = 0; i < sizeof o->kern / sizeof *o->kern; i++)
    if (o->kern[i]) clReleaseKernel(o->kern[i]);
  for (size_t i = 0; i < sizeof o->prog / sizeof *o->prog; i++)
    if (o->prog[i]) clReleaseProgram(o->prog[i]);
  for (size_t i = 0; i < sizeof o->host / sizeof *o->host; i++) free(o->host[i]);
}
