/* links.h - the modelled interconnect (links.c): which link a transfer between the host and a
 * device, or between two devices, goes over, what it costs, and what each link has carried. */
#ifndef VGPU_LINKS_H_RUNTIME
#define VGPU_LINKS_H_RUNTIME
#include <stdint.h>
#include <stdio.h>
#include "vgpu/links.h"

#define VGPU_HOST (-1)           /* a transfer end that is the host's memory */

/* One transfer in flight: begun before its memcpy, ended after it. */
struct vgpu_link_xfer {
  int hops;                      /* 0 (same place), 1, or 2 (device to device through the host) */
  int link[2], dir[2], share[2];
  double hop_s[2];
  uint64_t bytes;
  double seconds;                /* modelled time: the sum over hops of latency + bytes / share */
  uint64_t start_ns;
};

/* Accounts `bytes` moving from `from` to `to` (device indexes or VGPU_HOST): over the peer link
 * when the devices have one, else up one host link and down the other. */
void vgpu_link_begin(struct vgpu_link_xfer *x, int from, int to, uint64_t bytes);
/* Ends it; under VGPU_LINK_PACE=1 first waits until its modelled time has passed since begin. */
void vgpu_link_end(struct vgpu_link_xfer *x);
/* True when devices a and b have a peer link. */
int vgpu_link_peers(int a, int b);
/* The links and their totals (the vendor query clGetLinksVGPU). */
unsigned vgpu_links(vgpu_link_info *out, unsigned max);
/* The block VGPU_COUNTERS=1 prints at exit: per link, bytes and transfers each way, modelled time. */
void vgpu_links_report(FILE *out);
/* Writes the links as a JSON array (VGPU_PROFILE's "links", docs/profile.md). */
void vgpu_links_json(FILE *f);
#endif
