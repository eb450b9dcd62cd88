/* builtins_blob.c - the builtin library (the compiler/lib sources compiled at build time to builtins.bc)
 * embedded in the vgpu binary, so the helper needs no data files at run time.  .incbin keeps a
 * multi-megabyte blob out of a generated C array (which compiles slowly); CMake's OBJECT_DEPENDS
 * rebuilds this file whenever builtins.bc changes. */
#include "compiler/builtins_blob.h"

__asm__(".section .rodata\n"
        ".balign 16\n"
        ".globl vgpu_builtins_bc\n"
        "vgpu_builtins_bc:\n"
        ".incbin \"" VGPU_BUILTINS_BC "\"\n"
        ".globl vgpu_builtins_bc_end\n"
        "vgpu_builtins_bc_end:\n"
        ".byte 0\n"
        ".previous\n");
