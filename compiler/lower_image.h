/* lower_image.h - image builtins and sampler initializers -> IMG_READ/IMG_WRITE/IMG_QUERY. */
#ifndef VGPU_COMPILER_LOWER_IMAGE_H
#define VGPU_COMPILER_LOWER_IMAGE_H
#include "compiler/lower.h"
/* Lowers call (to the function named full) when it is an image builtin or a sampler initializer:
 * 0 done, -1 failed (reported), 1 not one of them. */
int lw_lower_image_call(struct lw_fn *f, LLVMValueRef call, const char *full);
#endif
