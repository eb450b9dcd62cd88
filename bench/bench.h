/* bench.h - what the benchmark cases share: the OpenCL objects of the chosen platform, the
 * options, and the timing harness (warm-up, then the median of timed repetitions).
 *
 * A case (cases_*.c) builds its program, creates its buffers, gives the harness one "step" (the
 * enqueues that are timed, e.g. the three launches of a scan) and an optional "reset" (untimed,
 * e.g. zeroing a histogram), then reads the result back and checks it against a CPU reference. */
#ifndef VGPU_BENCH_H
#define VGPU_BENCH_H
#include <CL/cl.h>
#include <stddef.h>
#include <stdint.h>

enum bench_size { BENCH_TINY, BENCH_SMALL, BENCH_MEDIUM };

struct bench {
  cl_platform_id platform;
  cl_device_id device;
  cl_context ctx;
  cl_command_queue queue;          /* in order, profiling enabled */
  char platform_name[128], device_name[128];
  enum bench_size size;
  int reps, warmup, build_reps;
  const char *kernel_dir;          /* NULL: the sources embedded at build time */
};

#define BENCH_MAX_REPS 101
#define BENCH_MAX_EVENTS 256 /* launches of one step (bitonic: 136 at the medium size) */

struct bench_result {
  const char *name;
  char detail[96];                 /* the problem size, e.g. "n=65536" */
  double work;                     /* work-items of one step, for per-item figures */
  int compute_bound;               /* used by the SM scaling row */
  int ran, valid;
  char error[256];                 /* why it did not run or did not validate */
  int nreps;
  double wall_ms[BENCH_MAX_REPS];  /* enqueue to clFinish, host clock */
  double device_ms[BENCH_MAX_REPS];/* sum of the step's events, END - START (profiling) */
  double wall_median, device_median;
  double build_first_ms, build_again_ms; /* clBuildProgram: first in this process, then median */
};

/* One timed step: enqueue everything, recording each launch's event in ev[*nev] (no waiting). */
typedef cl_int (*bench_step_fn)(struct bench *b, void *state, cl_event *ev, int *nev);
/* Untimed preparation before every repetition (may be NULL). */
typedef cl_int (*bench_reset_fn)(struct bench *b, void *state);

/* One NDRange launch; local[0] == 0 lets the implementation choose the work-group size. */
struct bench_launch { cl_kernel kernel; cl_uint dim; size_t global[3], local[3]; };
/* Enqueues l, appending its event to ev[*nev]. */
cl_int bench_enqueue(struct bench *b, const struct bench_launch *l, cl_event *ev, int *nev);
/* A step made of the one launch `state` (a struct bench_launch *) points to. */
cl_int bench_step_launch(struct bench *b, void *state, cl_event *ev, int *nev);

/* Runs warm-up + timed repetitions; fills r->wall_ms, device_ms and the medians.  Returns the
 * first OpenCL error (also written to r->error). */
cl_int bench_time(struct bench *b, struct bench_result *r, bench_step_fn step,
                  bench_reset_fn reset, void *state);

/* Builds the program of kernels/<file> (timing clBuildProgram build_reps times on fresh program
 * objects into r); NULL with r->error set (and the build log printed) on failure. */
cl_program bench_program(struct bench *b, struct bench_result *r, const char *file,
                         const char *options);
cl_kernel bench_kernel(struct bench_result *r, cl_program p, const char *name);
/* A buffer initialised from host (may be NULL); NULL with r->error set on failure. */
cl_mem bench_buffer(struct bench *b, struct bench_result *r, cl_mem_flags flags, size_t size,
                    const void *host);
/* Sets the kernel arguments in order: pairs of (size_t size, pointer) ending with (size_t)0.
 * Returns 1, or 0 with r->error set; so does bench_read (blocking read of a whole buffer). */
int bench_args(struct bench_result *r, cl_kernel k, ...);
int bench_read(struct bench *b, struct bench_result *r, cl_mem m, size_t size, void *host);

/* What a case allocated, released in one call at its end (NULL entries are skipped). */
struct bench_objs { cl_program prog[2]; cl_kernel kern[4]; cl_mem mem[8]; void *host[8]; };
void *bench_host(struct bench_objs *o, struct bench_result *r, size_t size); /* malloc, tracked */
cl_mem bench_buf(struct bench *b, struct bench_objs *o, struct bench_result *r, cl_mem_flags flags,
                 size_t size, const void *host);                          /* bench_buffer, tracked */
void bench_release(struct bench_objs *o);

/* Records a failure (printf-style) in r->error; returns 0 for use as `return bench_fail(...)`. */
int bench_fail(struct bench_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Fills n floats with deterministic pseudo-random values in [lo, hi). */
void bench_fill_floats(float *v, size_t n, uint32_t seed, float lo, float hi);
uint32_t bench_rand(uint32_t *state);
/* First index where |got - want| > tol * max(1, |want|), or -1. */
long bench_compare_floats(const float *got, const float *want, size_t n, float tol);
/* Picks a value by size: tiny (the CTest), small (default; Oclgrind finishes), medium. */
static inline size_t bench_pick(const struct bench *b, size_t tiny, size_t small, size_t medium) {
  return b->size == BENCH_TINY ? tiny : b->size == BENCH_SMALL ? small : medium;
}
const char *bench_error_name(cl_int err);
double bench_now_ms(void);

/* The benchmark cases, in the order they run (cases_*.c). */
struct bench_case {
  const char *name;
  int (*run)(struct bench *b, struct bench_result *r); /* 1: ran and validated */
};
extern const struct bench_case bench_cases[];
extern const size_t bench_ncases;

/* Kernel sources embedded by bench/CMakeLists.txt (bench_sources.c, generated). */
struct bench_source { const char *file; const char *text; };
extern const struct bench_source bench_sources[];
extern const size_t bench_nsources;
#endif
