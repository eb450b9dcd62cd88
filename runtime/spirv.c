/* spirv.c - the runtime's own reading of SPIR-V modules (see spirv.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/spirv.h"

#define SPIRV_MAGIC 0x07230203u
enum { OP_DECORATE = 71, OP_TYPE_BOOL = 20, OP_TYPE_INT = 21, OP_TYPE_FLOAT = 22, OP_SPEC_CONSTANT_TRUE = 48,
       OP_SPEC_CONSTANT_FALSE = 49, OP_SPEC_CONSTANT = 50, DECORATION_SPEC_ID = 1 };

static uint32_t swap32(uint32_t w) {
  return (w >> 24) | ((w >> 8) & 0xff00u) | ((w << 8) & 0xff0000u) | (w << 24);
}

/* The module's words in this machine's byte order (malloc'd), or NULL. */
static uint32_t *native_words(const void *il, size_t len, int swapped) {
  uint32_t *w = malloc(len);
  if (!w) return NULL;
  memcpy(w, il, len);
  if (swapped)
    for (size_t i = 0; i < len / 4; i++) w[i] = swap32(w[i]);
  return w;
}

static int version_supported(uint32_t v) {
#define X(major, minor) if (v == ((major << 16) | (minor << 8))) return 1;
  VGPU_SPIRV_VERSIONS
#undef X
  return 0;
}

int vgpu_spirv_parse(const void *il, size_t len, struct vgpu_spirv_info *info, char *why, size_t why_len) {
  memset(info, 0, sizeof *info);
  if (len % 4 || len < 20) {
    snprintf(why, why_len, "%zu bytes is not a SPIR-V module (a whole number of 4-byte words, at least the "
             "5-word header)", len);
    return -1;
  }
  uint32_t magic;
  memcpy(&magic, il, 4);
  if (magic != SPIRV_MAGIC && swap32(magic) != SPIRV_MAGIC) {
    snprintf(why, why_len, "no SPIR-V magic number (0x07230203) at the start: the first word is 0x%08x", magic);
    return -1;
  }
  info->swapped = magic != SPIRV_MAGIC;
  uint32_t *w = native_words(il, len, info->swapped);
  if (!w) { snprintf(why, why_len, "out of memory"); return -1; }
  size_t n = len / 4;
  uint32_t bound = w[3];
  info->version = w[1];
  int rc = -1;
  /* per result id: the type of a constant's type id; the SpecId of decorated ids */
  uint32_t *type_bits = NULL, *type_kind = NULL, *spec_id = NULL;
  if (!version_supported(w[1])) {
    snprintf(why, why_len, "SPIR-V version %u.%u is not supported (the devices take SPIR-V 1.0 to 1.3)",
             (w[1] >> 16) & 0xff, (w[1] >> 8) & 0xff);
    goto out;
  }
  if (bound == 0 || bound > (1u << 24) || w[4] != 0) {
    snprintf(why, why_len, "invalid SPIR-V header (id bound %u, schema %u)", bound, w[4]);
    goto out;
  }
  type_bits = calloc(bound, sizeof *type_bits);
  type_kind = calloc(bound, sizeof *type_kind);
  spec_id = calloc(bound, sizeof *spec_id); /* SpecId + 1, 0 = none */
  if (!type_bits || !type_kind || !spec_id) { snprintf(why, why_len, "out of memory"); goto out; }
  size_t cap = 0;
  for (size_t i = 5; i < n;) {
    uint32_t op = w[i] & 0xffff, wc = w[i] >> 16;
    if (wc == 0 || wc > n - i) {
      snprintf(why, why_len, "instruction at word %zu (opcode %u) has word count %u, past the module's end", i, op,
               wc);
      goto out;
    }
    uint32_t id = wc > 1 ? w[i + 1] : 0, id2 = wc > 2 ? w[i + 2] : 0;
    if (op == OP_DECORATE && wc >= 4 && w[i + 2] == DECORATION_SPEC_ID && id < bound) {
      spec_id[id] = w[i + 3] + 1;
    } else if ((op == OP_TYPE_BOOL || op == OP_TYPE_INT || op == OP_TYPE_FLOAT) && id < bound) {
      type_kind[id] = op;
      type_bits[id] = op == OP_TYPE_BOOL ? 1 : wc > 2 ? w[i + 2] : 0;
      if (op == OP_TYPE_INT && wc > 3 && w[i + 3]) type_kind[id] |= 0x10000; /* signed */
    } else if ((op == OP_SPEC_CONSTANT || op == OP_SPEC_CONSTANT_TRUE || op == OP_SPEC_CONSTANT_FALSE) &&
               wc >= 3 && id < bound && id2 < bound && spec_id[id2]) {
      uint32_t bits = type_bits[id];
      int bool_op = op != OP_SPEC_CONSTANT;
      if (bool_op != ((type_kind[id] & 0xffff) == OP_TYPE_BOOL) || !bits || bits > 64 ||
          (!bool_op && wc != 3 + (bits > 32 ? 2u : 1u))) {
        snprintf(why, why_len, "specialization constant %u (id %u) has an invalid type or value", spec_id[id2] - 1,
                 id2);
        goto out;
      }
      if (info->nconsts == cap) {
        cap = cap ? 2 * cap : 8;
        struct vgpu_spec_const *c = realloc(info->consts, cap * sizeof *c);
        if (!c) { snprintf(why, why_len, "out of memory"); goto out; }
        info->consts = c;
      }
      struct vgpu_spec_const *c = &info->consts[info->nconsts++];
      memset(c, 0, sizeof *c);
      c->spec_id = spec_id[id2] - 1;
      c->bits = bits;
      c->size = bits <= 8 ? 1 : bits / 8;
      c->is_signed = (type_kind[id] & 0x10000) != 0;
      c->word = i;
    }
    i += wc;
  }
  rc = 0;
out:
  free(type_bits);
  free(type_kind);
  free(spec_id);
  free(w);
  if (rc) vgpu_spirv_info_free(info);
  return rc;
}

void vgpu_spirv_info_free(struct vgpu_spirv_info *info) {
  free(info->consts);
  info->consts = NULL;
  info->nconsts = 0;
}

struct vgpu_spec_const *vgpu_spirv_spec_const(struct vgpu_spirv_info *info, uint32_t spec_id) {
  for (size_t i = 0; i < info->nconsts; i++)
    if (info->consts[i].spec_id == spec_id) return &info->consts[i];
  return NULL;
}

/* Specialization (SPIR-V 2.12) rewrites the constant's default: a bool's opcode becomes
 * OpSpecConstantTrue or False; a number's literal words get the value, narrow types widened to
 * the 32-bit word as SPIR-V 2.2.1 says (sign-extended when the type is signed). */
uint8_t *vgpu_spirv_specialize(const void *il, size_t len, const struct vgpu_spirv_info *info) {
  uint32_t *w = native_words(il, len, info->swapped);
  if (!w) return NULL;
  for (size_t k = 0; k < info->nconsts; k++) {
    const struct vgpu_spec_const *c = &info->consts[k];
    if (!c->set) continue;
    uint32_t *insn = &w[c->word];
    if (c->bits == 1) {
      *insn = (*insn & 0xffff0000u) | (c->value ? OP_SPEC_CONSTANT_TRUE : OP_SPEC_CONSTANT_FALSE);
      continue;
    }
    uint64_t v = c->value;
    if (c->bits < 32 && c->is_signed && (v >> (c->bits - 1)) & 1) v |= ~0ull << c->bits;
    insn[3] = (uint32_t)v;
    if (c->bits > 32) insn[4] = (uint32_t)(v >> 32);
  }
  return (uint8_t *)w;
}
