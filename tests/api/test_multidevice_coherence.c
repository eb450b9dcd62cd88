/* test_multidevice_coherence - one buffer used by three devices through out-of-order queues,
 * ordered only by events (OpenCL 3.0 section 5.11): written on device 0, incremented by a kernel
 * on device 1, read on device 2 and copied there into a second buffer, that one read on device 0,
 * and the first buffer read back on device 0 meanwhile (both reads need only the kernel's bytes).
 * Every read must see the latest bytes whatever device held them, over peer links or through the
 * host (VGPU_TOPOLOGY=none here: every device-to-device move is two hops), and the links account
 * each move (the kernel's buffer is moved to device 1 once: N bytes up dev0's host link). */
#include "testlib.h"
#include "vgpu/links.h"

static const char *src =
    "kernel void inc(global int *a) { size_t i = get_global_id(0); a[i] = a[i] * 2 + 1; }\n";

int main(void) {
  setenv("VGPU_DEVICES", "3", 1);
  setenv("VGPU_TOPOLOGY", "none", 1);
  cl_platform_id plat = vt_platform();
  cl_device_id dev[3];
  cl_uint ndev = 0;
  CHECK_OK(clGetDeviceIDs(plat, CL_DEVICE_TYPE_ALL, 3, dev, &ndev));
  if (ndev != 3) { fprintf(stderr, "VGPU_DEVICES=3 did not give 3 devices\n"); return 1; }
  clGetLinksVGPU_fn get_links = (clGetLinksVGPU_fn)clGetExtensionFunctionAddressForPlatform(plat, "clGetLinksVGPU");
  CHECK(get_links != NULL);
  cl_int err;
  cl_context ctx = clCreateContext(NULL, 3, dev, NULL, NULL, &err);
  CHECK_OK(err);
  cl_command_queue q[3];
  for (int i = 0; i < 3; i++) {
    q[i] = clCreateCommandQueue(ctx, dev[i], CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE, &err);
    CHECK_OK(err);
  }
  cl_program prog = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
  CHECK_OK(clBuildProgram(prog, 3, dev, NULL, NULL, NULL));
  cl_kernel k = clCreateKernel(prog, "inc", &err);
  CHECK_OK(err);

  enum { N = 4096 };
  static int host[N], r1[N], r2[N], r3[N];
  int ok = 1;
  for (int round = 0; round < 8; round++) {
    for (int i = 0; i < N; i++) host[i] = i * 3 - round;
    cl_mem a = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof host, NULL, &err);
    cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof host, NULL, &err);
    cl_event w, kd, c, rd[3];
    CHECK_OK(clEnqueueWriteBuffer(q[0], a, CL_FALSE, 0, sizeof host, host, 0, NULL, &w));
    CHECK_OK(clSetKernelArg(k, 0, sizeof a, &a));
    size_t gsz = N;
    CHECK_OK(clEnqueueNDRangeKernel(q[1], k, 1, NULL, &gsz, NULL, 1, &w, &kd));
    CHECK_OK(clEnqueueReadBuffer(q[2], a, CL_FALSE, 0, sizeof r1, r1, 1, &kd, &rd[0]));
    CHECK_OK(clEnqueueCopyBuffer(q[2], a, b, 0, 0, sizeof host, 1, &kd, &c));
    CHECK_OK(clEnqueueReadBuffer(q[0], b, CL_FALSE, 0, sizeof r2, r2, 1, &c, &rd[1]));
    CHECK_OK(clEnqueueReadBuffer(q[0], a, CL_FALSE, 0, sizeof r3, r3, 1, &kd, &rd[2]));
    CHECK_OK(clWaitForEvents(3, rd));
    for (int i = 0; i < N; i++) {
      int want = host[i] * 2 + 1;
      ok &= r1[i] == want && r2[i] == want && r3[i] == want;
    }
    cl_event evs[] = {w, kd, c, rd[0], rd[1], rd[2]};
    for (int i = 0; i < 6; i++) clReleaseEvent(evs[i]);
    clReleaseMemObject(a);
    clReleaseMemObject(b);
  }
  CHECK(ok);
  /* Every device-to-device move went through the host: the bytes that went up the host links
   * (reads and moves out) and down (writes and moves in) balance as the commands say.  Per round:
   * down dev0 (write); up dev0 + down dev1 (a to the kernel); up dev1 + down dev2 (a to the read
   * and copy on dev2); up dev2 (read of a); up dev2 + down dev0 (b to dev0); up dev0 (read of b);
   * up dev1 or dev2 + down dev0 (a to dev0: from whichever holds it); up dev0 (read of a). */
  vgpu_link_info l[3];
  cl_uint n = 0;
  if (get_links) CHECK_OK(get_links(plat, 3, l, &n));
  CHECK(n == 3);
  unsigned long long down = 0, up = 0, S = sizeof host;
  for (cl_uint i = 0; i < n && i < 3; i++) {
    down += l[i].bytes[0];
    up += l[i].bytes[1];
  }
  CHECK(down == 8 * 5 * S);
  CHECK(up == 8 * 7 * S);
  CHECK(l[1].bytes[0] == 8 * S); /* dev1 receives a once per round, for the kernel */
  clReleaseKernel(k);
  clReleaseProgram(prog);
  for (int i = 0; i < 3; i++) clReleaseCommandQueue(q[i]);
  clReleaseContext(ctx);
  return vt_finish();
}
