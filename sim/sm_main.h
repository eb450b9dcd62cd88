/* sm_main.h - the SM worker process's entry point (sm_main.c), run by `vgpu sm` (tools/vgpu.c) and
 * by the `vgpu-sm` executable (sim/worker/vgpu_sm.c). */
#ifndef VGPU_SIM_SM_MAIN_H
#define VGPU_SIM_SM_MAIN_H
/* argv: sm --arena-fd N --arena-size BYTES --sock FD --index I --warp W --local-mem BYTES */
int vgpu_sm_main(int argc, char **argv);
#endif
