/* test_pipes.c - pipes in kernels (OpenCL C 3.0 s6.15.17, OpenCL 3.0 s5.4), each result checked
 * against what the host computes from the inputs:
 *  - producer and consumer in two launches: every packet read once, nothing invented; a single
 *    work-item's packets come out in the order it wrote them (FIFO);
 *  - a full pipe: exactly max_packets writes succeed, the others return -1; an empty pipe: reads
 *    return -1 and leave the destination alone;
 *  - reservations by work-items, work-groups (a partial last group too) and sub-groups (only
 *    every other sub-group, as in the CTS's divergence test): the packets of one reservation are
 *    read back together, in index order, by one reservation of the same size; a reservation
 *    larger than the free space fails; CLK_NULL_RESERVE_ID is not valid;
 *  - struct packets (a padded struct, and one of CL_DEVICE_PIPE_MAX_PACKET_SIZE bytes), byte for
 *    byte;
 *  - get_pipe_num_packets / get_pipe_max_packets between launches, from either end;
 *  - one launch whose work-groups, on 4 SM processes, write and read the same pipe at once (the
 *    pipe passed as both arguments), a small pipe so that it is full and empty along the way:
 *    every packet read whole (its check word matches), none twice, none that was not written,
 *    and what is left afterwards is exactly what was written and not read;
 *  - the counters: an uncontended packet is 5 atomics (claim: load the counter, load the slot's
 *    state, compare-and-swap; commit: load and store the state).
 * The CTest variant test_pipes_checks runs it again under VGPU_CHECKS=1 (the race checker must
 * find the protocol's plain packet copies ordered by its release/acquire state words). */
#include <stdint.h>
#include "CL/cl_vgpu.h"
#include "testlib.h"

static const char *src =
  "typedef struct { char a; int b; double c; short d[3]; } S;\n"
  "typedef struct { uchar bytes[1024]; } Big;\n"
  "typedef struct { uint id, check, pad; } P;\n"
  "kernel void put(global const int *src, write_only pipe int p, global int *ret) {\n"
  "  size_t i = get_global_id(0);\n"
  "  ret[i] = write_pipe(p, &src[i]);\n"
  "}\n"
  "kernel void get(read_only pipe int p, global int *dst, global int *ret) {\n"
  "  size_t i = get_global_id(0);\n"
  "  ret[i] = read_pipe(p, &dst[i]);\n"
  "}\n"
  /* one work-item, n packets in order, and back */
  "kernel void put_seq(write_only pipe int p, int n) {\n"
  "  for (int k = 0; k < n; k++) write_pipe(p, &k);\n"
  "}\n"
  "kernel void get_seq(read_only pipe int p, global int *dst, int n) {\n"
  "  for (int k = 0; k < n; k++) if (read_pipe(p, &dst[k])) dst[k] = -7;\n"
  "}\n"
  /* reservations of 4 packets per work-item */
  "kernel void put4(write_only pipe int p, global int *ok) {\n"
  "  int i = get_global_id(0);\n"
  "  reserve_id_t r = reserve_write_pipe(p, 4);\n"
  "  ok[i] = is_valid_reserve_id(r);\n"
  "  if (ok[i]) {\n"
  "    for (int k = 3; k >= 0; k--) { int v = 4 * i + k; write_pipe(p, r, k, &v); }\n"
  "    commit_write_pipe(p, r);\n"
  "  }\n"
  "}\n"
  "kernel void get4(read_only pipe int p, global int *dst, global int *ok) {\n"
  "  int i = get_global_id(0);\n"
  "  reserve_id_t r = reserve_read_pipe(p, 4);\n"
  "  ok[i] = is_valid_reserve_id(r);\n"
  "  if (ok[i]) {\n"
  "    for (int k = 0; k < 4; k++) read_pipe(p, r, k, &dst[4 * i + k]);\n"
  "    commit_read_pipe(p, r);\n"
  "  }\n"
  "}\n"
  /* one work-item: reservations of n until one fails; the null id */
  "kernel void fill_res(write_only pipe int p, int n, global int *out) {\n"
  "  int k = 0;\n"
  "  for (;; k++) {\n"
  "    reserve_id_t r = reserve_write_pipe(p, n);\n"
  "    if (!is_valid_reserve_id(r)) break;\n"
  "    for (int j = 0; j < n; j++) { int v = 100 * k + j; write_pipe(p, r, j, &v); }\n"
  "    commit_write_pipe(p, r);\n"
  "  }\n"
  "  reserve_id_t z = CLK_NULL_RESERVE_ID;\n"
  "  out[0] = k; out[1] = is_valid_reserve_id(z);\n"
  "}\n"
  /* work-group reservations (the CTS keeps the id in a __local variable that every work-item
   * stores to: a data race, of equal values, that VGPU_CHECKS=1 reports; a private one is right) */
  "kernel void put_wg(global const int *src, write_only pipe int p) {\n"
  "  reserve_id_t r = work_group_reserve_write_pipe(p, get_local_size(0));\n"
  "  if (is_valid_reserve_id(r)) {\n"
  "    write_pipe(p, r, get_local_id(0), &src[get_global_id(0)]);\n"
  "    work_group_commit_write_pipe(p, r);\n"
  "  }\n"
  "}\n"
  "kernel void get_wg(read_only pipe int p, global int *dst, global int *n) {\n"
  "  reserve_id_t r = work_group_reserve_read_pipe(p, get_local_size(0));\n"
  "  if (is_valid_reserve_id(r)) {\n"
  "    read_pipe(p, r, get_local_id(0), &dst[get_global_id(0)]);\n"
  "    work_group_commit_read_pipe(p, r);\n"
  "    if (get_local_id(0) == 0) n[get_group_id(0)] = get_local_size(0);\n"
  "  }\n"
  "}\n"
  /* sub-group reservations by every other sub-group */
  "kernel void put_sg(global const int *src, write_only pipe int p) {\n"
  "  if (get_sub_group_id() % 2 == 0) {\n"
  "    reserve_id_t r = sub_group_reserve_write_pipe(p, get_sub_group_size());\n"
  "    if (is_valid_reserve_id(r)) {\n"
  "      write_pipe(p, r, get_sub_group_local_id(), &src[get_global_id(0)]);\n"
  "      sub_group_commit_write_pipe(p, r);\n"
  "    }\n"
  "  }\n"
  "}\n"
  "kernel void get_sg(read_only pipe int p, global int *dst) {\n"
  "  reserve_id_t r = sub_group_reserve_read_pipe(p, get_sub_group_size());\n"
  "  if (is_valid_reserve_id(r)) {\n"
  "    read_pipe(p, r, get_sub_group_local_id(), &dst[get_global_id(0)]);\n"
  "    sub_group_commit_read_pipe(p, r);\n"
  "  }\n"
  "}\n"
  /* structs */
  "kernel void put_s(global const S *src, write_only pipe S p) { write_pipe(p, &src[get_global_id(0)]); }\n"
  "kernel void get_s(read_only pipe S p, global S *dst) { read_pipe(p, &dst[get_global_id(0)]); }\n"
  "kernel void put_big(global const Big *src, write_only pipe Big p) { write_pipe(p, &src[get_global_id(0)]); }\n"
  "kernel void get_big(read_only pipe Big p, global Big *dst) { read_pipe(p, &dst[get_global_id(0)]); }\n"
  /* queries */
  "kernel void q_wo(write_only pipe int p, global uint *out) { out[0] = get_pipe_num_packets(p); out[1] = get_pipe_max_packets(p); }\n"
  "kernel void q_ro(read_only pipe int p, global uint *out) { out[0] = get_pipe_num_packets(p); out[1] = get_pipe_max_packets(p); }\n"
  /* both ends at once: even groups write ROUNDS packets per work-item (ids id*ROUNDS + k), odd
   * groups try ROUNDS reads; a reservation of 2 every third round */
  "kernel void mixed(write_only pipe P w, read_only pipe P r, global uint *wrote, global P *got, int rounds) {\n"
  "  uint g = get_global_id(0);\n"
  "  for (int k = 0; k < rounds; k++) {\n"
  "    uint slot = g * rounds + k;\n"
  "    if (get_group_id(0) % 2 == 0) {\n"
  "      P x = {slot, slot * 2654435761u, 0};\n"
  "      if (k % 3 == 2) {\n"
  "        reserve_id_t id = reserve_write_pipe(w, 2);\n"
  "        P y = {slot | 0x80000000u, (slot | 0x80000000u) * 2654435761u, 1};\n"
  "        wrote[slot] = 0;\n"
  "        if (is_valid_reserve_id(id)) { write_pipe(w, id, 1, &y); write_pipe(w, id, 0, &x); commit_write_pipe(w, id); wrote[slot] = 3; }\n"
  "      } else {\n"
  "        wrote[slot] = write_pipe(w, &x) == 0;\n"
  "      }\n"
  "    } else {\n"
  "      P x = {0xffffffffu, 0, 0};\n"
  "      read_pipe(r, &x);\n"
  "      got[slot] = x;\n"
  "    }\n"
  "  }\n"
  "}\n"
  "kernel void drain(read_only pipe P r, global P *got) {\n"
  "  P x = {0xffffffffu, 0, 0};\n"
  "  read_pipe(r, &x);\n"
  "  got[get_global_id(0)] = x;\n"
  "}\n";

static cl_context ctx;
static cl_command_queue q;
static cl_program prog;

static cl_mem buf(size_t size, const void *init) {
  cl_int err;
  cl_mem m = clCreateBuffer(ctx, init ? CL_MEM_COPY_HOST_PTR : 0, size, (void *)init, &err);
  CHECK_OK(err);
  if (!init) {
    static const int zero = 0;
    CHECK_OK(clEnqueueFillBuffer(q, m, &zero, sizeof zero, 0, size, 0, NULL, NULL));
  }
  return m;
}

static cl_mem mkpipe(cl_uint size, cl_uint max) {
  cl_int err;
  cl_mem p = clCreatePipe(ctx, 0, size, max, NULL, &err);
  CHECK_OK(err);
  return p;
}

/* Runs kernel `name` over global (local 0: the runtime's choice) with the given arguments: each
 * a cl_mem (is_mem) or a cl_int. */
static cl_event run(const char *name, size_t global, size_t local, int nargs, const void *const *args,
                    const size_t *sizes) {
  cl_int err;
  cl_kernel k = clCreateKernel(prog, name, &err);
  CHECK_OK(err);
  for (int i = 0; i < nargs; i++) CHECK_OK(clSetKernelArg(k, (cl_uint)i, sizes[i], args[i]));
  cl_event ev = NULL;
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, local ? &local : NULL, 0, NULL, &ev));
  CHECK_OK(clWaitForEvents(1, &ev));
  cl_int status = 0;
  CHECK_OK(clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof status, &status, NULL));
  CHECK(status == CL_COMPLETE);
  clReleaseKernel(k);
  return ev;
}
#define M(x) (&(x))
#define RUN(name, global, local, ...)                                                                 \
  do {                                                                                                \
    const void *a_[] = {__VA_ARGS__};                                                               \
    size_t s_[sizeof a_ / sizeof a_[0]];                                                            \
    for (size_t i_ = 0; i_ < sizeof a_ / sizeof a_[0]; i_++) s_[i_] = sizeof(cl_mem);               \
    clReleaseEvent(run(name, global, local, (int)(sizeof a_ / sizeof a_[0]), a_, s_));              \
  } while (0)

static void read_back(cl_mem m, size_t size, void *out) {
  CHECK_OK(clEnqueueReadBuffer(q, m, CL_TRUE, 0, size, out, 0, NULL, NULL));
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* The values of a (n ints) and b are the same multiset. */
static int same_multiset(const int *a, const int *b, size_t n) {
  int *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
  memcpy(x, a, n * sizeof *x);
  memcpy(y, b, n * sizeof *y);
  qsort(x, n, sizeof *x, cmp_int);
  qsort(y, n, sizeof *y, cmp_int);
  int same = !memcmp(x, y, n * sizeof *x);
  free(x);
  free(y);
  return same;
}

/* A launch with an int argument n in position idx (the others cl_mems). */
static void run_n(const char *name, size_t global, cl_mem *mems, int nmems, int n) {
  const void *a[4];
  size_t s[4];
  for (int i = 0; i < nmems; i++) a[i] = &mems[i], s[i] = sizeof(cl_mem);
  a[nmems] = &n, s[nmems] = sizeof n;
  clReleaseEvent(run(name, global, 1, nmems + 1, a, s));
}

static void producer_consumer(void) {
  enum { N = 1000 };
  int src[N], dst[N], ret[N];
  for (int i = 0; i < N; i++) src[i] = i * 7 + 3;
  cl_mem p = mkpipe(sizeof(int), N), s = buf(sizeof src, src), d = buf(sizeof dst, NULL), r = buf(sizeof ret, NULL);
  RUN("put", N, 64, M(s), M(p), M(r));
  read_back(r, sizeof ret, ret);
  int ok = 1;
  for (int i = 0; i < N; i++) ok &= ret[i] == 0;
  CHECK(ok); /* room for all */
  RUN("get", N, 64, M(p), M(d), M(r));
  read_back(r, sizeof ret, ret);
  read_back(d, sizeof dst, dst);
  ok = 1;
  for (int i = 0; i < N; i++) ok &= ret[i] == 0;
  CHECK(ok);
  CHECK(same_multiset(src, dst, N)); /* each packet once */
  /* now empty: every read fails (-1) and leaves its destination alone */
  int marks[N];
  for (int i = 0; i < N; i++) marks[i] = -5;
  CHECK_OK(clEnqueueWriteBuffer(q, d, CL_TRUE, 0, sizeof marks, marks, 0, NULL, NULL));
  RUN("get", N, 64, M(p), M(d), M(r));
  read_back(r, sizeof ret, ret);
  read_back(d, sizeof dst, dst);
  ok = 1;
  for (int i = 0; i < N; i++) ok &= ret[i] == -1 && dst[i] == -5;
  CHECK(ok);
  clReleaseMemObject(p), clReleaseMemObject(s), clReleaseMemObject(d), clReleaseMemObject(r);

  /* FIFO: one work-item writes 0..K-1, another launch reads them back in that order; the pipe
   * (capacity 37) wraps around twice over three rounds */
  enum { K = 30 };
  p = mkpipe(sizeof(int), 37);
  d = buf(K * sizeof(int), NULL);
  int order_ok = 1;
  for (int round = 0; round < 3; round++) {
    cl_mem a1[] = {p};
    run_n("put_seq", 1, a1, 1, K);
    cl_mem a2[] = {p, d};
    run_n("get_seq", 1, a2, 2, K);
    int got[K];
    read_back(d, sizeof got, got);
    for (int k = 0; k < K; k++) order_ok &= got[k] == k;
  }
  CHECK(order_ok);
  clReleaseMemObject(p), clReleaseMemObject(d);
}

static void full_pipe(void) {
  enum { C = 100, N = 160 };
  int src[N], dst[N], ret[N];
  for (int i = 0; i < N; i++) src[i] = 1000 + i;
  cl_mem p = mkpipe(sizeof(int), C), s = buf(sizeof src, src), d = buf(sizeof dst, NULL), r = buf(sizeof ret, NULL);
  RUN("put", N, 32, M(s), M(p), M(r));
  read_back(r, sizeof ret, ret);
  int wrote[N], nw = 0, bad = 0;
  for (int i = 0; i < N; i++) {
    if (ret[i] == 0) wrote[nw++] = src[i];
    else bad |= ret[i] != -1;
  }
  CHECK(nw == C);  /* exactly the capacity */
  CHECK(!bad);     /* the others -1 */
  RUN("get", N, 32, M(p), M(d), M(r));
  read_back(r, sizeof ret, ret);
  read_back(d, sizeof dst, dst);
  int got[N], ng = 0;
  bad = 0;
  for (int i = 0; i < N; i++) {
    if (ret[i] == 0) got[ng++] = dst[i];
    else bad |= ret[i] != -1;
  }
  CHECK(ng == C && !bad);
  CHECK(ng == nw && same_multiset(wrote, got, (size_t)nw));
  clReleaseMemObject(p), clReleaseMemObject(s), clReleaseMemObject(d), clReleaseMemObject(r);
}

static void reservations(void) {
  enum { N = 200 };
  cl_mem p = mkpipe(sizeof(int), 4 * N), ok = buf(N * sizeof(int), NULL), d = buf(4 * N * sizeof(int), NULL);
  RUN("put4", N, 64, M(p), M(ok));
  int okv[N], dst[4 * N];
  read_back(ok, sizeof okv, okv);
  int all = 1;
  for (int i = 0; i < N; i++) all &= okv[i] == 1;
  CHECK(all);
  RUN("get4", N, 64, M(p), M(d), M(ok));
  read_back(ok, sizeof okv, okv);
  read_back(d, sizeof dst, dst);
  /* each reader's 4 packets are one writer's 4, in index order; each writer read once */
  char seen[N] = {0};
  int contiguous = 1, once = 1;
  for (int i = 0; i < N; i++) {
    all &= okv[i] == 1;
    int w = dst[4 * i] / 4;
    if (w < 0 || w >= N) { contiguous = 0; continue; }
    for (int k = 0; k < 4; k++) contiguous &= dst[4 * i + k] == 4 * w + k;
    once &= !seen[w];
    seen[w] = 1;
  }
  CHECK(all && contiguous && once);
  clReleaseMemObject(p), clReleaseMemObject(ok), clReleaseMemObject(d);

  /* 10 free slots, reservations of 4: two succeed, the third does not fit */
  p = mkpipe(sizeof(int), 10);
  cl_mem out = buf(2 * sizeof(int), NULL);
  cl_mem a[] = {p, out};
  const void *args[] = {&a[0], NULL, &a[1]};
  int n = 4;
  args[1] = &n;
  size_t sizes[] = {sizeof(cl_mem), sizeof(int), sizeof(cl_mem)};
  clReleaseEvent(run("fill_res", 1, 1, 3, args, sizes));
  int o[2];
  read_back(out, sizeof o, o);
  CHECK(o[0] == 2); /* 8 of 10 used */
  CHECK(o[1] == 0); /* CLK_NULL_RESERVE_ID is not valid */
  cl_uint qv[2];
  cl_mem qo = buf(sizeof qv, NULL);
  RUN("q_wo", 1, 1, M(p), M(qo));
  read_back(qo, sizeof qv, qv);
  CHECK(qv[0] == 8 && qv[1] == 10);
  /* the order of a reservation's packets survives: 0, 1, 2, 3, 100, ... */
  cl_mem d8 = buf(8 * sizeof(int), NULL);
  cl_mem a2[] = {p, d8};
  run_n("get_seq", 1, a2, 2, 8);
  int got8[8];
  read_back(d8, sizeof got8, got8);
  int want8[8] = {0, 1, 2, 3, 100, 101, 102, 103};
  CHECK(!memcmp(got8, want8, sizeof want8));
  RUN("q_ro", 1, 1, M(p), M(qo));
  read_back(qo, sizeof qv, qv);
  CHECK(qv[0] == 0 && qv[1] == 10);
  clReleaseMemObject(p), clReleaseMemObject(out), clReleaseMemObject(qo), clReleaseMemObject(d8);
}

static void group_reservations(void) {
  enum { N = 256, L = 64, G = N / L };
  int src[N], dst[N], cnt[G];
  for (int i = 0; i < N; i++) src[i] = 5000 + i;
  cl_mem p = mkpipe(sizeof(int), N), s = buf(sizeof src, src), d = buf(sizeof dst, NULL), c = buf(sizeof cnt, NULL);
  RUN("put_wg", N, L, M(s), M(p));
  RUN("get_wg", N, L, M(p), M(d), M(c));
  read_back(d, sizeof dst, dst);
  read_back(c, sizeof cnt, cnt);
  /* every reader group got one whole writer group, in local id order, and each writer group went
   * to one reader */
  int whole = 1, once = 1;
  char seen[G] = {0};
  for (int g = 0; g < G; g++) {
    whole &= cnt[g] == L;
    int w = (dst[g * L] - 5000) / L;
    if (w < 0 || w >= G) { whole = 0; continue; }
    for (int k = 0; k < L; k++) whole &= dst[g * L + k] == 5000 + w * L + k;
    once &= !seen[w];
    seen[w] = 1;
  }
  CHECK(whole && once);
  clReleaseMemObject(p), clReleaseMemObject(d), clReleaseMemObject(c);
  /* a partial last group (200 = 3 x 64 + 8, OpenCL C 2.0 non-uniform groups) reserves its 8 */
  p = mkpipe(sizeof(int), N);
  cl_uint qv[2] = {0, 0};
  cl_mem qo = buf(sizeof qv, NULL);
  RUN("put_wg", 200, L, M(s), M(p));
  RUN("q_ro", 1, 1, M(p), M(qo));
  read_back(qo, sizeof qv, qv);
  CHECK(qv[0] == 200 && qv[1] == N);
  clReleaseMemObject(p), clReleaseMemObject(s), clReleaseMemObject(qo);

  /* sub-groups: only the even ones write, all try to read */
  size_t warp = 0;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, sizeof warp, &warp, NULL));
  enum { M2 = 512 };
  int src2[M2], dst2[M2];
  for (int i = 0; i < M2; i++) src2[i] = 9000 + i, dst2[i] = -1;
  p = mkpipe(sizeof(int), M2);
  s = buf(sizeof src2, src2);
  d = buf(sizeof dst2, dst2);
  RUN("put_sg", M2, 128, M(s), M(p));
  RUN("get_sg", M2, 128, M(p), M(d));
  read_back(d, sizeof dst2, dst2);
  /* every written warp (even sub-group ids) read whole by one reading warp, lanes in order */
  size_t nw = M2 / warp;
  char seen2[512] = {0};
  int ok = 1, read_warps = 0;
  for (size_t w = 0; w < nw; w++) {
    int first = dst2[w * warp];
    if (first == -1) {
      for (size_t l = 0; l < warp; l++) ok &= dst2[w * warp + l] == -1;
      continue;
    }
    int wi = (first - 9000) / (int)warp;
    ok &= wi >= 0 && (size_t)wi < nw && ((size_t)wi % (128 / warp)) % 2 == 0 && !seen2[wi];
    if (wi >= 0 && (size_t)wi < nw) seen2[wi] = 1;
    for (size_t l = 0; l < warp; l++) ok &= dst2[w * warp + l] == first + (int)l;
    read_warps++;
  }
  CHECK(ok);
  CHECK((size_t)read_warps == nw / 2); /* all the written warps, and nothing else */
  clReleaseMemObject(p), clReleaseMemObject(s), clReleaseMemObject(d);
}

typedef struct { char a; int b; double c; short d[3]; } S; /* 24 bytes, as in OpenCL C */

static void structs(void) {
  enum { N = 300 };
  S in[N], out[N];
  memset(in, 0, sizeof in);
  for (int i = 0; i < N; i++) in[i] = (S){(char)i, i * 31, i * 0.25, {(short)i, (short)-i, 7}};
  cl_mem p = mkpipe(sizeof(S), N), s = buf(sizeof in, in), d = buf(sizeof out, NULL);
  RUN("put_s", N, 0, M(s), M(p));
  RUN("get_s", N, 0, M(p), M(d));
  read_back(d, sizeof out, out);
  /* each output struct is one of the inputs, whole, and each input once */
  char seen[N] = {0};
  int ok = 1;
  for (int i = 0; i < N; i++) {
    int k = out[i].b / 31;
    ok &= k >= 0 && k < N && !seen[k] && out[i].a == in[k].a && out[i].c == in[k].c &&
          !memcmp(out[i].d, in[k].d, sizeof out[i].d);
    if (k >= 0 && k < N) seen[k] = 1;
  }
  CHECK(ok);
  clReleaseMemObject(p), clReleaseMemObject(s), clReleaseMemObject(d);

  /* packets of CL_DEVICE_PIPE_MAX_PACKET_SIZE bytes, compared byte for byte by their tag */
  enum { B = 64, SZ = 1024 };
  cl_uint maxp = 0;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_PIPE_MAX_PACKET_SIZE, sizeof maxp, &maxp, NULL));
  CHECK(maxp >= SZ);
  unsigned char *bi = malloc(B * SZ), *bo = malloc(B * SZ);
  for (int i = 0; i < B * SZ; i++) bi[i] = (unsigned char)(i * 131 + i / SZ);
  for (int i = 0; i < B; i++) bi[i * SZ] = (unsigned char)i; /* the tag */
  p = mkpipe(SZ, B);
  s = buf(B * SZ, bi);
  d = buf(B * SZ, NULL);
  RUN("put_big", B, 0, M(s), M(p));
  RUN("get_big", B, 0, M(p), M(d));
  read_back(d, B * SZ, bo);
  ok = 1;
  for (int i = 0; i < B; i++) ok &= !memcmp(bo + i * SZ, bi + (size_t)bo[i * SZ] * SZ, SZ);
  CHECK(ok);
  free(bi), free(bo);
  clReleaseMemObject(p), clReleaseMemObject(s), clReleaseMemObject(d);
}

typedef struct { cl_uint id, check, pad; } P;

static void both_ends(void) {
  enum { G = 48, L = 64, N = G * L, R = 6, C = 50 };
  cl_mem p = mkpipe(sizeof(P), C), w = buf((size_t)N * R * sizeof(cl_uint), NULL), g = buf((size_t)N * R * sizeof(P), NULL);
  int rounds = R;
  const void *args[] = {&p, &p, &w, &g, &rounds};
  size_t sizes[] = {sizeof p, sizeof p, sizeof w, sizeof g, sizeof rounds};
  clReleaseEvent(run("mixed", N, L, 5, args, sizes));
  cl_uint *wrote = malloc((size_t)N * R * sizeof *wrote);
  P *got = malloc((size_t)N * R * sizeof *got), left[C];
  read_back(w, (size_t)N * R * sizeof *wrote, wrote);
  read_back(g, (size_t)N * R * sizeof *got, got);
  cl_mem dr = buf(sizeof left, NULL);
  RUN("drain", C, 0, M(p), M(dr));
  read_back(dr, sizeof left, left);
  /* count what was written (one id, or two for a reservation) and every time an id came out */
  unsigned char *times = calloc((size_t)N * R * 2, 1);
  int intact = 1, known = 1, once = 1, nread = 0, nwritten = 0, failed_writes = 0, empty_reads = 0;
  for (int i = 0; i < N * R; i++) {
    if ((i / R / L) % 2 == 0) nwritten += wrote[i] == 3 ? 2 : wrote[i], failed_writes += wrote[i] == 0;
  }
  for (int pass = 0; pass < 2; pass++) {
    const P *v = pass ? left : got;
    int n = pass ? C : N * R;
    for (int i = 0; i < n; i++) {
      if (!pass && (i / R / L) % 2 == 0) continue; /* a writer's entry */
      if (v[i].id == 0xffffffffu) { empty_reads += !pass; continue; }
      nread++;
      intact &= v[i].check == v[i].id * 2654435761u;
      cl_uint slot = v[i].id & 0x7fffffffu, hi = v[i].id >> 31;
      if (slot >= (cl_uint)(N * R)) { known = 0; continue; }
      known &= hi ? wrote[slot] == 3 : wrote[slot] != 0;
      once &= times[slot * 2 + hi]++ == 0;
    }
  }
  CHECK(intact);             /* no torn packet */
  CHECK(known);              /* only packets that were written */
  CHECK(once);               /* none twice */
  CHECK(nread == nwritten);  /* none lost: read in the launch or left in the pipe */
  printf("both ends: %d packets written (%d writes found the pipe full), %d reads found it empty\n", nwritten,
         failed_writes, empty_reads);
  free(times), free(wrote), free(got);
  clReleaseMemObject(p), clReleaseMemObject(w), clReleaseMemObject(g), clReleaseMemObject(dr);
}

static void counters(void) {
  clGetEventCountersVGPU_fn get =
    (clGetEventCountersVGPU_fn)clGetExtensionFunctionAddressForPlatform(vt_platform(), "clGetEventCountersVGPU");
  CHECK(get != NULL);
  if (!get) return;
  enum { K = 40 };
  cl_mem p = mkpipe(sizeof(int), K), d = buf(K * sizeof(int), NULL);
  for (int side = 0; side < 2; side++) {
    int n = K;
    cl_mem a0 = p, a1 = d;
    const void *args[] = {&a0, side ? (const void *)&a1 : (const void *)&n, &n};
    size_t sizes[] = {sizeof(cl_mem), side ? sizeof(cl_mem) : sizeof n, sizeof n};
    cl_event ev = run(side ? "get_seq" : "put_seq", 1, 1, side ? 3 : 2, args, sizes);
    cl_kernel_counters_vgpu c;
    CHECK_OK(get(ev, sizeof c, &c, NULL));
    CHECK(c.atomics == 5 * K);
    clReleaseEvent(ev);
  }
  clReleaseMemObject(p), clReleaseMemObject(d);
}

int main(int argc, char **argv) {
  setenv("VGPU_SMS", "4", 0); /* both_ends: four processes on one pipe */
  ctx = vt_context();
  q = vt_queue();
  const char *opts = argc > 1 ? argv[1] : "-cl-std=CL3.0";
  prog = vt_build(src, opts);
  CHECK(prog != NULL);
  if (!prog) return vt_finish();
  producer_consumer();
  full_pipe();
  reservations();
  group_reservations();
  structs();
  both_ends();
  if (!getenv("VGPU_CHECKS")) counters(); /* the race checker adds nothing to them, but is slow */
  return vt_finish();
}
