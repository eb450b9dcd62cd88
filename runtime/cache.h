/* cache.h - the compile cache: a build, compile or link that already succeeded with the same inputs
 * and the same compiler is answered from disk without starting the compiler helper.  An entry is a
 * program binary container (runtime/binary.h), so the cache and clGetProgramInfo(CL_PROGRAM_BINARIES)
 * share one format and one validator. */
#ifndef VGPU_CACHE_H
#define VGPU_CACHE_H
#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4), incremental. */
struct vgpu_sha256 {
  uint32_t h[8];
  uint64_t len;
  uint8_t buf[64];
  size_t nbuf;
};
void vgpu_sha256_init(struct vgpu_sha256 *s);
void vgpu_sha256_update(struct vgpu_sha256 *s, const void *data, size_t len);
void vgpu_sha256_final(struct vgpu_sha256 *s, uint8_t out[32]);
/* Adds a length-prefixed field, so that ("ab","c") and ("a","bc") hash differently. */
void vgpu_sha256_field(struct vgpu_sha256 *s, const void *data, size_t len);

/* Adds the compiler's identity (helper binary size and mtime, VGPU_VERSION) and the device
 * configuration to a key.  Returns -1 when the helper cannot be found (no caching then). */
int vgpu_cache_key_identity(struct vgpu_sha256 *s);
/* True unless VGPU_CACHE=0. */
int vgpu_cache_enabled(void);
/* Looks the key up: 0 and a malloc'd copy of the entry's bytes, or -1 (missing or unreadable). */
int vgpu_cache_load(const uint8_t key[32], uint8_t **data, size_t *size);
/* Stores an entry atomically (temporary file + rename); failures are logged, never fatal. */
void vgpu_cache_store(const uint8_t key[32], const void *data, size_t size);
/* The file an entry lives in (for tests and logs): writes into path[path_len]. */
int vgpu_cache_path(const uint8_t key[32], char *path, size_t path_len);
#endif
