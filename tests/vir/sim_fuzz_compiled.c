/* sim_fuzz_compiled.c - the VIR validator against corrupted modules.  Real modules compiled by the vgpu
 * tool are damaged in the ways a bad binary, a bad cache entry or a compiler bug would damage them
 * (bit flips, truncation, bad operands, out-of-range registers, pcs and constant indexes, bad
 * kernel, argument and header records, wrong ops, mods and sizes), with a fixed set of seeds.  For
 * each one: vir_module_check either rejects it, and then the SM must refuse the launch with
 * "malformed VIR module" (it runs the same validator), or accepts it, and then the SM must run it
 * to an ordinary end - success or a fault report - never crash.  The pristine module still runs
 * correctly afterwards: the device survived.  Each failure names its seed (FUZZ_SEED=N reruns it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/kernels/simlib.h"

#define N 64     /* work-items: two groups of 32 */
#define SEEDS 3000

/* One signature for every kernel, so that any kernel index of a damaged module can be launched. */
static const char *src =
  "kernel void vadd(global int *out, global const int *in, int n, local int *tmp) {\n"
  "  int i = get_global_id(0);\n"
  "  char c = (char)in[i];\n"
  "  if (i < n) out[i] = in[i] * 3 + i + c;\n"
  "}\n"
  "kernel void loops(global int *out, global const int *in, int n, local int *tmp) {\n"
  "  int i = get_global_id(0), s = 0, p[8];\n"
  "  for (int k = 0; k < 8; k++) p[k] = in[k] + i;\n"
  "  for (int k = 0; k < n; k++) s += (in[(i + k) % n] ^ k) % 7;\n"
  "  out[i] = s + p[in[i] & 7];\n"
  "}\n"
  "kernel void tile(global int *out, global const int *in, int n, local int *tmp) {\n"
  "  int l = get_local_id(0);\n"
  "  tmp[l] = in[get_global_id(0)];\n"
  "  barrier(CLK_LOCAL_MEM_FENCE);\n"
  "  out[get_global_id(0)] = tmp[get_local_size(0) - 1 - l] + (int)clz((uint)l) + popcount(l);\n"
  "  atomic_add(&out[n], 1);\n"
  "}\n"
  "kernel void mix(global int *out, global const int *in, int n, local int *tmp) {\n"
  "  int i = get_global_id(0);\n"
  "  float f = sqrt((float)in[i]) + sin((float)i);\n"
  "  long w = (long)in[i] * 1000003L;\n"
  "  out[i] = (int)f + (int)(w >> 7) + mul_hi(i, 7) + (i & 1 ? abs(in[i] - 50) : max(in[i], 9));\n"
  "  if (i == 3) printf(\"mix %d %f\\n\", n, f);\n"
  "}\n";

static uint64_t rng;
static uint64_t next(void) { /* xorshift64* */
  rng ^= rng >> 12;
  rng ^= rng << 25;
  rng ^= rng >> 27;
  return rng * 0x2545F4914F6CDD1Dull;
}
static uint32_t below(uint64_t n) { return n ? (uint32_t)(next() % n) : 0; }

/* A value for a damaged field: just out of range, far out of range, the "no register" marker, an
 * edge of the range or anything. */
static uint32_t bad_value(uint32_t limit) {
  switch (below(6)) {
    case 0: return limit;
    case 1: return limit + 1 + below(64);
    case 2: return VIR_NOREG;
    case 3: return limit ? limit - 1 : 0;
    case 4: return 0x80000000u + below(1000);
    default: return (uint32_t)next();
  }
}

static uint32_t *field32(void *p, unsigned i) { return (uint32_t *)p + i; }

/* Damages blob (size bytes, a copy of the pristine module orig, perhaps damaged already) in one of
 * several ways chosen by the seed; returns the new size.  Tables are found through orig's header:
 * the blob's own may be damaged. */
static size_t mutate(uint8_t *blob, const uint8_t *orig, size_t size, char *what, size_t what_len) {
  const struct vir_header *h = (const struct vir_header *)orig;
  struct vir_insn *is = (struct vir_insn *)(blob + h->insns_off);
  const uint32_t ki = below(h->nkernels);
  const struct vir_kernel *ko = (const struct vir_kernel *)(orig + h->kernels_off) + ki;
  struct vir_kernel *k = (struct vir_kernel *)(blob + h->kernels_off) + ki;
  struct vir_insn *in = &is[ko->first_insn + below(ko->ninsns)];
  static const char *const fields = "dabc";
  switch (below(11)) {
    case 0: { /* bit flips anywhere */
      unsigned n = 1 + below(4);
      for (unsigned i = 0; i < n; i++) blob[below(size)] ^= (uint8_t)(1u << below(8));
      snprintf(what, what_len, "%u bit flips", n);
      return size;
    }
    case 1: { /* truncation */
      size_t n = below(size);
      snprintf(what, what_len, "truncated to %zu of %zu bytes", n, size);
      return n;
    }
    case 2: { /* a register operand out of range, or a write to a constant register */
      unsigned f = below(4);
      uint32_t v = below(3) ? bad_value(ko->nregs) : ko->const_reg + below(ko->nconsts + 1);
      *vir_operand(in, f) = v;
      snprintf(what, what_len, "%s field %c = %u (nregs %u, constants from %u)", in->op < VIR_NUM_OPS ? vir_op_name[in->op] : "?", fields[f], v, ko->nregs, ko->const_reg);
      return size;
    }
    case 3: { /* a branch target or reconvergence pc out of range */
      for (uint32_t p = 0; p < ko->ninsns; p++) {
        struct vir_insn *b = &is[ko->first_insn + (p + below(ko->ninsns)) % ko->ninsns];
        if (b->op != VIR_BR && b->op != VIR_CBR) continue;
        unsigned f = b->op == VIR_BR ? 1 : below(3) == 0 ? 0 : 2 + below(2);
        uint32_t v = bad_value(ko->ninsns);
        *vir_operand(b, f) = v;
        snprintf(what, what_len, "%s field %c = %u (%u instructions)", vir_op_name[b->op], fields[f], v, ko->ninsns);
        return size;
      }
      in->op = VIR_BR;
      in->a = ko->ninsns;
      snprintf(what, what_len, "br to %u", ko->ninsns);
      return size;
    }
    case 4: { /* another op, known or not */
      uint8_t op = (uint8_t)below(VIR_NUM_OPS + 3);
      snprintf(what, what_len, "pc %u: op %u -> %u", (unsigned)(in - is) - ko->first_insn, in->op, op);
      in->op = op;
      return size;
    }
    case 5: /* mod or size */
      if (below(2)) in->mod = (uint8_t)next(); else in->size = (uint8_t)next();
      snprintf(what, what_len, "%s mod %u size %u", in->op < VIR_NUM_OPS ? vir_op_name[in->op] : "?", in->mod, in->size);
      return size;
    case 6: { /* the kernel record: constant range, registers, code and argument ranges, sizes */
      static const char *const names[] = {"name", "attributes", "first_insn", "ninsns", "first_arg", "nargs",
                                          "first_const", "nconsts", "const_reg", "nregs", "private_size", "local_size"};
      unsigned f = below(12);
      uint32_t limit = f == 2 || f == 3 ? h->ninsns : f == 4 || f == 5 ? h->nargs : f == 6 || f == 7 ? h->nconsts
                     : f == 8 || f == 9 ? ko->nregs : f <= 1 ? h->strings_size : 1u << 16;
      uint32_t v = bad_value(limit);
      *field32(k, f) = v;
      snprintf(what, what_len, "kernel %s = %u", names[f], v);
      return size;
    }
    case 7: { /* a header count or offset */
      unsigned f = 4 + below(14); /* nkernels .. strings_off (after magic, version, size) */
      uint32_t v = bad_value(below(2) ? (uint32_t)size : *field32(blob, f));
      *field32(blob, f) = v;
      snprintf(what, what_len, "header word %u = %u", f, v);
      return size;
    }
    case 8: { /* an argument record */
      if (!ko->nargs) return size;
      struct vir_arg *a = (struct vir_arg *)(blob + h->args_off) + ko->first_arg + below(ko->nargs);
      unsigned f = below(8);
      uint32_t v = bad_value(f == 4 ? ko->nregs : f == 2 ? VIR_ARG_PIPE + 1 : 16);
      *field32(a, f) = v;
      snprintf(what, what_len, "argument word %u = %u", f, v);
      return size;
    }
    case 9: { /* printf's operand list: registers and types */
      if (!h->nextra) return size;
      uint32_t *x = (uint32_t *)(blob + h->extra_off) + below(h->nextra);
      *x = bad_value(*x);
      snprintf(what, what_len, "extra word = %u", *x);
      return size;
    }
    default: { /* a constant's value: a valid module that computes other addresses */
      if (!h->nconsts) return size;
      uint64_t *c = (uint64_t *)(blob + h->consts_off) + below(h->nconsts);
      *c = below(2) ? next() : *c + (below(2) ? 4096 : (uint64_t)-4);
      snprintf(what, what_len, "constant = 0x%llx", (unsigned long long)*c);
      return size;
    }
  }
}

struct bufs { uint64_t out, in; };

static int launch(struct simdev *d, const struct bufs *b, const void *blob, size_t size, uint32_t kernel,
                  struct vgpu_launch **rec) {
  struct simlaunch l = {.work_dim = 1, .global = {N}, .local = {32}, .kernel = kernel,
                        .printf_size = 4096, .watchdog_ns = 200000000};
  sim_arg_buf(&l, b->out);
  sim_arg_buf(&l, b->in);
  int n = N;
  sim_arg_val(d, &l, &n, sizeof n);
  sim_arg_local(&l, 32 * sizeof(int));
  return sim_run(d, blob, size, &l, rec);
}

/* The pristine module computes what the CPU does (vadd and loops). */
static int healthy(struct simdev *d, const struct bufs *b, const void *blob, size_t size) {
  const int *in = sim_ptr(d, b->in), *out = sim_ptr(d, b->out);
  int ok = 1;
  struct vgpu_launch *rec;
  ok &= launch(d, b, blob, size, sim_kernel(blob, "vadd"), &rec) == VGPU_LAUNCH_OK;
  for (int i = 0; i < N && ok; i++) ok &= out[i] == in[i] * 3 + i + (signed char)in[i];
  ok &= launch(d, b, blob, size, sim_kernel(blob, "loops"), &rec) == VGPU_LAUNCH_OK;
  for (int i = 0; i < N && ok; i++) {
    int s = 0;
    for (int k = 0; k < N; k++) s += (in[(i + k) % N] ^ k) % 7;
    ok &= out[i] == s + in[in[i] & 7] + i;
  }
  return ok;
}

int main(void) {
  size_t size;
  uint8_t *pristine = sim_compile(src, "", &size);
  struct simdev d;
  sim_open(&d, 64, 2, 32, 10);
  struct bufs b = {sim_alloc(&d, (N + 1) * sizeof(int)), sim_alloc(&d, N * sizeof(int))};
  int *in = sim_ptr(&d, b.in);
  for (int i = 0; i < N; i++) in[i] = (i * 37 + 11) % 300 - 20;
  CHECK(healthy(&d, &b, pristine, size));

  const char *only = getenv("FUZZ_SEED");
  unsigned first = only ? (unsigned)atoi(only) : 1, last = only ? first : SEEDS;
  unsigned rejected = 0, ran_ok = 0, faulted = 0, crashed = 0;
  uint8_t *blob = aligned_alloc(8, (size + 7) & ~(size_t)7);
  for (unsigned seed = first; seed <= last; seed++) {
    rng = 0x9E3779B97F4A7C15ull * seed;
    memcpy(blob, pristine, size);
    char what[600] = "";
    size_t n = size;
    for (unsigned m = 1 + below(3); m > 0 && n == size; m--) { /* 1 to 3 damages, truncation last */
      char one[200];
      n = mutate(blob, pristine, n, one, sizeof one);
      snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s", *what ? "; " : "", one);
    }
    char why[256];
    int bad = vir_module_check(blob, n, why, sizeof why) != 0;
    uint32_t kernel = below(((struct vir_header *)pristine)->nkernels);
    struct vgpu_launch *rec;
    int st = launch(&d, &b, blob, n, kernel, &rec);
    if (bad) {
      rejected++;
      /* the SM's own validation refuses it, with the validator's reason */
      if (!CHECK(st == VGPU_LAUNCH_FAULT && strstr(rec->fault.message, "malformed VIR module") &&
                 strstr(rec->fault.message, why)))
        printf("seed %u (%s): rejected (%s), but the launch gave status %d: %s\n", seed, what, why, st, rec->fault.message);
    } else {
      if (st == VGPU_LAUNCH_OK) ran_ok++;
      else faulted++;
      if (st == VGPU_LAUNCH_SM_CRASH) crashed++;
      if (!CHECK(st != VGPU_LAUNCH_SM_CRASH))
        printf("seed %u (%s): accepted, and an SM crashed: %s\n", seed, what, rec->fault.message);
    }
    if (seed % 50 == 0 && !CHECK(healthy(&d, &b, pristine, size))) printf("after seed %u the device is not healthy\n", seed);
  }
  CHECK(healthy(&d, &b, pristine, size));
  printf("%u modules: %u rejected by the validator (and by the SMs), %u accepted: %u ran, %u faulted cleanly, "
         "%u crashed an SM\n", last - first + 1, rejected, ran_ok + faulted, ran_ok, faulted, crashed);
  /* the seeds must exercise both outcomes */
  if (!only) CHECK(rejected > SEEDS / 4 && ran_ok + faulted > SEEDS / 10);
  free(blob);
  free(pristine);
  sim_close(&d);
  return vt_finish();
}
