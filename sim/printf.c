/* printf.c - the PRINTF instruction (OpenCL C 3.0 s6.15.14).  The SM does not format: it appends
 * one struct vgpu_printf_record per active lane (format address + typed argument bits, launch.h)
 * to the launch's printf buffer, and the runtime formats the records after the launch, as GPU
 * drivers do.  Space is reserved with a compare-and-swap on printf_used so that the buffer only
 * ever holds complete records; a record that does not fit is dropped and counted, and printf
 * returns -1 for that work-item. */
#include <stdatomic.h>
#include <string.h>
#include "sim/arena.h"
#include "sim/warp.h"

int vgpu_printf_exec(struct vgpu_sm *sm, struct vgpu_warp *w, uint32_t pc, uint64_t mask,
                     const struct vgpu_dinsn *in) {
  (void)pc;
  struct vgpu_launch *L = sm->launch;
  unsigned W = w->width;
  const uint32_t *extra = vir_extra(sm->mod) + in->b;
  uint32_t nargs = in->c;
  uint64_t size = sizeof(struct vgpu_printf_record) + (uint64_t)nargs * sizeof(struct vgpu_printf_item);
  uint64_t *D = w->regs + in->d;
  const uint64_t *A = w->regs + in->a;
  int usable = L->printf_size && L->printf_off >= VGPU_ARENA_RESERVED &&
               L->printf_off <= sm->arena_size && L->printf_size <= sm->arena_size - L->printf_off;
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    uint64_t used = atomic_load_explicit(&L->printf_used, memory_order_relaxed);
    int fits;
    do {
      fits = usable && used <= L->printf_size && size <= L->printf_size - used;
    } while (fits && !atomic_compare_exchange_weak(&L->printf_used, &used, used + size));
    if (!fits) {
      atomic_fetch_add(&L->printf_dropped, 1);
      D[l] = 0xffffffffu; /* (int)-1, canonical i32 */
      continue;
    }
    uint8_t *p = sm->arena + L->printf_off + used;
    struct vgpu_printf_record rec = {(uint32_t)size, nargs, A[l]};
    memcpy(p, &rec, sizeof rec);
    p += sizeof rec;
    for (uint32_t i = 0; i < nargs; i++) {
      struct vgpu_printf_item item = {extra[2 * i + 1], 0, w->regs[(uint64_t)extra[2 * i] * W + l]};
      memcpy(p, &item, sizeof item);
      p += sizeof item;
    }
    D[l] = 0;
  }
  return 0;
}
