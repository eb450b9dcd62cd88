/* binary.h - the program binary container: what clGetProgramInfo(CL_PROGRAM_BINARIES) returns,
 * what clCreateProgramWithBinary accepts, and what a compile cache entry holds.
 *
 *   struct vgpu_binary_header (64 bytes, little-endian)
 *   uint8_t payload[payload_size]   VIR module (executable) or LLVM bitcode (object, library)
 *   char    options[options_size]   the build options (no NUL)
 *   char    log[log_size]           the build log (no NUL)
 *
 * A SHA-256 of everything after the header detects truncated or corrupted binaries, and VIR
 * payloads must pass vir_module_check, so a garbage binary is CL_INVALID_BINARY, never a crash. */
#ifndef VGPU_BINARY_H
#define VGPU_BINARY_H
#include <CL/cl.h>
#include <stddef.h>
#include <stdint.h>

#define VGPU_BINARY_MAGIC "VGPUBIN"
#define VGPU_BINARY_VERSION 1u
enum vgpu_payload { VGPU_PAYLOAD_VIR = 1, VGPU_PAYLOAD_BITCODE = 2 };
enum { VGPU_BINARY_ARG_INFO = 1 }; /* flags: compiled with -cl-kernel-arg-info */

struct vgpu_binary_header {
  char magic[8];
  uint32_t version;
  uint32_t binary_type;   /* CL_PROGRAM_BINARY_TYPE_EXECUTABLE / COMPILED_OBJECT / LIBRARY */
  uint32_t payload_kind;  /* enum vgpu_payload */
  uint32_t flags;
  uint64_t payload_size;
  uint32_t options_size, log_size;
  uint8_t sha256[24];     /* first 24 bytes of SHA-256(payload, options, log) */
};

/* What a container holds (pointers owned by the caller after vgpu_binary_parse). */
struct vgpu_binary {
  cl_program_binary_type type;
  uint32_t payload_kind, flags;
  uint8_t *payload;
  size_t payload_size;
  char *options, *log;    /* NUL-terminated */
};

/* Serialises b into a malloc'd buffer: 0, or -1 when out of memory. */
int vgpu_binary_write(const struct vgpu_binary *b, uint8_t **out, size_t *out_size);
/* Validates and unpacks size bytes; on failure returns -1 and a reason in why[why_len]. */
int vgpu_binary_parse(const void *data, size_t size, struct vgpu_binary *b, char *why, size_t why_len);
void vgpu_binary_free(struct vgpu_binary *b);
/* Checks a payload by itself (VIR: vir_module_check; bitcode: its magic). */
int vgpu_payload_check(uint32_t kind, const uint8_t *p, size_t size, char *why, size_t why_len);
#endif
