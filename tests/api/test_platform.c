/* test_platform.c - clGetPlatformIDs / clGetPlatformInfo / extension function lookup through the
 * real ICD loader, checked against the values OpenCL 3.0 section 4.1 prescribes for VirtualGPU. */
#include <CL/cl_ext.h>
#include <pthread.h>
#include "testlib.h"

/* Many threads query the platform and create contexts at once: every thread sees the same handles.
 * (The ocl-icd loader's own initialisation is not thread-safe, helgrind shows, so main() makes one
 * call first; the loader then calls our clIcdGetPlatformIDsKHR, whose platform creation is a
 * pthread_once.) */
static cl_platform_id seen_platform[8];
static cl_device_id seen_device[8];
static void *first_calls(void *arg) {
  int i = (int)(intptr_t)arg;
  cl_platform_id ids[16];
  cl_uint n = 0;
  if (clGetPlatformIDs(16, ids, &n) != CL_SUCCESS) return (void *)1;
  for (cl_uint j = 0; j < n && j < 16; j++) {
    char name[64] = "";
    clGetPlatformInfo(ids[j], CL_PLATFORM_NAME, sizeof name, name, NULL);
    if (!strcmp(name, "VirtualGPU")) seen_platform[i] = ids[j];
  }
  if (!seen_platform[i]) return (void *)1;
  if (clGetDeviceIDs(seen_platform[i], CL_DEVICE_TYPE_ALL, 1, &seen_device[i], NULL) != CL_SUCCESS) return (void *)1;
  cl_context c = clCreateContext(NULL, 1, &seen_device[i], NULL, NULL, NULL);
  if (!c || clReleaseContext(c) != CL_SUCCESS) return (void *)1;
  return NULL;
}

static char *platform_string(cl_platform_id p, cl_platform_info param) {
  size_t size = 0;
  if (clGetPlatformInfo(p, param, 0, NULL, &size) != CL_SUCCESS || size == 0) return NULL;
  char *s = malloc(size);
  size_t size2 = 0;
  if (clGetPlatformInfo(p, param, size, s, &size2) != CL_SUCCESS || size2 != size || strlen(s) + 1 != size) {
    free(s);
    return NULL;
  }
  return s;
}

int main(void) {
  if (getenv("OCL_ICD_VENDORS")) { /* only where the loader is restricted to us */
    cl_uint warm = 0;
    clGetPlatformIDs(0, NULL, &warm);
    pthread_t t[8];
    int failures = 0;
    for (int i = 0; i < 8; i++) pthread_create(&t[i], NULL, first_calls, (void *)(intptr_t)i);
    for (int i = 0; i < 8; i++) {
      void *r;
      pthread_join(t[i], &r);
      failures += r != NULL;
    }
    CHECK(failures == 0);
    for (int i = 1; i < 8; i++) CHECK(seen_platform[i] == seen_platform[0] && seen_device[i] == seen_device[0]);
  }
  cl_platform_id p = vt_platform();

  /* clGetPlatformIDs argument rules (through the loader). */
  cl_uint n = 0;
  CHECK_OK(clGetPlatformIDs(0, NULL, &n));
  CHECK(n >= 1);
  cl_platform_id dummy;
  CHECK_ERR(clGetPlatformIDs(0, &dummy, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetPlatformIDs(1, NULL, NULL), CL_INVALID_VALUE);

  /* Every string query: exact values, and the size rule (strlen + 1). */
  struct { cl_platform_info param; const char *expect; } strings[] = {
    {CL_PLATFORM_NAME, "VirtualGPU"}, {CL_PLATFORM_PROFILE, "FULL_PROFILE"},
    {CL_PLATFORM_EXTENSIONS, "cl_khr_icd cl_vgpu_counters cl_vgpu_links"}, {CL_PLATFORM_ICD_SUFFIX_KHR, "VGPU"},
    {CL_PLATFORM_VENDOR, NULL}, {CL_PLATFORM_VERSION, NULL},
  };
  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
    char *s = platform_string(p, strings[i].param);
    CHECK(s != NULL);
    if (s && strings[i].expect) CHECK(!strcmp(s, strings[i].expect));
    if (s && !strings[i].expect) CHECK(strlen(s) > 0);
    free(s);
  }
  /* "OpenCL<space><major.minor><space><platform-specific information>" agreeing with the numeric version. */
  char *version = platform_string(p, CL_PLATFORM_VERSION);
  CHECK(version && !strncmp(version, "OpenCL 3.0 VirtualGPU ", 22));
  cl_version numeric = 0;
  CHECK_OK(clGetPlatformInfo(p, CL_PLATFORM_NUMERIC_VERSION, sizeof numeric, &numeric, NULL));
  CHECK(CL_VERSION_MAJOR(numeric) == 3 && CL_VERSION_MINOR(numeric) == 0);
  free(version);

  /* Extensions with version: the same names as the string. */
  size_t size = 0;
  CHECK_OK(clGetPlatformInfo(p, CL_PLATFORM_EXTENSIONS_WITH_VERSION, 0, NULL, &size));
  CHECK(size == 3 * sizeof(cl_name_version));
  cl_name_version ext[3];
  CHECK_OK(clGetPlatformInfo(p, CL_PLATFORM_EXTENSIONS_WITH_VERSION, sizeof ext, ext, NULL));
  CHECK(!strcmp(ext[0].name, "cl_khr_icd") && CL_VERSION_MAJOR(ext[0].version) == 1);
  CHECK(!strcmp(ext[1].name, "cl_vgpu_counters") && CL_VERSION_MAJOR(ext[1].version) == 1);
  CHECK(!strcmp(ext[2].name, "cl_vgpu_links") && CL_VERSION_MAJOR(ext[2].version) == 1);

  cl_ulong res = 0;
  CHECK_OK(clGetPlatformInfo(p, CL_PLATFORM_HOST_TIMER_RESOLUTION, sizeof res, &res, &size));
  CHECK(size == sizeof(cl_ulong) && res >= 1);

  /* Negative cases: too small a buffer, an unknown name, a handle that is not a platform. */
  char small[4];
  CHECK_ERR(clGetPlatformInfo(p, CL_PLATFORM_NAME, sizeof small, small, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetPlatformInfo(p, CL_PLATFORM_NUMERIC_VERSION, 2, &numeric, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetPlatformInfo(p, 0x7777, sizeof small, small, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetPlatformInfo(p, CL_DEVICE_NAME, sizeof small, small, NULL), CL_INVALID_VALUE);
  cl_device_id dev = vt_device();
  CHECK_ERR(clGetPlatformInfo((cl_platform_id)dev, CL_PLATFORM_NAME, 0, NULL, &size), CL_INVALID_PLATFORM);
  /* size_ret alone, without a value. */
  size = 0;
  CHECK_OK(clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, NULL, &size));
  CHECK(size == strlen("VirtualGPU") + 1);

  /* cl_khr_icd: clIcdGetPlatformIDsKHR is reachable as an extension function and lists this platform. */
  typedef cl_int (*icd_get_fn)(cl_uint, cl_platform_id *, cl_uint *);
  icd_get_fn icd_get = (icd_get_fn)clGetExtensionFunctionAddressForPlatform(p, "clIcdGetPlatformIDsKHR");
  CHECK(icd_get != NULL);
  if (icd_get) {
    cl_platform_id q = NULL;
    cl_uint m = 0;
    CHECK_OK(icd_get(1, &q, &m));
    CHECK(q == p && m == 1);
    CHECK_ERR(icd_get(0, &q, NULL), CL_INVALID_VALUE);
    CHECK_ERR(icd_get(1, NULL, NULL), CL_INVALID_VALUE);
  }
  CHECK(clGetExtensionFunctionAddressForPlatform(p, "clNoSuchFunctionVGPU") == NULL);
  /* Core functions are not extension functions. */
  CHECK(clGetExtensionFunctionAddressForPlatform(p, "clCreateBuffer") == NULL);

  /* Host timer: CLOCK_MONOTONIC nanoseconds, never going back. */
  cl_ulong t0 = 0, t1 = 0, d0 = 0, h0 = 0;
  CHECK_OK(clGetHostTimer(dev, &t0));
  CHECK_OK(clGetDeviceAndHostTimer(dev, &d0, &h0));
  CHECK_OK(clGetHostTimer(dev, &t1));
  CHECK(t0 > 0 && t0 <= h0 && h0 <= t1 && d0 >= t0 && d0 <= t1);
  CHECK_ERR(clGetHostTimer(dev, NULL), CL_INVALID_VALUE);
  CHECK_ERR(clGetDeviceAndHostTimer(dev, NULL, &h0), CL_INVALID_VALUE);
  CHECK_ERR(clGetHostTimer((cl_device_id)p, &t0), CL_INVALID_DEVICE);
  return vt_finish();
}
