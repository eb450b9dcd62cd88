/* sha256.h - SHA-256 (FIPS 180-4), incremental. */
#ifndef VGPU_SHA256_H
#define VGPU_SHA256_H
#include <stddef.h>
#include <stdint.h>

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

#endif
