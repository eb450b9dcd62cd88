/* kernel_api.c - the kernel entry points (OpenCL 3.0 s5.9). */
#include <stdlib.h>
#include <string.h>
#include "runtime/device.h"
#include "runtime/kernel.h"
#include "runtime/mem.h"

cl_kernel clCreateKernel(cl_program program, const char *kernel_name, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program", errcode_ret);
  const struct vir_header *h = vgpu_program_module(program);
  VG_RETURN_NULL_IF(!h, CL_INVALID_PROGRAM_EXECUTABLE, "program has no successfully built executable", errcode_ret);
  VG_RETURN_NULL_IF(!kernel_name, CL_INVALID_VALUE, "kernel_name is NULL", errcode_ret);
  int index = vir_module_find_kernel(h, kernel_name);
  VG_RETURN_NULL_IF(index < 0, CL_INVALID_KERNEL_NAME, "kernel_name is not a kernel of program", errcode_ret);
  cl_int err;
  cl_kernel k = vgpu_kernel_create(program, (uint32_t)index, &err);
  if (errcode_ret) *errcode_ret = err;
  return k;
}

cl_int clCreateKernelsInProgram(cl_program program, cl_uint num_kernels, cl_kernel *kernels, cl_uint *num_kernels_ret) {
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  const struct vir_header *h = vgpu_program_module(program);
  VG_RETURN_IF(!h, CL_INVALID_PROGRAM_EXECUTABLE, "program has no successfully built executable");
  VG_RETURN_IF(kernels && num_kernels < h->nkernels, CL_INVALID_VALUE, "num_kernels is less than the kernels in program");
  if (kernels) {
    for (uint32_t i = 0; i < h->nkernels; i++) {
      cl_int err;
      kernels[i] = vgpu_kernel_create(program, i, &err);
      if (!kernels[i]) {
        while (i--) vgpu_kernel_destroy(kernels[i]);
        return err;
      }
    }
  }
  if (num_kernels_ret) *num_kernels_ret = h->nkernels;
  return CL_SUCCESS;
}

cl_int clRetainKernel(cl_kernel kernel) {
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  vgpu_object_retain(&kernel->obj);
  return CL_SUCCESS;
}

cl_int clReleaseKernel(cl_kernel kernel) {
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  if (vgpu_object_release(&kernel->obj) == 0) vgpu_kernel_destroy(kernel);
  return CL_SUCCESS;
}

cl_kernel clCloneKernel(cl_kernel source_kernel, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_kernel_is(source_kernel), CL_INVALID_KERNEL, "source_kernel is not a valid kernel", errcode_ret);
  cl_int err;
  cl_kernel k = vgpu_kernel_create(source_kernel->program, source_kernel->index, &err);
  VG_RETURN_NULL_IF(!k, err, "cannot create the kernel", errcode_ret);
  /* "a copy ... including any arguments that have been set" (s5.9.1). */
  pthread_mutex_lock(&source_kernel->obj.lock);
  for (uint32_t i = 0; i < k->k->nargs && err == CL_SUCCESS; i++) {
    const struct vgpu_kernel_arg *s = &source_kernel->values[i];
    struct vgpu_kernel_arg *d = &k->values[i];
    *d = *s;
    d->bytes = NULL;
    if (s->bytes && !(d->bytes = malloc(s->size ? s->size : 1))) err = CL_OUT_OF_HOST_MEMORY;
    else if (s->bytes) memcpy(d->bytes, s->bytes, s->size);
    if (d->mem) vgpu_mem_retain_weak(d->mem);
  }
  pthread_mutex_unlock(&source_kernel->obj.lock);
  if (err != CL_SUCCESS) { vgpu_kernel_destroy(k); k = NULL; }
  if (errcode_ret) *errcode_ret = err;
  return k;
}

cl_int clSetKernelArg(cl_kernel kernel, cl_uint arg_index, size_t arg_size, const void *arg_value) {
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  VG_RETURN_IF(arg_index >= kernel->k->nargs, CL_INVALID_ARG_INDEX, "arg_index is not a valid argument index");
  return vgpu_kernel_set_arg(kernel, arg_index, arg_size, arg_value);
}

cl_int clSetKernelArgSVMPointer(cl_kernel kernel, cl_uint arg_index, const void *arg_value) {
  (void)arg_index; (void)arg_value;
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  /* "CL_INVALID_OPERATION if no devices in the context associated with kernel support SVM." */
  VG_RETURN_IF(1, CL_INVALID_OPERATION, "the devices do not support shared virtual memory");
}

cl_int clSetKernelExecInfo(cl_kernel kernel, cl_kernel_exec_info param_name, size_t param_value_size,
                           const void *param_value) {
  (void)param_name; (void)param_value_size; (void)param_value;
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  VG_RETURN_IF(1, CL_INVALID_OPERATION, "the devices do not support shared virtual memory");
}

cl_int clGetKernelInfo(cl_kernel kernel, cl_kernel_info param_name, size_t param_value_size, void *param_value,
                       size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  const struct vir_header *h = kernel->module;
  switch (param_name) {
  case CL_KERNEL_FUNCTION_NAME: VG_INFO_STR(vir_string(h, kernel->k->name));
  case CL_KERNEL_NUM_ARGS: VG_INFO(cl_uint, kernel->k->nargs);
  case CL_KERNEL_REFERENCE_COUNT: VG_INFO(cl_uint, atomic_load(&kernel->obj.refs));
  case CL_KERNEL_CONTEXT: VG_INFO(cl_context, kernel->program->context);
  case CL_KERNEL_PROGRAM: VG_INFO(cl_program, kernel->program);
  case CL_KERNEL_ATTRIBUTES: VG_INFO_STR(vir_string(h, kernel->k->attributes));
  default: VG_RETURN_IF(1, CL_INVALID_VALUE, "param_name is not a cl_kernel_info");
  }
}

cl_int clGetKernelArgInfo(cl_kernel kernel, cl_uint arg_indx, cl_kernel_arg_info param_name, size_t param_value_size,
                          void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  VG_RETURN_IF(arg_indx >= kernel->k->nargs, CL_INVALID_ARG_INDEX, "arg_indx is not a valid argument index");
  VG_RETURN_IF(param_name < CL_KERNEL_ARG_ADDRESS_QUALIFIER || param_name > CL_KERNEL_ARG_NAME, CL_INVALID_VALUE,
               "param_name is not a cl_kernel_arg_info");
  /* s5.9.4: "Kernel argument information is only available if the program object associated with
   * kernel is created with clCreateProgramWithSource and the program executable was built with the
   * -cl-kernel-arg-info option". */
  int available = 0;
  for (cl_uint i = 0; i < kernel->program->ndevices; i++) available |= kernel->program->builds[i].arg_info;
  VG_RETURN_IF(!available, CL_KERNEL_ARG_INFO_NOT_AVAILABLE, "the program was not built with -cl-kernel-arg-info");
  const struct vir_arg *a = &kernel->args[arg_indx];
  const struct vir_header *h = kernel->module;
  switch (param_name) {
  case CL_KERNEL_ARG_ADDRESS_QUALIFIER: VG_INFO(cl_kernel_arg_address_qualifier, a->address_qualifier);
  case CL_KERNEL_ARG_ACCESS_QUALIFIER: VG_INFO(cl_kernel_arg_access_qualifier, a->access_qualifier);
  case CL_KERNEL_ARG_TYPE_NAME: VG_INFO_STR(vir_string(h, a->type_name));
  case CL_KERNEL_ARG_TYPE_QUALIFIER: VG_INFO(cl_kernel_arg_type_qualifier, a->type_qualifier);
  default: VG_INFO_STR(vir_string(h, a->name));
  }
}

/* The kernel's device when device may be NULL: "If device is NULL but there is only one device
 * associated with kernel, the value is returned for that device." */
static cl_int kernel_device(cl_kernel k, cl_device_id *device) {
  cl_program p = k->program;
  if (!*device) {
    VG_RETURN_IF(p->ndevices != 1, CL_INVALID_DEVICE, "device is NULL but the kernel has several devices");
    *device = p->builds[0].dev;
  }
  VG_RETURN_IF(!vgpu_program_build_of(p, *device), CL_INVALID_DEVICE, "device is not associated with kernel");
  return CL_SUCCESS;
}

cl_int clGetKernelWorkGroupInfo(cl_kernel kernel, cl_device_id device, cl_kernel_work_group_info param_name,
                                size_t param_value_size, void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  cl_int err = kernel_device(kernel, &device);
  if (err != CL_SUCCESS) return err;
  const struct vir_kernel *k = kernel->k;
  switch (param_name) {
  case CL_KERNEL_GLOBAL_WORK_SIZE:
    /* "CL_INVALID_VALUE if param_name is CL_KERNEL_GLOBAL_WORK_SIZE and device is not a custom
     * device and kernel is not a built-in kernel." */
    VG_RETURN_IF(1, CL_INVALID_VALUE, "CL_KERNEL_GLOBAL_WORK_SIZE is only for built-in kernels");
  case CL_KERNEL_WORK_GROUP_SIZE: VG_INFO(size_t, vgpu_kernel_max_wg(kernel->k, device));
  case CL_KERNEL_COMPILE_WORK_GROUP_SIZE: {
    size_t s[3] = {k->reqd_wg_size[0], k->reqd_wg_size[1], k->reqd_wg_size[2]};
    return vgpu_info(s, sizeof s, param_value_size, param_value, param_value_size_ret);
  }
  case CL_KERNEL_LOCAL_MEM_SIZE: VG_INFO(cl_ulong, vgpu_kernel_local_mem(kernel));
  /* Work-groups are run in warps: a multiple of the warp size fills every lane. */
  case CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE: VG_INFO(size_t, device->warp_size);
  case CL_KERNEL_PRIVATE_MEM_SIZE: VG_INFO(cl_ulong, k->private_size);
  default: VG_RETURN_IF(1, CL_INVALID_VALUE, "param_name is not a cl_kernel_work_group_info");
  }
}

cl_int clGetKernelSubGroupInfo(cl_kernel kernel, cl_device_id device, cl_kernel_sub_group_info param_name,
                               size_t input_value_size, const void *input_value, size_t param_value_size,
                               void *param_value, size_t *param_value_size_ret) {
  VG_RETURN_IF(!vgpu_kernel_is(kernel), CL_INVALID_KERNEL, "kernel is not a valid kernel");
  cl_int err = kernel_device(kernel, &device);
  if (err != CL_SUCCESS) return err;
  /* "CL_INVALID_OPERATION if device does not support subgroups" (CL_DEVICE_MAX_NUM_SUB_GROUPS 0,
   * as the CTS consistency_subgroups test checks); every device has them today. */
  cl_uint max_sub_groups = 0;
  clGetDeviceInfo(device, CL_DEVICE_MAX_NUM_SUB_GROUPS, sizeof max_sub_groups, &max_sub_groups, NULL);
  VG_RETURN_IF(max_sub_groups == 0, CL_INVALID_OPERATION, "the device does not support sub-groups");
  /* Sub-groups are the warps: a group of n work-items has ceil(n / warp) of them, the last one
   * n mod warp wide when that is not 0 (sim/subgroup.c). */
  size_t warp = device->warp_size, max_wg = vgpu_kernel_max_wg(kernel->k, device);
  switch (param_name) {
  case CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE:
  case CL_KERNEL_SUB_GROUP_COUNT_FOR_NDRANGE: {
    VG_RETURN_IF(!input_value || input_value_size == 0 || input_value_size % sizeof(size_t) ||
                 input_value_size > 3 * sizeof(size_t), CL_INVALID_VALUE, "input_value is not a local size");
    const size_t *l = input_value;
    size_t total = 1;
    for (size_t i = 0; i < input_value_size / sizeof(size_t); i++) total *= l[i];
    if (param_name == CL_KERNEL_MAX_SUB_GROUP_SIZE_FOR_NDRANGE) VG_INFO(size_t, total < warp ? total : warp);
    VG_INFO(size_t, (total + warp - 1) / warp);
  }
  case CL_KERNEL_LOCAL_SIZE_FOR_SUB_GROUP_COUNT: {
    VG_RETURN_IF(!input_value || input_value_size != sizeof(size_t), CL_INVALID_VALUE, "input_value is not a count");
    size_t n = *(const size_t *)input_value, local[3] = {n * warp, 1, 1};
    /* "0 will be returned in each element" when no work-group holds that many */
    if (n == 0 || local[0] > max_wg) local[0] = local[1] = local[2] = 0;
    size_t dims = param_value_size / sizeof(size_t);
    VG_RETURN_IF(param_value && (dims < 1 || dims > 3 || param_value_size % sizeof(size_t)), CL_INVALID_VALUE,
                 "param_value_size is not 1 to 3 size_t");
    return vgpu_info(local, param_value ? param_value_size : sizeof(size_t), param_value_size, param_value,
                     param_value_size_ret);
  }
  case CL_KERNEL_MAX_NUM_SUB_GROUPS: VG_INFO(size_t, (max_wg + warp - 1) / warp);
  case CL_KERNEL_COMPILE_NUM_SUB_GROUPS: VG_INFO(size_t, 0);
  default: VG_RETURN_IF(1, CL_INVALID_VALUE, "param_name is not a cl_kernel_sub_group_info");
  }
}
