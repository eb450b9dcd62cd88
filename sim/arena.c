/* arena.c - a device's global memory (see arena.h): a sparse memfd mapped shared, and a first-fit
 * allocator over it whose free ranges are handed back to the kernel by hole punching, so that the
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
 * spans a multiple of 128 bytes, so every block boundary in the list stays aligned. */
#define ARENA_GRAIN 128u

struct vgpu_arena_block {
  uint64_t off, size; /* size: a multiple of ARENA_GRAIN */
  uint64_t asked;     /* bytes the caller asked for (bounds of a live allocation) */
  int used;
  int dirty;          /* free, and may still hold resident pages (not punched yet) */
  struct vgpu_arena_block *next;
};

static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
static uint64_t round_down(uint64_t v, uint64_t a) { return v / a * a; }

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
  if (!all) {
    vgpu_arena_destroy(a);
    return -1;
  }
  /* The reserved page is never on the list: offset 0 stays an invalid device pointer. */
  all->off = VGPU_ARENA_RESERVED;
  all->size = size - VGPU_ARENA_RESERVED;
  a->blocks = all;
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
  if (a->base) pthread_mutex_destroy(&a->lock);
  memset(a, 0, sizeof *a);
  a->fd = -1;
}

/* Splits b so that a new block starts at offset `at` (b keeps the front part). */
static struct vgpu_arena_block *split(struct vgpu_arena_block *b, uint64_t at) {
  struct vgpu_arena_block *n = calloc(1, sizeof *n);
  if (!n) return NULL;
  n->off = at;
  n->size = b->off + b->size - at;
  n->used = b->used;
  n->dirty = b->dirty;
  n->next = b->next;
  b->size = at - b->off;
  b->next = n;
  return n;
}

int vgpu_arena_alloc(struct vgpu_arena *a, uint64_t size, uint64_t align, uint64_t *offset) {
  if (size == 0 || size > a->size) return -1;
  if (align & (align - 1)) return -1;
  if (align < ARENA_GRAIN) align = ARENA_GRAIN;
  uint64_t asked = size;
  size = round_up(size, ARENA_GRAIN);
  int rc = -1;
  pthread_mutex_lock(&a->lock);
  for (struct vgpu_arena_block *b = a->blocks; b; b = b->next) {
    if (b->used) continue;
    uint64_t start = round_up(b->off, align);
    if (start < b->off || start - b->off + size > b->size) continue;
    if (start > b->off) { /* leave the unaligned front free */
      struct vgpu_arena_block *n = split(b, start);
      if (!n) break;
      b = n;
    }
    if (b->size > size && !split(b, b->off + size)) break;
    b->used = 1;
    b->asked = asked;
    a->used += b->size;
    *offset = b->off;
    rc = 0;
    break;
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
  struct vgpu_arena_block *prev = NULL, *b = a->blocks;
  while (b && b->off != offset) {
    prev = b;
    b = b->next;
  }
  if (!b || !b->used) {
    pthread_mutex_unlock(&a->lock);
    return;
  }
  b->used = 0;
  a->used -= b->size;
  uint64_t freed_lo = b->off, freed_hi = b->off + b->size;
  /* Coalesce with the free neighbours so a later large allocation finds one range. */
  struct vgpu_arena_block *n = b->next;
  if (n && !n->used) {
    b->size += n->size;
    b->dirty |= n->dirty;
    b->next = n->next;
    free(n);
  }
  if (prev && !prev->used) {
    prev->size += b->size;
    prev->dirty |= b->dirty;
    prev->next = b->next;
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
      for (struct vgpu_arena_block *f = a->blocks; f; f = f->next)
        if (!f->used && f->dirty) {
          punch(a, f, f->off, f->off + f->size, page);
          f->dirty = 0;
        }
      a->unpunched = 0;
    }
  }
  pthread_mutex_unlock(&a->lock);
}

uint64_t vgpu_arena_used(struct vgpu_arena *a) {
  pthread_mutex_lock(&a->lock);
  uint64_t u = a->used;
  pthread_mutex_unlock(&a->lock);
  return u;
}

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
