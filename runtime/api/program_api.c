/* program_api.c - program objects' entry points (OpenCL 3.0 s5.8): creation, reference counts,
 * queries; building is in build_api.c.  Argument checks come in the order of the specification's
 * error lists, then the core in runtime/program.c. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/binary.h"
#include "runtime/config.h"
#include "runtime/context.h"
#include "runtime/platform.h"
#include "runtime/program.h"

static int context_valid(cl_context ctx) { return vgpu_object_is(ctx, VGPU_CONTEXT); }

cl_program clCreateProgramWithSource(cl_context context, cl_uint count, const char **strings,
                                     const size_t *lengths, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!context_valid(context), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  /* "CL_INVALID_VALUE if count is zero or if strings or any entry in strings is NULL." */
  VG_RETURN_NULL_IF(count == 0 || !strings, CL_INVALID_VALUE, "count is 0 or strings is NULL", errcode_ret);
  size_t total = 0;
  for (cl_uint i = 0; i < count; i++) {
    VG_RETURN_NULL_IF(!strings[i], CL_INVALID_VALUE, "an entry of strings is NULL", errcode_ret);
    /* A length of 0 (or lengths NULL) means the string is NUL-terminated. */
    total += lengths && lengths[i] ? lengths[i] : strlen(strings[i]);
  }
  char *src = malloc(total + 1);
  VG_RETURN_NULL_IF(!src, CL_OUT_OF_HOST_MEMORY, "no memory for the source", errcode_ret);
  size_t k = 0;
  for (cl_uint i = 0; i < count; i++) {
    size_t n = lengths && lengths[i] ? lengths[i] : strlen(strings[i]);
    memcpy(src + k, strings[i], n);
    k += n;
  }
  src[k] = 0;
  cl_int err;
  cl_program p = vgpu_program_create(context, VGPU_ORIGIN_SOURCE, 0, NULL, &err);
  if (!p) { free(src); if (errcode_ret) *errcode_ret = err; return NULL; }
  p->source = src;
  p->source_len = k;
  if (errcode_ret) *errcode_ret = CL_SUCCESS;
  return p;
}

/* Device lists given to clCreateProgramWith{Binary,BuiltInKernels}: non-empty, in the context. */
static cl_int check_device_list(cl_context ctx, cl_uint n, const cl_device_id *list) {
  VG_RETURN_IF(!list || n == 0, CL_INVALID_VALUE, "device_list is NULL or num_devices is 0");
  for (cl_uint i = 0; i < n; i++)
    VG_RETURN_IF(!vgpu_device_valid(list[i]) || !vgpu_context_has_device(ctx, list[i]), CL_INVALID_DEVICE,
                 "a device of device_list is not in the context");
  return CL_SUCCESS;
}

cl_program clCreateProgramWithBinary(cl_context context, cl_uint num_devices, const cl_device_id *device_list,
                                     const size_t *lengths, const unsigned char **binaries,
                                     cl_int *binary_status, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!context_valid(context), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  cl_int err = check_device_list(context, num_devices, device_list);
  VG_RETURN_NULL_IF(err != CL_SUCCESS, err, "invalid device list", errcode_ret);
  VG_RETURN_NULL_IF(!lengths || !binaries, CL_INVALID_VALUE, "lengths or binaries is NULL", errcode_ret);
  int bad_value = 0, bad_binary = 0;
  struct vgpu_binary *bins = calloc(num_devices, sizeof *bins);
  VG_RETURN_NULL_IF(!bins, CL_OUT_OF_HOST_MEMORY, "no memory", errcode_ret);
  for (cl_uint i = 0; i < num_devices; i++) {
    cl_int st = CL_SUCCESS;
    char why[256];
    if (!lengths[i] || !binaries[i]) st = CL_INVALID_VALUE, bad_value = 1;
    else if (vgpu_binary_parse(binaries[i], lengths[i], &bins[i], why, sizeof why) != 0) {
      vgpu_log(VGPU_LOG_INFO, "clCreateProgramWithBinary: binary %u rejected: %s", i, why);
      st = CL_INVALID_BINARY, bad_binary = 1;
    }
    if (binary_status) binary_status[i] = st;
  }
  cl_program p = NULL;
  if (bad_value) err = CL_INVALID_VALUE;
  else if (bad_binary) err = CL_INVALID_BINARY;
  else p = vgpu_program_create(context, VGPU_ORIGIN_BINARY, num_devices, device_list, &err);
  for (cl_uint i = 0; i < num_devices; i++) {
    if (p) {
      struct vgpu_program_build *b = &p->builds[i];
      b->type = bins[i].type;
      vgpu_build_set_payload(b, bins[i].payload, bins[i].payload_size);
      b->options = bins[i].options;
      b->log = bins[i].log;
      /* Argument information comes only with programs created from source (s5.9.4). */
      b->arg_info = 0;
      /* No clBuildProgram has run on it yet (CL_BUILD_NONE); an executable is usable at once. */
      b->status = CL_BUILD_NONE;
      memset(&bins[i], 0, sizeof bins[i]);
    }
    vgpu_binary_free(&bins[i]);
  }
  free(bins);
  if (errcode_ret) *errcode_ret = err;
  return p;
}

cl_program clCreateProgramWithBuiltInKernels(cl_context context, cl_uint num_devices, const cl_device_id *device_list,
                                             const char *kernel_names, cl_int *errcode_ret) {
  (void)kernel_names;
  VG_RETURN_NULL_IF(!context_valid(context), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  cl_int err = check_device_list(context, num_devices, device_list);
  VG_RETURN_NULL_IF(err != CL_SUCCESS, err, "invalid device list", errcode_ret);
  /* VirtualGPU devices have no built-in kernels (CL_DEVICE_BUILT_IN_KERNELS is ""), so every
   * name is "not supported by any of the devices". */
  VG_RETURN_NULL_IF(1, CL_INVALID_VALUE, "the devices have no built-in kernels", errcode_ret);
}

/* True when every device of the context takes SPIR-V (they are alike: when the translator runs). */
static int context_takes_il(cl_context ctx) {
  (void)ctx;
  return vgpu_config()->spirv;
}

cl_program clCreateProgramWithIL(cl_context context, const void *il, size_t length, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!context_valid(context), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  VG_RETURN_NULL_IF(!il || !length, CL_INVALID_VALUE, "il is NULL or length is 0", errcode_ret);
  /* "CL_INVALID_OPERATION if no devices in context support intermediate language programs." */
  VG_RETURN_NULL_IF(!context_takes_il(context), CL_INVALID_OPERATION,
                    "no device supports an intermediate language (the SPIR-V translator is missing)", errcode_ret);
  /* "CL_INVALID_VALUE if ... il does not contain well-formed intermediate language input
   * appropriate for the deployment environment": the header, the version and the instruction
   * stream are checked here; what only the translator can judge fails the build, with its log. */
  struct vgpu_spirv_info info;
  char why[256];
  VG_RETURN_NULL_IF(vgpu_spirv_parse(il, length, &info, why, sizeof why) != 0, CL_INVALID_VALUE, why, errcode_ret);
  uint8_t *copy = malloc(length);
  if (!copy) vgpu_spirv_info_free(&info);
  VG_RETURN_NULL_IF(!copy, CL_OUT_OF_HOST_MEMORY, "no memory for the module", errcode_ret);
  memcpy(copy, il, length);
  cl_int err;
  cl_program p = vgpu_program_create(context, VGPU_ORIGIN_IL, 0, NULL, &err);
  if (!p) { free(copy); vgpu_spirv_info_free(&info); if (errcode_ret) *errcode_ret = err; return NULL; }
  p->il = copy;
  p->il_len = length;
  p->spirv = info;
  if (errcode_ret) *errcode_ret = CL_SUCCESS;
  return p;
}

/* cl_khr_il_program's spelling of the same function (returned by clGetExtensionFunctionAddress). */
cl_program CL_API_CALL clCreateProgramWithILKHR(cl_context context, const void *il, size_t length,
                                                cl_int *errcode_ret) {
  return clCreateProgramWithIL(context, il, length, errcode_ret);
}

cl_int clRetainProgram(cl_program program) {
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  VG_RETURN_IF(atomic_load(&program->obj.refs) == 0, CL_INVALID_PROGRAM, "program was already released");
  vgpu_object_retain(&program->obj);
  return CL_SUCCESS;
}

cl_int clReleaseProgram(cl_program program) {
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  /* Kept alive only by its kernels: one release too many must not free it under them. */
  VG_RETURN_IF(atomic_load(&program->obj.refs) == 0, CL_INVALID_PROGRAM, "program was already released");
  if (vgpu_object_release(&program->obj) == 0) vgpu_program_release_internal(program);
  return CL_SUCCESS;
}

cl_int clSetProgramReleaseCallback(cl_program program, void(CL_CALLBACK *pfn_notify)(cl_program, void *),
                                   void *user_data) {
  (void)user_data;
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  VG_RETURN_IF(!pfn_notify, CL_INVALID_VALUE, "pfn_notify is NULL");
  /* Deprecated in 3.0: "CL_INVALID_OPERATION if no devices in the context associated with program
   * support destructors for program scope global variables" - ours have none. */
  VG_RETURN_IF(1, CL_INVALID_OPERATION, "no device supports program-scope global destructors");
}

cl_int clSetProgramSpecializationConstant(cl_program program, cl_uint spec_id, size_t spec_size,
                                          const void *spec_value) {
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  /* "CL_INVALID_OPERATION if program is not created from an intermediate language (e.g. SPIR-V)". */
  VG_RETURN_IF(program->origin != VGPU_ORIGIN_IL, CL_INVALID_OPERATION,
               "program was not created from an intermediate language");
  pthread_mutex_lock(&program->obj.lock);
  struct vgpu_spec_const *c = vgpu_spirv_spec_const(&program->spirv, spec_id);
  size_t size = c ? c->size : 0;
  pthread_mutex_unlock(&program->obj.lock);
  VG_RETURN_IF(!c, CL_INVALID_SPEC_ID, "spec_id is not a specialization constant of the module");
  VG_RETURN_IF(spec_size != size || !spec_value, CL_INVALID_VALUE,
               "spec_size is not the size of the specialization constant, or spec_value is NULL");
  /* The value takes effect at the next clBuildProgram or clCompileProgram (s5.8.3). */
  uint64_t v = 0;
  memcpy(&v, spec_value, spec_size); /* little-endian host: the low bytes */
  pthread_mutex_lock(&program->obj.lock);
  c->value = v;
  c->set = 1;
  pthread_mutex_unlock(&program->obj.lock);
  return CL_SUCCESS;
}

cl_int clUnloadCompiler(void) { return CL_SUCCESS; }

cl_int clUnloadPlatformCompiler(cl_platform_id platform) {
  VG_RETURN_IF(!vgpu_platform_valid(platform), CL_INVALID_PLATFORM, "platform is not the VirtualGPU platform");
  /* The compiler is a helper process started per build: there is nothing resident to unload. */
  return CL_SUCCESS;
}

/* ---- queries ---- */

/* The container of a device's binary (NULL when it has none). */
static uint8_t *device_binary(cl_program p, struct vgpu_program_build *b, size_t *size) {
  *size = 0;
  if (!b->payload || b->type == CL_PROGRAM_BINARY_TYPE_NONE) return NULL;
  struct vgpu_binary bin = {b->type, b->type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE ? VGPU_PAYLOAD_VIR : VGPU_PAYLOAD_BITCODE,
                            b->arg_info ? VGPU_BINARY_ARG_INFO : 0, b->payload, b->payload_size, b->options, b->log};
  uint8_t *out = NULL;
  (void)p;
  if (vgpu_binary_write(&bin, &out, size) != 0) return NULL;
  return out;
}

/* "kernel_a;kernel_b" (malloc'd) and the kernel count of the executable. */
static char *kernel_names(const struct vir_header *h) {
  size_t len = 1;
  for (uint32_t i = 0; i < h->nkernels; i++) len += strlen(vir_string(h, vir_kernels(h)[i].name)) + 1;
  char *s = calloc(1, len);
  for (uint32_t i = 0; s && i < h->nkernels; i++) {
    if (i) strcat(s, ";");
    strcat(s, vir_string(h, vir_kernels(h)[i].name));
  }
  return s;
}

cl_int clGetProgramInfo(cl_program program, cl_program_info param_name, size_t param_value_size, void *param_value,
                        size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  cl_program p = program;
  const struct vir_header *h = vgpu_program_module(p);
  switch (param_name) {
  case CL_PROGRAM_REFERENCE_COUNT: VG_INFO(cl_uint, atomic_load(&p->obj.refs));
  case CL_PROGRAM_CONTEXT: VG_INFO(cl_context, p->context);
  case CL_PROGRAM_NUM_DEVICES: VG_INFO(cl_uint, p->ndevices);
  case CL_PROGRAM_DEVICES: {
    cl_device_id *devs = calloc(p->ndevices, sizeof *devs);
    VG_RETURN_IF(!devs, CL_OUT_OF_HOST_MEMORY, "no memory");
    for (cl_uint i = 0; i < p->ndevices; i++) devs[i] = p->builds[i].dev;
    cl_int err = vgpu_info(devs, p->ndevices * sizeof *devs, param_value_size, param_value, param_value_size_ret);
    free(devs);
    return err;
  }
  case CL_PROGRAM_SOURCE: VG_INFO_STR(p->source ? p->source : "");
  /* Only programs created from IL have it; for the others "param_value_size_ret is set to 0". */
  case CL_PROGRAM_IL: return vgpu_info(p->il, p->il ? p->il_len : 0, param_value_size, param_value, param_value_size_ret);
  case CL_PROGRAM_BINARY_SIZES: {
    size_t *sizes = calloc(p->ndevices, sizeof *sizes);
    VG_RETURN_IF(!sizes, CL_OUT_OF_HOST_MEMORY, "no memory");
    pthread_mutex_lock(&p->obj.lock);
    for (cl_uint i = 0; i < p->ndevices; i++) free(device_binary(p, &p->builds[i], &sizes[i]));
    pthread_mutex_unlock(&p->obj.lock);
    cl_int err = vgpu_info(sizes, p->ndevices * sizeof *sizes, param_value_size, param_value, param_value_size_ret);
    free(sizes);
    return err;
  }
  case CL_PROGRAM_BINARIES: {
    /* param_value is an array of ndevices pointers the application allocated; a NULL entry skips
     * that device. */
    size_t need = p->ndevices * sizeof(unsigned char *);
    if (param_value_size_ret) *param_value_size_ret = need;
    if (!param_value) return CL_SUCCESS;
    VG_RETURN_IF(param_value_size < need, CL_INVALID_VALUE, "param_value_size is too small");
    unsigned char **dst = param_value;
    pthread_mutex_lock(&p->obj.lock);
    for (cl_uint i = 0; i < p->ndevices; i++) {
      if (!dst[i]) continue;
      size_t size;
      uint8_t *bin = device_binary(p, &p->builds[i], &size);
      if (bin) memcpy(dst[i], bin, size);
      free(bin);
    }
    pthread_mutex_unlock(&p->obj.lock);
    return CL_SUCCESS;
  }
  case CL_PROGRAM_NUM_KERNELS:
    VG_RETURN_IF(!h, CL_INVALID_PROGRAM_EXECUTABLE, "no program executable has been built");
    VG_INFO(size_t, h->nkernels);
  case CL_PROGRAM_KERNEL_NAMES: {
    VG_RETURN_IF(!h, CL_INVALID_PROGRAM_EXECUTABLE, "no program executable has been built");
    char *names = kernel_names(h);
    VG_RETURN_IF(!names, CL_OUT_OF_HOST_MEMORY, "no memory");
    cl_int err = vgpu_info(names, strlen(names) + 1, param_value_size, param_value, param_value_size_ret);
    free(names);
    return err;
  }
  case CL_PROGRAM_SCOPE_GLOBAL_CTORS_PRESENT:
  case CL_PROGRAM_SCOPE_GLOBAL_DTORS_PRESENT:
    VG_RETURN_IF(!h, CL_INVALID_PROGRAM_EXECUTABLE, "no program executable has been built");
    VG_INFO(cl_bool, CL_FALSE);
  default:
    VG_RETURN_IF(1, CL_INVALID_VALUE, "param_name is not a cl_program_info");
  }
}

cl_int clGetProgramBuildInfo(cl_program program, cl_device_id device, cl_program_build_info param_name,
                             size_t param_value_size, void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  struct vgpu_program_build *b = vgpu_program_build_of(program, device);
  VG_RETURN_IF(!b, CL_INVALID_DEVICE, "device is not one of the program's devices");
  cl_int err;
  pthread_mutex_lock(&program->obj.lock);
  switch (param_name) {
  case CL_PROGRAM_BUILD_STATUS: {
    cl_build_status s = b->status;
    err = vgpu_info(&s, sizeof s, param_value_size, param_value, param_value_size_ret);
    break;
  }
  case CL_PROGRAM_BUILD_OPTIONS: {
    const char *s = b->options ? b->options : "";
    err = vgpu_info(s, strlen(s) + 1, param_value_size, param_value, param_value_size_ret);
    break;
  }
  case CL_PROGRAM_BUILD_LOG: {
    const char *s = b->log ? b->log : "";
    err = vgpu_info(s, strlen(s) + 1, param_value_size, param_value, param_value_size_ret);
    break;
  }
  case CL_PROGRAM_BINARY_TYPE: {
    cl_program_binary_type t = b->type;
    err = vgpu_info(&t, sizeof t, param_value_size, param_value, param_value_size_ret);
    break;
  }
  case CL_PROGRAM_BUILD_GLOBAL_VARIABLE_TOTAL_SIZE: {
    /* Program-scope variables live in the module's data segment. */
    size_t total = b->type == CL_PROGRAM_BINARY_TYPE_EXECUTABLE && b->payload
                       ? ((const struct vir_header *)b->payload)->data_size : 0;
    err = vgpu_info(&total, sizeof total, param_value_size, param_value, param_value_size_ret);
    break;
  }
  default:
    vgpu_log(VGPU_LOG_DEBUG, "clGetProgramBuildInfo: param_name %#x is not a cl_program_build_info", param_name);
    err = CL_INVALID_VALUE;
  }
  pthread_mutex_unlock(&program->obj.lock);
  return err;
}
