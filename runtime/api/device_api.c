/* device_api.c - clGetDeviceIDs, clGetDeviceInfo, sub-devices, device retain/release and the
 * timers (OpenCL 3.0 sections 4.2-4.4).  Every answer derives from the device's configuration or
 * from include/vgpu/device_caps.h, which the compiler also reads, so clinfo tells the truth. */
#include <stdio.h>
#include <string.h>
#include "vgpu/device_caps.h"
#include "runtime/config.h"
#include "runtime/device_queue.h"
#include "runtime/platform.h"
#include "runtime/spirv.h"

#define VGPU_DEVICE_VERSION "OpenCL 3.0 " VGPU_PLATFORM_NAME " " VGPU_VERSION

cl_int clGetDeviceIDs(cl_platform_id platform, cl_device_type device_type, cl_uint num_entries,
                      cl_device_id *devices, cl_uint *num_devices) {
  /* "If platform is NULL, the behavior is implementation-defined": we use ours. */
  if (!platform) platform = vgpu_platform();
  VG_RETURN_IF(!vgpu_platform_valid(platform), CL_INVALID_PLATFORM, "not a VirtualGPU platform");
  const cl_device_type known = CL_DEVICE_TYPE_DEFAULT | CL_DEVICE_TYPE_CPU | CL_DEVICE_TYPE_GPU |
                               CL_DEVICE_TYPE_ACCELERATOR | CL_DEVICE_TYPE_CUSTOM;
  VG_RETURN_IF(device_type != CL_DEVICE_TYPE_ALL && (device_type & ~known), CL_INVALID_DEVICE_TYPE,
               "unknown device_type bits");
  VG_RETURN_IF(device_type == 0, CL_INVALID_DEVICE_TYPE, "device_type is 0");
  VG_RETURN_IF(num_entries == 0 && devices, CL_INVALID_VALUE, "num_entries is 0 and devices is not NULL");
  VG_RETURN_IF(!devices && !num_devices, CL_INVALID_VALUE, "devices and num_devices are both NULL");
  cl_uint n = 0;
  if (device_type & (CL_DEVICE_TYPE_GPU | CL_DEVICE_TYPE_DEFAULT)) {
    /* CL_DEVICE_TYPE_DEFAULT: "the default OpenCL device in the system", exactly one. */
    n = (device_type == CL_DEVICE_TYPE_DEFAULT) ? 1 : platform->ndevices;
    if (device_type == CL_DEVICE_TYPE_ALL) n = platform->ndevices;
  }
  VG_RETURN_IF(n == 0, CL_DEVICE_NOT_FOUND, "no device of that type");
  if (devices)
    for (cl_uint i = 0; i < n && i < num_entries; i++) devices[i] = platform->devices[i];
  if (num_devices) *num_devices = n;
  return CL_SUCCESS;
}

/* A space-separated list as cl_name_version[] with one version for all (the _WITH_VERSION queries). */
static cl_int names_with_version(const char *list, cl_version version, size_t param_value_size,
                                 void *param_value, size_t *param_value_size_ret) {
  cl_name_version out[64];
  size_t n = 0;
  for (const char *p = list; *p && n < 64;) {
    while (*p == ' ') p++;
    size_t len = strcspn(p, " ");
    if (!len) break;
    memset(&out[n], 0, sizeof out[n]);
    out[n].version = version;
    memcpy(out[n].name, p, len < CL_NAME_VERSION_MAX_NAME_SIZE - 1 ? len : CL_NAME_VERSION_MAX_NAME_SIZE - 1);
    n++;
    p += len;
  }
  return vgpu_info(out, n * sizeof out[0], param_value_size, param_value, param_value_size_ret);
}

#define X(name) " " #name
static const char opencl_c_features[] = VGPU_OPENCL_C_FEATURES;
#undef X
#define X(major, minor) CL_MAKE_VERSION(major, minor, 0),
static const cl_version opencl_c_versions[] = {VGPU_OPENCL_C_VERSIONS};
#undef X

/* CL_DEVICE_IL_VERSION: "SPIR-V_1.0 SPIR-V_1.1 ..." (OpenCL 3.0 s4.2, "<IL_Prefix>_<Major>.<Minor>"). */
#define X(major, minor) "SPIR-V_" #major "." #minor " "
static const char spirv_versions[] = VGPU_SPIRV_VERSIONS;
#undef X
#define X(major, minor) CL_MAKE_VERSION(major, minor, 0),
static const cl_version spirv_numeric[] = {VGPU_SPIRV_VERSIONS};
#undef X

/* device_caps.h's extensions, and when SPIR-V can be translated cl_khr_il_program with the two
 * SPIR-V extensions llvm-spirv-15 reads and the pipeline keeps (nsw/nuw flags, linkonce_odr
 * linkage; the CTS's spirv_new checks both, docs/spirv.md). */
#define VGPU_SPIRV_EXTENSIONS " cl_khr_il_program cl_khr_spirv_no_integer_wrap_decoration cl_khr_spirv_linkonce_odr"
static const char *device_extensions(void) {
  return vgpu_config()->spirv ? VGPU_DEVICE_EXTENSIONS VGPU_SPIRV_EXTENSIONS : VGPU_DEVICE_EXTENSIONS;
}

/* A list of names with the image ones left out (VGPU_IMAGES=0 turns images off at run time, and
 * the extensions and features must agree with CL_DEVICE_IMAGE_SUPPORT). */
static const char *listed(const char *list, int images, char *buf, size_t size) {
  if (images) return list;
  size_t n = 0;
  buf[0] = 0;
  for (const char *p = list; *p;) {
    while (*p == ' ') p++;
    size_t len = strcspn(p, " ");
    char word[128];
    snprintf(word, sizeof word, "%.*s", (int)len, p);
    if (len && !strstr(word, "image") && n + len + 2 < size) n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "", word);
    p += len;
  }
  return buf;
}

cl_int clGetDeviceInfo(cl_device_id device, cl_device_info param_name, size_t param_value_size,
                       void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_device_valid(device), CL_INVALID_DEVICE, "not a VirtualGPU device");
  const cl_device_id d = device;
  const int images = vgpu_config()->images;
  char names[2048];
  switch (param_name) {
  /* Identity and versions. */
  case CL_DEVICE_TYPE: VG_INFO(cl_device_type, CL_DEVICE_TYPE_GPU);
  /* No PCI or Khronos vendor ID is assigned to VirtualGPU. */
  case CL_DEVICE_VENDOR_ID: VG_INFO(cl_uint, 0);
  case CL_DEVICE_NAME: VG_INFO_STR(d->name);
  case CL_DEVICE_VENDOR: VG_INFO_STR(VGPU_VENDOR);
  case CL_DRIVER_VERSION: VG_INFO_STR(VGPU_VERSION);
  case CL_DEVICE_PROFILE: VG_INFO_STR("FULL_PROFILE");
  case CL_DEVICE_VERSION: VG_INFO_STR(VGPU_DEVICE_VERSION);
  case CL_DEVICE_NUMERIC_VERSION: VG_INFO(cl_version, CL_MAKE_VERSION(3, 0, 0));
  case CL_DEVICE_OPENCL_C_VERSION: VG_INFO_STR(VGPU_OPENCL_C_VERSION);
  case CL_DEVICE_OPENCL_C_ALL_VERSIONS: {
    cl_name_version v[sizeof opencl_c_versions / sizeof opencl_c_versions[0]];
    memset(v, 0, sizeof v);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
      v[i].version = opencl_c_versions[i];
      strcpy(v[i].name, "OpenCL C");
    }
    return vgpu_info(v, sizeof v, param_value_size, param_value, param_value_size_ret);
  }
  case CL_DEVICE_OPENCL_C_FEATURES:
    return names_with_version(listed(opencl_c_features, images, names, sizeof names), CL_MAKE_VERSION(3, 0, 0),
                              param_value_size, param_value, param_value_size_ret);
  case CL_DEVICE_EXTENSIONS: VG_INFO_STR(listed(device_extensions(), images, names, sizeof names));
  case CL_DEVICE_EXTENSIONS_WITH_VERSION:
    return names_with_version(listed(device_extensions(), images, names, sizeof names), CL_MAKE_VERSION(1, 0, 0),
                              param_value_size, param_value, param_value_size_ret);
  case CL_DEVICE_PLATFORM: VG_INFO(cl_platform_id, d->platform);
  case CL_DEVICE_AVAILABLE: VG_INFO(cl_bool, d->available ? CL_TRUE : CL_FALSE);
  case CL_DEVICE_COMPILER_AVAILABLE: VG_INFO(cl_bool, CL_TRUE);
  case CL_DEVICE_LINKER_AVAILABLE: VG_INFO(cl_bool, CL_TRUE);
  /* No Khronos conformance submission: the earliest date the vYYYY-MM-DD-XX form allows (s4.2;
   * month and day 00 are not valid dates, and the CTS's conformance_version checks the form). */
  case CL_DEVICE_LATEST_CONFORMANCE_VERSION_PASSED: VG_INFO_STR("v0000-01-01-00");
  case CL_DEVICE_REFERENCE_COUNT: VG_INFO(cl_uint, 1); /* root devices are not counted */
  case CL_DEVICE_BUILT_IN_KERNELS: VG_INFO_STR("");
  case CL_DEVICE_BUILT_IN_KERNELS_WITH_VERSION:
    return vgpu_info(NULL, 0, param_value_size, param_value, param_value_size_ret);
  /* SPIR-V when the translator can run (config.h, docs/spirv.md), else no IL at all. */
  case CL_DEVICE_IL_VERSION: VG_INFO_STR(vgpu_config()->spirv ? spirv_versions : "");
  case CL_DEVICE_ILS_WITH_VERSION: {
    cl_name_version v[sizeof spirv_numeric / sizeof spirv_numeric[0]];
    memset(v, 0, sizeof v);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
      v[i].version = spirv_numeric[i];
      strcpy(v[i].name, "SPIR-V");
    }
    return vgpu_info(v, vgpu_config()->spirv ? sizeof v : 0, param_value_size, param_value, param_value_size_ret);
  }

  /* Execution resources: an SM is a compute unit; a warp is the preferred work-group multiple. */
  case CL_DEVICE_MAX_COMPUTE_UNITS: VG_INFO(cl_uint, d->sms);
  case CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS: VG_INFO(cl_uint, 3);
  case CL_DEVICE_MAX_WORK_ITEM_SIZES: {
    size_t s[3] = {d->max_wg_size, d->max_wg_size, d->max_wg_size};
    return vgpu_info(s, sizeof s, param_value_size, param_value, param_value_size_ret);
  }
  case CL_DEVICE_MAX_WORK_GROUP_SIZE: VG_INFO(size_t, d->max_wg_size);
  case CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE: VG_INFO(size_t, d->warp_size);
  /* SIMT: each work-item is one lane, so scalar code is already vectorised across the warp. */
  case CL_DEVICE_PREFERRED_VECTOR_WIDTH_CHAR:
  case CL_DEVICE_PREFERRED_VECTOR_WIDTH_SHORT:
  case CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT:
  case CL_DEVICE_PREFERRED_VECTOR_WIDTH_LONG:
  case CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT:
  case CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE:
  case CL_DEVICE_NATIVE_VECTOR_WIDTH_CHAR:
  case CL_DEVICE_NATIVE_VECTOR_WIDTH_SHORT:
  case CL_DEVICE_NATIVE_VECTOR_WIDTH_INT:
  case CL_DEVICE_NATIVE_VECTOR_WIDTH_LONG:
  case CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT:
  case CL_DEVICE_NATIVE_VECTOR_WIDTH_DOUBLE:
  case CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF:
  case CL_DEVICE_NATIVE_VECTOR_WIDTH_HALF: VG_INFO(cl_uint, 1);
  /* A simulated clock has no frequency; 1000 MHz is the nominal rate the docs' examples use. */
  case CL_DEVICE_MAX_CLOCK_FREQUENCY: VG_INFO(cl_uint, 1000);
  case CL_DEVICE_ADDRESS_BITS: VG_INFO(cl_uint, VGPU_ADDRESS_BITS);
  case CL_DEVICE_ENDIAN_LITTLE: VG_INFO(cl_bool, CL_TRUE);
  case CL_DEVICE_ERROR_CORRECTION_SUPPORT: VG_INFO(cl_bool, CL_FALSE);
  case CL_DEVICE_EXECUTION_CAPABILITIES: VG_INFO(cl_device_exec_capabilities, CL_EXEC_KERNEL);
  case CL_DEVICE_PROFILING_TIMER_RESOLUTION: VG_INFO(size_t, 1); /* ns, CLOCK_MONOTONIC */
  case CL_DEVICE_QUEUE_ON_HOST_PROPERTIES:
    VG_INFO(cl_command_queue_properties, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_PROFILING_ENABLE);
  case CL_DEVICE_PRINTF_BUFFER_SIZE: VG_INFO(size_t, VGPU_PRINTF_BUFFER_SIZE);
  case CL_DEVICE_PREFERRED_INTEROP_USER_SYNC: VG_INFO(cl_bool, CL_TRUE);
  case CL_DEVICE_MAX_PARAMETER_SIZE: VG_INFO(size_t, VGPU_MAX_PARAMETER_SIZE);
  /* The launch runs a partial last work-group (get_local_size/get_enqueued_local_size differ there)
   * for kernels built for OpenCL C 2.0 or later without -cl-uniform-work-group-size, so the
   * optional feature is reported as it works; OpenCL C 1.x kernels keep uniform work-groups. */
  case CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT: VG_INFO(cl_bool, CL_TRUE);
  /* Work-group functions (OpenCL C 3.0 s6.15.15): a WGROUP instruction each; the query and the
   * feature macro come from the one list in device_caps.h. */
  case CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT:
    VG_INFO(cl_bool, strstr(opencl_c_features, " __opencl_c_work_group_collective_functions") ? CL_TRUE : CL_FALSE);
  case CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT: VG_INFO(cl_bool, CL_TRUE);
  /* A sub-group is a warp (cl_khr_subgroups): the largest group holds this many.  The SM runs one
   * warp of a group until it reaches a barrier or finishes, so a sub-group that spins waiting
   * for another one never lets it run: no independent forward progress. */
  case CL_DEVICE_MAX_NUM_SUB_GROUPS: VG_INFO(cl_uint, (cl_uint)((d->max_wg_size + d->warp_size - 1) / d->warp_size));
  /* a warp spinning in a loop yields to its group's other warps (sim/interp_loop.h, BACKWARD) */
  case CL_DEVICE_SUB_GROUP_INDEPENDENT_FORWARD_PROGRESS: VG_INFO(cl_bool, CL_TRUE);

  /* Floating point: float and double use the host's IEEE 754 operations, so division and sqrt
   * are correctly rounded, denormals and fma are exact; the rounding mode is always
   * round-to-nearest (OpenCL 3.0 table 4.3). */
  case CL_DEVICE_SINGLE_FP_CONFIG:
    VG_INFO(cl_device_fp_config, CL_FP_DENORM | CL_FP_INF_NAN | CL_FP_ROUND_TO_NEAREST | CL_FP_FMA |
                                     CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT);
  /* Round to zero and to infinity too: the conversion builtins' _rtz, _rtp and _rtn forms round
   * doubles in each mode (OpenCL C 6.4.2), and the CTS's min_max_double_fp_config asks for the
   * OpenCL 1.0 minimum of cl_khr_fp64, which has them. */
  case CL_DEVICE_DOUBLE_FP_CONFIG:
    VG_INFO(cl_device_fp_config, CL_FP_DENORM | CL_FP_INF_NAN | CL_FP_ROUND_TO_NEAREST | CL_FP_ROUND_TO_ZERO |
                                     CL_FP_ROUND_TO_INF | CL_FP_FMA);
  /* cl_khr_fp16: every half operation is the exact float (fma: double) operation rounded once to
   * nearest, subnormals kept (compiler/lib/math_half.cl); no directed-rounding arithmetic. */
  case CL_DEVICE_HALF_FP_CONFIG:
    VG_INFO(cl_device_fp_config, CL_FP_DENORM | CL_FP_INF_NAN | CL_FP_ROUND_TO_NEAREST | CL_FP_FMA);

  /* Memory. */
  case CL_DEVICE_GLOBAL_MEM_SIZE: VG_INFO(cl_ulong, d->global_mem);
  case CL_DEVICE_MAX_MEM_ALLOC_SIZE: VG_INFO(cl_ulong, d->max_alloc);
  /* Global memory is modelled without a cache: every access is a memory transaction. */
  case CL_DEVICE_GLOBAL_MEM_CACHE_TYPE: VG_INFO(cl_device_mem_cache_type, CL_NONE);
  case CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE: VG_INFO(cl_uint, 0);
  case CL_DEVICE_GLOBAL_MEM_CACHE_SIZE: VG_INFO(cl_ulong, 0);
  case CL_DEVICE_LOCAL_MEM_TYPE: VG_INFO(cl_device_local_mem_type, CL_LOCAL);
  case CL_DEVICE_LOCAL_MEM_SIZE: VG_INFO(cl_ulong, d->local_mem);
  case CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE: VG_INFO(cl_ulong, VGPU_MAX_CONSTANT_BUFFER_SIZE);
  case CL_DEVICE_MAX_CONSTANT_ARGS: VG_INFO(cl_uint, VGPU_MAX_CONSTANT_ARGS);
  case CL_DEVICE_MEM_BASE_ADDR_ALIGN: VG_INFO(cl_uint, VGPU_MEM_BASE_ADDR_ALIGN);
  case CL_DEVICE_MIN_DATA_TYPE_ALIGN_SIZE: VG_INFO(cl_uint, VGPU_MEM_BASE_ADDR_ALIGN / 8);
  /* The arena is not the host's address space: buffers live at device offsets. */
  case CL_DEVICE_HOST_UNIFIED_MEMORY: VG_INFO(cl_bool, CL_FALSE);
  /* __opencl_c_program_scope_global_variables: at least 64 KiB (OpenCL 3.0 table 4.3). */
  case CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE: VG_INFO(size_t, 64u << 10);
  case CL_DEVICE_GLOBAL_VARIABLE_PREFERRED_TOTAL_SIZE: VG_INFO(size_t, 64u << 10);
  /* 0: natural alignment suffices for atomics. */
  case CL_DEVICE_PREFERRED_PLATFORM_ATOMIC_ALIGNMENT:
  case CL_DEVICE_PREFERRED_GLOBAL_ATOMIC_ALIGNMENT:
  case CL_DEVICE_PREFERRED_LOCAL_ATOMIC_ALIGNMENT: VG_INFO(cl_uint, 0);
  /* Consistent with the __opencl_c_atomic_* features of device_caps.h. */
  case CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES:
    VG_INFO(cl_device_atomic_capabilities,
            CL_DEVICE_ATOMIC_ORDER_RELAXED | CL_DEVICE_ATOMIC_ORDER_ACQ_REL | CL_DEVICE_ATOMIC_ORDER_SEQ_CST |
                CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP | CL_DEVICE_ATOMIC_SCOPE_DEVICE |
                CL_DEVICE_ATOMIC_SCOPE_ALL_DEVICES);
  case CL_DEVICE_ATOMIC_FENCE_CAPABILITIES:
    VG_INFO(cl_device_atomic_capabilities,
            CL_DEVICE_ATOMIC_ORDER_RELAXED | CL_DEVICE_ATOMIC_ORDER_ACQ_REL | CL_DEVICE_ATOMIC_ORDER_SEQ_CST |
                CL_DEVICE_ATOMIC_SCOPE_WORK_ITEM | CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP |
                CL_DEVICE_ATOMIC_SCOPE_DEVICE | CL_DEVICE_ATOMIC_SCOPE_ALL_DEVICES);

  /* Images (vgpu/device_caps.h: VGPU_IMAGE_SUPPORT, or VGPU_IMAGES=1 while experimental): with
   * them, the limits of table 4.3; without, 0 everywhere. */
  case CL_DEVICE_IMAGE_SUPPORT: VG_INFO(cl_bool, images ? CL_TRUE : CL_FALSE);
  case CL_DEVICE_MAX_READ_IMAGE_ARGS: VG_INFO(cl_uint, images ? VGPU_MAX_READ_IMAGE_ARGS : 0);
  case CL_DEVICE_MAX_WRITE_IMAGE_ARGS: VG_INFO(cl_uint, images ? VGPU_MAX_WRITE_IMAGE_ARGS : 0);
  case CL_DEVICE_MAX_READ_WRITE_IMAGE_ARGS: VG_INFO(cl_uint, images ? VGPU_MAX_READ_WRITE_IMAGE_ARGS : 0);
  case CL_DEVICE_MAX_SAMPLERS: VG_INFO(cl_uint, images ? VGPU_MAX_SAMPLERS : 0);
  case CL_DEVICE_IMAGE_PITCH_ALIGNMENT: VG_INFO(cl_uint, images ? VGPU_IMAGE_PITCH_ALIGNMENT : 0);
  case CL_DEVICE_IMAGE_BASE_ADDRESS_ALIGNMENT: VG_INFO(cl_uint, images ? VGPU_IMAGE_BASE_ADDRESS_ALIGNMENT : 0);
  case CL_DEVICE_IMAGE2D_MAX_WIDTH:
  case CL_DEVICE_IMAGE2D_MAX_HEIGHT: VG_INFO(size_t, images ? VGPU_IMAGE2D_MAX : 0);
  case CL_DEVICE_IMAGE3D_MAX_WIDTH:
  case CL_DEVICE_IMAGE3D_MAX_HEIGHT:
  case CL_DEVICE_IMAGE3D_MAX_DEPTH: VG_INFO(size_t, images ? VGPU_IMAGE3D_MAX : 0);
  case CL_DEVICE_IMAGE_MAX_BUFFER_SIZE: VG_INFO(size_t, images ? VGPU_IMAGE_MAX_BUFFER : 0);
  case CL_DEVICE_IMAGE_MAX_ARRAY_SIZE: VG_INFO(size_t, images ? VGPU_IMAGE_MAX_ARRAY : 0);
  /* Pipes (vgpu/device_caps.h, docs/pipes.md): at least the minimums of table 4.3. */
  case CL_DEVICE_PIPE_SUPPORT: VG_INFO(cl_bool, VGPU_PIPE_SUPPORT ? CL_TRUE : CL_FALSE);
  case CL_DEVICE_MAX_PIPE_ARGS: VG_INFO(cl_uint, VGPU_MAX_PIPE_ARGS);
  case CL_DEVICE_PIPE_MAX_ACTIVE_RESERVATIONS: VG_INFO(cl_uint, VGPU_PIPE_MAX_ACTIVE_RESERVATIONS);
  case CL_DEVICE_PIPE_MAX_PACKET_SIZE: VG_INFO(cl_uint, VGPU_PIPE_MAX_PACKET_SIZE);
  /* No SVM. */
  case CL_DEVICE_SVM_CAPABILITIES: VG_INFO(cl_device_svm_capabilities, 0);
  /* Device-side enqueue (__opencl_c_device_enqueue; runtime/device_queue.c): device queues with a
   * replaceable default (clSetDefaultDeviceCommandQueue). */
  case CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES:
    VG_INFO(cl_device_device_enqueue_capabilities, CL_DEVICE_QUEUE_SUPPORTED | CL_DEVICE_QUEUE_REPLACEABLE_DEFAULT);
  case CL_DEVICE_QUEUE_ON_DEVICE_PROPERTIES:
    VG_INFO(cl_command_queue_properties, CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE | CL_QUEUE_PROFILING_ENABLE);
  case CL_DEVICE_QUEUE_ON_DEVICE_PREFERRED_SIZE: VG_INFO(cl_uint, VGPU_DEVQ_PREFERRED_SIZE);
  case CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE: VG_INFO(cl_uint, VGPU_DEVQ_MAX_SIZE);
  case CL_DEVICE_MAX_ON_DEVICE_QUEUES: VG_INFO(cl_uint, VGPU_DEVQ_MAX_QUEUES);
  case CL_DEVICE_MAX_ON_DEVICE_EVENTS: VG_INFO(cl_uint, VGPU_DEVQ_MAX_EVENTS);

  /* A root device that cannot be partitioned (OpenCL 3.0 section 4.3). */
  case CL_DEVICE_PARENT_DEVICE: VG_INFO(cl_device_id, NULL);
  case CL_DEVICE_PARTITION_MAX_SUB_DEVICES: VG_INFO(cl_uint, 0);
  case CL_DEVICE_PARTITION_PROPERTIES:
  case CL_DEVICE_PARTITION_TYPE: VG_INFO(cl_device_partition_property, 0);
  case CL_DEVICE_PARTITION_AFFINITY_DOMAIN: VG_INFO(cl_device_affinity_domain, 0);
  default: break;
  }
  VG_RETURN_IF(1, CL_INVALID_VALUE, "unknown param_name");
}

cl_int clCreateSubDevices(cl_device_id in_device, const cl_device_partition_property *properties,
                          cl_uint num_devices, cl_device_id *out_devices, cl_uint *num_devices_ret) {
  (void)properties, (void)num_devices, (void)out_devices, (void)num_devices_ret;
  VG_RETURN_IF(!vgpu_device_valid(in_device), CL_INVALID_DEVICE, "not a VirtualGPU device");
  /* CL_DEVICE_PARTITION_PROPERTIES is {0}: "CL_INVALID_VALUE if values specified in properties
   * are not valid or if values specified in properties are valid but not supported by the device". */
  VG_RETURN_IF(1, CL_INVALID_VALUE, "the device supports no partition type");
}

/* Root devices: "clRetainDevice/clReleaseDevice ... returns CL_SUCCESS ... the reference count is
 * not changed" for a root-level device. */
cl_int clRetainDevice(cl_device_id device) {
  VG_RETURN_IF(!vgpu_device_valid(device), CL_INVALID_DEVICE, "not a VirtualGPU device");
  return CL_SUCCESS;
}

cl_int clReleaseDevice(cl_device_id device) {
  VG_RETURN_IF(!vgpu_device_valid(device), CL_INVALID_DEVICE, "not a VirtualGPU device");
  return CL_SUCCESS;
}

/* Device and host share CLOCK_MONOTONIC (SM processes run on the host), so one reading answers both. */
cl_int clGetDeviceAndHostTimer(cl_device_id device, cl_ulong *device_timestamp, cl_ulong *host_timestamp) {
  VG_RETURN_IF(!vgpu_device_valid(device), CL_INVALID_DEVICE, "not a VirtualGPU device");
  VG_RETURN_IF(!device_timestamp || !host_timestamp, CL_INVALID_VALUE, "NULL timestamp pointer");
  *device_timestamp = *host_timestamp = vgpu_host_time_ns();
  return CL_SUCCESS;
}

cl_int clGetHostTimer(cl_device_id device, cl_ulong *host_timestamp) {
  VG_RETURN_IF(!vgpu_device_valid(device), CL_INVALID_DEVICE, "not a VirtualGPU device");
  VG_RETURN_IF(!host_timestamp, CL_INVALID_VALUE, "host_timestamp is NULL");
  *host_timestamp = vgpu_host_time_ns();
  return CL_SUCCESS;
}
