/* test_map - clEnqueueMapBuffer / clEnqueueUnmapMemObject (OpenCL 3.0 section 5.5.3): data seen
 * through a mapping both ways, CL_MEM_USE_HOST_PTR mappings at host_ptr + offset kept in sync,
 * CL_MEM_MAP_COUNT, non-blocking maps, CL_MAP_WRITE_INVALIDATE_REGION keeping the bytes outside
 * the mapped region, host-access flags, and misuse (bad flags, out-of-range
 * regions, unmapping a pointer twice or one that was never mapped). */
#include "testlib.h"

static cl_uint map_count(cl_mem m) {
  cl_uint n = 99;
  clGetMemObjectInfo(m, CL_MEM_MAP_COUNT, sizeof n, &n, NULL);
  return n;
}

int main(void) {
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();
  cl_int err;
  int data[1024], out[1024];
  for (int i = 0; i < 1024; i++) data[i] = 3 * i + 1;
  cl_mem b = clCreateBuffer(ctx, CL_MEM_COPY_HOST_PTR, sizeof data, data, &err);
  CHECK_OK(err);

  /* Read map sees the buffer; a write through a write map shows in later reads. */
  int *p = clEnqueueMapBuffer(q, b, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, sizeof data, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(p && !memcmp(p, data, sizeof data));
  CHECK(map_count(b) == 1);
  int *p2 = clEnqueueMapBuffer(q, b, CL_TRUE, CL_MAP_READ, 400, 400, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(p2 == p + 100); /* one view of the same device memory */
  CHECK(map_count(b) == 2);
  if (p) for (int i = 0; i < 1024; i++) p[i] = -i;
  CHECK_OK(clEnqueueUnmapMemObject(q, b, p2, 0, NULL, NULL));
  CHECK_OK(clEnqueueUnmapMemObject(q, b, p, 0, NULL, NULL));
  CHECK_OK(clFinish(q));
  CHECK(map_count(b) == 0);
  CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  int okneg = 1;
  for (int i = 0; i < 1024; i++) okneg &= out[i] == -i;
  CHECK(okneg);
  /* Misuse of unmap. */
  CHECK_ERR(clEnqueueUnmapMemObject(q, b, p, 0, NULL, NULL), CL_INVALID_VALUE); /* twice */
  CHECK_ERR(clEnqueueUnmapMemObject(q, b, data, 0, NULL, NULL), CL_INVALID_VALUE); /* never mapped */
  CHECK_ERR(clEnqueueUnmapMemObject(q, NULL, p, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueUnmapMemObject(NULL, b, p, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);

  /* Non-blocking map: the pointer is valid once the event completes; the write before it shows. */
  CHECK_OK(clEnqueueWriteBuffer(q, b, CL_FALSE, 0, sizeof data, data, 0, NULL, NULL));
  cl_event mev;
  int *p3 = clEnqueueMapBuffer(q, b, CL_FALSE, CL_MAP_READ, 40, 80, 0, NULL, &mev, &err);
  CHECK_OK(err);
  CHECK_OK(clWaitForEvents(1, &mev));
  CHECK(p3 && !memcmp(p3, data + 10, 80));
  cl_command_type type = 0;
  CHECK_OK(clGetEventInfo(mev, CL_EVENT_COMMAND_TYPE, sizeof type, &type, NULL));
  CHECK(type == CL_COMMAND_MAP_BUFFER);
  cl_event uev;
  CHECK_OK(clEnqueueUnmapMemObject(q, b, p3, 0, NULL, &uev));
  CHECK_OK(clWaitForEvents(1, &uev));
  CHECK_OK(clGetEventInfo(uev, CL_EVENT_COMMAND_TYPE, sizeof type, &type, NULL));
  CHECK(type == CL_COMMAND_UNMAP_MEM_OBJECT);
  clReleaseEvent(mev); clReleaseEvent(uev);

  /* CL_MAP_WRITE_INVALIDATE_REGION: what is written lands, the rest of the buffer is kept. */
  int *p4 = clEnqueueMapBuffer(q, b, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 0, 16, 0, NULL, NULL, &err);
  CHECK_OK(err);
  if (p4) for (int i = 0; i < 4; i++) p4[i] = 1000 + i;
  CHECK_OK(clEnqueueUnmapMemObject(q, b, p4, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK(out[0] == 1000 && out[3] == 1003 && !memcmp(out + 4, data + 4, sizeof data - 16));

  /* Argument checks. */
  clEnqueueMapBuffer(q, b, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE_INVALIDATE_REGION, 0, 4, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clEnqueueMapBuffer(q, b, CL_TRUE, 0x100, 0, 4, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  CHECK(clEnqueueMapBuffer(q, b, CL_TRUE, CL_MAP_READ, 4000, 200, 0, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clEnqueueMapBuffer(q, b, CL_TRUE, CL_MAP_READ, 0, 0, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_VALUE);
  clEnqueueMapBuffer(q, NULL, CL_TRUE, CL_MAP_READ, 0, 4, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_MEM_OBJECT);
  clEnqueueMapBuffer(NULL, b, CL_TRUE, CL_MAP_READ, 0, 4, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_COMMAND_QUEUE);
  clEnqueueMapBuffer(q, b, CL_TRUE, CL_MAP_READ, 0, 4, 1, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_EVENT_WAIT_LIST);
  CHECK(map_count(b) == 0); /* failed maps leave no mapping behind */
  cl_mem hw = clCreateBuffer(ctx, CL_MEM_HOST_WRITE_ONLY, 64, NULL, &err);
  cl_mem hr = clCreateBuffer(ctx, CL_MEM_HOST_READ_ONLY, 64, NULL, &err);
  cl_mem hn = clCreateBuffer(ctx, CL_MEM_HOST_NO_ACCESS, 64, NULL, &err);
  clEnqueueMapBuffer(q, hw, CL_TRUE, CL_MAP_READ, 0, 4, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  clEnqueueMapBuffer(q, hr, CL_TRUE, CL_MAP_WRITE, 0, 4, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  clEnqueueMapBuffer(q, hr, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 0, 4, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  clEnqueueMapBuffer(q, hn, CL_TRUE, CL_MAP_READ, 0, 4, 0, NULL, NULL, &err);
  CHECK_ERR(err, CL_INVALID_OPERATION);
  void *okw = clEnqueueMapBuffer(q, hw, CL_TRUE, CL_MAP_WRITE, 0, 4, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clEnqueueUnmapMemObject(q, hw, okw, 0, NULL, NULL));
  clReleaseMemObject(hw); clReleaseMemObject(hr); clReleaseMemObject(hn);

  /* A map whose wait list failed returns NULL and the error (blocking). */
  cl_event bad = clCreateUserEvent(ctx, &err);
  clSetUserEventStatus(bad, -3);
  CHECK(clEnqueueMapBuffer(q, b, CL_TRUE, CL_MAP_READ, 0, 4, 1, &bad, NULL, &err) == NULL);
  CHECK_ERR(err, CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
  CHECK(map_count(b) == 0);
  clReleaseEvent(bad);

  /* ---- CL_MEM_USE_HOST_PTR: the mapping is host_ptr + offset, synchronised both ways ---- */
  static int host[1024];
  for (int i = 0; i < 1024; i++) host[i] = i;
  cl_mem u = clCreateBuffer(ctx, CL_MEM_USE_HOST_PTR, sizeof host, host, &err);
  CHECK_OK(err);
  int v = 555;
  CHECK_OK(clEnqueueWriteBuffer(q, u, CL_TRUE, 8 * sizeof(int), sizeof v, &v, 0, NULL, NULL));
  int *hp = clEnqueueMapBuffer(q, u, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 4 * sizeof(int), 64, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(hp == host + 4);
  CHECK(host[8] == 555); /* the device's newer bytes reached host memory */
  if (hp) hp[0] = -4;
  CHECK_OK(clEnqueueUnmapMemObject(q, u, hp, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, u, CL_TRUE, 0, sizeof out, out, 0, NULL, NULL));
  CHECK(out[4] == -4 && out[8] == 555 && out[100] == 100);
  /* A sub-buffer of a host-pointer buffer maps into the same host memory. */
  cl_buffer_region reg = {512, 256};
  cl_mem us = clCreateSubBuffer(u, 0, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
  int *sp = clEnqueueMapBuffer(q, us, CL_TRUE, CL_MAP_READ, 16, 16, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(sp == host + (512 + 16) / 4);
  CHECK_OK(clEnqueueUnmapMemObject(q, us, sp, 0, NULL, NULL));
  /* Unmapping through the wrong object is refused. */
  sp = clEnqueueMapBuffer(q, us, CL_TRUE, CL_MAP_READ, 0, 16, 0, NULL, NULL, &err);
  CHECK_ERR(clEnqueueUnmapMemObject(q, u, sp, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_OK(clEnqueueUnmapMemObject(q, us, sp, 0, NULL, NULL));
  CHECK_OK(clFinish(q));
  clReleaseMemObject(us);
  /* A kernel's writes reach host_ptr when the buffer is mapped (and not before it needs to). */
  cl_program prog = vt_build("kernel void neg(global int *a) { a[get_global_id(0)] = -a[get_global_id(0)] - 1; }", "");
  if (prog) {
    cl_kernel k = clCreateKernel(prog, "neg", &err);
    CHECK_OK(clSetKernelArg(k, 0, sizeof u, &u));
    size_t g = 1024;
    int before[1024];
    memcpy(before, host, sizeof host);
    CHECK_OK(clEnqueueNDRangeKernel(q, k, 1, NULL, &g, NULL, 0, NULL, NULL));
    int *kp = clEnqueueMapBuffer(q, u, CL_TRUE, CL_MAP_READ, 0, sizeof host, 0, NULL, NULL, &err);
    CHECK_OK(err);
    CHECK(kp == host);
    int okk = 1;
    for (int i = 0; i < 1024; i++) okk &= host[i] == -before[i] - 1;
    CHECK(okk);
    CHECK_OK(clEnqueueUnmapMemObject(q, u, kp, 0, NULL, NULL));
    clReleaseKernel(k);
    clReleaseProgram(prog);
  }
  CHECK_OK(clFinish(q));
  clReleaseMemObject(u);

  /* CL_MAP_WRITE_INVALIDATE_REGION on part of a CL_MEM_USE_HOST_PTR buffer whose latest bytes are
   * on the device: only the mapped region becomes undefined, the rest of the buffer keeps what the
   * device wrote (the unmap makes host_ptr the current copy, so it must have been brought up to
   * date first).  And mapping all of it may skip that copy: the bytes written are what is read. */
  int *uh = calloc(256, sizeof(int)), seven = 7, back[256];
  cl_mem ui = clCreateBuffer(ctx, CL_MEM_USE_HOST_PTR, 256 * sizeof(int), uh, &err);
  CHECK_OK(err);
  CHECK_OK(clEnqueueFillBuffer(q, ui, &seven, sizeof seven, 0, 256 * sizeof(int), 0, NULL, NULL));
  int *pi = clEnqueueMapBuffer(q, ui, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 4 * sizeof(int), 4 * sizeof(int), 0,
                               NULL, NULL, &err);
  CHECK_OK(err);
  CHECK(pi == uh + 4);
  for (int i = 0; i < 4; i++) pi[i] = 100 + i;
  CHECK_OK(clEnqueueUnmapMemObject(q, ui, pi, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, ui, CL_TRUE, 0, sizeof back, back, 0, NULL, NULL));
  CHECK(back[0] == 7 && back[3] == 7 && back[4] == 100 && back[7] == 103 && back[8] == 7 && back[255] == 7);
  CHECK_OK(clEnqueueFillBuffer(q, ui, &seven, sizeof seven, 0, 256 * sizeof(int), 0, NULL, NULL));
  pi = clEnqueueMapBuffer(q, ui, CL_TRUE, CL_MAP_WRITE_INVALIDATE_REGION, 0, 256 * sizeof(int), 0, NULL, NULL, &err);
  CHECK_OK(err);
  for (int i = 0; i < 256; i++) pi[i] = -i;
  CHECK_OK(clEnqueueUnmapMemObject(q, ui, pi, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, ui, CL_TRUE, 0, sizeof back, back, 0, NULL, NULL));
  CHECK(back[0] == 0 && back[1] == -1 && back[255] == -255);
  clReleaseMemObject(ui);
  free(uh);

  /* A buffer released while mapped is still freed cleanly. */
  cl_mem lost = clCreateBuffer(ctx, 0, 64, NULL, &err);
  clEnqueueMapBuffer(q, lost, CL_TRUE, CL_MAP_READ, 0, 64, 0, NULL, NULL, &err);
  CHECK_OK(err);
  CHECK_OK(clReleaseMemObject(lost));
  CHECK_OK(clFinish(q));
  clReleaseMemObject(b);
  return vt_finish();
}
