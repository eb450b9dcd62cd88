/* compiler_util.h - what the compiler tests share: running the built `vgpu` helper on kernel
 * sources written to a temporary directory, and reading the VIR it writes (vir.h). */
#ifndef VGPU_TESTS_COMPILER_UTIL_H
#define VGPU_TESTS_COMPILER_UTIL_H
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/testlib.h"
#include "vir/vir.h"

extern char **environ;
static char ct_dir[256], ct_vgpu[1024];

/* Finds $VGPU_BUILD_DIR/bin/vgpu and makes a scratch directory; exits 77 if there is no vgpu. */
static void ct_init(void) {
  const char *bd = getenv("VGPU_BUILD_DIR");
  if (!bd) { printf("VGPU_BUILD_DIR not set: skipped\n"); exit(77); }
  snprintf(ct_vgpu, sizeof ct_vgpu, "%s/bin/vgpu", bd);
  if (access(ct_vgpu, X_OK)) { printf("%s missing: skipped\n", ct_vgpu); exit(77); }
  snprintf(ct_dir, sizeof ct_dir, "/tmp/vgpu-ctest-XXXXXX");
  if (!mkdtemp(ct_dir)) { perror("mkdtemp"); exit(77); }
}

static void ct_cleanup(void) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", ct_dir);
  if (system(cmd)) {}
}

/* Path of a file in the scratch directory (static buffer rotation: 8 at a time). */
static const char *ct_path(const char *name) {
  static char bufs[8][512];
  static int k;
  char *b = bufs[k++ & 7];
  snprintf(b, 512, "%s/%s", ct_dir, name);
  return b;
}

static void ct_write(const char *name, const char *text) {
  FILE *f = fopen(ct_path(name), "w");
  if (!f) { perror(name); exit(1); }
  fputs(text, f);
  fclose(f);
}

/* Runs vgpu with the NULL-terminated arguments, stdout to ct_path("stdout"); returns its exit
 * status (or -1 if it died of a signal: a crash is always a failure). */
static int ct_run(const char *first, ...) {
  const char *argv[64];
  int n = 0;
  argv[n++] = ct_vgpu;
  va_list ap;
  va_start(ap, first);
  for (const char *a = first; a && n < 63; a = va_arg(ap, const char *)) argv[n++] = a;
  va_end(ap);
  argv[n] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, ct_path("stdout"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid;
  if (posix_spawn(&pid, ct_vgpu, &fa, NULL, (char *const *)argv, environ)) { posix_spawn_file_actions_destroy(&fa); return -2; }
  posix_spawn_file_actions_destroy(&fa);
  int st;
  if (waitpid(pid, &st, 0) < 0) return -2;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Reads a file of the scratch directory (8-byte aligned, NUL-terminated); NULL if missing. */
static void *ct_read(const char *name, size_t *len) {
  FILE *f = fopen(ct_path(name), "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  void *p = aligned_alloc(8, ((size_t)n + 16) & ~(size_t)7);
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) { free(p); p = NULL; }
  if (p) ((char *)p)[n] = 0;
  fclose(f);
  if (len) *len = (size_t)n;
  return p;
}

/* Builds source `src` (as file name.cl) with options; returns vgpu's exit status. */
static int ct_build(const char *name, const char *src, const char *options) {
  char cl[128], vir[128], log[128];
  snprintf(cl, sizeof cl, "%s.cl", name);
  snprintf(vir, sizeof vir, "%s.vir", name);
  snprintf(log, sizeof log, "%s.log", name);
  ct_write(cl, src);
  char in[512], out[512], lg[512];
  snprintf(in, sizeof in, "%s", ct_path(cl));
  snprintf(out, sizeof out, "%s", ct_path(vir));
  snprintf(lg, sizeof lg, "%s", ct_path(log));
  return ct_run("build", "--in", in, "--out", out, "--log", lg, "--", options ? options : "", (char *)NULL);
}

static inline const struct vir_kernel *ct_kernel(const struct vir_header *h, const char *name) {
  int k = vir_module_find_kernel(h, name);
  return k < 0 ? NULL : &vir_kernels(h)[k];
}

static inline const struct vir_arg *ct_arg(const struct vir_header *h, const struct vir_kernel *k, uint32_t i) {
  return &vir_args(h)[k->first_arg + i];
}
#endif
