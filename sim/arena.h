/* arena.h - a device's global memory: one memfd shared by the host runtime and the device's SM
 * processes.  A device address is a byte offset in the arena, identical in every process.  The
 * memfd is sparse: pages become resident when touched and are given back (hole punching) when
 * freed, so resident memory follows what is in use, not the configured size.
 * Offsets below VGPU_ARENA_RESERVED are never allocated, so a NULL device pointer always faults.
 * The allocator's bookkeeping lives only in the host process (the SMs never allocate). */
#ifndef VGPU_ARENA_H
#define VGPU_ARENA_H
#include <pthread.h>
#include <stdint.h>

#define VGPU_ARENA_RESERVED 4096u

struct vgpu_arena_block; /* allocator bookkeeping (arena.c) */
struct vgpu_arena_index;

struct vgpu_arena {
  int fd;           /* the memfd; inherited by SM processes */
  uint8_t *base;    /* this process's mapping */
  uint64_t size;    /* bytes */
  /* host-only allocator state */
  pthread_mutex_t lock;
  struct vgpu_arena_block *blocks; /* sorted by offset */
  struct vgpu_arena_index *index;  /* free blocks by size class, used blocks by offset */
  uint64_t used;
  uint64_t unpunched;              /* bytes freed in small pieces since the last sweep (arena.c) */
};

/* Host side: creates the memfd of `size` bytes (named for /proc/<pid>/maps) and maps it. */
int vgpu_arena_create(struct vgpu_arena *a, uint64_t size, const char *name);
void vgpu_arena_destroy(struct vgpu_arena *a);
/* Thread-safe.  Returns 0 and the offset, or -1 when no free range of `size` bytes exists. */
int vgpu_arena_alloc(struct vgpu_arena *a, uint64_t size, uint64_t align, uint64_t *offset);
void vgpu_arena_free(struct vgpu_arena *a, uint64_t offset);
uint64_t vgpu_arena_used(struct vgpu_arena *a);
/* Finds the live allocation containing [offset, offset+len): 0 and its start/size, else -1. */
int vgpu_arena_lookup(struct vgpu_arena *a, uint64_t offset, uint64_t len, uint64_t *start, uint64_t *size);

/* SM side: maps an inherited arena fd. */
int vgpu_arena_attach(struct vgpu_arena *a, int fd, uint64_t size);

static inline void *vgpu_arena_ptr(const struct vgpu_arena *a, uint64_t offset) { return a->base + offset; }
#endif
