/* wgroup.c - the WGROUP instruction: the work-group collective functions of OpenCL C 3.0 s6.15.15
 * (work_group_all/any/broadcast/reduce_<op>/scan_{inclusive,exclusive}_<op>).
 *
 * Every work-item of the group must reach the function (like a barrier), so the group's warps
 * stop there (interp_loop.h returns as at a barrier) and, when the last one arrives, workgroup.c
 * calls this once over all of them before releasing them.  The values are combined in local
 * linear id order (warp by warp, lane by lane), the order a sub-group scan uses, so float sums
 * are reproducible; the spec leaves the order open.  The operations and identities are the
 * sub-group ones (subgroup.c). */
#include <stdint.h>
#include "sim/warp.h"

void vgpu_wgroup_exec(const struct vgpu_group *g, const struct vgpu_dinsn *in) {
  const unsigned kind = in->mod & 15, op = in->mod >> 4, type = in->size;
  uint64_t r = 0;
  switch (kind) {
  case VIR_SG_ALL: case VIR_SG_ANY: { /* predicates are ints: any nonzero value is true */
    int all = 1, any = 0;
    for (unsigned i = 0; i < g->nwarps; i++) {
      const struct vgpu_warp *w = &g->warps[i];
      const uint64_t *a = w->regs + in->a;
      for (uint64_t m = w->init_mask; m; m &= m - 1) {
        uint64_t v = a[__builtin_ctzll(m)];
        int yes = (type == VIR_T_I64 ? v : (uint32_t)v) != 0;
        all &= yes;
        any |= yes;
      }
    }
    r = kind == VIR_SG_ALL ? (uint64_t)all : (uint64_t)any;
    break;
  }
  case VIR_SG_BROADCAST: { /* the local linear id is the same for every work-item (6.15.15); one
                            * that names no work-item of the group gives 0 (undefined) */
    const struct vgpu_warp *w0 = &g->warps[0];
    uint64_t id = (w0->regs + in->b)[__builtin_ctzll(w0->init_mask)];
    unsigned W = w0->width;
    if (id < g->items) r = (g->warps[id / W].regs + in->a)[id % W];
    break;
  }
  case VIR_SG_REDUCE: {
    int started = 0;
    for (unsigned i = 0; i < g->nwarps; i++) {
      const struct vgpu_warp *w = &g->warps[i];
      const uint64_t *a = w->regs + in->a;
      for (uint64_t m = w->init_mask; m; m &= m - 1) {
        uint64_t v = a[__builtin_ctzll(m)];
        r = started ? vgpu_sg_combine(op, type, r, v) : v;
        started = 1;
      }
    }
    break;
  }
  default: { /* scans: each lane reads its a before it writes its d (they may be one register) */
    uint64_t acc = vgpu_sg_identity(op, type);
    int started = 0;
    for (unsigned i = 0; i < g->nwarps; i++) {
      const struct vgpu_warp *w = &g->warps[i];
      const uint64_t *a = w->regs + in->a;
      uint64_t *d = w->regs + in->d;
      for (uint64_t m = w->init_mask; m; m &= m - 1) {
        unsigned l = (unsigned)__builtin_ctzll(m);
        uint64_t next = started ? vgpu_sg_combine(op, type, acc, a[l]) : a[l];
        d[l] = kind == VIR_SG_SCAN_INCL ? next : acc;
        acc = next;
        started = 1;
      }
    }
    return;
  }
  }
  for (unsigned i = 0; i < g->nwarps; i++) {
    const struct vgpu_warp *w = &g->warps[i];
    uint64_t *d = w->regs + in->d;
    for (uint64_t m = w->init_mask; m; m &= m - 1) d[__builtin_ctzll(m)] = r;
  }
}
