/* cmd_topology.c - `vgpu topology`: the modelled interconnect the runtime builds from VGPU_TOPOLOGY
 * and VGPU_DEVICES (docs/configuration.md), each link with its bandwidth and latency, and the path
 * every pair of devices takes.  It asks the platform itself (the vendor query clGetLinksVGPU of
 * include/vgpu/links.h, through the ICD loader), so it shows what a program would get, from the one
 * parser in runtime/config.c.  The loader is opened at run time: the vgpu binary is also the SM
 * worker, which must not load it. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "vgpu/links.h"

typedef cl_int(CL_API_CALL *ids_fn)(cl_uint, cl_platform_id *, cl_uint *);
typedef cl_int(CL_API_CALL *pinfo_fn)(cl_platform_id, cl_platform_info, size_t, void *, size_t *);
typedef void *(CL_API_CALL *ext_fn)(cl_platform_id, const char *);

static const char *end_name(int e, char *buf, size_t len) {
  if (e == VGPU_LINK_HOST) return "host";
  snprintf(buf, len, "dev%d", e);
  return buf;
}

int vgpu_cmd_topology(int argc, char **argv) {
  (void)argv;
  if (argc > 1) {
    fprintf(stderr, "usage: vgpu topology   (set VGPU_DEVICES and VGPU_TOPOLOGY in the environment)\n");
    return 2;
  }
  void *cl = dlopen("libOpenCL.so.1", RTLD_NOW);
  ids_fn ids = cl ? (ids_fn)dlsym(cl, "clGetPlatformIDs") : NULL;
  pinfo_fn pinfo = cl ? (pinfo_fn)dlsym(cl, "clGetPlatformInfo") : NULL;
  ext_fn ext = cl ? (ext_fn)dlsym(cl, "clGetExtensionFunctionAddressForPlatform") : NULL;
  if (!ids || !pinfo || !ext) {
    fprintf(stderr, "vgpu topology: no OpenCL ICD loader (libOpenCL.so.1): %s\n", dlerror());
    return 1;
  }
  cl_platform_id plats[16];
  cl_uint np = 0;
  clGetLinksVGPU_fn get = NULL;
  cl_platform_id plat = NULL;
  if (ids(16, plats, &np) == CL_SUCCESS)
    for (cl_uint i = 0; i < np && i < 16 && !get; i++) {
      char name[64] = "";
      pinfo(plats[i], CL_PLATFORM_NAME, sizeof name, name, NULL);
      if (!strcmp(name, "VirtualGPU") && (get = (clGetLinksVGPU_fn)ext(plats[i], "clGetLinksVGPU"))) plat = plats[i];
    }
  if (!get) {
    fprintf(stderr, "vgpu topology: the ICD loader shows no VirtualGPU platform (is it installed, or "
                    "OCL_ICD_VENDORS set?)\n");
    return 1;
  }
  vgpu_link_info links[16 + 120];
  cl_uint n = 0;
  if (get(plat, sizeof links / sizeof links[0], links, &n) != CL_SUCCESS) return 1;
  if (n > sizeof links / sizeof links[0]) n = sizeof links / sizeof links[0];
  int ndev = 0;
  for (cl_uint i = 0; i < n; i++)
    if (links[i].end[0] == VGPU_LINK_HOST) ndev++;
  printf("%d device%s, %u link%s (a transfer takes latency + bytes / bandwidth on each link it crosses)\n", ndev,
         ndev == 1 ? "" : "s", n, n == 1 ? "" : "s");
  printf("  %-12s %-7s %12s %10s\n", "link", "kind", "bandwidth", "latency");
  for (cl_uint i = 0; i < n; i++) {
    char a[16], b[16], ends[32];
    snprintf(ends, sizeof ends, "%s-%s", end_name(links[i].end[0], a, sizeof a), end_name(links[i].end[1], b, sizeof b));
    printf("  %-12s %-7s %8.3g GB/s %7.3g us\n", ends, links[i].kind, links[i].bandwidth / 1e9, links[i].latency * 1e6);
  }
  if (ndev > 1) {
    printf("device to device:\n");
    for (int x = 0; x < ndev; x++)
      for (int y = x + 1; y < ndev; y++) {
        int peer = 0;
        for (cl_uint i = 0; i < n; i++)
          peer |= links[i].end[0] != VGPU_LINK_HOST &&
                  ((links[i].end[0] == x && links[i].end[1] == y) || (links[i].end[0] == y && links[i].end[1] == x));
        printf("  dev%d-dev%d  %s\n", x, y, peer ? "peer link (1 hop)" : "through the host (2 hops: up one host link, down the other)");
      }
  }
  return 0;
}
