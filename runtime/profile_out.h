/* profile_out.h - the VGPU_PROFILE file (profile_out.c; schema: docs/profile.md). */
#ifndef VGPU_PROFILE_OUT_H
#define VGPU_PROFILE_OUT_H
#include <stdint.h>

struct vgpu_observe_launch;
/* Opens (truncates) the file on first call; 0 when it cannot be written (said once in the log). */
int vgpu_profile_out_ok(void);
/* Appends one completed launch: rows is the profile observer's buffer (include/vgpu/profile.h). */
void vgpu_profile_out_launch(const struct vgpu_observe_launch *o, const uint64_t *rows);
#endif
