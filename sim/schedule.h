/* schedule.h - seeded orders for VGPU_SCHEDULE=random:SEED (schedule.c, used by workgroup.c). */
#ifndef VGPU_SIM_SCHEDULE_H
#define VGPU_SIM_SCHEDULE_H
#include <stdint.h>

/* The position of i in a permutation of [0, n) chosen by key (a bijection: every i < n maps to a
 * distinct value < n). */
uint64_t vgpu_schedule_permute(uint64_t i, uint64_t n, uint64_t key);
/* A key derived from the seed and two numbers (a group, a barrier interval ...). */
uint64_t vgpu_schedule_key(uint64_t seed, uint64_t a, uint64_t b);
#endif
