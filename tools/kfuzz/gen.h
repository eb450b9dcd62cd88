/* gen.h - kfuzz's random OpenCL C kernel generator (gen_*.c).  One seed gives one kernel
 *   __kernel void k(__global ulong *out, __global const ulong *in, __global int *gatom)
 * whose first line, "// kfuzz wg=W groups=G nout=N", tells the runner (kfuzz.c) how to launch it:
 * G work-groups of W work-items, each reading in[gid*KF_NIN ...] and writing N ulongs of out.
 * The kernel is free of undefined behaviour, so any two correct platforms agree bit for bit. */
#ifndef KFUZZ_GEN_H
#define KFUZZ_GEN_H
#include <stddef.h>
#include <stdint.h>

#define KF_NIN 16    /* ulong inputs per work-item */
#define KF_NATOM 8   /* global atomic counters (ints) */

typedef struct { char *s; size_t len, cap; } kf_buf;
void kf_add(kf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes the kernel for seed into *src (malloc'ed, NUL-terminated). */
void kf_generate(uint64_t seed, char **src);

/* xorshift64* seeded through splitmix64: the same seed gives the same numbers everywhere. */
typedef struct { uint64_t s; } kf_rng;
void kf_seed(kf_rng *r, uint64_t seed);
uint64_t kf_next(kf_rng *r);
#endif
