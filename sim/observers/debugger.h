/* debugger.h - the debugger observer's arena buffer (sim/observers/debugger.c), which the runtime
 * fills (runtime/observe.c) and the SMs of one launch share: where the `vgpu debug` process
 * listens, the kernel's source text, and the breakpoints (refreshed by the debugger at each stop). */
#ifndef VGPU_SIM_OBSERVERS_DEBUGGER_H
#define VGPU_SIM_OBSERVERS_DEBUGGER_H
#include <stdint.h>

#define VGPU_DBG_MAX_BP 64
enum vgpu_dbg_bp_kind { VGPU_DBG_BP_NONE, VGPU_DBG_BP_LINE, VGPU_DBG_BP_KERNEL, VGPU_DBG_BP_WATCH };
struct vgpu_dbg_bp {
  uint32_t kind, number;  /* enum vgpu_dbg_bp_kind; the number the debugger gave it */
  uint32_t line, reserved;
  uint64_t addr;          /* WATCH: the tagged VIR address (vir.h) */
  char name[112];         /* LINE: the file ("" any); KERNEL: the kernel */
};
struct vgpu_dbg_shared {
  char socket[108];       /* the debugger's Unix socket (VGPU_DEBUG) */
  uint32_t device;        /* the device's index, for the stop reports */
  _Atomic uint32_t state; /* breakpoints: 0 not loaded, 1 being loaded, 2 loaded */
  _Atomic uint32_t quit;  /* the user quit: the launch ends */
  _Atomic uint32_t entered; /* a kernel breakpoint stopped this launch already */
  uint32_t nbp;
  struct vgpu_dbg_bp bp[VGPU_DBG_MAX_BP];
  uint64_t source_size;   /* the program's source text follows (NUL-terminated; 0: unknown) */
  /* char source[source_size + 1]; */
};
#endif
