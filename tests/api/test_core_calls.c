/* test_core_calls.c - the runtime's core files (the .c files of runtime/, not runtime/api/) call
 * each other's internal functions, never an OpenCL entry point (issue 15 item 2): an entry point
 * validates the application's arguments and may log, count or report what the core did not ask
 * for, and a core file calling one couples the layers backwards.  Scans the sources (comments and
 * strings left out) for a call of a cl[A-Z]* function; checks first that the scanner finds one in
 * a planted line.  Skipped (77) without VGPU_SOURCE_DIR (set by ctest). */
#include <ctype.h>
#include <dirent.h>
#include "testlib.h"

/* Blanks comments, string and character literals (keeping newlines), in place. */
static void strip(char *s) {
  for (char *p = s; *p; p++) {
    if (p[0] == '/' && p[1] == '*') {
      for (; *p && !(p[0] == '*' && p[1] == '/'); p++)
        if (*p != '\n') *p = ' ';
      if (*p) p[0] = p[1] = ' ', p++;
    } else if (p[0] == '/' && p[1] == '/') {
      for (; *p && *p != '\n'; p++) *p = ' ';
      if (!*p) break;
    } else if (*p == '"' || *p == '\'') {
      char q = *p;
      for (p++; *p && *p != q; p++) {
        if (*p == '\\' && p[1]) *p++ = ' ';
        if (*p != '\n') *p = ' ';
      }
      if (!*p) break;
    }
  }
}

/* Counts calls of cl[A-Z]*( in stripped text, printing each with its line. */
static int calls_in(const char *name, char *text) {
  strip(text);
  int found = 0, line = 1;
  for (const char *p = text; *p; p++) {
    if (*p == '\n') line++;
    if (p[0] != 'c' || p[1] != 'l' || !isupper((unsigned char)p[2])) continue;
    if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) continue;
    const char *e = p + 2;
    while (isalnum((unsigned char)*e) || *e == '_') e++;
    const char *a = e;
    while (*a == ' ' || *a == '\t') a++;
    if (*a == '(') {
      fprintf(stderr, "  %s:%d calls %.*s\n", name, line, (int)(e - p), p);
      found++;
    }
    p = e - 1;
  }
  return found;
}

int main(void) {
  const char *root = getenv("VGPU_SOURCE_DIR");
  if (!root) {
    fprintf(stderr, "VGPU_SOURCE_DIR unset (ctest sets it): skipped\n");
    return 77;
  }
  char planted[] = "/* clFinish(q) in a comment */ const char *s = \"clFinish(q)\";\n"
                   "static void f(cl_context c) { clRetainContext (c); my_clX(c); }\n";
  CHECK(calls_in("(planted)", planted) == 1);

  char dir[4096];
  snprintf(dir, sizeof dir, "%s/runtime", root);
  DIR *d = opendir(dir);
  if (!CHECK(d != NULL)) return vt_finish();
  int files = 0, calls = 0;
  struct dirent *ent;
  while ((ent = readdir(d))) {
    size_t n = strlen(ent->d_name);
    if (n < 3 || strcmp(ent->d_name + n - 2, ".c")) continue;
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
    size_t len;
    char *text = vt_read_file(path, &len);
    if (!CHECK(text != NULL)) continue;
    files++;
    calls += calls_in(ent->d_name, text);
    free(text);
  }
  closedir(d);
  CHECK(files >= 10);
  CHECK(calls == 0);
  printf("%d core files, %d calls of entry points\n", files, calls);
  return vt_finish();
}
