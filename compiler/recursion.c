/* recursion.c - OpenCL C forbids recursion (OpenCL C 3.0 section 6.11: "Recursion is not
 * supported"), and VIR has no calls.  The optimiser can turn some recursion into loops, so
 * whether a program built would depend on -cl-opt-disable; instead every cycle in the user's call
 * graph is a build error, found before any optimisation and reported with the calls that close it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/compiler.h"

struct edge { uint32_t to; LLVMValueRef call; };
struct fn { LLVMValueRef f; struct edge *out; uint32_t nout, cap; uint8_t state; /* 0 new, 1 on path, 2 done */ };

/* Pointer -> function index, open addressing (cap a power of two, at least twice the entries). */
struct index { const void **key; uint32_t *val, cap; };
static uint32_t *index_slot(struct index *ix, const void *k) {
  uintptr_t h = (uintptr_t)k;
  h ^= h >> 17;
  h *= 0x9e3779b97f4a7c15ull;
  for (uint32_t i = (uint32_t)(h >> 20) & (ix->cap - 1);; i = (i + 1) & (ix->cap - 1)) {
    if (!ix->key[i]) ix->key[i] = k;
    if (ix->key[i] == k) return &ix->val[i];
  }
}

static const char *name_of(LLVMValueRef f) {
  size_t len;
  return LLVMGetValueName2(f, &len);
}

/* "file:line: " of a call, or "" without debug information. */
static void where(LLVMValueRef call, char *buf, size_t size) {
  unsigned len = 0, line = LLVMGetDebugLocLine(call);
  const char *file = LLVMGetDebugLocFilename(call, &len);
  buf[0] = 0;
  if (file && len && line) {
    const char *base = memrchr(file, '/', len);
    base = base ? base + 1 : file;
    snprintf(buf, size, "%.*s:%u: ", (int)(len - (unsigned)(base - file)), base, line);
  }
}

static void report(struct fn *fns, const uint32_t *path, uint32_t depth, uint32_t from, const struct edge *e,
                   struct vgpu_strbuf *log) {
  char loc[512];
  where(e->call, loc, sizeof loc);
  if (from == e->to) {
    vgpu_strbuf_printf(log, "%serror: recursion is not supported in OpenCL C: function '%s' calls itself\n", loc,
                       name_of(fns[from].f));
    return;
  }
  vgpu_strbuf_printf(log, "%serror: recursion is not supported in OpenCL C: '%s'", loc, name_of(fns[e->to].f));
  uint32_t k = depth;
  while (k > 0 && path[k - 1] != e->to) k--;
  for (uint32_t i = k; i < depth; i++) vgpu_strbuf_printf(log, " calls '%s'", name_of(fns[path[i]].f));
  vgpu_strbuf_printf(log, ", which calls '%s' again\n", name_of(fns[e->to].f));
}

int vgpu_check_recursion(LLVMModuleRef m, struct vgpu_strbuf *log) {
  uint32_t n = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f))
    if (!LLVMIsDeclaration(f)) n++;
  if (!n) return 0;
  struct fn *fns = calloc(n, sizeof *fns);
  struct index ix = {0};
  for (ix.cap = 16; ix.cap < 2 * n; ix.cap *= 2) {}
  ix.key = calloc(ix.cap, sizeof *ix.key);
  ix.val = calloc(ix.cap, sizeof *ix.val);
  uint32_t *path = malloc(n * sizeof *path), *pos = calloc(n, sizeof *pos);
  if (!fns || !ix.key || !ix.val || !path || !pos) abort();
  uint32_t i = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(m); f; f = LLVMGetNextFunction(f))
    if (!LLVMIsDeclaration(f)) {
      fns[i].f = f;
      *index_slot(&ix, f) = i++;
    }
  for (i = 0; i < n; i++) /* the call graph: calls to functions with a body */
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fns[i].f); bb; bb = LLVMGetNextBasicBlock(bb))
      for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) {
        if (!LLVMIsACallInst(in)) continue;
        LLVMValueRef callee = LLVMGetCalledValue(in);
        if (!LLVMIsAFunction(callee) || LLVMIsDeclaration(callee)) continue;
        struct fn *s = &fns[i];
        if (s->nout == s->cap) {
          s->cap = s->cap ? 2 * s->cap : 4;
          s->out = realloc(s->out, s->cap * sizeof *s->out);
          if (!s->out) abort();
        }
        s->out[s->nout++] = (struct edge){*index_slot(&ix, callee), in};
      }
  int failed = 0;
  for (uint32_t root = 0; root < n && !failed; root++) { /* depth-first, without recursion itself */
    if (fns[root].state) continue;
    uint32_t depth = 0;
    path[depth++] = root;
    fns[root].state = 1;
    while (depth && !failed) {
      uint32_t cur = path[depth - 1];
      if (pos[cur] == fns[cur].nout) {
        fns[cur].state = 2;
        depth--;
        continue;
      }
      const struct edge *e = &fns[cur].out[pos[cur]++];
      if (fns[e->to].state == 1) {
        report(fns, path, depth, cur, e, log);
        failed = 1;
      } else if (fns[e->to].state == 0) {
        fns[e->to].state = 1;
        path[depth++] = e->to;
      }
    }
  }
  for (i = 0; i < n; i++) free(fns[i].out);
  free(fns);
  free(ix.key);
  free(ix.val);
  free(path);
  free(pos);
  return failed;
}
