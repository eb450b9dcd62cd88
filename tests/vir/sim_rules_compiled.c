/* sim_rules_compiled.c - the rules on which the SM's own checks and the validator once disagreed,
 * each settled by the VIR semantics (vir_ops.def) and now enforced in one place: vir_module_check,
 * which the compiler, the runtime and the SM all run.  A module the validator rejects must also be
 * refused by the SM, with the validator's reason; one it accepts must run as specified. */
#include <string.h>
#include "tests/kernels/simlib.h"

enum { OUT, GID, X, T, NREGS };
#define N 64

/* out[gid] = probe(gid): the probe instruction is built by the case (its `x` operand is X). */
struct probe {
  const char *name;
  unsigned op, mod, size;
  int operands;       /* 0: d = X, a = GID, b = constant 3; 1: d = a constant register; 2: atomic */
  uint32_t c;
  const char *reject; /* NULL: the module is valid; else a part of the validator's reason */
  int no_ret, bad_nregs;
  uint64_t (*expect)(uint64_t gid); /* valid modules: out[gid] */
  unsigned sem;       /* the probe's memory semantics: VIR_SEM(...) + 1; 0: what vb_op gives */
};

static uint64_t umin3(uint64_t g) { return g < 3 ? g : 3; }

static void *build(const struct probe *p, size_t *size) {
  struct vb b;
  vb_init(&b, "probe", NREGS);
  vb_arg(&b, VIR_ARG_GLOBAL_PTR, OUT, 8);
  uint32_t three = vb_k(&b, 3), four = vb_k(&b, 4);
  vb_op(&b, VIR_WORKITEM, VIR_WI_GLOBAL_ID, 0, GID, 0, 0, 0);
  vb_op(&b, VIR_MOV, 0, 0, X, GID, 0, 0);
  if (p->operands == 0) vb_op(&b, p->op, p->mod, p->size, X, GID, three, p->c);
  else if (p->operands == 1) vb_op(&b, p->op, p->mod, p->size, four, GID, three, p->c);
  else vb_op(&b, p->op, p->mod, p->size, T, OUT, three, p->c); /* atomic on out[0] */
  if (p->sem) b.insns[b.ninsns - 1].sem = (uint8_t)(p->sem - 1);
  vb_op(&b, VIR_SHL_I64, 0, 0, T, GID, vb_k(&b, 2), 0);
  vb_op(&b, VIR_ADD_I64, 0, 0, T, OUT, T, 0);
  vb_op(&b, VIR_STORE, VIR_AS_GLOBAL, 4, 0, T, X, 0);
  if (!p->no_ret) vb_op(&b, VIR_RET, 0, 0, 0, 0, 0, 0);
  uint8_t *blob = vb_finish(&b, size);
  if (p->bad_nregs) {
    struct vir_kernel *k = (struct vir_kernel *)(blob + ((struct vir_header *)blob)->kernels_off);
    k->nregs = VIR_MAX_REGS + 1;
  }
  return blob;
}

static const struct probe probes[] = {
  /* SEXT's mod is the result width (1, 2, 4, 8); the decoder read 0 as 8, the validator refused it */
  {"sext with mod 0", VIR_SEXT, 0, 1, 0, 0, "result width 0", 0, 0, NULL, 0},
  /* signed ops need the operand width; the decoder read size 0 as 8, the validator refused it */
  {"smin with size 0", VIR_SMIN, 0, 0, 0, 0, "operand width 0", 0, 0, NULL, 0},
  {"abs with size 0", VIR_ABS, 0, 0, 0, 0, "operand width 0", 0, 0, NULL, 0},
  {"mulhi.u with size 3", VIR_MULHI_U, 0, 3, 0, 0, "operand width 3", 0, 0, NULL, 0},
  /* UMIN/UMAX compare canonical (zero-extended) values at 64 bits: their size is unused; the
   * validator refused size 0, which lower_call.c emits for llvm.fptoui.sat (see below) */
  {"umin with size 0", VIR_UMIN, 0, 0, 0, 0, NULL, 0, 0, umin3, 0},
  /* constant registers are filled once per launch: only the decoder refused to write one */
  {"mov into a constant register", VIR_MOV, 0, 0, 1, 0, "writes constant register", 0, 0, NULL, 0},
  /* ATOMIC's c is a register only for CMPXCHG */
  {"atomic add, c unused", VIR_ATOMIC, VIR_ATOM_ADD | VIR_AS_GLOBAL << 4, 4, 2, VIR_NOREG, NULL, 0, 0, NULL, 0},
  {"cmpxchg without its expected value", VIR_ATOMIC, VIR_ATOM_CMPXCHG | VIR_AS_GLOBAL << 4, 4, 2, VIR_NOREG,
   "register c", 0, 0, NULL, 0},
  /* checked by the validator only: the SM ran off the end of its decoded code, read an unknown
   * address space, sized its register file from nregs * width in 32 bits */
  {"falls off its end", VIR_MOV, 0, 0, 0, 0, "falls off its last instruction", 1, 0, NULL, 0},
  {"load from address space 7", VIR_LOAD, 7, 4, 0, 0, "address space 7", 0, 0, NULL, 0},
  {"2^24 + 1 registers", VIR_MOV, 0, 0, 0, 0, "registers (at most", 0, 1, NULL, 0},
  /* memory semantics (OpenCL C 3.0 s6.15.12.3-4): a C11 order and an OpenCL scope, where an
   * order means something; a load cannot release, a store cannot acquire (C11 7.17.7) */
  {"atomic add, relaxed, work-group scope", VIR_ATOMIC, VIR_ATOM_ADD | VIR_AS_GLOBAL << 4, 4, 2, VIR_NOREG, NULL, 0, 0,
   NULL, VIR_SEM(VIR_ORDER_RELAXED, VIR_SCOPE_WORK_GROUP) + 1},
  {"atomic load with release order", VIR_ATOMIC, VIR_ATOM_LOAD | VIR_AS_GLOBAL << 4, 4, 2, VIR_NOREG,
   "bad memory order 2", 0, 0, NULL, VIR_SEM(VIR_ORDER_RELEASE, VIR_SCOPE_DEVICE) + 1},
  {"atomic store with acquire order", VIR_ATOMIC, VIR_ATOM_STORE | VIR_AS_GLOBAL << 4, 4, 2, VIR_NOREG,
   "bad memory order 1", 0, 0, NULL, VIR_SEM(VIR_ORDER_ACQUIRE, VIR_SCOPE_DEVICE) + 1},
  {"atomic add with order 5", VIR_ATOMIC, VIR_ATOM_ADD | VIR_AS_GLOBAL << 4, 4, 2, VIR_NOREG,
   "bad memory order 5", 0, 0, NULL, VIR_SEM(5, VIR_SCOPE_DEVICE) + 1},
  {"atomic add with scope 5", VIR_ATOMIC, VIR_ATOM_ADD | VIR_AS_GLOBAL << 4, 4, 2, VIR_NOREG,
   "scope 5", 0, 0, NULL, VIR_SEM(VIR_ORDER_SEQ_CST, 5) + 1},
  {"add with memory semantics", VIR_ADD_I64, 0, 0, 0, 0, "memory semantics on an op without any", 0, 0, NULL,
   VIR_SEM(VIR_ORDER_SEQ_CST, VIR_SCOPE_DEVICE) + 1},
};

static void run_probe(struct simdev *d, uint64_t out, const struct probe *p) {
  size_t size;
  void *blob = build(p, &size);
  char why[256] = "";
  int rejected = vir_module_check(blob, size, why, sizeof why) != 0;
  struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {32}};
  sim_arg_buf(&l, out);
  memset(sim_ptr(d, out), 0, N * 4);
  struct vgpu_launch *rec;
  int st = sim_run(d, blob, size, &l, &rec);
  int ok;
  if (p->reject) {
    ok = CHECK(rejected && strstr(why, p->reject)) &&
         CHECK(st == VGPU_LAUNCH_FAULT && strstr(rec->fault.message, "malformed VIR module") &&
               strstr(rec->fault.message, why));
  } else {
    ok = CHECK(!rejected) && CHECK(st == VGPU_LAUNCH_OK);
    const uint32_t *o = sim_ptr(d, out);
    for (uint64_t i = 0; ok && p->expect && i < N; i++) ok = CHECK(o[i] == p->expect(i));
  }
  printf("%-40s %s: validator: %s; launch status %d%s%s\n", p->name, ok ? "ok" : "FAILED", rejected ? why : "valid", st,
         st ? ": " : "", st ? rec->fault.message : "");
  free(blob);
}

/* llvm.fptoui.sat.i8 lowers to FPTOUI then UMIN with size 0: it must build and saturate. */
static void fptoui_sat(struct simdev *d) {
  const char *ir =
    "target datalayout = \"e-i64:64-v16:16-v24:32-v32:32-v48:64-v96:128-v192:256-v256:256-v512:512-v1024:1024\"\n"
    "target triple = \"spir64-unknown-unknown\"\n"
    "declare i8 @llvm.fptoui.sat.i8.f32(float)\n"
    "define spir_kernel void @sat(ptr addrspace(1) %in, ptr addrspace(1) %out) {\n"
    "  %i = call i64 @_Z13get_global_idj(i32 0)\n"
    "  %p = getelementptr float, ptr addrspace(1) %in, i64 %i\n"
    "  %f = load float, ptr addrspace(1) %p\n"
    "  %r = call i8 @llvm.fptoui.sat.i8.f32(float %f)\n"
    "  %q = getelementptr i8, ptr addrspace(1) %out, i64 %i\n"
    "  store i8 %r, ptr addrspace(1) %q\n"
    "  ret void\n"
    "}\n"
    "declare i64 @_Z13get_global_idj(i32)\n";
  size_t size;
  void *blob = sim_compile_ir(ir, &size); /* exits 1 when the build fails */
  static const float in[8] = {-5.0f, 0.0f, 1.5f, 100.0f, 254.9f, 255.0f, 300.0f, 1e30f};
  static const uint8_t want[8] = {0, 0, 1, 100, 254, 255, 255, 255};
  uint64_t bi = sim_alloc(d, sizeof in), bo = sim_alloc(d, 8);
  memcpy(sim_ptr(d, bi), in, sizeof in);
  struct simlaunch l = {.work_dim = 1, .global = {8}, .local = {8}, .kernel = sim_kernel(blob, "sat")};
  sim_arg_buf(&l, bi);
  sim_arg_buf(&l, bo);
  CHECK(sim_run(d, blob, size, &l, NULL) == VGPU_LAUNCH_OK);
  CHECK(memcmp(sim_ptr(d, bo), want, 8) == 0);
  free(blob);
}

int main(void) {
  struct simdev d;
  sim_open(&d, 16, 2, 32, 10);
  uint64_t out = sim_alloc(&d, N * 4);
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) run_probe(&d, out, &probes[i]);
  /* The SM caches validation by module place and contents: a valid module, then a damaged one of
   * the same size (likely at the same arena offset, freed by the launch before) is checked anew. */
  run_probe(&d, out, &probes[4]);
  run_probe(&d, out, &probes[1]);
  fptoui_sat(&d);
  sim_close(&d);
  return vt_finish();
}
