/* build_api.c - clBuildProgram, clCompileProgram and clLinkProgram (OpenCL 3.0 s5.8.2-5.8.3):
 * argument checks in the specification's order, then the build starts (runtime/build.c), on a
 * thread of its own when the application gave a notify callback. */
#include <stdlib.h>
#include <string.h>
#include "runtime/build.h"
#include "runtime/compile_client.h"
#include "runtime/context.h"
#include "runtime/device.h"
#include "runtime/program.h"

/* The checks shared by clBuildProgram and clCompileProgram. */
static cl_int check_build_devices(cl_program p, cl_uint n, const cl_device_id *list) {
  VG_RETURN_IF((!list && n) || (list && !n), CL_INVALID_VALUE, "device_list and num_devices disagree");
  for (cl_uint i = 0; i < n; i++)
    VG_RETURN_IF(!vgpu_program_build_of(p, list[i]), CL_INVALID_DEVICE, "a device is not one of the program's");
  return CL_SUCCESS;
}

cl_int clBuildProgram(cl_program program, cl_uint num_devices, const cl_device_id *device_list, const char *options,
                      void(CL_CALLBACK *pfn_notify)(cl_program, void *), void *user_data) {
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  cl_int err = check_build_devices(program, num_devices, device_list);
  if (err != CL_SUCCESS) return err;
  VG_RETURN_IF(!pfn_notify && user_data, CL_INVALID_VALUE, "pfn_notify is NULL but user_data is not");
  VG_RETURN_IF(program->origin == VGPU_ORIGIN_LINKED && !vgpu_program_module(program), CL_INVALID_OPERATION,
               "program was not created with source, IL or a binary");
  if (program->origin == VGPU_ORIGIN_BINARY) {
    /* "CL_INVALID_BINARY if program is created with clCreateProgramWithBinary and devices listed
     * in device_list do not have a valid program binary loaded." */
    for (cl_uint i = 0; i < program->ndevices; i++) {
      struct vgpu_program_build *b = &program->builds[i];
      int listed = num_devices == 0;
      for (cl_uint j = 0; j < num_devices; j++) listed |= device_list[j] == b->dev;
      VG_RETURN_IF(listed && !b->payload, CL_INVALID_BINARY, "a device has no valid program binary");
    }
  }
  return vgpu_program_start_build(program, num_devices, device_list, options, 1, 0, NULL, NULL, pfn_notify, user_data);
}

cl_int clCompileProgram(cl_program program, cl_uint num_devices, const cl_device_id *device_list, const char *options,
                        cl_uint num_input_headers, const cl_program *input_headers, const char **header_include_names,
                        void(CL_CALLBACK *pfn_notify)(cl_program, void *), void *user_data) {
  VG_RETURN_IF(!vgpu_program_is(program), CL_INVALID_PROGRAM, "program is not a valid program");
  cl_int err = check_build_devices(program, num_devices, device_list);
  if (err != CL_SUCCESS) return err;
  VG_RETURN_IF(num_input_headers == 0 && (input_headers || header_include_names), CL_INVALID_VALUE,
               "num_input_headers is 0 but input_headers or header_include_names is not NULL");
  VG_RETURN_IF(num_input_headers && (!input_headers || !header_include_names), CL_INVALID_VALUE,
               "num_input_headers is not 0 but input_headers or header_include_names is NULL");
  for (cl_uint i = 0; i < num_input_headers; i++) {
    VG_RETURN_IF(!vgpu_program_is(input_headers[i]), CL_INVALID_PROGRAM, "an input header is not a valid program");
    VG_RETURN_IF(!header_include_names[i] || !*header_include_names[i], CL_INVALID_VALUE, "a header include name is NULL");
  }
  VG_RETURN_IF(!pfn_notify && user_data, CL_INVALID_VALUE, "pfn_notify is NULL but user_data is not");
  VG_RETURN_IF(program->origin != VGPU_ORIGIN_SOURCE && program->origin != VGPU_ORIGIN_IL, CL_INVALID_OPERATION,
               "program has no source or IL");
  return vgpu_program_start_build(program, num_devices, device_list, options, 0, num_input_headers, input_headers,
                                  header_include_names, pfn_notify, user_data);
}

cl_program clLinkProgram(cl_context context, cl_uint num_devices, const cl_device_id *device_list, const char *options,
                         cl_uint num_input_programs, const cl_program *input_programs,
                         void(CL_CALLBACK *pfn_notify)(cl_program, void *), void *user_data, cl_int *errcode_ret) {
  VG_RETURN_NULL_IF(!vgpu_object_is(context, VGPU_CONTEXT), CL_INVALID_CONTEXT, "context is not a valid context", errcode_ret);
  VG_RETURN_NULL_IF((!device_list && num_devices) || (device_list && !num_devices), CL_INVALID_VALUE,
                    "device_list and num_devices disagree", errcode_ret);
  VG_RETURN_NULL_IF(!num_input_programs || !input_programs, CL_INVALID_VALUE,
                    "num_input_programs is 0 or input_programs is NULL", errcode_ret);
  for (cl_uint i = 0; i < num_input_programs; i++)
    VG_RETURN_NULL_IF(!vgpu_program_is(input_programs[i]) || input_programs[i]->context != context,
                      CL_INVALID_PROGRAM, "an input program is not a valid program of context", errcode_ret);
  for (cl_uint i = 0; i < num_devices; i++)
    VG_RETURN_NULL_IF(!vgpu_device_valid(device_list[i]) || !vgpu_context_has_device(context, device_list[i]),
                      CL_INVALID_DEVICE, "a device of device_list is not in context", errcode_ret);
  VG_RETURN_NULL_IF(!pfn_notify && user_data, CL_INVALID_VALUE, "pfn_notify is NULL but user_data is not", errcode_ret);
  int library = 0, link_opts = 0;
  char **words = vgpu_split_options(options, NULL);
  for (char **w = words; w && *w; w++) {
    library |= !strcmp(*w, "-create-library");
    link_opts |= !strcmp(*w, "-enable-link-options");
  }
  vgpu_free_words(words);
  /* "-enable-link-options ... must be specified together with -create-library" (s5.8.6.3). */
  VG_RETURN_NULL_IF(link_opts && !library, CL_INVALID_LINKER_OPTIONS,
                    "-enable-link-options without -create-library", errcode_ret);
  cl_int err;
  cl_program out = vgpu_program_create(context, VGPU_ORIGIN_LINKED, num_devices, device_list, &err);
  VG_RETURN_NULL_IF(!out, err, "cannot create the program", errcode_ret);
  /* Every input must hold a compiled object or library for each device linked for (s5.8.3); a
   * device for which none of the inputs has one is simply not linked for. */
  cl_device_id *devs = calloc(out->ndevices, sizeof *devs);
  cl_uint ndev = 0;
  err = devs ? CL_SUCCESS : CL_OUT_OF_HOST_MEMORY;
  for (cl_uint d = 0; d < out->ndevices && err == CL_SUCCESS; d++) {
    cl_uint have = 0;
    for (cl_uint i = 0; i < num_input_programs; i++) {
      struct vgpu_program_build *b = vgpu_program_build_of(input_programs[i], out->builds[d].dev);
      if (!b) continue;
      if (b->status == CL_BUILD_IN_PROGRESS || atomic_load(&input_programs[i]->building)) err = CL_INVALID_OPERATION;
      if (b->payload && (b->type == CL_PROGRAM_BINARY_TYPE_COMPILED_OBJECT || b->type == CL_PROGRAM_BINARY_TYPE_LIBRARY))
        have++;
    }
    if (err == CL_SUCCESS && have && have != num_input_programs) err = CL_INVALID_OPERATION;
    if (have == num_input_programs) devs[ndev++] = out->builds[d].dev;
  }
  if (err == CL_SUCCESS && ndev == 0) err = CL_INVALID_OPERATION;
  if (err != CL_SUCCESS) {
    vgpu_log(VGPU_LOG_DEBUG, "clLinkProgram: the inputs are not compiled objects or libraries for the devices");
    free(devs);
    clReleaseProgram(out);
    if (errcode_ret) *errcode_ret = err;
    return NULL;
  }
  err = vgpu_program_link(out, ndev, devs, options, num_input_programs, input_programs);
  free(devs);
  if (err == CL_INVALID_LINKER_OPTIONS) {
    clReleaseProgram(out);
    if (errcode_ret) *errcode_ret = err;
    return NULL;
  }
  /* A failed link still returns the program, so that its log can be read (s5.8.3). */
  if (pfn_notify) pfn_notify(out, user_data);
  if (errcode_ret) *errcode_ret = err;
  return out;
}

