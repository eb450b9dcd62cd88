/* gen_util.c - the growing text buffer and the random numbers kfuzz's generator uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "gen.h"

void kf_add(kf_buf *b, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (b->s && b->len + (size_t)n < b->cap) { b->len += (size_t)n; return; }
    b->cap = (b->cap + (size_t)n) * 2 + 4096;
    char *s = realloc(b->s, b->cap);
    if (!s) { perror("kfuzz"); exit(2); }
    if (!b->s) s[0] = 0;
    b->s = s;
  }
}

void kf_seed(kf_rng *r, uint64_t seed) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ull;   /* splitmix64: nearby seeds, unrelated streams */
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  r->s = (z ^ (z >> 31)) | 1;
}

uint64_t kf_next(kf_rng *r) {
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * 2685821657736338717ull;
}
