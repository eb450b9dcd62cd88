/* test_spirv.c - SPIR-V programs (clCreateProgramWithIL, cl_khr_il_program; docs/spirv.md): the
 * device queries, kernels built from SPIR-V computing what the CPU computes, reqd_work_group_size,
 * specialization constants, Export/Import linkage through clCompileProgram + clLinkProgram,
 * CL_PROGRAM_IL, argument information (not available for IL), the errors of malformed modules, a
 * pipe kernel refused with a message (pipes need the OpenCL C source),
 * and, with the translator made unavailable (VGPU_SPIRV_TRANSLATOR), a device without IL.
 * The modules are the .spvasm files of tests/api/spirv, assembled here by spirv-as (package spirv-tools). */
#include <math.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

static const char *spirv_as(void) {
  static const char *const paths[] = {"/usr/bin/spirv-as", "/usr/local/bin/spirv-as"};
  for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
    if (access(paths[i], X_OK) == 0) return paths[i];
  return NULL;
}

/* tests/api/spirv/<name>.spvasm assembled into a SPIR-V module (malloc'd), or NULL. */
static unsigned char *assemble(const char *name, size_t *len) {
  const char *src_dir = getenv("VGPU_SOURCE_DIR");
  char src[4096], out[256];
  snprintf(src, sizeof src, "%s/tests/api/spirv/%s.spvasm", src_dir ? src_dir : ".", name);
  snprintf(out, sizeof out, "/tmp/vgpu-test-spirv-%ld-%s.spv", (long)getpid(), name);
  pid_t pid = fork();
  if (pid == 0) {
    execl(spirv_as(), "spirv-as", "--target-env", "spv1.0", src, "-o", out, (char *)NULL);
    _exit(127);
  }
  int st = -1;
  waitpid(pid, &st, 0);
  unsigned char *data = NULL;
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) data = (unsigned char *)vt_read_file(out, len);
  unlink(out);
  if (!data) fprintf(stderr, "cannot assemble %s\n", src);
  return data;
}

static char *build_log(cl_program p) {
  size_t len = 0;
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
  char *log = calloc(1, len + 1);
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_LOG, len, log, NULL);
  return log;
}

static char *device_string(cl_device_info what) {
  size_t len = 0;
  clGetDeviceInfo(vt_device(), what, 0, NULL, &len);
  char *s = calloc(1, len + 1);
  clGetDeviceInfo(vt_device(), what, len, s, NULL);
  return s;
}

static cl_program from_il(const char *name) {
  size_t len = 0;
  unsigned char *il = assemble(name, &len);
  if (!il) return NULL;
  cl_int err;
  cl_program p = clCreateProgramWithIL(vt_context(), il, len, &err);
  CHECK_OK(err);
  free(il);
  return p;
}

static void test_queries(void) {
  char *il = device_string(CL_DEVICE_IL_VERSION), *exts = device_string(CL_DEVICE_EXTENSIONS);
  CHECK(!strcmp(il, "SPIR-V_1.0 SPIR-V_1.1 SPIR-V_1.2 SPIR-V_1.3 "));
  CHECK(strstr(exts, "cl_khr_il_program") != NULL);
  cl_name_version v[8];
  size_t size = 0;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_ILS_WITH_VERSION, sizeof v, v, &size));
  CHECK(size == 4 * sizeof v[0]);
  for (unsigned i = 0; i < 4 && size == 4 * sizeof v[0]; i++)
    CHECK(!strcmp(v[i].name, "SPIR-V") && v[i].version == CL_MAKE_VERSION(1, i, 0));
  /* cl_khr_il_program's entry point is the core function under another name. */
  typedef cl_program(CL_API_CALL * create_fn)(cl_context, const void *, size_t, cl_int *);
  create_fn create = (create_fn)clGetExtensionFunctionAddressForPlatform(vt_platform(), "clCreateProgramWithILKHR");
  CHECK(create != NULL);
  size_t len;
  unsigned char *mod = assemble("link_lib", &len);
  if (create && mod) {
    cl_int err;
    cl_program p = create(vt_context(), mod, len, &err);
    CHECK_OK(err);
    if (p) clReleaseProgram(p);
  }
  free(mod);
  free(il);
  free(exts);
}

/* y = mad(a, sqrt(x), y) + local size; the count of work-items whose window holds mostly odd
 * numbers (a loop and a global atomic); ids under reqd_work_group_size(8, 2, 1). */
static void test_kernels(void) {
  cl_program p = from_il("kernels");
  if (!p) return;
  cl_int err = clBuildProgram(p, 0, NULL, "", NULL, NULL);
  CHECK_OK(err);
  if (err) { char *log = build_log(p); fprintf(stderr, "%s\n", log); free(log); clReleaseProgram(p); return; }
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();

  enum { N = 256, LOCAL = 32 };
  float x[N], y[N], out[N], a = 0.75f;
  for (int i = 0; i < N; i++) { x[i] = (float)(i * 3 + 1); y[i] = (float)(N - i) * 0.5f; }
  cl_mem bx = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, sizeof x, x, &err);
  cl_mem by = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, sizeof y, y, &err);
  cl_kernel k = clCreateKernel(p, "saxpy_sqrt", &err);
  CHECK_OK(err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof by, &by));
  CHECK_OK(clSetKernelArg(k, 1, sizeof bx, &bx));
  CHECK_OK(clSetKernelArg(k, 2, sizeof a, &a));
  size_t global = N, local = LOCAL;
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, &local, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, by, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  int bad = 0;
  for (int i = 0; i < N; i++) {
    /* mad may or may not round the product: a relative tolerance of a few ulps */
    float want = a * sqrtf(x[i]) + y[i] + (float)LOCAL;
    if (fabsf(out[i] - want) > 4e-6f * fabsf(want)) bad++;
  }
  CHECK(bad == 0);
  /* No argument information for IL programs (OpenCL 3.0 s5.10, clGetKernelArgInfo). */
  char name[64];
  CHECK_ERR(clGetKernelArgInfo(k, 0, CL_KERNEL_ARG_NAME, sizeof name, name, NULL), CL_KERNEL_ARG_INFO_NOT_AVAILABLE);
  cl_uint nargs = 0;
  CHECK_OK(clGetKernelInfo(k, CL_KERNEL_NUM_ARGS, sizeof nargs, &nargs, NULL));
  CHECK(nargs == 3);
  clReleaseKernel(k);

  int in[N], zero = 0, count = -1;
  for (int i = 0; i < N; i++) in[i] = (i * 7919) % 13;
  int n = 37, want = 0;
  for (int i = 0; i < N; i++) {
    int s = 0;
    for (int j = 0; j < n; j++) s += in[(i + j) % n] & 1;
    want += s > n / 2;
  }
  cl_mem bin = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, sizeof in, in, &err);
  cl_mem bc = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, sizeof zero, &zero, &err);
  k = clCreateKernel(p, "count_odd", &err);
  CHECK_OK(err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof bin, &bin));
  CHECK_OK(clSetKernelArg(k, 1, sizeof bc, &bc));
  CHECK_OK(clSetKernelArg(k, 2, sizeof n, &n));
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &global, NULL, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, bc, CL_TRUE, 0, sizeof count, &count, 0, NULL, NULL));
  CHECK(count == want);
  clReleaseKernel(k);

  k = clCreateKernel(p, "fixed_group", &err);
  CHECK_OK(err);
  size_t wg[3] = {0, 0, 0};
  CHECK_OK(clGetKernelWorkGroupInfo(k, vt_device(), CL_KERNEL_COMPILE_WORK_GROUP_SIZE, sizeof wg, wg, NULL));
  CHECK(wg[0] == 8 && wg[1] == 2 && wg[2] == 1);
  int ids[16 * 4];
  cl_mem bids = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, sizeof ids, NULL, &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof bids, &bids));
  size_t g2[2] = {16, 4}, l2[2] = {8, 2}, l_wrong[2] = {4, 4};
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 2, NULL, g2, l_wrong, 0, NULL, NULL), CL_INVALID_WORK_GROUP_SIZE);
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 2, NULL, g2, l2, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, bids, CL_TRUE, 0, sizeof ids, ids, 0, NULL, NULL));
  bad = 0;
  for (int yy = 0; yy < 4; yy++)
    for (int xx = 0; xx < 16; xx++) bad += ids[yy * 16 + xx] != xx % 8 + 10 * (yy % 2);
  CHECK(bad == 0);
  clReleaseKernel(k);
  clReleaseMemObject(bx); clReleaseMemObject(by); clReleaseMemObject(bin); clReleaseMemObject(bc);
  clReleaseMemObject(bids);

  /* The program keeps the module as given. */
  size_t len = 0, il_len = 0;
  unsigned char *il = assemble("kernels", &len), *got = malloc(len + 16);
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_IL, len + 16, got, &il_len));
  CHECK(il && il_len == len && !memcmp(got, il, len));
  char src[8] = "x";
  size_t src_len = 0;
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_SOURCE, sizeof src, src, &src_len));
  CHECK(src_len == 1 && src[0] == 0);
  free(il);
  free(got);
  clReleaseProgram(p);
}

/* Runs spec_values and returns what it wrote. */
static void run_spec(cl_program p, cl_uint u[2], cl_ulong *l, float *f) {
  cl_int err;
  cl_context ctx = vt_context();
  cl_kernel k = clCreateKernel(p, "spec_values", &err);
  CHECK_OK(err);
  cl_mem bu = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, 2 * sizeof(cl_uint), NULL, &err);
  cl_mem bl = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, sizeof(cl_ulong), NULL, &err);
  cl_mem bf = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY, sizeof(float), NULL, &err);
  clSetKernelArg(k, 0, sizeof bu, &bu);
  clSetKernelArg(k, 1, sizeof bl, &bl);
  clSetKernelArg(k, 2, sizeof bf, &bf);
  size_t one = 1;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &one, NULL, 0, NULL, NULL));
  clEnqueueReadBuffer(vt_queue(), bu, CL_TRUE, 0, 2 * sizeof(cl_uint), u, 0, NULL, NULL);
  clEnqueueReadBuffer(vt_queue(), bl, CL_TRUE, 0, sizeof *l, l, 0, NULL, NULL);
  clEnqueueReadBuffer(vt_queue(), bf, CL_TRUE, 0, sizeof *f, f, 0, NULL, NULL);
  clReleaseMemObject(bu); clReleaseMemObject(bl); clReleaseMemObject(bf);
  clReleaseKernel(k);
}

static void test_spec_constants(void) {
  cl_program p = from_il("spec_const");
  if (!p) return;
  cl_uint u[2] = {0, 0};
  cl_ulong l = 0;
  float f = 0;
  /* The defaults the module gives: 5, true, 2^32, 1.5. */
  CHECK_OK(clBuildProgram(p, 0, NULL, NULL, NULL, NULL));
  run_spec(p, u, &l, &f);
  CHECK(u[0] == 5 && u[1] == 1 && l == 1ull << 32 && f == 1.5f);
  /* New values take effect at the next build (s5.8.3). */
  cl_uint nu = 0xdeadbeefu;
  cl_uchar nb = 0;
  cl_ulong nl = 0x123456789abcdef0ull;
  float nf = -0.1f;
  CHECK_OK(clSetProgramSpecializationConstant(p, 7, sizeof nu, &nu));
  CHECK_OK(clSetProgramSpecializationConstant(p, 8, sizeof nb, &nb));
  CHECK_OK(clSetProgramSpecializationConstant(p, 9, sizeof nl, &nl));
  CHECK_OK(clSetProgramSpecializationConstant(p, 10, sizeof nf, &nf));
  CHECK_OK(clBuildProgram(p, 0, NULL, NULL, NULL, NULL));
  run_spec(p, u, &l, &f);
  CHECK(u[0] == nu && u[1] == 0 && l == nl && f == nf);
  /* The errors: an id the module lacks, a size that is not the constant's, no value. */
  CHECK_ERR(clSetProgramSpecializationConstant(p, 11, sizeof nu, &nu), CL_INVALID_SPEC_ID);
  CHECK_ERR(clSetProgramSpecializationConstant(p, 7, sizeof nl, &nl), CL_INVALID_VALUE);
  CHECK_ERR(clSetProgramSpecializationConstant(p, 8, sizeof nu, &nu), CL_INVALID_VALUE);
  CHECK_ERR(clSetProgramSpecializationConstant(p, 7, sizeof nu, NULL), CL_INVALID_VALUE);
  clReleaseProgram(p);
  cl_program src = vt_build("kernel void k(global int *a) { a[0] = 1; }", "");
  CHECK_ERR(clSetProgramSpecializationConstant(src, 7, sizeof nu, &nu), CL_INVALID_OPERATION);
  if (src) clReleaseProgram(src);
}

/* A kernel importing a function another module exports: compiled separately, then linked; it
 * also calls a DontInline function of its own (inlined all the same: VIR has no calls). */
static void test_linkage(void) {
  cl_program lib = from_il("link_lib"), main_p = from_il("link_main");
  if (!lib || !main_p) return;
  /* Alone, the import is undefined: the build fails and the log names it. */
  CHECK_ERR(clBuildProgram(main_p, 0, NULL, NULL, NULL, NULL), CL_BUILD_PROGRAM_FAILURE);
  char *log = build_log(main_p);
  CHECK(strstr(log, "twice_plus_three") != NULL);
  free(log);
  CHECK_OK(clCompileProgram(lib, 0, NULL, "", 0, NULL, NULL, NULL, NULL));
  CHECK_OK(clCompileProgram(main_p, 0, NULL, "", 0, NULL, NULL, NULL, NULL));
  cl_program in[2] = {main_p, lib};
  cl_int err;
  cl_program exe = clLinkProgram(vt_context(), 0, NULL, "", 2, in, NULL, NULL, &err);
  CHECK_OK(err);
  if (exe) {
    cl_kernel k = clCreateKernel(exe, "use_import", &err);
    CHECK_OK(err);
    enum { N = 64 };
    cl_uint out[N];
    cl_mem b = clCreateBuffer(vt_context(), CL_MEM_WRITE_ONLY, sizeof out, NULL, &err);
    clSetKernelArg(k, 0, sizeof b, &b);
    size_t g = N;
    CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(vt_queue(), b, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
    int bad = 0;
    for (cl_uint i = 0; i < N; i++) bad += out[i] != 2 * i + 4;
    CHECK(bad == 0);
    clReleaseMemObject(b);
    clReleaseKernel(k);
    clReleaseProgram(exe);
  }
  /* An OpenCL C object linked with the SPIR-V library: the same function from C. */
  const char *src = "uint twice_plus_three(uint x);\n"
                    "kernel void from_c(global uint *out) { out[get_global_id(0)] = twice_plus_three(7u); }\n";
  cl_program c_obj = clCreateProgramWithSource(vt_context(), 1, &src, NULL, &err);
  CHECK_OK(clCompileProgram(c_obj, 0, NULL, "", 0, NULL, NULL, NULL, NULL));
  cl_program mixed_in[2] = {c_obj, lib};
  exe = clLinkProgram(vt_context(), 0, NULL, "", 2, mixed_in, NULL, NULL, &err);
  CHECK_OK(err);
  if (exe) {
    cl_kernel k = clCreateKernel(exe, "from_c", &err);
    cl_uint out = 0;
    cl_mem b = clCreateBuffer(vt_context(), CL_MEM_WRITE_ONLY, sizeof out, NULL, &err);
    clSetKernelArg(k, 0, sizeof b, &b);
    size_t g = 1;
    CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
    CHECK_OK(clEnqueueReadBuffer(vt_queue(), b, CL_TRUE, 0, sizeof out, &out, 0, NULL, NULL));
    CHECK(out == 17);
    clReleaseMemObject(b);
    clReleaseKernel(k);
    clReleaseProgram(exe);
  }
  clReleaseProgram(c_obj);
  clReleaseProgram(lib);
  clReleaseProgram(main_p);
}

static void test_errors(void) {
  cl_context ctx = vt_context();
  cl_int err;
  size_t len = 0;
  unsigned char *good = assemble("link_lib", &len);
  if (!good) return;
  unsigned char *bad = malloc(len);
  /* Not a whole number of words; no magic number; a version the devices do not take; an
   * instruction running past the end. */
  CHECK(clCreateProgramWithIL(ctx, good, len - 2, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  memcpy(bad, good, len);
  bad[0] ^= 0xff;
  CHECK(clCreateProgramWithIL(ctx, bad, len, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  memcpy(bad, good, len);
  uint32_t v15 = 0x00010500;
  memcpy(bad + 4, &v15, 4);
  CHECK(clCreateProgramWithIL(ctx, bad, len, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  /* the last 2 words cut off: OpFunctionEnd and OpReturnValue's operand, whose 2-word
   * instruction now runs past the end */
  CHECK(clCreateProgramWithIL(ctx, good, len - 8, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithIL(ctx, NULL, len, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithIL(ctx, good, 0, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithIL(NULL, good, len, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  /* The other byte order is SPIR-V too (SPIR-V 2.3: the magic number tells): it builds. */
  for (size_t i = 0; i + 4 <= len; i += 4)
    for (int b = 0; b < 4; b++) bad[i + (size_t)b] = good[i + 3 - (size_t)b];
  cl_program swapped = clCreateProgramWithIL(ctx, bad, len, &err);
  CHECK_OK(err);
  if (swapped) {
    CHECK_OK(clCompileProgram(swapped, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL));
    clReleaseProgram(swapped);
  }
  /* A well-formed stream the translator rejects (an opcode SPIR-V does not have): the build
   * fails and its log says what the translator said. */
  memcpy(bad, good, len);
  uint32_t word;
  memcpy(&word, bad + 20, 4);                /* the first instruction, OpCapability */
  word = (word & 0xffff0000u) | 0x7777u;     /* same length, unknown opcode */
  memcpy(bad + 20, &word, 4);
  cl_program p = clCreateProgramWithIL(ctx, bad, len, &err);
  CHECK_OK(err);
  if (p) {
    CHECK_ERR(clBuildProgram(p, 0, NULL, NULL, NULL, NULL), CL_BUILD_PROGRAM_FAILURE);
    char *log = build_log(p);
    CHECK(strstr(log, "SPIR-V") != NULL);
    cl_build_status st = CL_BUILD_NONE;
    clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_STATUS, sizeof st, &st, NULL);
    CHECK(st == CL_BUILD_ERROR);
    free(log);
    clReleaseProgram(p);
  }
  free(bad);
  free(good);
}

/* A pipe kernel in SPIR-V: llvm-spirv gives its pipes pointer types, which the library's pipe
 * functions do not take, so the build fails and says why (docs/pipes.md). */
static void test_pipes(void) {
  cl_program p = from_il("pipes");
  if (!p) return;
  CHECK_ERR(clBuildProgram(p, 0, NULL, NULL, NULL, NULL), CL_BUILD_PROGRAM_FAILURE);
  char *log = build_log(p);
  if (!CHECK(strstr(log, "pipes in SPIR-V modules are not supported") != NULL)) fprintf(stderr, "log: %s\n", log);
  free(log);
  clReleaseProgram(p);
}

/* The child run without a translator: no IL anywhere. */
static int child_without_translator(void) {
  char *il = device_string(CL_DEVICE_IL_VERSION), *exts = device_string(CL_DEVICE_EXTENSIONS);
  size_t size = 1;
  clGetDeviceInfo(vt_device(), CL_DEVICE_ILS_WITH_VERSION, 0, NULL, &size);
  unsigned char mod[20] = {0x03, 0x02, 0x23, 0x07, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
  cl_int err = CL_SUCCESS;
  cl_program p = clCreateProgramWithIL(vt_context(), mod, sizeof mod, &err);
  void *fn = clGetExtensionFunctionAddressForPlatform(vt_platform(), "clCreateProgramWithILKHR");
  printf("il='%s' ils=%zu ext=%d create=%s fn=%d\n", il, size, strstr(exts, "cl_khr_il_program") != NULL,
         p ? "program" : vt_error_name(err), fn != NULL);
  if (p) clReleaseProgram(p);
  free(il);
  free(exts);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) return child_without_translator();
  vt_device();
  char out[4096];
  const char *env[] = {"VGPU_SPIRV_TRANSLATOR=/nonexistent/llvm-spirv", "VGPU_LOG=error", NULL};
  CHECK(vt_run_self(argv[0], "child", env, 1, out, sizeof out) == 0);
  if (!CHECK(strstr(out, "il='' ils=0 ext=0 create=CL_INVALID_OPERATION fn=0\n") != NULL))
    fprintf(stderr, "child said: %s\n", out);
  char *il = device_string(CL_DEVICE_IL_VERSION);
  int have = *il != 0;
  free(il);
  /* The build found a translator (VGPU_LLVM_SPIRV, CMakeLists.txt): the devices must take SPIR-V. */
  CHECK(have == (*VGPU_LLVM_SPIRV && access(VGPU_LLVM_SPIRV, X_OK) == 0));
  if (!have || !spirv_as()) {
    fprintf(stderr, "test_spirv: %s; SPIR-V tests skipped\n",
            have ? "spirv-as (spirv-tools) is not installed" : "no SPIR-V translator (llvm-spirv-15)");
    return vt_finish() ? 1 : 77;
  }
  test_queries();
  test_kernels();
  test_spec_constants();
  test_linkage();
  test_pipes();
  test_errors();
  return vt_finish();
}
