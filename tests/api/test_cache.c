/* test_cache.c - the compile cache: a successful build leaves one valid entry in VGPU_CACHE_DIR,
 * building the same source with the same options again does not start the compiler helper, other
 * options or VGPU_CACHE=0 do, a corrupt entry is ignored and replaced, and failed builds are not
 * cached.  "Does not start the helper" is proved by making the helper unrunnable (chmod 000, which
 * keeps its size and mtime, i.e. the compiler identity in the key) after the first build.
 * Each build runs in a child process, because the configuration is read once per process. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"

static char dir[] = "/tmp/vgpu-cache-test-XXXXXX";
static char helper[300], cache[300], self[4096];

static const char *good = "kernel void k(global int *a) { a[get_global_id(0)] = X * 2; }";
static const char *bad = "kernel void k(global int *a) { a[0] = missing_symbol; }";
static const char *inc = "#include \"cache_test.h\"\nkernel void k(global int *a) { a[0] = HVAL; }";

static int child(const char *which, const char *options) {
  cl_int err;
  const char *src = !strcmp(which, "bad") ? bad : !strcmp(which, "inc") ? inc : good;
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &src, NULL, &err);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  err = clBuildProgram(p, 0, NULL, options, NULL, NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  size_t nk = 0;
  if (err == CL_SUCCESS) clGetProgramInfo(p, CL_PROGRAM_NUM_KERNELS, sizeof nk, &nk, NULL);
  printf("%s %zu %.3f", vt_error_name(err), nk, (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
  clReleaseProgram(p);
  return 0;
}

/* Runs a build in a child; returns its "ERROR nkernels ms" line. */
static const char *build(const char *which, const char *options, int cache_on) {
  int fds[2];
  if (pipe(fds)) return "";
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    char err[400];
    snprintf(err, sizeof err, "%s/child.err", dir);
    if (!freopen(err, "w", stderr)) _exit(126);
    alarm(30); /* a build that blocks (on a FIFO named like an entry) fails instead of hanging */
    setenv("VGPU_COMPILER", helper, 1);
    setenv("VGPU_CACHE_DIR", cache, 1);
    setenv("VGPU_CACHE", cache_on ? "1" : "0", 1);
    execl(self, self, "child", which, options, (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  static char buf[256];
  ssize_t n = read(fds[0], buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  close(fds[0]);
  int st;
  waitpid(pid, &st, 0);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  return buf;
}

static int ok(const char *line) { return !strncmp(line, "CL_SUCCESS 1 ", 13); }
static int failed(const char *line) { return !strncmp(line, "CL_BUILD_PROGRAM_FAILURE", 24); }

/* Number of entries, and the path of one. */
static int entries(char *one, size_t len) {
  DIR *d = opendir(cache);
  int n = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l > 6 && !strcmp(e->d_name + l - 6, ".vgbin")) {
      n++;
      if (one) snprintf(one, len, "%s/%s", cache, e->d_name);
    }
  }
  if (d) closedir(d);
  return n;
}

static int child_said(const char *what) {
  char err[400];
  snprintf(err, sizeof err, "%s/child.err", dir);
  char *text = vt_read_file(err, NULL);
  int found = text && strstr(text, what);
  free(text);
  return found;
}

/* The cache believes nothing it did not write itself.  entry holds good's build with -DX=21 (its
 * bytes: good_bytes); each case below is rejected, logged and built again (with the helper
 * unrunnable, a rejected entry means a failed build). */
static void untrusted_entries(const char *entry, const char *good_bytes, size_t len) {
  char other[600] = "", cmd[2000];
  /* Another kernel's entry copied over this one's: the key inside it differs. */
  chmod(helper, 0755);
  CHECK(ok(build("good", "-DX=23", 1)));
  DIR *d = opendir(cache);
  struct dirent *e;
  while (d && (e = readdir(d)))
    if (strstr(e->d_name, ".vgbin") && !strstr(entry, e->d_name)) snprintf(other, sizeof other, "%s/%s", cache, e->d_name);
  if (d) closedir(d);
  snprintf(cmd, sizeof cmd, "cp '%s' '%s'", other, entry);
  CHECK(other[0] && system(cmd) == 0);
  chmod(helper, 0);
  CHECK(failed(build("good", "-DX=21", 1)));
  CHECK(child_said("another key"));
  chmod(helper, 0755);
  CHECK(ok(build("good", "-DX=21", 1))); /* rebuilt: the entry is right again */
  chmod(helper, 0);
  CHECK(ok(build("good", "-DX=21", 1)));
  /* An entry others may write, or another user's. */
  chmod(entry, 0666);
  CHECK(failed(build("good", "-DX=21", 1)));
  chmod(entry, 0600);
  CHECK(ok(build("good", "-DX=21", 1)));
  if (geteuid() == 0) {
    CHECK(chown(entry, 65534, 65534) == 0);
    CHECK(failed(build("good", "-DX=21", 1)));
    CHECK(chown(entry, 0, 0) == 0);
  }
  /* A cache folder others may write is not used at all. */
  chmod(cache, 0777);
  CHECK(failed(build("good", "-DX=21", 1)));
  chmod(cache, 0700);
  CHECK(ok(build("good", "-DX=21", 1)));
  chmod(helper, 0755);
  /* A FIFO named like the entry: not opened for reading (that would block the build forever). */
  unlink(entry);
  CHECK(mkfifo(entry, 0600) == 0);
  CHECK(ok(build("good", "-DX=21", 1)));
  struct stat st;
  CHECK(lstat(entry, &st) == 0 && S_ISREG(st.st_mode)); /* replaced by the fresh build */
  /* A symbolic link to another file (a system file, say): not followed, so its target's times stay. */
  char target[400];
  snprintf(target, sizeof target, "%s/target", dir);
  FILE *f = fopen(target, "wb");
  if (f) { fwrite(good_bytes, 1, len, f); fclose(f); }
  struct timespec old_times[2] = {{1000000000, 0}, {1000000000, 0}};
  utimensat(AT_FDCWD, target, old_times, 0);
  unlink(entry);
  CHECK(symlink(target, entry) == 0);
  CHECK(ok(build("good", "-DX=21", 1)));
  CHECK(child_said("symbolic link"));
  CHECK(stat(target, &st) == 0 && st.st_mtime == 1000000000 && st.st_atime == 1000000000);
  CHECK(lstat(entry, &st) == 0 && S_ISREG(st.st_mode));
  unlink(other);
  unlink(target);
}

int main(int argc, char **argv) {
  if (argc > 2 && !strcmp(argv[1], "child")) return child(argv[2], argc > 3 ? argv[3] : NULL);
  vt_device();
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  const char *bdir = getenv("VGPU_BUILD_DIR");
  if (n <= 0 || !bdir || !mkdtemp(dir)) { fprintf(stderr, "needs VGPU_BUILD_DIR (run through ctest)\n"); return 77; }
  self[n] = 0;
  snprintf(helper, sizeof helper, "%s/vgpu", dir);
  snprintf(cache, sizeof cache, "%s/cache/nested", dir);
  char cmd[8400];
  snprintf(cmd, sizeof cmd, "cp -p '%s/bin/vgpu' '%s'", bdir, helper);
  if (system(cmd) != 0) return 77;

  char first[256], again[256];
  snprintf(first, sizeof first, "%s", build("good", "-DX=21", 1));
  if (!CHECK(ok(first))) fprintf(stderr, "  first build: %s\n", first);
  char entry[600] = "";
  CHECK(entries(entry, sizeof entry) == 1);
  size_t len = 0;
  char *bytes = vt_read_file(entry, &len);
  CHECK(bytes && len > 64 && !memcmp(bytes, "VGCACHE1", 8));
  /* XDG: what the cache creates is private. */
  struct stat st;
  CHECK(stat(cache, &st) == 0 && (st.st_mode & 0777) == 0700);
  CHECK(stat(entry, &st) == 0 && (st.st_mode & 0777) == 0600);

  chmod(helper, 0); /* from now on the helper cannot run; its size and mtime are unchanged */
  snprintf(again, sizeof again, "%s", build("good", "-DX=21", 1));
  if (!CHECK(ok(again))) fprintf(stderr, "  cached build: %s\n", again);
  const char *cold_ms = strrchr(first, ' '), *cached_ms = strrchr(again, ' '); /* absent when a child failed */
  printf("clBuildProgram of a small kernel: cold %s ms, cached %s ms\n", cold_ms ? cold_ms + 1 : "?",
         cached_ms ? cached_ms + 1 : "?");
  CHECK(failed(build("good", "-DX=22", 1)));   /* other options: another key */
  CHECK(failed(build("good", "-DX=21", 0)));   /* VGPU_CACHE=0: no lookup */

  /* A corrupt entry is ignored (the helper runs again) and replaced by a good one. */
  chmod(helper, 0755);
  FILE *f = fopen(entry, "wb");
  fwrite(bytes, 1, len / 2, f);
  fclose(f);
  CHECK(ok(build("good", "-DX=21", 1)));
  chmod(helper, 0);
  CHECK(ok(build("good", "-DX=21", 1)));
  untrusted_entries(entry, bytes, len);
  /* Failed builds are not cached. */
  chmod(helper, 0755);
  CHECK(failed(build("bad", NULL, 1)));
  CHECK(entries(NULL, 0) == 1);
  CHECK(failed(build("bad", NULL, 1)));
  /* Processes building the same new program at once: all succeed, one whole entry remains. */
  chmod(helper, 0755);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache);
  if (system(cmd)) {}
  pid_t kids[4];
  for (int i = 0; i < 4; i++) {
    kids[i] = fork();
    if (kids[i] == 0) _exit(ok(build("good", "-DX=99", 1)) ? 0 : 1);
  }
  int all_ok = 1;
  for (int i = 0; i < 4; i++) {
    int st;
    waitpid(kids[i], &st, 0);
    all_ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
  }
  CHECK(all_ok);
  CHECK(entries(entry, sizeof entry) == 1);
  chmod(helper, 0);
  CHECK(ok(build("good", "-DX=99", 1)));
  chmod(helper, 0755);

  /* Entries unused for months and temporary files of dead writers are pruned by the next store. */
  char stale[700], deadtmp[700];
  snprintf(stale, sizeof stale, "%s/%064d.vgbin", cache, 0);
  snprintf(deadtmp, sizeof deadtmp, "%s/x.vgbin.1.2.tmp", cache);
  FILE *sf = fopen(stale, "w"), *tf = fopen(deadtmp, "w");
  if (sf) fclose(sf);
  if (tf) fclose(tf);
  struct timespec old_times[2] = {{time(NULL) - 90 * 24 * 3600, 0}, {time(NULL) - 90 * 24 * 3600, 0}};
  utimensat(AT_FDCWD, stale, old_times, 0);
  utimensat(AT_FDCWD, deadtmp, old_times, 0);
  CHECK(entries(NULL, 0) == 2);
  CHECK(ok(build("good", "-DX=100", 1)));
  CHECK(access(stale, F_OK) != 0 && access(deadtmp, F_OK) != 0);
  CHECK(entries(NULL, 0) == 2); /* X=99 and X=100 */

  /* A header read from disk (-I) is outside the key: such builds are not cached. */
  char hdr[400], iopt[400];
  snprintf(hdr, sizeof hdr, "%s/cache_test.h", dir);
  snprintf(iopt, sizeof iopt, "-I%s", dir);
  f = fopen(hdr, "w");
  fputs("#define HVAL 5\n", f);
  fclose(f);
  CHECK(ok(build("inc", iopt, 1)));
  CHECK(entries(NULL, 0) == 2);
  chmod(helper, 0);
  CHECK(failed(build("inc", iopt, 1)));
  free(bytes);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd)) {}
  return vt_finish();
}
