/* timeline.c - the VGPU_TIMELINE recorder and writer (see timeline.h, docs/timeline.md).
 *
 * Cheap where it is hot: an API call is two clock reads and one record appended to the calling
 * thread's own buffer (its lock is only ever contended by a flush).  Everything else (commands,
 * builds, launches) is rarer and formatted as JSON at once into the same thread buffer.  A flush
 * takes every thread's buffer and writes it at the end of the file, then rewrites the closing
 * "]}" after it, so the file is a complete JSON document after every flush. */
#include "runtime/timeline.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "runtime/config.h"
#include "runtime/device.h"
#include "runtime/event.h"
#include "runtime/log.h"
#include "runtime/queue.h"
#include "sim/launch.h"
#include "sim/observers/timeline.h"

/* Chrome trace "processes": the host keeps its real pid; the others get numbers above Linux's
 * largest pid (2^22), so they never collide with it. */
#define PID_QUEUES 4194305
#define PID_COMPILER 4194306
#define PID_LINKS 4194307
#define PID_DEVICE(d) (4194310 + (int)(d))

#define FLUSH_TEXT (4u << 20)  /* bytes of JSON a thread buffers before it flushes itself */
#define FLUSH_CALLS 65536      /* API calls likewise */

struct api_rec { const char *name; uint64_t t0, t1; };

struct tl_thread {
  pthread_mutex_t lock;
  int tid, named;
  struct api_rec *api;
  size_t napi, capi;
  char *text;
  size_t ntext, ctext;
  struct tl_thread *next;
  /* the command running on this thread (a command processor) */
  char kernel[128];
  uint64_t bytes;
  int has_bytes;
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int fd = -1;
static off_t pos;                  /* where the next event goes (the trailer follows it) */
static pthread_mutex_t file_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tl_thread *threads;
/* initial-exec: static TLS (one pointer fits glibc's surplus for dlopen'ed libraries).  The default
 * dynamic TLS of a dlopen'ed library made GCC 12's LeakSanitizer crash at exit ("Tracer caught
 * signal 11" scanning a bogus DTLS range, docs/testing.md). */
static __thread struct tl_thread *self __attribute__((tls_model("initial-exec")));
static int host_pid;

/* Known queues and devices (their names are written once, at first sight). */
static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;
static const void *queues[256];
static unsigned nqueues;
static struct { int named; } devs[16];

static const char trailer[] = "\n]}\n";

static void write_all(const char *p, size_t n, off_t at) {
  while (n) {
    ssize_t w = pwrite(fd, p, n, at);
    if (w <= 0) return;
    p += w;
    n -= (size_t)w;
    at += w;
  }
}

/* ---- JSON text ---- */
struct sbuf { char *p; size_t n, cap; };

/* Room for n more bytes and the NUL: 0, or -1 out of memory. */
static int sb_room(struct sbuf *b, size_t n) {
  if (b->p && b->n + n < b->cap) return 0;
  size_t cap = b->cap ? 2 * b->cap : 4096;
  while (cap < b->n + n + 1) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) return -1;
  b->p = p;
  b->cap = cap;
  return 0;
}

static void sb_put(struct sbuf *b, const char *s, size_t n) {
  if (sb_room(b, n)) return;
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
}

static void sb_vprintf(struct sbuf *b, const char *fmt, va_list ap) {
  if (sb_room(b, 256)) return; /* most events fit: one formatting pass */
  for (;;) {
    va_list aq;
    va_copy(aq, ap);
    int k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, aq);
    va_end(aq);
    if (k < 0) return;
    if (b->p && b->n + (size_t)k < b->cap) {
      b->n += (size_t)k;
      return;
    }
    size_t cap = b->cap ? 2 * b->cap : 4096;
    while (cap < b->n + (size_t)k + 1) cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) return;
    b->p = p;
    b->cap = cap;
  }
}

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  sb_vprintf(b, fmt, ap);
  va_end(ap);
}

/* A JSON string (quotes included). */
static void sb_str(struct sbuf *b, const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (sb_room(b, 6 * n + 2)) return; /* the worst case: every byte a \u escape */
  char *o = b->p + b->n;
  *o++ = '"';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      *o++ = '\\';
      *o++ = (char)c;
    } else if (c < 0x20) {
      o += sprintf(o, "\\u%04x", c);
    } else {
      *o++ = (char)c;
    }
  }
  *o++ = '"';
  *o = 0;
  b->n = (size_t)(o - b->p);
}

/* Microseconds with the nanoseconds kept exactly (the format's unit is the microsecond). */
#define US_FMT "%llu.%03llu"
#define US(ns) (unsigned long long)((ns) / 1000), (unsigned long long)((ns) % 1000)

/* ---- thread buffers ---- */
static struct tl_thread *me(void) {
  if (self) return self;
  struct tl_thread *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  pthread_mutex_init(&t->lock, NULL);
  t->tid = (int)syscall(SYS_gettid);
  pthread_mutex_lock(&list_lock);
  t->next = threads;
  threads = t;
  pthread_mutex_unlock(&list_lock);
  return self = t;
}

/* Appends text already formatted (starting with ",\n"). */
static void emit_sb(struct sbuf *b) {
  if (!b->n) return;
  struct tl_thread *t = me();
  if (!t) return;
  pthread_mutex_lock(&t->lock);
  struct sbuf d = {t->text, t->ntext, t->ctext};
  sb_put(&d, b->p, b->n);
  t->text = d.p;
  t->ntext = d.n;
  t->ctext = d.cap;
  size_t n = t->ntext;
  pthread_mutex_unlock(&t->lock);
  if (n > FLUSH_TEXT) vgpu_timeline_flush();
}

static void meta(struct sbuf *b, int pid, int tid, const char *what, const char *name, int sort) {
  sb_printf(b, ",\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"%s\",\"args\":{\"name\":", pid, tid, what);
  sb_str(b, name);
  sb_printf(b, "}}");
  const char *sort_what = !strcmp(what, "process_name") ? "process_sort_index" : "thread_sort_index";
  sb_printf(b, ",\n{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"%s\",\"args\":{\"sort_index\":%d}}", pid, tid,
            sort_what, sort);
}

/* ---- setup, flush, exit ---- */
extern struct _cl_icd_dispatch vgpu_timeline_dispatch;

static void timeline_init(void) {
  const char *path = vgpu_config()->timeline;
  if (!path) return;
  /* Every slot the timed table lacks (icd/timeline_dispatch.c older than dispatch.c) is the plain
   * entry point: untimed, never NULL. */
  void **timed = (void **)(void *)&vgpu_timeline_dispatch;
  void *const *plain = (void *const *)(const void *)&vgpu_dispatch;
  for (size_t i = 0; i < sizeof vgpu_dispatch / sizeof(void *); i++)
    if (!timed[i] && plain[i]) {
      timed[i] = plain[i];
      vgpu_log(VGPU_LOG_DEBUG, "VGPU_TIMELINE: dispatch slot %zu is not timed (run scripts/gen_timeline_dispatch.py)", i);
    }
  int f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (f < 0) {
    vgpu_log(VGPU_LOG_WARN, "VGPU_TIMELINE=%s: cannot create the file; no timeline is written", path);
    return;
  }
  host_pid = (int)getpid();
  char comm[64] = "program";
  FILE *c = fopen("/proc/self/comm", "r");
  if (c) {
    if (fgets(comm, sizeof comm, c)) comm[strcspn(comm, "\n")] = 0;
    fclose(c);
  }
  char name[128];
  snprintf(name, sizeof name, "host: %s (pid %d)", comm, host_pid);
  struct sbuf b = {0};
  sb_printf(&b, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"VirtualGPU\",\"clock\":\"CLOCK_MONOTONIC\","
                "\"slices_per_sm\":%d,\"details_per_sm\":%d},\n\"traceEvents\":[\n"
                "{\"ph\":\"M\",\"pid\":%d,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":",
            VGPU_TL_SLICES, VGPU_TL_DETAILS, host_pid);
  sb_str(&b, name);
  sb_printf(&b, "}}");
  meta(&b, PID_QUEUES, 0, "process_name", "command queues", 1);
  meta(&b, PID_COMPILER, 0, "process_name", "compiler (vgpu build)", 2);
  sb_printf(&b, ",\n{\"ph\":\"M\",\"pid\":%d,\"tid\":0,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":0}}",
            host_pid);
  fd = f;
  write_all(b.p, b.n, 0);
  pos = (off_t)b.n;
  write_all(trailer, sizeof trailer - 1, pos);
  free(b.p);
}

int vgpu_timeline_on(void) {
  pthread_once(&once, timeline_init);
  return fd >= 0;
}

uint64_t vgpu_timeline_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void vgpu_timeline_flush(void) {
  if (!vgpu_timeline_on()) return;
  pthread_mutex_lock(&file_lock);
  pthread_mutex_lock(&list_lock);
  struct tl_thread *list = threads;
  pthread_mutex_unlock(&list_lock);
  struct sbuf out = {0};
  for (struct tl_thread *t = list; t; t = t->next) { /* threads are only ever prepended */
    pthread_mutex_lock(&t->lock);
    struct api_rec *api = t->api;
    size_t napi = t->napi;
    char *text = t->text;
    size_t ntext = t->ntext;
    int name_it = napi && !t->named;
    if (name_it) t->named = 1;
    t->api = NULL;
    t->napi = t->capi = 0;
    t->text = NULL;
    t->ntext = t->ctext = 0;
    pthread_mutex_unlock(&t->lock);
    if (name_it) {
      char name[64];
      if (t->tid == host_pid) snprintf(name, sizeof name, "main thread (%d)", t->tid);
      else snprintf(name, sizeof name, "thread %d", t->tid);
      meta(&out, host_pid, t->tid, "thread_name", name, t->tid == host_pid ? 0 : 1);
    }
    for (size_t i = 0; i < napi; i++)
      sb_printf(&out, ",\n{\"ph\":\"X\",\"cat\":\"api\",\"pid\":%d,\"tid\":%d,\"ts\":" US_FMT ",\"dur\":" US_FMT
                      ",\"name\":\"%s\"}",
                host_pid, t->tid, US(api[i].t0), US(api[i].t1 - api[i].t0), api[i].name);
    if (ntext) sb_put(&out, text, ntext);
    free(api);
    free(text);
  }
  if (out.n) {
    write_all(out.p, out.n, pos);
    pos += (off_t)out.n;
    write_all(trailer, sizeof trailer - 1, pos);
  }
  free(out.p);
  pthread_mutex_unlock(&file_lock);
}

/* At exit (the library's destructor runs when the program ends): whatever is left. */
__attribute__((destructor)) static void timeline_exit(void) {
  if (fd >= 0) vgpu_timeline_flush();
}

/* ---- recorders ---- */
void vgpu_timeline_api(const char *name, uint64_t t0) {
  uint64_t t1 = vgpu_timeline_now();
  struct tl_thread *t = me();
  if (!t) return;
  pthread_mutex_lock(&t->lock);
  if (t->napi == t->capi) {
    size_t cap = t->capi ? 2 * t->capi : 256;
    struct api_rec *p = realloc(t->api, cap * sizeof *p);
    if (!p) {
      pthread_mutex_unlock(&t->lock);
      return;
    }
    t->api = p;
    t->capi = cap;
  }
  t->api[t->napi++] = (struct api_rec){name, t0, t1};
  size_t n = t->napi;
  pthread_mutex_unlock(&t->lock);
  if (n >= FLUSH_CALLS) vgpu_timeline_flush();
}

void vgpu_timeline_kernel(const char *name) {
  if (!vgpu_timeline_on()) return;
  struct tl_thread *t = me();
  if (t) snprintf(t->kernel, sizeof t->kernel, "%s", name ? name : "");
}

void vgpu_timeline_bytes(uint64_t bytes) {
  if (!vgpu_timeline_on()) return;
  struct tl_thread *t = me();
  if (!t) return;
  t->bytes = bytes;
  t->has_bytes = 1;
}

static const char *command_name(cl_command_type type) {
  switch (type) {
  case CL_COMMAND_NDRANGE_KERNEL: return "NDRangeKernel";
  case CL_COMMAND_TASK: return "Task";
  case CL_COMMAND_NATIVE_KERNEL: return "NativeKernel";
  case CL_COMMAND_READ_BUFFER: return "ReadBuffer";
  case CL_COMMAND_WRITE_BUFFER: return "WriteBuffer";
  case CL_COMMAND_COPY_BUFFER: return "CopyBuffer";
  case CL_COMMAND_READ_BUFFER_RECT: return "ReadBufferRect";
  case CL_COMMAND_WRITE_BUFFER_RECT: return "WriteBufferRect";
  case CL_COMMAND_COPY_BUFFER_RECT: return "CopyBufferRect";
  case CL_COMMAND_FILL_BUFFER: return "FillBuffer";
  case CL_COMMAND_READ_IMAGE: return "ReadImage";
  case CL_COMMAND_WRITE_IMAGE: return "WriteImage";
  case CL_COMMAND_COPY_IMAGE: return "CopyImage";
  case CL_COMMAND_FILL_IMAGE: return "FillImage";
  case CL_COMMAND_COPY_IMAGE_TO_BUFFER: return "CopyImageToBuffer";
  case CL_COMMAND_COPY_BUFFER_TO_IMAGE: return "CopyBufferToImage";
  case CL_COMMAND_MAP_BUFFER: return "MapBuffer";
  case CL_COMMAND_MAP_IMAGE: return "MapImage";
  case CL_COMMAND_UNMAP_MEM_OBJECT: return "UnmapMemObject";
  case CL_COMMAND_MARKER: return "Marker";
  case CL_COMMAND_BARRIER: return "Barrier";
  case CL_COMMAND_MIGRATE_MEM_OBJECTS: return "MigrateMemObjects";
  case CL_COMMAND_SVM_FREE: return "SVMFree";
  case CL_COMMAND_SVM_MEMCPY: return "SVMMemcpy";
  case CL_COMMAND_SVM_MEMFILL: return "SVMMemFill";
  case CL_COMMAND_SVM_MAP: return "SVMMap";
  case CL_COMMAND_SVM_UNMAP: return "SVMUnmap";
  case CL_COMMAND_SVM_MIGRATE_MEM: return "SVMMigrateMem";
  default: return "command";
  }
}

/* The queue's track number, naming it at first sight. */
static int queue_track(cl_command_queue q, struct sbuf *b) {
  pthread_mutex_lock(&names_lock);
  unsigned i = 0;
  while (i < nqueues && queues[i] != q) i++;
  if (i == nqueues && nqueues < sizeof queues / sizeof queues[0]) {
    queues[nqueues++] = q;
    char name[128];
    snprintf(name, sizeof name, "queue %u (device %u, %s%s)", i, q->device->index,
             q->props & CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE ? "out-of-order" : "in-order",
             q->props & CL_QUEUE_PROFILING_ENABLE ? ", profiling" : "");
    meta(b, PID_QUEUES, (int)i, "thread_name", name, (int)i);
  }
  pthread_mutex_unlock(&names_lock);
  return (int)i;
}

void vgpu_timeline_command(cl_command_queue q, cl_event e) {
  if (!vgpu_timeline_on()) return;
  struct tl_thread *t = me();
  struct sbuf b = {0};
  int track = queue_track(q, &b);
  const char *what = command_name(e->type);
  char name[192];
  if (t && t->kernel[0]) snprintf(name, sizeof name, "%s %s", what, t->kernel);
  else snprintf(name, sizeof name, "%s", what);
  cl_int status = atomic_load(&e->status);
  uint64_t id = (uint64_t)(uintptr_t)e;
  /* The command itself, START..END, and its waits QUEUED..SUBMIT..START as async slices (they
   * overlap from command to command, so they cannot share the queue's track). */
  sb_printf(&b, ",\n{\"ph\":\"X\",\"cat\":\"command\",\"pid\":%d,\"tid\":%d,\"ts\":" US_FMT ",\"dur\":" US_FMT
                ",\"name\":",
            PID_QUEUES, track, US(e->t_start), US(e->t_end - e->t_start));
  sb_str(&b, name);
  sb_printf(&b, ",\"args\":{\"command\":\"%s\",\"status\":%d,\"queued\":%llu,\"submit\":%llu,\"start\":%llu,"
                "\"end\":%llu,\"complete\":%llu",
            what, status, (unsigned long long)e->t_queued, (unsigned long long)e->t_submit,
            (unsigned long long)e->t_start, (unsigned long long)e->t_end, (unsigned long long)e->t_complete);
  if (t && t->kernel[0]) {
    sb_printf(&b, ",\"kernel\":");
    sb_str(&b, t->kernel);
  }
  if (t && t->has_bytes) sb_printf(&b, ",\"bytes\":%llu", (unsigned long long)t->bytes);
  sb_printf(&b, "}}");
  const char *phase[2] = {"queued", "submitted"};
  uint64_t from[2] = {e->t_queued, e->t_submit}, to[2] = {e->t_submit, e->t_start};
  for (int k = 0; k < 2; k++)
    sb_printf(&b, ",\n{\"ph\":\"b\",\"cat\":\"%s\",\"id\":\"0x%llx\",\"pid\":%d,\"tid\":%d,\"ts\":" US_FMT
                  ",\"name\":\"%s %s\"},\n{\"ph\":\"e\",\"cat\":\"%s\",\"id\":\"0x%llx\",\"pid\":%d,\"tid\":%d,\"ts\":" US_FMT
                  ",\"name\":\"%s %s\"}",
              phase[k], (unsigned long long)id, PID_QUEUES, track, US(from[k]), phase[k], what, phase[k],
              (unsigned long long)id, PID_QUEUES, track, US(to[k]), phase[k], what);
  if (t) {
    t->kernel[0] = 0;
    t->has_bytes = 0;
  }
  emit_sb(&b);
  free(b.p);
}

void vgpu_timeline_build(cl_program p, const char *command, const char *options, uint64_t t0, int status,
                         int from_cache) {
  if (!vgpu_timeline_on()) return;
  uint64_t t1 = vgpu_timeline_now();
  static const char *const st[] = {"ok", "failed", "invalid options", "crashed or timed out"};
  struct sbuf b = {0};
  int tid = (int)syscall(SYS_gettid);
  char tname[64];
  snprintf(tname, sizeof tname, "builds from thread %d", tid);
  meta(&b, PID_COMPILER, tid, "thread_name", tname, 0);
  sb_printf(&b, ",\n{\"ph\":\"X\",\"cat\":\"build\",\"pid\":%d,\"tid\":%d,\"ts\":" US_FMT ",\"dur\":" US_FMT
                ",\"name\":\"%s%s\",\"args\":{\"program\":\"%p\",\"status\":\"%s\",\"from_cache\":%s,\"options\":",
            PID_COMPILER, tid, US(t0), US(t1 - t0), from_cache ? "cache: " : "vgpu ", command, (void *)p,
            status >= 0 && status <= 3 ? st[status] : "?", from_cache ? "true" : "false");
  sb_str(&b, options ? options : "");
  sb_printf(&b, "}}");
  emit_sb(&b);
  free(b.p);
}

static cl_device_id device_of(const struct vgpu_arena *a) {
  return (cl_device_id)(void *)((char *)(uintptr_t)a - offsetof(struct _cl_device_id, arena));
}

/* The device's process and SM track names, written once. */
static void name_device(cl_device_id dev, struct sbuf *b) {
  if (dev->index >= 16) return;
  pthread_mutex_lock(&names_lock);
  if (!devs[dev->index].named) {
    devs[dev->index].named = 1;
    char name[160];
    snprintf(name, sizeof name, "device %u: %s (%u SMs, warp %u)", dev->index, dev->name, dev->sms, dev->warp_size);
    meta(b, PID_DEVICE(dev->index), 0, "process_name", name, 3 + (int)dev->index);
    meta(b, PID_DEVICE(dev->index), 0, "thread_name", "launches and migrations", 0);
    for (unsigned s = 0; s < dev->sms; s++) {
      snprintf(name, sizeof name, "SM %u", s);
      meta(b, PID_DEVICE(dev->index), (int)s + 1, "thread_name", name, (int)s + 1);
    }
  }
  pthread_mutex_unlock(&names_lock);
}

void vgpu_timeline_migrate(const struct vgpu_arena *to, const struct vgpu_arena *from, uint64_t bytes, uint64_t t0) {
  if (!vgpu_timeline_on()) return;
  uint64_t t1 = vgpu_timeline_now();
  cl_device_id dev = device_of(to);
  struct sbuf b = {0};
  name_device(dev, &b);
  char src[32] = "host memory";
  if (from) snprintf(src, sizeof src, "device %u", device_of(from)->index);
  sb_printf(&b, ",\n{\"ph\":\"X\",\"cat\":\"migration\",\"pid\":%d,\"tid\":0,\"ts\":" US_FMT ",\"dur\":" US_FMT
                ",\"name\":\"migrate %llu bytes from %s\",\"args\":{\"bytes\":%llu,\"from\":\"%s\"}}",
            PID_DEVICE(dev->index), US(t0), US(t1 - t0), (unsigned long long)bytes, src, (unsigned long long)bytes, src);
  emit_sb(&b);
  free(b.p);
}

/* One hop of a transfer over a modelled link (runtime/links.c): an async slice on the track of the
 * link's direction, lasting the model's time (async: transfers sharing a link overlap). */
void vgpu_timeline_link(unsigned link, int way, const char *from, const char *to, uint64_t bytes, uint64_t t0,
                        uint64_t dur_ns, int share) {
  if (!vgpu_timeline_on() || link >= 256) return;
  static unsigned char named[256][2];
  static atomic_ullong next_id;
  struct sbuf b = {0};
  int tid = (int)link * 2 + way;
  pthread_mutex_lock(&names_lock);
  if (!named[link][0] && !named[link][1]) meta(&b, PID_LINKS, 0, "process_name", "interconnect (VGPU_TOPOLOGY)", 3);
  if (!named[link][way]) {
    named[link][way] = 1;
    char name[64];
    snprintf(name, sizeof name, "%s -> %s", from, to);
    meta(&b, PID_LINKS, tid, "thread_name", name, tid);
  }
  pthread_mutex_unlock(&names_lock);
  unsigned long long id = atomic_fetch_add(&next_id, 1) + 1;
  sb_printf(&b, ",\n{\"ph\":\"b\",\"cat\":\"link\",\"id\":\"0x%llx\",\"pid\":%d,\"tid\":%d,\"ts\":" US_FMT
                ",\"name\":\"%llu bytes\",\"args\":{\"bytes\":%llu,\"model_ns\":%llu,\"share\":%d}},"
                "\n{\"ph\":\"e\",\"cat\":\"link\",\"id\":\"0x%llx\",\"pid\":%d,\"tid\":%d,\"ts\":" US_FMT
                ",\"name\":\"%llu bytes\"}",
            id, PID_LINKS, tid, US(t0), (unsigned long long)bytes, (unsigned long long)bytes,
            (unsigned long long)dur_ns, share, id, PID_LINKS, tid, US(t0 + dur_ns), (unsigned long long)bytes);
  emit_sb(&b);
  free(b.p);
}

uint64_t vgpu_timeline_sm_size(unsigned nsms) { return (uint64_t)nsms * sizeof(struct vgpu_tl_sm); }

void vgpu_timeline_sm_fill(void *buf, unsigned nsms) {
  struct vgpu_tl_sm *b = buf;
  for (unsigned s = 0; s < nsms; s++) { /* only the headers: the records are written before read */
    memset(&b[s], 0, offsetof(struct vgpu_tl_sm, slice));
    b[s].per_slice = 1;
  }
  if (nsms) b[0].host_t0 = vgpu_timeline_now();
}

static void group_xyz(const struct vgpu_launch *L, uint64_t index, unsigned long long id[3]) {
  for (int d = 0; d < 3; d++) {
    uint64_t n = L->num_groups[d] ? L->num_groups[d] : 1;
    id[d] = index % n;
    index /= n;
  }
}

void vgpu_timeline_launch(cl_device_id dev, const struct vgpu_launch *L, const char *kernel, const char *file,
                          const void *buf, int status, const char *enqueued_by) {
  if (!vgpu_timeline_on()) return;
  uint64_t t1 = vgpu_timeline_now();
  /* names the NDRange command on the queue's track (a child launch is part of its root's command) */
  if (!enqueued_by) vgpu_timeline_kernel(kernel);
  struct sbuf b = {0};
  name_device(dev, &b);
  int pid = PID_DEVICE(dev->index);
  const struct vgpu_tl_sm *sms = buf;
  unsigned nsms = sms ? dev->sms : 0;
  uint64_t t0 = sms && sms[0].host_t0 ? sms[0].host_t0 : t1;
  uint64_t diverge = 0, barriers = 0, dropped = 0, groups = 0;
  for (unsigned s = 0; s < nsms; s++) {
    diverge += sms[s].diverge_total;
    barriers += sms[s].barrier_total;
    dropped += sms[s].details_dropped;
    groups += sms[s].groups;
  }
  sb_printf(&b, ",\n{\"ph\":\"X\",\"cat\":\"launch\",\"pid\":%d,\"tid\":0,\"ts\":" US_FMT ",\"dur\":" US_FMT ",\"name\":",
            pid, US(t0), US(t1 - t0));
  sb_str(&b, kernel);
  sb_printf(&b, ",\"args\":{\"kernel\":");
  sb_str(&b, kernel);
  if (enqueued_by) { /* launched by the device: enqueue_kernel in that kernel (docs/device_enqueue.md) */
    sb_printf(&b, ",\"enqueued_by\":");
    sb_str(&b, enqueued_by);
  }
  sb_printf(&b, ",\"file\":");
  sb_str(&b, file ? file : "");
  sb_printf(&b, ",\"work_dim\":%u,\"global_size\":[%llu,%llu,%llu],\"local_size\":[%llu,%llu,%llu],"
                "\"num_groups\":[%llu,%llu,%llu],\"groups\":%llu,\"groups_run\":%llu,\"divergent_branches\":%llu,"
                "\"barriers\":%llu,\"details_not_shown\":%llu,\"status\":%d,\"branch_lines\":[",
            L->work_dim, (unsigned long long)L->global_size[0], (unsigned long long)L->global_size[1],
            (unsigned long long)L->global_size[2], (unsigned long long)L->local_size[0],
            (unsigned long long)L->local_size[1], (unsigned long long)L->local_size[2],
            (unsigned long long)L->num_groups[0], (unsigned long long)L->num_groups[1],
            (unsigned long long)L->num_groups[2], (unsigned long long)L->total_groups, (unsigned long long)groups,
            (unsigned long long)diverge, (unsigned long long)barriers, (unsigned long long)dropped, status);
  /* Every branch line, exact: the SMs' sums. */
  int first = 1;
  for (unsigned l = 0; l < VGPU_TL_LINES; l++) {
    struct vgpu_tl_line t = {0, 0, 0, 0};
    for (unsigned s = 0; s < nsms; s++) {
      t.branches += sms[s].line[l].branches;
      t.divergent += sms[s].line[l].divergent;
      t.taken += sms[s].line[l].taken;
      t.not_taken += sms[s].line[l].not_taken;
    }
    if (!t.branches) continue;
    sb_printf(&b, "%s{\"line\":%u,\"branches\":%llu,\"divergent\":%llu,\"taken\":%llu,\"not_taken\":%llu}",
              first ? "" : ",", l, (unsigned long long)t.branches, (unsigned long long)t.divergent,
              (unsigned long long)t.taken, (unsigned long long)t.not_taken);
    first = 0;
  }
  sb_printf(&b, "]}}");
  for (unsigned s = 0; s < nsms; s++) {
    const struct vgpu_tl_sm *m = &sms[s];
    unsigned n = m->nslices < VGPU_TL_SLICES ? m->nslices : VGPU_TL_SLICES;
    for (unsigned i = 0; i < n; i++) {
      const struct vgpu_tl_rec *r = &m->slice[i];
      unsigned long long a[3], z[3];
      group_xyz(L, r->group, a);
      group_xyz(L, r->last, z);
      if (r->count == 1)
        sb_printf(&b, ",\n{\"ph\":\"X\",\"cat\":\"work-group\",\"pid\":%d,\"tid\":%u,\"ts\":" US_FMT ",\"dur\":" US_FMT
                      ",\"name\":\"group (%llu,%llu,%llu)\",\"args\":{\"groups\":1,\"first\":[%llu,%llu,%llu]}}",
                  pid, s + 1, US(r->t0), US(r->t1 - r->t0), a[0], a[1], a[2], a[0], a[1], a[2]);
      else
        sb_printf(&b, ",\n{\"ph\":\"X\",\"cat\":\"work-group\",\"pid\":%d,\"tid\":%u,\"ts\":" US_FMT ",\"dur\":" US_FMT
                      ",\"name\":\"%u groups\",\"args\":{\"groups\":%u,\"first\":[%llu,%llu,%llu],"
                      "\"last\":[%llu,%llu,%llu]}}",
                  pid, s + 1, US(r->t0), US(r->t1 - r->t0), r->count, r->count, a[0], a[1], a[2], z[0], z[1], z[2]);
    }
    n = m->ndetails < VGPU_TL_DETAILS ? m->ndetails : VGPU_TL_DETAILS;
    for (unsigned i = 0; i < n; i++) {
      const struct vgpu_tl_rec *r = &m->detail[i];
      unsigned long long g[3];
      group_xyz(L, r->group, g);
      if (r->kind == VGPU_TL_BARRIER)
        sb_printf(&b, ",\n{\"ph\":\"X\",\"cat\":\"barrier\",\"pid\":%d,\"tid\":%u,\"ts\":" US_FMT ",\"dur\":" US_FMT
                      ",\"name\":\"barrier wait (line %u)\",\"args\":{\"line\":%u,\"warps\":%u,"
                      "\"group\":[%llu,%llu,%llu]}}",
                  pid, s + 1, US(r->t0), US(r->t1 - r->t0), r->line, r->line, r->count, g[0], g[1], g[2]);
      else if (r->kind == VGPU_TL_DIVERGE)
        sb_printf(&b, ",\n{\"ph\":\"i\",\"s\":\"t\",\"cat\":\"divergence\",\"pid\":%d,\"tid\":%u,\"ts\":" US_FMT
                      ",\"name\":\"divergent branch (line %u)\",\"args\":{\"line\":%u,\"taken\":%u,\"not_taken\":%u,"
                      "\"warp\":%llu,\"group\":[%llu,%llu,%llu]}}",
                  pid, s + 1, US(r->t0), r->line, r->line, r->taken, r->not_taken, (unsigned long long)r->last,
                  g[0], g[1], g[2]);
    }
  }
  emit_sb(&b);
  free(b.p);
}
