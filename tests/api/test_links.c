/* test_links - the modelled interconnect (runtime/links.c, VGPU_TOPOLOGY): every kind of transfer
 * is accounted on the links it crosses, with bytes and transfers per direction and the model's time
 * (latency + bytes / bandwidth per hop), on known sizes: host writes and reads, maps, implicit
 * migration on use (over a peer link, or through the host when there is none, preferring a device
 * with a peer link as the source), copies, clEnqueueMigrateMemObjects, buffers made from host
 * memory.  Runs on 4 devices in a ring (0-1-2-3-0: 0 and 2 are not peers) with VGPU_LINK_PACE=1,
 * so it also checks that a paced transfer lasts its modelled time and that two transfers sharing a
 * link direction each get half of its bandwidth. */
#include <math.h>
#include <time.h>
#include <unistd.h>
#include "testlib.h"
#include "vgpu/links.h"

#define PCIE_BW 1e9
#define PCIE_LAT 5e-6
#define NV_BW 50e9
#define NV_LAT 2e-6
#define NLINKS 8

static clGetLinksVGPU_fn get_links;
static vgpu_link_info now[NLINKS], before[NLINKS];
/* The expected change since the last snapshot: bytes, transfers and seconds per link and way. */
static unsigned long long want_bytes[NLINKS][2], want_n[NLINKS][2];
static double want_s[NLINKS];

static void snapshot(void) {
  cl_uint n = 0;
  CHECK_OK(get_links(vt_platform(), NLINKS, now, &n));
  CHECK(n == NLINKS);
}

/* Index of the link between a and b (VGPU_LINK_HOST for the host) and the way from a to b. */
static int link_of(int a, int b, int *way) {
  for (int i = 0; i < NLINKS; i++) {
    if (now[i].end[0] == a && now[i].end[1] == b) { *way = 0; return i; }
    if (now[i].end[0] == b && now[i].end[1] == a) { *way = 1; return i; }
  }
  return -1;
}

/* One expected hop from a to b of `bytes`, with `share` transfers on it at once. */
static void expect(int a, int b, unsigned long long bytes, int share) {
  int way, i = link_of(a, b, &way);
  if (i < 0) { CHECK(!"no such link"); return; }
  int peer = a != VGPU_LINK_HOST && b != VGPU_LINK_HOST;
  want_bytes[i][way] += bytes;
  want_n[i][way] += 1;
  want_s[i] += (peer ? NV_LAT : PCIE_LAT) + (double)bytes * share / (peer ? NV_BW : PCIE_BW);
}

/* Compares what the links carried since the previous call with what was expected. */
static void verify(const char *what) {
  snapshot();
  int ok = 1;
  for (int i = 0; i < NLINKS; i++) {
    for (int w = 0; w < 2; w++)
      ok &= now[i].bytes[w] - before[i].bytes[w] == want_bytes[i][w] &&
            now[i].transfers[w] - before[i].transfers[w] == want_n[i][w];
    ok &= fabs((now[i].seconds - before[i].seconds) - want_s[i]) < 1e-9;
  }
  if (!ok) {
    fprintf(stderr, "after %s:\n", what);
    for (int i = 0; i < NLINKS; i++)
      fprintf(stderr, "  link %d-%d: bytes %llu/%llu (want %llu/%llu) transfers %llu/%llu (want %llu/%llu) s %.9f (want %.9f)\n",
              now[i].end[0], now[i].end[1], (unsigned long long)(now[i].bytes[0] - before[i].bytes[0]),
              (unsigned long long)(now[i].bytes[1] - before[i].bytes[1]), want_bytes[i][0], want_bytes[i][1],
              (unsigned long long)(now[i].transfers[0] - before[i].transfers[0]),
              (unsigned long long)(now[i].transfers[1] - before[i].transfers[1]), want_n[i][0], want_n[i][1],
              now[i].seconds - before[i].seconds, want_s[i]);
  }
  vt_check(ok, what, __FILE__, __LINE__);
  memcpy(before, now, sizeof now);
  memset(want_bytes, 0, sizeof want_bytes);
  memset(want_n, 0, sizeof want_n);
  memset(want_s, 0, sizeof want_s);
}

static double wall(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(void) {
  setenv("VGPU_DEVICES", "4", 1);
  setenv("VGPU_TOPOLOGY", "ring:nvlink=50G/2us,pcie=1G/5us", 1);
  setenv("VGPU_LINK_PACE", "1", 1);
  cl_platform_id plat = vt_platform();
  get_links = (clGetLinksVGPU_fn)clGetExtensionFunctionAddressForPlatform(plat, "clGetLinksVGPU");
  CHECK(get_links != NULL);
  if (!get_links) return vt_finish();
  cl_device_id dev[4];
  cl_uint ndev = 0;
  CHECK_OK(clGetDeviceIDs(plat, CL_DEVICE_TYPE_ALL, 4, dev, &ndev));
  if (ndev != 4) { fprintf(stderr, "VGPU_DEVICES=4 did not give 4 devices\n"); return 1; }
  cl_uint count = 0;
  CHECK_ERR(get_links(NULL, 0, NULL, &count), CL_INVALID_PLATFORM);
  CHECK_ERR(get_links(plat, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(get_links(plat, 1, NULL, &count), CL_INVALID_VALUE);
  CHECK_OK(get_links(plat, 0, NULL, &count));
  CHECK(count == NLINKS); /* 4 host links, 4 ring links */
  snapshot();
  memcpy(before, now, sizeof now);
  for (int i = 0; i < NLINKS; i++) CHECK(now[i].bytes[0] == 0 && now[i].transfers[1] == 0);
  CHECK(!strcmp(now[0].kind, "pcie") && now[0].end[0] == VGPU_LINK_HOST && now[0].end[1] == 0);
  CHECK(!strcmp(now[4].kind, "nvlink") && now[4].bandwidth == NV_BW && now[4].latency == NV_LAT);

  cl_int err;
  cl_context ctx = clCreateContext(NULL, 4, dev, NULL, NULL, &err);
  CHECK_OK(err);
  cl_command_queue q[4];
  for (int i = 0; i < 4; i++) {
    q[i] = clCreateCommandQueue(ctx, dev[i], 0, &err);
    CHECK_OK(err);
  }
  enum { N = 1 << 20 };
  unsigned char *host = malloc(N), *back = malloc(N);
  for (int i = 0; i < N; i++) host[i] = (unsigned char)(i * 7 + 3);

  /* A buffer without host memory moves nothing until it is used. */
  cl_mem a = clCreateBuffer(ctx, CL_MEM_READ_WRITE, N, NULL, &err);
  CHECK_OK(err);
  verify("creating a buffer without host memory");

  /* A host write: down dev0's host link, taking its modelled time on the wall clock (paced). */
  double t0 = wall();
  CHECK_OK(clEnqueueWriteBuffer(q[0], a, CL_TRUE, 0, N, host, 0, NULL, NULL));
  double took = wall() - t0;
  CHECK(took >= PCIE_LAT + N / PCIE_BW);
  expect(VGPU_LINK_HOST, 0, N, 1);
  verify("a write on device 0");

  /* A read on dev1: the buffer migrates over the 0-1 peer link, then crosses dev1's host link. */
  memset(back, 0, N);
  CHECK_OK(clEnqueueReadBuffer(q[1], a, CL_TRUE, 0, N, back, 0, NULL, NULL));
  CHECK(!memcmp(back, host, N));
  expect(0, 1, N, 1);
  expect(1, VGPU_LINK_HOST, N, 1);
  verify("a read on device 1");

  /* A copy on dev2: the source comes from dev1 (a peer of dev2; dev0 is not), the destination is
   * overwritten whole so nothing of it moves; the copy itself stays on dev2. */
  cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_WRITE, N, NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clEnqueueCopyBuffer(q[2], a, b, 0, 0, N, 0, NULL, NULL));
  CHECK_OK(clFinish(q[2]));
  expect(1, 2, N, 1);
  verify("a copy on device 2");

  /* A read of b on dev0: dev2 and dev0 are not peers, so b goes up dev2's host link and down
   * dev0's (two hops), then the read crosses dev0's host link. */
  memset(back, 0, N);
  CHECK_OK(clEnqueueReadBuffer(q[0], b, CL_TRUE, 0, N, back, 0, NULL, NULL));
  CHECK(!memcmp(back, host, N));
  expect(2, VGPU_LINK_HOST, N, 1);
  expect(VGPU_LINK_HOST, 0, N, 1);
  expect(0, VGPU_LINK_HOST, N, 1);
  verify("a read on device 0 of a buffer on device 2");

  /* A partial read and a rectangle move only their bytes. */
  CHECK_OK(clEnqueueReadBuffer(q[0], b, CL_TRUE, 100, 1000, back, 0, NULL, NULL));
  size_t org[3] = {0, 0, 0}, reg[3] = {64, 10, 1};
  CHECK_OK(clEnqueueReadBufferRect(q[0], b, CL_TRUE, org, org, reg, 256, 0, 64, 0, back, 0, NULL, NULL));
  expect(0, VGPU_LINK_HOST, 1000, 1);
  expect(0, VGPU_LINK_HOST, 640, 1);
  verify("a partial read and a rectangle read");

  /* clEnqueueMigrateMemObjects to dev3: a is on dev0, dev1 and dev2; dev0 is a peer of dev3. */
  CHECK_OK(clEnqueueMigrateMemObjects(q[3], 1, &a, 0, 0, NULL, NULL));
  CHECK_OK(clFinish(q[3]));
  expect(0, 3, N, 1);
  verify("clEnqueueMigrateMemObjects to device 3");
  /* Already there: nothing moves; CONTENT_UNDEFINED moves nothing either. */
  CHECK_OK(clEnqueueMigrateMemObjects(q[3], 1, &a, 0, 0, NULL, NULL));
  CHECK_OK(clEnqueueMigrateMemObjects(q[1], 1, &b, CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED, 0, NULL, NULL));
  CHECK_OK(clFinish(q[3]));
  CHECK_OK(clFinish(q[1]));
  verify("migrations that move nothing");

  /* Maps on dev3: a read map brings the mapped bytes to the host, a write unmap sends them back;
   * CL_MAP_WRITE_INVALIDATE_REGION fetches nothing. */
  void *p = clEnqueueMapBuffer(q[3], a, CL_TRUE, CL_MAP_READ, 0, N, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(p && !memcmp(p, host, N));
  CHECK_OK(clEnqueueUnmapMemObject(q[3], a, p, 0, NULL, NULL));
  p = clEnqueueMapBuffer(q[3], a, CL_TRUE, CL_MAP_WRITE, 4096, 4096, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clEnqueueUnmapMemObject(q[3], a, p, 0, NULL, NULL));
  p = clEnqueueMapBuffer(q[3], a, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 0, 512, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clEnqueueUnmapMemObject(q[3], a, p, 0, NULL, NULL));
  CHECK_OK(clFinish(q[3]));
  expect(3, VGPU_LINK_HOST, N, 1);
  expect(3, VGPU_LINK_HOST, 4096, 1);
  expect(VGPU_LINK_HOST, 3, 4096, 1);
  expect(VGPU_LINK_HOST, 3, 512, 1);
  verify("maps on device 3");

  /* CL_MEM_COPY_HOST_PTR: the bytes go down the context's first device's host link at creation.
   * CL_MEM_USE_HOST_PTR: also when mapped (the host memory is brought up to date from dev1). */
  cl_mem c = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, 1000, host, &err);
  CHECK_OK(err);
  expect(VGPU_LINK_HOST, 0, 1000, 1);
  verify("a buffer made with CL_MEM_COPY_HOST_PTR");
  unsigned char *mine = malloc(2048);
  memcpy(mine, host, 2048);
  cl_mem u = clCreateBuffer(ctx, CL_MEM_USE_HOST_PTR, 2048, mine, &err);
  CHECK_OK(err);
  unsigned char zero[2048] = {0};
  CHECK_OK(clEnqueueWriteBuffer(q[1], u, CL_TRUE, 0, 16, zero, 0, NULL, NULL)); /* partial: fetched first */
  p = clEnqueueMapBuffer(q[1], u, CL_TRUE, CL_MAP_READ, 0, 2048, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(p == mine && mine[0] == 0 && mine[16] == host[16]);
  CHECK_OK(clEnqueueUnmapMemObject(q[1], u, p, 0, NULL, NULL));
  CHECK_OK(clFinish(q[1]));
  expect(VGPU_LINK_HOST, 0, 2048, 1); /* creation */
  expect(0, 1, 2048, 1);              /* the partial write needs the old bytes: from dev0, a peer */
  expect(VGPU_LINK_HOST, 1, 16, 1);   /* the write */
  expect(1, VGPU_LINK_HOST, 2048, 1); /* the map brings host memory up to date */
  verify("a CL_MEM_USE_HOST_PTR buffer");

  /* A shared link: a paced 16 MiB write down dev0's host link (17 ms at 1 GB/s) is in flight when
   * another transfer starts down the same link (a buffer made from host memory, on this thread):
   * that one gets half the bandwidth. */
  enum { BIG = 16 << 20 };
  unsigned char *big = calloc(1, BIG);
  cl_mem d = clCreateBuffer(ctx, CL_MEM_READ_WRITE, BIG, NULL, &err);
  CHECK_OK(err);
  cl_event wev;
  CHECK_OK(clEnqueueWriteBuffer(q[0], d, CL_FALSE, 0, BIG, big, 0, NULL, &wev));
  for (cl_ulong started = before[0].transfers[0]; started == before[0].transfers[0];) {
    snapshot();
    started = now[0].transfers[0];
    if (started == before[0].transfers[0]) usleep(100);
  }
  cl_mem e = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, N, host, &err);
  CHECK_OK(err);
  CHECK_OK(clWaitForEvents(1, &wev));
  expect(VGPU_LINK_HOST, 0, BIG, 1);
  expect(VGPU_LINK_HOST, 0, N, 2);
  verify("two transfers sharing a link");

  clReleaseEvent(wev);
  cl_mem all[] = {a, b, c, u, d, e};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) clReleaseMemObject(all[i]);
  for (int i = 0; i < 4; i++) clReleaseCommandQueue(q[i]);
  clReleaseContext(ctx);
  free(host);
  free(back);
  free(mine);
  free(big);
  return vt_finish();
}
