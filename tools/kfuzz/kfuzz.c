/* kfuzz - differential testing of OpenCL C compilers: generates random kernels (gen_*.c), runs
 * each with the same inputs on two OpenCL platforms chosen by name and compares every output
 * bit for bit.  Usage: kfuzz --help.  docs/kfuzz.md says how to use it and what it found. */
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gen.h"

typedef struct { const char *want; char name[128]; cl_device_id dev; cl_context ctx; cl_command_queue q; } plat;
typedef struct { unsigned wg, groups, nout; } shape;

static const char *const USAGE =
  "usage: kfuzz [options]\n"
  "  Runs random OpenCL C kernels on two platforms and compares their outputs bit for bit.\n"
  "  --seed S        first seed (default 1)\n"
  "  --count N       seeds S .. S+N-1 (default 1)\n"
  "  --a NAME        first platform: a substring of its CL_PLATFORM_NAME (default VirtualGPU)\n"
  "  --b NAME        second platform (default Portable, i.e. PoCL)\n"
  "  --opts STR      build options; may be repeated; default: \"\" and \"-cl-opt-disable\"\n"
  "  --kernel FILE   run FILE (a kernel kfuzz printed, perhaps edited) with --seed's inputs\n"
  "  --print         print the kernel of --seed and exit (no OpenCL)\n"
  "  --save DIR      write each mismatching kernel to DIR/kfuzz-<seed>.cl instead of printing it\n"
  "  -q              one line per mismatch, no kernel\n"
  "Exit status: 0 all agree, 1 a mismatch, 2 a kernel neither platform builds, 77 a platform\n"
  "is missing.  Example: OCL_ICD_VENDORS=/tmp/icds kfuzz --seed 1 --count 500 -q\n";

static int find(plat *p) {
  cl_platform_id ids[16];
  cl_uint n = 0;
  if (clGetPlatformIDs(16, ids, &n) != CL_SUCCESS) n = 0;
  for (cl_uint i = 0; i < n && i < 16; i++) {
    clGetPlatformInfo(ids[i], CL_PLATFORM_NAME, sizeof p->name, p->name, NULL);
    if (!strstr(p->name, p->want) || clGetDeviceIDs(ids[i], CL_DEVICE_TYPE_ALL, 1, &p->dev, NULL)) continue;
    p->ctx = clCreateContext(NULL, 1, &p->dev, NULL, NULL, NULL);
    p->q = p->ctx ? clCreateCommandQueue(p->ctx, p->dev, 0, NULL) : NULL;
    return p->q != NULL;
  }
  fprintf(stderr, "kfuzz: no platform named like \"%s\": skipped\n", p->want);
  return 0;
}

/* Builds and runs src on p; 0 done, 1 the build failed (log in *log), 2 a run-time error. */
static int run(plat *p, const char *src, const char *opts, shape s, const cl_ulong *in, const cl_int *atom0,
               cl_ulong *out, cl_int *atom, char **log) {
  cl_int err;
  size_t nwi = (size_t)s.wg * s.groups, lsz = s.wg, outb = nwi * s.nout * sizeof(cl_ulong);
  cl_program prog = clCreateProgramWithSource(p->ctx, 1, &src, NULL, &err);
  if (clBuildProgram(prog, 1, &p->dev, opts, NULL, NULL) != CL_SUCCESS) {
    size_t len = 0;
    clGetProgramBuildInfo(prog, p->dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
    *log = calloc(1, len + 1);
    clGetProgramBuildInfo(prog, p->dev, CL_PROGRAM_BUILD_LOG, len, *log, NULL);
    clReleaseProgram(prog);
    return 1;
  }
  cl_kernel k = clCreateKernel(prog, "k", &err);
  memset(out, 0, outb);   /* outputs a kernel leaves alone read 0 on both platforms */
  cl_mem bo = clCreateBuffer(p->ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, outb, out, &err);
  cl_mem bi = clCreateBuffer(p->ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, nwi * KF_NIN * sizeof(cl_ulong),
                             (void *)in, &err);
  cl_mem ba = clCreateBuffer(p->ctx, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, KF_NATOM * sizeof(cl_int),
                             (void *)atom0, &err);
  clSetKernelArg(k, 0, sizeof bo, &bo);
  clSetKernelArg(k, 1, sizeof bi, &bi);
  clSetKernelArg(k, 2, sizeof ba, &ba);
  err = clEnqueueNDRangeKernel(p->q, k, 1, NULL, &nwi, &lsz, 0, NULL, NULL);
  if (err == CL_SUCCESS) err = clEnqueueReadBuffer(p->q, bo, CL_TRUE, 0, outb, out, 0, NULL, NULL);
  if (err == CL_SUCCESS) err = clEnqueueReadBuffer(p->q, ba, CL_TRUE, 0, KF_NATOM * sizeof(cl_int), atom, 0, NULL, NULL);
  if (err == CL_SUCCESS) err = clFinish(p->q);
  clReleaseMemObject(bo);
  clReleaseMemObject(bi);
  clReleaseMemObject(ba);
  clReleaseKernel(k);
  clReleaseProgram(prog);
  if (err != CL_SUCCESS) { *log = calloc(1, 64); snprintf(*log, 64, "run-time error %d", err); }
  return err == CL_SUCCESS ? 0 : 2;
}

/* Inputs: mostly the values where operations have edges (0, 1, -1, powers of two, small). */
static cl_ulong input(kf_rng *r) {
  uint64_t x = kf_next(r);
  switch (x % 8) {
  case 0: return 0;
  case 1: return 1;
  case 2: return ~0ull;
  case 3: return (x >> 8) % 100;
  case 4: return 1ull << (x >> 8) % 64;
  case 5: return -((x >> 8) % 100);
  default: return kf_next(r);
  }
}

static int parse_shape(const char *src, shape *s) {
  return sscanf(src, "// kfuzz wg=%u groups=%u nout=%u", &s->wg, &s->groups, &s->nout) == 3 && s->wg &&
         s->groups && s->nout;
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); return NULL; }
  kf_buf b = {0};
  char chunk[4096];
  size_t n;
  kf_add(&b, "%s", "");
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) kf_add(&b, "%.*s", (int)n, chunk);
  fclose(f);
  return b.s;
}

/* One seed with one set of options: 0 agree, 1 mismatch, 2 neither builds. */
static int one(plat *a, plat *b, uint64_t seed, const char *src, const char *opts, const char *save, int quiet) {
  shape s;
  if (!parse_shape(src, &s)) { fprintf(stderr, "kfuzz: seed %llu: no \"// kfuzz\" first line\n", (unsigned long long)seed); return 2; }
  size_t nwi = (size_t)s.wg * s.groups, nout = nwi * s.nout;
  cl_ulong *in = malloc(nwi * KF_NIN * sizeof *in), *oa = malloc(nout * 8), *ob = malloc(nout * 8);
  cl_int atom0[KF_NATOM], aa[KF_NATOM], ab[KF_NATOM];
  kf_rng r;
  kf_seed(&r, seed ^ 0x5eed);
  for (size_t i = 0; i < nwi * KF_NIN; i++) in[i] = input(&r);
  for (int i = 0; i < KF_NATOM; i++) atom0[i] = (cl_int)input(&r);
  char full[512], *la = NULL, *lb = NULL;
  snprintf(full, sizeof full, "%s -cl-fp32-correctly-rounded-divide-sqrt", opts);
  int ra = run(a, src, full, s, in, atom0, oa, aa, &la), rb = run(b, src, full, s, in, atom0, ob, ab, &lb);
  int verdict = 0, ndiff = 0;
  if (ra == 1 && rb == 1) {
    fprintf(stderr, "kfuzz: seed %llu: neither platform builds the kernel (a generator bug):\n%.2000s\n",
            (unsigned long long)seed, la);
    verdict = 2;
  } else if (ra || rb) {
    printf("MISMATCH seed %llu opts \"%s\": %s: %s / %s: %s\n", (unsigned long long)seed, opts, a->name,
           ra ? la : "ok", b->name, rb ? lb : "ok");
    verdict = 1;
  } else {
    for (size_t i = 0; i < nout; i++) {
      if (oa[i] == ob[i]) continue;
      if (ndiff++ < 6)
        printf("MISMATCH seed %llu opts \"%s\": work-item %zu out[%zu]: %s 0x%llx, %s 0x%llx\n",
               (unsigned long long)seed, opts, i / s.nout, i % s.nout, a->name, (unsigned long long)oa[i],
               b->name, (unsigned long long)ob[i]);
    }
    for (int i = 0; i < KF_NATOM; i++)
      if (aa[i] != ab[i] && ndiff++ < 6)
        printf("MISMATCH seed %llu opts \"%s\": gatom[%d]: %s %d, %s %d\n", (unsigned long long)seed, opts, i,
               a->name, aa[i], b->name, ab[i]);
    if (ndiff) printf("  (%d values differ)\n", ndiff);
    verdict = ndiff != 0;
  }
  if (verdict == 1) {
    if (save) {
      char path[4096];
      snprintf(path, sizeof path, "%s/kfuzz-%llu.cl", save, (unsigned long long)seed);
      FILE *f = fopen(path, "w");
      if (f) { fputs(src, f); fclose(f); printf("  kernel: %s\n", path); }
    } else if (!quiet) printf("----- kernel of seed %llu -----\n%s-----\n", (unsigned long long)seed, src);
  }
  fflush(stdout);
  free(in); free(oa); free(ob); free(la); free(lb);
  return verdict;
}

int main(int argc, char **argv) {
  uint64_t seed = 1, count = 1;
  plat a = {.want = "VirtualGPU"}, b = {.want = "Portable"};
  const char *opts[8], *kernel = NULL, *save = NULL;
  int nopts = 0, print = 0, quiet = 0;
  for (int i = 1; i < argc; i++) {
    const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(o, "--print")) print = 1;
    else if (!strcmp(o, "-q")) quiet = 1;
    else if (!strcmp(o, "--help") || !strcmp(o, "-h")) { fputs(USAGE, stdout); return 0; }
    else if (v && !strcmp(o, "--seed")) { seed = strtoull(v, NULL, 0); i++; }
    else if (v && !strcmp(o, "--count")) { count = strtoull(v, NULL, 0); i++; }
    else if (v && !strcmp(o, "--a")) { a.want = v; i++; }
    else if (v && !strcmp(o, "--b")) { b.want = v; i++; }
    else if (v && !strcmp(o, "--kernel")) { kernel = v; i++; }
    else if (v && !strcmp(o, "--save")) { save = v; i++; }
    else if (v && !strcmp(o, "--opts") && nopts < 8) { opts[nopts++] = v; i++; }
    else { fputs(USAGE, stderr); return 2; }
  }
  if (!nopts) { opts[0] = ""; opts[1] = "-cl-opt-disable"; nopts = 2; }
  if (print) {
    char *src = kernel ? read_file(kernel) : NULL;
    if (!src) kf_generate(seed, &src);
    fputs(src, stdout);
    free(src);
    return 0;
  }
  if (!find(&a) || !find(&b)) return 77;
  int worst = 0, mismatches = 0;
  for (uint64_t k = 0; k < count; k++) {
    char *src = NULL;
    if (kernel) { if (!(src = read_file(kernel))) return 2; }
    else kf_generate(seed + k, &src);
    for (int i = 0; i < nopts; i++) {
      int v = one(&a, &b, seed + k, src, opts[i], save, quiet);
      mismatches += v == 1;
      if (v > worst || (v == 1 && worst == 2)) worst = v;
    }
    free(src);
    if (kernel) break;
  }
  printf("kfuzz: seeds %llu..%llu, %d mismatch(es)\n", (unsigned long long)seed,
         (unsigned long long)(seed + (kernel ? 1 : count) - 1), mismatches);
  return worst == 1 ? 1 : worst;
}
