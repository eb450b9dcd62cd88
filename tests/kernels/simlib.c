/* simlib.c - see simlib.h. */
#include "tests/kernels/simlib.h"
#include "vgpu/profile.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void sim_open(struct simdev *d, unsigned arena_mb, int nsms, int warp, double watchdog_s) {
  memset(d, 0, sizeof *d);
  const char *helper = getenv("VGPU_SM_HELPER");
  if (!helper || access(helper, X_OK)) {
    printf("skipped: VGPU_SM_HELPER (the SM helper binary) not set\n");
    exit(77);
  }
  if (vgpu_arena_create(&d->arena, (uint64_t)arena_mb << 20, "vgpu-simtest")) {
    printf("cannot create the arena\n");
    exit(1);
  }
  struct vgpu_engine_config cfg = {nsms, warp, 64 << 10, watchdog_s, helper};
  if (vgpu_engine_create(&d->engine, &d->arena, &cfg)) {
    printf("cannot start the SM processes (%s)\n", helper);
    exit(1);
  }
  d->nsms = nsms;
  d->warp = warp;
}

void sim_close(struct simdev *d) {
  vgpu_engine_destroy(d->engine);
  vgpu_arena_destroy(&d->arena);
}

uint64_t sim_alloc(struct simdev *d, uint64_t size) {
  uint64_t off;
  if (vgpu_arena_alloc(&d->arena, size ? size : 1, 256, &off)) {
    printf("arena full\n");
    exit(1);
  }
  memset(d->arena.base + off, 0, size);
  unsigned i = d->nallocs++; /* keep sorted by start */
  while (i > 0 && d->allocs[i - 1][0] > off) {
    d->allocs[i][0] = d->allocs[i - 1][0];
    d->allocs[i][1] = d->allocs[i - 1][1];
    i--;
  }
  d->allocs[i][0] = off;
  d->allocs[i][1] = size;
  return off;
}

void sim_free(struct simdev *d, uint64_t off) {
  for (unsigned i = 0; i < d->nallocs; i++)
    if (d->allocs[i][0] == off) {
      memmove(&d->allocs[i], &d->allocs[i + 1], (d->nallocs - i - 1) * sizeof d->allocs[0]);
      d->nallocs--;
      vgpu_arena_free(&d->arena, off);
      return;
    }
}

void vb_init(struct vb *b, const char *kernel, uint32_t nregs) {
  memset(b, 0, sizeof *b);
  b->strings_size = 1;
  b->nregs = nregs;
  size_t n = strlen(kernel) + 1;
  b->kname = b->strings_size;
  memcpy(b->strings + b->strings_size, kernel, n);
  b->strings_size += (uint32_t)n;
  memset(b->label, 0xff, sizeof b->label);
}

void vb_label(struct vb *b, int label) { b->label[label] = b->ninsns; }

static void vb_fix(struct vb *b, uint32_t pc, uint32_t field, int label) {
  b->fix[b->nfix].pc = pc;
  b->fix[b->nfix].field = field;
  b->fix[b->nfix++].label = label;
}

uint32_t vb_br(struct vb *b, int label) {
  uint32_t pc = vb_op(b, VIR_BR, 0, 0, 0, 0, 0, 0);
  vb_fix(b, pc, 1, label);
  return pc;
}

uint32_t vb_cbr(struct vb *b, uint32_t cond, int if_true, int if_false, int reconverge) {
  uint32_t pc = vb_op(b, VIR_CBR, 0, 0, 0, cond, 0, 0);
  vb_fix(b, pc, 2, if_true);
  vb_fix(b, pc, 3, if_false);
  vb_fix(b, pc, 0, reconverge);
  return pc;
}

uint32_t vb_op(struct vb *b, unsigned op, unsigned mod, unsigned size, uint32_t d, uint32_t a, uint32_t bb, uint32_t c) {
  uint32_t pc = b->ninsns++;
  b->insns[pc] = (struct vir_insn){.op = (uint8_t)op, .mod = (uint8_t)mod, .size = (uint8_t)size, .dst = d, .a = a,
                                   .b = bb, .c = c, .line = b->line ? b->line : pc + 1};
  if (op == VIR_ATOMIC || op == VIR_FENCE || op == VIR_BARRIER) b->insns[pc].sem = VIR_SEM_DEFAULT;
  return pc;
}

uint32_t vb_k(struct vb *b, uint64_t v) {
  for (uint32_t i = 0; i < b->nconsts; i++)
    if (b->consts[i] == v) return b->nregs + i;
  b->consts[b->nconsts] = v;
  return b->nregs + b->nconsts++;
}

void vb_arg(struct vb *b, unsigned kind, uint32_t reg, uint32_t size) {
  struct vir_arg *a = &b->args[b->nargs++];
  memset(a, 0, sizeof *a);
  a->kind = kind;
  a->reg = reg;
  a->size = size;
  a->nelems = 1;
  a->elem_size = kind == VIR_ARG_VALUE ? size : 0;
}

#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

void *vb_finish(struct vb *b, size_t *size) {
  for (uint32_t i = 0; i < b->nfix; i++) {
    struct vir_insn *in = &b->insns[b->fix[i].pc];
    uint32_t target = b->fix[i].label < 0 ? VIR_PC_EXIT : b->label[b->fix[i].label];
    if (target == UINT32_MAX && b->fix[i].label >= 0) {
      printf("simlib: label %d not placed\n", b->fix[i].label);
      exit(1);
    }
    uint32_t *f[] = {&in->dst, &in->a, &in->b, &in->c};
    *f[b->fix[i].field] = target;
  }
  const char *src = "test.cl";
  uint32_t src_off = b->strings_size;
  memcpy(b->strings + b->strings_size, src, strlen(src) + 1);
  b->strings_size += (uint32_t)strlen(src) + 1;
  struct vir_header h = {0};
  h.magic = VIR_MAGIC;
  h.version = VIR_VERSION;
  size_t off = ALIGN8(sizeof h);
  h.nkernels = 1; h.kernels_off = (uint32_t)off; off = ALIGN8(off + sizeof(struct vir_kernel));
  h.nargs = b->nargs; h.args_off = (uint32_t)off; off = ALIGN8(off + b->nargs * sizeof(struct vir_arg));
  h.ninsns = b->ninsns; h.insns_off = (uint32_t)off; off = ALIGN8(off + b->ninsns * sizeof(struct vir_insn));
  h.nconsts = b->nconsts; h.consts_off = (uint32_t)off; off = ALIGN8(off + b->nconsts * 8);
  h.nextra = b->nextra; h.extra_off = (uint32_t)off; off = ALIGN8(off + b->nextra * 4);
  h.data_size = b->data_size; h.data_off = (uint32_t)off; off = ALIGN8(off + b->data_size);
  h.strings_size = b->strings_size; h.strings_off = (uint32_t)off; off = ALIGN8(off + b->strings_size);
  h.size = off;
  h.source_name = src_off;
  h.cl_std = 120;
  struct vir_kernel k = {0};
  k.name = b->kname;
  k.first_insn = 0; k.ninsns = b->ninsns;
  k.first_arg = 0; k.nargs = b->nargs;
  k.first_const = 0; k.nconsts = b->nconsts;
  k.const_reg = b->nregs;
  k.nregs = b->nregs + b->nconsts;
  k.private_size = b->private_size;
  k.local_size = b->local_size;
  uint8_t *blob = calloc(1, off);
  memcpy(blob, &h, sizeof h);
  memcpy(blob + h.kernels_off, &k, sizeof k);
  memcpy(blob + h.args_off, b->args, b->nargs * sizeof(struct vir_arg));
  memcpy(blob + h.insns_off, b->insns, b->ninsns * sizeof(struct vir_insn));
  memcpy(blob + h.consts_off, b->consts, b->nconsts * 8);
  memcpy(blob + h.extra_off, b->extra, b->nextra * 4);
  memcpy(blob + h.data_off, b->data, b->data_size);
  memcpy(blob + h.strings_off, b->strings, b->strings_size);
  *size = off;
  return blob;
}

void sim_arg_buf(struct simlaunch *l, uint64_t off) {
  l->args[l->nargs++] = (struct vgpu_launch_arg){off, 8, 0};
}
void sim_arg_val(struct simdev *d, struct simlaunch *l, const void *bytes, uint64_t size) {
  uint64_t off = sim_alloc(d, size);
  d->pending[d->npending++] = off;
  memcpy(sim_ptr(d, off), bytes, size);
  l->args[l->nargs++] = (struct vgpu_launch_arg){off, size, 0};
}
void sim_arg_local(struct simlaunch *l, uint64_t size) {
  l->args[l->nargs++] = (struct vgpu_launch_arg){size, size, 0};
}

int sim_run(struct simdev *d, const void *blob, size_t size, const struct simlaunch *l, struct vgpu_launch **rec) {
  /* The previous launch's record and temporaries are no longer needed. */
  for (unsigned i = 0; i < d->nlastrun; i++) sim_free(d, d->lastrun[i]);
  memcpy(d->lastrun, d->pending, d->npending * sizeof *d->pending);
  d->nlastrun = d->npending;
  d->npending = 0;
  uint64_t mod = sim_alloc(d, size);
  memcpy(sim_ptr(d, mod), blob, size);
  uint64_t args = sim_alloc(d, sizeof(struct vgpu_launch_arg) * (l->nargs ? l->nargs : 1));
  memcpy(sim_ptr(d, args), l->args, sizeof(struct vgpu_launch_arg) * l->nargs);
  uint64_t pf = l->printf_size ? sim_alloc(d, l->printf_size) : 0;
  uint64_t data = sim_alloc(d, 4096);
  /* The data segment, when the header places it inside the blob (tests/vir feeds corrupt modules). */
  const struct vir_header *h = blob;
  if (size >= sizeof *h && h->data_off <= size && h->data_size <= 4096 && h->data_size <= size - h->data_off)
    memcpy(sim_ptr(d, data), (const uint8_t *)blob + h->data_off, h->data_size);
  uint64_t tab = sim_alloc(d, sizeof(struct vgpu_launch_alloc) * 256);
  uint64_t off = sim_alloc(d, sizeof(struct vgpu_launch));
  /* the observers' buffers, as runtime/observe.c gives them */
  uint32_t obs = l->observers | (l->counters ? 1u << VGPU_OBS_COUNTERS : 0);
  uint64_t trace = 0, prof = 0, prof_size = 0;
  if (obs & (1u << VGPU_OBS_TRACE)) {
    trace = sim_alloc(d, strlen(l->trace_path) + 1);
    strcpy(sim_ptr(d, trace), l->trace_path);
  }
  if (obs & (1u << VGPU_OBS_PROFILE)) {
    prof_size = (uint64_t)d->nsms * vir_kernels(h)[l->kernel].ninsns * VGPU_PROF_N * 8;
    prof = sim_alloc(d, prof_size);
    memset(sim_ptr(d, prof), 0, prof_size);
  }
  uint64_t temps[] = {mod, args, pf, data, tab, off, trace, prof};
  for (unsigned i = 0; i < 8; i++)
    if (temps[i]) d->lastrun[d->nlastrun++] = temps[i];
  struct vgpu_launch *L = sim_ptr(d, off);
  L->module_off = mod;
  L->module_size = size;
  L->kernel_index = l->kernel;
  L->work_dim = l->work_dim;
  L->data_off = data;
  for (unsigned i = 0; i < 3; i++) {
    int in = i < l->work_dim;
    L->global_size[i] = in ? l->global[i] : 1;
    L->local_size[i] = in ? l->local[i] : 1;
    L->global_offset[i] = in ? l->offset[i] : 0;
    L->num_groups[i] = (L->global_size[i] + L->local_size[i] - 1) / L->local_size[i];
  }
  L->total_groups = L->num_groups[0] * L->num_groups[1] * L->num_groups[2];
  L->args_off = args;
  L->nargs = l->nargs;
  L->local_mem_size = (uint32_t)(l->local_mem ? l->local_mem : 64 << 10);
  L->printf_off = pf;
  L->printf_size = l->printf_size;
  L->observers = obs;
  if (trace) L->obs_buf[VGPU_OBS_TRACE] = (struct vgpu_obs_buf){trace, strlen(l->trace_path) + 1};
  if (prof) L->obs_buf[VGPU_OBS_PROFILE] = (struct vgpu_obs_buf){prof, prof_size};
  L->watchdog_ns = l->watchdog_ns;
  if (!l->no_alloc_table) {
    struct vgpu_launch_alloc *t = sim_ptr(d, tab);
    for (unsigned i = 0; i < d->nallocs && i < 256; i++) t[i] = (struct vgpu_launch_alloc){d->allocs[i][0], d->allocs[i][1]};
    L->allocs_off = tab;
    L->nallocs = d->nallocs < 256 ? d->nallocs : 256;
  }
  int st = vgpu_engine_launch(d->engine, off);
  if (rec) *rec = L;
  return st;
}

struct vgpu_counters sim_counters(const struct vgpu_launch *rec) {
  struct vgpu_counters s = {0};
  for (unsigned i = 0; i < rec->nsms && i < VGPU_MAX_SMS; i++) {
    const struct vgpu_counters *c = &rec->counters[i];
    s.warp_insns += c->warp_insns; s.lane_insns += c->lane_insns; s.branches += c->branches;
    s.divergent_branches += c->divergent_branches; s.global_requests += c->global_requests;
    s.global_transactions += c->global_transactions; s.global_bytes += c->global_bytes;
    s.local_requests += c->local_requests; s.local_bank_conflicts += c->local_bank_conflicts;
    s.atomics += c->atomics; s.barriers += c->barriers; s.work_groups += c->work_groups; s.warps += c->warps;
    s.image_reads += c->image_reads; s.image_writes += c->image_writes; s.image_texels += c->image_texels;
    s.image_filter_texels += c->image_filter_texels;
  }
  return s;
}

/* Runs `cmd` (which writes `out`, or its errors to `log`); returns the validated VIR blob. */
static void *tool_output(const char *cmd, const char *out, const char *log, size_t *size) {
  int rc = system(cmd);
  size_t n = 0;
  void *blob = rc == 0 ? vt_read_file(out, &n) : NULL;
  if (!blob) {
    char *l = vt_read_file(log, &n);
    printf("build failed (%d):\n%s\n", rc, l ? l : "");
    exit(1);
  }
  char why[256];
  if (vir_module_check(blob, n, why, sizeof why)) {
    printf("vgpu built an invalid module: %s\n", why);
    exit(1);
  }
  *size = n;
  return blob;
}

static const char *required_env(const char *name, const char *what) {
  const char *v = getenv(name);
  if (!v || access(v, X_OK)) {
    printf("skipped: %s (%s) not set\n", name, what);
    exit(77);
  }
  return v;
}

/* A scratch directory with `name` written into it from `text`; paths of in/out/log. */
struct scratch { char dir[32], in[64], out[64], log[64], bc[64]; };
static void scratch_open(struct scratch *s, const char *name, const char *text) {
  snprintf(s->dir, sizeof s->dir, "/tmp/vgpu-simtest-XXXXXX");
  if (!mkdtemp(s->dir)) exit(1);
  snprintf(s->in, sizeof s->in, "%s/%s", s->dir, name);
  snprintf(s->out, sizeof s->out, "%s/k.vir", s->dir);
  snprintf(s->log, sizeof s->log, "%s/k.log", s->dir);
  snprintf(s->bc, sizeof s->bc, "%s/k.bc", s->dir);
  FILE *f = fopen(s->in, "w");
  if (!f) exit(1);
  fputs(text, f);
  fclose(f);
}
static void scratch_close(struct scratch *s) {
  unlink(s->in);
  unlink(s->out);
  unlink(s->log);
  unlink(s->bc);
  rmdir(s->dir);
}

void *sim_compile(const char *source, const char *options, size_t *size) {
  const char *tool = required_env("VGPU_TOOL", "the vgpu binary");
  struct scratch s;
  scratch_open(&s, "k.cl", source);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' build --in %s --out %s --log %s -- %s", tool, s.in, s.out, s.log, options ? options : "");
  void *blob = tool_output(cmd, s.out, s.log, size);
  scratch_close(&s);
  return blob;
}

void *sim_compile_ir(const char *ir, size_t *size) {
  const char *tool = required_env("VGPU_TOOL", "the vgpu binary");
  const char *as = required_env("VGPU_LLVM_AS", "LLVM's llvm-as");
  struct scratch s;
  scratch_open(&s, "k.ll", ir);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' %s -o %s 2>%s && '%s' link --out %s --log %s %s", as, s.in, s.bc, s.log, tool, s.out,
           s.log, s.bc);
  void *blob = tool_output(cmd, s.out, s.log, size);
  scratch_close(&s);
  return blob;
}

uint32_t sim_kernel(const void *blob, const char *name) {
  int k = vir_module_find_kernel(blob, name);
  if (k < 0) {
    printf("no kernel %s\n", name);
    exit(1);
  }
  return (uint32_t)k;
}
