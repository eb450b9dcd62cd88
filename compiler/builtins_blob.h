/* builtins_blob.h - the embedded builtin library bitcode (see builtins_blob.c). */
#ifndef VGPU_COMPILER_BUILTINS_BLOB_H
#define VGPU_COMPILER_BUILTINS_BLOB_H
extern const char vgpu_builtins_bc[], vgpu_builtins_bc_end[];
#endif
