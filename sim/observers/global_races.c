/* global_races.c - the observer of VGPU_CHECKS=1 that finds data races on global memory, across
 * the SM processes of a launch.
 *
 * The OpenCL 3.0 memory model (API spec s3.3.6): two accesses to the same byte conflict when at
 * least one writes; conflicting accesses not ordered by happens-before are a data race unless
 * both are atomic.  Nothing orders two work-groups of one launch (a barrier synchronises only its
 * own group), so conflicting accesses by different groups always race; within a group,
 * work-group barrier(CLK_GLOBAL_MEM_FENCE) orders what comes before it for every work-item
 * before what comes after it (OpenCL C 3.0 s6.15.8), and program order orders one work-item's own
 * accesses.  A barrier with only CLK_LOCAL_MEM_FENCE orders no global access.
 *
 * The shadow (global_races.h) has one 16-byte entry per byte of the buffers the kernel was given,
 * in the device arena, so all SMs update one state: the last write (plain or atomic, who, which
 * line, which barrier interval of its group, the value) and a summary of the plain reads (who,
 * or that several groups / several work-items of one interval read).  An access checks and updates
 * its bytes' entries under a striped spinlock in the same buffer.  Per byte, not per word: work-
 * items writing their own chars of one word do not race (as for __local, checks.c).
 *
 * What it reports and why the tested patterns give no false positive: a race is reported only
 * when the entry proves another work-item's conflicting access that nothing orders: another group
 * (unordered by the model), or another work-item of the same group in the same barrier interval.
 * What it may miss (never invent), all from keeping one write record per byte:
 * - an atomic access after an ordered plain write of the same group keeps the plain record, so a
 *   later plain read in that group racing with the atomic one is missed;
 * - a plain write after atomic loads of other groups (loads do not keep their identity once an
 *   atomic write replaces them);
 * - within one group, accesses after its 255th barrier(CLK_GLOBAL_MEM_FENCE) (the interval is 8
 *   bits; past it, same-group accesses count as ordered); races between groups are still found;
 * - memory the kernel reaches but was not given as an argument (pointers stored in buffers, SVM
 *   beyond the argument's allocation); program-scope variables are checked;
 * - synchronisation by atomics is approximated from the safe side (below): an acquire makes its
 *   whole work-group count as synchronised, and with any release numbered after the access, not
 *   only the one that followed it; scopes count as all_svm_devices.
 * Release/acquire (OpenCL C 3.0 s6.15.12.3, "synchronizes-with"): a launch-wide clock in the
 * buffer numbers the release operations (an atomic write with release, acq_rel or seq_cst
 * order, or any atomic write after a release fence of its group: atomic_work_item_fence).  Every
 * access records the clock's value when it happened (w_sync, r_sync); a release takes the next
 * number and raises the `rel` stamp of the bytes it writes to it; an acquire (an atomic read with
 * acquire or stronger order, or a relaxed one followed by an acquire fence) raises its group's
 * `acq` to the stamp it read, after performing the operation (so the stamp is at least that of
 * the release whose value it read).  If access A happens before access B through release/acquire
 * pairs, the first release after A has a number above A's clock value, every later release in
 * the chain a higher one, so B's group has acq > A's sync: an access is counted as ordered after
 * the record when acq > its sync, and a race is reported only when it is not.  The OpenCL 1.x
 * atomic_* functions are relaxed (they order no other access), so a lock built from them really
 * does leave the accesses it guards unordered.  VGPU_CHECKS_SUPPRESS silences a kernel or a line (docs/configuration.md).
 * "Uniform" writes (a byte stored again with the value it holds, by another work-item) are not
 * races, as for __local memory; reading such a byte written by another group is. */
#include <inttypes.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/observers/global_races.h"
#include "sim/warp.h"

enum kind { PLAIN_READ, PLAIN_WRITE, ATOMIC_LOAD, ATOMIC_WRITE };

/* One SM runs one launch at a time: the state is the process's. */
static struct grace {
  struct vgpu_sm *sm;
  struct vgpu_grace_header *h;          /* NULL: nothing to check in this launch */
  const struct vgpu_grace_range *ranges;
  struct vgpu_grace_entry *shadow;
  uint32_t nranges, hit;                /* hit: the range the last lookup found */
  uint64_t stride;                      /* work-items of an enqueued group */
  uint64_t group;                       /* linear id of the running group */
  uint64_t first;                       /* item id of its local id 0, minus 1 */
  unsigned iv;                          /* its barrier(CLK_GLOBAL_MEM_FENCE) interval */
  uint32_t acq;                         /* highest release stamp the group has acquired */
  uint32_t pending;                     /* ... read by relaxed atomics (an acquire fence acquires it) */
  int rel_fence;                        /* the group has run a release fence: its atomic writes release */
  uint8_t *skip;                        /* per decoded pc: its line is suppressed */
  size_t skip_cap;
} grace;

static void *launch_begin(struct vgpu_sm *sm) {
  struct grace *c = &grace;
  const struct vgpu_launch *L = sm->launch;
  const struct vgpu_obs_buf *b = &L->obs_buf[VGPU_OBS_GLOBAL_RACES];
  c->sm = sm;
  c->h = NULL;
  if (!b->off) return c; /* the runtime tracks nothing (a suppressed kernel, no buffers) */
  const struct vgpu_grace_header *h = (const void *)(sm->arena + b->off);
  int fits = b->off <= sm->arena_size && b->size <= sm->arena_size - b->off && b->size >= sizeof *h;
  uint64_t tables = !fits ? 0 : sizeof *h + (uint64_t)h->nranges * sizeof(struct vgpu_grace_range) +
                                (uint64_t)h->nsuppress * sizeof(uint32_t);
  if (!fits || tables > b->size || h->shadow_off < tables || h->shadow_off > b->size) {
    vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "malformed buffer of the global race detector");
    return NULL;
  }
  c->h = (struct vgpu_grace_header *)(sm->arena + b->off);
  c->ranges = (const void *)(c->h + 1);
  c->nranges = h->nranges;
  c->shadow = (struct vgpu_grace_entry *)(void *)(sm->arena + b->off + h->shadow_off);
  uint64_t entries = (b->size - h->shadow_off) / sizeof(struct vgpu_grace_entry);
  for (uint32_t i = 0; i < c->nranges; i++)
    if (c->ranges[i].first > entries || c->ranges[i].size > entries - c->ranges[i].first) {
      vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_FAULT, "malformed buffer of the global race detector");
      return NULL;
    }
  c->hit = 0;
  c->stride = 1;
  for (unsigned d = 0; d < L->work_dim && d < 3; d++) c->stride *= L->local_size[d];
  if (c->skip_cap < sm->kc->ncode) {
    free(c->skip);
    c->skip = malloc(sm->kc->ncode);
    c->skip_cap = c->skip ? sm->kc->ncode : 0;
    if (!c->skip) {
      vgpu_fault_raise(sm, NULL, -1, UINT32_MAX, VGPU_LAUNCH_OUT_OF_RESOURCES,
                       "out of memory (VGPU_CHECKS global race detector)");
      return NULL;
    }
  }
  const uint32_t *sup = (const uint32_t *)(const void *)(c->ranges + c->nranges);
  for (uint32_t pc = 0; pc < sm->kc->ncode; pc++) {
    c->skip[pc] = 0;
    for (uint32_t i = 0; i < h->nsuppress; i++)
      if (sm->kc->line[pc] == sup[i]) c->skip[pc] = 1;
  }
  return c;
}

/* The shadow entry of arena byte off, and how many bytes from it on its range still holds; NULL
 * outside the kernel's buffers (the bounds check, mem.c, reports what is outside every buffer). */
static struct vgpu_grace_entry *entry_of(struct grace *c, uint64_t off, uint64_t *left) {
  const struct vgpu_grace_range *r = &c->ranges[c->hit];
  if (c->hit >= c->nranges || off < r->start || off - r->start >= r->size) {
    uint32_t a = 0, b = c->nranges;
    while (a < b) { /* first range starting after off */
      uint32_t m = a + (b - a) / 2;
      if (c->ranges[m].start <= off) a = m + 1;
      else b = m;
    }
    if (a == 0 || off - c->ranges[a - 1].start >= c->ranges[a - 1].size) return NULL;
    c->hit = a - 1;
    r = &c->ranges[a - 1];
  }
  *left = r->size - (off - r->start);
  return &c->shadow[r->first + (off - r->start)];
}

/* Spinlocks shared by the SM processes.  A launch that has failed (another SM holds a lock and
 * crashed, say) stops waiting: its result is an error anyway. */
static int lock(struct grace *c, uint32_t *l) {
  for (unsigned spins = 0;; spins++) {
    if (!__atomic_load_n(l, __ATOMIC_RELAXED) && !__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE)) return 0;
    if (spins > 64) {
      if (atomic_load_explicit(&c->sm->launch->fault.claimed, memory_order_relaxed)) return -1;
      sched_yield();
    }
  }
}

static void unlock(uint32_t *l) { __atomic_store_n(l, 0, __ATOMIC_RELEASE); }

static uint64_t group_of(const struct grace *c, uint32_t item) { return (item - 1) / c->stride; }

/* Is the recorded access by `item` (in interval iv, flagged `several` work-items of its group, at
 * clock value sync) unordered with the running work-item `me`'s access? */
static int unordered(const struct grace *c, uint32_t me, uint32_t item, unsigned iv, int groups, int several,
                     uint32_t sync) {
  if (!item || c->acq > sync) return 0; /* ordered by a release the group acquired since */
  if (groups || group_of(c, item) != c->group) return 1;
  return iv == c->iv && c->iv < VGPU_GRACE_IV_MAX && (item != me || several);
}

/* "work-item global (x,y,z) group (x,y,z)" of a recorded item id. */
static void name_item(const struct grace *c, uint32_t item, char *buf, size_t n) {
  const struct vgpu_launch *L = c->sm->launch;
  uint64_t x = item - 1, gl = x / c->stride, ll = x % c->stride, gid[3], lid[3], gsz[3], glob[3];
  for (unsigned d = 0; d < 3; d++) {
    int in = d < L->work_dim;
    uint64_t ng = in ? L->num_groups[d] : 1, ls = in ? L->local_size[d] : 1;
    gid[d] = gl % ng;
    gl /= ng;
    uint64_t left = in ? L->global_size[d] - gid[d] * ls : 1;
    gsz[d] = left < ls ? left : ls; /* the last group of a dimension may be partial */
  }
  lid[0] = ll % gsz[0];
  lid[1] = ll / gsz[0] % gsz[1];
  lid[2] = ll / (gsz[0] * gsz[1]);
  for (unsigned d = 0; d < 3; d++)
    glob[d] = d < L->work_dim ? gid[d] * L->local_size[d] + lid[d] + L->global_offset[d] : 0;
  snprintf(buf, n, "work-item global (%" PRIu64 ",%" PRIu64 ",%" PRIu64 ") group (%" PRIu64 ",%" PRIu64 ",%" PRIu64 ")",
           glob[0], glob[1], glob[2], gid[0], gid[1], gid[2]);
}

static const char *const doing[] = {"reads", "writes", "atomically reads", "atomically writes"};

/* Raises the fault naming both work-items and lines.  other_wrote: the conflict is with the write
 * record (else the plain reads). */
static void report(struct grace *c, const struct vgpu_warp *w, unsigned lane, uint32_t pc, uint64_t off,
                   enum kind k, uint32_t me, const struct vgpu_grace_entry *e, int other_wrote) {
  uint32_t item = other_wrote ? e->w_item : e->r_item;
  unsigned line = other_wrote ? e->w_line : e->r_line;
  const char *did = !other_wrote ? "read" : !(e->flags & VGPU_GRACE_W_ATOMIC) ? "wrote"
                    : e->flags & VGPU_GRACE_W_LOAD ? "atomically read" : "atomically wrote";
  char who[160], at[32] = "";
  int other_group = group_of(c, item) != c->group;
  if (item == me || (!other_group && (other_wrote ? e->w_iv : e->r_iv) != c->iv)) {
    /* the record is this work-item's own (or ordered): the conflicting one is summarised by a flag */
    other_group = other_wrote ? (e->flags & VGPU_GRACE_W_GROUPS) != 0 : (e->flags & VGPU_GRACE_R_GROUPS) != 0;
    snprintf(who, sizeof who, "work-items of %s %s it", other_group ? "other work-groups" : "this work-group", did);
  } else {
    name_item(c, item, who, sizeof who);
    size_t n = strlen(who);
    snprintf(who + n, sizeof who - n, " %s it", did);
    if (line) snprintf(at, sizeof at, " at line %u", line);
  }
  vgpu_fault_raise(c->sm, w, (int)lane, pc, VGPU_LAUNCH_FAULT,
                   "data race on global memory at address 0x%" PRIx64 ": this work-item %s it and %s%s, %s",
                   off, doing[k], who, at,
                   other_group ? "in another work-group (no barrier orders work-groups)"
                               : "with no barrier(CLK_GLOBAL_MEM_FENCE) in between");
}

static uint32_t min32(uint32_t a, uint32_t b) { return a < b ? a : b; }

/* Checks and records one byte's access at clock value now (rel: the stamp of this access when it
 * is a release, else 0): 0, or 1 = race with the write record, 2 = with the reads. */
static int byte_access(struct grace *c, struct vgpu_grace_entry *e, uint32_t me, uint16_t line, enum kind k,
                       int has_value, uint8_t value, uint32_t now, uint32_t rel) {
  uint8_t f = e->flags;
  const unsigned iv = c->iv < VGPU_GRACE_IV_MAX ? c->iv : VGPU_GRACE_IV_MAX;
  int ow = unordered(c, me, e->w_item, e->w_iv, f & VGPU_GRACE_W_GROUPS, f & VGPU_GRACE_W_ITEMS, e->w_sync);
  int r_unordered = unordered(c, me, e->r_item, e->r_iv, f & VGPU_GRACE_R_GROUPS, f & VGPU_GRACE_R_ITEMS, e->r_sync);
  int w_atomic = (f & VGPU_GRACE_W_ATOMIC) != 0, w_loads = w_atomic && (f & VGPU_GRACE_W_LOAD);
  /* how the running access joins the write record, when it does not replace it */
  int same_iv_group = e->w_item && group_of(c, e->w_item) == c->group && e->w_iv == iv;
  uint8_t groups = (f & VGPU_GRACE_W_GROUPS) || (e->w_item && group_of(c, e->w_item) != c->group) ? VGPU_GRACE_W_GROUPS : 0;
  uint8_t items = same_iv_group && (e->w_item != me || (f & VGPU_GRACE_W_ITEMS)) ? VGPU_GRACE_W_ITEMS : 0;
  uint8_t rf = f & (VGPU_GRACE_R_GROUPS | VGPU_GRACE_R_ITEMS);
  switch (k) {
    case PLAIN_READ:
      if (ow && !w_loads) return 1;
      if (!e->r_item) rf = 0;
      else if (group_of(c, e->r_item) != c->group) rf = VGPU_GRACE_R_GROUPS;
      else if (e->r_iv == iv) rf |= e->r_item != me ? VGPU_GRACE_R_ITEMS : 0;
      else rf &= VGPU_GRACE_R_GROUPS;
      e->r_sync = rf ? min32(e->r_sync, now) : now; /* a summary keeps its earliest reader's */
      e->r_item = me;
      e->r_line = line;
      e->r_iv = (uint8_t)iv;
      e->flags = (uint8_t)((f & ~(VGPU_GRACE_R_GROUPS | VGPU_GRACE_R_ITEMS)) | rf);
      return 0;
    case PLAIN_WRITE:
      if (ow && (w_atomic || !has_value || e->value != value)) return 1; /* same value: uniform */
      if (r_unordered) return 2;
      e->w_item = me;
      e->w_line = line;
      e->w_iv = (uint8_t)iv;
      e->value = value;
      e->flags = (uint8_t)(rf | (ow ? groups | items : groups & f));
      e->w_sync = e->flags & (VGPU_GRACE_W_GROUPS | VGPU_GRACE_W_ITEMS) ? min32(e->w_sync, now) : now;
      return 0;
    case ATOMIC_LOAD:
    case ATOMIC_WRITE:
      if (ow && !w_atomic) return 1;
      if (k == ATOMIC_WRITE && r_unordered) return 2;
      if (rel > e->rel) e->rel = rel; /* what an acquire reading this byte from now on synchronises with */
      if (e->w_item && !w_atomic) return 0; /* an ordered plain write of this group stays on record */
      if (e->w_item && k == ATOMIC_LOAD && !w_loads) return 0; /* atomic writes stay on record */
      if (e->w_item && k == ATOMIC_WRITE && w_loads) groups = items = 0; /* loads never conflict with it */
      e->w_sync = groups | items ? min32(e->w_sync, now) : now;
      e->w_item = me;
      e->w_line = line;
      e->w_iv = (uint8_t)iv;
      e->flags = (uint8_t)(rf | groups | items | VGPU_GRACE_W_ATOMIC | (k == ATOMIC_LOAD ? VGPU_GRACE_W_LOAD : 0));
      return 0;
  }
  return 0;
}

/* One warp request: each active lane's bytes, in lane order.  rel: the request is a release (an
 * atomic write): it takes the next number of the clock. */
static int lanes(struct grace *c, const struct vgpu_warp *w, uint32_t pc, const uint64_t *addr, uint64_t mask,
                 unsigned size, enum kind k, const uint64_t *val, int release) {
  const struct vgpu_kcode *kc = c->sm->kc;
  /* the clock before this access; a release's number is one above (every access of its work-item
   * before it read the clock at most at that value) */
  uint32_t rel = release ? __atomic_add_fetch(&c->h->clock, 1, __ATOMIC_RELAXED) : 0;
  uint32_t now = release ? rel - 1 : __atomic_load_n(&c->h->clock, __ATOMIC_RELAXED);
  uint16_t line = kc->line[pc] < 0xffff ? (uint16_t)kc->line[pc] : 0;
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    uint64_t a = addr[l] & VIR_PTR_OFFSET_MASK, left = 0;
    uint32_t me = (uint32_t)(c->first + (uint64_t)w->index * w->width + l + 1);
    struct vgpu_grace_entry *e = NULL;
    uint32_t *held = NULL;
    for (unsigned b = 0; b < size; b++) {
      if (left) {
        e++;
        left--;
      }
      if (!left && !(e = entry_of(c, a + b, &left))) continue; /* outside the buffers: not tracked */
      uint32_t *lk = &c->h->locks[((a + b) >> 6) & (VGPU_GRACE_LOCKS - 1)];
      if (lk != held) {
        if (held) unlock(held);
        held = NULL;
        if (lock(c, lk)) return -1;
        held = lk;
      }
      int r = byte_access(c, e, me, line, k, val != NULL, val ? (uint8_t)(val[l] >> (8 * (b & 7))) : 0, now, rel);
      if (r) {
        struct vgpu_grace_entry copy = *e;
        unlock(held);
        report(c, w, l, pc, a + b, k, me, &copy, r == 1);
        return -1;
      }
    }
    if (held) unlock(held);
  }
  return 0;
}

static int on_mem(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space, int is_store,
                  const uint64_t *addr, uint64_t mask, unsigned size, const uint64_t *val) {
  struct grace *c = ctx;
  if (space != VGPU_SPACE_GLOBAL || !c->h || c->skip[pc]) return 0;
  return lanes(c, w, pc, addr, mask, size, is_store ? PLAIN_WRITE : PLAIN_READ, is_store ? val : NULL, 0);
}

static void on_atomic(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space,
                      const uint64_t *addr, uint64_t mask, unsigned size) {
  struct grace *c = ctx;
  if (space != VGPU_SPACE_GLOBAL || !c->h || c->skip[pc]) return;
  const struct vgpu_dinsn *in = &c->sm->kc->code[pc];
  unsigned op = in->mod & 15;
  int release = op != VIR_ATOM_LOAD && (vir_order_releases(VIR_SEM_ORDER(in->sem)) || c->rel_fence);
  /* A race found here has raised the fault, and the atomic is not performed (atomics.c). */
  lanes(c, w, pc, addr, mask, size, op == VIR_ATOM_LOAD ? ATOMIC_LOAD : ATOMIC_WRITE, NULL, release);
}

/* After the atomic: what it read carries the stamp of the releases it may have read from (the
 * highest that wrote its bytes, which were stamped before they were performed). */
static void on_atomic_done(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space,
                           const uint64_t *addr, uint64_t mask, unsigned size) {
  struct grace *c = ctx;
  (void)w;
  if (space != VGPU_SPACE_GLOBAL || !c->h || c->skip[pc]) return;
  const struct vgpu_dinsn *in = &c->sm->kc->code[pc];
  if ((in->mod & 15) == VIR_ATOM_STORE) return; /* reads nothing */
  uint32_t seen = 0;
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    uint64_t a = addr[l] & VIR_PTR_OFFSET_MASK, left;
    for (unsigned b = 0; b < size; b++) {
      struct vgpu_grace_entry *e = entry_of(c, a + b, &left);
      if (!e) continue;
      uint32_t *lk = &c->h->locks[((a + b) >> 6) & (VGPU_GRACE_LOCKS - 1)];
      if (lock(c, lk)) return;
      if (e->rel > seen) seen = e->rel;
      unlock(lk);
    }
  }
  if (vir_order_acquires(VIR_SEM_ORDER(in->sem))) {
    if (seen > c->acq) c->acq = seen;
  } else if (seen > c->pending) {
    c->pending = seen;
  }
}

/* atomic_work_item_fence on global memory: an acquire fence acquires what relaxed atomics read
 * before it, after a release fence the group's atomic writes release (s6.15.12.1). */
static void on_fence(void *ctx, const struct vgpu_warp *w, uint32_t pc) {
  struct grace *c = ctx;
  (void)w;
  const struct vgpu_dinsn *in = &c->sm->kc->code[pc];
  if (!c->h || !(in->mod & (VIR_FENCE_GLOBAL | VIR_FENCE_IMAGE))) return;
  unsigned o = VIR_SEM_ORDER(in->sem);
  if (vir_order_acquires(o) && c->pending > c->acq) c->acq = c->pending;
  if (vir_order_releases(o)) c->rel_fence = 1;
}

static void on_group_begin(void *ctx, const struct vgpu_group *g) {
  struct grace *c = ctx;
  const struct vgpu_launch *L = c->sm->launch;
  c->group = g->id[0] + L->num_groups[0] * (g->id[1] + L->num_groups[1] * g->id[2]);
  c->first = c->group * c->stride;
  c->iv = 0;
  c->acq = c->pending = 0;
  c->rel_fence = 0;
}

/* Every warp has passed the barrier: their pc is the instruction after it (workgroup.c). */
static void on_barrier(void *ctx, const struct vgpu_group *g) {
  struct grace *c = ctx;
  uint32_t pc = g->nwarps ? g->warps[0].pc - 1 : UINT32_MAX;
  const struct vgpu_kcode *kc = c->sm->kc;
  /* without CLK_GLOBAL_MEM_FENCE global accesses stay unordered; an unknown barrier counts */
  if (pc < kc->ncode && kc->code[pc].op == VGPU_D_BARRIER && !(kc->code[pc].mod & (VIR_FENCE_GLOBAL | VIR_FENCE_IMAGE)))
    return;
  if (c->iv < VGPU_GRACE_IV_MAX) c->iv++;
}

const struct vgpu_observer vgpu_global_races_observer = {
  .launch_begin = launch_begin,
  .mem = on_mem,
  .atomic = on_atomic,
  .atomic_done = on_atomic_done,
  .fence = on_fence,
  .barrier = on_barrier,
  .group_begin = on_group_begin,
};
