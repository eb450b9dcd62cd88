/* options.h - OpenCL build, compile and link options (OpenCL 3.0 section 5.8.4), parsed once and
 * turned into Clang -cc1 arguments and pipeline switches. */
#ifndef VGPU_COMPILER_OPTIONS_H
#define VGPU_COMPILER_OPTIONS_H
#include <stddef.h>

/* Which API the options came from: each accepts a different set (5.8.4 vs 5.8.5). */
enum vgpu_opt_mode { VGPU_OPT_BUILD, VGPU_OPT_COMPILE, VGPU_OPT_LINK };

struct vgpu_options {
  char **cc1;                 /* Clang -cc1 arguments derived from the options (-D, -I, -w, ...) */
  int ncc1;
  int cl_std;                 /* 100, 110, 120, 200, 300; 0 = the device default (1.2) */
  int opt_disable, mad_enable, no_signed_zeros, unsafe_math, finite_math, fast_relaxed;
  int denorms_are_zero, single_precision_constant, correctly_rounded_divide_sqrt;
  int uniform_work_group_size, kernel_arg_info, debug, create_library, enable_link_options;
  int images;                 /* -vgpu-images / -vgpu-no-images: whether the device has images (the
                               * runtime adds one; without either, VGPU_IMAGE_SUPPORT decides: frontend.c) */
};

/* Parses the option text in argv[0..argc) (each element may hold several options; quotes group).
 * Returns 0, or -1 with a message in err for an option this mode does not accept (the runtime
 * maps exit code 2 to CL_INVALID_BUILD/COMPILER/LINKER_OPTIONS). */
int vgpu_options_parse(struct vgpu_options *o, enum vgpu_opt_mode mode, int argc, char **argv,
                       char *err, size_t err_len);
/* Whether the device accepts -cl-std=<v> (device_caps.h VGPU_OPENCL_C_VERSIONS). */
int vgpu_options_std_supported(int cl_std);
void vgpu_options_free(struct vgpu_options *o);
#endif
