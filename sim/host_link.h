/* host_link.h - what ties a helper process (an SM worker, the compiler helper) to the host program
 * that started it: it must not outlive the host.  Linux tells a child that its parent died with
 * PR_SET_PDEATHSIG, but the "parent" there is the host *thread* that spawned it (the runtime spawns
 * from its command-processor and build threads), so the signal also comes when only that thread
 * ends: the handler acts only when getppid() is no longer the host process.  Long computations call
 * vgpu_host_gone() at a cheap interval as well, in case the signal was missed. */
#ifndef VGPU_SIM_HOST_LINK_H
#define VGPU_SIM_HOST_LINK_H

/* Ties this process to host_pid (the host's process id, as getpid() gave it there).  When the host
 * is gone, the process exits at once (status 1), first removing private_dir (recursively) when it
 * is not NULL: the compiler helper's build folder, which the dead host can no longer remove.
 * Exits at once when the host is already gone.  host_pid <= 0: no tie (a process run by hand). */
void vgpu_host_link(long host_pid, const char *private_dir);
/* True when a tie was made and the host has gone (this process was re-parented). */
int vgpu_host_gone(void);
/* Exits as vgpu_host_link's handler does when the host is gone; returns otherwise. */
void vgpu_host_check(void);
#endif
