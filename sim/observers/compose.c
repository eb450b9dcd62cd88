/* compose.c - several observers in one launch: the table of observers.def, started at launch begin
 * from the launch record's bit set, and the composite observer that passes each hook to every
 * active one in table order.  With one active the SM calls it directly, with none it calls
 * nothing (observer.h). */
#include "sim/observer.h"
#include "sim/warp.h"

static const struct vgpu_observer *const table[VGPU_OBS_COUNT] = {
#define VGPU_OBSERVER(id, hooks) [VGPU_OBS_##id] = &hooks,
#include "sim/observers/observers.def"
#undef VGPU_OBSERVER
};

#define EACH(set, hook, ...)                                                             \
  do {                                                                                   \
    const struct vgpu_obs_set *s_ = (set);                                               \
    for (unsigned i_ = 0; i_ < s_->n; i_++)                                              \
      if (s_->obs[i_]->hook) s_->obs[i_]->hook(s_->ctx[i_], __VA_ARGS__);                \
  } while (0)

static void on_insn(void *ctx, const struct vgpu_warp *w, const struct vgpu_dinsn *in, unsigned op, uint64_t mask) {
  EACH(ctx, insn, w, in, op, mask);
}

static void on_branch(void *ctx, const struct vgpu_warp *w, uint32_t pc, uint64_t mask, uint64_t taken) {
  EACH(ctx, branch, w, pc, mask, taken);
}

static int on_mem(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space, int is_store,
                  const uint64_t *addr, uint64_t mask, unsigned size, const uint64_t *val) {
  const struct vgpu_obs_set *s = ctx;
  for (unsigned i = 0; i < s->n; i++)
    if (s->obs[i]->mem && s->obs[i]->mem(s->ctx[i], w, pc, space, is_store, addr, mask, size, val)) return -1;
  return 0;
}

static void on_atomic(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space,
                      const uint64_t *addr, uint64_t mask, unsigned size) {
  EACH(ctx, atomic, w, pc, space, addr, mask, size);
}

static void on_texture(void *ctx, const struct vgpu_warp *w, uint32_t pc, int is_write, uint64_t mask,
                       uint64_t texels, uint64_t filter_texels) {
  EACH(ctx, texture, w, pc, is_write, mask, texels, filter_texels);
}

static void on_atomic_done(void *ctx, const struct vgpu_warp *w, uint32_t pc, enum vgpu_space space,
                           const uint64_t *addr, uint64_t mask, unsigned size) {
  EACH(ctx, atomic_done, w, pc, space, addr, mask, size);
}

static void on_fence(void *ctx, const struct vgpu_warp *w, uint32_t pc) { EACH(ctx, fence, w, pc); }
static void on_barrier_arrive(void *ctx, const struct vgpu_warp *w, uint32_t pc) { EACH(ctx, barrier_arrive, w, pc); }
static void on_barrier(void *ctx, const struct vgpu_group *g) { EACH(ctx, barrier, g); }
static void on_group_begin(void *ctx, const struct vgpu_group *g) { EACH(ctx, group_begin, g); }
static void on_group_end(void *ctx, const struct vgpu_group *g) { EACH(ctx, group_end, g); }

static const struct vgpu_observer composite = {
  .insn = on_insn,
  .branch = on_branch,
  .mem = on_mem,
  .atomic = on_atomic,
  .texture = on_texture,
  .atomic_done = on_atomic_done,
  .fence = on_fence,
  .barrier_arrive = on_barrier_arrive,
  .barrier = on_barrier,
  .group_begin = on_group_begin,
  .group_end = on_group_end,
};

int vgpu_observers_begin(struct vgpu_sm *sm) {
  struct vgpu_obs_set *s = &sm->obs_set;
  uint32_t bits = sm->launch->observers;
  for (unsigned id = 0; id < VGPU_OBS_COUNT; id++)
    if (bits & (1u << id)) bits &= ~table[id]->subsumes;
  s->n = 0;
  sm->obs = NULL;
  sm->obs_ctx = NULL;
  for (unsigned id = 0; id < VGPU_OBS_COUNT; id++) {
    if (!(bits & (1u << id))) continue;
    void *ctx = table[id]->launch_begin ? table[id]->launch_begin(sm) : NULL;
    if (table[id]->launch_begin && !ctx) {
      vgpu_observers_end(sm); /* the ones already started */
      return -1;
    }
    s->obs[s->n] = table[id];
    s->ctx[s->n++] = ctx;
  }
  if (s->n == 1) {
    sm->obs = s->obs[0];
    sm->obs_ctx = s->ctx[0];
  } else if (s->n > 1) {
    sm->obs = &composite;
    sm->obs_ctx = s;
  }
  return 0;
}

void vgpu_observers_end(struct vgpu_sm *sm) {
  struct vgpu_obs_set *s = &sm->obs_set;
  for (unsigned i = 0; i < s->n; i++)
    if (s->obs[i]->launch_end) s->obs[i]->launch_end(s->ctx[i], sm);
  s->n = 0;
  sm->obs = NULL;
  sm->obs_ctx = NULL;
}
