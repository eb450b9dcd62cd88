/* test_install.c - `cmake --install` (into a scratch DESTDIR, prefix /opt/vgpu-test) puts the
 * library, the vgpu helper and the loader's vendor file in place, the vendor file names the
 * installed library, and that installed library works from there: clinfo lists it and builds a
 * kernel with the installed helper (found at <libdir>/../bin/vgpu), and the installed vecmul
 * example runs on it.  The vendor file of a private prefix goes under that prefix
 * (<prefix>/etc/OpenCL/vendors, not the system's /etc: a user without root can install) and is
 * listed in install_manifest.txt; a system prefix (/usr) puts it in /etc/OpenCL/vendors, where the
 * loader looks.  Needs the whole build (cmake --install installs every target;
 * scripts/test.sh builds them all).  Skipped (77) without VGPU_BUILD_DIR (set by ctest) or clinfo. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testlib.h"

static char *slurp(const char *cmd) {
  FILE *f = popen(cmd, "r");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0, n;
  char *out = malloc(cap);
  while ((n = fread(out + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 4096) out = realloc(out, cap *= 2);
  }
  out[len] = 0;
  if (pclose(f) != 0) { free(out); return NULL; }
  return out;
}

int main(void) {
  const char *build = getenv("VGPU_BUILD_DIR");
  if (!build || system("command -v clinfo >/dev/null 2>&1 && command -v cmake >/dev/null 2>&1") != 0) {
    fprintf(stderr, "VGPU_BUILD_DIR unset or clinfo/cmake missing: skipped\n");
    return 77;
  }
  char dest[] = "/tmp/vgpu-install-XXXXXX", cmd[2048], path[1024];
  CHECK(mkdtemp(dest) != NULL);
  snprintf(cmd, sizeof cmd, "DESTDIR=%s cmake --install '%s' --prefix /opt/vgpu-test >/dev/null", dest, build);
  CHECK(system(cmd) == 0);

  /* The three pieces, where an OpenCL vendor install puts them. */
  snprintf(path, sizeof path, "%s/opt/vgpu-test/lib/libVirtualGPU.so", dest);
  int lib_ok = access(path, R_OK) == 0;
  if (!lib_ok) { /* multiarch libdir (lib/x86_64-linux-gnu) on some configurations */
    snprintf(cmd, sizeof cmd, "find %s/opt/vgpu-test -name libVirtualGPU.so | head -1", dest);
    char *found = slurp(cmd);
    if (found && *found) { found[strcspn(found, "\n")] = 0; snprintf(path, sizeof path, "%s", found); lib_ok = 1; }
    free(found);
  }
  CHECK(lib_ok);
  char helper[1024];
  snprintf(helper, sizeof helper, "%s/opt/vgpu-test/bin/vgpu", dest);
  CHECK(access(helper, X_OK) == 0);
  snprintf(cmd, sizeof cmd, "cat %s/opt/vgpu-test/etc/OpenCL/vendors/VirtualGPU.icd", dest);
  char *icd = slurp(cmd);
  CHECK(icd && !strncmp(icd, "/opt/vgpu-test/", 15) && strstr(icd, "libVirtualGPU.so\n"));
  free(icd);
  char outside[1100];
  snprintf(outside, sizeof outside, "%s/etc", dest);
  CHECK(access(outside, F_OK) != 0); /* nothing outside the prefix */
  snprintf(cmd, sizeof cmd, "cat '%s/install_manifest.txt'", build);
  char *manifest = slurp(cmd);
  CHECK(manifest && strstr(manifest, "/opt/vgpu-test/etc/OpenCL/vendors/VirtualGPU.icd\n"));
  free(manifest);

  /* The installed library, used from its installed place (the vendor file there names /opt, so
   * point the loader at the DESTDIR copy), compiles a kernel with the installed helper. */
  char vendors[1100];
  snprintf(vendors, sizeof vendors, "%s/test.icd", dest);
  FILE *f = fopen(vendors, "w");
  if (f) { fprintf(f, "%s\n", path); fclose(f); }
  snprintf(cmd, sizeof cmd, "env -u VGPU_COMPILER VGPU_CACHE=0 OCL_ICD_VENDORS=%s clinfo 2>&1", vendors);
  char *out = slurp(cmd);
  CHECK(out && strstr(out, "Platform Name                                   VirtualGPU"));
  const char *k = out ? strstr(out, "Preferred work group size multiple (kernel)") : NULL;
  if (k) k += strlen("Preferred work group size multiple (kernel)");
  while (k && *k == ' ') k++;
  CHECK(k && atoi(k) >= 1);
  if (out && (!k || atoi(k) < 1)) fputs(out, stderr);
  free(out);

  /* And runs one: the installed vecmul example launches on the installed SM workers. */
  char example[1100];
  snprintf(example, sizeof example, "%s/opt/vgpu-test/libexec/virtualgpu/examples/vecmul", dest);
  if (access(example, X_OK) == 0) {
    snprintf(cmd, sizeof cmd, "cd %s/opt/vgpu-test/libexec/virtualgpu/examples && env -u VGPU_COMPILER "
             "OCL_ICD_VENDORS=%s ./vecmul --platform VirtualGPU 2>&1", dest, vendors);
    out = slurp(cmd);
    CHECK(out && strstr(out, "PASS"));
    if (out && !strstr(out, "PASS")) fputs(out, stderr);
    free(out);
  }

  /* A system prefix: the vendor file goes where the loader looks. */
  char sys[] = "/tmp/vgpu-install-XXXXXX";
  CHECK(mkdtemp(sys) != NULL);
  snprintf(cmd, sizeof cmd, "DESTDIR=%s cmake --install '%s' --prefix /usr >/dev/null", sys, build);
  CHECK(system(cmd) == 0);
  snprintf(cmd, sizeof cmd, "cat %s/etc/OpenCL/vendors/VirtualGPU.icd", sys);
  icd = slurp(cmd);
  CHECK(icd && !strncmp(icd, "/usr/", 5) && strstr(icd, "libVirtualGPU.so\n"));
  free(icd);

  snprintf(cmd, sizeof cmd, "rm -rf %s %s", dest, sys);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s %s\n", dest, sys);
  return vt_finish();
}
