/* binary.c - the program binary container (see binary.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/binary.h"
#include "runtime/sha256.h"
#include "vir/vir.h"

_Static_assert(sizeof(struct vgpu_binary_header) == 64, "the header is part of the binary format");

static void body_hash(const uint8_t *payload, size_t psize, const char *opt, size_t osize,
                      const char *log, size_t lsize, uint8_t out[32]) {
  struct vgpu_sha256 s;
  vgpu_sha256_init(&s);
  vgpu_sha256_update(&s, payload, psize);
  vgpu_sha256_update(&s, opt, osize);
  vgpu_sha256_update(&s, log, lsize);
  vgpu_sha256_final(&s, out);
}

int vgpu_binary_write(const struct vgpu_binary *b, uint8_t **out, size_t *out_size) {
  const char *opt = b->options ? b->options : "", *log = b->log ? b->log : "";
  size_t osize = strlen(opt), lsize = strlen(log);
  size_t total = sizeof(struct vgpu_binary_header) + b->payload_size + osize + lsize;
  uint8_t *buf = calloc(1, total);
  if (!buf) return -1;
  struct vgpu_binary_header h = {0};
  memcpy(h.magic, VGPU_BINARY_MAGIC, 8);
  h.version = VGPU_BINARY_VERSION;
  h.binary_type = (uint32_t)b->type;
  h.payload_kind = b->payload_kind;
  h.flags = b->flags;
  h.payload_size = b->payload_size;
  h.options_size = (uint32_t)osize;
  h.log_size = (uint32_t)lsize;
  uint8_t sum[32];
  body_hash(b->payload, b->payload_size, opt, osize, log, lsize, sum);
  memcpy(h.sha256, sum, sizeof h.sha256);
  uint8_t *p = buf;
  memcpy(p, &h, sizeof h); p += sizeof h;
  if (b->payload_size) memcpy(p, b->payload, b->payload_size);
  p += b->payload_size;
  memcpy(p, opt, osize); p += osize;
  memcpy(p, log, lsize);
  *out = buf;
  *out_size = total;
  return 0;
}

int vgpu_payload_check(uint32_t kind, const uint8_t *p, size_t size, char *why, size_t why_len) {
  if (kind == VGPU_PAYLOAD_VIR) return vir_module_check(p, size, why, why_len);
  if (kind == VGPU_PAYLOAD_BITCODE) {
    /* LLVM bitcode starts with 'BC' 0xC0DE (raw) or with the wrapper magic 0x0B17C0DE. */
    static const uint8_t raw[4] = {'B', 'C', 0xC0, 0xDE}, wrap[4] = {0xDE, 0xC0, 0x17, 0x0B};
    if (size >= 4 && (!memcmp(p, raw, 4) || !memcmp(p, wrap, 4))) return 0;
    snprintf(why, why_len, "payload is not LLVM bitcode");
    return -1;
  }
  snprintf(why, why_len, "unknown payload kind %u", kind);
  return -1;
}

int vgpu_binary_parse(const void *data, size_t size, struct vgpu_binary *b, char *why, size_t why_len) {
  struct vgpu_binary_header h;
  memset(b, 0, sizeof *b);
  if (!data || size < sizeof h) { snprintf(why, why_len, "too short for a VirtualGPU binary"); return -1; }
  memcpy(&h, data, sizeof h);
  if (memcmp(h.magic, VGPU_BINARY_MAGIC, 8)) { snprintf(why, why_len, "not a VirtualGPU program binary"); return -1; }
  if (h.version != VGPU_BINARY_VERSION) { snprintf(why, why_len, "binary format version %u, expected %u", h.version, VGPU_BINARY_VERSION); return -1; }
  if (h.payload_size > size - sizeof h || (uint64_t)h.options_size + h.log_size != size - sizeof h - h.payload_size) {
    snprintf(why, why_len, "binary sizes do not add up (truncated?)");
    return -1;
  }
  int type_ok = (h.binary_type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE && h.payload_kind == VGPU_PAYLOAD_VIR) ||
                ((h.binary_type == CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT || h.binary_type == CL_PROGRAM_BINARY_TYPE_LIBRARY) &&
                 h.payload_kind == VGPU_PAYLOAD_BITCODE);
  if (!type_ok) { snprintf(why, why_len, "binary type %#x with payload kind %u is not valid", h.binary_type, h.payload_kind); return -1; }
  const uint8_t *payload = (const uint8_t *)data + sizeof h;
  const char *opt = (const char *)payload + h.payload_size, *log = opt + h.options_size;
  uint8_t sum[32];
  body_hash(payload, h.payload_size, opt, h.options_size, log, h.log_size, sum);
  if (memcmp(sum, h.sha256, sizeof h.sha256)) { snprintf(why, why_len, "binary checksum mismatch (corrupted)"); return -1; }
  /* Copy the payload to 8-byte aligned memory: VIR tables are read in place. */
  b->payload = malloc(h.payload_size ? h.payload_size : 1);
  b->options = malloc((size_t)h.options_size + 1);
  b->log = malloc((size_t)h.log_size + 1);
  if (!b->payload || !b->options || !b->log) { vgpu_binary_free(b); snprintf(why, why_len, "out of memory"); return -1; }
  memcpy(b->payload, payload, h.payload_size);
  memcpy(b->options, opt, h.options_size); b->options[h.options_size] = 0;
  memcpy(b->log, log, h.log_size); b->log[h.log_size] = 0;
  b->payload_size = h.payload_size;
  b->type = h.binary_type;
  b->payload_kind = h.payload_kind;
  b->flags = h.flags;
  if (vgpu_payload_check(b->payload_kind, b->payload, b->payload_size, why, why_len)) { vgpu_binary_free(b); return -1; }
  return 0;
}

void vgpu_binary_free(struct vgpu_binary *b) {
  free(b->payload); free(b->options); free(b->log);
  memset(b, 0, sizeof *b);
}
