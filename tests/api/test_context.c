/* test_context.c - clCreateContext / clCreateContextFromType / clGetContextInfo / retain-release /
 * clSetContextDestructorCallback (OpenCL 3.0 section 4.4), through the ICD loader: properties
 * echoed, every error code of the specification, destructor callbacks in LIFO order, attached
 * objects keeping the context alive, many threads at once, and the answers for a context whose
 * devices have no image support. */
#include <pthread.h>
#include <stdatomic.h>
#include "testlib.h"

static cl_platform_id platform;
static cl_device_id device;

static int order[8], norder;
static void CL_CALLBACK record(cl_context ctx, void *user_data) {
  (void)ctx;
  order[norder++] = (int)(intptr_t)user_data;
}

static cl_context seen_ctx;
static void CL_CALLBACK record_ctx(cl_context ctx, void *user_data) {
  (void)user_data;
  seen_ctx = ctx;
}

static void CL_CALLBACK notify(const char *errinfo, const void *pi, size_t cb, void *user_data) {
  (void)errinfo, (void)pi, (void)cb, (void)user_data;
}

static cl_uint refcount(cl_context c) {
  cl_uint n = 0;
  clGetContextInfo(c, CL_CONTEXT_REFERENCE_COUNT, sizeof n, &n, NULL);
  return n;
}

static void test_create_and_info(void) {
  cl_int err = 1;
  cl_context c = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
  CHECK(c != NULL && err == CL_SUCCESS);
  cl_uint n = 0;
  size_t size = 0;
  CHECK_OK(clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, sizeof n, &n, &size));
  CHECK(n == 1 && size == sizeof(cl_uint));
  cl_device_id d = NULL;
  CHECK_OK(clGetContextInfo(c, CL_CONTEXT_DEVICES, sizeof d, &d, &size));
  CHECK(d == device && size == sizeof d);
  /* No properties given: CL_CONTEXT_PROPERTIES has size 0. */
  CHECK_OK(clGetContextInfo(c, CL_CONTEXT_PROPERTIES, 0, NULL, &size));
  CHECK(size == 0);
  CHECK(refcount(c) == 1);
  CHECK_OK(clRetainContext(c));
  CHECK(refcount(c) == 2);
  CHECK_OK(clReleaseContext(c));
  CHECK(refcount(c) == 1);
  /* Too small a buffer, unknown parameter. */
  char small[2];
  CHECK_ERR(clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, 2, small, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetContextInfo(c, CL_CONTEXT_DEVICES, 1, small, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetContextInfo(c, 0x7777, sizeof small, small, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetContextInfo(c, CL_DEVICE_NAME, sizeof small, small, NULL), CL_INVALID_VALUE);
  CHECK_OK(clReleaseContext(c));

  /* Properties are echoed exactly, terminator included. */
  cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)platform,
                                   CL_CONTEXT_INTEROP_USER_SYNC, CL_TRUE, 0};
  c = clCreateContext(props, 1, &device, notify, &err, &err);
  CHECK(c != NULL && err == CL_SUCCESS);
  cl_context_properties back[8] = {0};
  CHECK_OK(clGetContextInfo(c, CL_CONTEXT_PROPERTIES, sizeof back, back, &size));
  CHECK(size == sizeof props && !memcmp(back, props, sizeof props));
  CHECK_OK(clReleaseContext(c));

  /* "Duplicate devices specified in devices are ignored." */
  cl_device_id twice[2] = {device, device};
  c = clCreateContext(props, 2, twice, NULL, NULL, &err);
  CHECK(c != NULL && err == CL_SUCCESS);
  CHECK_OK(clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, sizeof n, &n, NULL));
  CHECK(n == 1);
  CHECK_OK(clReleaseContext(c));

  /* errcode_ret may be NULL. */
  c = clCreateContext(props, 1, &device, NULL, NULL, NULL);
  CHECK(c != NULL);
  if (c) CHECK_OK(clReleaseContext(c));
}

static void test_create_errors(void) {
  cl_int err;
  cl_context_properties good[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)platform, 0};
  CHECK(clCreateContext(good, 1, NULL, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateContext(good, 0, &device, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  int data;
  CHECK(clCreateContext(good, 1, &device, NULL, &data, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  /* A handle that is not a device. */
  cl_device_id bad_dev = (cl_device_id)platform;
  CHECK(clCreateContext(good, 1, &bad_dev, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_DEVICE);
  cl_device_id some_bad[2] = {device, bad_dev};
  CHECK(clCreateContext(good, 2, some_bad, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_DEVICE);
  /* An unsupported property name; a property given twice; an invalid value. */
  cl_context_properties unknown[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)platform, 0x7777, 1, 0};
  CHECK(clCreateContext(unknown, 1, &device, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PROPERTY);
  cl_context_properties dup[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)platform,
                                 CL_CONTEXT_PLATFORM, (cl_context_properties)platform, 0};
  CHECK(clCreateContext(dup, 1, &device, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PROPERTY);
  cl_context_properties dup_sync[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)platform,
                                      CL_CONTEXT_INTEROP_USER_SYNC, CL_TRUE, CL_CONTEXT_INTEROP_USER_SYNC, CL_FALSE, 0};
  CHECK(clCreateContext(dup_sync, 1, &device, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PROPERTY);
  cl_context_properties bad_sync[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)platform,
                                      CL_CONTEXT_INTEROP_USER_SYNC, 7, 0};
  CHECK(clCreateContext(bad_sync, 1, &device, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PROPERTY);
  /* CL_CONTEXT_PLATFORM naming something that is not a platform. */
  cl_context_properties wrong[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)device, 0};
  CHECK(clCreateContext(wrong, 1, &device, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PLATFORM);

  /* From type. */
  cl_context c = clCreateContextFromType(good, CL_DEVICE_TYPE_GPU, NULL, NULL, &err);
  CHECK(c != NULL && err == CL_SUCCESS);
  cl_uint n = 0, ndev = 0;
  clGetDeviceIDs(platform, CL_DEVICE_TYPE_GPU, 0, NULL, &ndev);
  CHECK_OK(clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, sizeof n, &n, NULL));
  CHECK(n == ndev);
  if (c) CHECK_OK(clReleaseContext(c));
  c = clCreateContextFromType(good, CL_DEVICE_TYPE_ALL, NULL, NULL, &err);
  CHECK(c != NULL && err == CL_SUCCESS);
  if (c) CHECK_OK(clReleaseContext(c));
  c = clCreateContextFromType(good, CL_DEVICE_TYPE_DEFAULT, NULL, NULL, &err);
  CHECK(c != NULL && err == CL_SUCCESS);
  CHECK_OK(clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, sizeof n, &n, NULL));
  CHECK(n == 1);
  if (c) CHECK_OK(clReleaseContext(c));
  CHECK(clCreateContextFromType(good, CL_DEVICE_TYPE_CPU, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_DEVICE_NOT_FOUND);
  CHECK(clCreateContextFromType(good, 0, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_DEVICE_TYPE);
  CHECK(clCreateContextFromType(good, CL_DEVICE_TYPE_GPU, NULL, &data, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clCreateContextFromType(unknown, CL_DEVICE_TYPE_GPU, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PROPERTY);
  CHECK(clCreateContextFromType(wrong, CL_DEVICE_TYPE_GPU, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PLATFORM);

  /* Invalid handles. */
  cl_context not_ctx = (cl_context)device;
  cl_uint u;
  CHECK_ERR(clRetainContext(not_ctx), CL_INVALID_CONTEXT);
  CHECK_ERR(clReleaseContext(not_ctx), CL_INVALID_CONTEXT);
  CHECK_ERR(clGetContextInfo(not_ctx, CL_CONTEXT_REFERENCE_COUNT, sizeof u, &u, NULL), CL_INVALID_CONTEXT);
  CHECK_ERR(clSetContextDestructorCallback(not_ctx, record, NULL), CL_INVALID_CONTEXT);
  CHECK_ERR(clRetainContext(NULL), CL_INVALID_CONTEXT);
  CHECK_ERR(clReleaseContext(NULL), CL_INVALID_CONTEXT);
  CHECK_ERR(clGetContextInfo(NULL, CL_CONTEXT_REFERENCE_COUNT, sizeof u, &u, NULL), CL_INVALID_CONTEXT);
}

static void test_destructors(void) {
  cl_int err;
  cl_context c = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
  CHECK(c != NULL);
  CHECK_ERR(clSetContextDestructorCallback(c, NULL, NULL), CL_INVALID_VALUE);
  norder = 0;
  for (int i = 1; i <= 3; i++) CHECK_OK(clSetContextDestructorCallback(c, record, (void *)(intptr_t)i));
  CHECK_OK(clSetContextDestructorCallback(c, record_ctx, NULL));
  CHECK_OK(clRetainContext(c));
  CHECK_OK(clReleaseContext(c));
  CHECK(norder == 0 && seen_ctx == NULL); /* still referenced once */
  CHECK_OK(clReleaseContext(c));
  /* "called in the reverse order in which they were registered", with the context's handle. */
  CHECK(norder == 3 && order[0] == 3 && order[1] == 2 && order[2] == 1);
  CHECK(seen_ctx == c);

  /* An attached object keeps the context: a queue outlives the application's last release. */
  c = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
  norder = 0;
  CHECK_OK(clSetContextDestructorCallback(c, record, (void *)(intptr_t)7));
  cl_command_queue q = clCreateCommandQueue(c, device, 0, &err);
  if (!q) {
    fprintf(stderr, "clCreateCommandQueue: %s: attached-object part skipped\n", vt_error_name(err));
    CHECK_OK(clReleaseContext(c));
    CHECK(norder == 1);
    return;
  }
  CHECK_OK(clReleaseContext(c));
  CHECK(norder == 0);
  cl_context qc = NULL;
  CHECK_OK(clGetCommandQueueInfo(q, CL_QUEUE_CONTEXT, sizeof qc, &qc, NULL));
  CHECK(qc == c);
  CHECK_OK(clReleaseCommandQueue(q));
  CHECK(norder == 1 && order[0] == 7);
}

/* With images turned off (VGPU_IMAGES=0, run in a child): the specification's answers for a
 * device without images. */
static void test_no_images(void) {
  cl_int err;
  cl_context c = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
  cl_image_format fmt = {CL_RGBA, CL_UNORM_INT8};
  cl_image_desc desc = {0};
  desc.image_type = CL_MEM_OBJECT_IMAGE2D;
  desc.image_width = desc.image_height = 16;
  CHECK(clCreateImage(c, CL_MEM_READ_WRITE, &fmt, &desc, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  CHECK(clCreateImage((cl_context)device, CL_MEM_READ_WRITE, &fmt, &desc, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  CHECK(clCreateImage2D(c, CL_MEM_READ_WRITE, &fmt, 16, 16, 0, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  cl_uint nfmt = 99;
  CHECK_OK(clGetSupportedImageFormats(c, CL_MEM_READ_ONLY, CL_MEM_OBJECT_IMAGE2D, 0, NULL, &nfmt));
  CHECK(nfmt == 0);
  CHECK_ERR(clGetSupportedImageFormats(c, CL_MEM_READ_ONLY, CL_MEM_OBJECT_BUFFER, 0, NULL, &nfmt), CL_INVALID_VALUE);
  CHECK(clCreateSampler(c, CL_TRUE, CL_ADDRESS_CLAMP, CL_FILTER_NEAREST, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  CHECK(clCreateSampler(c, CL_TRUE, 0x7777, CL_FILTER_NEAREST, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_sampler_properties sp[] = {CL_SAMPLER_FILTER_MODE, CL_FILTER_LINEAR, 0};
  CHECK(clCreateSamplerWithProperties(c, sp, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  CHECK(clCreateSampler((cl_context)device, CL_TRUE, CL_ADDRESS_CLAMP, CL_FILTER_NEAREST, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  /* "CL_INVALID_OPERATION if the device associated with command_queue does not support images" */
  cl_command_queue q = clCreateCommandQueueWithProperties(c, device, NULL, &err);
  size_t origin[3] = {0}, region[3] = {1, 1, 1};
  char px[16];
  CHECK_ERR(clEnqueueReadImage(q, (cl_mem)c, CL_TRUE, origin, region, 0, 0, px, 0, NULL, NULL), CL_INVALID_OPERATION);
  CHECK(clEnqueueMapImage(q, (cl_mem)c, CL_TRUE, CL_MAP_READ, origin, region, (size_t[1]){0}, NULL, 0, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  /* The compiler agrees with CL_DEVICE_IMAGE_SUPPORT: no __IMAGE_SUPPORT__, no image features */
  const char *src = "__kernel void k(__global int *o) {\n"
                    "#ifdef __IMAGE_SUPPORT__\n o[0] = 1;\n#else\n o[0] = 0;\n#endif\n"
                    "#ifdef __opencl_c_images\n o[1] = 1;\n#else\n o[1] = 0;\n#endif\n}\n";
  cl_program p = clCreateProgramWithSource(c, 1, &src, NULL, &err);
  CHECK_OK(clBuildProgram(p, 1, &device, "-cl-std=CL3.0", NULL, NULL));
  cl_kernel k = clCreateKernel(p, "k", &err);
  cl_mem buf = clCreateBuffer(c, CL_MEM_READ_WRITE, 2 * sizeof(cl_int), NULL, &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof buf, &buf));
  size_t one = 1;
  cl_int macros[2] = {-1, -1};
  q = clCreateCommandQueueWithProperties(c, device, NULL, &err);
  CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &one, NULL, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, buf, CL_TRUE, 0, sizeof macros, macros, 0, NULL, NULL));
  CHECK(macros[0] == 0 && macros[1] == 0);
  const char *img = "__kernel void k(read_only image2d_t i, __global float4 *o) { o[0] = read_imagef(i, (int2)(0, 0)); }";
  cl_program pi = clCreateProgramWithSource(c, 1, &img, NULL, &err);
  CHECK_ERR(clBuildProgram(pi, 1, &device, "-cl-std=CL3.0", NULL, NULL), CL_BUILD_PROGRAM_FAILURE);
  CHECK_OK(clReleaseProgram(pi));
  CHECK_OK(clReleaseMemObject(buf));
  CHECK_OK(clReleaseKernel(k));
  CHECK_OK(clReleaseProgram(p));
  CHECK_OK(clReleaseCommandQueue(q));
  CHECK_OK(clReleaseContext(c));
}

static void CL_CALLBACK native_fn(void *args) { (void)args; }

/* Optional features the device lacks: SVM, native kernels (OpenCL 3.0 "consistency"). */
static void test_absent_features(void) {
  cl_int err;
  cl_context c = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
  CHECK(clSVMAlloc(c, CL_MEM_READ_WRITE, 64, 0) == NULL);
  clSVMFree(c, (void *)0xDEADBEEF); /* no effect, no crash */
  /* device queues exist (tests/kernels/test_device_enqueue.c): NULL is not one */
  CHECK_ERR(clSetDefaultDeviceCommandQueue(c, device, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clSetDefaultDeviceCommandQueue((cl_context)device, device, NULL), CL_INVALID_CONTEXT);
  void *bogus = (void *)0xDEADBEEF;
  cl_uint pattern = 0xAAAAAAAAu;
  CHECK_ERR(clEnqueueSVMMemFill((cl_command_queue)c, bogus, &pattern, 4, 16, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  cl_command_queue q = clCreateCommandQueue(c, device, 0, &err);
  if (q) {
    CHECK_ERR(clEnqueueSVMMemFill(q, bogus, &pattern, 4, 16, 0, NULL, NULL), CL_INVALID_OPERATION);
    CHECK_ERR(clEnqueueSVMMemcpy(q, CL_TRUE, bogus, bogus, 16, 0, NULL, NULL), CL_INVALID_OPERATION);
    CHECK_ERR(clEnqueueSVMMap(q, CL_TRUE, CL_MAP_READ, bogus, 16, 0, NULL, NULL), CL_INVALID_OPERATION);
    CHECK_ERR(clEnqueueSVMUnmap(q, bogus, 0, NULL, NULL), CL_INVALID_OPERATION);
    CHECK_ERR(clEnqueueSVMMigrateMem(q, 1, (const void **)&bogus, NULL, 0, 0, NULL, NULL), CL_INVALID_OPERATION);
    CHECK_ERR(clEnqueueSVMFree(q, 1, &bogus, NULL, NULL, 0, NULL, NULL), CL_INVALID_OPERATION);
    size_t origin[3] = {0}, region[3] = {1, 1, 1};
    char px[16];
    CHECK_ERR(clEnqueueNativeKernel(q, NULL, NULL, 0, 0, NULL, NULL, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueNativeKernel(q, native_fn, NULL, 0, 0, NULL, NULL, 0, NULL, NULL), CL_INVALID_OPERATION);
    CHECK_ERR(clEnqueueReadImage(q, (cl_mem)c, CL_TRUE, origin, region, 0, 0, px, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
    CHECK_OK(clReleaseCommandQueue(q));
  } else {
    fprintf(stderr, "clCreateCommandQueue: %s: queue part skipped\n", vt_error_name(err));
  }
  CHECK_OK(clReleaseContext(c));
}

/* Many host threads creating, querying and releasing contexts at once; every destructor runs once. */
static atomic_int destroyed;
static void CL_CALLBACK count_destroy(cl_context c, void *u) { (void)c, (void)u; atomic_fetch_add(&destroyed, 1); }
static cl_context shared_ctx;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 200; i++) {
    cl_int err;
    cl_context c = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
    if (!c) return (void *)1;
    if (clSetContextDestructorCallback(c, count_destroy, NULL) != CL_SUCCESS) return (void *)1;
    cl_uint n = 0;
    if (clGetContextInfo(c, CL_CONTEXT_NUM_DEVICES, sizeof n, &n, NULL) != CL_SUCCESS || n != 1) return (void *)1;
    if (clReleaseContext(c) != CL_SUCCESS) return (void *)1;
    /* And one context shared by all threads, retained and released concurrently. */
    if (clRetainContext(shared_ctx) != CL_SUCCESS || clReleaseContext(shared_ctx) != CL_SUCCESS) return (void *)1;
  }
  return NULL;
}

static void test_threads(void) {
  cl_int err;
  shared_ctx = clCreateContext(NULL, 1, &device, NULL, NULL, &err);
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, NULL);
  int failures = 0;
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(t[i], &r);
    failures += r != NULL;
  }
  CHECK(failures == 0);
  CHECK(atomic_load(&destroyed) == 4 * 200);
  CHECK(refcount(shared_ctx) == 1);
  CHECK_OK(clReleaseContext(shared_ctx));
}

int main(int argc, char **argv) {
  platform = vt_platform();
  device = vt_device();
  if (argc > 1 && !strcmp(argv[1], "no-images")) {
    cl_bool images = CL_TRUE;
    CHECK_OK(clGetDeviceInfo(device, CL_DEVICE_IMAGE_SUPPORT, sizeof images, &images, NULL));
    CHECK(images == CL_FALSE);
    test_no_images();
    return vt_finish();
  }
  test_create_and_info();
  test_create_errors();
  test_destructors();
  const char *env[] = {"VGPU_IMAGES=0", NULL};
  char out[8192] = "";
  if (!CHECK(vt_run_self(argv[0], "no-images", env, 1, out, sizeof out) == 0)) fprintf(stderr, "%s\n", out);
  test_absent_features();
  test_threads();
  return vt_finish();
}
