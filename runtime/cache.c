/* cache.c - the compile cache (see cache.h) and the SHA-256 its keys are made of.
 *
 * Key = SHA-256 over every input that can change the compiler's output: the command (build,
 * compile, link), the options, the source text, each embedded header (name and text) or input
 * object, and the compiler's identity (the helper binary's size and mtime, VGPU_VERSION).  A strong
 * hash makes a false hit practically impossible, which is what lets a hit skip Clang entirely.
 * Entries live in VGPU_CACHE_DIR (default $XDG_CACHE_HOME/virtualgpu or ~/.cache/virtualgpu), one
 * file per key, written to a temporary name and renamed: rename(2) is atomic, so processes that
 * build the same program at the same time each see either no entry or a whole one.
 * Nothing in the folder is believed blindly (an entry is code that will run): the folder and each
 * entry must be this user's and writable by nobody else, an entry must be a regular file (opened
 * without following links or blocking) and start with the key it is filed under; anything else is
 * logged and built again, the fresh entry replacing it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "runtime/binary.h"
#include "runtime/cache.h"
#include "runtime/sha256.h"
#include "runtime/compile_client.h"
#include "runtime/config.h"
#include "runtime/device.h"
#include "runtime/log.h"

/* ---- the cache ---- */
int vgpu_cache_enabled(void) { return vgpu_config()->cache != 0; }

int vgpu_cache_key_identity(struct vgpu_sha256 *s) {
  const char *helper = vgpu_helper_path();
  struct stat st;
  if (!helper || stat(helper, &st) != 0) return -1;
  /* A rebuilt compiler has a new mtime or size, so old entries simply stop matching. */
  struct { int64_t size, sec, nsec; } id = {(int64_t)st.st_size, (int64_t)st.st_mtim.tv_sec,
                                            (int64_t)st.st_mtim.tv_nsec};
  vgpu_sha256_field(s, &id, sizeof id);
  vgpu_sha256_field(s, VGPU_VERSION, strlen(VGPU_VERSION));
  /* The device configuration the compiler may specialise for. */
  int32_t devcfg[2] = {vgpu_config()->warp_size, (int32_t)(vgpu_config()->local_mem >> 10)};
  vgpu_sha256_field(s, devcfg, sizeof devcfg);
  return 0;
}

/* mkdir -p for the cache directory (it may be several levels below an existing one); what it
 * creates is private (0700, as the XDG base directory specification asks). */
static int make_dirs(const char *dir) {
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) return -1;
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(tmp, 0700) && errno != EEXIST) return -1;
    *p = '/';
  }
  return mkdir(tmp, 0700) && errno != EEXIST ? -1 : 0;
}

/* An entry: ENTRY_MAGIC, the 32-byte key it was stored under, then the program binary container. */
#define ENTRY_MAGIC "VGCACHE1"
#define ENTRY_HEADER 40

int vgpu_cache_path(const uint8_t key[32], char *path, size_t path_len) {
  const char *dir = vgpu_config()->cache_dir;
  if (!dir || !*dir) return -1;
  char hex[65];
  for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", key[i]);
  return snprintf(path, path_len, "%s/%s.vgbin", dir, hex) < (int)path_len ? 0 : -1;
}

/* The folder must be this user's and writable by nobody else: entries are code that will run. */
static int dir_trusted(const char *dir) {
  struct stat st;
  if (stat(dir, &st) != 0) return 0;
  if (S_ISDIR(st.st_mode) && st.st_uid == geteuid() && !(st.st_mode & (S_IWGRP | S_IWOTH))) return 1;
  static int warned;
  if (!warned++)
    vgpu_log(VGPU_LOG_WARN, "compile cache: %s is not a folder of this user that only this user can write; "
             "the cache is not used", dir);
  return 0;
}

/* Reads an entry and checks it: a regular file (not a FIFO, which would block, nor a symbolic link,
 * whose target the refresh would touch), this user's and writable only by this user, that starts
 * with ENTRY_MAGIC and the key it is filed under (a copied or renamed entry is another program's).
 * Returns the malloc'd container after the header, or NULL with *why set (NULL: no entry at all). */
static uint8_t *entry_read(const char *path, const uint8_t key[32], size_t *size, const char **why) {
  *why = NULL;
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ELOOP) *why = "a symbolic link";
    else if (errno != ENOENT) *why = strerror(errno);
    return NULL;
  }
  struct stat st;
  uint8_t *buf = NULL;
  if (fstat(fd, &st) != 0) *why = strerror(errno);
  else if (!S_ISREG(st.st_mode)) *why = "not a regular file";
  else if (st.st_uid != geteuid()) *why = "owned by another user";
  else if (st.st_mode & (S_IWGRP | S_IWOTH)) *why = "writable by other users";
  else if (st.st_size < ENTRY_HEADER || st.st_size >= (1ll << 31)) *why = "wrong size";
  else if (!(buf = malloc((size_t)st.st_size))) *why = "out of memory";
  size_t got = 0;
  while (buf && got < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) { free(buf); buf = NULL; *why = "unreadable"; break; }
    got += (size_t)n;
  }
  if (buf && (memcmp(buf, ENTRY_MAGIC, 8) || memcmp(buf + 8, key, 32))) {
    *why = memcmp(buf, ENTRY_MAGIC, 8) ? "not a cache entry" : "it holds another key's build";
    free(buf);
    buf = NULL;
  }
  if (buf) futimens(fd, NULL); /* recently used: the pruning keeps it (the file itself, never a link's target) */
  close(fd);
  if (!buf) return NULL;
  memmove(buf, buf + ENTRY_HEADER, got - ENTRY_HEADER);
  *size = got - ENTRY_HEADER;
  return buf;
}

int vgpu_cache_load(const uint8_t key[32], uint8_t **data, size_t *size) {
  char path[4200];
  if (!vgpu_cache_enabled() || vgpu_cache_path(key, path, sizeof path) || !dir_trusted(vgpu_config()->cache_dir))
    return -1;
  const char *why;
  uint8_t *buf = entry_read(path, key, size, &why);
  if (!buf) {
    if (why) vgpu_log(VGPU_LOG_WARN, "compile cache: rejected %s (%s): building again", path, why);
    return -1;
  }
  *data = buf;
  return 0;
}

/* The cache stays bounded: entries unused for CACHE_MAX_AGE are dropped, and beyond CACHE_MAX_BYTES
 * the least recently used go first (a hit refreshes an entry's mtime).  Temporary files left by a
 * writer that died are dropped after an hour.  Pruning reads the whole folder, a stat per entry:
 * a test suite that builds thousands of different programs fills it with tens of thousands, and
 * pruning after every store then cost more than the build (170 ms of CPU a build at 60,000
 * entries).  So a process prunes at its first store, then after every PRUNE_EVERY stores or
 * PRUNE_BYTES stored, whichever comes first: the bound may be overshot by that much. */
#define CACHE_MAX_AGE (30 * 24 * 3600)
#define CACHE_MAX_BYTES (512ull << 20)
#define PRUNE_EVERY 256
#define PRUNE_BYTES (CACHE_MAX_BYTES / 16)

static int prune_due(size_t stored) {
  static atomic_uint stores;
  static atomic_ullong bytes;
  unsigned n = atomic_fetch_add(&stores, 1);
  if (n % PRUNE_EVERY == 0 || atomic_fetch_add(&bytes, stored) + stored >= PRUNE_BYTES) {
    atomic_store(&bytes, 0);
    return 1;
  }
  return 0;
}

struct cache_file { char name[96]; time_t mtime; uint64_t size; };

static int by_mtime(const void *a, const void *b) {
  const struct cache_file *x = a, *y = b;
  return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

static void cache_prune(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct cache_file *files = NULL;
  size_t n = 0, cap = 0;
  uint64_t total = 0;
  time_t now = time(NULL);
  struct dirent *e;
  char path[4400];
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    int entry = len > 6 && !strcmp(e->d_name + len - 6, ".vgbin"), tmp = len > 4 && !strcmp(e->d_name + len - 4, ".tmp");
    if ((!entry && !tmp) || len >= sizeof files->name) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(path, &st) != 0) continue;
    if ((tmp && now - st.st_mtime > 3600) || (entry && now - st.st_mtime > CACHE_MAX_AGE)) { unlink(path); continue; }
    if (!entry) continue;
    if (n == cap) {
      struct cache_file *f = realloc(files, (cap = cap ? 2 * cap : 64) * sizeof *files);
      if (!f) break;
      files = f;
    }
    snprintf(files[n].name, sizeof files[n].name, "%s", e->d_name);
    files[n].mtime = st.st_mtime;
    files[n].size = (uint64_t)st.st_size;
    total += files[n++].size;
  }
  closedir(d);
  if (total > CACHE_MAX_BYTES) {
    qsort(files, n, sizeof *files, by_mtime);
    for (size_t i = 0; i < n && total > CACHE_MAX_BYTES / 4 * 3; i++) {
      snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
      if (unlink(path) == 0) total -= files[i].size;
    }
  }
  free(files);
}

void vgpu_cache_store(const uint8_t key[32], const void *data, size_t size) {
  char path[4200], tmp[4300];
  if (!vgpu_cache_enabled() || vgpu_cache_path(key, path, sizeof path)) return;
  if (make_dirs(vgpu_config()->cache_dir)) {
    vgpu_log(VGPU_LOG_WARN, "compile cache: cannot create %s: %s", vgpu_config()->cache_dir, strerror(errno));
    return;
  }
  if (!dir_trusted(vgpu_config()->cache_dir)) return;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  snprintf(tmp, sizeof tmp, "%s.%d.%ld.tmp", path, (int)getpid(), (long)ts.tv_nsec);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) { vgpu_log(VGPU_LOG_WARN, "compile cache: cannot write %s: %s", tmp, strerror(errno)); return; }
  uint8_t header[ENTRY_HEADER];
  memcpy(header, ENTRY_MAGIC, 8);
  memcpy(header + 8, key, 32);
  int bad = write(fd, header, sizeof header) != (ssize_t)sizeof header;
  const uint8_t *p = data;
  size_t left = size;
  while (left && !bad) {
    ssize_t n = write(fd, p, left);
    if (n <= 0) bad = 1;
    else { p += n; left -= (size_t)n; }
  }
  if (close(fd) || bad || rename(tmp, path)) {
    vgpu_log(VGPU_LOG_WARN, "compile cache: cannot store %s: %s", path, strerror(errno));
    unlink(tmp);
  }
  if (prune_due(size)) cache_prune(vgpu_config()->cache_dir);
}

/* ---- the cached compile ---- */
static cl_program_binary_type job_output_type(const struct vgpu_compile_job *job) {
  if (!strcmp(job->command, "compile")) return CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT;
  if (!strcmp(job->command, "link") && job->library) return CL_PROGRAM_BINARY_TYPE_LIBRARY;
  return CL_PROGRAM_BINARY_TYPE_EXECUTABLE;
}

/* The key covers only what the runtime can see.  A file the compiler would read from disk (an
 * #include not among the embedded headers, or any -I directory) could change behind the key's
 * back, so such builds are not cached. */
static int include_is_embedded(const char *name, size_t len, const struct vgpu_compile_job *job) {
  for (size_t i = 0; i < job->nheaders; i++)
    if (strlen(job->headers[i].name) == len && !strncmp(job->headers[i].name, name, len)) return 1;
  return 0;
}

static int text_self_contained(const char *t, size_t len, const struct vgpu_compile_job *job) {
  for (size_t i = 0; i < len; i++) {
    if (t[i] != '#' || (i && t[i - 1] != '\n' && t[i - 1] != ' ' && t[i - 1] != '\t')) continue;
    size_t j = i + 1;
    while (j < len && (t[j] == ' ' || t[j] == '\t')) j++;
    if (len - j < 7 || strncmp(t + j, "include", 7)) continue;
    j += 7;
    while (j < len && (t[j] == ' ' || t[j] == '\t')) j++;
    if (j >= len || (t[j] != '"' && t[j] != '<')) return 0; /* a macro-named include: unknowable */
    char close = t[j] == '"' ? '"' : '>';
    size_t k = ++j;
    while (k < len && t[k] != close && t[k] != '\n') k++;
    if (k >= len || t[k] != close || !include_is_embedded(t + j, k - j, job)) return 0;
  }
  return 1;
}

static int job_cacheable(const struct vgpu_compile_job *job) {
  char **w = vgpu_split_options(job->options, NULL);
  int ok = w != NULL;
  for (char **p = w; p && *p; p++)
    if (!strncmp(*p, "-I", 2)) ok = 0;
  vgpu_free_words(w);
  if (ok && job->source && !job->il) ok = text_self_contained(job->source, job->source_len, job);
  for (size_t i = 0; ok && i < job->nheaders; i++)
    ok = text_self_contained(job->headers[i].data, job->headers[i].size, job);
  return ok;
}

int vgpu_compile_cached(const struct vgpu_compile_job *job, struct vgpu_compile_result *res) {
  uint8_t key[32];
  struct vgpu_sha256 s;
  int use_cache = vgpu_cache_enabled() && job_cacheable(job);
  if (use_cache) {
    vgpu_sha256_init(&s);
    vgpu_sha256_field(&s, "vgpu-compile-cache-2", 20); /* bump when the helper's invocation changes */
    vgpu_sha256_field(&s, job->command, strlen(job->command));
    vgpu_sha256_field(&s, job->options ? job->options : "", job->options ? strlen(job->options) : 0);
    vgpu_sha256_field(&s, job->source, job->source ? job->source_len : 0);
    uint64_t counts[4] = {job->nheaders, job->nobjects, (uint64_t)job->library, (uint64_t)job->il};
    vgpu_sha256_field(&s, counts, sizeof counts);
    for (size_t i = 0; i < job->nheaders; i++) {
      vgpu_sha256_field(&s, job->headers[i].name, strlen(job->headers[i].name));
      vgpu_sha256_field(&s, job->headers[i].data, job->headers[i].size);
    }
    for (size_t i = 0; i < job->nobjects; i++) vgpu_sha256_field(&s, job->objects[i].data, job->objects[i].size);
    if (job->il) vgpu_sha256_field(&s, vgpu_config()->spirv_translator, strlen(vgpu_config()->spirv_translator));
    use_cache = vgpu_cache_key_identity(&s) == 0;
    if (use_cache) vgpu_sha256_final(&s, key);
  }
  cl_program_binary_type type = job_output_type(job);
  uint32_t kind = type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE ? VGPU_PAYLOAD_VIR : VGPU_PAYLOAD_BITCODE;
  uint8_t *data;
  size_t size;
  if (use_cache && vgpu_cache_load(key, &data, &size) == 0) {
    struct vgpu_binary b;
    char why[256];
    int ok = vgpu_binary_parse(data, size, &b, why, sizeof why) == 0;
    free(data);
    if (ok && b.type == type && b.payload_kind == kind) {
      memset(res, 0, sizeof *res);
      res->status = VGPU_COMPILE_OK;
      res->out = b.payload;
      res->out_size = b.payload_size;
      res->log = b.log;
      res->from_cache = 1;
      free(b.options);
      vgpu_log(VGPU_LOG_INFO, "compiler: vgpu %s answered by the compile cache", job->command);
      return res->status;
    }
    if (ok) vgpu_binary_free(&b);
    /* A corrupt or foreign entry is ignored; the fresh result replaces it. */
    vgpu_log(VGPU_LOG_WARN, "compile cache: rejected an unusable entry (%s): building again", ok ? "wrong type" : why);
  }
  vgpu_compile_run(job, res);
  if (use_cache && res->status == VGPU_COMPILE_OK) {
    char why[256];
    if (vgpu_payload_check(kind, res->out, res->out_size, why, sizeof why) == 0) {
      struct vgpu_binary b = {type, kind, 0, res->out, res->out_size, (char *)(job->options ? job->options : ""), res->log};
      if (vgpu_binary_write(&b, &data, &size) == 0) {
        vgpu_cache_store(key, data, size);
        free(data);
      }
    }
  }
  return res->status;
}
