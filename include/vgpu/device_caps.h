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
  "cl_khr_subgroup_shuffle_relative cl_khr_subgroup_clustered_reduce "                    \
  "cl_khr_3d_image_writes cl_khr_image2d_from_buffer"

/* OpenCL C 3.0 optional features the device has (CL_DEVICE_OPENCL_C_FEATURES and the
 * predefined macros of the same names). */
#define VGPU_OPENCL_C_FEATURES                                                              \
  X(__opencl_c_fp16) X(__opencl_c_fp64) X(__opencl_c_int64)                                \
  X(__opencl_c_generic_address_space)                                                      \
  X(__opencl_c_program_scope_global_variables) X(__opencl_c_atomic_order_acq_rel)          \
  X(__opencl_c_atomic_order_seq_cst) X(__opencl_c_atomic_scope_device)                     \
  X(__opencl_c_atomic_scope_all_devices) X(__opencl_c_subgroups) X(__opencl_c_images)        \
  X(__opencl_c_read_write_images) X(__opencl_c_3d_image_writes)                            \
  X(__opencl_c_work_group_collective_functions) X(__opencl_c_pipes) X(__opencl_c_device_enqueue)

/* Images and samplers (issue 13): CL_DEVICE_IMAGE_SUPPORT, the image limits and entry points, and
 * __IMAGE_SUPPORT__ in the compiler.  With them go the image extensions and features in the lists
 * above (compiler/CMakeLists.txt builds the builtin library with the names in those two lists, so
 * turning images off means taking those names out as well).  VGPU_IMAGES=0 (runtime/config.c)
 * turns them off at run time: the runtime's side, and the compiler's through -vgpu-no-images. */
#define VGPU_IMAGE_SUPPORT 1
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
/* Images from buffers (the image2d_from_buffer extension): a 2D image's row pitch, and its
 * buffer's address, in texels. */
#define VGPU_IMAGE_PITCH_ALIGNMENT 1
#define VGPU_IMAGE_BASE_ADDRESS_ALIGNMENT 1

/* Pipes (OpenCL 3.0 s5.4, OpenCL C s6.15.17): CL_DEVICE_PIPE_SUPPORT and its limits, at least the
 * minimums of table 4.3.  A pipe is a ring of packets in global memory (vgpu/pipe_layout.h) with
 * no limit of its own on reservations or packet sizes: these are the values the device promises. */
#define VGPU_PIPE_SUPPORT 1
#define VGPU_MAX_PIPE_ARGS 16
#define VGPU_PIPE_MAX_ACTIVE_RESERVATIONS 1024 /* per work-item in a kernel, per pipe */
#define VGPU_PIPE_MAX_PACKET_SIZE 1024       /* bytes */

/* CL_DEVICE_OPENCL_C_VERSION is "the highest fully backwards compatible OpenCL C version" (OpenCL
 * 3.0 s4.2), and CL_DEVICE_OPENCL_C_ALL_VERSIONS lists the versions the compiler supports.  OpenCL
 * C 2.0 makes the generic address space, program-scope globals, the 2.0 atomics and scopes,
 * work-group functions, pipes and device-side enqueue mandatory (and 3D image writes and
 * read-write images, on a device with image support); this device has them all (the CTS's
 * compiler opencl_c_versions checks each), so 2.0 is its version.  A build without -cl-std is
 * still OpenCL C 1.2, "the highest OpenCL C 1.x language version supported by the device"
 * (s5.8.6.5). */
#define VGPU_OPENCL_C_VERSION "OpenCL C 2.0 "
#define VGPU_OPENCL_C_VERSIONS X(1, 0) X(1, 1) X(1, 2) X(2, 0) X(3, 0)
#endif
