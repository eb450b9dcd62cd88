/* registry.c - the live-handle set and the quarantine of destroyed objects (see registry.h).
 *
 * An open-addressing hash set keyed by the handle's address.  Lookups are on every entry point's
 * path (clSetKernelArg checks two handles, clEnqueueNDRangeKernel two plus its wait list), so
 * they take no lock: writers (create, destroy) hold a mutex and change slots with atomic stores a
 * concurrent probe tolerates (a key is written after its type; a removed key becomes a tombstone,
 * which probes step over, never an empty slot that would end them early).  When the table is
 * rebuilt (to grow, or to drop tombstones) the new one is filled out of sight and then published;
 * a sequence number, odd while a rebuild writes, tells a lookup that overlapped one to look again.
 * Tables are never freed, so a lookup that read an old table pointer still reads mapped memory:
 * each size has two tables, used in turn, and the memory stays bounded by the largest size the
 * program needed (16 bytes a slot, at most half full). */
#include "runtime/registry.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define EMPTY 0
#define TOMBSTONE 1
#define MIN_BITS 6

struct slot {
  _Atomic uintptr_t key;
  _Atomic uint32_t type;
};
struct table {
  size_t cap;   /* a power of two, 2^bits */
  int shift;    /* 64 - bits */
  struct slot slots[];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(struct table *) current;
static atomic_uint seq;                  /* odd while a rebuild fills a table */
static struct table *tables[64][2];      /* per log2(cap): allocated once, never freed */
static size_t used, live;                /* in `current`: used = live + tombstones */
static void *quarantine[VGPU_QUARANTINE];
static size_t q_next;

/* Fibonacci hashing: the product's high bits depend on every bit of the address. */
static size_t hash(const struct table *t, uintptr_t k) {
  return (size_t)(((uint64_t)k * 0x9E3779B97F4A7C15ull) >> t->shift);
}

/* The slot holding k, or NULL (for_insert: the first free slot to use instead). */
static struct slot *probe(struct table *t, uintptr_t k, int for_insert) {
  struct slot *free_slot = NULL;
  for (size_t i = hash(t, k);; i = (i + 1) & (t->cap - 1)) {
    struct slot *s = &t->slots[i];
    uintptr_t key = atomic_load_explicit(&s->key, memory_order_acquire);
    if (key == k) return s;
    if (key == TOMBSTONE && !free_slot) free_slot = s;
    if (key == EMPTY) return for_insert ? (free_slot ? free_slot : s) : NULL;
  }
}

static void put(struct slot *s, uintptr_t k, uint32_t type) {
  atomic_store_explicit(&s->type, type, memory_order_relaxed);
  atomic_store_explicit(&s->key, k, memory_order_release);
}

/* With the lock held: moves the live handles to a table with at most a quarter of it in use. */
static int rebuild(void) {
  struct table *old = atomic_load_explicit(&current, memory_order_relaxed);
  int bits = MIN_BITS;
  while (((size_t)1 << bits) < 4 * (live + 1)) bits++;
  struct table **pair = tables[bits], *t = pair[0] != old ? pair[0] : pair[1];
  if (!t) {
    t = calloc(1, sizeof *t + ((size_t)1 << bits) * sizeof(struct slot));
    if (!t) return -1;
    t->cap = (size_t)1 << bits;
    t->shift = 64 - bits;
    if (!pair[0]) pair[0] = t; else pair[1] = t;
  }
  unsigned s = atomic_load_explicit(&seq, memory_order_relaxed);
  atomic_store_explicit(&seq, s + 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release); /* odd before any slot of t changes */
  for (size_t i = 0; i < t->cap; i++) atomic_store_explicit(&t->slots[i].key, EMPTY, memory_order_relaxed);
  for (size_t i = 0; old && i < old->cap; i++) {
    uintptr_t k = atomic_load_explicit(&old->slots[i].key, memory_order_relaxed);
    if (k > TOMBSTONE) put(probe(t, k, 1), k, atomic_load_explicit(&old->slots[i].type, memory_order_relaxed));
  }
  used = live;
  atomic_store_explicit(&current, t, memory_order_release);
  atomic_store_explicit(&seq, s + 2, memory_order_release);
  return 0;
}

void vgpu_registry_add(const void *h, uint32_t type) {
  pthread_mutex_lock(&lock);
  struct table *t = atomic_load_explicit(&current, memory_order_relaxed);
  /* At most half the slots in use, so probes stay short and always end. */
  if (!t || 2 * (used + 1) > t->cap) {
    if (rebuild() != 0) {
      pthread_mutex_unlock(&lock);
      return; /* out of host memory: the object works but its handle will be rejected */
    }
    t = atomic_load_explicit(&current, memory_order_relaxed);
  }
  struct slot *s = probe(t, (uintptr_t)h, 1);
  uintptr_t was = atomic_load_explicit(&s->key, memory_order_relaxed);
  if (was != (uintptr_t)h) {
    if (was == EMPTY) used++;
    live++;
  }
  put(s, (uintptr_t)h, type);
  pthread_mutex_unlock(&lock);
}

void vgpu_registry_remove(const void *h) {
  pthread_mutex_lock(&lock);
  struct table *t = atomic_load_explicit(&current, memory_order_relaxed);
  struct slot *s = t && (uintptr_t)h > TOMBSTONE ? probe(t, (uintptr_t)h, 0) : NULL;
  if (s) {
    atomic_store_explicit(&s->key, TOMBSTONE, memory_order_release);
    live--;
  }
  pthread_mutex_unlock(&lock);
}

uint32_t vgpu_registry_type(const void *h) {
  uintptr_t k = (uintptr_t)h;
  if (k <= TOMBSTONE) return 0;
  for (;;) {
    unsigned s1 = atomic_load_explicit(&seq, memory_order_acquire);
    if (s1 & 1) { /* a rebuild is writing: wait for it */
      pthread_mutex_lock(&lock);
      pthread_mutex_unlock(&lock);
      continue;
    }
    struct table *t = atomic_load_explicit(&current, memory_order_acquire);
    uint32_t type = 0;
    if (t) { /* probe(t, k, 0), written out: this is the hot path */
      size_t mask = t->cap - 1;
      for (size_t i = hash(t, k);; i = (i + 1) & mask) {
        uintptr_t key = atomic_load_explicit(&t->slots[i].key, memory_order_acquire);
        if (key == k) {
          type = atomic_load_explicit(&t->slots[i].type, memory_order_relaxed);
          break;
        }
        if (key == EMPTY) break;
      }
    }
    atomic_thread_fence(memory_order_acquire);
    if (atomic_load_explicit(&seq, memory_order_relaxed) == s1) return type;
  }
}

void vgpu_registry_retire(void *h) {
  pthread_mutex_lock(&lock);
  void *oldest = quarantine[q_next];
  quarantine[q_next] = h;
  q_next = (q_next + 1) % VGPU_QUARANTINE;
  pthread_mutex_unlock(&lock);
  free(oldest);
}
