/* test_program.c - program objects: creation rules, clBuildProgram (success, failure with a log,
 * invalid options, kernels attached, device lists, the asynchronous notify), clCompileProgram
 * with embedded headers, clLinkProgram, and every clGetProgramInfo / clGetProgramBuildInfo query. */
#include <pthread.h>
#include <stdlib.h>
#include "testlib.h"

static const char *good_src = "kernel void add1(global int *a) { a[get_global_id(0)] += 1; }\n"
                              "kernel void twice(global float *a, float f) { a[get_global_id(0)] *= 2.0f * f; }\n";

static char *build_log(cl_program p) {
  size_t len = 0;
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
  char *log = calloc(1, len + 1);
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_LOG, len, log, NULL);
  return log;
}

static cl_build_status build_status(cl_program p) {
  cl_build_status s = 12345;
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BUILD_STATUS, sizeof s, &s, NULL);
  return s;
}

static cl_program_binary_type binary_type(cl_program p) {
  cl_program_binary_type t = 12345;
  clGetProgramBuildInfo(p, vt_device(), CL_PROGRAM_BINARY_TYPE, sizeof t, &t, NULL);
  return t;
}

static void test_create_with_source(void) {
  cl_context ctx = vt_context();
  cl_int err;
  const char *parts[] = {"kernel void k(global int *a) ", "{ a[0] = 7; }XXXX"};
  size_t lens[] = {0, 13}; /* 0: NUL-terminated; 13 cuts "XXXX" off */
  cl_program p = clCreateProgramWithSource(ctx, 2, parts, lens, &err);
  CHECK_OK(err);
  char src[128] = "";
  size_t n = 0;
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_SOURCE, sizeof src, src, &n));
  CHECK(!strcmp(src, "kernel void k(global int *a) { a[0] = 7; }"));
  CHECK(n == strlen(src) + 1);
  CHECK(binary_type(p) == CL_PROGRAM_BINARY_TYPE_NONE);
  CHECK(build_status(p) == CL_BUILD_NONE);
  /* Not built yet: no executable. */
  size_t nk;
  CHECK_ERR(clGetProgramInfo(p, CL_PROGRAM_NUM_KERNELS, sizeof nk, &nk, NULL), CL_INVALID_PROGRAM_EXECUTABLE);
  CHECK_ERR(clGetProgramInfo(p, CL_PROGRAM_KERNEL_NAMES, 0, NULL, &n), CL_INVALID_PROGRAM_EXECUTABLE);
  clCreateKernel(p, "k", &err);
  CHECK_ERR(err, CL_INVALID_PROGRAM_EXECUTABLE);
  CHECK_OK(clReleaseProgram(p));

  CHECK(clCreateProgramWithSource(ctx, 0, parts, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithSource(ctx, 1, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  const char *with_null[] = {"kernel void k() {}", NULL};
  CHECK(clCreateProgramWithSource(ctx, 2, with_null, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithSource(NULL, 1, parts, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  CHECK(clCreateProgramWithSource((cl_context)vt_device(), 1, parts, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
}

static void test_build(void) {
  cl_context ctx = vt_context();
  cl_device_id dev = vt_device();
  cl_int err;
  cl_program p = clCreateProgramWithSource(ctx, 1, &good_src, NULL, &err);
  CHECK_OK(err);
  /* device list rules */
  CHECK_ERR(clBuildProgram(NULL, 0, NULL, NULL, NULL, NULL), CL_INVALID_PROGRAM);
  CHECK_ERR(clBuildProgram(p, 1, NULL, NULL, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clBuildProgram(p, 0, &dev, NULL, NULL, NULL), CL_INVALID_VALUE);
  cl_device_id bogus = (cl_device_id)ctx;
  CHECK_ERR(clBuildProgram(p, 1, &bogus, NULL, NULL, NULL), CL_INVALID_DEVICE);
  int dummy;
  CHECK_ERR(clBuildProgram(p, 1, &dev, NULL, NULL, &dummy), CL_INVALID_VALUE);
  /* options are validated by the compiler */
  CHECK_ERR(clBuildProgram(p, 1, &dev, "-invalid- --build-- options", NULL, NULL), CL_INVALID_BUILD_OPTIONS);
  CHECK(build_status(p) == CL_BUILD_ERROR);

  CHECK_OK(clBuildProgram(p, 1, &dev, "-cl-std=CL1.2 -DUNUSED=1", NULL, NULL));
  CHECK(build_status(p) == CL_BUILD_SUCCESS);
  CHECK(binary_type(p) == CL_PROGRAM_BINARY_TYPE_EXECUTABLE);
  char opts[64] = "";
  CHECK_OK(clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_OPTIONS, sizeof opts, opts, NULL));
  CHECK(!strcmp(opts, "-cl-std=CL1.2 -DUNUSED=1"));
  size_t nk = 0, n = 0;
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_NUM_KERNELS, sizeof nk, &nk, NULL));
  CHECK(nk == 2);
  char names[64] = "";
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_KERNEL_NAMES, sizeof names, names, &n));
  CHECK(!strcmp(names, "add1;twice") || !strcmp(names, "twice;add1"));
  CHECK(n == strlen("add1;twice") + 1);
  CHECK_ERR(clGetProgramInfo(p, CL_PROGRAM_KERNEL_NAMES, 3, names, NULL), CL_INVALID_VALUE);
  /* A second build of the same program (nothing attached) is allowed. */
  CHECK_OK(clBuildProgram(p, 0, NULL, NULL, NULL, NULL));
  /* ...but not while a kernel is attached. */
  cl_kernel k = clCreateKernel(p, "add1", &err);
  CHECK_OK(err);
  CHECK_ERR(clBuildProgram(p, 0, NULL, NULL, NULL, NULL), CL_INVALID_OPERATION);
  CHECK_ERR(clCompileProgram(p, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL), CL_INVALID_OPERATION);
  clReleaseKernel(k);
  CHECK_OK(clBuildProgram(p, 0, NULL, NULL, NULL, NULL));
  clReleaseProgram(p);

  /* A failed build: the error and a log that says why. */
  const char *bad = "kernel void broken(global int *a) { a[0] = undeclared_thing; }";
  p = clCreateProgramWithSource(ctx, 1, &bad, NULL, &err);
  CHECK_ERR(clBuildProgram(p, 0, NULL, NULL, NULL, NULL), CL_BUILD_PROGRAM_FAILURE);
  CHECK(build_status(p) == CL_BUILD_ERROR);
  char *log = build_log(p);
  CHECK(strstr(log, "undeclared_thing") != NULL);
  free(log);
  clCreateKernel(p, "broken", &err);
  CHECK_ERR(err, CL_INVALID_PROGRAM_EXECUTABLE);
  clReleaseProgram(p);
}

/* Relative -I directories mean the application's working directory; diagnostics name the
 * source "program.cl", not a temporary path. */
static void test_include_dirs(void) {
  char dir[] = "vgpu-inc-test-XXXXXX";
  if (!mkdtemp(dir)) return;
  char path[64], opt[80];
  snprintf(path, sizeof path, "%s/answer.h", dir);
  FILE *f = fopen(path, "w");
  fputs("#define ANSWER 42\n", f);
  fclose(f);
  snprintf(opt, sizeof opt, "-I %s -DOTHER=\"a b\"", dir);
  const char *src = "#include \"answer.h\"\nkernel void k(global int *a) { a[0] = ANSWER; }\n";
  cl_int err;
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &src, NULL, &err);
  CHECK_OK(clBuildProgram(p, 0, NULL, opt, NULL, NULL));
  snprintf(opt, sizeof opt, "-I%s", dir);
  CHECK_OK(clBuildProgram(p, 0, NULL, opt, NULL, NULL));
  CHECK_ERR(clBuildProgram(p, 0, NULL, NULL, NULL, NULL), CL_BUILD_PROGRAM_FAILURE); /* not found without -I */
  char *log = build_log(p);
  if (!CHECK(strstr(log, "program.cl") && !strstr(log, "/tmp/"))) fprintf(stderr, "  log: %s\n", log);
  free(log);
  clReleaseProgram(p);
  remove(path);
  remove(dir);
}

static pthread_mutex_t cb_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cb_cond = PTHREAD_COND_INITIALIZER;
static int cb_calls;
static cl_program cb_program;
static void CL_CALLBACK on_built(cl_program p, void *user_data) {
  pthread_mutex_lock(&cb_lock);
  cb_calls++;
  cb_program = p;
  *(int *)user_data = 1;
  pthread_cond_signal(&cb_cond);
  pthread_mutex_unlock(&cb_lock);
}

static void test_build_callback(void) {
  cl_int err;
  int flag = 0;
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &good_src, NULL, &err);
  CHECK_OK(clBuildProgram(p, 0, NULL, "-DASYNC", on_built, &flag));
  pthread_mutex_lock(&cb_lock);
  while (!cb_calls) pthread_cond_wait(&cb_cond, &cb_lock);
  pthread_mutex_unlock(&cb_lock);
  CHECK(cb_calls == 1 && cb_program == p && flag == 1);
  CHECK(build_status(p) == CL_BUILD_SUCCESS);
  cl_kernel k = clCreateKernel(p, "twice", &err);
  CHECK_OK(err);
  clReleaseKernel(k);
  /* The callback also reports failures; the status says which. */
  const char *bad = "kernel void nope( {";
  cl_program q = clCreateProgramWithSource(vt_context(), 1, &bad, NULL, &err);
  cb_calls = 0;
  err = clBuildProgram(q, 0, NULL, NULL, on_built, &flag);
  CHECK(err == CL_SUCCESS || err == CL_BUILD_PROGRAM_FAILURE);
  pthread_mutex_lock(&cb_lock);
  while (!cb_calls) pthread_cond_wait(&cb_cond, &cb_lock);
  pthread_mutex_unlock(&cb_lock);
  CHECK(build_status(q) == CL_BUILD_ERROR);
  clReleaseProgram(q);
  clReleaseProgram(p);
}

static void test_compile_link(void) {
  cl_context ctx = vt_context();
  cl_device_id dev = vt_device();
  cl_int err;
  /* An embedded header, included by a name with a directory. */
  const char *hdr_src = "#define SCALE 3\nint scaled(int x);\n";
  const char *lib_src = "#include \"inc/scale.h\"\nint scaled(int x) { return x * SCALE; }\n";
  const char *main_src = "#include \"inc/scale.h\"\nkernel void use(global int *a) { a[get_global_id(0)] = scaled(a[get_global_id(0)]); }\n";
  cl_program hdr = clCreateProgramWithSource(ctx, 1, &hdr_src, NULL, &err);
  cl_program lib = clCreateProgramWithSource(ctx, 1, &lib_src, NULL, &err);
  cl_program mainp = clCreateProgramWithSource(ctx, 1, &main_src, NULL, &err);
  const char *names[] = {"inc/scale.h"};
  CHECK_ERR(clCompileProgram(lib, 1, &dev, NULL, 0, &hdr, NULL, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clCompileProgram(lib, 1, &dev, NULL, 1, NULL, names, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clCompileProgram(lib, 1, &dev, NULL, 1, &hdr, NULL, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clCompileProgram(lib, 1, &dev, "-cl-bogus-option", 1, &hdr, names, NULL, NULL), CL_INVALID_COMPILER_OPTIONS);
  /* Without the header the compile fails and says so. */
  CHECK_ERR(clCompileProgram(lib, 1, &dev, NULL, 0, NULL, NULL, NULL, NULL), CL_COMPILE_PROGRAM_FAILURE);
  char *log = build_log(lib);
  CHECK(strstr(log, "scale.h") != NULL);
  free(log);
  /* asynchronously: the headers are copied before clCompileProgram returns */
  int flag = 0;
  cb_calls = 0;
  CHECK_OK(clCompileProgram(lib, 1, &dev, NULL, 1, &hdr, names, on_built, &flag));
  /* in progress from the return on (it read CL_BUILD_ERROR, the last build's, until the thread
   * started; the CTS's compile_and_link_status_options_log polls it) */
  cl_build_status st = build_status(lib);
  CHECK(st == CL_BUILD_IN_PROGRESS || st == CL_BUILD_SUCCESS);
  pthread_mutex_lock(&cb_lock);
  while (!cb_calls) pthread_cond_wait(&cb_cond, &cb_lock);
  pthread_mutex_unlock(&cb_lock);
  CHECK(flag == 1 && build_status(lib) == CL_BUILD_SUCCESS);
  CHECK_OK(clCompileProgram(lib, 1, &dev, NULL, 1, &hdr, names, NULL, NULL));
  CHECK_OK(clCompileProgram(mainp, 0, NULL, "-cl-kernel-arg-info", 1, &hdr, names, NULL, NULL));
  CHECK(binary_type(lib) == CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT);
  CHECK(build_status(mainp) == CL_BUILD_SUCCESS);
  /* A compiled object has no kernels yet. */
  size_t nk;
  CHECK_ERR(clGetProgramInfo(mainp, CL_PROGRAM_NUM_KERNELS, sizeof nk, &nk, NULL), CL_INVALID_PROGRAM_EXECUTABLE);

  cl_program both[2] = {lib, mainp};
  /* A library from one object, then an executable from the library and the other object. */
  cl_program library = clLinkProgram(ctx, 1, &dev, "-create-library -enable-link-options", 1, &lib, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(library && binary_type(library) == CL_PROGRAM_BINARY_TYPE_LIBRARY);
  cl_program with_lib[2] = {library, mainp};
  cl_program exe = clLinkProgram(ctx, 0, NULL, NULL, 2, with_lib, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(exe && binary_type(exe) == CL_PROGRAM_BINARY_TYPE_EXECUTABLE);
  CHECK_OK(clGetProgramInfo(exe, CL_PROGRAM_NUM_KERNELS, sizeof nk, &nk, NULL));
  CHECK(nk == 1);
  cl_kernel k = clCreateKernel(exe, "use", &err);
  CHECK_OK(err);
  /* compiled with -cl-kernel-arg-info: the linked kernel keeps its argument names */
  char aname[8] = "";
  CHECK_OK(clGetKernelArgInfo(k, 0, CL_KERNEL_ARG_NAME, sizeof aname, aname, NULL));
  CHECK(!strcmp(aname, "a"));
  clReleaseKernel(k);
  cl_program exe2 = clLinkProgram(ctx, 1, &dev, "", 2, both, NULL, NULL, &err);
  CHECK_OK(err);
  /* Programs made by linking have no source. */
  char src[8] = "x";
  size_t n = 0;
  CHECK_OK(clGetProgramInfo(exe2, CL_PROGRAM_SOURCE, sizeof src, src, &n));
  CHECK(n == 1 && src[0] == 0);

  /* link errors */
  CHECK(clLinkProgram(NULL, 0, NULL, NULL, 2, both, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  CHECK(clLinkProgram(ctx, 1, NULL, NULL, 2, both, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clLinkProgram(ctx, 0, NULL, NULL, 0, both, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clLinkProgram(ctx, 0, NULL, NULL, 2, NULL, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  int dummy;
  CHECK(clLinkProgram(ctx, 0, NULL, NULL, 2, both, NULL, &dummy, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_program bad_in[2] = {lib, (cl_program)ctx};
  CHECK(clLinkProgram(ctx, 0, NULL, NULL, 2, bad_in, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PROGRAM);
  CHECK(clLinkProgram(ctx, 0, NULL, "-enable-link-options", 2, both, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_LINKER_OPTIONS);
  CHECK(clLinkProgram(ctx, 0, NULL, "-invalid- --link-- options", 2, both, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_LINKER_OPTIONS);
  /* An executable is not a valid input. */
  cl_program exe_in[2] = {exe, mainp};
  CHECK(clLinkProgram(ctx, 0, NULL, NULL, 2, exe_in, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  /* A failed link returns the program with its log (duplicate definition of scaled). */
  cl_program dup[3] = {lib, lib, mainp};
  cl_program failed = clLinkProgram(ctx, 0, NULL, NULL, 3, dup, NULL, NULL, &err);
  CHECK_ERR(err, CL_LINK_PROGRAM_FAILURE);
  CHECK(failed != NULL);
  if (failed) {
    CHECK(build_status(failed) == CL_BUILD_ERROR);
    log = build_log(failed);
    CHECK(strlen(log) > 0);
    free(log);
    clCreateKernel(failed, "use", &err);
    CHECK_ERR(err, CL_INVALID_PROGRAM_EXECUTABLE);
    clReleaseProgram(failed);
  }
  /* Compiling a program created from a binary or by linking is not possible. */
  CHECK_ERR(clCompileProgram(exe, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL), CL_INVALID_OPERATION);
  /* Building a library is not possible either. */
  CHECK_ERR(clBuildProgram(library, 0, NULL, NULL, NULL, NULL), CL_INVALID_OPERATION);
  clReleaseProgram(exe2);
  clReleaseProgram(exe);
  clReleaseProgram(library);
  clReleaseProgram(hdr);
  clReleaseProgram(lib);
  clReleaseProgram(mainp);
}

static void test_info(void) {
  cl_context ctx = vt_context();
  cl_device_id dev = vt_device();
  cl_int err;
  const char *src = "global int counter = 5; global float table[16];\n"
                    "kernel void bump(global int *out) { out[0] = counter++; table[1] = 1.0f; out[1] = (int)table[out[2] & 15]; }\n";
  cl_program p = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
  CHECK_OK(clBuildProgram(p, 0, NULL, "-cl-std=CL3.0", NULL, NULL));
  cl_uint refs = 0, ndev = 0;
  CHECK_OK(clRetainProgram(p));
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 2);
  CHECK_OK(clReleaseProgram(p));
  cl_context c = NULL;
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_CONTEXT, sizeof c, &c, NULL));
  CHECK(c == ctx);
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_NUM_DEVICES, sizeof ndev, &ndev, NULL));
  cl_uint cndev = 0;
  clGetContextInfo(ctx, CL_CONTEXT_NUM_DEVICES, sizeof cndev, &cndev, NULL);
  CHECK(ndev == cndev);
  cl_device_id devs[8];
  size_t n = 0;
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_DEVICES, sizeof devs, devs, &n));
  CHECK(n == ndev * sizeof(cl_device_id) && devs[0] == dev);
  n = 99;
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_IL, 0, NULL, &n));
  CHECK(n == 0);
  cl_bool b = CL_TRUE;
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_SCOPE_GLOBAL_CTORS_PRESENT, sizeof b, &b, NULL));
  CHECK(b == CL_FALSE);
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_SCOPE_GLOBAL_DTORS_PRESENT, sizeof b, &b, NULL));
  CHECK(b == CL_FALSE);
  CHECK_ERR(clGetProgramInfo(p, CL_DEVICE_NAME, sizeof b, &b, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetProgramInfo(p, CL_PROGRAM_NUM_DEVICES, 1, &ndev, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetProgramInfo(NULL, CL_PROGRAM_NUM_DEVICES, sizeof ndev, &ndev, NULL), CL_INVALID_PROGRAM);
  size_t gsize = 0;
  CHECK_OK(clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_GLOBAL_VARIABLE_TOTAL_SIZE, sizeof gsize, &gsize, NULL));
  CHECK(gsize >= sizeof(int) + 16 * sizeof(float));
  CHECK_ERR(clGetProgramBuildInfo(p, (cl_device_id)ctx, CL_PROGRAM_BUILD_STATUS, sizeof b, &b, NULL), CL_INVALID_DEVICE);
  CHECK_ERR(clGetProgramBuildInfo(p, dev, CL_PROGRAM_NUM_KERNELS, sizeof n, &n, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetProgramBuildInfo(NULL, dev, CL_PROGRAM_BUILD_STATUS, sizeof n, &n, NULL), CL_INVALID_PROGRAM);
  /* the rest of the program API */
  /* deprecated in OpenCL 3.0, still an entry point programs call: it must answer as specified */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  CHECK_ERR(clSetProgramReleaseCallback(p, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clSetProgramReleaseCallback(p, (void (CL_CALLBACK *)(cl_program, void *))on_built, NULL), CL_INVALID_OPERATION);
#pragma GCC diagnostic pop
  int v = 1;
  CHECK_ERR(clSetProgramSpecializationConstant(p, 0, sizeof v, &v), CL_INVALID_OPERATION);
  CHECK_ERR(clSetProgramSpecializationConstant(NULL, 0, sizeof v, &v), CL_INVALID_PROGRAM);
  CHECK_OK(clUnloadCompiler());
  CHECK_OK(clUnloadPlatformCompiler(vt_platform()));
  /* The compiler still works after being "unloaded". */
  CHECK_OK(clBuildProgram(p, 0, NULL, "-cl-std=CL3.0", NULL, NULL));
  CHECK_ERR(clRetainProgram(NULL), CL_INVALID_PROGRAM);
  CHECK_ERR(clReleaseProgram((cl_program)ctx), CL_INVALID_PROGRAM);
  clReleaseProgram(p);

  /* IL (tests/api/test_spirv.c has the rest): 4 bytes are no SPIR-V module, or, without the
   * translator, no device takes IL at all. */
  unsigned char il[4] = {0x03, 0x02, 0x23, 0x07};
  size_t il_ver = 0;
  clGetDeviceInfo(dev, CL_DEVICE_IL_VERSION, 0, NULL, &il_ver);
  CHECK(clCreateProgramWithIL(ctx, il, sizeof il, &err) == NULL);
  CHECK_ERR(err, il_ver > 1 ? CL_INVALID_VALUE : CL_INVALID_OPERATION);
  CHECK(clCreateProgramWithIL(ctx, NULL, 4, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithIL(NULL, il, 4, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  CHECK(clCreateProgramWithBuiltInKernels(ctx, 1, &dev, "no_such_kernel", &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithBuiltInKernels(ctx, 0, NULL, "x", &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_device_id bogus = (cl_device_id)ctx;
  CHECK(clCreateProgramWithBuiltInKernels(ctx, 1, &bogus, "x", &err) == NULL);
  CHECK_ERR(err, CL_INVALID_DEVICE);
}

int main(void) {
  test_create_with_source();
  test_build();
  test_build_callback();
  test_include_dirs();
  test_compile_link();
  test_info();
  return vt_finish();
}
