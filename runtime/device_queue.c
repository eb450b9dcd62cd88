/* device_queue.c - device command-queues and the kernels kernels enqueue (see device_queue.h).
 *
 * Kernels append records to a queue's buffer while their launch runs (compiler/lib/
 * device_enqueue.cl); nothing reads them until every work-group of that launch has finished.  Then
 * the command processor thread, still inside the launch's command, takes the records out (in the
 * order their space was claimed), empties the buffer, and runs them: a record runs as soon as the
 * events it waits for are complete, the first such in order each time.  A kernel record is a
 * child launch through vgpu_ndrange_launch, the path of clEnqueueNDRangeKernel; what the child
 * enqueues joins the list.  A record's event completes when its own launch and all its
 * descendants have (OpenCL C 3.0 s6.15.13: a parent is complete when its children are), and the
 * root command returns only when the list is empty, so the host sees the parent's event complete
 * after every descendant.  Children run after their parent's work-groups have finished, which
 * satisfies CLK_ENQUEUE_FLAGS_NO_WAIT, WAIT_KERNEL and WAIT_WORK_GROUP alike (each allows the
 * child to start no earlier than that). */
#include "runtime/device_queue.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runtime/command.h"
#include "runtime/device.h"
#include "runtime/log.h"
#include "runtime/ndrange.h"
#include "runtime/queue.h"
#include "sim/arena.h"
#include "sim/launch.h"
#include "vgpu/device_queue.h"

/* Every device queue of every device, guarded by `lock` (few: VGPU_DEVQ_MAX_QUEUES a device). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static cl_command_queue queues;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

#define AT32(p) ((_Atomic int32_t *)(void *)(p))
#define AT64(p) ((_Atomic uint64_t *)(void *)(p))
#define U32(p) (*(uint32_t *)(void *)(p))
#define U64(p) (*(uint64_t *)(void *)(p))

cl_int vgpu_devq_init(cl_command_queue q, cl_uint size) {
  cl_device_id dev = q->device;
  uint64_t ev_bytes = (uint64_t)VGPU_DEVQ_MAX_EVENTS * VGPU_DQ_EVENT_SIZE;
  uint64_t total = VGPU_DQ_HEADER_SIZE + ev_bytes + size;
  pthread_mutex_lock(&lock);
  unsigned n = 0;
  for (cl_command_queue o = queues; o; o = o->dq_next) n += o->device == dev;
  if (n >= VGPU_DEVQ_LIMIT) {
    pthread_mutex_unlock(&lock);
    VG_RETURN_IF(1, CL_OUT_OF_RESOURCES, "the device holds as many device queues as it can (VGPU_DEVQ_LIMIT)");
  }
  uint64_t addr;
  if (vgpu_arena_alloc(&dev->arena, total, 64, &addr) != 0) {
    pthread_mutex_unlock(&lock);
    VG_RETURN_IF(1, CL_OUT_OF_RESOURCES, "no room for the device queue in the device's memory");
  }
  uint8_t *b = vgpu_arena_ptr(&dev->arena, addr);
  memset(b, 0, VGPU_DQ_HEADER_SIZE + ev_bytes);
  U32(b + VGPU_DQ_MAGIC_OFF) = VGPU_DQ_MAGIC;
  U32(b + VGPU_DQ_NEVENTS) = VGPU_DEVQ_MAX_EVENTS;
  U64(b + VGPU_DQ_SIZE) = size;
  U64(b + VGPU_DQ_EV_OFF) = VGPU_DQ_HEADER_SIZE;
  U64(b + VGPU_DQ_REC_OFF) = VGPU_DQ_HEADER_SIZE + ev_bytes;
  U64(b + VGPU_DQ_REC_SIZE) = size;
  U32(b + VGPU_DQ_MAX_WG) = (uint32_t)dev->max_wg_size;
  U32(b + VGPU_DQ_MAX_ITEMS) = (uint32_t)dev->max_wg_size; /* CL_DEVICE_MAX_WORK_ITEM_SIZES */
  q->dq_addr = addr;
  q->dq_size = size;
  q->dq_next = queues;
  queues = q;
  if (q->props & CL_QUEUE_ON_DEVICE_DEFAULT) {
    for (cl_command_queue o = queues; o; o = o->dq_next)
      if (o->device == dev) o->dq_default = 0;
    q->dq_default = 1;
  }
  pthread_mutex_unlock(&lock);
  return CL_SUCCESS;
}

void vgpu_devq_destroy(cl_command_queue q) {
  pthread_mutex_lock(&lock);
  for (cl_command_queue *pp = &queues; *pp; pp = &(*pp)->dq_next)
    if (*pp == q) {
      *pp = q->dq_next;
      break;
    }
  pthread_mutex_unlock(&lock);
  vgpu_arena_free(&q->device->arena, q->dq_addr);
  q->dq_addr = 0;
}

cl_command_queue vgpu_devq_default(cl_device_id dev) {
  cl_command_queue r = NULL;
  pthread_mutex_lock(&lock);
  for (cl_command_queue o = queues; o && !r; o = o->dq_next)
    if (o->device == dev && o->dq_default) r = o;
  pthread_mutex_unlock(&lock);
  return r;
}

void vgpu_devq_set_default(cl_command_queue q) {
  pthread_mutex_lock(&lock);
  for (cl_command_queue o = queues; o; o = o->dq_next)
    if (o->device == q->device) o->dq_default = o == q;
  pthread_mutex_unlock(&lock);
}

uint64_t vgpu_devq_default_addr(cl_device_id dev) {
  cl_command_queue q = vgpu_devq_default(dev);
  return q ? q->dq_addr : 0;
}

uint64_t vgpu_devq_addr(cl_command_queue q) { return vgpu_queue_is(q) ? q->dq_addr : 0; }

uint32_t vgpu_devq_allocs(cl_device_id dev, struct vgpu_launch_alloc *out, uint32_t cap) {
  uint32_t n = 0;
  pthread_mutex_lock(&lock);
  for (cl_command_queue o = queues; o && n < cap; o = o->dq_next)
    if (o->device == dev)
      out[n++] = (struct vgpu_launch_alloc){o->dq_addr, VGPU_DQ_HEADER_SIZE +
                                            (uint64_t)VGPU_DEVQ_MAX_EVENTS * VGPU_DQ_EVENT_SIZE + o->dq_size};
  pthread_mutex_unlock(&lock);
  return n;
}

/* ---- running what was enqueued ---- */

/* One record taken out of a queue: a child kernel or a marker, and how many of its own launch and
 * its descendants are still to complete (its event completes at 0). */
struct node {
  uint8_t *rec;            /* a copy of the record (vgpu/device_queue.h) */
  uint64_t queue;          /* the device queue it came from */
  struct node *parent;     /* the record whose launch enqueued it; NULL: the root command */
  struct node *next;       /* the pending list, in order */
  unsigned outstanding, depth;
  cl_int status;           /* its own failure, 0: none */
};

struct drain {
  struct vgpu_command *cmd;
  const struct vgpu_ndrange *root;
  cl_device_id dev;
  const struct vgpu_launch_alloc *allocs;
  uint32_t nallocs;
  struct node *head, **tail;
  cl_int err;              /* the first failed child */
  /* the device queues, retained while the drain writes their records' events (the application may
   * release a queue meanwhile) */
  cl_command_queue held[VGPU_DEVQ_LIMIT];
  unsigned nheld;
};

static uint8_t *dev_ptr(const struct drain *d, uint64_t addr, uint64_t len) {
  if (addr < VGPU_ARENA_RESERVED || addr > d->dev->arena.size || len > d->dev->arena.size - addr) return NULL;
  return vgpu_arena_ptr(&d->dev->arena, addr);
}

/* Moves every record of every device queue of the device to the pending list (children of
 * `parent`), and empties the queues for the next launch. */
static void harvest(struct drain *d, struct node *parent) {
  pthread_mutex_lock(&lock);
  for (cl_command_queue o = queues; o; o = o->dq_next) {
    if (o->device != d->dev) continue;
    uint8_t *q = vgpu_arena_ptr(&d->dev->arena, o->dq_addr);
    uint64_t used = atomic_load(AT64(q + VGPU_DQ_USED)), rec_size = U64(q + VGPU_DQ_REC_SIZE);
    unsigned h = 0; /* every queue: a record's events may be another queue's slots */
    while (h < d->nheld && d->held[h] != o) h++;
    if (h == d->nheld && h < VGPU_DEVQ_LIMIT) {
      vgpu_queue_retain_internal(o);
      d->held[d->nheld++] = o;
    }
    if (!used) continue;
    uint8_t *area = q + U64(q + VGPU_DQ_REC_OFF);
    if (used > rec_size) used = rec_size;
    for (uint64_t pos = 0; pos + VGPU_DQR_HEADER_SIZE <= used;) {
      uint32_t size = U32(area + pos + VGPU_DQR_SIZE);
      if (size < VGPU_DQR_HEADER_SIZE || pos + size > used) break; /* the claim that did not fit */
      struct node *n = calloc(1, sizeof *n);
      uint8_t *copy = n ? malloc(size) : NULL;
      if (!copy) {
        free(n);
        vgpu_log(VGPU_LOG_ERROR, "out of host memory: a kernel enqueued by a kernel is dropped");
        d->err = CL_OUT_OF_HOST_MEMORY;
      } else {
        memcpy(copy, area + pos, size);
        n->rec = copy;
        n->queue = o->dq_addr;
        n->parent = parent;
        n->depth = parent ? parent->depth + 1 : 1;
        n->outstanding = 1; /* its own work */
        if (parent) parent->outstanding++;
        *d->tail = n;
        d->tail = &n->next;
      }
      pos += size;
    }
    atomic_store(AT64(q + VGPU_DQ_USED), 0);
  }
  pthread_mutex_unlock(&lock);
}

static uint64_t *rec_waits(const uint8_t *r) {
  return (uint64_t *)(void *)(r + VGPU_DQR_HEADER_SIZE + 8 * (uint64_t)U32(r + VGPU_DQR_NLOCAL));
}

/* A record may run when every event it waits for is complete or failed (-1: one failed). */
static int ready(const struct drain *d, const struct node *n) {
  const uint64_t *w = rec_waits(n->rec);
  int failed = 0;
  for (uint32_t i = 0; i < U32(n->rec + VGPU_DQR_NWAIT); i++) {
    uint8_t *e = dev_ptr(d, w[i], VGPU_DQ_EVENT_SIZE);
    int32_t s = e ? atomic_load(AT32(e + VGPU_DQE_STATUS)) : -1;
    if (s > CL_COMPLETE) return 0;
    failed |= s < 0;
  }
  return failed ? -1 : 1;
}

static void event_release(const struct drain *d, uint64_t ev) {
  uint8_t *e = dev_ptr(d, ev, VGPU_DQ_EVENT_SIZE);
  if (e && atomic_load(AT32(e + VGPU_DQE_REFS)) > 0) atomic_fetch_sub(AT32(e + VGPU_DQE_REFS), 1);
}

/* n's own work and all its descendants are done: its event completes (and captures its
 * profiling values), then its parent may complete in turn. */
static void complete(struct drain *d, struct node *n) {
  while (n) {
    uint8_t *e = dev_ptr(d, U64(n->rec + VGPU_DQR_EVENT), VGPU_DQ_EVENT_SIZE);
    if (e) {
      uint64_t t = now_ns();
      U64(e + VGPU_DQE_COMPLETE) = t;
      if (!U64(e + VGPU_DQE_START)) U64(e + VGPU_DQE_START) = U64(e + VGPU_DQE_END) = t;
      uint64_t cap = U64(e + VGPU_DQE_CAPTURE);
      uint64_t *v = (uint64_t *)(void *)dev_ptr(d, cap, 16);
      if (v && !n->status) {
        v[0] = U64(e + VGPU_DQE_END) - U64(e + VGPU_DQE_START);
        v[1] = t - U64(e + VGPU_DQE_START);
      }
      atomic_store(AT32(e + VGPU_DQE_STATUS), n->status ? n->status : CL_COMPLETE);
      event_release(d, U64(n->rec + VGPU_DQR_EVENT));
    }
    const uint64_t *w = rec_waits(n->rec);
    for (uint32_t i = 0; i < U32(n->rec + VGPU_DQR_NWAIT); i++) event_release(d, w[i]);
    struct node *p = n->parent;
    free(n->rec);
    free(n);
    n = p && --p->outstanding == 0 ? p : NULL;
  }
}

/* n's own part ended with status st (0: fine). */
static void own_done(struct drain *d, struct node *n, cl_int st) {
  if (st && !n->status) n->status = st;
  if (--n->outstanding == 0) complete(d, n);
}

/* A child launch: the block's kernel of the root's program, its literal in global memory as the
 * first argument and the __local sizes after it.  Returns an error status for its event, 0 when
 * it ran (*launch_err: the launch's own error, which fails the root command too). */
static cl_int run_kernel(struct drain *d, struct node *n, cl_int *launch_err) {
  const uint8_t *r = n->rec;
  const struct vgpu_ndrange *root = d->root;
  const struct vir_header *h = (const struct vir_header *)root->exec->vir;
  uint32_t id = U32(r + VGPU_DQR_KERNEL_ID), nlocal = U32(r + VGPU_DQR_NLOCAL);
  *launch_err = CL_SUCCESS;
  if (n->depth > VGPU_DEVQ_MAX_DEPTH) {
    vgpu_log(VGPU_LOG_ERROR, "kernels enqueued kernels %u levels deep: the deeper ones fail", VGPU_DEVQ_MAX_DEPTH);
    return CL_OUT_OF_RESOURCES;
  }
  if (id == 0 || id > h->nkernels) {
    vgpu_log(VGPU_LOG_ERROR, "enqueue_kernel: the block's kernel is not in the enqueuing program");
    return CL_INVALID_KERNEL;
  }
  const struct vir_kernel *k = &vir_kernels(h)[id - 1];
  const char *kname = vir_string(h, k->name);
  if (k->nargs != 1 + nlocal) {
    vgpu_log(VGPU_LOG_ERROR, "enqueue_kernel of %s: %u __local sizes given for %u __local arguments", kname, nlocal,
             k->nargs - 1);
    return CL_INVALID_KERNEL_ARGS;
  }
  struct vgpu_ndrange nd;
  memset(&nd, 0, sizeof nd);
  nd.program = root->program;
  nd.exec = root->exec;
  nd.kernel_index = id - 1;
  nd.k = k;
  nd.args = vir_args(h) + k->first_arg;
  nd.nargs = k->nargs;
  struct vgpu_kernel_arg values[1 + 64];
  if (nd.nargs > sizeof values / sizeof values[0]) return CL_INVALID_KERNEL_ARGS;
  memset(values, 0, sizeof values);
  nd.values = values;
  const uint64_t *locals = (const uint64_t *)(const void *)(r + VGPU_DQR_HEADER_SIZE);
  uint32_t bsize = U32(r + VGPU_DQR_BLOCK_SIZE);
  values[0] = (struct vgpu_kernel_arg){.set = 1, .kind = VIR_ARG_GLOBAL_PTR, .size = bsize,
                                       .bytes = (uint8_t *)(uintptr_t)(rec_waits(r) + U32(r + VGPU_DQR_NWAIT))};
  uint64_t local_mem = k->local_size;
  for (uint32_t i = 0; i < nlocal; i++) {
    values[1 + i] = (struct vgpu_kernel_arg){.set = 1, .kind = VIR_ARG_LOCAL_PTR, .size = locals[i]};
    local_mem = vgpu_local_arg_offset(local_mem, locals[i]) + ((locals[i] + 15) & ~(uint64_t)15);
  }
  if (local_mem > d->dev->local_mem) {
    vgpu_log(VGPU_LOG_ERROR, "enqueue_kernel of %s: its __local memory exceeds CL_DEVICE_LOCAL_MEM_SIZE", kname);
    return CL_OUT_OF_RESOURCES;
  }
  nd.work_dim = U32(r + VGPU_DQR_WORK_DIM);
  int has_local = 1;
  for (int i = 0; i < 3; i++) {
    nd.offset[i] = U64(r + VGPU_DQR_OFFSET + 8 * i);
    nd.global[i] = i < (int)nd.work_dim ? U64(r + VGPU_DQR_GLOBAL + 8 * i) : 1;
    nd.local[i] = i < (int)nd.work_dim ? U64(r + VGPU_DQR_LOCAL + 8 * i) : 1;
    has_local &= nd.local[i] != 0;
  }
  if (!has_local) vgpu_ndrange_pick_local(k, d->dev, nd.work_dim, nd.global, nd.local);
  for (uint32_t i = 0; i < nd.work_dim; i++)
    if (!(k->flags & VIR_KFLAG_NONUNIFORM_OK) && nd.global[i] % nd.local[i]) {
      vgpu_log(VGPU_LOG_ERROR, "enqueue_kernel of %s: the global size is not a multiple of the local size "
               "(built with -cl-uniform-work-group-size)", kname);
      return CL_INVALID_WORK_GROUP_SIZE;
    }
  /* the timeline shows who launched it (runtime/timeline.c) */
  const struct vir_kernel *by = root->k;
  if (n->parent && U32(n->parent->rec + VGPU_DQR_KERNEL_ID) - 1 < h->nkernels)
    by = &vir_kernels(h)[U32(n->parent->rec + VGPU_DQR_KERNEL_ID) - 1];
  nd.enqueued_by = vir_string(h, by->name);
  *launch_err = vgpu_ndrange_launch(d->cmd, &nd, d->allocs, d->nallocs, NULL, NULL);
  return *launch_err;
}

cl_int vgpu_devq_drain(struct vgpu_command *cmd, const struct vgpu_ndrange *nd, const struct vgpu_launch_alloc *allocs,
                       uint32_t nallocs) {
  struct drain d;
  memset(&d, 0, sizeof d);
  d.cmd = cmd;
  d.root = nd;
  d.dev = vgpu_command_queue(cmd)->device;
  d.allocs = allocs;
  d.nallocs = nallocs;
  d.tail = &d.head;
  harvest(&d, NULL);
  while (d.head) {
    struct node **pp = &d.head, *n = NULL;
    int r = 0;
    for (; *pp; pp = &(*pp)->next)
      if ((r = ready(&d, *pp)) != 0) {
        n = *pp;
        break;
      }
    if (!n) {
      /* Nothing can run: every record left waits for an event nobody will complete (a user event
       * never set).  A GPU would wait forever; here they fail. */
      vgpu_log(VGPU_LOG_ERROR, "kernels enqueued by kernels wait for events that never complete (a user event "
               "never set?): they fail with CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST");
      while (d.head) {
        n = d.head;
        d.head = n->next;
        if (!d.head) d.tail = &d.head;
        n->next = NULL;
        /* its children cannot exist: it never ran */
        own_done(&d, n, CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST);
      }
      break;
    }
    *pp = n->next;
    if (d.tail == &n->next) d.tail = pp;
    n->next = NULL;
    uint8_t *e = dev_ptr(&d, U64(n->rec + VGPU_DQR_EVENT), VGPU_DQ_EVENT_SIZE);
    cl_int st = CL_SUCCESS;
    if (r < 0) {
      st = CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST;
    } else if (U32(n->rec + VGPU_DQR_KIND) == VGPU_DQR_KERNEL) {
      if (e) {
        atomic_store(AT32(e + VGPU_DQE_STATUS), CL_RUNNING);
        U64(e + VGPU_DQE_START) = now_ns();
      }
      cl_int launch_err;
      st = run_kernel(&d, n, &launch_err);
      if (e) U64(e + VGPU_DQE_END) = now_ns();
      if (launch_err != CL_SUCCESS && d.err == CL_SUCCESS) d.err = launch_err;
      if (st == CL_SUCCESS) harvest(&d, n);
    } else if (e) {
      U64(e + VGPU_DQE_START) = U64(e + VGPU_DQE_END) = now_ns();
    }
    own_done(&d, n, st);
  }
  for (unsigned i = 0; i < d.nheld; i++) vgpu_queue_release_internal(d.held[i]);
  return d.err;
}
