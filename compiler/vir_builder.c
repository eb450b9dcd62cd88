/* vir_builder.c - assembles a VIR module: tables are appended while kernels are lowered, then laid
 * out once in the order vir.h documents, each 8-byte aligned. */
#include "compiler/vir_builder.h"
#include <stdlib.h>
#include <string.h>

void *vgpu_grow(void *p, size_t elem, uint32_t *cap, uint64_t need) {
  if (need <= *cap) return p;
  if (need > 0xFFFFFFF0u) abort(); /* 32-bit table indices: a module this large cannot be built */
  uint64_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  if (c > 0xFFFFFFF0u) c = 0xFFFFFFF0u;
  void *q = realloc(p, elem * c);
  if (!q) abort();
  memset((char *)q + elem * *cap, 0, elem * (c - *cap));
  *cap = (uint32_t)c;
  return q;
}

void vir_builder_init(struct vir_builder *b) {
  memset(b, 0, sizeof *b);
  b->strings = vgpu_grow(NULL, 1, &b->cap_strings, 1);
  b->strings_size = 1; /* offset 0 is "" */
}

void vir_builder_free(struct vir_builder *b) {
  free(b->kernels); free(b->args); free(b->insns); free(b->consts); free(b->extra);
  free(b->data); free(b->strings); free(b->str_hash); free(b->vars); free(b->relocs);
  memset(b, 0, sizeof *b);
}

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u;
  while (*s) h = (h ^ (uint8_t)*s++) * 16777619u;
  return h;
}

uint32_t vir_builder_string(struct vir_builder *b, const char *s) {
  if (!s || !*s) return 0;
  if (b->nhash * 2 + 2 > b->cap_hash) { /* rehash at half full */
    uint32_t ncap = b->cap_hash ? b->cap_hash * 2 : 64;
    uint32_t *nh = calloc(ncap, sizeof *nh);
    if (!nh) abort();
    for (uint32_t i = 0; i < b->cap_hash; i++) {
      uint32_t off = b->str_hash[i];
      if (!off) continue;
      uint32_t j = hash_str(b->strings + off) & (ncap - 1);
      while (nh[j]) j = (j + 1) & (ncap - 1);
      nh[j] = off;
    }
    free(b->str_hash);
    b->str_hash = nh;
    b->cap_hash = ncap;
  }
  uint32_t j = hash_str(s) & (b->cap_hash - 1);
  while (b->str_hash[j]) {
    if (!strcmp(b->strings + b->str_hash[j], s)) return b->str_hash[j];
    j = (j + 1) & (b->cap_hash - 1);
  }
  size_t len = strlen(s) + 1;
  b->strings = vgpu_grow(b->strings, 1, &b->cap_strings, (uint64_t)b->strings_size + len);
  uint32_t off = b->strings_size;
  memcpy(b->strings + off, s, len);
  b->strings_size += (uint32_t)len;
  b->str_hash[j] = off;
  b->nhash++;
  return off;
}

uint32_t vir_builder_data(struct vir_builder *b, uint64_t size, uint64_t align) {
  if (align < 1) align = 1;
  uint64_t off = (b->data_size + align - 1) / align * align;
  b->data = vgpu_grow(b->data, 1, &b->cap_data, off + size);
  b->data_size = (uint32_t)(off + size);
  return (uint32_t)off;
}

void vir_builder_reloc(struct vir_builder *b, uint32_t off) {
  b->relocs = vgpu_grow(b->relocs, sizeof *b->relocs, &b->cap_relocs, (uint64_t)b->nrelocs + 1);
  b->relocs[b->nrelocs++] = off;
}

static uint64_t align8(uint64_t x) { return (x + 7) & ~7ull; }

int vir_builder_write(const struct vir_builder *b, void **blob, size_t *size) {
  struct vir_header h;
  memset(&h, 0, sizeof h);
  h.magic = VIR_MAGIC;
  h.version = VIR_VERSION;
  uint64_t off = align8(sizeof h);
#define PLACE(count_field, off_field, n, elem)                                                     \
  h.count_field = (n);                                                                             \
  h.off_field = (uint32_t)off;                                                                     \
  off = align8(off + (uint64_t)(n) * (elem));
  PLACE(nkernels, kernels_off, b->nkernels, sizeof(struct vir_kernel));
  PLACE(nargs, args_off, b->nargs, sizeof(struct vir_arg));
  PLACE(ninsns, insns_off, b->ninsns, sizeof(struct vir_insn));
  PLACE(nconsts, consts_off, b->nconsts, sizeof(uint64_t));
  PLACE(nextra, extra_off, b->nextra, sizeof(uint32_t));
  PLACE(data_size, data_off, b->data_size, 1);
  PLACE(strings_size, strings_off, b->strings_size, 1);
  PLACE(nvars, vars_off, b->nvars, sizeof(struct vir_var));
  PLACE(nrelocs, relocs_off, b->nrelocs, sizeof(uint32_t));
#undef PLACE
  if (off > 0xFFFFFFFFull) return -1;
  h.size = off;
  h.source_name = b->source_name;
  h.cl_std = b->cl_std;
  uint8_t *p = calloc(1, off);
  if (!p) return -1;
  memcpy(p, &h, sizeof h);
  if (b->nkernels) memcpy(p + h.kernels_off, b->kernels, b->nkernels * sizeof *b->kernels);
  if (b->nargs) memcpy(p + h.args_off, b->args, b->nargs * sizeof *b->args);
  if (b->ninsns) memcpy(p + h.insns_off, b->insns, b->ninsns * sizeof *b->insns);
  if (b->nconsts) memcpy(p + h.consts_off, b->consts, b->nconsts * sizeof *b->consts);
  if (b->nextra) memcpy(p + h.extra_off, b->extra, b->nextra * sizeof *b->extra);
  if (b->data_size) memcpy(p + h.data_off, b->data, b->data_size);
  memcpy(p + h.strings_off, b->strings, b->strings_size);
  if (b->nvars) memcpy(p + h.vars_off, b->vars, b->nvars * sizeof *b->vars);
  if (b->nrelocs) memcpy(p + h.relocs_off, b->relocs, b->nrelocs * sizeof *b->relocs);
  *blob = p;
  *size = off;
  return 0;
}
