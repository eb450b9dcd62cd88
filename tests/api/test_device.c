/* test_device.c - clGetDeviceIDs / clGetDeviceInfo / sub-devices / device retain-release:
 * every OpenCL 3.0 query answered with the size of its type, values consistent with each other
 * and with the configuration (VGPU_*), and the specification's error codes.  The program re-runs
 * itself with VGPU_DEVICES=3 and other settings to check that the configuration reaches the device. */
#include <CL/cl_ext.h>
#include <unistd.h>
#include "testlib.h"

/* Every clGetDeviceInfo query of OpenCL 3.0 with its value size (0: variable-size array/string). */
static const struct { cl_device_info param; size_t size; const char *name; } queries[] = {
#define Q(p, t) {p, sizeof(t), #p}
#define V(p) {p, 0, #p}
  Q(CL_DEVICE_TYPE, cl_device_type), Q(CL_DEVICE_VENDOR_ID, cl_uint), Q(CL_DEVICE_MAX_COMPUTE_UNITS, cl_uint),
  Q(CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS, cl_uint), Q(CL_DEVICE_MAX_WORK_GROUP_SIZE, size_t),
  V(CL_DEVICE_MAX_WORK_ITEM_SIZES), Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_CHAR, cl_uint),
  Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_SHORT, cl_uint), Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_INT, cl_uint),
  Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_LONG, cl_uint), Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT, cl_uint),
  Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE, cl_uint), Q(CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF, cl_uint),
  Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_CHAR, cl_uint), Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_SHORT, cl_uint),
  Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_INT, cl_uint), Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_LONG, cl_uint),
  Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT, cl_uint), Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_DOUBLE, cl_uint),
  Q(CL_DEVICE_NATIVE_VECTOR_WIDTH_HALF, cl_uint), Q(CL_DEVICE_MAX_CLOCK_FREQUENCY, cl_uint),
  Q(CL_DEVICE_ADDRESS_BITS, cl_uint), Q(CL_DEVICE_MAX_MEM_ALLOC_SIZE, cl_ulong),
  Q(CL_DEVICE_IMAGE_SUPPORT, cl_bool), Q(CL_DEVICE_MAX_READ_IMAGE_ARGS, cl_uint),
  Q(CL_DEVICE_MAX_WRITE_IMAGE_ARGS, cl_uint), Q(CL_DEVICE_MAX_READ_WRITE_IMAGE_ARGS, cl_uint),
  Q(CL_DEVICE_IMAGE2D_MAX_WIDTH, size_t), Q(CL_DEVICE_IMAGE2D_MAX_HEIGHT, size_t),
  Q(CL_DEVICE_IMAGE3D_MAX_WIDTH, size_t), Q(CL_DEVICE_IMAGE3D_MAX_HEIGHT, size_t),
  Q(CL_DEVICE_IMAGE3D_MAX_DEPTH, size_t), Q(CL_DEVICE_IMAGE_MAX_BUFFER_SIZE, size_t),
  Q(CL_DEVICE_IMAGE_MAX_ARRAY_SIZE, size_t), Q(CL_DEVICE_MAX_SAMPLERS, cl_uint),
  Q(CL_DEVICE_IMAGE_PITCH_ALIGNMENT, cl_uint), Q(CL_DEVICE_IMAGE_BASE_ADDRESS_ALIGNMENT, cl_uint),
  Q(CL_DEVICE_MAX_PIPE_ARGS, cl_uint), Q(CL_DEVICE_PIPE_MAX_ACTIVE_RESERVATIONS, cl_uint),
  Q(CL_DEVICE_PIPE_MAX_PACKET_SIZE, cl_uint), Q(CL_DEVICE_MAX_PARAMETER_SIZE, size_t),
  Q(CL_DEVICE_MEM_BASE_ADDR_ALIGN, cl_uint), Q(CL_DEVICE_MIN_DATA_TYPE_ALIGN_SIZE, cl_uint),
  Q(CL_DEVICE_SINGLE_FP_CONFIG, cl_device_fp_config), Q(CL_DEVICE_DOUBLE_FP_CONFIG, cl_device_fp_config),
  Q(CL_DEVICE_GLOBAL_MEM_CACHE_TYPE, cl_device_mem_cache_type), Q(CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE, cl_uint),
  Q(CL_DEVICE_GLOBAL_MEM_CACHE_SIZE, cl_ulong), Q(CL_DEVICE_GLOBAL_MEM_SIZE, cl_ulong),
  Q(CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE, cl_ulong), Q(CL_DEVICE_MAX_CONSTANT_ARGS, cl_uint),
  Q(CL_DEVICE_MAX_GLOBAL_VARIABLE_SIZE, size_t), Q(CL_DEVICE_GLOBAL_VARIABLE_PREFERRED_TOTAL_SIZE, size_t),
  Q(CL_DEVICE_LOCAL_MEM_TYPE, cl_device_local_mem_type), Q(CL_DEVICE_LOCAL_MEM_SIZE, cl_ulong),
  Q(CL_DEVICE_ERROR_CORRECTION_SUPPORT, cl_bool), Q(CL_DEVICE_HOST_UNIFIED_MEMORY, cl_bool),
  Q(CL_DEVICE_PROFILING_TIMER_RESOLUTION, size_t), Q(CL_DEVICE_ENDIAN_LITTLE, cl_bool),
  Q(CL_DEVICE_AVAILABLE, cl_bool), Q(CL_DEVICE_COMPILER_AVAILABLE, cl_bool), Q(CL_DEVICE_LINKER_AVAILABLE, cl_bool),
  Q(CL_DEVICE_EXECUTION_CAPABILITIES, cl_device_exec_capabilities),
  Q(CL_DEVICE_QUEUE_PROPERTIES, cl_command_queue_properties),
  Q(CL_DEVICE_QUEUE_ON_HOST_PROPERTIES, cl_command_queue_properties),
  Q(CL_DEVICE_QUEUE_ON_DEVICE_PROPERTIES, cl_command_queue_properties),
  Q(CL_DEVICE_QUEUE_ON_DEVICE_PREFERRED_SIZE, cl_uint), Q(CL_DEVICE_QUEUE_ON_DEVICE_MAX_SIZE, cl_uint),
  Q(CL_DEVICE_MAX_ON_DEVICE_QUEUES, cl_uint), Q(CL_DEVICE_MAX_ON_DEVICE_EVENTS, cl_uint),
  V(CL_DEVICE_BUILT_IN_KERNELS), Q(CL_DEVICE_PLATFORM, cl_platform_id), V(CL_DEVICE_NAME), V(CL_DEVICE_VENDOR),
  V(CL_DRIVER_VERSION), V(CL_DEVICE_PROFILE), V(CL_DEVICE_VERSION), V(CL_DEVICE_OPENCL_C_VERSION),
  V(CL_DEVICE_EXTENSIONS), Q(CL_DEVICE_PRINTF_BUFFER_SIZE, size_t), Q(CL_DEVICE_PREFERRED_INTEROP_USER_SYNC, cl_bool),
  Q(CL_DEVICE_PARENT_DEVICE, cl_device_id), Q(CL_DEVICE_PARTITION_MAX_SUB_DEVICES, cl_uint),
  V(CL_DEVICE_PARTITION_PROPERTIES), Q(CL_DEVICE_PARTITION_AFFINITY_DOMAIN, cl_device_affinity_domain),
  V(CL_DEVICE_PARTITION_TYPE), Q(CL_DEVICE_REFERENCE_COUNT, cl_uint),
  Q(CL_DEVICE_SVM_CAPABILITIES, cl_device_svm_capabilities),
  Q(CL_DEVICE_PREFERRED_PLATFORM_ATOMIC_ALIGNMENT, cl_uint), Q(CL_DEVICE_PREFERRED_GLOBAL_ATOMIC_ALIGNMENT, cl_uint),
  Q(CL_DEVICE_PREFERRED_LOCAL_ATOMIC_ALIGNMENT, cl_uint), Q(CL_DEVICE_MAX_NUM_SUB_GROUPS, cl_uint),
  Q(CL_DEVICE_SUB_GROUP_INDEPENDENT_FORWARD_PROGRESS, cl_bool), V(CL_DEVICE_IL_VERSION),
  V(CL_DEVICE_ILS_WITH_VERSION), V(CL_DEVICE_BUILT_IN_KERNELS_WITH_VERSION),
  Q(CL_DEVICE_NUMERIC_VERSION, cl_version), V(CL_DEVICE_OPENCL_C_ALL_VERSIONS), V(CL_DEVICE_OPENCL_C_FEATURES),
  V(CL_DEVICE_EXTENSIONS_WITH_VERSION),
  Q(CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES, cl_device_atomic_capabilities),
  Q(CL_DEVICE_ATOMIC_FENCE_CAPABILITIES, cl_device_atomic_capabilities),
  Q(CL_DEVICE_NON_UNIFORM_WORK_GROUP_SUPPORT, cl_bool), Q(CL_DEVICE_WORK_GROUP_COLLECTIVE_FUNCTIONS_SUPPORT, cl_bool),
  Q(CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT, cl_bool),
  Q(CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES, cl_device_device_enqueue_capabilities),
  Q(CL_DEVICE_PIPE_SUPPORT, cl_bool), Q(CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, size_t),
  V(CL_DEVICE_LATEST_CONFORMANCE_VERSION_PASSED),
#undef Q
#undef V
};

#define GET(dev, param, var) CHECK_OK(clGetDeviceInfo(dev, param, sizeof(var), &(var), NULL))

static char *dev_string(cl_device_id d, cl_device_info param) {
  size_t size = 0;
  if (clGetDeviceInfo(d, param, 0, NULL, &size) != CL_SUCCESS) return NULL;
  char *s = calloc(1, size + 1);
  if (clGetDeviceInfo(d, param, size, s, NULL) != CL_SUCCESS) { free(s); return NULL; }
  return s;
}

/* True when the space-separated list has the word. */
static int has_word(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)); p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) return 1;
  return 0;
}

/* In the run with invalid settings, every value must be the default. */
static int expect_defaults;

static unsigned long long env_or(const char *name, unsigned long long dflt) {
  const char *v = expect_defaults ? NULL : getenv(name);
  return v && *v ? strtoull(v, NULL, 10) : dflt;
}

static void check_every_query(cl_device_id d) {
  for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
    size_t size = 12345;
    cl_int err = clGetDeviceInfo(d, queries[i].param, 0, NULL, &size);
    if (!vt_check_err(err, CL_SUCCESS, queries[i].name, __FILE__, __LINE__)) continue;
    if (queries[i].size) {
      if (size != queries[i].size) fprintf(stderr, "%s: size %zu, expected %zu\n", queries[i].name, size, queries[i].size);
      CHECK(size == queries[i].size);
    }
    unsigned char buf[8192];
    if (size > sizeof buf) continue;
    size_t size2 = 0;
    CHECK_OK(clGetDeviceInfo(d, queries[i].param, size, buf, &size2));
    CHECK(size2 == size);
    /* "CL_INVALID_VALUE if ... size in bytes specified by param_value_size is < size of return type". */
    if (size > 0) CHECK_ERR(clGetDeviceInfo(d, queries[i].param, size - 1, buf, NULL), CL_INVALID_VALUE);
  }
}

static void check_values(cl_device_id d, cl_platform_id p) {
  cl_device_type type;
  GET(d, CL_DEVICE_TYPE, type);
  CHECK(type == CL_DEVICE_TYPE_GPU);
  cl_platform_id dp;
  GET(d, CL_DEVICE_PLATFORM, dp);
  CHECK(dp == p);
  /* vYYYY-MM-DD-XX with a real month (01-12) and day (01-31), as the CTS's conformance_version
   * checks it (s4.2). */
  char conf[32] = "";
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_LATEST_CONFORMANCE_VERSION_PASSED, sizeof conf, conf, NULL));
  unsigned yy, mm, dd, xx;
  char tail;
  CHECK(strlen(conf) == 14 && sscanf(conf, "v%4u-%2u-%2u-%2u%c", &yy, &mm, &dd, &xx, &tail) == 4 &&
        mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31);

  cl_uint cu, dims, addr_bits, align_bits;
  size_t wg, sizes[3], multiple, printf_size, param_size;
  cl_ulong global, local, max_alloc, constant;
  GET(d, CL_DEVICE_MAX_COMPUTE_UNITS, cu);
  CHECK(cu == env_or("VGPU_SMS", 2));
  GET(d, CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS, dims);
  CHECK(dims == 3);
  GET(d, CL_DEVICE_MAX_WORK_GROUP_SIZE, wg);
  CHECK(wg == 1024);
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_MAX_WORK_ITEM_SIZES, sizeof sizes, sizes, NULL));
  for (int i = 0; i < 3; i++) CHECK(sizes[i] >= 1 && sizes[i] <= wg);
  CHECK(sizes[0] == wg);
  GET(d, CL_DEVICE_PREFERRED_WORK_GROUP_SIZE_MULTIPLE, multiple);
  CHECK(multiple == env_or("VGPU_WARP_SIZE", 32));
  GET(d, CL_DEVICE_GLOBAL_MEM_SIZE, global);
  CHECK(global == env_or("VGPU_TEST_GLOBAL_BYTES", 1ull << 30));
  GET(d, CL_DEVICE_LOCAL_MEM_SIZE, local);
  CHECK(local == 64 * 1024);
  /* max(1/4 of global, 128 MiB), at most global (OpenCL 3.0 table 4.3). */
  GET(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE, max_alloc);
  cl_ulong want = global / 4 > (128ull << 20) ? global / 4 : (128ull << 20);
  if (want > global) want = global;
  CHECK(max_alloc == want);
  GET(d, CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE, constant);
  CHECK(constant >= 64 * 1024);
  GET(d, CL_DEVICE_ADDRESS_BITS, addr_bits);
  CHECK(addr_bits == 32 || addr_bits == 64);
  GET(d, CL_DEVICE_MEM_BASE_ADDR_ALIGN, align_bits);
  CHECK(align_bits >= 8 * 128); /* at least sizeof(long16) */
  GET(d, CL_DEVICE_PRINTF_BUFFER_SIZE, printf_size);
  CHECK(printf_size >= 1024 * 1024);
  GET(d, CL_DEVICE_MAX_PARAMETER_SIZE, param_size);
  CHECK(param_size >= 1024);

  /* Versions and strings. */
  char *version = dev_string(d, CL_DEVICE_VERSION), *profile = dev_string(d, CL_DEVICE_PROFILE);
  char *c_version = dev_string(d, CL_DEVICE_OPENCL_C_VERSION), *name = dev_string(d, CL_DEVICE_NAME);
  char *exts = dev_string(d, CL_DEVICE_EXTENSIONS), *il = dev_string(d, CL_DEVICE_IL_VERSION);
  CHECK(version && !strncmp(version, "OpenCL 3.0 ", 11));
  CHECK(profile && !strcmp(profile, "FULL_PROFILE"));
  CHECK(c_version && !strncmp(c_version, "OpenCL C 2.0 ", 13));
  CHECK(name && !strncmp(name, "VirtualGPU", 10));
  /* SPIR-V 1.0-1.3 with cl_khr_il_program when the translator is installed, else no IL at all
   * (tests/api/test_spirv.c checks both ways). */
  int has_il = exts && strstr(exts, "cl_khr_il_program") != NULL;
  CHECK(il && !strcmp(il, has_il ? "SPIR-V_1.0 SPIR-V_1.1 SPIR-V_1.2 SPIR-V_1.3 " : ""));
  cl_version nv;
  GET(d, CL_DEVICE_NUMERIC_VERSION, nv);
  CHECK(nv == CL_MAKE_VERSION(3, 0, 0));

  /* OpenCL C versions: 1.0, 1.1, 1.2 and 3.0. */
  cl_name_version cv[8];
  size_t size = 0;
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_OPENCL_C_ALL_VERSIONS, sizeof cv, cv, &size));
  CHECK(size == 5 * sizeof(cl_name_version));
  cl_version want_cv[5] = {CL_MAKE_VERSION(1, 0, 0), CL_MAKE_VERSION(1, 1, 0), CL_MAKE_VERSION(1, 2, 0),
                           CL_MAKE_VERSION(2, 0, 0), CL_MAKE_VERSION(3, 0, 0)};
  for (int i = 0; i < 5 && size == 5 * sizeof(cl_name_version); i++)
    CHECK(cv[i].version == want_cv[i] && !strcmp(cv[i].name, "OpenCL C"));

  /* Extensions: the string and the versioned list name the same extensions. */
  cl_name_version ev[64];
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_EXTENSIONS_WITH_VERSION, sizeof ev, ev, &size));
  size_t next = size / sizeof(cl_name_version), words = 0;
  for (size_t i = 0; i < next; i++) CHECK(exts && has_word(exts, ev[i].name));
  for (char *tok = exts ? strtok(exts, " ") : NULL; tok; tok = strtok(NULL, " ")) words++;
  free(exts);
  exts = dev_string(d, CL_DEVICE_EXTENSIONS);
  CHECK(words == next);
  CHECK(exts && has_word(exts, "cl_khr_fp64") && has_word(exts, "cl_khr_global_int32_base_atomics"));
  CHECK(exts && has_word(exts, "cl_khr_fp16") && has_word(exts, "cl_khr_3d_image_writes") &&
        has_word(exts, "cl_khr_image2d_from_buffer"));

  /* OpenCL C features agree with the extensions and the capabilities. */
  cl_name_version fv[64];
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_OPENCL_C_FEATURES, sizeof fv, fv, &size));
  size_t nf = size / sizeof(cl_name_version);
  int fp64 = 0, fp16 = 0, generic = 0, images = 0, pipes = 0, seq_cst = 0, all_devices = 0;
  for (size_t i = 0; i < nf; i++) {
    CHECK(fv[i].version == CL_MAKE_VERSION(3, 0, 0));
    fp64 |= !strcmp(fv[i].name, "__opencl_c_fp64");
    fp16 |= !strcmp(fv[i].name, "__opencl_c_fp16");
    generic |= !strcmp(fv[i].name, "__opencl_c_generic_address_space");
    images |= !strcmp(fv[i].name, "__opencl_c_images");
    pipes |= !strcmp(fv[i].name, "__opencl_c_pipes");
    seq_cst |= !strcmp(fv[i].name, "__opencl_c_atomic_order_seq_cst");
    all_devices |= !strcmp(fv[i].name, "__opencl_c_atomic_scope_all_devices");
  }
  CHECK(fp64 == has_word(exts, "cl_khr_fp64"));
  CHECK(fp16 && has_word(exts, "cl_khr_fp16"));
  CHECK(images && pipes);
  cl_bool b;
  GET(d, CL_DEVICE_GENERIC_ADDRESS_SPACE_SUPPORT, b);
  CHECK(b == (cl_bool)generic);
  cl_device_atomic_capabilities ac;
  GET(d, CL_DEVICE_ATOMIC_MEMORY_CAPABILITIES, ac);
  CHECK((ac & (CL_DEVICE_ATOMIC_ORDER_RELAXED | CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP)) ==
        (CL_DEVICE_ATOMIC_ORDER_RELAXED | CL_DEVICE_ATOMIC_SCOPE_WORK_GROUP));
  CHECK(!!(ac & CL_DEVICE_ATOMIC_ORDER_SEQ_CST) == seq_cst);
  CHECK(!!(ac & CL_DEVICE_ATOMIC_SCOPE_ALL_DEVICES) == all_devices);

  /* Floating point: the minimum of table 4.3, correctly rounded divide/sqrt, full fp64. */
  cl_device_fp_config sf, df;
  GET(d, CL_DEVICE_SINGLE_FP_CONFIG, sf);
  CHECK((sf & (CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN)) == (CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN));
  CHECK(sf & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT);
  GET(d, CL_DEVICE_DOUBLE_FP_CONFIG, df);
  /* the cl_khr_fp64 minimum of OpenCL 1.0, which the CTS's min_max_double_fp_config checks */
  cl_device_fp_config dmin = CL_FP_FMA | CL_FP_ROUND_TO_NEAREST | CL_FP_ROUND_TO_ZERO | CL_FP_ROUND_TO_INF |
                             CL_FP_INF_NAN | CL_FP_DENORM;
  CHECK((df & dmin) == dmin);
  /* Half precision (cl_khr_fp16): round to nearest with infinities, NaNs, subnormals and a
   * correctly rounded fma; one half per vector lane. */
  cl_device_fp_config hf;
  cl_uint u;
  GET(d, CL_DEVICE_HALF_FP_CONFIG, hf);
  CHECK(hf == (CL_FP_ROUND_TO_NEAREST | CL_FP_INF_NAN | CL_FP_DENORM | CL_FP_FMA));
  GET(d, CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF, u);
  CHECK(u == 1);
  GET(d, CL_DEVICE_NATIVE_VECTOR_WIDTH_HALF, u);
  CHECK(u == 1);

  /* Images and samplers (the minimums of table 4.3, more in api/test_image); pipes (the
   * minimums too, more in api/test_pipe); no SVM or device-side enqueue. */
  GET(d, CL_DEVICE_AVAILABLE, b);
  CHECK(b == CL_TRUE);
  GET(d, CL_DEVICE_IMAGE_SUPPORT, b);
  CHECK(b == CL_TRUE);
  GET(d, CL_DEVICE_MAX_SAMPLERS, u);
  CHECK(u >= 16);
  GET(d, CL_DEVICE_MAX_READ_IMAGE_ARGS, u);
  CHECK(u >= 128);
  cl_device_svm_capabilities svm;
  GET(d, CL_DEVICE_SVM_CAPABILITIES, svm);
  CHECK(svm == 0);
  GET(d, CL_DEVICE_PIPE_SUPPORT, b);
  CHECK(b == CL_TRUE);
  GET(d, CL_DEVICE_MAX_PIPE_ARGS, u);
  CHECK(u >= 16);
  GET(d, CL_DEVICE_PIPE_MAX_ACTIVE_RESERVATIONS, u);
  CHECK(u >= 1);
  GET(d, CL_DEVICE_PIPE_MAX_PACKET_SIZE, u);
  CHECK(u >= 1024);
  cl_device_device_enqueue_capabilities dec;
  GET(d, CL_DEVICE_DEVICE_ENQUEUE_CAPABILITIES, dec);
  CHECK(dec == (CL_DEVICE_QUEUE_SUPPORTED | CL_DEVICE_QUEUE_REPLACEABLE_DEFAULT)); /* tests/kernels/test_device_enqueue.c */
  GET(d, CL_DEVICE_MAX_NUM_SUB_GROUPS, u);
  CHECK(u >= 1); /* sub-groups are warps: tests/kernels/test_subgroups.c */
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_ILS_WITH_VERSION, 0, NULL, &size));
  CHECK(size == (has_il ? 4 * sizeof(cl_name_version) : 0));

  /* Queues: profiling and out-of-order on the host; the 1.x name answers the same. */
  cl_command_queue_properties qp, qp_old;
  GET(d, CL_DEVICE_QUEUE_ON_HOST_PROPERTIES, qp);
  GET(d, CL_DEVICE_QUEUE_PROPERTIES, qp_old);
  CHECK(qp == qp_old && (qp & CL_QUEUE_PROFILING_ENABLE));

  /* A root device that cannot be partitioned. */
  cl_device_id parent = (cl_device_id)1;
  GET(d, CL_DEVICE_PARENT_DEVICE, parent);
  CHECK(parent == NULL);
  GET(d, CL_DEVICE_PARTITION_MAX_SUB_DEVICES, u);
  CHECK(u == 0);
  cl_device_partition_property pp[4] = {1, 1, 1, 1};
  CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_PARTITION_PROPERTIES, sizeof pp, pp, &size));
  CHECK(size >= sizeof(cl_device_partition_property) && pp[0] == 0);
  cl_device_partition_property equally[] = {CL_DEVICE_PARTITION_EQUALLY, 1, 0};
  cl_device_id sub[4];
  cl_uint nsub = 0;
  CHECK_ERR(clCreateSubDevices(d, equally, 4, sub, &nsub), CL_INVALID_VALUE);
  CHECK_ERR(clCreateSubDevices(d, NULL, 4, sub, &nsub), CL_INVALID_VALUE);
  CHECK_ERR(clCreateSubDevices((cl_device_id)p, equally, 4, sub, &nsub), CL_INVALID_DEVICE);
  GET(d, CL_DEVICE_REFERENCE_COUNT, u);
  CHECK(u == 1);
  CHECK_OK(clRetainDevice(d));
  CHECK_OK(clReleaseDevice(d));
  GET(d, CL_DEVICE_REFERENCE_COUNT, u);
  CHECK(u == 1);
  free(version), free(profile), free(c_version), free(name), free(exts), free(il);
}

static void check_errors(cl_platform_id p, cl_device_id d) {
  cl_uint n;
  cl_device_id devs[4];
  char buf[64];
  CHECK_ERR(clGetDeviceIDs(p, CL_DEVICE_TYPE_CPU, 4, devs, &n), CL_DEVICE_NOT_FOUND);
  CHECK_ERR(clGetDeviceIDs(p, CL_DEVICE_TYPE_ACCELERATOR, 4, devs, &n), CL_DEVICE_NOT_FOUND);
  CHECK_ERR(clGetDeviceIDs(p, (cl_device_type)1 << 40, 4, devs, &n), CL_INVALID_DEVICE_TYPE);
  CHECK_ERR(clGetDeviceIDs(p, 0, 4, devs, &n), CL_INVALID_DEVICE_TYPE);
  CHECK_ERR(clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, devs, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 1, NULL, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetDeviceIDs((cl_platform_id)d, CL_DEVICE_TYPE_ALL, 4, devs, &n), CL_INVALID_PLATFORM);
  CHECK_ERR(clGetDeviceInfo(d, 0x7777, sizeof buf, buf, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetDeviceInfo(d, CL_PLATFORM_NAME, sizeof buf, buf, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetDeviceInfo((cl_device_id)p, CL_DEVICE_NAME, sizeof buf, buf, NULL), CL_INVALID_DEVICE);
  CHECK_ERR(clGetDeviceInfo(d, CL_DEVICE_NAME, 2, buf, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetDeviceInfo(NULL, CL_DEVICE_NAME, sizeof buf, buf, NULL), CL_INVALID_DEVICE);
  CHECK_ERR(clRetainDevice(NULL), CL_INVALID_DEVICE);
  CHECK_ERR(clCreateSubDevices(NULL, NULL, 0, NULL, &n), CL_INVALID_DEVICE);
  CHECK_ERR(clRetainDevice((cl_device_id)p), CL_INVALID_DEVICE);
  CHECK_ERR(clReleaseDevice((cl_device_id)p), CL_INVALID_DEVICE);
}

int main(int argc, char **argv) {
  expect_defaults = argc > 1 && !strcmp(argv[1], "child-defaults");
  if (argc > 1 && !strcmp(argv[1], "child-unavailable")) {
    /* Run with an address-space limit smaller than VGPU_GLOBAL_MEM: the arena cannot be mapped,
     * so the device says it is not available and contexts on it fail cleanly. */
    cl_device_id d = vt_device();
    cl_bool avail = CL_TRUE;
    CHECK_OK(clGetDeviceInfo(d, CL_DEVICE_AVAILABLE, sizeof avail, &avail, NULL));
    CHECK(avail == CL_FALSE);
    cl_int err = 0;
    CHECK(clCreateContext(NULL, 1, &d, NULL, NULL, &err) == NULL);
    CHECK_ERR(err, CL_DEVICE_NOT_AVAILABLE);
    cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)vt_platform(), 0};
    CHECK(clCreateContextFromType(props, CL_DEVICE_TYPE_GPU, NULL, NULL, &err) == NULL);
    CHECK_ERR(err, CL_DEVICE_NOT_AVAILABLE);
    return vt_finish();
  }
  cl_platform_id p = vt_platform();
  cl_uint n = 0;
  CHECK_OK(clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, NULL, &n));
  CHECK(n == env_or("VGPU_DEVICES", 1));
  cl_device_id devs[16];
  cl_uint got = 0;
  CHECK_OK(clGetDeviceIDs(p, CL_DEVICE_TYPE_GPU, 16, devs, &got));
  CHECK(got == n);
  cl_device_id def;
  CHECK_OK(clGetDeviceIDs(p, CL_DEVICE_TYPE_DEFAULT, 1, &def, &got));
  CHECK(got == 1 && def == devs[0]);
  /* num_entries smaller than the count: fills what fits, reports all. */
  cl_device_id one = NULL;
  CHECK_OK(clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 1, &one, &got));
  CHECK(one == devs[0] && got == n);

  for (cl_uint i = 0; i < n && i < 16; i++) {
    check_every_query(devs[i]);
    check_values(devs[i], p);
    /* Distinct devices have distinct names. */
    for (cl_uint j = 0; j < i; j++) {
      char a[64], b[64];
      clGetDeviceInfo(devs[i], CL_DEVICE_NAME, sizeof a, a, NULL);
      clGetDeviceInfo(devs[j], CL_DEVICE_NAME, sizeof b, b, NULL);
      CHECK(devs[i] != devs[j] && strcmp(a, b) != 0);
    }
  }
  check_errors(p, devs[0]);

  /* The configuration reaches the devices: run again with other settings (read at first use, so a
   * fresh process), and with an invalid value that must fall back to the default. */
  if (argc == 1) {
    const char *runs[][5] = {
      {"VGPU_DEVICES=3", "VGPU_SMS=5", "VGPU_WARP_SIZE=16", "VGPU_GLOBAL_MEM=512M", "VGPU_TEST_GLOBAL_BYTES=536870912"},
      {"VGPU_DEVICES=2", "VGPU_SMS=3", "VGPU_WARP_SIZE=64", "VGPU_GLOBAL_MEM=2G", "VGPU_TEST_GLOBAL_BYTES=2147483648"},
    };
    for (int r = 0; r < 2; r++) {
      char cmd[1024];
      snprintf(cmd, sizeof cmd, "env %s %s %s %s %s '%s' child", runs[r][0], runs[r][1], runs[r][2],
               runs[r][3], runs[r][4], argv[0]);
      int status = system(cmd);
      if (status != 0) fprintf(stderr, "re-run with %s %s failed\n", runs[r][0], runs[r][3]);
      CHECK(status == 0);
    }
    /* Invalid values: logged, defaults kept (the child checks 1 device, 2 SMs, warp 32, 1 GiB). */
    char cmd[1024], line[512];
    snprintf(cmd, sizeof cmd, "env -u VGPU_DEVICES -u VGPU_SMS VGPU_LOG=warn VGPU_GLOBAL_MEM=lots "
             "VGPU_WARP_SIZE=33 '%s' child-defaults 2>&1", argv[0]);
    FILE *f = popen(cmd, "r");
    int saw_mem = 0, saw_warp = 0;
    while (f && fgets(line, sizeof line, f)) {
      saw_mem |= strstr(line, "vgpu: warn: VGPU_GLOBAL_MEM=lots") != NULL;
      saw_warp |= strstr(line, "vgpu: warn: VGPU_WARP_SIZE=33") != NULL;
      if (strstr(line, "check failed")) fputs(line, stderr);
    }
    CHECK(f && pclose(f) == 0);
    CHECK(saw_mem && saw_warp); /* each invalid value is reported, once */
    /* A device whose global memory cannot be mapped is listed but not available.  (Not under
     * AddressSanitizer: its shadow memory alone exceeds any `ulimit -v`.) */
#ifndef __SANITIZE_ADDRESS__
    snprintf(cmd, sizeof cmd, "ulimit -v 3000000 && exec env VGPU_DEVICES=1 VGPU_GLOBAL_MEM=8G '%s' child-unavailable 2>/dev/null",
             argv[0]);
    CHECK(system(cmd) == 0);
#endif
    /* VGPU_LOG=info shows every setting as parsed, including those clinfo cannot show. */
    snprintf(cmd, sizeof cmd, "env -u VGPU_DEVICES -u VGPU_SMS VGPU_LOG=info VGPU_WATCHDOG=12.5 VGPU_CACHE=off "
             "VGPU_COUNTERS=yes VGPU_TRACE=/tmp/t.trace '%s' child-defaults 2>&1", argv[0]);
    f = popen(cmd, "r");
    int saw_config = 0;
    while (f && fgets(line, sizeof line, f))
      if (strstr(line, "vgpu: info: configuration: VGPU_DEVICES=1 VGPU_SMS=2 VGPU_WARP_SIZE=32 ") &&
          strstr(line, " VGPU_WATCHDOG=12.5 VGPU_COUNTERS=1 ") && strstr(line, " VGPU_TRACE=/tmp/t.trace VGPU_CACHE=0 "))
        saw_config++;
    CHECK(f && pclose(f) == 0);
    CHECK(saw_config == 1);
  }
  return vt_finish();
}
