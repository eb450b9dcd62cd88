/* log.c - the one logger: VGPU_LOG=error|warn|info|debug (default warn) on stderr.  It reads its
 * own variable (not config.c) because config.c logs the invalid values it finds. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "runtime/log.h"

static const char *const level_names[] = {"error", "warn", "info", "debug"};
static int log_level = VGPU_LOG_WARN;
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static void log_init(void) {
  const char *v = getenv("VGPU_LOG");
  if (!v || !*v) return;
  for (int i = 0; i < 4; i++)
    if (!strcasecmp(v, level_names[i])) { log_level = i; return; }
  if (!strcasecmp(v, "warning")) return;
  if (v[0] >= '0' && v[0] <= '3' && !v[1]) { log_level = v[0] - '0'; return; }
  fprintf(stderr, "vgpu: warn: VGPU_LOG=%s is not error, warn, info or debug; using warn\n", v);
}

int vgpu_log_enabled(enum vgpu_log_level level) {
  pthread_once(&log_once, log_init);
  return (int)level <= log_level;
}

void vgpu_log(enum vgpu_log_level level, const char *fmt, ...) {
  if (!vgpu_log_enabled(level)) return;
  char line[16384]; /* a fault report with every lane's operands fits (sim/fault_explain.c) */
  int n = snprintf(line, sizeof line, "vgpu: %s: ", level_names[level]);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  /* One write per line, so lines of several threads (and SM processes) never interleave. */
  strcat(line, "\n");
  fputs(line, stderr);
}
