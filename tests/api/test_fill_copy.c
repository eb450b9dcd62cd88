/* test_fill_copy - clEnqueueFillBuffer (every pattern size 1..128, offsets, errors) and
 * clEnqueueCopyBuffer (within and across buffers and sub-buffers, CL_MEM_COPY_OVERLAP, bounds),
 * each checked against a CPU reference. */
#include "testlib.h"

#define N 4096

int main(void) {
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();
  cl_int err;
  unsigned char ref[N], out[N], pattern[128];
  for (int i = 0; i < 128; i++) pattern[i] = (unsigned char)(200 - i);
  cl_mem b = clCreateBuffer(ctx, 0, N, NULL, &err);
  CHECK_OK(err);
  memset(ref, 0xEE, N);
  CHECK_OK(clEnqueueWriteBuffer(q, b, CL_TRUE, 0, N, ref, 0, NULL, NULL));

  /* ---- fill ---- */
  for (size_t ps = 1; ps <= 128; ps *= 2) {
    size_t off = ps * 3, size = ps * 11;
    cl_event e;
    CHECK_OK(clEnqueueFillBuffer(q, b, pattern, ps, off, size, 0, NULL, &e));
    for (size_t i = 0; i < size; i++) ref[off + i] = pattern[i % ps];
    CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 0, N, out, 0, NULL, NULL));
    CHECK(!memcmp(out, ref, N));
    cl_command_type t = 0;
    clGetEventInfo(e, CL_EVENT_COMMAND_TYPE, sizeof t, &t, NULL);
    CHECK(t == CL_COMMAND_FILL_BUFFER);
    clReleaseEvent(e);
  }
  /* A large fill (the doubling copy path) of the whole buffer. */
  uint32_t word = 0xA1B2C3D4;
  CHECK_OK(clEnqueueFillBuffer(q, b, &word, 4, 0, N, 0, NULL, NULL));
  CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 0, N, out, 0, NULL, NULL));
  int allw = 1;
  for (int i = 0; i < N; i += 4) allw &= !memcmp(out + i, &word, 4);
  CHECK(allw);
  for (int i = 0; i < N; i += 4) memcpy(ref + i, &word, 4);
  CHECK_ERR(clEnqueueFillBuffer(q, b, pattern, 3, 0, 12, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueFillBuffer(q, b, pattern, 0, 0, 12, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueFillBuffer(q, b, pattern, 256, 0, 256, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueFillBuffer(q, b, NULL, 4, 0, 16, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueFillBuffer(q, b, pattern, 4, 2, 16, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueFillBuffer(q, b, pattern, 4, 0, 18, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueFillBuffer(q, b, pattern, 4, N - 4, 8, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueFillBuffer(q, NULL, pattern, 4, 0, 8, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueFillBuffer(NULL, b, pattern, 4, 0, 8, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  /* Fill needs no host access: allowed on a CL_MEM_HOST_NO_ACCESS buffer. */
  cl_mem hn = clCreateBuffer(ctx, CL_MEM_HOST_NO_ACCESS, 64, NULL, &err);
  CHECK_OK(clEnqueueFillBuffer(q, hn, pattern, 4, 0, 64, 0, NULL, NULL));
  clReleaseMemObject(hn);

  /* ---- copy ---- */
  for (int i = 0; i < N; i++) ref[i] = (unsigned char)(i * 7 + 3);
  CHECK_OK(clEnqueueWriteBuffer(q, b, CL_TRUE, 0, N, ref, 0, NULL, NULL));
  cl_mem c = clCreateBuffer(ctx, 0, N, NULL, &err);
  unsigned char cref[N];
  memset(cref, 0, N);
  CHECK_OK(clEnqueueFillBuffer(q, c, cref, 1, 0, N, 0, NULL, NULL));
  CHECK_OK(clEnqueueCopyBuffer(q, b, c, 100, 1000, 500, 0, NULL, NULL));
  memcpy(cref + 1000, ref + 100, 500);
  CHECK_OK(clEnqueueReadBuffer(q, c, CL_TRUE, 0, N, out, 0, NULL, NULL));
  CHECK(!memcmp(out, cref, N));
  /* Within one buffer, non-overlapping. */
  CHECK_OK(clEnqueueCopyBuffer(q, b, b, 0, 2048, 1024, 0, NULL, NULL));
  memcpy(ref + 2048, ref, 1024);
  CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 0, N, out, 0, NULL, NULL));
  CHECK(!memcmp(out, ref, N));
  CHECK_ERR(clEnqueueCopyBuffer(q, b, b, 0, 100, 200, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  CHECK_ERR(clEnqueueCopyBuffer(q, b, b, 100, 0, 101, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  CHECK_OK(clEnqueueCopyBuffer(q, b, b, 100, 0, 100, 0, NULL, NULL)); /* touching, not overlapping */
  memmove(ref, ref + 100, 100);
  /* Sub-buffers of one parent that overlap. */
  cl_buffer_region r1 = {0, 1024}, r2 = {512, 1024}, r3 = {2048, 1024};
  cl_mem s1 = clCreateSubBuffer(b, 0, CL_BUFFER_CREATE_TYPE_REGION, &r1, &err);
  cl_mem s2 = clCreateSubBuffer(b, 0, CL_BUFFER_CREATE_TYPE_REGION, &r2, &err);
  cl_mem s3 = clCreateSubBuffer(b, 0, CL_BUFFER_CREATE_TYPE_REGION, &r3, &err);
  CHECK_ERR(clEnqueueCopyBuffer(q, s1, s2, 600, 0, 100, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  CHECK_ERR(clEnqueueCopyBuffer(q, s1, b, 0, 50, 100, 0, NULL, NULL), CL_MEM_COPY_OVERLAP);
  CHECK_OK(clEnqueueCopyBuffer(q, s1, s2, 0, 600, 100, 0, NULL, NULL)); /* parent bytes 0..99 -> 1112.. */
  memcpy(ref + 1112, ref, 100);
  CHECK_OK(clEnqueueCopyBuffer(q, s3, s1, 0, 0, 256, 0, NULL, NULL));
  memcpy(ref, ref + 2048, 256);
  CHECK_OK(clEnqueueReadBuffer(q, b, CL_TRUE, 0, N, out, 0, NULL, NULL));
  CHECK(!memcmp(out, ref, N));
  /* Bounds and handles. */
  CHECK_ERR(clEnqueueCopyBuffer(q, b, c, N - 10, 0, 20, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBuffer(q, b, c, 0, N - 10, 20, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBuffer(q, b, c, 0, 0, 0, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBuffer(q, s3, c, 1000, 0, 100, 0, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clEnqueueCopyBuffer(q, NULL, c, 0, 0, 4, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueCopyBuffer(q, b, (cl_mem)q, 0, 0, 4, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueCopyBuffer(NULL, b, c, 0, 0, 4, 0, NULL, NULL), CL_INVALID_COMMAND_QUEUE);
  cl_event none = NULL;
  CHECK_ERR(clEnqueueCopyBuffer(q, b, c, 0, 0, 4, 1, &none, NULL), CL_INVALID_EVENT_WAIT_LIST);

  clReleaseMemObject(s1); clReleaseMemObject(s2); clReleaseMemObject(s3);
  clReleaseMemObject(c);
  clReleaseMemObject(b);
  return vt_finish();
}
