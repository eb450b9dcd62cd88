/* test_subgroups.c - sub-groups are warps (cl_khr_subgroups, OpenCL C 3.0 feature
 * __opencl_c_subgroups): the device queries, clGetKernelSubGroupInfo with every param_name and
 * its errors (OpenCL 3.0 section 5.9.4), and the sub-group work-item functions, all_/any and
 * sub_group_barrier in a launch whose last work-group is partial (2.0+ non-uniform groups).
 * Expected values come from the warp size VGPU_WARP_SIZE sets (default 32, docs/configuration.md):
 * a group of n work-items has ceil(n / W) sub-groups, sub-group s holding local linear ids
 * s*W .. min(n, s*W + W) - 1.  The collectives themselves: tests/kernels/cl/subgroups/. */
#include <stdint.h>
#include <CL/cl_ext.h>
#include "testlib.h"

static const char *src =
    "kernel void ids(global uint *o, global const int *flag, local int *tmp) {\n"
    "  size_t g = get_global_id(0), l = get_local_id(0);\n"
    "  global uint *p = o + g * 9;\n"
    "  p[0] = get_sub_group_size(); p[1] = get_max_sub_group_size(); p[2] = get_num_sub_groups();\n"
    "  p[3] = get_enqueued_num_sub_groups(); p[4] = get_sub_group_id(); p[5] = get_sub_group_local_id();\n"
    "  p[6] = sub_group_all(flag[g]) | sub_group_any(flag[g]) << 1;\n"
    "  /* neighbours in the sub-group exchange values through local memory */\n"
    "  tmp[l] = (int)g * 3;\n"
    "  sub_group_barrier(CLK_LOCAL_MEM_FENCE);\n"
    "  uint n = get_sub_group_local_id() ^ 1u;\n"
    "  p[7] = n < get_sub_group_size() ? (uint)tmp[l - get_sub_group_local_id() + n] : 0xffffffffu;\n"
    "  sub_group_barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE, memory_scope_sub_group);\n"
    "  p[8] = 7;\n"
    "}\n";

static size_t warp_size(void) {
  const char *e = getenv("VGPU_WARP_SIZE");
  return e && *e ? (size_t)strtoul(e, NULL, 10) : 32;
}

static int has_word(const char *list, const char *w) {
  size_t n = strlen(w);
  for (const char *p = list; (p = strstr(p, w)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) return 1;
  return 0;
}

static void test_device(size_t W) {
  cl_device_id d = vt_device();
  cl_uint max_sub = 0;
  size_t max_wg = 0;
  cl_bool ifp = CL_TRUE;
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_MAX_WORK_GROUP_SIZE, sizeof max_wg, &max_wg, NULL));
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_MAX_NUM_SUB_GROUPS, sizeof max_sub, &max_sub, NULL));
  CHECK(max_sub == (max_wg + W - 1) / W);
  /* a warp spinning in a loop yields to its group's other warps (cl_khr_subgroups requires it;
   * tests/kernels/cl/subgroups/forward_progress.cl) */
  ifp = CL_FALSE;
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_SUB_GROUP_INDEPENDENT_FORWARD_PROGRESS, sizeof ifp, &ifp, NULL));
  CHECK(ifp == CL_TRUE);
  char exts[4096] = "";
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS, sizeof exts, exts, NULL));
  CHECK(has_word(exts, "cl_khr_subgroups"));
  cl_name_version fv[64];
  size_t fsize = 0;
  int found = 0;
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_OPENCL_C_FEATURES, sizeof fv, fv, &fsize));
  for (size_t i = 0; i < fsize / sizeof fv[0]; i++) found |= !strcmp(fv[i].name, "__opencl_c_subgroups");
  CHECK(found);
}

static void test_kernel_info(cl_kernel k, size_t W) {
  cl_device_id d = vt_device();
  size_t out = 0, kwg = 0;
  CHECK_OK(clGetKernelWorkGroupInfo(k, d, CL_KERNEL_WORK_GROUP_SIZE, sizeof kwg, &kwg, NULL));
  const size_t locals[][3] = {{100, 1, 1}, {10, 10, 1}, {1, 1, 1}, {W, 1, 1}, {3 * W + 5, 1, 1}, {4, 2, 3}};
  const cl_uint dims[] = {1, 2, 1, 1, 1, 3};
  for (int i = 0; i < 6; i++) {
    size_t n = locals[i][0] * locals[i][1] * locals[i][2], sz = dims[i] * sizeof(size_t), ret = 0;
    CHECK_OK(clGetKernelSubGroupInfo(k, d, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE, sz, locals[i], sizeof out, &out, &ret));
    CHECK(out == (n < W ? n : W) && ret == sizeof(size_t));
    CHECK_OK(clGetKernelSubGroupInfo(k, d, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE, sz, locals[i], sizeof out, &out, NULL));
    CHECK(out == (n + W - 1) / W);
  }
  /* cl_khr_subgroups names the query clGetKernelSubGroupInfoKHR, found by name (the CTS's
   * test_subgroups calls it through this pointer, and crashed on the NULL it got) */
  clGetKernelSubGroupInfoKHR_fn khr = (clGetKernelSubGroupInfoKHR_fn)clGetExtensionFunctionAddressForPlatform(
      vt_platform(), "clGetKernelSubGroupInfoKHR");
  CHECK(khr != NULL);
  if (khr) {
    size_t sz = 3 * sizeof(size_t);
    CHECK_OK(khr(k, d, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE_KHR, sz, locals[4], sizeof out, &out, NULL));
    CHECK(out == (3 * W + 5 + W - 1) / W);
  }
  size_t count = 3, local[3] = {9, 9, 9}, ret = 0;
  CHECK_OK(clGetKernelSubGroupInfo(k, d, CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT, sizeof count, &count, sizeof local, local, &ret));
  CHECK(local[0] == 3 * W && local[1] == 1 && local[2] == 1 && ret == sizeof local);
  CHECK_OK(clGetKernelSubGroupInfo(k, d, CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT, sizeof count, &count, sizeof(size_t), local, NULL));
  CHECK(local[0] == 3 * W);
  count = kwg / W + 2; /* more sub-groups than any group can hold: 0 in every element */
  CHECK_OK(clGetKernelSubGroupInfo(k, d, CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT, sizeof count, &count, sizeof local, local, NULL));
  CHECK(local[0] == 0 && local[1] == 0 && local[2] == 0);
  CHECK_OK(clGetKernelSubGroupInfo(k, d, CL_KERNEL_MAX_NUM_SUB_GROUPS, 0, NULL, sizeof out, &out, NULL));
  CHECK(out == (kwg + W - 1) / W);
  CHECK_OK(clGetKernelSubGroupInfo(k, d, CL_KERNEL_COMPILE_NUM_SUB_GROUPS, 0, NULL, sizeof out, &out, NULL));
  CHECK(out == 0); /* no attribute asks for a number of sub-groups */
  /* errors (5.9.4) */
  size_t l1 = 100;
  CHECK_ERR(clGetKernelSubGroupInfo(k, d, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE, sizeof l1, NULL, sizeof out, &out, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelSubGroupInfo(k, d, CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE, 0, &l1, sizeof out, &out, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelSubGroupInfo(k, d, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE, 5, locals[0], sizeof out, &out, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelSubGroupInfo(k, d, CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE, 4 * sizeof(size_t), locals[0], sizeof out, &out, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelSubGroupInfo(k, d, CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT, sizeof count, NULL, sizeof local, local, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelSubGroupInfo(k, d, CL_KERNEL_MAX_NUM_SUB_GROUPS, 0, NULL, 1, &out, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelSubGroupInfo(k, d, CL_KERNEL_WORK_GROUP_SIZE, 0, NULL, sizeof out, &out, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetKernelSubGroupInfo(NULL, d, CL_KERNEL_MAX_NUM_SUB_GROUPS, 0, NULL, sizeof out, &out, NULL), CL_INVALID_KERNEL);
  CHECK_ERR(clGetKernelSubGroupInfo(k, (cl_device_id)vt_context(), CL_KERNEL_MAX_NUM_SUB_GROUPS, 0, NULL, sizeof out, &out, NULL),
            CL_INVALID_DEVICE);
}

/* global 250, local 100 under OpenCL C 3.0: groups of 100, 100 and 50 work-items. */
static void test_launch(cl_kernel k, size_t W) {
  enum { N = 250, L = 100 };
  cl_int err, flag[N];
  /* sub_group_all/any: flags all set in sub-group 0 of each group, none in sub-group 1, one
   * work-item (local id W + 2, when it exists) set in sub-group 2... by a rule per group */
  for (int i = 0; i < N; i++) {
    size_t l = (size_t)i % L, s = l / W;
    flag[i] = s % 3 == 0 ? 5 : s % 3 == 1 ? 0 : (l % W == 2 ? -1 : 0);
  }
  cl_mem o = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, N * 9 * sizeof(cl_uint), NULL, &err);
  cl_mem f = clCreateBuffer(vt_context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof flag, flag, &err);
  CHECK_OK(clSetKernelArg(k, 0, sizeof o, &o));
  CHECK_OK(clSetKernelArg(k, 1, sizeof f, &f));
  CHECK_OK(clSetKernelArg(k, 2, L * sizeof(cl_int), NULL));
  size_t g = N, l = L;
  CHECK_OK(clEnqueueNDRangeKernel(vt_queue(), k, 1, NULL, &g, &l, 0, NULL, NULL));
  static cl_uint r[N * 9];
  CHECK_OK(clEnqueueReadBuffer(vt_queue(), o, CL_TRUE, 0, sizeof r, r, 0, NULL, NULL));
  int bad = 0;
  for (size_t i = 0; i < N && bad < 5; i++) {
    size_t n = i < 200 ? L : N - 200, ll = i % L, s = ll / W, size = n - s * W < W ? n - s * W : W;
    int all = 1, any = 0;
    for (size_t j = i - ll + s * W; j < i - ll + s * W + size; j++) all &= flag[j] != 0, any |= flag[j] != 0;
    cl_uint want[9] = {(cl_uint)size, (cl_uint)(L < W ? L : W), (cl_uint)((n + W - 1) / W), (cl_uint)((L + W - 1) / W),
                       (cl_uint)s, (cl_uint)(ll % W), (cl_uint)(all | any << 1),
                       (ll % W ^ 1) < size ? (cl_uint)((i - ll % W + (ll % W ^ 1)) * 3) : 0xffffffffu, 7};
    for (int c = 0; c < 9; c++)
      if (r[i * 9 + c] != want[c]) {
        bad++;
        printf("work-item %zu value %d: %u, expected %u\n", i, c, r[i * 9 + c], want[c]);
      }
  }
  CHECK(bad == 0);
  clReleaseMemObject(o);
  clReleaseMemObject(f);
}

int main(void) {
  size_t W = warp_size();
  test_device(W);
  cl_program p = vt_build(src, "-cl-std=CL3.0");
  if (CHECK(p != NULL)) {
    cl_int err;
    cl_kernel k = clCreateKernel(p, "ids", &err);
    CHECK_OK(err);
    test_kernel_info(k, W);
    test_launch(k, W);
    clReleaseKernel(k);
    clReleaseProgram(p);
  }
  return vt_finish();
}
