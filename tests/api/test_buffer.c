/* test_buffer - buffers and sub-buffers (OpenCL 3.0 sections 5.2.1, 5.5.4, 5.5.5): every flag
 * rule, sizes, allocation failure when the device memory is full and reuse after release,
 * clGetMemObjectInfo, sub-buffer regions/alignment/flag inheritance, destructor callbacks (LIFO,
 * only after the last command using the buffer), reads and writes blocking and not, and a buffer
 * shared by two devices (each with its own arena) staying coherent. */
#include <stdlib.h>
#include "testlib.h"

static int order[4], norder;
static void CL_CALLBACK dtor(cl_mem m, void *user) {
  (void)m;
  order[norder++] = (int)(intptr_t)user;
}

int main(void) {
  /* Small arenas so that filling one is quick; two devices for the coherence test. */
  setenv("VGPU_GLOBAL_MEM", "128M", 1);
  setenv("VGPU_DEVICES", "2", 1);
  cl_context ctx = vt_context();
  cl_device_id dev = vt_device();
  cl_command_queue q = vt_queue();
  cl_int err;
  char host[1024];
  for (int i = 0; i < 1024; i++) host[i] = (char)(i * 13);

  /* ---- flags ---- */
  const cl_mem_flags good[] = {0, CL_MEM_READ_WRITE, CL_MEM_READ_ONLY, CL_MEM_WRITE_ONLY, CL_MEM_ALLOC_HOST_PTR,
                               CL_MEM_HOST_READ_ONLY, CL_MEM_HOST_WRITE_ONLY, CL_MEM_HOST_NO_ACCESS,
                               CL_MEM_READ_ONLY | CL_MEM_HOST_NO_ACCESS};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    cl_mem m = clCreateBuffer(ctx, good[i], 100, NULL, &err);
    CHECK_OK(err);
    cl_mem_flags f = 0;
    CHECK_OK(clGetMemObjectInfo(m, CL_MEM_FLAGS, sizeof f, &f, NULL));
    /* "Return the flags argument value specified when memobj is created": exactly, nothing added. */
    CHECK(f == good[i]);
    clReleaseMemObject(m);
  }
  const cl_mem_flags bad[] = {CL_MEM_READ_WRITE | CL_MEM_READ_ONLY, CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY,
                              CL_MEM_READ_WRITE | CL_MEM_WRITE_ONLY, CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_WRITE_ONLY,
                              CL_MEM_HOST_READ_ONLY | CL_MEM_HOST_NO_ACCESS, (cl_mem_flags)1 << 40,
                              CL_MEM_KERNEL_READ_AND_WRITE};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    CHECK(clCreateBuffer(ctx, bad[i], 100, NULL, &err) == NULL);
    CHECK_ERR(err, CL_INVALID_VALUE);
  }
  clCreateBuffer(ctx, CL_MEM_USE_HOST_PTR | CL_MEM_COPY_HOST_PTR, 100, host, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateBuffer(ctx, CL_MEM_USE_HOST_PTR | CL_MEM_ALLOC_HOST_PTR, 100, host, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateBuffer(ctx, CL_MEM_USE_HOST_PTR, 100, NULL, &err);
  CHECK_ERR(err, CL_INVALID_HOST_PTR);
  clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, 100, NULL, &err);
  CHECK_ERR(err, CL_INVALID_HOST_PTR);
  clCreateBuffer(ctx, CL_MEM_READ_WRITE, 100, host, &err);
  CHECK_ERR(err, CL_INVALID_HOST_PTR);
  clCreateBuffer(NULL, 0, 100, NULL, &err);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  clCreateBuffer((cl_context)q, 0, 100, NULL, &err);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  clCreateBuffer(ctx, 0, 0, NULL, &err);
  CHECK_ERR(err, CL_INVALID_BUFFER_SIZE);
  cl_ulong max_alloc = 0, global = 0;
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_MAX_MEM_ALLOC_SIZE, sizeof max_alloc, &max_alloc, NULL));
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_GLOBAL_MEM_SIZE, sizeof global, &global, NULL));
  clCreateBuffer(ctx, 0, (size_t)max_alloc + 1, NULL, &err);
  CHECK_ERR(err, CL_INVALID_BUFFER_SIZE);
  cl_mem_properties noprops[] = {0}, badprops[] = {0x7777, 1, 0};
  clCreateBufferWithProperties(ctx, badprops, 0, 100, NULL, &err);
  CHECK_ERR(err, CL_INVALID_PROPERTY);

  /* ---- clGetMemObjectInfo ---- */
  cl_mem ub = clCreateBuffer(ctx, CL_MEM_USE_HOST_PTR, sizeof host, host, &err);
  CHECK_OK(err);
  cl_mem_object_type type = 0;
  size_t size = 0, sz = 0, off = 99;
  void *hp = NULL;
  cl_uint refs = 0, maps = 99;
  cl_context c = NULL;
  cl_mem assoc = (cl_mem)1;
  cl_bool svm = CL_TRUE;
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_TYPE, sizeof type, &type, NULL));
  CHECK(type == CL_MEM_OBJECT_BUFFER);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_SIZE, sizeof size, &size, NULL));
  CHECK(size == sizeof host);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_HOST_PTR, sizeof hp, &hp, NULL));
  CHECK(hp == host);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_MAP_COUNT, sizeof maps, &maps, NULL));
  CHECK(maps == 0);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 1);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_CONTEXT, sizeof c, &c, NULL));
  CHECK(c == ctx);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_ASSOCIATED_MEMOBJECT, sizeof assoc, &assoc, NULL));
  CHECK(assoc == NULL);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_OFFSET, sizeof off, &off, NULL));
  CHECK(off == 0);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_USES_SVM_POINTER, sizeof svm, &svm, NULL));
  CHECK(svm == CL_FALSE);
  CHECK_OK(clGetMemObjectInfo(ub, CL_MEM_PROPERTIES, 0, NULL, &sz));
  CHECK(sz == 0);
  CHECK_ERR(clGetMemObjectInfo(ub, CL_MEM_SIZE, 1, &size, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetMemObjectInfo(ub, 0x7777, sizeof size, &size, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetMemObjectInfo(NULL, CL_MEM_SIZE, sizeof size, &size, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clGetMemObjectInfo((cl_mem)q, CL_MEM_SIZE, sizeof size, &size, NULL), CL_INVALID_MEM_OBJECT);
  cl_mem pb = clCreateBufferWithProperties(ctx, noprops, CL_MEM_READ_ONLY, 64, NULL, &err);
  CHECK_OK(err);
  cl_mem_properties back[2] = {99, 99};
  CHECK_OK(clGetMemObjectInfo(pb, CL_MEM_PROPERTIES, sizeof back, back, &sz));
  CHECK(sz == sizeof(cl_mem_properties) && back[0] == 0);
  CHECK_OK(clRetainMemObject(pb));
  CHECK_OK(clGetMemObjectInfo(pb, CL_MEM_REFERENCE_COUNT, sizeof refs, &refs, NULL));
  CHECK(refs == 2);
  CHECK_OK(clReleaseMemObject(pb));
  CHECK_OK(clReleaseMemObject(pb));
  CHECK_ERR(clRetainMemObject(NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clReleaseMemObject((cl_mem)ctx), CL_INVALID_MEM_OBJECT);

  /* CL_MEM_COPY_HOST_PTR copies at creation; CL_MEM_USE_HOST_PTR reads the host memory. */
  char out[1024];
  cl_mem cb = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, sizeof host, host, &err);
  host[5] ^= 0x55; /* changed after creation: must not show */
  CHECK_OK(clEnqueueReadBuffer(q, cb, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  host[5] ^= 0x55;
  CHECK(!memcmp(out, host, sizeof host));
  memset(out, 0, sizeof out);
  CHECK_OK(clEnqueueReadBuffer(q, ub, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK(!memcmp(out, host, sizeof host));

  /* ---- read/write checks ---- */
  CHECK_ERR(clEnqueueReadBuffer(q, cb, CL_TRUE, 1000, 100, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBuffer(q, cb, CL_TRUE, 0, 0, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBuffer(q, cb, CL_TRUE, 0, 10, NULL, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBuffer(q, cb, CL_TRUE, (size_t)-1, 2, out, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueWriteBuffer(q, cb, CL_TRUE, 1024, 1, host, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueReadBuffer(NULL, cb, CL_TRUE, 0, 10, out, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  CHECK_ERR(clEnqueueReadBuffer(q, NULL, CL_TRUE, 0, 10, out, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueWriteBuffer(q, (cl_mem)q, CL_TRUE, 0, 10, host, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  cl_context ctx2 = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  cl_mem foreign = clCreateBuffer(ctx2, 0, 64, NULL, &err);
  CHECK_ERR(clEnqueueReadBuffer(q, foreign, CL_TRUE, 0, 10, out, 0, NULL, NULL), CL_INVALID_CONTEXT);
  clReleaseMemObject(foreign);
  clReleaseContext(ctx2);
  cl_mem hro = clCreateBuffer(ctx, CL_MEM_HOST_READ_ONLY, 64, NULL, &err);
  cl_mem hwo = clCreateBuffer(ctx, CL_MEM_HOST_WRITE_ONLY, 64, NULL, &err);
  cl_mem hna = clCreateBuffer(ctx, CL_MEM_HOST_NO_ACCESS, 64, NULL, &err);
  CHECK_ERR(clEnqueueWriteBuffer(q, hro, CL_TRUE, 0, 8, host, 0, NULL, NULL), CL_INVALID_OPERATION);
  CHECK_OK(clEnqueueReadBuffer(q, hro, CL_TRUE, 0, 8, out, 0, NULL, NULL));
  CHECK_ERR(clEnqueueReadBuffer(q, hwo, CL_TRUE, 0, 8, out, 0, NULL, NULL), CL_INVALID_OPERATION);
  CHECK_OK(clEnqueueWriteBuffer(q, hwo, CL_TRUE, 0, 8, host, 0, NULL, NULL));
  CHECK_ERR(clEnqueueReadBuffer(q, hna, CL_TRUE, 0, 8, out, 0, NULL, NULL), CL_INVALID_OPERATION);
  CHECK_ERR(clEnqueueWriteBuffer(q, hna, CL_TRUE, 0, 8, host, 0, NULL, NULL), CL_INVALID_OPERATION);
  clReleaseMemObject(hro); clReleaseMemObject(hwo); clReleaseMemObject(hna);

  /* Non-blocking write then read, offsets honoured. */
  cl_mem rw = clCreateBuffer(ctx, 0, 4096, NULL, &err);
  unsigned char pat[4096], res[4096];
  for (int i = 0; i < 4096; i++) pat[i] = (unsigned char)(i ^ (i >> 4));
  CHECK_OK(clEnqueueWriteBuffer(q, rw, CL_FALSE, 0, 4096, pat, 0, NULL, NULL));
  CHECK_OK(clEnqueueWriteBuffer(q, rw, CL_FALSE, 100, 50, host, 0, NULL, NULL));
  cl_event rev;
  memset(res, 0, sizeof res);
  CHECK_OK(clEnqueueReadBuffer(q, rw, CL_FALSE, 0, 4096, res, 0, NULL, &rev));
  CHECK_OK(clWaitForEvents(1, &rev));
  memcpy(pat + 100, host, 50);
  CHECK(!memcmp(pat, res, 4096));
  clReleaseEvent(rev);

  /* ---- sub-buffers ---- */
  cl_buffer_region reg = {128, 256};
  cl_mem sub = clCreateSubBuffer(rw, 0, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_OK(err);
  CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_ASSOCIATED_MEMOBJECT, sizeof assoc, &assoc, NULL));
  CHECK(assoc == rw);
  CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_OFFSET, sizeof off, &off, NULL));
  CHECK(off == 128);
  CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_SIZE, sizeof size, &size, NULL));
  CHECK(size == 256);
  cl_mem_flags f = 0;
  CHECK_OK(clGetMemObjectInfo(sub, CL_MEM_FLAGS, sizeof f, &f, NULL));
  CHECK(f & CL_MEM_READ_WRITE);
  CHECK_OK(clEnqueueReadBuffer(q, sub, CL_TRUE, 0, 256, res, 0, NULL, NULL));
  CHECK(!memcmp(res, pat + 128, 256));
  unsigned char ones[16];
  memset(ones, 1, 16);
  CHECK_OK(clEnqueueWriteBuffer(q, sub, CL_TRUE, 8, 16, ones, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, rw, CL_TRUE, 0, 4096, res, 0, NULL, NULL));
  memcpy(pat + 136, ones, 16);
  CHECK(!memcmp(res, pat, 4096));
  CHECK_ERR(clEnqueueReadBuffer(q, sub, CL_TRUE, 200, 100, res, 0, NULL, NULL), CL_INVALID_VALUE);
  cl_buffer_region mis = {1, 16}, oob = {4000, 200}, zero = {0, 0};
  clCreateSubBuffer(rw, 0, CL_BUFFER_CREATE_TYPE_REGION, &mis, &err);
  CHECK_ERR(err, CL_MISALIGNED_SUB_BUFFER_OFFSET);
  clCreateSubBuffer(rw, 0, CL_BUFFER_CREATE_TYPE_REGION, &oob, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateSubBuffer(rw, 0, CL_BUFFER_CREATE_TYPE_REGION, &zero, &err);
  CHECK_ERR(err, CL_INVALID_BUFFER_SIZE);
  clCreateSubBuffer(rw, 0, CL_BUFFER_CREATE_TYPE_REGION, NULL, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateSubBuffer(rw, 0, 0x7777, &reg, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateSubBuffer(sub, 0, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_ERR(err, CL_INVALID_MEM_OBJECT); /* no sub-buffer of a sub-buffer */
  clCreateSubBuffer(NULL, 0, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_ERR(err, CL_INVALID_MEM_OBJECT);
  clCreateSubBuffer(rw, CL_MEM_USE_HOST_PTR, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  /* Flag inheritance and the rules against the parent's flags. */
  cl_mem ro = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_HOST_READ_ONLY, 1024, NULL, &err);
  clCreateSubBuffer(ro, CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateSubBuffer(ro, CL_MEM_WRITE_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateSubBuffer(ro, CL_MEM_HOST_WRITE_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_mem rosub = clCreateSubBuffer(ro, 0, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_OK(err);
  CHECK_OK(clGetMemObjectInfo(rosub, CL_MEM_FLAGS, sizeof f, &f, NULL));
  CHECK((f & CL_MEM_READ_ONLY) && (f & CL_MEM_HOST_READ_ONLY) && !(f & CL_MEM_READ_WRITE));
  CHECK_ERR(clEnqueueWriteBuffer(q, rosub, CL_TRUE, 0, 4, host, 0, NULL, NULL), CL_INVALID_OPERATION);
  cl_mem wo = clCreateBuffer(ctx, CL_MEM_WRITE_ONLY | CL_MEM_HOST_NO_ACCESS, 1024, NULL, &err);
  clCreateSubBuffer(wo, CL_MEM_READ_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clCreateSubBuffer(wo, CL_MEM_HOST_READ_ONLY, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_buffer_region ureg = {256, 128};
  cl_mem usub = clCreateSubBuffer(ub, 0, CL_BUFFER_CREATE_TYPE_REGION, &ureg, &err);
  CHECK_OK(clGetMemObjectInfo(usub, CL_MEM_HOST_PTR, sizeof hp, &hp, NULL));
  CHECK(hp == host + 256);
  CHECK_OK(clGetMemObjectInfo(usub, CL_MEM_FLAGS, sizeof f, &f, NULL));
  CHECK(f & CL_MEM_USE_HOST_PTR);
  /* A sub-buffer keeps its parent alive. */
  CHECK_OK(clReleaseMemObject(ub));
  CHECK_OK(clEnqueueReadBuffer(q, usub, CL_TRUE, 0, 128, out, 0, NULL, NULL));
  CHECK(!memcmp(out, host + 256, 128));
  clReleaseMemObject(usub); clReleaseMemObject(rosub); clReleaseMemObject(ro); clReleaseMemObject(wo);
  clReleaseMemObject(sub);

  /* ---- destructor callbacks: newest first, after the last command using the buffer ---- */
  cl_mem d = clCreateBuffer(ctx, 0, 64, NULL, &err);
  CHECK_ERR(clSetMemObjectDestructorCallback(d, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clSetMemObjectDestructorCallback(NULL, dtor, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_OK(clSetMemObjectDestructorCallback(d, dtor, (void *)1));
  CHECK_OK(clSetMemObjectDestructorCallback(d, dtor, (void *)2));
  CHECK_OK(clSetMemObjectDestructorCallback(d, dtor, (void *)3));
  cl_event gate = clCreateUserEvent(ctx, &err);
  CHECK_OK(clEnqueueReadBuffer(q, d, CL_FALSE, 0, 64, out, 1, &gate, NULL));
  CHECK_OK(clReleaseMemObject(d));
  CHECK(norder == 0); /* a queued command still uses it */
  CHECK_OK(clSetUserEventStatus(gate, CL_COMPLETE));
  CHECK_OK(clFinish(q));
  CHECK(norder == 3 && order[0] == 3 && order[1] == 2 && order[2] == 1);
  clReleaseEvent(gate);

  /* ---- allocation failure when the arena is full, and reuse after release ---- */
  cl_mem big[64];
  int nbig = 0;
  size_t chunk = (size_t)(max_alloc < global / 4 ? max_alloc : global / 4);
  err = CL_SUCCESS;
  while (nbig < 64) {
    big[nbig] = clCreateBuffer(ctx, 0, chunk, NULL, &err);
    if (!big[nbig]) break;
    nbig++;
  }
  CHECK_ERR(err, CL_MEM_OBJECT_ALLOCATION_FAILURE);
  CHECK(nbig >= 2 && (cl_ulong)nbig * chunk <= global);
  if (nbig > 0) {
    clReleaseMemObject(big[--nbig]);
    big[nbig] = clCreateBuffer(ctx, 0, chunk, NULL, &err);
    CHECK_OK(err); /* the freed range is reused */
    if (big[nbig]) nbig++;
  }
  while (nbig > 0) clReleaseMemObject(big[--nbig]);

  /* ---- two devices: each has its own arena; the buffer follows the writer ---- */
  cl_uint ndev = 0;
  cl_device_id devs[2];
  clGetDeviceIDs(vt_platform(), CL_DEVICE_TYPE_ALL, 2, devs, &ndev);
  if (ndev == 2) {
    cl_context mctx = clCreateContext(NULL, 2, devs, NULL, NULL, &err);
    CHECK_OK(err);
    cl_command_queue q0 = clCreateCommandQueue(mctx, devs[0], 0, &err);
    cl_command_queue q1 = clCreateCommandQueue(mctx, devs[1], 0, &err);
    int a[512], b[512];
    for (int i = 0; i < 512; i++) a[i] = i * i;
    cl_mem m = clCreateBuffer(mctx, CL_MEM_COPY_HOST_PTR, sizeof a, a, &err);
    cl_mem m2 = clCreateBuffer(mctx, 0, sizeof a, NULL, &err);
    CHECK_OK(clEnqueueReadBuffer(q1, m, CL_TRUE, 0, sizeof b, b, 0, NULL, NULL)); /* migrates 0 -> 1 */
    CHECK(!memcmp(a, b, sizeof a));
    int x = -5;
    CHECK_OK(clEnqueueWriteBuffer(q1, m, CL_TRUE, 40, sizeof x, &x, 0, NULL, NULL)); /* device 1 is newest */
    a[10] = -5;
    CHECK_OK(clEnqueueReadBuffer(q0, m, CL_TRUE, 0, sizeof b, b, 0, NULL, NULL));
    CHECK(!memcmp(a, b, sizeof a));
    CHECK_OK(clEnqueueCopyBuffer(q1, m, m2, 0, 0, sizeof a, 0, NULL, NULL));
    CHECK_OK(clFinish(q1));
    CHECK_OK(clEnqueueReadBuffer(q0, m2, CL_TRUE, 0, sizeof b, b, 0, NULL, NULL));
    CHECK(!memcmp(a, b, sizeof a));
    /* Cross-device wait list: device 1's read waits for device 0's gated write. */
    cl_event g = clCreateUserEvent(mctx, &err), wev;
    x = 77;
    CHECK_OK(clEnqueueWriteBuffer(q0, m, CL_FALSE, 0, sizeof x, &x, 1, &g, &wev));
    CHECK_OK(clEnqueueReadBuffer(q1, m, CL_FALSE, 0, sizeof b, b, 1, &wev, NULL));
    CHECK_OK(clSetUserEventStatus(g, CL_COMPLETE));
    CHECK_OK(clFinish(q1));
    CHECK(b[0] == 77);
    cl_mem both[2] = {m, m2};
    CHECK_OK(clEnqueueMigrateMemObjects(q1, 2, both, 0, 0, NULL, NULL));
    CHECK_OK(clEnqueueMigrateMemObjects(q0, 1, both, CL_MIGRATE_MEM_OBJECT_HOST, 0, NULL, NULL));
    CHECK_OK(clEnqueueMigrateMemObjects(q0, 1, &m2, CL_MIGRATE_MEM_OBJECT_CONTENT_UNDEFINED, 0, NULL, NULL));
    CHECK_ERR(clEnqueueMigrateMemObjects(q0, 0, both, 0, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueMigrateMemObjects(q0, 1, NULL, 0, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueMigrateMemObjects(q0, 1, both, 0x100, 0, NULL, NULL), CL_INVALID_VALUE);
    CHECK_ERR(clEnqueueMigrateMemObjects(q, 1, both, 0, 0, NULL, NULL), CL_INVALID_CONTEXT);
    CHECK_OK(clFinish(q0));
    CHECK_OK(clEnqueueReadBuffer(q0, m, CL_TRUE, 0, sizeof b, b, 0, NULL, NULL));
    a[0] = 77;
    CHECK(!memcmp(a, b, sizeof a));
    clReleaseEvent(g); clReleaseEvent(wev);
    /* A kernel on device 1 writes the buffer (vgpu_mem_prepare migrates it there and makes
     * device 0's copy stale); device 0 then reads the kernel's result. */
    const char *src = "kernel void inc(global int *a) { size_t i = get_global_id(0); a[i] = a[i] * 2 + 1; }";
    cl_program prog = clCreateProgramWithSource(mctx, 1, &src, NULL, &err);
    if (prog && clBuildProgram(prog, 2, devs, "", NULL, NULL) == CL_SUCCESS) {
      cl_kernel k = clCreateKernel(prog, "inc", &err);
      CHECK_OK(clSetKernelArg(k, 0, sizeof m, &m));
      size_t gsz = 512;
      CHECK_OK(clEnqueueNDRangeKernel(q1, k, 1, NULL, &gsz, NULL, 0, NULL, NULL));
      CHECK_OK(clFinish(q1));
      CHECK_OK(clEnqueueReadBuffer(q0, m, CL_TRUE, 0, sizeof b, b, 0, NULL, NULL));
      int okk = 1;
      for (int i = 0; i < 512; i++) okk &= b[i] == a[i] * 2 + 1;
      CHECK(okk);
      /* ...and back: device 0's kernel sees device 1's bytes after a write there. */
      CHECK_OK(clEnqueueWriteBuffer(q1, m, CL_TRUE, 0, sizeof a, a, 0, NULL, NULL));
      CHECK_OK(clEnqueueNDRangeKernel(q0, k, 1, NULL, &gsz, NULL, 0, NULL, NULL));
      CHECK_OK(clFinish(q0));
      CHECK_OK(clEnqueueReadBuffer(q1, m, CL_TRUE, 0, sizeof b, b, 0, NULL, NULL));
      okk = 1;
      for (int i = 0; i < 512; i++) okk &= b[i] == a[i] * 2 + 1;
      CHECK(okk);
      clReleaseKernel(k);
    } else {
      fprintf(stderr, "note: no kernel compiler here; the kernel part of the two-device test is skipped\n");
    }
    if (prog) clReleaseProgram(prog);
    clReleaseMemObject(m); clReleaseMemObject(m2);
    clReleaseCommandQueue(q0); clReleaseCommandQueue(q1);
    clReleaseContext(mctx);
  }

  clReleaseMemObject(rw);
  clReleaseMemObject(cb);
  return vt_finish();
}
