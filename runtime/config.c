/* config.c - reads every VGPU_* variable once.  An invalid value is logged and the default kept,
 * so a typo never stops a program; docs/configuration.md lists the variables. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "runtime/config.h"
#include "runtime/log.h"
#include "vgpu/device_caps.h"

static struct vgpu_config cfg;
static pthread_once_t cfg_once = PTHREAD_ONCE_INIT;
static char cache_dir_buf[4096];

/* "512M", "2G", "64K", "65536", "1GiB": bytes; -1 when malformed. */
static int parse_size(const char *s, uint64_t *out) {
  errno = 0;
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (end == s || errno || s[0] == '-') return -1;
  uint64_t mul = 1;
  switch (toupper((unsigned char)*end)) {
  case 'K': mul = 1ull << 10; end++; break;
  case 'M': mul = 1ull << 20; end++; break;
  case 'G': mul = 1ull << 30; end++; break;
  case 'T': mul = 1ull << 40; end++; break;
  default: break;
  }
  if (mul > 1 && (!strcasecmp(end, "iB") || !strcasecmp(end, "B"))) end += strlen(end);
  else if (mul == 1 && !strcasecmp(end, "B")) end++;
  if (*end) return -1;
  if (v > UINT64_MAX / mul) return -1;
  *out = v * mul;
  return 0;
}

/* A size as the user would write it: "128M", "1T", "32K" when exact, else bytes. */
static const char *size_text(uint64_t v, char *buf, size_t len) {
  static const char units[] = "TGMK";
  for (int i = 0; i < 4; i++) {
    uint64_t unit = 1ull << (10 * (4 - i));
    if (v >= unit && v % unit == 0) {
      snprintf(buf, len, "%llu%c", (unsigned long long)(v / unit), units[i]);
      return buf;
    }
  }
  snprintf(buf, len, "%llu", (unsigned long long)v);
  return buf;
}

static void size_knob(const char *name, uint64_t *field, uint64_t lo, uint64_t hi) {
  const char *v = getenv(name);
  if (!v || !*v) return;
  uint64_t x;
  if (parse_size(v, &x) || x < lo || x > hi) {
    char a[32], b[32], c[32];
    vgpu_log(VGPU_LOG_WARN, "%s=%s is not a size from %s to %s bytes (write it like 512M or 2G); using %s",
             name, v, size_text(lo, a, sizeof a), size_text(hi, b, sizeof b), size_text(*field, c, sizeof c));
    return;
  }
  *field = x;
}

/* A whole decimal number; -1 when v is anything else. */
static int parse_int(const char *v, long *x) {
  errno = 0;
  char *end;
  *x = strtol(v, &end, 10);
  return end == v || *end || errno ? -1 : 0;
}

static void int_knob(const char *name, int *field, int lo, int hi, int power_of_two) {
  const char *v = getenv(name);
  if (!v || !*v) return;
  long x;
  if (parse_int(v, &x) || x < lo || x > hi || (power_of_two && (x & (x - 1)))) {
    if (power_of_two)
      vgpu_log(VGPU_LOG_WARN, "%s=%s is not a power of two from %d to %d (1, 2, 4, 8, ...); using %d", name, v,
               lo, hi, *field);
    else
      vgpu_log(VGPU_LOG_WARN, "%s=%s is not a whole number from %d to %d; using %d", name, v, lo, hi, *field);
    return;
  }
  *field = (int)x;
}

/* Switches: 0/1 (or a small level), on/off, yes/no, true/false. */
static void bool_knob(const char *name, int *field) {
  const char *v = getenv(name);
  if (!v || !*v) return;
  if (!strcasecmp(v, "on") || !strcasecmp(v, "yes") || !strcasecmp(v, "true")) { *field = 1; return; }
  if (!strcasecmp(v, "off") || !strcasecmp(v, "no") || !strcasecmp(v, "false")) { *field = 0; return; }
  long x;
  if (parse_int(v, &x) || x < 0 || x > 255) {
    vgpu_log(VGPU_LOG_WARN, "%s=%s is not a switch (0 or 1, on or off, yes or no, true or false); using %d",
             name, v, *field);
    return;
  }
  *field = (int)x;
}

/* A bandwidth, "16G" or "12.5G": bytes per second, the suffixes decimal (K, M, G, T = 10^3 ..
 * 10^12) as link bandwidths are quoted; 0 on success. */
static int parse_rate(const char *s, const char *end, double *out) {
  char *e;
  double v = strtod(s, &e);
  if (e == s || !(v > 0)) return -1;
  static const char sfx[] = "KMGT";
  const char *u = e < end ? strchr(sfx, toupper((unsigned char)*e)) : NULL;
  if (u && *u) {
    for (long i = 0; i <= u - sfx; i++) v *= 1000.0;
    e++;
  }
  if (e != end) return -1;
  *out = v;
  return 0;
}

/* A latency, "5us", "200ns", "1ms", "0": seconds; 0 on success. */
static int parse_latency(const char *s, const char *end, double *out) {
  char *e;
  double v = strtod(s, &e);
  if (e == s || !(v >= 0)) return -1;
  size_t n = (size_t)(end - e);
  double mul = n == 0 && v == 0 ? 1 : n == 2 && !strncmp(e, "ns", 2) ? 1e-9 : n == 2 && !strncmp(e, "us", 2) ? 1e-6
             : n == 2 && !strncmp(e, "ms", 2) ? 1e-3 : n == 1 && *e == 's' ? 1 : -1;
  if (mul < 0 || v * mul > 1) return -1; /* at most a second */
  *out = v * mul;
  return 0;
}

/* VGPU_TOPOLOGY=KIND[:LINK=BW/LATENCY[,LINK=BW/LATENCY]] with KIND none, ring or all and LINK pcie
 * (every device's host link) or nvlink (peer links); 0 on success, t unchanged otherwise. */
static int parse_topology(const char *v, struct vgpu_topology *t) {
  struct vgpu_topology r = *t;
  const char *colon = strchr(v, ':');
  size_t klen = colon ? (size_t)(colon - v) : strlen(v);
  if (klen == 4 && !strncmp(v, "none", 4)) r.peers = VGPU_TOPO_NONE;
  else if (klen == 4 && !strncmp(v, "ring", 4)) r.peers = VGPU_TOPO_RING;
  else if (klen == 3 && !strncmp(v, "all", 3)) r.peers = VGPU_TOPO_ALL;
  else return -1;
  for (const char *p = colon ? colon + 1 : NULL; p && *p;) {
    const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
    const char *eq = memchr(p, '=', (size_t)(end - p)), *slash = eq ? memchr(eq, '/', (size_t)(end - eq)) : NULL;
    if (!slash) return -1;
    double bw, lat;
    if (parse_rate(eq + 1, slash, &bw) || parse_latency(slash + 1, end, &lat)) return -1;
    if (eq - p == 4 && !strncmp(p, "pcie", 4)) { r.host_bw = bw; r.host_lat = lat; }
    else if (eq - p == 6 && !strncmp(p, "nvlink", 6)) { r.peer_bw = bw; r.peer_lat = lat; }
    else return -1;
    p = comma ? comma + 1 : NULL;
  }
  snprintf(r.text, sizeof r.text, "%s", v);
  *t = r;
  return 0;
}

/* VGPU_CHECKS_SUPPRESS: "KERNEL" or "KERNEL:LINE", separated by commas; a malformed item is
 * logged and skipped. */
#define SUPPRESS_MAX 64
static struct vgpu_suppress suppress_buf[SUPPRESS_MAX];

static void suppress_knob(const char *v) {
  while (v && *v) {
    const char *end = strchr(v, ',');
    size_t n = end ? (size_t)(end - v) : strlen(v);
    char item[160];
    snprintf(item, sizeof item, "%.*s", (int)(n < sizeof item - 1 ? n : sizeof item - 1), v);
    char *colon = strchr(item, ':');
    long line = 0;
    if (colon) *colon = 0;
    if (n >= sizeof item || !item[0] || strlen(item) >= sizeof suppress_buf[0].kernel ||
        (colon && (parse_int(colon + 1, &line) || line < 1 || line > 0xfffe)) || cfg.nsuppress == SUPPRESS_MAX)
      vgpu_log(VGPU_LOG_WARN, "VGPU_CHECKS_SUPPRESS: '%.*s' is not KERNEL or KERNEL:LINE (a line from 1 to 65534; "
               "at most %d items); ignored", (int)n, v, SUPPRESS_MAX);
    else {
      snprintf(suppress_buf[cfg.nsuppress].kernel, sizeof suppress_buf[0].kernel, "%s", item);
      suppress_buf[cfg.nsuppress++].line = (uint32_t)line;
    }
    v = end ? end + 1 : NULL;
  }
  cfg.suppress = suppress_buf;
}

static void config_init(void) {
  cfg.devices = 1;
  cfg.sms = 2;
  cfg.warp_size = 32;
  cfg.global_mem = 1ull << 30;
  cfg.local_mem = 64ull << 10;
  cfg.max_wg_size = 1024;
  cfg.watchdog_s = 30.0;
  cfg.counters = 0;
  cfg.trace = NULL;
  cfg.checks = 0;
  cfg.cache = 1;
  cfg.compiler = NULL;
  /* Defaults like a PCIe 4.0 x16 host link and an NVLink-class peer link. */
  cfg.topology = (struct vgpu_topology){VGPU_TOPO_NONE, 16e9, 5e-6, 50e9, 2e-6, "none"};

  int_knob("VGPU_DEVICES", &cfg.devices, 1, 16, 0);
  int_knob("VGPU_SMS", &cfg.sms, 1, 64, 0);
  /* A warp is at most 64 lanes (one bit each in a 64-bit active mask). */
  int_knob("VGPU_WARP_SIZE", &cfg.warp_size, 1, 64, 1);
  /* OpenCL 3.0 table 4.3 minimums for a FULL_PROFILE device: 32 KiB local memory, and max alloc
   * (>= 128 MiB) cannot exceed global memory, so global memory is at least 128 MiB. */
  size_knob("VGPU_GLOBAL_MEM", &cfg.global_mem, 128ull << 20, 1ull << 40);
  size_knob("VGPU_LOCAL_MEM", &cfg.local_mem, 32ull << 10, 16ull << 20);
  int wg = (int)cfg.max_wg_size;
  int_knob("VGPU_MAX_WORK_GROUP_SIZE", &wg, 1, 8192, 0);
  cfg.max_wg_size = (uint64_t)wg;

  const char *w = getenv("VGPU_WATCHDOG");
  if (w && *w) {
    char *end;
    double x = strtod(w, &end);
    if (end == w || *end || !(x > 0) || x > 86400)
      vgpu_log(VGPU_LOG_WARN, "VGPU_WATCHDOG=%s is not a number of seconds above 0 and at most 86400 (a day); "
               "using %g", w, cfg.watchdog_s);
    else
      cfg.watchdog_s = x;
  }
  bool_knob("VGPU_COUNTERS", &cfg.counters);
  bool_knob("VGPU_CHECKS", &cfg.checks);
  suppress_knob(getenv("VGPU_CHECKS_SUPPRESS"));
  bool_knob("VGPU_CACHE", &cfg.cache);
  bool_knob("VGPU_LINK_PACE", &cfg.link_pace);
  cfg.images = VGPU_IMAGE_SUPPORT;
  bool_knob("VGPU_IMAGES", &cfg.images);
  const char *topo = getenv("VGPU_TOPOLOGY");
  if (topo && *topo && parse_topology(topo, &cfg.topology))
    vgpu_log(VGPU_LOG_WARN, "VGPU_TOPOLOGY=%s is not none, ring or all, optionally followed by "
             ":pcie=BW/LATENCY,nvlink=BW/LATENCY (like ring:nvlink=50G/2us,pcie=16G/5us); using %s",
             topo, cfg.topology.text);
  const char *t = getenv("VGPU_TRACE");
  if (t && *t) cfg.trace = t;
  const char *pr = getenv("VGPU_PROFILE");
  if (pr && *pr) cfg.profile = pr;
  const char *tl = getenv("VGPU_TIMELINE");
  if (tl && *tl) cfg.timeline = tl;
  const char *sc = getenv("VGPU_SCHEDULE");
  if (sc && *sc && strcmp(sc, "default") != 0) {
    char *end = NULL;
    errno = 0;
    unsigned long long seed = !strncmp(sc, "random:", 7) && sc[7] != '-' ? strtoull(sc + 7, &end, 10) : 0;
    if (!end || end == sc + 7 || *end || errno)
      vgpu_log(VGPU_LOG_WARN, "VGPU_SCHEDULE=%s is not random:SEED (SEED a whole number) or default; using default", sc);
    else {
      cfg.schedule_random = 1;
      cfg.schedule_seed = seed;
    }
  }
  const char *dbg = getenv("VGPU_DEBUG");
  if (dbg && *dbg) {
    if (strlen(dbg) >= 108) /* sockaddr_un.sun_path */
      vgpu_log(VGPU_LOG_WARN, "VGPU_DEBUG=%s: a socket path must be shorter than 108 bytes; no debugger", dbg);
    else
      cfg.debug = dbg;
  }
  const char *c = getenv("VGPU_COMPILER");
  if (c && *c) cfg.compiler = c;
  /* The SPIR-V translator (docs/spirv.md): found at configure time; VGPU_SPIRV_TRANSLATOR names
   * another, or with a path that cannot run turns SPIR-V off (CL_DEVICE_IL_VERSION ""). */
  const char *tr = getenv("VGPU_SPIRV_TRANSLATOR");
  cfg.spirv_translator = tr && *tr ? tr : VGPU_LLVM_SPIRV;
  cfg.spirv = *cfg.spirv_translator && access(cfg.spirv_translator, X_OK) == 0;
  if (tr && *tr && !cfg.spirv)
    vgpu_log(VGPU_LOG_WARN, "VGPU_SPIRV_TRANSLATOR=%s cannot be run; SPIR-V programs are not supported", tr);

  const char *d = getenv("VGPU_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (d && *d) snprintf(cache_dir_buf, sizeof cache_dir_buf, "%s", d);
  else if (xdg && *xdg) snprintf(cache_dir_buf, sizeof cache_dir_buf, "%s/virtualgpu", xdg);
  else if (home && *home) snprintf(cache_dir_buf, sizeof cache_dir_buf, "%s/.cache/virtualgpu", home);
  else snprintf(cache_dir_buf, sizeof cache_dir_buf, "/tmp/virtualgpu-cache");
  cfg.cache_dir = cache_dir_buf;
  char sched[40] = "default";
  if (cfg.schedule_random) snprintf(sched, sizeof sched, "random:%llu", (unsigned long long)cfg.schedule_seed);
  /* Every value is visible somewhere: device limits in clinfo, all of them here (VGPU_LOG=info). */
  vgpu_log(VGPU_LOG_INFO,
           "configuration: VGPU_DEVICES=%d VGPU_SMS=%d VGPU_WARP_SIZE=%d VGPU_GLOBAL_MEM=%llu "
           "VGPU_LOCAL_MEM=%llu VGPU_MAX_WORK_GROUP_SIZE=%llu VGPU_WATCHDOG=%g VGPU_COUNTERS=%d "
           "VGPU_CHECKS=%d VGPU_TRACE=%s VGPU_CACHE=%d VGPU_CACHE_DIR=%s VGPU_COMPILER=%s VGPU_PROFILE=%s "
           "VGPU_TIMELINE=%s VGPU_SCHEDULE=%s VGPU_CHECKS_SUPPRESS=%s VGPU_DEBUG=%s VGPU_TOPOLOGY=%s VGPU_LINK_PACE=%d VGPU_IMAGES=%d "
           "VGPU_SPIRV_TRANSLATOR=%s%s",
           cfg.devices, cfg.sms, cfg.warp_size, (unsigned long long)cfg.global_mem,
           (unsigned long long)cfg.local_mem, (unsigned long long)cfg.max_wg_size, cfg.watchdog_s,
           cfg.counters, cfg.checks, cfg.trace ? cfg.trace : "(unset)", cfg.cache, cfg.cache_dir,
           cfg.compiler ? cfg.compiler : "(beside the library)", cfg.profile ? cfg.profile : "(unset)",
           cfg.timeline ? cfg.timeline : "(unset)", sched,
           getenv("VGPU_CHECKS_SUPPRESS") ? getenv("VGPU_CHECKS_SUPPRESS") : "(unset)",
           cfg.debug ? cfg.debug : "(unset)", cfg.topology.text, cfg.link_pace, cfg.images,
           *cfg.spirv_translator ? cfg.spirv_translator : "(none found)", cfg.spirv ? "" : " (SPIR-V off)");
}

const struct vgpu_config *vgpu_config(void) {
  pthread_once(&cfg_once, config_init);
  return &cfg;
}
