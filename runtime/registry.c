/* registry.c - the live-handle set and the quarantine of destroyed objects (see registry.h).
 *
 * An open-addressing hash set keyed by the handle's address, under one mutex: a lookup is a hash
 * and a probe or two, cheap next to any entry point that uses it (clSetKernelArg looks up two
 * handles, clEnqueueNDRangeKernel two plus its wait list; bench/ measures it).  Removed slots
 * become tombstones, swept when the table is rebuilt. */
#include "runtime/registry.h"

#include <pthread.h>
#include <stdlib.h>

#define EMPTY 0
#define TOMBSTONE 1

struct slot {
  uintptr_t key;
  uint32_t type;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot *slots;
static size_t cap, used, live; /* used: live + tombstones */
static void *quarantine[VGPU_QUARANTINE];
static size_t q_next;

static size_t hash(uintptr_t k) {
  uint64_t x = (uint64_t)k >> 4; /* objects are malloc'd: the low bits are always 0 */
  x *= 0x9E3779B97F4A7C15ull;
  return (size_t)(x ^ (x >> 29));
}

/* With the lock held: the slot holding k, or the first free one (empty or tombstone) to use. */
static struct slot *find(uintptr_t k, int for_insert) {
  struct slot *free_slot = NULL;
  for (size_t i = hash(k) & (cap - 1);; i = (i + 1) & (cap - 1)) {
    struct slot *s = &slots[i];
    if (s->key == k) return s;
    if (s->key == TOMBSTONE && !free_slot) free_slot = s;
    if (s->key == EMPTY) return for_insert ? (free_slot ? free_slot : s) : NULL;
  }
}

/* With the lock held: a table twice the live count (at least 64), tombstones dropped. */
static int rebuild(void) {
  size_t ncap = 64;
  while (ncap < 4 * (live + 1)) ncap *= 2;
  struct slot *old = slots, *fresh = calloc(ncap, sizeof *fresh);
  if (!fresh) return -1;
  size_t ocap = cap;
  slots = fresh;
  cap = ncap;
  used = live;
  for (size_t i = 0; i < ocap; i++)
    if (old[i].key > TOMBSTONE) *find(old[i].key, 1) = old[i];
  free(old);
  return 0;
}

void vgpu_registry_add(const void *h, uint32_t type) {
  pthread_mutex_lock(&lock);
  /* Keep at most half the slots in use, so probes stay short and always end. */
  if (2 * (used + 1) > cap && rebuild() != 0) {
    pthread_mutex_unlock(&lock);
    return; /* out of host memory: the object works but its handle will be rejected */
  }
  struct slot *s = find((uintptr_t)h, 1);
  if (s->key != (uintptr_t)h) {
    if (s->key == EMPTY) used++;
    live++;
  }
  s->key = (uintptr_t)h;
  s->type = type;
  pthread_mutex_unlock(&lock);
}

void vgpu_registry_remove(const void *h) {
  pthread_mutex_lock(&lock);
  struct slot *s = cap ? find((uintptr_t)h, 0) : NULL;
  if (s) {
    s->key = TOMBSTONE;
    s->type = 0;
    live--;
  }
  pthread_mutex_unlock(&lock);
}

uint32_t vgpu_registry_type(const void *h) {
  if ((uintptr_t)h <= TOMBSTONE) return 0;
  pthread_mutex_lock(&lock);
  struct slot *s = cap ? find((uintptr_t)h, 0) : NULL;
  uint32_t t = s ? s->type : 0;
  pthread_mutex_unlock(&lock);
  return t;
}

void vgpu_registry_retire(void *h) {
  pthread_mutex_lock(&lock);
  void *oldest = quarantine[q_next];
  quarantine[q_next] = h;
  q_next = (q_next + 1) % VGPU_QUARANTINE;
  pthread_mutex_unlock(&lock);
  free(oldest);
}
