/* test_pipe.c - the host side of pipes (OpenCL 3.0 s5.4): every error of clCreatePipe and
 * clGetPipeInfo, a pipe as a memory object (clGetMemObjectInfo, destructor callbacks), host
 * commands refusing it (a pipe is not a buffer; CL_MEM_HOST_NO_ACCESS), clSetKernelArg's rules
 * for pipe arguments (s5.9.2) and clGetKernelArgInfo's answers for them (s5.9.3).  The kernels'
 * side is tests/kernels/test_pipes.c. */
#include "testlib.h"
#include <stdint.h>

static int destroyed;
static void CL_CALLBACK on_destroy(cl_mem m, void *user) {
  (void)m;
  destroyed += *(int *)user;
}

static const char *src =
  "kernel void k(read_only pipe int in, write_only pipe float4 out, global int *buf, const pipe uchar cin) {\n"
  "  int v;\n"
  "  if (read_pipe(in, &v) == 0) buf[0] = v;\n"
  "}\n";

int main(void) {
  cl_context ctx = vt_context();
  cl_command_queue q = vt_queue();
  cl_int err;

  /* clCreatePipe's errors, in the order of s5.4.1 */
  CHECK(clCreatePipe((cl_context)q, 0, 4, 4, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_CONTEXT);
  static const cl_mem_flags bad_flags[] = {CL_MEM_READ_ONLY, CL_MEM_WRITE_ONLY, CL_MEM_USE_HOST_PTR,
                                           CL_MEM_COPY_HOST_PTR, CL_MEM_ALLOC_HOST_PTR, CL_MEM_HOST_READ_ONLY,
                                           CL_MEM_READ_WRITE | CL_MEM_HOST_WRITE_ONLY, (cl_mem_flags)1 << 40};
  for (size_t i = 0; i < sizeof bad_flags / sizeof bad_flags[0]; i++) {
    err = 0;
    CHECK(clCreatePipe(ctx, bad_flags[i], 4, 4, NULL, &err) == NULL);
    CHECK_ERR(err, CL_INVALID_VALUE);
  }
  cl_pipe_properties none[] = {0};
  CHECK(clCreatePipe(ctx, 0, 4, 4, none, &err) == NULL); /* "properties must be NULL" */
  CHECK_ERR(err, CL_INVALID_VALUE);
  cl_uint maxp = 0;
  CHECK_OK(clGetDeviceInfo(vt_device(), CL_DEVICE_PIPE_MAX_PACKET_SIZE, sizeof maxp, &maxp, NULL));
  CHECK(maxp >= 1024);
  CHECK(clCreatePipe(ctx, 0, 0, 4, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PIPE_SIZE);
  CHECK(clCreatePipe(ctx, 0, maxp + 1, 4, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PIPE_SIZE);
  CHECK(clCreatePipe(ctx, 0, 4, 0, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_PIPE_SIZE);
  CHECK(clCreatePipe(ctx, 0, maxp, 0xFFFFFFFFu, NULL, &err) == NULL); /* 4 TiB */
  CHECK_ERR(err, CL_MEM_OBJECT_ALLOCATION_FAILURE);
  /* NULL errcode_ret is allowed */
  CHECK(clCreatePipe(ctx, 0, 0, 4, NULL, NULL) == NULL);

  /* the two allowed flags, and 0 */
  cl_mem p = clCreatePipe(ctx, 0, 12, 100, NULL, &err);
  CHECK_OK(err);
  cl_mem p2 = clCreatePipe(ctx, CL_MEM_READ_WRITE | CL_MEM_HOST_NO_ACCESS, maxp, 3, NULL, &err);
  CHECK_OK(err);

  /* clGetPipeInfo */
  cl_uint u = 0;
  size_t size = 0;
  CHECK_OK(clGetPipeInfo(p, CL_PIPE_PACKET_SIZE, sizeof u, &u, &size));
  CHECK(u == 12 && size == sizeof u);
  CHECK_OK(clGetPipeInfo(p, CL_PIPE_MAX_PACKETS, sizeof u, &u, NULL));
  CHECK(u == 100);
  CHECK_OK(clGetPipeInfo(p2, CL_PIPE_PACKET_SIZE, sizeof u, &u, NULL));
  CHECK(u == maxp);
  size = 99;
  CHECK_OK(clGetPipeInfo(p, CL_PIPE_PROPERTIES, 0, NULL, &size));
  CHECK(size == 0);
  CHECK_ERR(clGetPipeInfo(p, CL_PIPE_PACKET_SIZE, 2, &u, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetPipeInfo(p, 0x7777, sizeof u, &u, NULL), CL_INVALID_VALUE);
  cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 64, NULL, &err);
  CHECK_OK(err);
  CHECK_ERR(clGetPipeInfo(b, CL_PIPE_PACKET_SIZE, sizeof u, &u, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clGetPipeInfo((cl_mem)ctx, CL_PIPE_PACKET_SIZE, sizeof u, &u, NULL), CL_INVALID_MEM_OBJECT);

  /* a memory object of type CL_MEM_OBJECT_PIPE */
  cl_mem_object_type t = 0;
  CHECK_OK(clGetMemObjectInfo(p, CL_MEM_TYPE, sizeof t, &t, NULL));
  CHECK(t == CL_MEM_OBJECT_PIPE);
  cl_mem_flags fl = 1;
  CHECK_OK(clGetMemObjectInfo(p, CL_MEM_FLAGS, sizeof fl, &fl, NULL));
  CHECK(fl == 0); /* as given */
  CHECK_OK(clGetMemObjectInfo(p2, CL_MEM_FLAGS, sizeof fl, &fl, NULL));
  CHECK(fl == (CL_MEM_READ_WRITE | CL_MEM_HOST_NO_ACCESS));
  size_t msize = 0;
  CHECK_OK(clGetMemObjectInfo(p, CL_MEM_SIZE, sizeof msize, &msize, NULL));
  CHECK(msize >= 12 * 100);
  cl_context c2 = NULL;
  CHECK_OK(clGetMemObjectInfo(p, CL_MEM_CONTEXT, sizeof c2, &c2, NULL));
  CHECK(c2 == ctx);

  /* the host cannot touch a pipe: it is no buffer for any host command */
  char host[64];
  CHECK_ERR(clEnqueueReadBuffer(q, p, CL_TRUE, 0, 4, host, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueWriteBuffer(q, p, CL_TRUE, 0, 4, host, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  int zero = 0;
  CHECK_ERR(clEnqueueFillBuffer(q, p, &zero, 4, 0, 4, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueCopyBuffer(q, p, b, 0, 0, 4, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_ERR(clEnqueueCopyBuffer(q, b, p, 0, 0, 4, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
  CHECK(clEnqueueMapBuffer(q, p, CL_TRUE, CL_MAP_READ, 0, 4, 0, NULL, NULL, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_MEM_OBJECT);
  cl_buffer_region r = {0, 4};
  CHECK(clCreateSubBuffer(p, 0, CL_BUFFER_CREATE_TYPE_REGION, &r, &err) == NULL);
  CHECK_ERR(err, CL_INVALID_MEM_OBJECT);

  /* kernel arguments */
  cl_program prog = vt_build(src, "-cl-std=CL2.0 -cl-kernel-arg-info");
  CHECK(prog != NULL);
  if (prog) {
    cl_kernel k = clCreateKernel(prog, "k", &err);
    CHECK_OK(err);
    CHECK_OK(clSetKernelArg(k, 0, sizeof p, &p));
    CHECK_OK(clSetKernelArg(k, 1, sizeof p2, &p2)); /* no check of the packet type (s5.9.2 has none) */
    CHECK_ERR(clSetKernelArg(k, 0, sizeof b, &b), CL_INVALID_MEM_OBJECT);      /* a buffer for a pipe */
    CHECK_ERR(clSetKernelArg(k, 2, sizeof p, &p), CL_INVALID_MEM_OBJECT);      /* a pipe for a pointer */
    CHECK_ERR(clSetKernelArg(k, 0, sizeof p, NULL), CL_INVALID_ARG_VALUE);
    cl_mem null_mem = NULL;
    CHECK_ERR(clSetKernelArg(k, 0, sizeof null_mem, &null_mem), CL_INVALID_ARG_VALUE);
    CHECK_ERR(clSetKernelArg(k, 0, 4, &p), CL_INVALID_ARG_SIZE);
    cl_mem bogus = (cl_mem)ctx;
    CHECK_ERR(clSetKernelArg(k, 0, sizeof bogus, &bogus), CL_INVALID_MEM_OBJECT);
    /* clGetKernelArgInfo: the pipe qualifier alone (const means nothing on a pipe), the global
     * space, the access qualifier, the packet type's name */
    static const struct { cl_uint arg; cl_kernel_arg_access_qualifier acc; const char *type; } want[] = {
      {0, CL_KERNEL_ARG_ACCESS_READ_ONLY, "int"}, {1, CL_KERNEL_ARG_ACCESS_WRITE_ONLY, "float4"},
      {3, CL_KERNEL_ARG_ACCESS_READ_ONLY, "uchar"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
      cl_kernel_arg_type_qualifier tq = 0;
      cl_kernel_arg_address_qualifier aq = 0;
      cl_kernel_arg_access_qualifier acc = 0;
      char tn[32] = "";
      CHECK_OK(clGetKernelArgInfo(k, want[i].arg, CL_KERNEL_ARG_TYPE_QUALIFIER, sizeof tq, &tq, NULL));
      CHECK(tq == CL_KERNEL_ARG_TYPE_PIPE);
      CHECK_OK(clGetKernelArgInfo(k, want[i].arg, CL_KERNEL_ARG_ADDRESS_QUALIFIER, sizeof aq, &aq, NULL));
      CHECK(aq == CL_KERNEL_ARG_ADDRESS_GLOBAL);
      CHECK_OK(clGetKernelArgInfo(k, want[i].arg, CL_KERNEL_ARG_ACCESS_QUALIFIER, sizeof acc, &acc, NULL));
      CHECK(acc == want[i].acc);
      CHECK_OK(clGetKernelArgInfo(k, want[i].arg, CL_KERNEL_ARG_TYPE_NAME, sizeof tn, tn, NULL));
      CHECK(!strcmp(tn, want[i].type));
    }
    /* a released pipe that is still an argument: the launch is refused, nothing crashes */
    cl_mem p3 = clCreatePipe(ctx, 0, 1, 1, NULL, &err);
    CHECK_OK(err);
    CHECK_OK(clSetKernelArg(k, 3, sizeof p3, &p3));
    CHECK_OK(clSetKernelArg(k, 2, sizeof b, &b));
    CHECK_OK(clReleaseMemObject(p3));
    size_t one = 1;
    CHECK_ERR(clEnqueueNDRangeKernel(q, k, 1, NULL, &one, &one, 0, NULL, NULL), CL_INVALID_MEM_OBJECT);
    clReleaseKernel(k);
    clReleaseProgram(prog);
  }

  /* lifetime: destructor callbacks, newest first, when the last reference goes */
  int one_cb = 1, ten_cb = 10;
  CHECK_OK(clSetMemObjectDestructorCallback(p, on_destroy, &one_cb));
  CHECK_OK(clSetMemObjectDestructorCallback(p, on_destroy, &ten_cb));
  CHECK_OK(clRetainMemObject(p));
  CHECK_OK(clReleaseMemObject(p));
  CHECK(destroyed == 0);
  CHECK_OK(clReleaseMemObject(p));
  CHECK(destroyed == 11);
  CHECK_ERR(clGetPipeInfo(p, CL_PIPE_PACKET_SIZE, sizeof u, &u, NULL), CL_INVALID_MEM_OBJECT);
  CHECK_OK(clReleaseMemObject(p2));
  CHECK_OK(clReleaseMemObject(b));
  return vt_finish();
}
