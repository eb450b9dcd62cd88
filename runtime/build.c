/* build.c - running a build or compile of a program (see build.h): at once, or on a thread of
 * its own when the application gave pfn_notify (the specification lets clBuildProgram return
 * once the build has begun); the compiler itself is runtime/program.c's vgpu_program_compile. */
#include "runtime/build.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/program.h"

struct async_build {
  cl_program program;
  cl_uint n;
  cl_device_id *devs;
  char *options;
  int link_too;
  cl_uint nheaders;
  cl_program *headers;
  char **names;
  void(CL_CALLBACK *notify)(cl_program, void *);
  void *user_data;
};

static void async_free(struct async_build *a) {
  for (cl_uint i = 0; i < a->nheaders; i++) {
    vgpu_program_release_internal(a->headers[i]);
    free(a->names[i]);
  }
  free(a->headers); free(a->names); free(a->devs); free(a->options);
  free(a);
}

static void *async_build_main(void *arg) {
  struct async_build *a = arg;
  vgpu_program_compile(a->program, a->n, a->devs, a->options, a->link_too, a->nheaders, a->headers,
                       (const char **)a->names);
  atomic_store(&a->program->building, 0);
  /* The callback reports completion; success or failure is read with clGetProgramBuildInfo. */
  a->notify(a->program, a->user_data);
  vgpu_program_release_internal(a->program);
  async_free(a);
  return NULL;
}

cl_int vgpu_program_start_build(cl_program p, cl_uint n, const cl_device_id *list, const char *options, int link_too,
                                cl_uint nheaders, const cl_program *headers, const char **names,
                                void(CL_CALLBACK *notify)(cl_program, void *), void *user_data) {
  VG_RETURN_IF(atomic_load(&p->nkernels) > 0, CL_INVALID_OPERATION, "kernel objects are attached to program");
  int was = 0;
  VG_RETURN_IF(!atomic_compare_exchange_strong(&p->building, &was, 1), CL_INVALID_OPERATION,
               "a previous build of program has not completed");
  if (!notify) {
    cl_int err = vgpu_program_compile(p, n, list, options, link_too, nheaders, headers, names);
    atomic_store(&p->building, 0);
    return err;
  }
  struct async_build *a = calloc(1, sizeof *a);
  int fail = !a;
  if (a) {
    *a = (struct async_build){p, n, NULL, strdup(options ? options : ""), link_too, 0, NULL, NULL, notify, user_data};
    a->devs = calloc(n + 1, sizeof *a->devs);
    a->headers = calloc(nheaders + 1, sizeof *a->headers);
    a->names = calloc(nheaders + 1, sizeof *a->names);
    fail = !a->devs || !a->headers || !a->names || !a->options;
    if (!fail) {
      if (n) memcpy(a->devs, list, n * sizeof *list); /* list may be NULL when n is 0 (all devices) */
      for (cl_uint i = 0; i < nheaders; i++, a->nheaders++) {
        a->headers[i] = headers[i];
        vgpu_program_retain_internal(headers[i]);
        if (!(a->names[i] = strdup(names[i]))) fail = 1;
      }
    }
  }
  pthread_t t;
  pthread_attr_t attr;
  if (!fail) {
    vgpu_program_retain_internal(p);
    vgpu_program_mark_in_progress(p, n, list);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, async_build_main, a) != 0) {
      vgpu_program_release_internal(p);
      fail = 1;
    }
    pthread_attr_destroy(&attr);
  }
  if (fail) {
    if (a) async_free(a);
    atomic_store(&p->building, 0);
    return CL_OUT_OF_HOST_MEMORY;
  }
  return CL_SUCCESS;
}
