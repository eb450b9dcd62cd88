/* test_profile: VGPU_PROFILE=FILE.json and `vgpu profile FILE.json`.  A kernel whose per-line
 * counts follow from its shape runs once (256 work-items, groups of 64, warps of 32: 8 warps in 4
 * groups); the JSON is read back and each line checked against numbers derived by hand:
 *   3  x = a[i]                  8 warp requests, 4 segments of 32 bytes each (128 consecutive bytes)
 *   4  y = a[(i * 32) % 256]     8 requests, 8 segments each (8 distinct floats 128 bytes apart)
 *   5  tile[l] = x               8 local accesses, no bank conflict (32 consecutive words)
 *   6  barrier                   8 warp arrivals
 *   7  z = tile[(l * 2) % 64]    8 local accesses, 1 conflict each (words w and w + 32: one bank)
 *   8  if (l % 2 == 0)           8 branches, all divergent (even and odd lanes side by side)
 *   9  atomic_inc                128 atomics, issued with 16 lanes of 32
 *  11  the loop                  no divergence, the most warp instructions of all lines
 *  12  out[i] = ...              8 requests, 4 segments each
 * and the lines sum to the launch's counters, the pcs to the lines.  Then `vgpu profile` names the
 * loop as the costliest line and the divergence, coalescing and bank conflict spots. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"
#include "tools/json.h"

static const char *src =
  "kernel void shape(global const float *a, global float *out, global int *count, local float *tile) {\n"
  "  int i = get_global_id(0), l = get_local_id(0);\n"
  "  float x = a[i];\n"
  "  float y = a[(i * 32) % 256];\n"
  "  tile[l] = x;\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  float z = tile[(l * 2) % 64];\n"
  "  if (l % 2 == 0)\n"
  "    atomic_inc(count);\n"
  "  float acc = 0.0f;\n"
  "  for (int k = 0; k < 64; k++) acc = acc * 0.5f + z;\n"
  "  out[i] = x + y + acc;\n"
  "}\n";

static const char *const counters[] = {"warp_insns", "lane_insns", "branches", "divergent_branches",
                                       "global_requests", "global_transactions", "local_accesses",
                                       "bank_conflicts", "atomics", "barriers"};
#define NC (sizeof counters / sizeof *counters)

static const struct json *line_of(const struct json *lines, uint64_t n) {
  for (const struct json *l = lines ? lines->child : NULL; l; l = l->next)
    if (json_u64(l, "line", 0) == n) return l;
  return NULL;
}

int main(void) {
  char path[] = "/tmp/vgpu-profile-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 77;
  close(fd);
  setenv("VGPU_PROFILE", path, 1); /* read when the program first calls OpenCL */
  size_t warp = 0;
  clGetDeviceInfo(vt_device(), CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, sizeof warp, &warp, NULL);
  if (warp != 32) {
    printf("the numbers are derived for warps of 32 (this device: %zu)\n", warp);
    return 77;
  }
  cl_program prog = vt_build(src, NULL);
  if (!prog) return 1;
  cl_int err;
  cl_kernel k = clCreateKernel(prog, "shape", &err);
  CHECK_OK(err);
  float host[256];
  for (int i = 0; i < 256; i++) host[i] = (float)i;
  cl_mem a = clCreateBuffer(vt_context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof host, host, &err);
  cl_mem out = clCreateBuffer(vt_context(), CL_MEM_WRITE_ONLY, sizeof host, NULL, &err);
  int zero = 0;
  cl_mem count = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof zero, &zero, &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof a, &a));
  CHECK_OK(clSetKernelArg(k, 1, sizeof out, &out));
  CHECK_OK(clSetKernelArg(k, 2, sizeof count, &count));
  CHECK_OK(clSetKernelArg(k, 3, 64 * sizeof(float), NULL));
  size_t g = 256, l = 64;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, &l, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), count, CL_TRUE, 0, sizeof zero, &zero, 0, NULL, NULL));
  CHECK(zero == 128);
  CHECK_OK(clFinish(vt_queue()));

  /* The file is complete after every launch. */
  char *text = json_read_file(path);
  CHECK(text != NULL);
  char err_msg[160] = "";
  struct json *root = text ? json_parse(text, err_msg, sizeof err_msg) : NULL;
  if (!root) printf("profile JSON: %s\n", err_msg);
  CHECK(root != NULL);
  const struct json *launches = json_get(root, "launches"), *L = launches ? launches->child : NULL;
  CHECK(L != NULL && L->next == NULL);
  if (!L) return vt_finish();
  CHECK(!strcmp(json_str(L, "kernel", ""), "shape"));
  const struct json *gs = json_get(L, "global_size"), *ls = json_get(L, "local_size");
  CHECK(gs && gs->child && gs->child->u64 == 256 && ls && ls->child && ls->child->u64 == 64);
  const struct json *sources = json_get(root, "sources");
  uint64_t si = json_u64(L, "source", 99);
  const struct json *s = sources ? sources->child : NULL;
  for (uint64_t i = 0; s && i < si; i++) s = s->next;
  CHECK(s && !strcmp(json_str(s, "text", ""), src));
  CHECK(s && !strcmp(json_str(s, "file", ""), json_str(L, "file", "?")));

  const struct json *lines = json_get(L, "lines"), *c = json_get(L, "counters");
  struct { uint64_t line; const char *counter; uint64_t want; } expect[] = {
    {3, "global_requests", 8}, {3, "global_transactions", 32},
    {4, "global_requests", 8}, {4, "global_transactions", 64},
    {5, "local_accesses", 8}, {5, "bank_conflicts", 0},
    {6, "barriers", 8},
    {7, "local_accesses", 8}, {7, "bank_conflicts", 8},
    {8, "branches", 8}, {8, "divergent_branches", 8},
    {9, "atomics", 128},
    {11, "divergent_branches", 0},
    {12, "global_requests", 8}, {12, "global_transactions", 32},
  };
  for (size_t i = 0; i < sizeof expect / sizeof *expect; i++) {
    uint64_t got = json_u64(line_of(lines, expect[i].line), expect[i].counter, UINT64_MAX);
    if (got != expect[i].want)
      printf("line %llu: %s = %llu, derived %llu\n", (unsigned long long)expect[i].line, expect[i].counter,
             (unsigned long long)got, (unsigned long long)expect[i].want);
    CHECK(got == expect[i].want);
  }
  /* Nothing else touches memory, branches or synchronises; whole warps run everywhere but in the if. */
  uint64_t hottest = 0, hot_line = 0;
  for (const struct json *x = lines ? lines->child : NULL; x; x = x->next) {
    uint64_t n = json_u64(x, "line", 0), wi = json_u64(x, "warp_insns", 0), li = json_u64(x, "lane_insns", 0);
    if (wi > hottest) hottest = wi, hot_line = n;
    if (n == 9) CHECK(li == 16 * wi);
    else if (n != 8) CHECK(li == 32 * wi);
    if (n != 3 && n != 4 && n != 12) CHECK(json_u64(x, "global_requests", 1) == 0);
    if (n != 5 && n != 7) CHECK(json_u64(x, "local_accesses", 1) == 0);
    if (n != 9) CHECK(json_u64(x, "atomics", 1) == 0);
    if (n != 6) CHECK(json_u64(x, "barriers", 1) == 0);
    if (n != 8 && n != 11) CHECK(json_u64(x, "branches", 1) == 0);
    CHECK(!strcmp(json_str(x, "file", ""), json_str(L, "file", "?")));
  }
  CHECK(hot_line == 11);
  /* The lines add up to the launch's counters, and the pcs to the lines. */
  const char *totals[NC] = {"warp_insns", "lane_insns", "branches", "divergent_branches", "global_requests",
                            "global_transactions", "local_requests", "local_bank_conflicts", "atomics", NULL};
  for (size_t i = 0; i < NC; i++) {
    uint64_t by_line = 0, by_pc = 0;
    for (const struct json *x = lines ? lines->child : NULL; x; x = x->next) by_line += json_u64(x, counters[i], 0);
    const struct json *pcs = json_get(L, "pcs");
    for (const struct json *x = pcs ? pcs->child : NULL; x; x = x->next) by_pc += json_u64(x, counters[i], 0);
    CHECK(by_line == by_pc);
    if (totals[i]) CHECK(by_line == json_u64(c, totals[i], UINT64_MAX));
  }
  CHECK(json_u64(c, "barriers", 0) == 4); /* the launch counts group barriers: one per group */
  json_free(root);
  free(text);

  /* The annotated listing: the loop first, and the three spots named. */
  const char *bin = getenv("VGPU_BUILD_DIR");
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s/bin/vgpu' profile '%s' 2>&1", bin ? bin : "build", path);
  FILE *f = popen(cmd, "r");
  char line[512];
  int in_costliest = 0, first_is_loop = 0, diverge = 0, coalesce = 0, banks = 0, annotated = 0;
  while (f && fgets(line, sizeof line, f)) {
    if (in_costliest == 2) {
      first_is_loop = strstr(line, ":11 `for (int k = 0; k < 64; k++)") != NULL;
      in_costliest = 3;
    }
    if (in_costliest == 1) in_costliest = 2; /* the column header */
    if (!strncmp(line, "Costliest lines", 15)) in_costliest = 1;
    diverge += strstr(line, "divergence at ") && strstr(line, ":8 `if (l % 2 == 0)`");
    coalesce += strstr(line, "uncoalesced global memory at ") && strstr(line, ":4 `float y = a[(i * 32) % 256];`");
    banks += strstr(line, "local memory bank conflicts at ") && strstr(line, ":7 `float z = tile[(l * 2) % 64];`");
    annotated += strstr(line, "|    9     atomic_inc(count);") != NULL;
  }
  CHECK(f && pclose(f) == 0);
  CHECK(first_is_loop);
  CHECK(diverge == 1 && coalesce == 1 && banks == 1);
  CHECK(annotated == 1);

  /* A damaged file is said to be one, not read past. */
  FILE *bad = fopen(path, "w");
  if (bad) {
    fputs("{\"version\": 1, \"launches\": [{\"kernel\": \"shape\", \"lines\": [{\"line\": 3", bad);
    fclose(bad);
  }
  snprintf(cmd, sizeof cmd, "'%s/bin/vgpu' profile '%s' 2>&1", bin ? bin : "build", path);
  f = popen(cmd, "r");
  int said = 0;
  while (f && fgets(line, sizeof line, f)) said += strstr(line, "is not a VGPU_PROFILE file (line 1:") != NULL;
  CHECK(f && WEXITSTATUS(pclose(f)) == 1 && said == 1);

  clReleaseMemObject(a);
  clReleaseMemObject(out);
  clReleaseMemObject(count);
  clReleaseKernel(k);
  clReleaseProgram(prog);
  unlink(path);
  return vt_finish();
}
