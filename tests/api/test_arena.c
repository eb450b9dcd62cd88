/* test_arena - the device memory allocator (sim/arena.c) on its own: alignment, the reserved
 * page, reuse of a freed range, coalescing, exhaustion, lookup, threads, and resident memory that grows
 * with use and shrinks when ranges are freed (hole punching).  The arena is compiled into this
 * program directly: it is host-side C with no OpenCL dependency. */
#include "sim/arena.c"

#include <pthread.h>
#include <sys/stat.h>
#include "testlib.h"

#define MiB (1024ull * 1024)

/* Bytes of the memfd that hold pages (the kernel's count, independent of the allocator). */
static uint64_t file_bytes(struct vgpu_arena *a) {
  struct stat st;
  return fstat(a->fd, &st) == 0 ? (uint64_t)st.st_blocks * 512 : 0;
}

/* Pages of [p, p+len) resident in this process's view (mincore). */
static uint64_t resident(void *p, uint64_t len) {
  long page = sysconf(_SC_PAGESIZE);
  size_t n = (len + page - 1) / page;
  unsigned char *v = malloc(n);
  uint64_t r = 0;
  if (v && mincore(p, len, v) == 0)
    for (size_t i = 0; i < n; i++) r += v[i] & 1;
  free(v);
  return r * (uint64_t)page;
}

static struct vgpu_arena *shared_arena;
static void *thread_allocs(void *arg) {
  uint64_t seed = (uintptr_t)arg, offs[64];
  int bad = 0;
  for (int round = 0; round < 200; round++) {
    for (int i = 0; i < 64; i++) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      uint64_t sz = 1 + (seed >> 33) % 5000;
      if (vgpu_arena_alloc(shared_arena, sz, 128, &offs[i]) != 0) { bad++; offs[i] = 0; continue; }
      /* Stamp the range: an overlapping allocation of another thread would change it. */
      memset(vgpu_arena_ptr(shared_arena, offs[i]), (int)(uintptr_t)arg, sz);
      uint8_t *q = vgpu_arena_ptr(shared_arena, offs[i]);
      if (q[0] != (uint8_t)(uintptr_t)arg || q[sz - 1] != (uint8_t)(uintptr_t)arg) bad++;
    }
    for (int i = 0; i < 64; i++) if (offs[i]) vgpu_arena_free(shared_arena, offs[i]);
  }
  return (void *)(intptr_t)bad;
}

int main(void) {
  struct vgpu_arena a;
  const uint64_t size = 64 * MiB;
  if (vgpu_arena_create(&a, size, "vgpu-test-arena") != 0) {
    fprintf(stderr, "memfd arena unavailable: skipped\n");
    return 77;
  }
  CHECK(a.size == size);
  CHECK(vgpu_arena_used(&a) == 0);

  /* Alignment and the reserved page. */
  uint64_t o1, o2, o3, o4;
  CHECK(vgpu_arena_alloc(&a, 1, 1, &o1) == 0);
  CHECK(o1 >= VGPU_ARENA_RESERVED && o1 % 128 == 0);
  CHECK(vgpu_arena_alloc(&a, 100, 128, &o2) == 0);
  CHECK(o2 % 128 == 0 && o2 >= o1 + 1);
  CHECK(vgpu_arena_alloc(&a, 4096, 65536, &o3) == 0);
  CHECK(o3 % 65536 == 0);
  CHECK(vgpu_arena_alloc(&a, 0, 128, &o4) == -1);
  CHECK(vgpu_arena_alloc(&a, 10, 100, &o4) == -1); /* not a power of two */
  CHECK(vgpu_arena_used(&a) == 128 + 128 + 4096);

  /* Lookup: inside, straddling the end, freed. */
  uint64_t st = 0, sz = 0;
  CHECK(vgpu_arena_lookup(&a, o2 + 10, 90, &st, &sz) == 0 && st == o2 && sz == 100);
  CHECK(vgpu_arena_lookup(&a, o2 + 10, 91, &st, &sz) == -1);
  CHECK(vgpu_arena_lookup(&a, 0, 1, &st, &sz) == -1);
  CHECK(vgpu_arena_lookup(&a, o3 + 4095, 1, &st, &sz) == 0 && st == o3);

  /* A freed range is reused; freeing neighbours coalesces them. */
  vgpu_arena_free(&a, o2);
  CHECK(vgpu_arena_lookup(&a, o2, 1, NULL, NULL) == -1);
  uint64_t o5;
  CHECK(vgpu_arena_alloc(&a, 64, 128, &o5) == 0 && o5 == o2);
  vgpu_arena_free(&a, o5);
  vgpu_arena_free(&a, o1);
  vgpu_arena_free(&a, o3);
  vgpu_arena_free(&a, o3); /* double free is ignored */
  CHECK(vgpu_arena_used(&a) == 0);
  /* After coalescing, the whole arena minus the reserved page is one free range. */
  uint64_t all;
  CHECK(vgpu_arena_alloc(&a, size - VGPU_ARENA_RESERVED, 128, &all) == 0 && all == VGPU_ARENA_RESERVED);
  CHECK(vgpu_arena_alloc(&a, 1, 128, &o4) == -1); /* exhausted */
  vgpu_arena_free(&a, all);

  /* Exhaustion with fragmentation: 8 MiB holes cannot hold 9 MiB. */
  uint64_t blk[7];
  int n = 0;
  while (n < 7 && vgpu_arena_alloc(&a, 8 * MiB, 128, &blk[n]) == 0) n++;
  CHECK(n == 7);
  for (int i = 0; i < 7; i += 2) vgpu_arena_free(&a, blk[i]);
  uint64_t big;
  uint64_t left = size - VGPU_ARENA_RESERVED - 7 * 8 * MiB; /* the tail after the blocks */
  CHECK(vgpu_arena_alloc(&a, 8 * MiB + left + 1, 128, &big) == -1);
  CHECK(vgpu_arena_alloc(&a, 8 * MiB, 128, &big) == 0 && (big == blk[0] || big == blk[2] || big == blk[4] || big == blk[6]));
  vgpu_arena_free(&a, big);
  for (int i = 1; i < 7; i += 2) vgpu_arena_free(&a, blk[i]);
  CHECK(vgpu_arena_used(&a) == 0);

  /* Resident memory follows use. */
  uint64_t before = file_bytes(&a);
  uint64_t r;
  CHECK(vgpu_arena_alloc(&a, 16 * MiB, 128, &r) == 0);
  memset(vgpu_arena_ptr(&a, r), 0x5a, 16 * MiB);
  uint64_t during = file_bytes(&a);
  CHECK(during >= before + 16 * MiB);
  CHECK(resident(vgpu_arena_ptr(&a, r), 16 * MiB) == 16 * MiB);
  vgpu_arena_free(&a, r);
  uint64_t after = file_bytes(&a);
  CHECK(after + 15 * MiB <= during);
  CHECK(resident(vgpu_arena_ptr(&a, r), 16 * MiB) < 1 * MiB);
  /* Freed memory comes back zeroed by the kernel: the hole really was punched. */
  CHECK(((uint8_t *)vgpu_arena_ptr(&a, r))[8 * MiB] == 0);

  /* Small frees are not punched one by one (each punch costs TLB shootdowns in every SM
   * process); once enough of them add up, a sweep gives their pages back. */
  uint64_t small[2048];
  int got_all = 1;
  for (int i = 0; i < 2048; i++) {
    got_all &= vgpu_arena_alloc(&a, 8192, 128, &small[i]) == 0;
    memset(vgpu_arena_ptr(&a, small[i]), 1, 8192);
  }
  CHECK(got_all);
  uint64_t full = file_bytes(&a);
  CHECK(full >= after + 16 * MiB);
  vgpu_arena_free(&a, small[0]);
  CHECK(file_bytes(&a) == full); /* one small free: remembered, not punched */
  for (int i = 1; i < 2048; i++) vgpu_arena_free(&a, small[i]);
  CHECK(file_bytes(&a) + 8 * MiB <= full); /* the sweeps punched them */
  CHECK(vgpu_arena_used(&a) == 0);

  /* A page shared with a live neighbour keeps that neighbour's bytes. */
  uint64_t p1, p2;
  CHECK(vgpu_arena_alloc(&a, 256, 128, &p1) == 0);
  CHECK(vgpu_arena_alloc(&a, 256, 128, &p2) == 0);
  memset(vgpu_arena_ptr(&a, p2), 7, 256);
  vgpu_arena_free(&a, p1);
  CHECK(((uint8_t *)vgpu_arena_ptr(&a, p2))[255] == 7);
  vgpu_arena_free(&a, p2);

  /* Random allocations and frees (sizes from 1 byte to 1 MiB, alignments up to 4 KiB) against a
   * list of what is live: live ranges never overlap, and once all is freed again the arena is one
   * free range (every neighbour was coalesced). */
  {
    enum { LIVE = 3000 };
    static uint64_t off[LIVE], len[LIVE];
    int nlive = 0, overlap = 0, misaligned = 0;
    uint32_t seed = 12345;
    for (int op = 0; op < 40000; op++) {
      seed = seed * 1664525u + 1013904223u;
      if (nlive < LIVE && (nlive == 0 || (seed >> 16) % 3 != 0)) {
        uint64_t sz = 1 + (seed >> 8) % ((seed & 1) ? 1024 : 1048576 / 64), al = 128ull << ((seed >> 4) % 6), o;
        if (vgpu_arena_alloc(&a, sz, al, &o) != 0) continue;
        misaligned += o % al != 0;
        off[nlive] = o;
        len[nlive++] = sz;
      } else {
        int i = (int)((seed >> 12) % (uint32_t)nlive);
        vgpu_arena_free(&a, off[i]);
        off[i] = off[--nlive];
        len[i] = len[nlive];
      }
      if (op % 10000 == 9999) /* overlap check: every pair */
        for (int i = 0; i < nlive; i++)
          for (int j = 0; j < nlive; j++)
            if (i != j && off[i] <= off[j] && off[j] < off[i] + len[i]) overlap++;
    }
    CHECK(!overlap && !misaligned);
    for (int i = 0; i < nlive; i++) vgpu_arena_free(&a, off[i]);
    CHECK(vgpu_arena_used(&a) == 0);
    uint64_t whole;
    CHECK(vgpu_arena_alloc(&a, size - VGPU_ARENA_RESERVED, 128, &whole) == 0 && whole == VGPU_ARENA_RESERVED);
    vgpu_arena_free(&a, whole);
  }

  /* attach (what an SM process does) sees the same bytes at the same offsets. */
  struct vgpu_arena b;
  uint64_t s;
  CHECK(vgpu_arena_alloc(&a, 64, 128, &s) == 0);
  strcpy(vgpu_arena_ptr(&a, s), "shared");
  CHECK(vgpu_arena_attach(&b, a.fd, a.size) == 0);
  CHECK(!strcmp(vgpu_arena_ptr(&b, s), "shared"));
  strcpy(vgpu_arena_ptr(&b, s), "back");
  CHECK(!strcmp(vgpu_arena_ptr(&a, s), "back"));
  b.fd = -1; /* the fd belongs to a */
  vgpu_arena_destroy(&b);
  vgpu_arena_free(&a, s);

  /* Many threads allocating at once never receive overlapping ranges. */
  shared_arena = &a;
  pthread_t th[4];
  for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, thread_allocs, (void *)(uintptr_t)(i + 1));
  for (int i = 0; i < 4; i++) {
    void *bad;
    pthread_join(th[i], &bad);
    CHECK(bad == NULL);
  }
  CHECK(vgpu_arena_used(&a) == 0);
  CHECK(vgpu_arena_alloc(&a, size - VGPU_ARENA_RESERVED, 128, &all) == 0);
  vgpu_arena_free(&a, all);

  vgpu_arena_destroy(&a);
  CHECK(vgpu_arena_create(&a, 100, "tiny") == -1);
  return vt_finish();
}
