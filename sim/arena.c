/* arena.c - a device's global memory (see arena.h): a sparse memfd mapped shared, and an allocator
 * over it with size-class free lists (each allocation and free costs the same whether 10 or 100 000
 * buffers are live) whose free ranges are handed back to the kernel by hole punching, so that the
 * resident size of the arena follows what the application has allocated (a 1 GiB device costs
 * nothing until it is used). */
#include "sim/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* CL_DEVICE_MEM_BASE_ADDR_ALIGN is 1024 bits: every allocation starts on a 128-byte boundary and
 * spans a multiple of 128 bytes, so every block boundary stays aligned. */
#define ARENA_GRAIN 128u
#define ARENA_BINS 48        /* size classes: bin k holds free blocks of [2^k, 2^(k+1)) grains */
#define ARENA_SCAN 32        /* blocks looked at per bin before moving to a larger class */

/* Every block, used or free, is on the address-ordered list (neighbours for coalescing in O(1));
 * a free block is also on its size class's list, a used one in the hash table by offset (what
 * vgpu_arena_free is given).  So allocating and freeing cost O(1) in the number of live blocks, not
 * a walk of all of them (a first-fit list made 40 000 buffers take seconds, and every launch, which
 * allocates its record, pay for each live buffer). */
struct vgpu_arena_block {
  uint64_t off, size; /* size: a multiple of ARENA_GRAIN */
  uint64_t asked;     /* bytes the caller asked for (bounds of a live allocation) */
  int used;
  int dirty;          /* free, and may still hold resident pages (not punched yet) */
  struct vgpu_arena_block *prev, *next;   /* address order */
  struct vgpu_arena_block *fprev, *fnext; /* free: its size class; used: fnext chains the hash bucket */
};

struct vgpu_arena_index {
  struct vgpu_arena_block *bins[ARENA_BINS];
  struct vgpu_arena_block **hash; /* used blocks by offset */
  uint64_t hash_cap, nused;       /* buckets (a power of two), used blocks */
};

static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
static uint64_t round_down(uint64_t v, uint64_t a) { return v / a * a; }

static unsigned bin_of(uint64_t size) {
  uint64_t grains = size / ARENA_GRAIN;
  unsigned k = grains ? 63u - (unsigned)__builtin_clzll(grains) : 0;
  return k < ARENA_BINS ? k : ARENA_BINS - 1;
}

static void bin_insert(struct vgpu_arena_index *x, struct vgpu_arena_block *b) {
  struct vgpu_arena_block **head = &x->bins[bin_of(b->size)];
  b->fprev = NULL;
  b->fnext = *head;
  if (*head) (*head)->fprev = b;
  *head = b; /* most recently freed first: a buffer made and released again reuses the same range */
}

static void bin_remove(struct vgpu_arena_index *x, struct vgpu_arena_block *b) {
  if (b->fprev) b->fprev->fnext = b->fnext;
  else x->bins[bin_of(b->size)] = b->fnext;
  if (b->fnext) b->fnext->fprev = b->fprev;
  b->fprev = b->fnext = NULL;
}

static uint64_t hash_slot(const struct vgpu_arena_index *x, uint64_t off) {
  return ((off / ARENA_GRAIN) * 0x9e3779b97f4a7c15ull >> 20) & (x->hash_cap - 1);
}

static int hash_insert(struct vgpu_arena_index *x, struct vgpu_arena_block *b) {
  if (x->nused + 1 > x->hash_cap) { /* grow: load factor at most 1 */
    uint64_t cap = x->hash_cap ? 2 * x->hash_cap : 1024;
    struct vgpu_arena_block **h = calloc(cap, sizeof *h);
    if (!h) return -1;
    struct vgpu_arena_block **old = x->hash;
    uint64_t old_cap = x->hash_cap;
    x->hash = h;
    x->hash_cap = cap;
    for (uint64_t i = 0; i < old_cap; i++)
      for (struct vgpu_arena_block *e = old[i], *n; e; e = n) {
        n = e->fnext;
        uint64_t s = hash_slot(x, e->off);
        e->fnext = h[s];
        h[s] = e;
      }
    free(old);
  }
  uint64_t s = hash_slot(x, b->off);
  b->fnext = x->hash[s];
  x->hash[s] = b;
  x->nused++;
  return 0;
}

/* Removes and returns the used block at off (NULL: none). */
static struct vgpu_arena_block *hash_take(struct vgpu_arena_index *x, uint64_t off) {
  if (!x->hash_cap) return NULL;
  for (struct vgpu_arena_block **p = &x->hash[hash_slot(x, off)]; *p; p = &(*p)->fnext)
    if ((*p)->off == off) {
      struct vgpu_arena_block *b = *p;
      *p = b->fnext;
      b->fnext = NULL;
      x->nused--;
      return b;
    }
  return NULL;
}

static int arena_map(struct vgpu_arena *a, int fd, uint64_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
  if (p == MAP_FAILED) return -1;
  a->fd = fd;
  a->base = p;
  a->size = size;
  a->blocks = NULL;
  a->used = 0;
  return 0;
}

int vgpu_arena_create(struct vgpu_arena *a, uint64_t size, const char *name) {
  memset(a, 0, sizeof *a);
  a->fd = -1;
  size = round_up(size, ARENA_GRAIN);
  if (size <= VGPU_ARENA_RESERVED) return -1;
  /* No MFD_CLOEXEC: the SM worker processes inherit the descriptor (arena.h). */
  int fd = memfd_create(name ? name : "vgpu-arena", 0);
  if (fd < 0) return -1;
  pthread_mutex_init(&a->lock, NULL);
  if (ftruncate(fd, (off_t)size) != 0 || arena_map(a, fd, size) != 0) {
    close(fd);
    pthread_mutex_destroy(&a->lock);
    a->fd = -1;
    return -1;
  }
  struct vgpu_arena_block *all = calloc(1, sizeof *all);
  a->index = calloc(1, sizeof *a->index);
  if (!all || !a->index) {
    free(all);
    vgpu_arena_destroy(a);
    return -1;
  }
  /* The reserved page is never on the list: offset 0 stays an invalid device pointer. */
  all->off = VGPU_ARENA_RESERVED;
  all->size = size - VGPU_ARENA_RESERVED;
  a->blocks = all;
  bin_insert(a->index, all);
  return 0;
}

int vgpu_arena_attach(struct vgpu_arena *a, int fd, uint64_t size) {
  memset(a, 0, sizeof *a);
  a->fd = -1;
  if (arena_map(a, fd, size) != 0) return -1;
  pthread_mutex_init(&a->lock, NULL);
  return 0;
}

void vgpu_arena_destroy(struct vgpu_arena *a) {
  if (a->base) munmap(a->base, a->size);
  if (a->fd >= 0) close(a->fd);
  for (struct vgpu_arena_block *b = a->blocks, *n; b; b = n) {
    n = b->next;
    free(b);
  }
  if (a->index) free(a->index->hash);
  free(a->index);
  if (a->base) pthread_mutex_destroy(&a->lock);
  memset(a, 0, sizeof *a);
  a->fd = -1;
}

/* Splits free block b (off its size class list) so that a new block starts at offset `at`; b keeps
 * the front part.  Neither part is put on a size class list here. */
static struct vgpu_arena_block *split(struct vgpu_arena_block *b, uint64_t at) {
  struct vgpu_arena_block *n = calloc(1, sizeof *n);
  if (!n) return NULL;
  n->off = at;
  n->size = b->off + b->size - at;
  n->dirty = b->dirty;
  n->prev = b;
  n->next = b->next;
  if (b->next) b->next->prev = n;
  b->size = at - b->off;
  b->next = n;
  return n;
}

static int fits(const struct vgpu_arena_block *b, uint64_t size, uint64_t align) {
  uint64_t start = round_up(b->off, align);
  return start >= b->off && start - b->off + size <= b->size;
}

/* A free block that can hold size bytes at align: the first of the looked-at blocks of the
 * smallest class that may hold it, then of each larger class; `all` looks at every block (only
 * when the quick look found nothing: an almost full or fragmented arena). */
static struct vgpu_arena_block *find_free(struct vgpu_arena_index *x, uint64_t size, uint64_t align, int all) {
  for (unsigned k = bin_of(size); k < ARENA_BINS; k++) {
    unsigned looked = 0;
    for (struct vgpu_arena_block *b = x->bins[k]; b && (all || looked < ARENA_SCAN); b = b->fnext, looked++)
      if (fits(b, size, align)) return b;
  }
  return NULL;
}

int vgpu_arena_alloc(struct vgpu_arena *a, uint64_t size, uint64_t align, uint64_t *offset) {
  if (size == 0 || size > a->size || !a->index) return -1; /* an attached arena (an SM) never allocates */
  if (align & (align - 1)) return -1;
  if (align < ARENA_GRAIN) align = ARENA_GRAIN;
  uint64_t asked = size;
  size = round_up(size, ARENA_GRAIN);
  int rc = -1;
  pthread_mutex_lock(&a->lock);
  struct vgpu_arena_index *x = a->index;
  struct vgpu_arena_block *b = find_free(x, size, align, 0);
  if (!b) b = find_free(x, size, align, 1);
  if (b) {
    bin_remove(x, b);
    uint64_t start = round_up(b->off, align);
    if (start > b->off) { /* leave the unaligned front free */
      struct vgpu_arena_block *n = split(b, start);
      bin_insert(x, b);
      b = n;
    }
    if (b && b->size > size) {
      struct vgpu_arena_block *rest = split(b, b->off + size);
      if (rest) bin_insert(x, rest);
      else { bin_insert(x, b); b = NULL; }
    }
    if (b && hash_insert(x, b) == 0) {
      b->used = 1;
      b->dirty = 0;
      b->asked = asked;
      a->used += b->size;
      *offset = b->off;
      rc = 0;
    } else if (b) {
      bin_insert(x, b); /* out of host memory: give it back (vgpu_arena_free coalesces later) */
    }
  }
  pthread_mutex_unlock(&a->lock);
  return rc;
}

/* Frees below this size are punched in sweeps, once ARENA_PUNCH_SWEEP bytes of them add up. */
#define ARENA_PUNCH_NOW (256u << 10)
#define ARENA_PUNCH_SWEEP (8u << 20)

/* Punches the whole pages of [lo, hi) that lie inside free block f (a page shared with a live
 * neighbour still holds that neighbour's data). */
static void punch(struct vgpu_arena *a, const struct vgpu_arena_block *f, uint64_t lo, uint64_t hi, uint64_t page) {
  lo = round_down(lo, page);
  hi = round_up(hi, page);
  if (lo < f->off) lo = round_up(f->off, page);
  if (hi > f->off + f->size) hi = round_down(f->off + f->size, page);
  if (hi > lo) fallocate(a->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)lo, (off_t)(hi - lo));
}

void vgpu_arena_free(struct vgpu_arena *a, uint64_t offset) {
  pthread_mutex_lock(&a->lock);
  struct vgpu_arena_index *x = a->index;
  struct vgpu_arena_block *b = x ? hash_take(x, offset) : NULL;
  if (!b) { /* not a live allocation (double free): ignored */
    pthread_mutex_unlock(&a->lock);
    return;
  }
  b->used = 0;
  a->used -= b->size;
  uint64_t freed_lo = b->off, freed_hi = b->off + b->size;
  /* Coalesce with the free neighbours so a later large allocation finds one range. */
  struct vgpu_arena_block *n = b->next, *prev = b->prev;
  if (n && !n->used) {
    bin_remove(x, n);
    b->size += n->size;
    b->dirty |= n->dirty;
    b->next = n->next;
    if (n->next) n->next->prev = b;
    free(n);
  }
  if (prev && !prev->used) {
    bin_remove(x, prev);
    prev->size += b->size;
    prev->dirty |= b->dirty;
    prev->next = b->next;
    if (b->next) b->next->prev = prev;
    free(b);
    b = prev;
  }
  /* Give the freed pages back to the kernel so resident memory follows use.  Punching a hole
   * unmaps the pages from the host and every SM process (TLB shootdowns) and the next use faults
   * them in again, so a small free (a launch record, every launch) is only remembered; once
   * enough small frees add up, one sweep punches every such free range. */
  uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
  if (freed_hi - freed_lo >= ARENA_PUNCH_NOW) {
    punch(a, b, freed_lo, freed_hi, page);
  } else {
    b->dirty = 1;
    a->unpunched += freed_hi - freed_lo;
    if (a->unpunched >= ARENA_PUNCH_SWEEP) {
      for (unsigned k = 0; k < ARENA_BINS; k++)
        for (struct vgpu_arena_block *f = x->bins[k]; f; f = f->fnext)
          if (f->dirty && f != b) {
            punch(a, f, f->off, f->off + f->size, page);
            f->dirty = 0;
          }
      punch(a, b, b->off, b->off + b->size, page);
      b->dirty = 0;
      a->unpunched = 0;
    }
  }
  bin_insert(x, b);
  pthread_mutex_unlock(&a->lock);
}

uint64_t vgpu_arena_used(struct vgpu_arena *a) {
  pthread_mutex_lock(&a->lock);
  uint64_t u = a->used;
  pthread_mutex_unlock(&a->lock);
  return u;
}

/* A walk of the address list: for diagnostics and tests, on no hot path. */
int vgpu_arena_lookup(struct vgpu_arena *a, uint64_t offset, uint64_t len, uint64_t *start, uint64_t *size) {
  int rc = -1;
  pthread_mutex_lock(&a->lock);
  for (struct vgpu_arena_block *b = a->blocks; b && b->off <= offset; b = b->next) {
    if (b->used && offset < b->off + b->asked && len <= b->off + b->asked - offset) {
      if (start) *start = b->off;
      if (size) *size = b->asked;
      rc = 0;
      break;
    }
  }
  pthread_mutex_unlock(&a->lock);
  return rc;
}
