/* kernel_info.h - a kernel's arguments, attributes and sizes into its struct vir_kernel
 * (kernel_info.c), called by lower_function.c once the kernel's code is lowered. */
#ifndef VGPU_COMPILER_KERNEL_INFO_H
#define VGPU_COMPILER_KERNEL_INFO_H
#include "compiler/lower.h"

int lw_kernel_info(struct lw_fn *f, struct vir_kernel *k);
#endif
