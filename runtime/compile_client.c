/* compile_client.c - starts the compiler helper (see compile_client.h).
 *
 * Each job gets a private directory (mkdtemp) holding the source, the embedded headers under
 * their include names, the output and the log, removed afterwards: concurrent builds in one or
 * several processes never share a file.  The child closes every inherited descriptor (the host
 * program's and the device arenas' memfds), gets an address-space limit and no core dumps, and is
 * killed when it outlives the time limit; whatever happens, the build ends with a log line.  When
 * the host program dies mid-build, the helper stops and removes the directory itself. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "runtime/compile_client.h"
#include "runtime/compile_server.h"
#include "runtime/config.h"
#include "runtime/device.h"
#include "runtime/log.h"

#define BUILD_TIMEOUT_S 120.0               /* VGPU_BUILD_TIMEOUT overrides (seconds) */
#define BUILD_ADDRESS_SPACE (4ull << 30)    /* Clang compiling one kernel file needs far less */

char **vgpu_split_options(const char *s, int *count) {
  size_t cap = 8, n = 0, len = s ? strlen(s) : 0;
  char **words = calloc(cap, sizeof *words);
  char *cur = malloc(len + 1);
  if (!words || !cur) { free(words); free(cur); return NULL; }
  const char *p = s ? s : "";
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    if (!*p) break;
    size_t k = 0;
    char quote = 0;
    for (; *p; p++) {
      if (quote) {
        if (*p == quote) quote = 0;
        else if (*p == '\\' && quote == '"' && (p[1] == '"' || p[1] == '\\')) cur[k++] = *++p;
        else cur[k++] = *p;
      } else if (*p == '"' || *p == '\'') quote = *p;
      else if (*p == '\\' && p[1]) cur[k++] = *++p;
      else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') break;
      else cur[k++] = *p;
    }
    cur[k] = 0;
    if (n + 2 > cap) {
      char **w = realloc(words, (cap *= 2) * sizeof *words);
      if (!w) { free(cur); vgpu_free_words(words); return NULL; }
      words = w;
    }
    if (!(words[n++] = strdup(cur))) { free(cur); vgpu_free_words(words); return NULL; }
    words[n] = NULL;
  }
  free(cur);
  if (count) *count = (int)n;
  return words;
}

void vgpu_free_words(char **words) {
  if (!words) return;
  for (char **w = words; *w; w++) free(*w);
  free(words);
}

void vgpu_compile_result_free(struct vgpu_compile_result *res) {
  free(res->log);
  free(res->out);
  memset(res, 0, sizeof *res);
}

static int write_file(const char *path, const void *data, size_t size) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  const char *p = data;
  while (size) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) { close(fd); return -1; }
    p += n; size -= (size_t)n;
  }
  return close(fd);
}

/* Reads a whole file into malloc'd memory, NUL-terminated (size excludes the NUL). */
static char *read_file(const char *path, size_t *size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    if (n == cap) {
      char *b = realloc(buf, (cap *= 2) + 1);
      if (!b) { free(buf); buf = NULL; break; }
      buf = b;
    }
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { free(buf); buf = NULL; break; }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  if (buf) { buf[n] = 0; if (size) *size = n; }
  return buf;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st; (void)flag; (void)ftw;
  remove(path);
  return 0;
}

/* Writes an embedded header at include/<name>, creating its directories.  Include names are
 * relative paths chosen by the application; ".." components would escape the private directory. */
static int write_header(const char *dir, const struct vgpu_compile_input *h) {
  const char *name = h->name;
  while (*name == '/') name++;
  if (!*name || strstr(name, "..")) return -1;
  char path[4096];
  if (snprintf(path, sizeof path, "%s/include/%s", dir, name) >= (int)sizeof path) return -1;
  for (char *p = path + strlen(dir) + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(path, 0700) && errno != EEXIST) return -1;
    *p = '/';
  }
  return write_file(path, h->data, h->size);
}

static void appendf(char **log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void appendf(char **log, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char line[1024];
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  size_t old = *log ? strlen(*log) : 0;
  char *n = realloc(*log, old + strlen(line) + 1);
  if (!n) return;
  strcpy(n + old, line);
  *log = n;
}

/* Appends word to out, double-quoted with \ and " escaped (the compiler's option splitter
 * undoes exactly this). */
static void append_quoted(char *out, const char *word) {
  char *p = out + strlen(out);
  if (p != out) *p++ = ' ';
  *p++ = '"';
  for (const char *w = word; *w; w++) {
    if (*w == '"' || *w == '\\') *p++ = '\\';
    *p++ = *w;
  }
  *p++ = '"';
  *p = 0;
}

/* The options with relative -I directories made absolute (malloc'd; NULL when none given). */
static char *absolute_includes(const char *options) {
  if (!options || !*options) return NULL;
  int n = 0;
  char **w = vgpu_split_options(options, &n);
  char cwd[4096];
  if (!w || !getcwd(cwd, sizeof cwd)) { vgpu_free_words(w); return strdup(options); }
  size_t cap = 2 * strlen(options) + (size_t)n * (strlen(cwd) + 8) + 16;
  char *out = calloc(1, cap);
  for (int i = 0; out && i < n; i++) {
    const char *dirarg = NULL;
    int separate = 0;
    if (!strcmp(w[i], "-I") && i + 1 < n) { append_quoted(out, "-I"); dirarg = w[++i]; separate = 1; }
    else if (!strncmp(w[i], "-I", 2) && w[i][2]) { dirarg = w[i] + 2; }
    if (!dirarg) { append_quoted(out, w[i]); continue; }
    char full[8300];
    snprintf(full, sizeof full, "%s%s%s%s", separate ? "" : "-I", dirarg[0] == '/' ? "" : cwd,
             dirarg[0] == '/' ? "" : "/", dirarg);
    append_quoted(out, full);
  }
  vgpu_free_words(w);
  return out;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double build_timeout(void) {
  const char *v = getenv("VGPU_BUILD_TIMEOUT");
  double t = v ? atof(v) : 0;
  return t > 0 ? t : BUILD_TIMEOUT_S;
}

/* fork + exec with the limits; returns the raw wait status, or -1 (could not start) / -2 (timeout). */
static int spawn_helper(const char *dir, char **argv, double timeout) {
  char outpath[4096];
  snprintf(outpath, sizeof outpath, "%s/helper.out", dir);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    /* Child: only async-signal-safe calls until exec (the host program may have threads). */
    setpgid(0, 0);
    int null = open("/dev/null", O_RDONLY);
    int out = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (null >= 0) dup2(null, 0);
    if (out >= 0) { dup2(out, 1); dup2(out, 2); }
#ifndef __SANITIZE_ADDRESS__ /* ASan reserves terabytes of address space */
    struct rlimit as = {BUILD_ADDRESS_SPACE, BUILD_ADDRESS_SPACE};
    setrlimit(RLIMIT_AS, &as);
#endif
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CORE, &core);
    if (chdir(dir) != 0) _exit(127);
    closefrom(3);
    execv(argv[0], argv);
    _exit(127);
  }
  /* A pidfd becomes readable the moment the helper exits, so the build returns without polling
   * latency; without pidfd support (old kernels), poll with a growing nap. */
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  double deadline = now_s() + timeout;
  long nap_ns = 1000000;
  for (;;) {
    int st;
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == pid) { if (pidfd >= 0) close(pidfd); return st; }
    /* ECHILD: the host program ignores SIGCHLD or reaps every child itself, so the exit status is
     * lost; once the helper is gone, its output decides (-3). */
    if (r < 0 && errno == ECHILD && kill(pid, 0) != 0) { if (pidfd >= 0) close(pidfd); return -3; }
    if (r < 0 && errno != EINTR && errno != ECHILD) { if (pidfd >= 0) close(pidfd); return -1; }
    double left = deadline - now_s();
    if (left <= 0) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
      if (pidfd >= 0) close(pidfd);
      return -2;
    }
    if (pidfd >= 0) {
      struct pollfd pfd = {pidfd, POLLIN, 0};
      poll(&pfd, 1, left > 1.0 ? 1000 : (int)(left * 1000) + 1);
    } else {
      struct timespec ts = {0, nap_ns};
      nanosleep(&ts, NULL);
      if (nap_ns < 20000000) nap_ns *= 2;
    }
  }
}

int vgpu_compile_run(const struct vgpu_compile_job *job, struct vgpu_compile_result *res) {
  memset(res, 0, sizeof *res);
  res->status = VGPU_COMPILE_CRASHED;
  const char *helper = vgpu_helper_path();
  if (!helper || access(helper, X_OK) != 0) {
    appendf(&res->log, "error: the VirtualGPU compiler helper '%s' cannot be run (set VGPU_COMPILER)\n",
            helper ? helper : "vgpu");
    return res->status;
  }
  const char *tmp = getenv("TMPDIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/vgpu-build-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    snprintf(dir, sizeof dir, "/tmp/vgpu-build-XXXXXX");
    if (!mkdtemp(dir)) {
      appendf(&res->log, "error: cannot create a build directory: %s\n", strerror(errno));
      return res->status;
    }
  }
  /* The helper runs in the private directory, so that diagnostics and fault reports name the
   * source "program.cl"; relative -I options are made absolute so that they still mean what the
   * application meant (its working directory). */
  char path[4200], in_path[4200], out_path[4200], log_path[4200], inc_path[4200];
  char *opts = absolute_includes(job->options);
  snprintf(in_path, sizeof in_path, "%s/program.cl", dir);
  snprintf(out_path, sizeof out_path, "%s/output.bin", dir);
  snprintf(log_path, sizeof log_path, "%s/build.log", dir);
  snprintf(inc_path, sizeof inc_path, "%s/include", dir);
  size_t nargs = 24 + job->nobjects;
  char **argv = calloc(nargs, sizeof *argv);
  char **objnames = calloc(job->nobjects + 1, sizeof *objnames);
  int fail = !argv || !objnames;
  size_t a = 0;
  /* The helper runs in another directory: a relative VGPU_COMPILER must be resolved here. */
  char helper_abs[4096];
  if (helper[0] != '/' && realpath(helper, helper_abs)) helper = helper_abs;
  char host_pid[24], dir_abs[4096];
  snprintf(host_pid, sizeof host_pid, "%ld", (long)getpid());
  if (!realpath(dir, dir_abs)) snprintf(dir_abs, sizeof dir_abs, "%s", dir); /* a relative TMPDIR */
  if (!fail) {
    argv[a++] = (char *)helper;
    /* The helper stops and removes dir when this process dies mid-build (sim/host_link.h). */
    argv[a++] = "--host-pid";
    argv[a++] = host_pid;
    argv[a++] = "--private-dir";
    argv[a++] = dir_abs;
    argv[a++] = (char *)job->command;
    if (strcmp(job->command, "link") != 0) {
      if (job->il) {
        /* SPIR-V: the helper runs the translator the runtime found (config.h) */
        snprintf(in_path, sizeof in_path, "%s/program.spv", dir);
        argv[a++] = "--il";
        argv[a++] = "--translator";
        argv[a++] = (char *)vgpu_config()->spirv_translator;
      }
      fail |= write_file(in_path, job->source ? job->source : "", job->source_len) != 0;
      argv[a++] = "--in";
      argv[a++] = job->il ? "program.spv" : "program.cl";
    }
    argv[a++] = "--out";
    argv[a++] = "output.bin";
    argv[a++] = "--log";
    argv[a++] = "build.log";
    if (job->nheaders) {
      argv[a++] = "--include-dir";
      argv[a++] = "include";
      fail |= mkdir(inc_path, 0700) != 0;
      for (size_t i = 0; i < job->nheaders && !fail; i++)
        if (write_header(dir, &job->headers[i])) {
          appendf(&res->log, "error: cannot write the embedded header '%s'\n", job->headers[i].name);
          fail = 1;
        }
    }
    if (job->library) argv[a++] = "--library";
    for (size_t i = 0; i < job->nobjects && !fail; i++) {
      snprintf(path, sizeof path, "%s/input%zu.bc", dir, i);
      objnames[i] = strdup(path + strlen(dir) + 1);
      fail |= !objnames[i] || write_file(path, job->objects[i].data, job->objects[i].size) != 0;
      if (!fail) argv[a++] = objnames[i];
    }
    /* The option text goes as one argument: the compiler splits it (quotes group words). */
    if (opts && *opts) {
      argv[a++] = "--";
      argv[a++] = opts;
    }
    argv[a] = NULL;
  }
  if (fail) {
    appendf(&res->log, "error: cannot prepare the build directory %s\n", dir);
  } else {
    double t0 = now_s(), timeout = build_timeout();
    /* The resident server forks the build (compile_server.h); without one (VGPU_COMPILE_SERVER=0,
     * or none could be started) the helper is started for this build alone.  argv + 5 is the
     * command line after the host-link prefix. */
    const char *srv = getenv("VGPU_COMPILE_SERVER");
    int st = srv && !strcmp(srv, "0") ? -1 : vgpu_compile_server_run(helper, dir_abs, argv + 5, timeout);
    if (st == -1) st = spawn_helper(dir, argv, timeout);
    vgpu_log(VGPU_LOG_INFO, "compiler: vgpu %s took %.3f s", job->command, now_s() - t0);
    res->log = read_file(log_path, NULL);
    snprintf(path, sizeof path, "%s/helper.out", dir);
    char *helper_out = read_file(path, NULL);
    if (st == -3) {
      /* Exit status lost (see spawn_helper): an output file means it succeeded, a log that it failed. */
      res->status = access(out_path, F_OK) == 0 ? VGPU_COMPILE_OK : res->log && *res->log ? VGPU_COMPILE_FAILED
                                                                                           : VGPU_COMPILE_CRASHED;
      if (res->status == VGPU_COMPILE_CRASHED) appendf(&res->log, "error: the compiler helper ended without output\n");
    } else if (st == -1) {
      appendf(&res->log, "error: could not start the compiler helper %s\n", helper);
    } else if (st == -2) {
      appendf(&res->log, "error: the compiler helper did not finish within %g s and was killed\n", timeout);
    } else if (WIFSIGNALED(st)) {
      appendf(&res->log, "error: the compiler helper crashed (%s)\n", strsignal(WTERMSIG(st)));
    } else if (WIFEXITED(st) && WEXITSTATUS(st) <= 2) {
      res->status = WEXITSTATUS(st);
    } else {
      appendf(&res->log, "error: the compiler helper %s exited with status %d\n",
              WEXITSTATUS(st) == 127 ? "could not be run and" : "", WEXITSTATUS(st));
    }
    /* The helper's own stderr matters when it did not finish normally. */
    if (res->status == VGPU_COMPILE_CRASHED && helper_out && *helper_out) appendf(&res->log, "%.900s", helper_out);
    /* A failure must come with a reason: the helper's stderr when it wrote no log. */
    if (res->status != VGPU_COMPILE_OK && (!res->log || !*res->log) && helper_out && *helper_out) {
      free(res->log);
      res->log = helper_out;
      helper_out = NULL;
    }
    free(helper_out);
    if (res->status == VGPU_COMPILE_OK) {
      res->out = (uint8_t *)read_file(out_path, &res->out_size);
      if (!res->out) {
        res->status = VGPU_COMPILE_CRASHED;
        appendf(&res->log, "error: the compiler helper reported success but wrote no output\n");
      }
    }
  }
  if (!res->log) res->log = strdup("");
  if (!res->log) res->log = calloc(1, 1);
  nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  for (size_t i = 0; objnames && i < job->nobjects; i++) free(objnames[i]);
  free(objnames);
  free(argv);
  free(opts);
  return res->status;
}
