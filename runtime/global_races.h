/* global_races.h - the host part of the global race detector (VGPU_CHECKS=1): its arena buffer,
 * sized to the buffers the kernel was given and filled per launch (global_races.c; the SM part is
 * sim/observers/global_races.c, the buffer's layout sim/observers/global_races.h). */
#ifndef VGPU_RUNTIME_GLOBAL_RACES_H
#define VGPU_RUNTIME_GLOBAL_RACES_H
#include <stdint.h>
#include "runtime/config.h"
#include "runtime/observe.h"

int vgpu_global_races_wanted(const struct vgpu_config *cfg, cl_command_queue q);
/* 0: nothing to check in this launch (a suppressed kernel, no buffers, too many work-items). */
uint64_t vgpu_global_races_size(const struct vgpu_observe_launch *o);
void vgpu_global_races_fill(const struct vgpu_observe_launch *o, uint8_t *buf);
#endif
