/* vir_builder.h - accumulates the tables of a VIR module (vir.h) and writes the blob. */
#ifndef VGPU_COMPILER_VIR_BUILDER_H
#define VGPU_COMPILER_VIR_BUILDER_H
#include <stddef.h>
#include <stdint.h>
#include "vir/vir.h"

struct vir_builder {
  struct vir_kernel *kernels; uint32_t nkernels, cap_kernels;
  struct vir_arg *args;       uint32_t nargs, cap_args;
  struct vir_insn *insns;     uint32_t ninsns, cap_insns;
  uint64_t *consts;           uint32_t nconsts, cap_consts;
  uint32_t *extra;            uint32_t nextra, cap_extra;
  uint8_t *data;              uint32_t data_size, cap_data;
  char *strings;              uint32_t strings_size, cap_strings;
  struct vir_var *vars;       uint32_t nvars, cap_vars; /* debug information (-g) */
  uint32_t *relocs;           uint32_t nrelocs, cap_relocs; /* pointers in the data image */
  uint32_t *str_hash;         uint32_t cap_hash, nhash; /* string offsets, open addressing */
  uint32_t source_name, cl_std;
};

/* Grows *p (elements of elem bytes, capacity *cap) to hold at least need elements. */
void *vgpu_grow(void *p, size_t elem, uint32_t *cap, uint64_t need);

void vir_builder_init(struct vir_builder *b);
void vir_builder_free(struct vir_builder *b);
/* Offset of s in the string table (deduplicated; "" is 0). */
uint32_t vir_builder_string(struct vir_builder *b, const char *s);
/* Reserves size bytes of data segment aligned to align; returns the offset (bytes are zero). */
uint32_t vir_builder_data(struct vir_builder *b, uint64_t size, uint64_t align);
/* Marks the 8 bytes at data offset off as a pointer into the data segment (vir.h relocs). */
void vir_builder_reloc(struct vir_builder *b, uint32_t off);
/* Lays the tables out and returns the blob (malloc'd). */
int vir_builder_write(const struct vir_builder *b, void **blob, size_t *size);
#endif
