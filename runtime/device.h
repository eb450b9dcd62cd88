/* device.h - a VirtualGPU device: its limits (from the configuration), its global memory arena
 * and, started on first use, its SM processes and command processor. */
#ifndef VGPU_DEVICE_H
#define VGPU_DEVICE_H
#include "runtime/object.h"
#include "sim/arena.h"

struct vgpu_engine;

struct _cl_device_id {
  struct vgpu_object obj;
  cl_platform_id platform;
  unsigned index;                 /* 0 .. devices-1 */
  char name[64];                  /* "VirtualGPU SIMT <index>" */
  cl_uint sms, warp_size;
  cl_ulong global_mem, local_mem, max_alloc;
  size_t max_wg_size;
  struct vgpu_arena arena;        /* created with the device */
  pthread_mutex_t engine_lock;
  struct vgpu_engine *engine;     /* SM processes, created on the first launch */
};

/* The device's SM processes, started on first call (thread-safe); NULL and a log line on failure. */
struct vgpu_engine *vgpu_device_engine(cl_device_id dev);
/* Path of the `vgpu` helper binary (compiler service and SM worker). */
const char *vgpu_helper_path(void);
#endif
