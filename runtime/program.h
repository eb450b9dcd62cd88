/* program.h - program objects: source or binaries, what building them produced for each device,
 * and where the executable lives in each device's arena once a kernel of it has run there. */
#ifndef VGPU_PROGRAM_H
#define VGPU_PROGRAM_H
#include <stdint.h>
#include "runtime/object.h"
#include "runtime/spirv.h"
#include "vir/vir.h"

enum vgpu_program_origin { VGPU_ORIGIN_SOURCE, VGPU_ORIGIN_IL, VGPU_ORIGIN_BINARY, VGPU_ORIGIN_LINKED };

/* A device's executable: the VIR module and, once a kernel of it has run there, its code and data
 * segments in the device's arena.  Reference counted: a queued launch keeps the executable it was
 * enqueued with even if the program is rebuilt before the launch runs. */
struct vgpu_exec {
  atomic_uint refs;
  cl_device_id dev;
  uint8_t *vir;
  size_t size;
  pthread_mutex_t lock;
  int loaded;
  uint64_t module_off, data_off;
};
struct vgpu_exec *vgpu_exec_new(cl_device_id dev, uint8_t *vir, size_t size); /* takes vir */
void vgpu_exec_retain(struct vgpu_exec *e);
void vgpu_exec_release(struct vgpu_exec *e);
/* Copies the executable and its data segment into the device's arena once (command processor
 * thread).  CL_SUCCESS, or CL_OUT_OF_RESOURCES when the arena is full. */
cl_int vgpu_exec_load(struct vgpu_exec *e, uint64_t *module_off, uint64_t *data_off);

/* One device's build (program binaries, build status and logs are per device, OpenCL 3.0 s5.8). */
struct vgpu_program_build {
  cl_device_id dev;
  cl_build_status status;          /* CL_BUILD_NONE / IN_PROGRESS / SUCCESS / ERROR */
  cl_program_binary_type type;     /* NONE, COMPILED_OBJECT, LIBRARY, EXECUTABLE */
  char *options;                   /* of the last build, compile or link */
  char *log;
  uint8_t *payload;                /* VIR module (EXECUTABLE: exec->vir) or LLVM bitcode */
  size_t payload_size;
  struct vgpu_exec *exec;          /* EXECUTABLE only */
  int arg_info;                    /* -cl-kernel-arg-info was given (clGetKernelArgInfo) */
};

struct _cl_program {
  struct vgpu_object obj;
  cl_context context;
  enum vgpu_program_origin origin;
  char *source;                    /* CL_PROGRAM_SOURCE (NULL when not created from source) */
  size_t source_len;
  uint8_t *il;                     /* CL_PROGRAM_IL: the SPIR-V module as given (NULL otherwise) */
  size_t il_len;
  struct vgpu_spirv_info spirv;    /* its specialization constants and the values set (spirv.h) */
  cl_uint ndevices;                /* the program's devices: the context's, or the list given */
  struct vgpu_program_build *builds;
  atomic_uint nkernels;            /* kernel objects attached (a build then is CL_INVALID_OPERATION) */
  atomic_uint internal;            /* kernels and launches holding it; +1 while refs > 0 */
  atomic_int building;             /* a build, compile or link is running on it */
};

int vgpu_program_is(cl_program p);
/* True when b holds a usable executable: built, or loaded from an executable binary (kernels can
 * be created from those before clBuildProgram, as applications and other platforms expect). */
int vgpu_build_has_executable(const struct vgpu_program_build *b);
/* The build of dev, or NULL when dev is not one of the program's devices. */
struct vgpu_program_build *vgpu_program_build_of(cl_program p, cl_device_id dev);
/* The first device's executable VIR module (kernel names and metadata), or NULL. */
const struct vir_header *vgpu_program_module(cl_program p);
/* Internal references (kernels): the program is freed when they and the application's are gone. */
void vgpu_program_retain_internal(cl_program p);
void vgpu_program_release_internal(cl_program p);
/* Gives a build its payload (taken, not copied): executables become a struct vgpu_exec. */
void vgpu_build_set_payload(struct vgpu_program_build *b, uint8_t *payload, size_t size);

/* Core operations behind the entry points (program.c); the entry points validate first. */
cl_program vgpu_program_create(cl_context ctx, enum vgpu_program_origin origin, cl_uint ndevices,
                               const cl_device_id *devices, cl_int *err);
void vgpu_program_destroy(cl_program p);
/* Marks the build of each target device CL_BUILD_IN_PROGRESS: an asynchronous build (one with a
 * pfn_notify) must read so from the moment clBuildProgram/clCompileProgram returns (the CTS's
 * compile_and_link_status_options_log polls it). */
void vgpu_program_mark_in_progress(cl_program p, cl_uint n, const cl_device_id *devs);
/* Runs the compiler for the listed devices (all of the program's when n == 0): "build" or
 * "compile" (headers: clCompileProgram's input headers).  Returns CL_SUCCESS,
 * CL_BUILD_PROGRAM_FAILURE / CL_COMPILE_PROGRAM_FAILURE, CL_INVALID_BUILD_OPTIONS /
 * CL_INVALID_COMPILER_OPTIONS, or CL_OUT_OF_HOST_MEMORY. */
cl_int vgpu_program_compile(cl_program p, cl_uint n, const cl_device_id *devs, const char *options,
                            int link_too, cl_uint nheaders, const cl_program *headers,
                            const char **header_names);
/* Links inputs into out for the listed devices (see clLinkProgram). */
cl_int vgpu_program_link(cl_program out, cl_uint n, const cl_device_id *devs, const char *options,
                         cl_uint ninputs, const cl_program *inputs);
#endif
