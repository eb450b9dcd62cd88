/* platform.c - the VirtualGPU platform object: created once, with its devices, the first time any
 * entry point needs it; never destroyed (platforms and root devices are not reference counted,
 * OpenCL 3.0 section 4.1 and 4.2). */
#include <stdlib.h>
#include <time.h>
#include "runtime/config.h"
#include "runtime/platform.h"

static struct _cl_platform_id the_platform;
static pthread_once_t platform_once = PTHREAD_ONCE_INIT;

static void platform_init(void) {
  const struct vgpu_config *cfg = vgpu_config();
  vgpu_object_init(&the_platform.obj, VGPU_PLATFORM);
  struct _cl_device_id *devs = calloc((size_t)cfg->devices, sizeof *devs);
  cl_device_id *handles = calloc((size_t)cfg->devices, sizeof *handles);
  if (!devs || !handles) {
    vgpu_log(VGPU_LOG_ERROR, "out of host memory creating %d devices", cfg->devices);
    free(devs);
    free(handles);
    return;
  }
  for (int i = 0; i < cfg->devices; i++) {
    vgpu_device_init(&devs[i], &the_platform, (unsigned)i);
    handles[i] = &devs[i];
  }
  the_platform.devices = handles;
  the_platform.ndevices = (cl_uint)cfg->devices;
}

cl_platform_id vgpu_platform(void) {
  pthread_once(&platform_once, platform_init);
  return &the_platform;
}

int vgpu_platform_valid(cl_platform_id p) {
  return p == vgpu_platform();
}

int vgpu_device_valid(cl_device_id d) {
  cl_platform_id p = vgpu_platform();
  for (cl_uint i = 0; i < p->ndevices; i++)
    if (p->devices[i] == d) return 1;
  return 0;
}

cl_ulong vgpu_host_time_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (cl_ulong)ts.tv_sec * 1000000000ull + (cl_ulong)ts.tv_nsec;
}
