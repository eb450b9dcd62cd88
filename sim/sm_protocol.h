/* sm_protocol.h - the messages between the engine (host, engine.c) and an SM process
 * (sm_main.c) over their socketpair.  Everything else travels through the shared arena. */
#ifndef VGPU_SIM_SM_PROTOCOL_H
#define VGPU_SIM_SM_PROTOCOL_H
#include <stdint.h>

enum { VGPU_SM_RUN = 1 /* run the struct vgpu_launch at arena offset launch_off */ };

struct vgpu_sm_request {
  uint32_t cmd;
  uint32_t reserved;
  uint64_t launch_off;
};

struct vgpu_sm_reply {
  uint32_t status;      /* enum vgpu_launch_status as this SM saw it */
  uint32_t reserved;
  uint64_t groups;      /* work-groups this SM ran */
};
#endif
