/* The OpenCL 1.0 option -cl-strict-aliasing is accepted (piglit
 * program@build@optimization-options-cl10), and the predefined macros are right (piglit
 * program@check predefined preprocessor macros): __OPENCL_VERSION__ is the device's OpenCL
 * version, 300 for this OpenCL 3.0 device (OpenCL C 3.0 section 6.12), and __IMAGE_SUPPORT__ is
 * defined, as the device has images (CL_DEVICE_IMAGE_SUPPORT is CL_TRUE). */
/*!
 * options: -cl-std=CL1.0 -cl-strict-aliasing -cl-mad-enable
 *
 * run macros: macros
 *   global: 1
 *   arg out: global int[2]
 *   expect out = [300, 1]
 */
kernel void macros(global int *out) {
#ifdef __OPENCL_VERSION__
  out[0] = __OPENCL_VERSION__;
#else
  out[0] = -1;
#endif
#ifdef __IMAGE_SUPPORT__
  out[1] = 1;
#else
  out[1] = 0;
#endif
}
