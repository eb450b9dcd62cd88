/* compile_client.h - runs the compiler service: the `vgpu build|compile|link` helper process
 * (tools/commands.h).  The compiler is a separate process so that LLVM never loads into the host
 * program and a crashing or runaway compile cannot take the host program down: the helper runs in a
 * private temporary directory, with a time limit and an address-space limit. */
#ifndef VGPU_COMPILE_CLIENT_H
#define VGPU_COMPILE_CLIENT_H
#include <stddef.h>
#include <stdint.h>

/* A named input: an embedded header (name = its include name) or a bitcode object. */
struct vgpu_compile_input {
  const char *name;
  const void *data;
  size_t size;
};

struct vgpu_compile_job {
  const char *command;                      /* "build", "compile" or "link" */
  const char *options;                      /* as the application gave them (may be NULL) */
  const char *source;                       /* build, compile: the program text, or with il the module */
  size_t source_len;
  int il;                                   /* build, compile: source is a SPIR-V module */
  const struct vgpu_compile_input *headers; /* compile: clCompileProgram's input_headers */
  size_t nheaders;
  const struct vgpu_compile_input *objects; /* link: the programs' bitcode */
  size_t nobjects;
  int library;                              /* link: -create-library */
};

/* The helper's exit status (0 ok, 1 failed with a log, 2 invalid options); VGPU_COMPILE_CRASHED
 * when it could not be started, was killed, or timed out (the log says which). */
enum { VGPU_COMPILE_OK = 0, VGPU_COMPILE_FAILED = 1, VGPU_COMPILE_BAD_OPTIONS = 2,
       VGPU_COMPILE_CRASHED = 3 };

struct vgpu_compile_result {
  int status;
  char *log;          /* malloc'd, NUL-terminated, never NULL after vgpu_compile_run */
  uint8_t *out;       /* malloc'd output (VIR or bitcode) when status is OK */
  size_t out_size;
  int from_cache;     /* answered by the compile cache: no helper ran */
};

/* Runs the helper for job; always fills res (res->log explains failures).  Returns res->status. */
int vgpu_compile_run(const struct vgpu_compile_job *job, struct vgpu_compile_result *res);
/* vgpu_compile_run behind the compile cache (cache.c): successful results are stored and reused. */
int vgpu_compile_cached(const struct vgpu_compile_job *job, struct vgpu_compile_result *res);
void vgpu_compile_result_free(struct vgpu_compile_result *res);
/* Splits options into words as a shell would (quotes, backslashes); NULL-terminated malloc'd array. */
char **vgpu_split_options(const char *options, int *count);
void vgpu_free_words(char **words);
#endif
