/* test_binary.c - program binaries: an executable, a compiled object and a library each round-trip
 * through clGetProgramInfo(CL_PROGRAM_BINARIES) -> clCreateProgramWithBinary -> clBuildProgram /
 * clLinkProgram, and damaged or foreign binaries are CL_INVALID_BINARY, never a crash. */
#include "testlib.h"

static unsigned char *get_binary(cl_program p, size_t *size) {
  cl_uint ndev = 0;
  clGetProgramInfo(p, CL_PROGRAM_NUM_DEVICES, sizeof ndev, &ndev, NULL);
  size_t sizes[8] = {0}, n = 0;
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, sizeof sizes, sizes, &n));
  CHECK(n == ndev * sizeof(size_t));
  unsigned char *bins[8] = {0};
  for (cl_uint i = 0; i < ndev && i < 8; i++) bins[i] = malloc(sizes[i] ? sizes[i] : 1);
  CHECK_ERR(clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof(unsigned char *) * ndev - 1, bins, NULL), CL_INVALID_VALUE);
  CHECK_OK(clGetProgramInfo(p, CL_PROGRAM_BINARIES, sizeof(unsigned char *) * ndev, bins, &n));
  CHECK(n == ndev * sizeof(unsigned char *));
  for (cl_uint i = 1; i < ndev && i < 8; i++) free(bins[i]);
  *size = sizes[0];
  return bins[0];
}

static cl_program from_binary(const unsigned char *bin, size_t size, cl_int *status, cl_int *err) {
  cl_device_id dev = vt_device();
  return clCreateProgramWithBinary(vt_context(), 1, &dev, &size, &bin, status, err);
}

static int run_add(cl_program p, int expect_plus) {
  cl_int err;
  cl_kernel k = clCreateKernel(p, "addk", &err);
  if (!k) return 0;
  int data[64];
  for (int i = 0; i < 64; i++) data[i] = i;
  cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, sizeof data, data, &err);
  clSetKernelArg(k, 0, sizeof m, &m);
  size_t g = 64;
  err = clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, NULL, 0, NULL, NULL);
  if (err == CL_SUCCESS) err = clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, sizeof data, data, 0, NULL, NULL);
  int ok = err == CL_SUCCESS;
  for (int i = 0; i < 64; i++) ok &= data[i] == i + expect_plus;
  clReleaseMemObject(m);
  clReleaseKernel(k);
  return ok;
}

int main(void) {
  cl_int err, status = 99;
  cl_device_id dev = vt_device();
  const char *src = "kernel void addk(global int *a) { a[get_global_id(0)] += ADD; }\n";
  cl_program p = vt_build(src, "-DADD=5 -cl-kernel-arg-info");
  if (!p) return 1;
  size_t size = 0;
  unsigned char *bin = get_binary(p, &size);
  CHECK(size > 64);

  /* executable round trip */
  cl_program q = from_binary(bin, size, &status, &err);
  CHECK_OK(err);
  CHECK_ERR(status, CL_SUCCESS);
  cl_program_binary_type t = 0;
  clGetProgramBuildInfo(q, dev, CL_PROGRAM_BINARY_TYPE, sizeof t, &t, NULL);
  CHECK(t == CL_PROGRAM_BINARY_TYPE_EXECUTABLE);
  char opts[64] = "";
  clGetProgramBuildInfo(q, dev, CL_PROGRAM_BUILD_OPTIONS, sizeof opts, opts, NULL);
  CHECK(!strcmp(opts, "-DADD=5 -cl-kernel-arg-info"));
  /* No build has run on it yet, but an executable can make kernels at once. */
  cl_build_status bst = 99;
  clGetProgramBuildInfo(q, dev, CL_PROGRAM_BUILD_STATUS, sizeof bst, &bst, NULL);
  CHECK(bst == CL_BUILD_NONE);
  cl_kernel k0 = clCreateKernel(q, "addk", &err);
  CHECK_OK(err);
  clReleaseKernel(k0);
  CHECK_OK(clBuildProgram(q, 0, NULL, "-DADD=5 -cl-kernel-arg-info", NULL, NULL));
  size_t nk = 0;
  CHECK_OK(clGetProgramInfo(q, CL_PROGRAM_NUM_KERNELS, sizeof nk, &nk, NULL));
  CHECK(nk == 1);
  char srcbuf[8] = "x";
  size_t n = 0;
  CHECK_OK(clGetProgramInfo(q, CL_PROGRAM_SOURCE, sizeof srcbuf, srcbuf, &n));
  CHECK(n == 1 && srcbuf[0] == 0);
  /* arg info comes only with programs created from source */
  cl_kernel k = clCreateKernel(q, "addk", &err);
  CHECK_ERR(clGetKernelArgInfo(k, 0, CL_KERNEL_ARG_NAME, 0, NULL, &n), CL_KERNEL_ARG_INFO_NOT_AVAILABLE);
  clReleaseKernel(k);
  /* The binary of the binary holds the same module, options and log (the 64-byte header's flags
   * differ: argument information does not survive a binary). */
  size_t size2 = 0;
  unsigned char *bin2 = get_binary(q, &size2);
  CHECK(size2 == size && !memcmp(bin + 64, bin2 + 64, size - 64));
  free(bin2);
  int can_run = getenv("VGPU_TEST_NO_LAUNCH") == NULL;
  if (can_run) CHECK(run_add(q, 5));
  clReleaseProgram(q);

  /* compiled object and library round trips, then linked into an executable */
  const char *lib_src = "int plus(int x) { return x + 7; }\n";
  const char *main_src = "int plus(int x);\nkernel void addk(global int *a) { a[get_global_id(0)] = plus(a[get_global_id(0)]); }\n";
  cl_program lib = clCreateProgramWithSource(vt_context(), 1, &lib_src, NULL, &err);
  cl_program mainp = clCreateProgramWithSource(vt_context(), 1, &main_src, NULL, &err);
  CHECK_OK(clCompileProgram(lib, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL));
  CHECK_OK(clCompileProgram(mainp, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL));
  cl_program library = clLinkProgram(vt_context(), 0, NULL, "-create-library", 1, &lib, NULL, NULL, &err);
  CHECK_OK(err);
  size_t lsize = 0, osize = 0;
  unsigned char *lbin = get_binary(library, &lsize), *obin = get_binary(mainp, &osize);
  cl_program lib2 = from_binary(lbin, lsize, &status, &err);
  CHECK_OK(err);
  cl_program obj2 = from_binary(obin, osize, &status, &err);
  CHECK_OK(err);
  clGetProgramBuildInfo(lib2, dev, CL_PROGRAM_BINARY_TYPE, sizeof t, &t, NULL);
  CHECK(t == CL_PROGRAM_BINARY_TYPE_LIBRARY);
  clGetProgramBuildInfo(obj2, dev, CL_PROGRAM_BINARY_TYPE, sizeof t, &t, NULL);
  CHECK(t == CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT);
  cl_program ins[2] = {lib2, obj2};
  cl_program exe = clLinkProgram(vt_context(), 0, NULL, NULL, 2, ins, NULL, NULL, &err);
  CHECK_OK(err);
  if (exe && can_run) CHECK(run_add(exe, 7));
  /* clBuildProgram on a compiled-object binary links it (here: unresolved plus -> failure). */
  CHECK_ERR(clBuildProgram(obj2, 0, NULL, NULL, NULL, NULL), CL_BUILD_PROGRAM_FAILURE);
  if (exe) clReleaseProgram(exe);
  free(lbin); free(obin);
  clReleaseProgram(lib2); clReleaseProgram(obj2); clReleaseProgram(library); clReleaseProgram(lib); clReleaseProgram(mainp);

  /* damaged binaries */
  unsigned char junk[256];
  for (int i = 0; i < 256; i++) junk[i] = (unsigned char)(i * 37 + 11);
  status = 99;
  CHECK(from_binary(junk, sizeof junk, &status, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_BINARY);
  CHECK_ERR(status, CL_INVALID_BINARY);
  CHECK(from_binary(bin, size - 1, &status, &err) == NULL);      /* truncated */
  CHECK_ERR(err, CL_INVALID_BINARY);
  unsigned char *flip = malloc(size);
  for (size_t pos = 64; pos < size; pos += size / 7 + 1) {       /* one flipped byte anywhere */
    memcpy(flip, bin, size);
    flip[pos] ^= 0x40;
    CHECK(from_binary(flip, size, &status, &err) == NULL);
    CHECK_ERR(err, CL_INVALID_BINARY);
  }
  memcpy(flip, bin, size);
  flip[8] = 99;                                                  /* unknown format version */
  CHECK(from_binary(flip, size, &status, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_BINARY);
  free(flip);
  /* argument errors */
  const unsigned char *bp = bin;
  size_t zero = 0;
  CHECK(clCreateProgramWithBinary(vt_context(), 1, &dev, NULL, &bp, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithBinary(vt_context(), 1, &dev, &size, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  status = 99;
  CHECK(clCreateProgramWithBinary(vt_context(), 1, &dev, &zero, &bp, &status, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK_ERR(status, CL_INVALID_VALUE);
  const unsigned char *nullbin = NULL;
  CHECK(clCreateProgramWithBinary(vt_context(), 1, &dev, &size, &nullbin, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateProgramWithBinary(vt_context(), 0, NULL, &size, &bp, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_device_id bogus = (cl_device_id)vt_context();
  CHECK(clCreateProgramWithBinary(vt_context(), 1, &bogus, &size, &bp, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_DEVICE);
  CHECK(clCreateProgramWithBinary(NULL, 1, &dev, &size, &bp, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  free(bin);
  clReleaseProgram(p);
  return vt_finish();
}
