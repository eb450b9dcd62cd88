/* test_icd_dispatch.c - every slot of the OpenCL 3.0 ICD dispatch table (CL/cl_icd.h's struct
 * _cl_icd_dispatch, up to clSetContextDestructorCallback) that belongs to the core API is a
 * function defined in libVirtualGPU.so itself: not NULL, and not an address of another object
 * (dladdr names the library that holds each one).  The table is the one the loader uses: read
 * through the platform handle's first word, as cl_khr_icd specifies.  Slots are walked by index,
 * so a slot the runtime leaves out fails here.  Only the sharing extensions' slots (GL, D3D10/11,
 * DX9, EGL, and the EXT/KHR variants of core functions) may be NULL: they belong to extensions
 * VirtualGPU does not report. */
#include <CL/cl_icd.h>
#include <dlfcn.h>
#include <stddef.h>
#include "testlib.h"

#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

#define SLOT(name) (offsetof(struct _cl_icd_dispatch, name) / sizeof(void *))
/* Extension slots: OpenCL 3.0 core does not define these functions. */
static const size_t extension_slots[] = {
    SLOT(clCreateFromGLBuffer), SLOT(clCreateFromGLTexture2D), SLOT(clCreateFromGLTexture3D),
    SLOT(clCreateFromGLRenderbuffer), SLOT(clGetGLObjectInfo), SLOT(clGetGLTextureInfo),
    SLOT(clEnqueueAcquireGLObjects), SLOT(clEnqueueReleaseGLObjects), SLOT(clGetGLContextInfoKHR),
    SLOT(clGetDeviceIDsFromD3D10KHR), SLOT(clCreateFromD3D10BufferKHR), SLOT(clCreateFromD3D10Texture2DKHR),
    SLOT(clCreateFromD3D10Texture3DKHR), SLOT(clEnqueueAcquireD3D10ObjectsKHR),
    SLOT(clEnqueueReleaseD3D10ObjectsKHR), SLOT(clCreateSubDevicesEXT), SLOT(clRetainDeviceEXT),
    SLOT(clReleaseDeviceEXT), SLOT(clCreateEventFromGLsyncKHR), SLOT(clCreateFromGLTexture),
    SLOT(clGetDeviceIDsFromD3D11KHR), SLOT(clCreateFromD3D11BufferKHR), SLOT(clCreateFromD3D11Texture2DKHR),
    SLOT(clCreateFromD3D11Texture3DKHR), SLOT(clCreateFromDX9MediaSurfaceKHR),
    SLOT(clEnqueueAcquireD3D11ObjectsKHR), SLOT(clEnqueueReleaseD3D11ObjectsKHR),
    SLOT(clGetDeviceIDsFromDX9MediaAdapterKHR), SLOT(clEnqueueAcquireDX9MediaSurfacesKHR),
    SLOT(clEnqueueReleaseDX9MediaSurfacesKHR), SLOT(clCreateFromEGLImageKHR),
    SLOT(clEnqueueAcquireEGLObjectsKHR), SLOT(clEnqueueReleaseEGLObjectsKHR),
    SLOT(clCreateEventFromEGLSyncKHR), SLOT(clGetKernelSubGroupInfoKHR),
};

static int is_extension(size_t slot) {
  for (size_t i = 0; i < sizeof extension_slots / sizeof extension_slots[0]; i++)
    if (extension_slots[i] == slot) return 1;
  return 0;
}

int main(void) {
  const char *build = getenv("VGPU_BUILD_DIR");
  if (!build) {
    fprintf(stderr, "VGPU_BUILD_DIR unset (ctest sets it): skipped\n");
    return 77;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/bin/libVirtualGPU.so", build);
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!CHECK(lib != NULL)) {
    fprintf(stderr, "  dlopen %s: %s\n", path, dlerror());
    return vt_finish();
  }
  /* What the loader does: clIcdGetPlatformIDsKHR, then the dispatch pointer of the handle. */
  cl_int (*get_ids)(cl_uint, cl_platform_id *, cl_uint *) =
      (cl_int(*)(cl_uint, cl_platform_id *, cl_uint *))dlsym(lib, "clIcdGetPlatformIDsKHR");
  cl_platform_id platform = NULL;
  if (!CHECK(get_ids && get_ids(1, &platform, NULL) == CL_SUCCESS && platform)) return vt_finish();
  const void *const *table = *(const void *const *const *)platform;
  Dl_info self;
  if (!CHECK(dladdr((void *)get_ids, &self) && self.dli_fbase)) return vt_finish();

  /* Every member up to OpenCL 3.0's last, clSetContextDestructorCallback. */
  size_t last = SLOT(clSetContextDestructorCallback), core = 0, bad = 0;
  for (size_t i = 0; i <= last; i++) {
    if (is_extension(i)) continue;
    core++;
    Dl_info info;
    const void *fn = table[i];
    if (!fn) {
      fprintf(stderr, "  slot %zu is NULL\n", i);
      bad++;
    } else if (!dladdr(fn, &info) || info.dli_fbase != self.dli_fbase) {
      fprintf(stderr, "  slot %zu points outside libVirtualGPU.so (%s)\n", i, info.dli_fname ? info.dli_fname : "?");
      bad++;
    }
  }
  CHECK(bad == 0);
  /* OpenCL 3.0's core API has 114 functions with a slot (the table's 149 members up to
   * clSetContextDestructorCallback, less the 35 extension slots above). */
  CHECK(last + 1 == 149 && core == 114);
  printf("%zu core slots checked, %zu bad\n", core, bad);
  return vt_finish();
}
