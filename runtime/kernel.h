/* kernel.h - kernel objects: one kernel of a built program and the argument values set on it. */
#ifndef VGPU_KERNEL_H
#define VGPU_KERNEL_H
#include <stdint.h>
#include "runtime/object.h"
#include "runtime/program.h"

/* One argument as clSetKernelArg left it. */
struct vgpu_kernel_arg {
  int set;
  uint32_t kind;       /* enum vir_arg_kind */
  size_t size;         /* arg_size given */
  cl_mem mem;          /* GLOBAL/CONSTANT_PTR, IMAGE: the buffer (NULL pointer allowed); weakly retained:
                          it may have been released since (vgpu_mem_is then fails) */
  uint64_t sampler;    /* SAMPLER: the sampler_t bits */
  uint8_t *bytes;      /* VALUE/BYVAL: a copy of arg_value */
};

struct _cl_kernel {
  struct vgpu_object obj;
  cl_program program;          /* internally retained: a kernel keeps its program alive */
  uint32_t index;              /* in the module's kernel table */
  const struct vir_header *module;
  const struct vir_kernel *k;
  const struct vir_arg *args;  /* k->nargs entries */
  struct vgpu_kernel_arg *values;
};

int vgpu_kernel_is(cl_kernel k);
cl_kernel vgpu_kernel_create(cl_program p, uint32_t index, cl_int *err);
void vgpu_kernel_destroy(cl_kernel k);
/* Sets argument i after the entry point's checks (kernel.c). */
cl_int vgpu_kernel_set_arg(cl_kernel k, cl_uint i, size_t size, const void *value);
/* Bytes of __local memory a launch needs: static plus the __local arguments. */
uint64_t vgpu_kernel_local_mem(cl_kernel k);
/* The largest work-group kernel k (its VIR entry) can run with on dev. */
size_t vgpu_kernel_max_wg(const struct vir_kernel *k, cl_device_id dev);
#endif
