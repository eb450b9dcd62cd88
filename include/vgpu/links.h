/* links.h - the VirtualGPU vendor query of the modelled interconnect (VGPU_TOPOLOGY,
 * docs/configuration.md): every device's host link and the peer links between devices, with what
 * each has carried so far: the cl_vgpu_links extension (listed in CL_PLATFORM_EXTENSIONS).  Programs
 * reach it through clGetExtensionFunctionAddressForPlatform
 * (OpenCL 3.0 section 9.2) with the name "clGetLinksVGPU"; `vgpu topology` uses it too. */
#ifndef VGPU_LINKS_H
#define VGPU_LINKS_H
#include <CL/cl.h>

#define VGPU_LINK_HOST (-1)     /* the host end of a host link */

typedef struct vgpu_link_info {
  cl_int end[2];                /* its two ends: device indexes, or VGPU_LINK_HOST in end[0] */
  char kind[8];                 /* "pcie" (a host link) or "nvlink" (a peer link) */
  cl_double bandwidth;          /* bytes per second in each direction */
  cl_double latency;            /* seconds added to every transfer */
  cl_ulong bytes[2];            /* moved end[0] -> end[1] and end[1] -> end[0] */
  cl_ulong transfers[2];
  cl_double seconds;            /* the modelled time of all its transfers, summed */
} vgpu_link_info;

/* Fills up to num_entries links (host links first, device 0 upwards, then peer links) and sets
 * *num_links to how many there are.  CL_INVALID_PLATFORM for another platform, CL_INVALID_VALUE
 * when links is NULL with num_entries > 0, or both pointers are NULL. */
typedef cl_int(CL_API_CALL *clGetLinksVGPU_fn)(cl_platform_id platform, cl_uint num_entries,
                                               vgpu_link_info *links, cl_uint *num_links);
#endif
