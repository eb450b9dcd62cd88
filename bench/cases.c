/* cases.c - the benchmark cases in the order they run (names are what --kernels takes). */
#include "bench.h"

int bench_run_empty(struct bench *b, struct bench_result *r);
int bench_run_vadd(struct bench *b, struct bench_result *r);
int bench_run_saxpy(struct bench *b, struct bench_result *r);
int bench_run_sgemm_naive(struct bench *b, struct bench_result *r);
int bench_run_sgemm_tiled(struct bench *b, struct bench_result *r);
int bench_run_conv2d(struct bench *b, struct bench_result *r);
int bench_run_reduce(struct bench *b, struct bench_result *r);
int bench_run_histogram(struct bench *b, struct bench_result *r);
int bench_run_mandelbrot(struct bench *b, struct bench_result *r);
int bench_run_scan(struct bench *b, struct bench_result *r);
int bench_run_hash(struct bench *b, struct bench_result *r);
int bench_run_bitonic(struct bench *b, struct bench_result *r);

const struct bench_case bench_cases[] = {
  { "empty", bench_run_empty },           /* launch overhead */
  { "vadd", bench_run_vadd },
  { "saxpy", bench_run_saxpy },
  { "sgemm_naive", bench_run_sgemm_naive },
  { "sgemm_tiled", bench_run_sgemm_tiled },
  { "conv2d", bench_run_conv2d },
  { "reduce", bench_run_reduce },
  { "histogram", bench_run_histogram },
  { "mandelbrot", bench_run_mandelbrot },
  { "scan", bench_run_scan },
  { "hash", bench_run_hash },
  { "bitonic", bench_run_bitonic },       /* many small launches */
};
const size_t bench_ncases = sizeof bench_cases / sizeof *bench_cases;
