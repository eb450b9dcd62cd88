/* config.h - every VGPU_* knob, read once from the environment (config.c), with its default.
 * docs/configuration.md lists them; clinfo shows the resulting device limits. */
#ifndef VGPU_CONFIG_H
#define VGPU_CONFIG_H
#include <stdint.h>

struct vgpu_config {
  int devices;              /* VGPU_DEVICES: number of devices (1) */
  int sms;                  /* VGPU_SMS: SM processes per device (2, or the number of cores) */
  int warp_size;            /* VGPU_WARP_SIZE: lanes per warp (32) */
  uint64_t global_mem;      /* VGPU_GLOBAL_MEM: bytes of global memory per device (1 GiB) */
  uint64_t local_mem;       /* VGPU_LOCAL_MEM: bytes of local memory per work-group (64 KiB) */
  uint64_t max_wg_size;     /* VGPU_MAX_WORK_GROUP_SIZE (1024) */
  double watchdog_s;        /* VGPU_WATCHDOG: seconds before a launch is declared hung (30) */
  int counters;             /* VGPU_COUNTERS: print per-launch counters (0) */
  const char *trace;        /* VGPU_TRACE: trace file (NULL) */
  const char *profile;      /* VGPU_PROFILE: per-source-line profile, a JSON file (NULL) */
  const char *timeline;     /* VGPU_TIMELINE: Chrome trace file of the whole run (NULL) */
  int checks;               /* VGPU_CHECKS: extra fault checks (0) */
  /* VGPU_CHECKS_SUPPRESS=KERNEL[:LINE],...: races not to report, a kernel's or one of its lines' */
  const struct vgpu_suppress { char kernel[128]; uint32_t line; /* 0: every line */ } *suppress;
  int nsuppress;
  int cache;                /* VGPU_CACHE=0 disables the compile cache (1) */
  const char *cache_dir;    /* VGPU_CACHE_DIR ($XDG_CACHE_HOME or ~/.cache)/virtualgpu */
  const char *compiler;     /* VGPU_COMPILER: path of the vgpu helper (found beside the library) */
  const char *spirv_translator; /* VGPU_SPIRV_TRANSLATOR: llvm-spirv (the one found at configure time) */
  int spirv;                /* it can be run: the devices accept SPIR-V (cl_khr_il_program) */
  struct vgpu_topology {    /* VGPU_TOPOLOGY: the modelled interconnect (runtime/links.c) */
    int peers;              /* VGPU_TOPO_NONE, _RING or _ALL: which devices have peer links */
    double host_bw, host_lat;  /* every device's host link ("pcie"): bytes/s, seconds */
    double peer_bw, peer_lat;  /* peer links ("nvlink") */
    char text[128];         /* as given (or the default), for the log and `vgpu topology` */
  } topology;
  int images;               /* VGPU_IMAGES: image support (VGPU_IMAGE_SUPPORT of vgpu/device_caps.h);
                               1 turns the experimental, not yet advertised image path on */
  int link_pace;            /* VGPU_LINK_PACE=1: transfers also take their modelled wall time (0) */
  int schedule_random;      /* VGPU_SCHEDULE=random:SEED: work-groups and warps in a seeded random order (0) */
  uint64_t schedule_seed;   /* its SEED */
  const char *debug;        /* VGPU_DEBUG: the Unix socket of `vgpu debug` (which sets it): every
                               launch runs serially under the debugger, every build gets -g (NULL) */
};
enum { VGPU_TOPO_NONE, VGPU_TOPO_RING, VGPU_TOPO_ALL };

/* Parsed on first call; never changes afterwards.  The only place a VGPU_* variable is read (the
 * SM processes read none: what they need travels in the launch record, runtime/observe.c). */
const struct vgpu_config *vgpu_config(void);
#endif
