/* device.h - a VirtualGPU device: its limits (from the configuration), its global memory arena
 * and, started on first use, its SM processes and command processor. */
#ifndef VGPU_DEVICE_H
#define VGPU_DEVICE_H
#include "runtime/object.h"
#include "sim/arena.h"

struct vgpu_engine;

/* Fixed device properties (clGetDeviceInfo reports them; the runtime and compiler rely on them). */
#define VGPU_ADDRESS_BITS 64                    /* device pointers are 64-bit arena offsets */
#define VGPU_PRINTF_BUFFER_SIZE (1u << 20)      /* CL_DEVICE_PRINTF_BUFFER_SIZE: 1 MiB, the minimum */
#define VGPU_MAX_CONSTANT_BUFFER_SIZE (64u << 10)
#define VGPU_MAX_CONSTANT_ARGS 8
#define VGPU_MAX_PARAMETER_SIZE 1024
#define VGPU_MEM_BASE_ADDR_ALIGN 1024           /* bits: the size of long16, so any type fits */
/* Bytes: a buffer's storage is whole granules, starting on one (a GPU maps memory in pages), so an
 * access a little past a buffer's end stays in memory of its own, which by default is not a fault
 * (ndrange.c), and never reaches another allocation. */
#define VGPU_BUFFER_GRANULE 512

struct _cl_device_id {
  struct vgpu_object obj;
  cl_platform_id platform;
  unsigned index;                 /* 0 .. devices-1 */
  char name[64];                  /* "VirtualGPU SIMT <index>" */
  cl_uint sms, warp_size;
  cl_ulong global_mem, local_mem, max_alloc;
  size_t max_wg_size;
  struct vgpu_arena arena;        /* created with the device */
  int available;                  /* 0 when the arena could not be created (CL_DEVICE_AVAILABLE) */
  pthread_mutex_t engine_lock;
  struct vgpu_engine *engine;     /* SM processes, created on the first launch */
};

/* The device's SM processes, started on first call (thread-safe); NULL and a log line on failure. */
struct vgpu_engine *vgpu_device_engine(cl_device_id dev);
/* True when d is one of the platform's devices (NULL is not). */
int vgpu_device_valid(cl_device_id d);
/* Path of the `vgpu` helper binary (compiler service and SM worker). */
const char *vgpu_helper_path(void);
#endif
