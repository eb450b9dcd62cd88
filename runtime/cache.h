/* cache.h - the compile cache: a build, compile or link that already succeeded with the same inputs
 * and the same compiler is answered from disk without starting the compiler helper.  An entry is a
 * program binary container (runtime/binary.h), so the cache and clGetProgramInfo(CL_PROGRAM_BINARIES)
 * share one format and one validator. */
#ifndef VGPU_CACHE_H
#define VGPU_CACHE_H
#include "runtime/sha256.h"
#include <stddef.h>
#include <stdint.h>

/* Adds the compiler's identity (helper binary size and mtime, VGPU_VERSION) and the device
 * configuration to a key.  Returns -1 when the helper cannot be found (no caching then). */
int vgpu_cache_key_identity(struct vgpu_sha256 *s);
/* True unless VGPU_CACHE=0. */
int vgpu_cache_enabled(void);
/* Looks the key up: 0 and a malloc'd copy of the entry's container, or -1 (missing, or rejected and
 * logged: not a regular file of this user that only this user can write, or filed under another key). */
int vgpu_cache_load(const uint8_t key[32], uint8_t **data, size_t *size);
/* Stores an entry atomically (temporary file + rename); failures are logged, never fatal. */
void vgpu_cache_store(const uint8_t key[32], const void *data, size_t size);
/* The file an entry lives in (for tests and logs): writes into path[path_len]. */
int vgpu_cache_path(const uint8_t key[32], char *path, size_t path_len);
#endif
