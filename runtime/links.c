/* links.c - the modelled interconnect.  Every device has a host link (PCIe-like); VGPU_TOPOLOGY
 * adds peer links (NVLink-like) between devices: none, a ring, or all pairs.  The bytes themselves
 * still move by memcpy (the arenas are host memory); each transfer is accounted on the links it
 * crosses, and its modelled time is, per hop, latency + bytes / (bandwidth / k), where k is the
 * number of transfers in flight on that link in that direction when it starts, itself included:
 * a busy link is shared fairly (a simplification of processor sharing: the share is fixed when
 * the transfer starts).  A device-to-device transfer without a peer link is stored and forwarded
 * through the host: its two hops' times add.  VGPU_LINK_PACE=1 makes each transfer last its
 * modelled time on the wall clock, so concurrent transfers really overlap on a link. */
#include "runtime/links.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include "runtime/config.h"
#include "runtime/platform.h"
#include "runtime/timeline.h"

#define MAX_DEVICES 16           /* VGPU_DEVICES' upper bound (config.c) */
#define MAX_LINKS (MAX_DEVICES + MAX_DEVICES * (MAX_DEVICES - 1) / 2)

struct link {
  int end[2];
  int peer;                      /* a peer link (else the host link of end[1]) */
  double bw, lat;
  _Atomic uint64_t bytes[2], transfers[2];
  _Atomic int active[2];         /* transfers in flight per direction */
  _Atomic uint64_t ps;           /* modelled time so far, picoseconds (exact sums) */
};

static struct link links[MAX_LINKS];
static unsigned nlinks;
static int peer_of[MAX_DEVICES][MAX_DEVICES]; /* link index + 1, 0 when none */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void add(int a, int b, int peer, double bw, double lat) {
  struct link *l = &links[nlinks++];
  l->end[0] = a;
  l->end[1] = b;
  l->peer = peer;
  l->bw = bw;
  l->lat = lat;
  if (peer) peer_of[a][b] = peer_of[b][a] = (int)nlinks;
}

static void report_at_exit(void);

static void init(void) {
  const struct vgpu_config *cfg = vgpu_config();
  const struct vgpu_topology *t = &cfg->topology;
  int n = (int)vgpu_platform()->ndevices;
  if (n > MAX_DEVICES) n = MAX_DEVICES;
  for (int i = 0; i < n; i++) add(VGPU_HOST, i, 0, t->host_bw, t->host_lat);
  if (t->peers == VGPU_TOPO_ALL) {
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) add(i, j, 1, t->peer_bw, t->peer_lat);
  } else if (t->peers == VGPU_TOPO_RING && n > 1) {
    for (int i = 0; i + 1 < n; i++) add(i, i + 1, 1, t->peer_bw, t->peer_lat);
    if (n > 2) add(0, n - 1, 1, t->peer_bw, t->peer_lat); /* closes the ring */
  }
  if (cfg->counters) atexit(report_at_exit);
}

int vgpu_link_peers(int a, int b) {
  pthread_once(&once, init);
  return a >= 0 && b >= 0 && a < MAX_DEVICES && b < MAX_DEVICES && peer_of[a][b] != 0;
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* One hop over link li from end `from`: accounted, and its modelled seconds returned. */
static double hop(struct vgpu_link_xfer *x, int li, int from, uint64_t bytes) {
  struct link *l = &links[li];
  int d = l->end[0] == from ? 0 : 1;
  int k = atomic_fetch_add(&l->active[d], 1) + 1;
  double s = l->lat + (double)bytes * k / l->bw;
  atomic_fetch_add(&l->bytes[d], bytes);
  atomic_fetch_add(&l->transfers[d], 1);
  atomic_fetch_add(&l->ps, (uint64_t)(s * 1e12 + 0.5));
  x->link[x->hops] = li;
  x->dir[x->hops] = d;
  x->share[x->hops] = k;
  x->hop_s[x->hops] = s;
  x->hops++;
  return s;
}

void vgpu_link_begin(struct vgpu_link_xfer *x, int from, int to, uint64_t bytes) {
  pthread_once(&once, init);
  memset(x, 0, sizeof *x);
  x->start_ns = now_ns();
  x->bytes = bytes;
  if (from == to || from >= MAX_DEVICES || to >= MAX_DEVICES) return;
  if (from == VGPU_HOST) x->seconds = hop(x, to, VGPU_HOST, bytes);          /* host link `to` */
  else if (to == VGPU_HOST) x->seconds = hop(x, from, from, bytes);
  else if (peer_of[from][to]) x->seconds = hop(x, peer_of[from][to] - 1, from, bytes);
  else x->seconds = hop(x, from, from, bytes) + hop(x, to, VGPU_HOST, bytes); /* through the host */
}

/* "host" or "dev3": how the report and the JSON name a link's end. */
static const char *end_name(int e, char *buf, size_t len) {
  if (e == VGPU_HOST) return "host";
  snprintf(buf, len, "dev%d", e);
  return buf;
}

void vgpu_link_end(struct vgpu_link_xfer *x) {
  if (x->hops && vgpu_config()->link_pace) {
    uint64_t until = x->start_ns + (uint64_t)(x->seconds * 1e9);
    for (uint64_t t = now_ns(); t < until; t = now_ns()) {
      struct timespec ts = {(time_t)((until - t) / 1000000000ull), (long)((until - t) % 1000000000ull)};
      nanosleep(&ts, NULL);
    }
  }
  uint64_t t = x->start_ns; /* a second hop starts when the first ends (store and forward) */
  for (int i = 0; i < x->hops; i++) {
    struct link *l = &links[x->link[i]];
    atomic_fetch_sub(&l->active[x->dir[i]], 1);
    char a[16], b[16];
    uint64_t dur = (uint64_t)(x->hop_s[i] * 1e9 + 0.5);
    vgpu_timeline_link((unsigned)x->link[i], x->dir[i], end_name(l->end[x->dir[i]], a, sizeof a),
                       end_name(l->end[1 - x->dir[i]], b, sizeof b), x->bytes, t, dur, x->share[i]);
    t += dur;
  }
  x->hops = 0;
}

unsigned vgpu_links(vgpu_link_info *out, unsigned max) {
  pthread_once(&once, init);
  for (unsigned i = 0; i < nlinks && i < max; i++) {
    struct link *l = &links[i];
    vgpu_link_info *o = &out[i];
    memset(o, 0, sizeof *o);
    o->end[0] = l->end[0];
    o->end[1] = l->end[1];
    strcpy(o->kind, l->peer ? "nvlink" : "pcie");
    o->bandwidth = l->bw;
    o->latency = l->lat;
    for (int d = 0; d < 2; d++) {
      o->bytes[d] = atomic_load(&l->bytes[d]);
      o->transfers[d] = atomic_load(&l->transfers[d]);
    }
    o->seconds = (double)atomic_load(&l->ps) * 1e-12;
  }
  return nlinks;
}

void vgpu_links_json(FILE *f) {
  vgpu_link_info l[MAX_LINKS];
  unsigned n = vgpu_links(l, MAX_LINKS);
  fputs("[", f);
  for (unsigned i = 0; i < n; i++) {
    char a[16], b[16];
    fprintf(f,
            "%s\n  {\"from\": \"%s\", \"to\": \"%s\", \"kind\": \"%s\", \"bandwidth\": %.17g, \"latency\": %.17g, "
            "\"bytes\": [%llu, %llu], \"transfers\": [%llu, %llu], \"seconds\": %.17g}",
            i ? "," : "", end_name(l[i].end[0], a, sizeof a), end_name(l[i].end[1], b, sizeof b), l[i].kind,
            l[i].bandwidth, l[i].latency, (unsigned long long)l[i].bytes[0], (unsigned long long)l[i].bytes[1],
            (unsigned long long)l[i].transfers[0], (unsigned long long)l[i].transfers[1], l[i].seconds);
  }
  fputs("]", f);
}

/* VGPU_COUNTERS=1: what every link carried, printed when the program exits (after its last
 * transfer, which usually follows its last launch). */
void vgpu_links_report(FILE *out) {
  vgpu_link_info l[MAX_LINKS];
  unsigned n = vgpu_links(l, MAX_LINKS);
  flockfile(out);
  fprintf(out, "[vgpu links] topology %s: bytes and transfers each way, modelled time\n", vgpu_config()->topology.text);
  for (unsigned i = 0; i < n; i++) {
    char a[16], b[16];
    const char *ea = end_name(l[i].end[0], a, sizeof a), *eb = end_name(l[i].end[1], b, sizeof b);
    fprintf(out, "  %-6s %-4s-%-5s %s->%s %llu B in %llu, %s->%s %llu B in %llu; %.6f s\n", l[i].kind, ea, eb, ea, eb,
            (unsigned long long)l[i].bytes[0], (unsigned long long)l[i].transfers[0], eb, ea,
            (unsigned long long)l[i].bytes[1], (unsigned long long)l[i].transfers[1], l[i].seconds);
  }
  fflush(out);
  funlockfile(out);
}

static void report_at_exit(void) { vgpu_links_report(stderr); }
