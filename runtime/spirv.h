/* spirv.h - what the runtime itself reads of a SPIR-V module (it has no LLVM; the compiler helper
 * translates the module, compiler/spirv_frontend.c): the checks of clCreateProgramWithIL, the
 * specialization constants clSetProgramSpecializationConstant sets, and the specialised module
 * the compiler is given.  SPIR-V 1.x specification sections 2.3 (physical layout) and 2.12
 * (specialization). */
#ifndef VGPU_SPIRV_H
#define VGPU_SPIRV_H
#include <stddef.h>
#include <stdint.h>

/* The SPIR-V versions the devices accept (CL_DEVICE_IL_VERSION): those llvm-spirv-15 reads.  It
 * reads 1.4 modules too but aborts on several 1.4 instructions (OpCopyLogical, OpPtrDiff,
 * OpDecorateString), so 1.4 is not claimed (docs/spirv.md). */
#define VGPU_SPIRV_VERSIONS X(1, 0) X(1, 1) X(1, 2) X(1, 3)

/* One OpSpecConstant{,True,False} decorated with SpecId. */
struct vgpu_spec_const {
  uint32_t spec_id;
  uint32_t size;        /* bytes clSetProgramSpecializationConstant expects (a bool is 1) */
  uint32_t bits;        /* the type's width (1 for bool) */
  int is_signed;        /* OpTypeInt signedness: narrow values are sign-extended into the word */
  size_t word;          /* the instruction's first word */
  int set;              /* clSetProgramSpecializationConstant gave a value */
  uint64_t value;       /* that value, zero-extended */
};

struct vgpu_spirv_info {
  uint32_t version;     /* (major << 16) | (minor << 8) */
  int swapped;          /* the module's words are of the other byte order */
  struct vgpu_spec_const *consts;
  size_t nconsts;
};

/* Checks the module's header and instruction stream (each instruction within the module) and
 * lists its specialization constants.  0, or -1 with the reason in why. */
int vgpu_spirv_parse(const void *il, size_t len, struct vgpu_spirv_info *info, char *why, size_t why_len);
void vgpu_spirv_info_free(struct vgpu_spirv_info *info);
/* The constant with this SpecId, or NULL. */
struct vgpu_spec_const *vgpu_spirv_spec_const(struct vgpu_spirv_info *info, uint32_t spec_id);
/* A copy of the module (malloc'd, len bytes) in this machine's byte order with every set
 * specialization constant's value written into its instruction; NULL when out of memory. */
uint8_t *vgpu_spirv_specialize(const void *il, size_t len, const struct vgpu_spirv_info *info);
#endif
