/* test_feature_macros.c - a kernel sees exactly the device's features and extensions (OpenCL C 3.0
 * section 6.2.1, "feature macros"; 6.13 extension macros): for every optional feature of OpenCL C
 * 3.0 and the extension macros Clang knows, a kernel records whether the macro is defined, and
 * that must match CL_DEVICE_OPENCL_C_FEATURES (for -cl-std=CL3.0) and CL_DEVICE_EXTENSIONS (for
 * 1.2 and 3.0).  Clang's own header defines all of them for SPIR targets; a kernel that tested
 * __opencl_c_subgroups or cl_khr_fp16 and then used them would fail to build or run. */
#include "testlib.h"

static const char *const names[] = {
  "__opencl_c_3d_image_writes", "__opencl_c_atomic_order_acq_rel", "__opencl_c_atomic_order_seq_cst",
  "__opencl_c_atomic_scope_device", "__opencl_c_atomic_scope_all_devices", "__opencl_c_device_enqueue",
  "__opencl_c_generic_address_space", "__opencl_c_fp64", "__opencl_c_images", "__opencl_c_int64",
  "__opencl_c_pipes", "__opencl_c_program_scope_global_variables", "__opencl_c_read_write_images",
  "__opencl_c_subgroups", "__opencl_c_work_group_collective_functions", "__opencl_c_fp16",
  "__opencl_c_integer_dot_product_input_4x8bit", "__opencl_c_integer_dot_product_input_4x8bit_packed",
  "__opencl_c_kernel_clock_scope_device", "__opencl_c_kernel_clock_scope_work_group",
  "__opencl_c_kernel_clock_scope_sub_group", "__opencl_c_ext_fp32_global_atomic_add",
  "__opencl_c_ext_fp32_local_atomic_add", "__opencl_c_ext_fp64_global_atomic_add",
  "__opencl_c_ext_fp32_global_atomic_min_max", "__opencl_c_ext_image_raw10_raw12",
  "cl_khr_fp16", "cl_khr_fp64", "cl_khr_byte_addressable_store", "cl_khr_global_int32_base_atomics",
  "cl_khr_global_int32_extended_atomics", "cl_khr_local_int32_base_atomics", "cl_khr_local_int32_extended_atomics",
  "cl_khr_int64_base_atomics", "cl_khr_int64_extended_atomics", "cl_khr_3d_image_writes", "cl_khr_depth_images",
  "cl_khr_gl_msaa_sharing", "cl_khr_mipmap_image", "cl_khr_mipmap_image_writes", "cl_khr_srgb_image_writes",
  "cl_khr_subgroups", "cl_khr_subgroup_ballot", "cl_khr_subgroup_shuffle", "cl_khr_subgroup_non_uniform_vote",
  "cl_khr_subgroup_extended_types", "cl_khr_subgroup_clustered_reduce", "cl_khr_subgroup_rotate",
  "cl_khr_extended_bit_ops", "cl_khr_integer_dot_product", "cl_ext_float_atomics", "cl_khr_kernel_clock",
};
#define NNAMES (sizeof names / sizeof names[0])

static int in_list(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) return 1;
  return 0;
}

int main(void) {
  cl_device_id dev = vt_device();
  char exts[4096] = "", features[4096] = "";
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_EXTENSIONS, sizeof exts, exts, NULL));
  cl_name_version fv[64];
  size_t fsize = 0;
  CHECK_OK(clGetDeviceInfo(dev, CL_DEVICE_OPENCL_C_FEATURES, sizeof fv, fv, &fsize));
  for (size_t i = 0; i < fsize / sizeof fv[0]; i++) {
    strcat(features, fv[i].name);
    strcat(features, " ");
  }
  static char src[16384];
  size_t len = (size_t)snprintf(src, sizeof src, "kernel void k(global int *o) {\n");
  for (size_t i = 0; i < NNAMES; i++)
    len += (size_t)snprintf(src + len, sizeof src - len, "#ifdef %s\n  o[%zu] = 1;\n#else\n  o[%zu] = 0;\n#endif\n",
                            names[i], i, i);
  snprintf(src + len, sizeof src - len, "}\n");
  static const char *const stds[] = {"-cl-std=CL1.2", "-cl-std=CL3.0"};
  for (int s = 0; s < 2; s++) {
    cl_program p = vt_build(src, stds[s]);
    if (!CHECK(p != NULL)) continue;
    cl_int err;
    cl_kernel k = clCreateKernel(p, "k", &err);
    cl_mem m = clCreateBuffer(vt_context(), CL_MEM_READ_WRITE, NNAMES * sizeof(cl_int), NULL, &err);
    CHECK_OK(clSetKernelArg(k, 0, sizeof m, &m));
    CHECK_OK(clEnqueueTask(vt_queue(), k, 0, NULL, NULL));
    cl_int got[NNAMES];
    CHECK_OK(clEnqueueReadBuffer(vt_queue(), m, CL_TRUE, 0, sizeof got, got, 0, NULL, NULL));
    for (size_t i = 0; i < NNAMES; i++) {
      int feature = !strncmp(names[i], "__opencl_c_", 11);
      if (feature && s == 0) continue; /* 1.2 has no feature macros to check */
      /* cl_khr_subgroups is an OpenCL C 2.0 extension (core in 2.1; Clang's OpenCLExtensions.def
       * says 200): OpenCL C 1.2 kernels have neither the macro nor the functions. */
      if (s == 0 && !strcmp(names[i], "cl_khr_subgroups")) {
        CHECK(got[i] == 0);
        continue;
      }
      int want = in_list(feature ? features : exts, names[i]);
      if (!CHECK(got[i] == want))
        printf("%s: %s is %s in kernels but %s by the device\n", stds[s], names[i], got[i] ? "defined" : "undefined",
               want ? "reported" : "not reported");
    }
    clReleaseMemObject(m);
    clReleaseKernel(k);
    clReleaseProgram(p);
  }
  return vt_finish();
}
