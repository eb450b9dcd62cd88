/* device_enqueue.cl - OpenCL C 3.0 s6.15.13 "Enqueuing Kernels": enqueue_kernel (Clang lowers
 * every form to the __enqueue_kernel_* functions below), enqueue_marker, the ndrange_t
 * constructors, the device events and the kernel queries on blocks.
 *
 * A device queue (queue_t) is the address of a buffer in global memory laid out as
 * vgpu/device_queue.h says; enqueueing checks the arguments as s6.15.13.3 lists and appends a
 * record there; the runtime runs the records once the enqueuing launch's work-groups have all
 * finished (runtime/device_queue.c, docs/device_enqueue.md).  A clk_event_t is the address of an
 * event slot of a queue.  The block's kernel arrives as a function address, which the compiler
 * lowers to the kernel's index in the program + 1 (compiler/lower_util.c). */
#include "vgpu_intrinsics.h"
#include "vgpu/device_queue.h"

/* Bit-preserving conversions between the opaque handles and their 64-bit values (a MOV). */
ulong __vgpu_cast_q2u(queue_t q);
queue_t __vgpu_cast_u2q(ulong x);
ulong __vgpu_cast_e2u(clk_event_t e);
clk_event_t __vgpu_cast_u2e(ulong x);

#define AT32(p) ((volatile global atomic_int *)(p))
#define AT64(p) ((volatile global atomic_ulong *)(p))
#define U32(b, o) (*(global uint *)((b) + (o)))
#define U64(b, o) (*(global ulong *)((b) + (o)))
#define RELAXED memory_order_relaxed, memory_scope_device
#define NULL_EVENT ((ulong)-1) /* CLK_NULL_EVENT */

/* ---- ndrange_t (s6.15.13.2) ---- */
static ndrange_t nd_make(uint dim, const private size_t *o, const private size_t *g, const private size_t *l) {
  ndrange_t r;
  r.workDimension = dim;
  for (uint d = 0; d < 3; d++) {
    r.globalWorkOffset[d] = d < dim && o ? o[d] : 0;
    r.globalWorkSize[d] = d < dim ? g[d] : 1;
    r.localWorkSize[d] = d < dim && l ? l[d] : (l ? 1 : 0);
  }
  return r;
}
ndrange_t OVL ndrange_1D(size_t g) { return nd_make(1, 0, &g, 0); }
ndrange_t OVL ndrange_1D(size_t g, size_t l) { return nd_make(1, 0, &g, &l); }
ndrange_t OVL ndrange_1D(size_t o, size_t g, size_t l) { return nd_make(1, &o, &g, &l); }
ndrange_t OVL ndrange_2D(const private size_t g[2]) { return nd_make(2, 0, g, 0); }
ndrange_t OVL ndrange_2D(const private size_t g[2], const private size_t l[2]) { return nd_make(2, 0, g, l); }
ndrange_t OVL ndrange_2D(const private size_t o[2], const private size_t g[2], const private size_t l[2]) { return nd_make(2, o, g, l); }
ndrange_t OVL ndrange_3D(const private size_t g[3]) { return nd_make(3, 0, g, 0); }
ndrange_t OVL ndrange_3D(const private size_t g[3], const private size_t l[3]) { return nd_make(3, 0, g, l); }
ndrange_t OVL ndrange_3D(const private size_t o[3], const private size_t g[3], const private size_t l[3]) { return nd_make(3, o, g, l); }

/* __vgpu_wi_device_info(0): the device's default device queue (0: none, CLK_NULL_QUEUE). */
queue_t OVL get_default_queue(void) { return __vgpu_cast_u2q(__vgpu_wi_device_info(0)); }

/* ---- events (s6.15.13.5) ---- */
static int event_valid(ulong e) {
  return e && e != NULL_EVENT && atomic_load_explicit(AT32(e + VGPU_DQE_REFS), RELAXED) > 0;
}

/* A free slot of queue q, with refs references and the given status; 0 when all are taken. */
static ulong event_alloc(global uchar *q, int refs, int status, uint user) {
  uint n = U32(q, VGPU_DQ_NEVENTS);
  global uchar *slots = q + U64(q, VGPU_DQ_EV_OFF);
  uint start = (uint)atomic_fetch_add_explicit(AT32(q + VGPU_DQ_EV_NEXT), 1, RELAXED);
  for (uint i = 0; i < n; i++) {
    global uchar *s = slots + (ulong)((start + i) % n) * VGPU_DQ_EVENT_SIZE;
    int expected = 0;
    if (atomic_compare_exchange_strong_explicit(AT32(s + VGPU_DQE_REFS), &expected, refs, memory_order_acq_rel,
                                                memory_order_relaxed, memory_scope_device)) {
      U64(s, VGPU_DQE_CAPTURE) = 0;
      U64(s, VGPU_DQE_START) = U64(s, VGPU_DQE_END) = U64(s, VGPU_DQE_COMPLETE) = 0;
      U32(s, VGPU_DQE_USER) = user;
      atomic_store_explicit(AT32(s + VGPU_DQE_STATUS), status, RELAXED);
      return (ulong)s;
    }
  }
  return 0;
}

void OVL retain_event(clk_event_t event) {
  ulong e = __vgpu_cast_e2u(event);
  if (event_valid(e)) atomic_fetch_add_explicit(AT32(e + VGPU_DQE_REFS), 1, RELAXED);
}

void OVL release_event(clk_event_t event) {
  ulong e = __vgpu_cast_e2u(event);
  if (event_valid(e)) atomic_fetch_sub_explicit(AT32(e + VGPU_DQE_REFS), 1, RELAXED);
}

bool OVL is_valid_event(clk_event_t event) { return event_valid(__vgpu_cast_e2u(event)); }

/* A user event lives in the default device queue (the function names no queue). */
clk_event_t OVL create_user_event(void) {
  ulong q = __vgpu_wi_device_info(0);
  ulong e = q ? event_alloc((global uchar *)q, 1, CL_SUBMITTED, 1) : 0;
  return __vgpu_cast_u2e(e ? e : NULL_EVENT);
}

void OVL set_user_event_status(clk_event_t event, int status) {
  ulong e = __vgpu_cast_e2u(event);
  if (event_valid(e) && U32(e, VGPU_DQE_USER) && (status == CL_COMPLETE || status < 0))
    atomic_store_explicit(AT32(e + VGPU_DQE_STATUS), status, RELAXED);
}

/* The two values of CLK_PROFILING_COMMAND_EXEC_TIME (END - START, COMPLETE - START) once the
 * event's command is complete: now when it is, else the runtime writes them when it completes. */
void OVL capture_event_profiling_info(clk_event_t event, clk_profiling_info name, global void *value) {
  ulong e = __vgpu_cast_e2u(event);
  if (!event_valid(e) || name != CLK_PROFILING_COMMAND_EXEC_TIME || U32(e, VGPU_DQE_USER)) return;
  if (atomic_load_explicit(AT32(e + VGPU_DQE_STATUS), RELAXED) == CL_COMPLETE) {
    global ulong *v = (global ulong *)value;
    v[0] = U64(e, VGPU_DQE_END) - U64(e, VGPU_DQE_START);
    v[1] = U64(e, VGPU_DQE_COMPLETE) - U64(e, VGPU_DQE_START);
  } else {
    U64(e, VGPU_DQE_CAPTURE) = (ulong)value;
  }
}

/* ---- enqueue_kernel and enqueue_marker (s6.15.13.3, s6.15.13.4) ---- */
/* The ND-range checks of CLK_INVALID_NDRANGE: 1 to 3 dimensions, no empty dimension, no
 * overflow, and a local size that is either all unspecified (0) or fits the device. */
static int ndrange_ok(global uchar *q, const private ndrange_t *nd) {
  uint dim = nd->workDimension;
  if (dim < 1 || dim > 3) return 0;
  ulong items = 1, max_items = U32(q, VGPU_DQ_MAX_ITEMS);
  int any_local = 0, all_local = 1;
  for (uint d = 0; d < dim; d++) {
    ulong g = nd->globalWorkSize[d], o = nd->globalWorkOffset[d], l = nd->localWorkSize[d];
    if (g == 0 || g + o < g) return 0;
    any_local |= l != 0;
    all_local &= l != 0;
    if (l > max_items) return 0;
    items *= l ? l : 1;
  }
  if (any_local && !all_local) return 0;
  return items <= U32(q, VGPU_DQ_MAX_WG);
}

static int enqueue(queue_t queue, uint kind, uint flags, const private ndrange_t *nd, uint nwait,
                   const generic clk_event_t *wait, generic clk_event_t *ret, generic void *kern,
                   generic void *block, uint nlocal, const private size_t *locals) {
  ulong qa = __vgpu_cast_q2u(queue);
  global uchar *q = (global uchar *)qa;
  if (!qa || U32(q, VGPU_DQ_MAGIC_OFF) != VGPU_DQ_MAGIC) return CLK_INVALID_QUEUE;
  if (kind == VGPU_DQR_KERNEL) {
    if (flags > CLK_ENQUEUE_FLAGS_WAIT_WORK_GROUP) return CLK_ENQUEUE_FAILURE;
    if (!ndrange_ok(q, nd)) return CLK_INVALID_NDRANGE;
    for (uint i = 0; i < nlocal; i++)
      if (locals[i] == 0) return CLK_INVALID_ARG_SIZE;
  }
  if ((wait == 0) != (nwait == 0)) return CLK_INVALID_EVENT_WAIT_LIST;
  for (uint i = 0; i < nwait; i++)
    if (!event_valid(__vgpu_cast_e2u(wait[i]))) return CLK_INVALID_EVENT_WAIT_LIST;
  /* the event first: a failed allocation must not leave a record behind */
  ulong ev = 0;
  if (ret) {
    ev = event_alloc(q, 2, CL_QUEUED, 0); /* the caller's reference and the record's */
    if (!ev) return CLK_EVENT_ALLOCATION_FAILURE;
  }
  uint bsize = block ? *(generic uint *)block : 0;
  ulong size = (VGPU_DQR_HEADER_SIZE + 8 * (ulong)nlocal + 8 * (ulong)nwait + bsize + 7) & ~7ul;
  ulong rec_size = U64(q, VGPU_DQ_REC_SIZE);
  ulong off = atomic_fetch_add_explicit(AT64(q + VGPU_DQ_USED), size, RELAXED);
  global uchar *r = q + U64(q, VGPU_DQ_REC_OFF) + off;
  if (off + size > rec_size) {
    /* full: the first claim that does not fit ends the records the runtime reads */
    if (off + 4 <= rec_size) U32(r, VGPU_DQR_SIZE) = 0;
    if (ev) atomic_store_explicit(AT32(ev + VGPU_DQE_REFS), 0, RELAXED);
    return CLK_DEVICE_QUEUE_FULL;
  }
  U32(r, VGPU_DQR_KIND) = kind;
  U32(r, VGPU_DQR_KERNEL_ID) = (uint)(ulong)kern;
  U32(r, VGPU_DQR_FLAGS) = flags;
  U32(r, VGPU_DQR_WORK_DIM) = nd ? nd->workDimension : 0;
  U32(r, VGPU_DQR_NLOCAL) = nlocal;
  U32(r, VGPU_DQR_NWAIT) = nwait;
  U32(r, VGPU_DQR_BLOCK_SIZE) = bsize;
  for (uint d = 0; d < 3; d++) {
    U64(r, VGPU_DQR_OFFSET + 8 * d) = nd ? nd->globalWorkOffset[d] : 0;
    U64(r, VGPU_DQR_GLOBAL + 8 * d) = nd ? nd->globalWorkSize[d] : 1;
    U64(r, VGPU_DQR_LOCAL + 8 * d) = nd ? nd->localWorkSize[d] : 0;
  }
  U64(r, VGPU_DQR_EVENT) = ev;
  global ulong *tail = (global ulong *)(r + VGPU_DQR_HEADER_SIZE);
  for (uint i = 0; i < nlocal; i++) *tail++ = locals[i];
  for (uint i = 0; i < nwait; i++) {
    ulong w = __vgpu_cast_e2u(wait[i]);
    atomic_fetch_add_explicit(AT32(w + VGPU_DQE_REFS), 1, RELAXED); /* released by the runtime */
    *tail++ = w;
  }
  global uchar *b = (global uchar *)tail;
  const generic uchar *src = (const generic uchar *)block;
  if ((bsize & 3) == 0)
    for (uint i = 0; i < bsize; i += 4) *(global uint *)(b + i) = *(const generic uint *)(src + i);
  else
    for (uint i = 0; i < bsize; i++) b[i] = src[i];
  atomic_store_explicit((volatile global atomic_uint *)(r + VGPU_DQR_SIZE), (uint)size, memory_order_release,
                        memory_scope_device);
  if (ret) *ret = __vgpu_cast_u2e(ev);
  return CLK_SUCCESS;
}

int __enqueue_kernel_basic(queue_t q, uint flags, const private ndrange_t *nd, generic void *kern, generic void *block) {
  return enqueue(q, VGPU_DQR_KERNEL, flags, nd, 0, 0, 0, kern, block, 0, 0);
}

int __enqueue_kernel_basic_events(queue_t q, uint flags, const private ndrange_t *nd, uint nwait,
                                  const generic clk_event_t *wait, generic clk_event_t *ret, generic void *kern,
                                  generic void *block) {
  return enqueue(q, VGPU_DQR_KERNEL, flags, nd, nwait, wait, ret, kern, block, 0, 0);
}

int __enqueue_kernel_varargs(queue_t q, uint flags, const private ndrange_t *nd, generic void *kern, generic void *block,
                             uint nlocal, const private size_t *locals) {
  return enqueue(q, VGPU_DQR_KERNEL, flags, nd, 0, 0, 0, kern, block, nlocal, locals);
}

int __enqueue_kernel_events_varargs(queue_t q, uint flags, const private ndrange_t *nd, uint nwait,
                                    const generic clk_event_t *wait, generic clk_event_t *ret, generic void *kern,
                                    generic void *block, uint nlocal, const private size_t *locals) {
  return enqueue(q, VGPU_DQR_KERNEL, flags, nd, nwait, wait, ret, kern, block, nlocal, locals);
}

int OVL enqueue_marker(queue_t q, uint nwait, const generic clk_event_t *wait, generic clk_event_t *ret) {
  /* a marker waits for a list of events (s6.15.13.4): an empty list is not one */
  if (!wait || !nwait) return CLK_INVALID_EVENT_WAIT_LIST;
  return enqueue(q, VGPU_DQR_MARKER, 0, 0, nwait, wait, ret, 0, 0, 0, 0);
}

/* ---- kernel queries on blocks (s6.15.13.6) ---- */
/* A block's kernel has no reqd_work_group_size: the device's limit applies. */
uint __get_kernel_work_group_size_impl(generic void *kern, generic void *block) {
  return (uint)__vgpu_wi_device_info(1);
}
/* A warp (sub-group) is the unit of execution. */
uint __get_kernel_preferred_work_group_size_multiple_impl(generic void *kern, generic void *block) {
  return (uint)__vgpu_wi_device_info(2);
}

static ulong nd_group_items(const private ndrange_t *nd) {
  ulong items = 1;
  for (uint d = 0; d < nd->workDimension && d < 3; d++) {
    ulong l = nd->localWorkSize[d] ? nd->localWorkSize[d] : nd->globalWorkSize[d];
    items *= l;
  }
  ulong max = __vgpu_wi_device_info(1);
  return items < max ? items : max;
}
uint __get_kernel_sub_group_count_for_ndrange_impl(const private ndrange_t *nd, generic void *kern, generic void *block) {
  ulong w = __vgpu_wi_device_info(2);
  return (uint)((nd_group_items(nd) + w - 1) / w);
}
uint __get_kernel_max_sub_group_size_for_ndrange_impl(const private ndrange_t *nd, generic void *kern, generic void *block) {
  ulong w = __vgpu_wi_device_info(2), items = nd_group_items(nd);
  return (uint)(items < w ? items : w);
}
