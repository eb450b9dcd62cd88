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
  "cl_khr_byte_addressable_store cl_khr_fp16 cl_khr_fp64 cl_khr_int64_base_atomics "      \
  "cl_khr_int64_extended_atomics cl_khr_global_int32_base_atomics "                       \
  "cl_khr_global_int32_extended_atomics cl_khr_local_int32_base_atomics "                 \
  "cl_khr_local_int32_extended_atomics cl_khr_icd cl_khr_subgroups "                        \
  "cl_khr_subgroup_extended_types cl_khr_subgroup_non_uniform_vote cl_khr_subgroup_ballot "  \
  "cl_khr_subgroup_non_uniform_arithmetic cl_khr_subgroup_shuffle "                        \
  "cl_khr_subgroup_shuffle_relative cl_khr_subgroup_clustered_reduce"

/* OpenCL C 3.0 optional features the device has (CL_DEVICE_OPENCL_C_FEATURES and the
 * predefined macros of the same names). */
#define VGPU_OPENCL_C_FEATURES                                                              \
  X(__opencl_c_fp16) X(__opencl_c_fp64) X(__opencl_c_int64)                                \
  X(__opencl_c_generic_address_space)                                                      \
  X(__opencl_c_program_scope_global_variables) X(__opencl_c_atomic_order_acq_rel)          \
  X(__opencl_c_atomic_order_seq_cst) X(__opencl_c_atomic_scope_device)                     \
  X(__opencl_c_atomic_scope_all_devices) X(__opencl_c_subgroups)

/* Images and samplers (issue 13): the one switch of CL_DEVICE_IMAGE_SUPPORT, the image formats,
 * limits and entry points.  0 until the whole image path (host commands and the SMs' texture unit)
 * works; VGPU_IMAGES=1 (runtime/config.c) turns it on for testing before then. */
#define VGPU_IMAGE_SUPPORT 0
/* The image limits of an image-capable device: the minimums of OpenCL 3.0 table 4.3 for a full
 * profile device with images (CL_DEVICE_IMAGE2D_MAX_WIDTH ...); sizes in texels. */
#define VGPU_IMAGE2D_MAX 16384      /* width and height of 2D images and 2D arrays */
#define VGPU_IMAGE3D_MAX 2048       /* width, height and depth of 3D images */
#define VGPU_IMAGE_MAX_BUFFER 65536 /* texels of a 1D image buffer */
#define VGPU_IMAGE_MAX_ARRAY 2048   /* layers of 1D and 2D arrays */
#define VGPU_MAX_READ_IMAGE_ARGS 128
#define VGPU_MAX_WRITE_IMAGE_ARGS 64
#define VGPU_MAX_READ_WRITE_IMAGE_ARGS 64
#define VGPU_MAX_SAMPLERS 16
/* cl_khr_image2d_from_buffer: a 2D image's row pitch, and its buffer's address, in texels. */
#define VGPU_IMAGE_PITCH_ALIGNMENT 1
#define VGPU_IMAGE_BASE_ADDRESS_ALIGNMENT 1

#define VGPU_OPENCL_C_VERSION "OpenCL C 1.2 "
/* Versions accepted by -cl-std (CL_DEVICE_OPENCL_C_ALL_VERSIONS). */
/* Images and samplers (issue 13): the one switch of CL_DEVICE_IMAGE_SUPPORT, the image formats,
 * limits and entry points.  0 until the whole image path (host commands and the SMs' texture unit)
 * works; VGPU_IMAGES=1 (runtime/config.c) turns it on for testing before then. */
#define VGPU_IMAGE_SUPPORT 0
/* The image limits of an image-capable device: the minimums of OpenCL 3.0 table 4.3 for a full
 * profile device with images (CL_DEVICE_IMAGE2D_MAX_WIDTH ...); sizes in texels. */
#define VGPU_IMAGE2D_MAX 16384      /* width and height of 2D images and 2D arrays */
#define VGPU_IMAGE3D_MAX 2048       /* width, height and depth of 3D images */
#define VGPU_IMAGE_MAX_BUFFER 65536 /* texels of a 1D image buffer */
#define VGPU_IMAGE_MAX_ARRAY 2048   /* layers of 1D and 2D arrays */
#define VGPU_MAX_READ_IMAGE_ARGS 128
#define VGPU_MAX_WRITE_IMAGE_ARGS 64
#define VGPU_MAX_READ_WRITE_IMAGE_ARGS 64
#define VGPU_MAX_SAMPLERS 16
/* cl_khr_image2d_from_buffer: a 2D image's row pitch, and its buffer's address, in texels. */
#define VGPU_IMAGE_PITCH_ALIGNMENT 1
#define VGPU_IMAGE_BASE_ADDRESS_ALIGNMENT 1

#define VGPU_OPENCL_C_VERSIONS X(1, 0) X(1, 1) X(1, 2) X(3, 0)
#endif
