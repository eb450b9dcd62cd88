/* platform.h - the one VirtualGPU platform and its devices, created on first use from the
 * configuration (VGPU_DEVICES devices) and alive until the process exits. */
#ifndef VGPU_PLATFORM_H
#define VGPU_PLATFORM_H
#include "runtime/device.h"

struct _cl_platform_id {
  struct vgpu_object obj;
  cl_uint ndevices;
  cl_device_id *devices;
};

/* The platform, initialised on first call (thread-safe). */
cl_platform_id vgpu_platform(void);
/* True when p is the VirtualGPU platform (NULL is not). */
int vgpu_platform_valid(cl_platform_id p);
/* Device setup (device.c): limits from the configuration and the global memory arena. */
int vgpu_device_init(struct _cl_device_id *dev, cl_platform_id platform, unsigned index);
/* Host timer in nanoseconds (CLOCK_MONOTONIC); also the devices' profiling clock. */
cl_ulong vgpu_host_time_ns(void);
#endif
