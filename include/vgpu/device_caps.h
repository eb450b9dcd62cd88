/* device_caps.h - what a VirtualGPU device supports, in one place: the runtime reports it through
 * clGetDeviceInfo and the compiler declares exactly these extensions and OpenCL C 3.0 feature
 * macros to Clang, so a kernel never sees a feature the simulator cannot run. */
#ifndef VGPU_DEVICE_CAPS_H
#define VGPU_DEVICE_CAPS_H

#define VGPU_PLATFORM_NAME "VirtualGPU"
#define VGPU_VENDOR "VirtualGPU project"
#define VGPU_ICD_SUFFIX "VGPU"

/* Device extensions (space-separated, as CL_DEVICE_EXTENSIONS prints them). */
#define VGPU_DEVICE_EXTENSIONS                                                              \
  "cl_khr_byte_addressable_store cl_khr_fp16 cl_khr_fp64 cl_khr_int64_base_atomics "                  \
  "cl_khr_int64_extended_atomics cl_khr_global_int32_base_atomics "                       \
  "cl_khr_global_int32_extended_atomics cl_khr_local_int32_base_atomics "                 \
  "cl_khr_local_int32_extended_atomics cl_khr_icd cl_khr_subgroups "                        \
  "cl_khr_subgroup_extended_types cl_khr_subgroup_non_uniform_vote cl_khr_subgroup_ballot "  \
  "cl_khr_subgroup_non_uniform_arithmetic cl_khr_subgroup_shuffle "                        \
  "cl_khr_subgroup_shuffle_relative cl_khr_subgroup_clustered_reduce"

/* OpenCL C 3.0 optional features the device has (CL_DEVICE_OPENCL_C_FEATURES and the
 * predefined macros of the same names). */
#define VGPU_OPENCL_C_FEATURES                                                              \
  X(__opencl_c_fp16) X(__opencl_c_fp64) X(__opencl_c_int64) X(__opencl_c_generic_address_space)                \
  X(__opencl_c_program_scope_global_variables) X(__opencl_c_atomic_order_acq_rel)          \
  X(__opencl_c_atomic_order_seq_cst) X(__opencl_c_atomic_scope_device)                     \
  X(__opencl_c_atomic_scope_all_devices) X(__opencl_c_subgroups)

#define VGPU_OPENCL_C_VERSION "OpenCL C 1.2 "
/* Versions accepted by -cl-std (CL_DEVICE_OPENCL_C_ALL_VERSIONS). */
#define VGPU_OPENCL_C_VERSIONS X(1, 0) X(1, 1) X(1, 2) X(3, 0)
#endif
