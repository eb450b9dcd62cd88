/* test_kernel.c - kernel objects: creation errors, clSetKernelArg's rules for each kind of
 * argument, clGetKernelInfo, clGetKernelArgInfo (exact names, types and qualifiers, and its
 * availability rule), work-group and sub-group queries, non-uniform work-groups as the device
 * reports them, clCloneKernel, retain/release. */
#include "testlib.h"

static const char *src =
    "typedef struct { int a; float b[3]; } pair_t;\n"
    "__attribute__((reqd_work_group_size(64, 1, 1)))\n"
    "kernel void full(global float *out, const global int *restrict in, constant float *table,\n"
    "                 local int *scratch, float scale, int3 v, pair_t p, volatile global uint *flag) {\n"
    "  scratch[get_local_id(0)] = in[get_global_id(0)];\n"
    "  barrier(CLK_LOCAL_MEM_FENCE);\n"
    "  out[get_global_id(0)] = scale * table[0] + scratch[0] + v.y + p.b[2] + flag[0];\n"
    "}\n"
    "kernel void tiny(global int *x) { local int tmp[100]; tmp[get_local_id(0)] = 1; x[0] = tmp[3]; }\n";

static cl_program build(const char *options) {
  cl_program p = vt_build(src, options);
  if (!p) { fprintf(stderr, "cannot build the test program\n"); exit(1); }
  return p;
}

static void expect_str(cl_kernel k, cl_uint i, cl_kernel_arg_info what, const char *want) {
  char buf[128] = "";
  size_t n = 0;
  CHECK_OK(clGetKernelArgInfo(k, i, what, sizeof buf, buf, &n));
  if (!CHECK(!strcmp(buf, want) && n == strlen(want) + 1))
    fprintf(stderr, "  arg %u: got \"%s\" (%zu), want \"%s\"\n", i, buf, n, want);
}

static cl_bitfield arg_u64(cl_kernel k, cl_uint i, cl_kernel_arg_info what) {
  cl_bitfield v = 0;
  CHECK_OK(clGetKernelArgInfo(k, i, what, sizeof v, &v, NULL));
  return v;
}
static cl_uint arg_u32(cl_kernel k, cl_uint i, cl_kernel_arg_info what) {
  cl_uint v = 0;
  CHECK_OK(clGetKernelArgInfo(k, i, what, sizeof v, &v, NULL));
  return v;
}

static void test_create(cl_program p) {
  cl_int err;
  CHECK(clCreateKernel(p, "nope", &err) == NULL);
  CHECK_ERR(err, CL_INVALID_KERNEL_NAME);
  CHECK(clCreateKernel(p, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateKernel(NULL, "full", &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PROGRAM);
  cl_uint n = 0;
  CHECK_OK(clCreateKernelsInProgram(p, 0, NULL, &n));
  CHECK(n == 2);
  cl_kernel ks[2];
  CHECK_ERR(clCreateKernelsInProgram(p, 1, ks, NULL), CL_INVALID_VALUE);
  CHECK_OK(clCreateKernelsInProgram(p, 2, ks, &n));
  char a[32] = "", b[32] = "";
  clGetKernelInfo(ks[0], CL_KERNEL_FUNCTION_NAME, sizeof a, a, NULL);
  clGetKernelInfo(ks[1], CL_KERNEL_FUNCTION_NAME, sizeof b, b, NULL);
  CHECK((!strcmp(a, "full") && !strcmp(b, "tiny")) || (!strcmp(a, "tiny") && !strcmp(b, "full")));
  clReleaseKernel(ks[0]);
  clReleaseKernel(ks[1]);
  CHECK_ERR(clCreateKernelsInProgram(NULL, 0, NULL, &n), CL_INVALID_PROGRAM);
}

static void test_info(cl_program p, cl_kernel k) {
  char name[32] = "";
  size_t n = 0;
  CHECK_OK(clGetKernelInfo(k, CL_KERNEL_FUNCTION_NAME, sizeof name, name, &n));
  CHECK(!strcmp(name, "full") && n == 5);
  cl_uint nargs = 0, refs = 0;
  CHECK_OK(clGetKernelInfo(k, CL_KERNEL_NUM_ARGS, sizeof nargs, &nargs, NULL));
  CHECK(nargs == 8);
  clRetainKernel(k);
  CHECK_OK(clGetKernelInfo(k, CL_KERNEL_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 2);
  clReleaseKernel(k);
  cl_context c = NULL;
  cl_program q = NULL;
  CHECK_OK(clGetKernelInfo(k, CL_KERNEL_CONTEXT, sizeof c, &c, NULL));
  CHECK(c == vt_context());
  CHECK_OK(clGetKernelInfo(k, CL_KERNEL_PROGRAM, sizeof q, &q, NULL));
  CHECK(q == p);
  char attr[128] = "";
  CHECK_OK(clGetKernelInfo(k, CL_KERNEL_ATTRIBUTES, sizeof attr, attr, NULL));
  if (!CHECK(strstr(attr, "reqd_work_group_size(64,1,1)") != NULL)) fprintf(stderr, "  attributes: \"%s\"\n", attr);
  CHECK_ERR(clGetKernelInfo(k, CL_KERNEL_NUM_ARGS, 2, &nargs, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelInfo(k, CL_PROGRAM_SOURCE, sizeof nargs, &nargs, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelInfo(NULL, CL_KERNEL_NUM_ARGS, sizeof nargs, &nargs, NULL), CL_INVALID_KERNEL);
}

static void test_arg_info(cl_kernel k) {
  const char *names[] = {"out", "in", "table", "scratch", "scale", "v", "p", "flag"};
  const char *types[] = {"float*", "int*", "float*", "int*", "float", "int3", "pair_t", "uint*"};
  cl_uint aq[] = {CL_KERNEL_ARG_ADDRESS_GLOBAL, CL_KERNEL_ARG_ADDRESS_GLOBAL, CL_KERNEL_ARG_ADDRESS_CONSTANT,
                  CL_KERNEL_ARG_ADDRESS_LOCAL, CL_KERNEL_ARG_ADDRESS_PRIVATE, CL_KERNEL_ARG_ADDRESS_PRIVATE,
                  CL_KERNEL_ARG_ADDRESS_PRIVATE, CL_KERNEL_ARG_ADDRESS_GLOBAL};
  /* s5.9.4: a __constant pointer's type qualifier is CL_KERNEL_ARG_TYPE_CONST. */
  cl_bitfield tq[] = {CL_KERNEL_ARG_TYPE_NONE, CL_KERNEL_ARG_TYPE_CONST | CL_KERNEL_ARG_TYPE_RESTRICT,
                      CL_KERNEL_ARG_TYPE_CONST, CL_KERNEL_ARG_TYPE_NONE, CL_KERNEL_ARG_TYPE_NONE,
                      CL_KERNEL_ARG_TYPE_NONE, CL_KERNEL_ARG_TYPE_NONE, CL_KERNEL_ARG_TYPE_VOLATILE};
  for (cl_uint i = 0; i < 8; i++) {
    expect_str(k, i, CL_KERNEL_ARG_NAME, names[i]);
    expect_str(k, i, CL_KERNEL_ARG_TYPE_NAME, types[i]);
    cl_uint a = arg_u32(k, i, CL_KERNEL_ARG_ADDRESS_QUALIFIER);
    if (!CHECK(a == aq[i])) fprintf(stderr, "  arg %u address %#x want %#x\n", i, a, aq[i]);
    CHECK(arg_u32(k, i, CL_KERNEL_ARG_ACCESS_QUALIFIER) == CL_KERNEL_ARG_ACCESS_NONE);
    cl_bitfield t = arg_u64(k, i, CL_KERNEL_ARG_TYPE_QUALIFIER);
    if (!CHECK(t == tq[i])) fprintf(stderr, "  arg %u type qualifier %#llx want %#llx\n", i, (unsigned long long)t, (unsigned long long)tq[i]);
  }
  size_t n;
  CHECK_ERR(clGetKernelArgInfo(k, 8, CL_KERNEL_ARG_NAME, 0, NULL, &n), CL_INVALID_ARG_INDEX);
  CHECK_ERR(clGetKernelArgInfo(k, 0, CL_DEVICE_NAME, 0, NULL, &n), CL_INVALID_VALUE);
  char small[2];
  CHECK_ERR(clGetKernelArgInfo(k, 0, CL_KERNEL_ARG_NAME, sizeof small, small, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelArgInfo(NULL, 0, CL_KERNEL_ARG_NAME, 0, NULL, &n), CL_INVALID_KERNEL);
}

static void test_set_arg(cl_kernel k) {
  cl_int err;
  cl_context ctx = vt_context();
  cl_mem buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 256, NULL, &err);
  CHECK_OK(err);
  cl_mem none = NULL;
  float f = 2.0f;
  cl_int3 v = {{1, 2, 3}};
  struct { cl_int a; cl_float b[3]; } pr = {1, {1, 2, 3}};
  cl_command_queue q = vt_queue();
  size_t g = 64, l = 64;
  /* Nothing set yet. */
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, &l, 0, NULL, NULL), CL_INVALID_KERNEL_ARGS);
  CHECK_OK(clSetKernelArg(k, 0, sizeof buf, &buf));
  CHECK_OK(clSetKernelArg(k, 0, sizeof buf, NULL));      /* NULL pointer argument */
  CHECK_OK(clSetKernelArg(k, 0, sizeof buf, &none));     /* pointer to NULL */
  CHECK_OK(clSetKernelArg(k, 0, sizeof buf, &buf));
  CHECK_ERR(clSetKernelArg(k, 0, sizeof buf + 1, &buf), CL_INVALID_ARG_SIZE);
  cl_mem not_mem = (cl_mem)ctx;
  CHECK_ERR(clSetKernelArg(k, 0, sizeof buf, &not_mem), CL_INVALID_MEM_OBJECT);
  CHECK_OK(clSetKernelArg(k, 1, sizeof buf, &buf));
  CHECK_OK(clSetKernelArg(k, 2, sizeof buf, &buf));
  /* __local: size only */
  CHECK_OK(clSetKernelArg(k, 3, 64 * sizeof(int), NULL));
  CHECK_ERR(clSetKernelArg(k, 3, 0, NULL), CL_INVALID_ARG_SIZE);
  CHECK_ERR(clSetKernelArg(k, 3, 4, &f), CL_INVALID_ARG_VALUE);
  /* by value: the exact size, never NULL */
  CHECK_OK(clSetKernelArg(k, 4, sizeof f, &f));
  CHECK_ERR(clSetKernelArg(k, 4, sizeof(double), &f), CL_INVALID_ARG_SIZE);
  CHECK_ERR(clSetKernelArg(k, 4, sizeof f, NULL), CL_INVALID_ARG_VALUE);
  CHECK_OK(clSetKernelArg(k, 5, sizeof v, &v));         /* int3 is the size of int4 */
  CHECK_ERR(clSetKernelArg(k, 5, 3 * sizeof(int), &v), CL_INVALID_ARG_SIZE);
  CHECK_OK(clSetKernelArg(k, 6, sizeof pr, &pr));
  CHECK_ERR(clSetKernelArg(k, 6, sizeof pr - 4, &pr), CL_INVALID_ARG_SIZE);
  CHECK_ERR(clSetKernelArg(k, 8, sizeof f, &f), CL_INVALID_ARG_INDEX);
  CHECK_ERR(clSetKernelArg(NULL, 0, sizeof f, &f), CL_INVALID_KERNEL);
  /* one argument still missing */
  CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, &l, 0, NULL, NULL), CL_INVALID_KERNEL_ARGS);
  CHECK_OK(clSetKernelArg(k, 7, sizeof buf, &buf));
  /* A buffer of another context is not a valid memory object for this kernel. */
  cl_device_id dev = vt_device();
  cl_context other = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  cl_mem foreign = clCreateBuffer(other, CL_MEM_READ_WRITE, 64, NULL, &err);
  CHECK_ERR(clSetKernelArg(k, 0, sizeof foreign, &foreign), CL_INVALID_MEM_OBJECT);
  clReleaseMemObject(foreign);
  clReleaseContext(other);
  /* no SVM */
  CHECK_ERR(clSetKernelArgSVMPointer(k, 0, NULL), CL_INVALID_OPERATION);
  CHECK_ERR(clSetKernelArgSVMPointer(NULL, 0, NULL), CL_INVALID_KERNEL);
  cl_bool fine = CL_TRUE;
  CHECK_ERR(clSetKernelExecInfo(k, CL_KERNEL_EXEC_INFO_SVM_FINE_GRAIN_SYSTEM, sizeof fine, &fine), CL_INVALID_OPERATION);
  /* The kernel's clone carries the arguments set so far. */
  cl_kernel c = clCloneKernel(k, &err);
  CHECK_OK(err);
  cl_uint nargs = 0;
  clGetKernelInfo(c, CL_KERNEL_NUM_ARGS, sizeof nargs, &nargs, NULL);
  CHECK(nargs == 8);
  clReleaseMemObject(buf); /* destroyed: the kernels do not retain it (test_released_arg) */
  cl_int zero = 0;
  (void)zero;
  CHECK(clCloneKernel(NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_KERNEL);
  clReleaseKernel(c);
}

static void test_work_group_info(cl_kernel full, cl_kernel tiny) {
  cl_device_id dev = vt_device();
  size_t wg = 0, cwg[3] = {9, 9, 9}, mult = 0;
  cl_ulong lmem = 0, pmem = 1;
  CHECK_OK(clGetKernelWorkGroupInfo(full, dev, CL_KERNEL_COMPILE_WORK_GROUP_SIZE, sizeof cwg, cwg, NULL));
  CHECK(cwg[0] == 64 && cwg[1] == 1 && cwg[2] == 1);
  CHECK_OK(clGetKernelWorkGroupInfo(tiny, dev, CL_KERNEL_COMPILE_WORK_GROUP_SIZE, sizeof cwg, cwg, NULL));
  CHECK(cwg[0] == 0 && cwg[1] == 0 && cwg[2] == 0);
  CHECK_OK(clGetKernelWorkGroupInfo(full, dev, CL_KERNEL_WORK_GROUP_SIZE, sizeof wg, &wg, NULL));
  CHECK(wg == 64);
  size_t dmax = 0;
  clGetDeviceInfo(dev, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof dmax, &dmax, NULL);
  CHECK_OK(clGetKernelWorkGroupInfo(tiny, NULL, CL_KERNEL_WORK_GROUP_SIZE, sizeof wg, &wg, NULL));
  CHECK(wg == dmax);
  cl_uint warp = 0;
  CHECK_OK(clGetKernelWorkGroupInfo(tiny, dev, CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, sizeof mult, &mult, NULL));
  clGetDeviceInfo(dev, CL_DEVICE_PREFERRED_VECTOR_WIDTH_CHAR, sizeof warp, &warp, NULL);
  CHECK(mult == 32 || mult == 16 || mult == 64 || mult == 8 || mult == 4); /* the warp size (VGPU_WARP_SIZE) */
  /* static __local int tmp[100] = 400 bytes; the full kernel's local argument adds 256 */
  CHECK_OK(clGetKernelWorkGroupInfo(tiny, dev, CL_KERNEL_LOCAL_MEM_SIZE, sizeof lmem, &lmem, NULL));
  CHECK(lmem == 400);
  CHECK_OK(clGetKernelWorkGroupInfo(full, dev, CL_KERNEL_LOCAL_MEM_SIZE, sizeof lmem, &lmem, NULL));
  CHECK(lmem == 256);
  CHECK_OK(clGetKernelWorkGroupInfo(tiny, dev, CL_KERNEL_PRIVATE_MEM_SIZE, sizeof pmem, &pmem, NULL));
  size_t gws[3];
  CHECK_ERR(clGetKernelWorkGroupInfo(tiny, dev, CL_KERNEL_GLOBAL_WORK_SIZE, sizeof gws, gws, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelWorkGroupInfo(tiny, (cl_device_id)vt_context(), CL_KERNEL_WORK_GROUP_SIZE, sizeof wg, &wg, NULL), CL_INVALID_DEVICE);
  CHECK_ERR(clGetKernelWorkGroupInfo(tiny, dev, CL_KERNEL_NUM_ARGS, sizeof wg, &wg, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelWorkGroupInfo(NULL, dev, CL_KERNEL_WORK_GROUP_SIZE, sizeof wg, &wg, NULL), CL_INVALID_KERNEL);
  /* clGetKernelSubGroupInfo checks the handles first (every answer: tests/kernels/test_subgroups.c) */
  size_t out = 0;
  CHECK_ERR(clGetKernelSubGroupInfo(NULL, dev, CL_KERNEL_MAX_NUM_SUB_GROUPS, 0, NULL, sizeof out, &out, NULL),
            CL_INVALID_KERNEL);
  CHECK_ERR(clGetKernelSubGroupInfo(tiny, (cl_device_id)vt_context(), CL_KERNEL_MAX_NUM_SUB_GROUPS, 0, NULL, sizeof out,
                                    &out, NULL), CL_INVALID_DEVICE);
}

/* CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT tells what a launch accepts: global 3 with local 2 is
 * refused for OpenCL C 1.2 and -cl-uniform-work-group-size kernels, and accepted for OpenCL C 3.0
 * kernels exactly when the device reports support (the CTS consistency_non_uniform_work_group
 * test builds with -cl-std=CL3.0 and expects CL_INVALID_WORK_GROUP_SIZE when it reports none). */
static void test_non_uniform(void) {
  cl_bool support = CL_FALSE;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT, sizeof support, &support, NULL));
  CHECK(support == CL_TRUE); /* the launch runs partial work-groups */
  const char *options[] = {"-cl-std=CL1.2", "-cl-std=CL3.0 -cl-uniform-work-group-size", "-cl-std=CL3.0"};
  for (int i = 0; i < 3; i++) {
    cl_program p = build(options[i]);
    cl_int err;
    cl_kernel k = clCreateKernel(p, "tiny", &err);
    cl_mem m = clCreateBuffer(vt_context(), 0, 64, NULL, &err);
    CHECK_OK(clSetKernelArg(k, 0, sizeof m, &m));
    size_t g = 3, l = 2;
    cl_int want = i == 2 && support ? CL_SUCCESS : CL_INVALID_WORK_GROUP_SIZE;
    CHECK_ERR(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, &l, 0, NULL, NULL), want);
    CHECK_OK(clFinish(vt_queue()));
    clReleaseMemObject(m);
    clReleaseKernel(k);
    clReleaseProgram(p);
  }
}

static void CL_CALLBACK count_dtor(cl_mem m, void *user_data) {
  (void)m;
  ++*(int *)user_data;
}

/* A buffer released while it is still set as an argument is destroyed at once, its destructor
 * callback included: a kernel does not retain its arguments (the CTS's
 * retain_mem_object_set_kernel_arg spins until the callback runs).  The stale argument is then
 * refused at enqueue, and a new one set in its place works. */
static void test_released_arg(cl_kernel k) {
  cl_int err;
  int dtors = 0;
  cl_mem buf = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, 64 * sizeof(int), NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clSetMemObjectDestructorCallback(buf, count_dtor, &dtors));
  CHECK_OK(clSetKernelArg(k, 0, sizeof buf, &buf));
  cl_kernel clone = clCloneKernel(k, &err);
  CHECK_OK(err);
  CHECK_OK(clReleaseMemObject(buf));
  CHECK(dtors == 1);
  size_t g = 64;
  CHECK_ERR(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueNDRangeKernel(vt_queue(), clone, 1, NULL, &g, NULL, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  cl_mem fresh = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, 64 * sizeof(int), NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof fresh, &fresh));
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clFinish(vt_queue()));
  cl_int x0 = 0;
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), fresh, CL_TRUE, 0, sizeof x0, &x0, 0, NULL, NULL));
  CHECK(x0 == 1);
  clReleaseKernel(clone);
  /* A buffer a queued command still uses outlives its release until the command is done. */
  dtors = 0;
  CHECK_OK(clSetMemObjectDestructorCallback(fresh, count_dtor, &dtors));
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL));
  CHECK_OK(clReleaseMemObject(fresh));
  CHECK_OK(clFinish(vt_queue()));
  CHECK(dtors == 1);
}

/* A kernel name of any length (the CTS's kernel_name_size goes to 2048 characters; 512 and more
 * were cut to 511), built at once and through compile + link. */
static void test_long_name(void) {
  enum { LEN = 2048 };
  static char name[LEN + 1], source[LEN + 128];
  for (int i = 0; i < LEN; i++) name[i] = (char)('a' + i % 26);
  snprintf(source, sizeof source, "kernel void %s(int src, global int *dst) { dst[0] = src; }\n", name);
  cl_program p = vt_build(source, NULL);
  CHECK(p != NULL);
  if (!p) return;
  cl_int err;
  cl_kernel k = clCreateKernel(p, name, &err);
  CHECK_OK(err);
  static char got[LEN + 16];
  size_t n = 0;
  CHECK_OK(clGetKernelInfo(k, CL_KERNEL_FUNCTION_NAME, sizeof got, got, &n));
  CHECK(n == LEN + 1 && !strcmp(got, name));
  clReleaseKernel(k);
  clReleaseProgram(p);
  const char *src = source;
  cl_program obj = clCreateProgramWithSource(vt_context(), 1, &src, NULL, &err);
  CHECK_OK(clCompileProgram(obj, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL));
  cl_program linked = clLinkProgram(vt_context(), 0, NULL, NULL, 1, &obj, NULL, NULL, &err);
  CHECK_OK(err);
  k = clCreateKernel(linked, name, &err);
  CHECK_OK(err);
  clReleaseKernel(k);
  clReleaseProgram(linked);
  clReleaseProgram(obj);
}

int main(void) {
  test_non_uniform();
  cl_program p = build("-cl-kernel-arg-info");
  test_create(p);
  cl_int err;
  cl_kernel full = clCreateKernel(p, "full", &err);
  CHECK_OK(err);
  cl_kernel tiny = clCreateKernel(p, "tiny", &err);
  test_info(p, full);
  test_arg_info(full);
  test_set_arg(full);
  test_work_group_info(full, tiny);
  test_released_arg(tiny);
  test_long_name();
  /* A kernel keeps its program alive: release the program first. */
  CHECK_OK(clReleaseProgram(p));
  CHECK_ERR(clReleaseProgram(p), CL_INVALID_PROGRAM); /* one release too many is caught */
  char name[16] = "";
  CHECK_OK(clGetKernelInfo(tiny, CL_KERNEL_FUNCTION_NAME, sizeof name, name, NULL));
  CHECK(!strcmp(name, "tiny"));
  clReleaseKernel(full);
  CHECK_OK(clReleaseKernel(tiny));
  CHECK_ERR(clReleaseKernel(NULL), CL_INVALID_KERNEL);

  /* Without -cl-kernel-arg-info the information is not available (s5.9.4). */
  cl_program q = build(NULL);
  cl_kernel k = clCreateKernel(q, "tiny", &err);
  size_t n;
  CHECK_ERR(clGetKernelArgInfo(k, 0, CL_KERNEL_ARG_NAME, 0, NULL, &n), CL_KERNEL_ARG_INFO_NOT_AVAILABLE);
  CHECK_ERR(clGetKernelArgInfo(k, 0, CL_KERNEL_ARG_ADDRESS_QUALIFIER, 0, NULL, &n), CL_KERNEL_ARG_INFO_NOT_AVAILABLE);
  clReleaseKernel(k);
  clReleaseProgram(q);
  return vt_finish();
}
