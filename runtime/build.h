/* build.h - starting the build or compile of a program once api/build_api.c has checked the
 * arguments (build.c). */
#ifndef VGPU_BUILD_H
#define VGPU_BUILD_H
#include "runtime/object.h"

/* Builds (link_too) or compiles p for the n devices of list (n 0: all of p's), with the embedded
 * headers for a compile; synchronously, or on a thread of its own when notify is given, which is
 * then called when it ends.  CL_INVALID_OPERATION when kernels are attached to p or a build of p
 * is still running; the build's own result otherwise (CL_SUCCESS once started, asynchronously). */
cl_int vgpu_program_start_build(cl_program p, cl_uint n, const cl_device_id *list, const char *options, int link_too,
                                cl_uint nheaders, const cl_program *headers, const char **names,
                                void(CL_CALLBACK *notify)(cl_program, void *), void *user_data);
#endif
