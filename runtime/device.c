/* device.c - a device's life: its limits from the configuration, its global memory arena (created
 * with the device), and its SM processes (the engine, started on first use because clinfo and most
 * API calls never need them). */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "runtime/config.h"
#include "runtime/platform.h"
#include "sim/launch.h"

int vgpu_device_init(struct _cl_device_id *dev, cl_platform_id platform, unsigned index) {
  const struct vgpu_config *cfg = vgpu_config();
  vgpu_object_init(&dev->obj, VGPU_DEVICE);
  dev->platform = platform;
  dev->index = index;
  snprintf(dev->name, sizeof dev->name, "VirtualGPU SIMT %u", index);
  dev->sms = (cl_uint)cfg->sms;
  dev->warp_size = (cl_uint)cfg->warp_size;
  dev->global_mem = cfg->global_mem;
  dev->local_mem = cfg->local_mem;
  /* OpenCL 3.0 table 4.3: CL_DEVICE_MAX_MEM_ALLOC_SIZE is at least max(1/4 of global memory,
   * 128 MiB) for a non-custom device, and no allocation can exceed global memory. */
  cl_ulong quarter = cfg->global_mem / 4, floor_ = 128ull << 20;
  dev->max_alloc = quarter > floor_ ? quarter : floor_;
  if (dev->max_alloc > cfg->global_mem) dev->max_alloc = cfg->global_mem;
  dev->max_wg_size = (size_t)cfg->max_wg_size;
  pthread_mutex_init(&dev->engine_lock, NULL);
  dev->engine = NULL;
  char arena_name[32];
  snprintf(arena_name, sizeof arena_name, "vgpu-global-%u", index);
  if (vgpu_arena_create(&dev->arena, cfg->global_mem, arena_name) != 0) {
    /* The device still exists (clinfo lists it) but reports CL_DEVICE_AVAILABLE false, and
     * contexts on it fail with CL_DEVICE_NOT_AVAILABLE instead of failing later and obscurely. */
    vgpu_log(VGPU_LOG_ERROR, "device %u: cannot create its %llu-byte global memory arena "
             "(lower VGPU_GLOBAL_MEM?): the device is not available", index,
             (unsigned long long)cfg->global_mem);
    dev->available = 0;
    return -1;
  }
  dev->available = 1;
  return 0;
}

struct vgpu_engine *vgpu_device_engine(cl_device_id dev) {
  pthread_mutex_lock(&dev->engine_lock);
  if (!dev->engine) {
    const struct vgpu_config *cfg = vgpu_config();
    struct vgpu_engine_config ec = {.nsms = (int)dev->sms, .warp_size = (int)dev->warp_size,
                                    .local_mem_size = dev->local_mem, .watchdog_s = cfg->watchdog_s,
                                    .helper_path = vgpu_helper_path()};
    if (vgpu_engine_create(&dev->engine, &dev->arena, &ec) != 0) {
      vgpu_log(VGPU_LOG_ERROR, "%s: cannot start its %u SM processes (helper %s)", dev->name,
               dev->sms, ec.helper_path);
      dev->engine = NULL;
    }
  }
  struct vgpu_engine *e = dev->engine;
  pthread_mutex_unlock(&dev->engine_lock);
  return e;
}

static char helper_path[PATH_MAX];
static pthread_once_t helper_once = PTHREAD_ONCE_INIT;

/* VGPU_COMPILER, else `vgpu` beside libVirtualGPU.so (the build tree), else <libdir>/../bin/vgpu
 * (an install, even moved), else the configured install bindir. */
static void helper_find(void) {
  const char *env = vgpu_config()->compiler;
  if (env) {
    snprintf(helper_path, sizeof helper_path, "%s", env);
    return;
  }
  Dl_info info;
  if (dladdr((void *)helper_find, &info) && info.dli_fname && strchr(info.dli_fname, '/')) {
    char lib[PATH_MAX];
    snprintf(lib, sizeof lib, "%s", info.dli_fname);
    const char *dir = dirname(lib);
    snprintf(helper_path, sizeof helper_path, "%s/vgpu", dir);
    if (access(helper_path, X_OK) == 0) return;
    /* An install: <prefix>/lib/libVirtualGPU.so and <prefix>/bin/vgpu, wherever the prefix is. */
    snprintf(helper_path, sizeof helper_path, "%s/../bin/vgpu", dir);
    if (access(helper_path, X_OK) == 0) return;
  }
  snprintf(helper_path, sizeof helper_path, "%s/vgpu", VGPU_INSTALL_BINDIR);
}

const char *vgpu_helper_path(void) {
  pthread_once(&helper_once, helper_find);
  return helper_path;
}
