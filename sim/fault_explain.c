/* fault_explain.c - the part of a fault report that shows the machine at the fault (issue 12): the
 * warp's active mask and reconvergence stack by source line, the faulting instruction's register
 * operands in every active lane, the faulting lane's source variables (the VIR module's variable
 * table, built with -g), and for a global access the kernel argument whose buffer it was near, by
 * name, with the offset and the buffer's size.  Read-only: it runs after the fault is claimed. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "sim/arena.h"
#include "sim/warp.h"

struct out { char *p; size_t len, n; };

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...) {
  if (o->n >= o->len) return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(o->p + o->n, o->len - o->n, fmt, ap);
  va_end(ap);
  if (k > 0) o->n = o->n + (size_t)k < o->len ? o->n + (size_t)k : o->len;
}

/* "file:line" of a decoded pc, or "the kernel's end". */
static void where(struct out *o, const struct vgpu_sm *sm, uint32_t dpc) {
  const char *src = vir_string(sm->mod, sm->mod->source_name);
  if (dpc >= sm->kc->ncode) { put(o, "the kernel's end"); return; }
  if (sm->kc->line[dpc]) put(o, "%s:%u", *src ? src : "<source>", sm->kc->line[dpc]);
  else put(o, "VIR pc %u", sm->kc->vir_pc[dpc]);
}

/* A value of `size` bytes printed as its source type says. */
void vgpu_format_value(char *buf, size_t len, uint64_t bits, unsigned enc, unsigned size) {
  uint64_t m = size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
  bits &= m;
  switch (enc) {
  case VIR_VENC_SIGNED: {
    int64_t v = size >= 8 ? (int64_t)bits : (int64_t)(bits << (64 - 8 * size)) >> (64 - 8 * size);
    snprintf(buf, len, "%" PRId64, v);
    break;
  }
  case VIR_VENC_FLOAT:
    if (size == 4) { float f; uint32_t b = (uint32_t)bits; memcpy(&f, &b, 4); snprintf(buf, len, "%.9g", f); }
    else if (size == 8) { double d; memcpy(&d, &bits, 8); snprintf(buf, len, "%.17g", d); }
    else snprintf(buf, len, "0x%" PRIx64, bits);
    break;
  case VIR_VENC_BOOL: snprintf(buf, len, "%s", bits ? "true" : "false"); break;
  case VIR_VENC_PTR: snprintf(buf, len, "0x%" PRIx64, bits); break;
  default: snprintf(buf, len, "%" PRIu64, bits); break;
  }
}

/* The bytes [addr, addr + size) of lane `lane` as the SM sees them, or -1 when outside memory. */
int vgpu_peek(const struct vgpu_sm *sm, const struct vgpu_warp *w, unsigned lane, uint64_t addr, unsigned size,
              uint64_t *bits) {
  uint64_t tag = addr >> VIR_PTR_TAG_SHIFT, off = addr & VIR_PTR_OFFSET_MASK;
  const uint8_t *p = NULL;
  if (tag == VIR_PTR_TAG_GLOBAL && off >= VGPU_ARENA_RESERVED && off < sm->arena_size && size <= sm->arena_size - off)
    p = sm->arena + off;
  else if (tag == VIR_PTR_TAG_LOCAL && w->group && off < w->group->local_bytes && size <= w->group->local_bytes - off)
    p = w->group->local + off;
  else if (tag == VIR_PTR_TAG_PRIVATE && off < sm->priv_stride && size <= sm->priv_stride - off)
    p = w->priv + lane * sm->priv_stride + off;
  if (!p) return -1;
  *bits = 0;
  memcpy(bits, p, size);
  return 0;
}

/* The value of debug variable v in `lane`; -1 when its memory cannot be read. */
int vgpu_var_value(const struct vgpu_sm *sm, const struct vgpu_warp *w, unsigned lane, const struct vir_var *v,
                   uint64_t *bits) {
  uint64_t r = w->regs[(size_t)v->reg * sm->kc->width + lane];
  if (v->kind == VIR_VAR_REG) { *bits = r; return 0; }
  return vgpu_peek(sm, w, lane, r, v->size, bits);
}

static void explain_stack(struct out *o, const struct vgpu_sm *sm, const struct vgpu_warp *w, uint32_t pc) {
  int sp = w->sp;
  if (sp < 0) return;
  uint64_t mask = w->stack[sp].mask;
  put(o, "\n  warp %u: active mask 0x%016" PRIx64 " (%d of %d lanes)", w->index, mask,
      __builtin_popcountll(mask), __builtin_popcountll(w->init_mask));
  if (sp == 0) { put(o, ", no divergence pending"); return; }
  put(o, "\n  reconvergence stack (top first):");
  put(o, "\n    running  mask 0x%016" PRIx64 " at ", mask);
  where(o, sm, pc);
  put(o, ", reconverges at ");
  where(o, sm, w->stack[sp].rpc);
  for (int i = sp - 1; i >= 0; i--) {
    const struct vgpu_simt_entry *e = &w->stack[i];
    put(o, "\n    %-8s mask 0x%016" PRIx64 " resumes at ", i ? "pending" : "waiting", e->mask);
    where(o, sm, e->pc);
    if (i) { put(o, ", reconverges at "); where(o, sm, e->rpc); }
  }
}

static void explain_operands(struct out *o, const struct vgpu_sm *sm, const struct vgpu_warp *w,
                             const struct vir_insn *in) {
  uint64_t mask = w->sp >= 0 ? w->stack[w->sp].mask : 0;
  unsigned regs[4], nr = 0;
  for (unsigned i = 0; i < 4; i++)
    if (vir_operand_role(in, i) == VIR_ROLE_USE) regs[nr++] = i;
  if (!nr || !mask) return;
  put(o, "\n  operands of %s, per active lane:\n    lane  work-item", vir_op_name[in->op]);
  for (unsigned k = 0; k < nr; k++) put(o, "  %c = r%-15u", "dabc"[regs[k]], vir_operand_value(in, regs[k]));
  const struct vgpu_group *g = w->group;
  for (uint64_t m = mask; m; m &= m - 1) {
    unsigned l = (unsigned)__builtin_ctzll(m);
    put(o, "\n    %4u  %9" PRIu64, l, g->base[0] + w->lid[0][l]);
    for (unsigned k = 0; k < nr; k++)
      put(o, "  0x%-18" PRIx64, w->regs[(size_t)vir_operand_value(in, regs[k]) * sm->kc->width + l]);
  }
}

static void explain_vars(struct out *o, const struct vgpu_sm *sm, const struct vgpu_warp *w, unsigned lane,
                         uint32_t vpc) {
  const struct vir_header *h = sm->mod;
  const struct vir_var *vs = vir_vars(h);
  const char *kname = vir_string(h, sm->kernel->name);
  int any = 0;
  for (uint32_t i = 0; i < h->nvars; i++) {
    const struct vir_var *v = &vs[i];
    if (v->kernel != sm->kc->kernel_index || vpc < v->first_pc || vpc >= v->end_pc) continue;
    if (!any++) put(o, "\n  variables of lane %u:", lane);
    const char *scope = vir_string(h, v->scope);
    char val[64];
    uint64_t bits;
    if (vgpu_var_value(sm, w, lane, v, &bits)) snprintf(val, sizeof val, "<unreadable>");
    else vgpu_format_value(val, sizeof val, bits, v->enc, v->size);
    put(o, "\n    %s = %s", vir_string(h, v->name), val);
    if (*scope && strcmp(scope, kname)) put(o, "   (in %s, inlined)", scope);
  }
  if (!any && !h->nvars) put(o, "\n  (build with -g to see the lane's variables)");
}

/* For a global access: the kernel argument whose buffer the address is in or nearest to. */
static void explain_buffer(struct out *o, const struct vgpu_sm *sm, uint64_t addr) {
  const struct vir_arg *as = vir_args(sm->mod) + sm->kernel->first_arg;
  const struct vgpu_launch_arg *la = (const struct vgpu_launch_arg *)(sm->arena + sm->launch->args_off);
  int best = -1;
  uint64_t best_dist = UINT64_MAX;
  for (uint32_t i = 0; i < sm->kernel->nargs && i < sm->launch->nargs; i++) {
    if (as[i].kind != VIR_ARG_GLOBAL_PTR && as[i].kind != VIR_ARG_CONSTANT_PTR) continue;
    uint64_t lo = la[i].value, hi = lo + la[i].mem_size;
    if (!lo || !la[i].mem_size) continue;
    uint64_t d = addr < lo ? lo - addr : addr >= hi ? addr - hi + 1 : 0;
    if (d < best_dist) { best_dist = d; best = (int)i; }
  }
  if (best < 0) return;
  const struct vir_arg *a = &as[best];
  uint64_t lo = la[best].value, size = la[best].mem_size;
  const char *name = vir_string(sm->mod, a->name), *type = vir_string(sm->mod, a->type_name);
  put(o, "\n  the address is ");
  if (addr < lo) put(o, "%" PRIu64 " bytes before", lo - addr);
  else put(o, "at byte offset %" PRIu64 " of", addr - lo);
  put(o, " kernel argument '%s' (%s), a buffer of %" PRIu64 " bytes", *name ? name : "?", type, size);
  if (addr >= lo + size) put(o, ": %" PRIu64 " bytes past its end", addr - (lo + size));
}

void vgpu_describe_stack(const struct vgpu_sm *sm, const struct vgpu_warp *w, uint32_t pc, char *buf, size_t len) {
  struct out o = {buf, len, strlen(buf)};
  explain_stack(&o, sm, w, pc);
}

void vgpu_describe_operands(const struct vgpu_sm *sm, const struct vgpu_warp *w, uint32_t pc, char *buf, size_t len) {
  struct out o = {buf, len, strlen(buf)};
  if (pc < sm->kc->ncode)
    explain_operands(&o, sm, w, vir_insns(sm->mod) + sm->kernel->first_insn + sm->kc->vir_pc[pc]);
}

void vgpu_fault_explain(struct vgpu_sm *sm, const struct vgpu_warp *w, int lane, uint32_t pc, char *buf,
                        size_t len) {
  struct out o = {buf, len, strlen(buf)};
  if (!sm->kc || !sm->mod || !sm->kernel || pc >= sm->kc->ncode || !w || lane < 0) return;
  uint32_t vpc = sm->kc->vir_pc[pc];
  const struct vir_insn *in = vir_insns(sm->mod) + sm->kernel->first_insn + vpc;
  explain_stack(&o, sm, w, pc);
  explain_operands(&o, sm, w, in);
  if (in->op == VIR_LOAD || in->op == VIR_STORE || in->op == VIR_ATOMIC) {
    uint64_t addr = w->regs[(size_t)in->a * sm->kc->width + (unsigned)lane];
    if (in->op != VIR_ATOMIC) addr += (uint64_t)(int64_t)(int32_t)in->c;
    if (addr >> VIR_PTR_TAG_SHIFT == VIR_PTR_TAG_GLOBAL) explain_buffer(&o, sm, addr);
  }
  explain_vars(&o, sm, w, (unsigned)lane, vpc);
}
