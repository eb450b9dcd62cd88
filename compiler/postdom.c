/* postdom.c - immediate post-dominators of a kernel's blocks: where lanes that split at a CBR
 * meet again (the SIMT reconvergence point a GPU's branch unit uses).  Cooper, Harvey and Kennedy,
 * "A Simple, Fast Dominance Algorithm", run on the reverse CFG from a virtual exit node that
 * every returning block reaches.  Blocks that never reach the exit (endless loops) get the exit. */
#include <stdlib.h>
#include "compiler/lower.h"

void lw_postdom(uint32_t nb, const uint32_t *succ, uint32_t *ipdom) {
  const uint32_t exit = nb, N = nb + 1, UNDEF = UINT32_MAX;
  /* predecessors in the original graph = successors in the reverse graph */
  uint32_t *npred = calloc(N, sizeof *npred), *pstart = calloc(N + 1, sizeof *pstart);
  uint32_t *po = malloc(N * sizeof *po), *order = malloc(N * sizeof *order);
  uint32_t *stack = malloc(N * sizeof *stack), *iter = calloc(N, sizeof *iter);
  uint8_t *seen = calloc(N, 1);
  uint32_t *preds;
  if (!npred || !pstart || !po || !order || !stack || !iter || !seen) abort();
  for (uint32_t b = 0; b < nb; b++) {
    int any = 0;
    for (int k = 0; k < 2; k++)
      if (succ[2 * b + k] != UNDEF) { npred[succ[2 * b + k]]++; any = 1; }
    if (!any) npred[exit]++;
  }
  for (uint32_t i = 0; i < N; i++) pstart[i + 1] = pstart[i] + npred[i];
  preds = malloc((pstart[N] + 1) * sizeof *preds);
  if (!preds) abort();
  for (uint32_t i = 0; i < N; i++) npred[i] = 0;
  for (uint32_t b = 0; b < nb; b++) {
    int any = 0;
    for (int k = 0; k < 2; k++) {
      uint32_t s = succ[2 * b + k];
      if (s != UNDEF) { preds[pstart[s] + npred[s]++] = b; any = 1; }
    }
    if (!any) preds[pstart[exit] + npred[exit]++] = b;
  }
  /* iterative DFS from exit over reverse edges: postorder numbers */
  uint32_t sp = 0, count = 0;
  stack[sp++] = exit;
  seen[exit] = 1;
  while (sp) {
    uint32_t v = stack[sp - 1];
    if (iter[v] < npred[v]) {
      uint32_t w = preds[pstart[v] + iter[v]++];
      if (!seen[w]) { seen[w] = 1; stack[sp++] = w; }
    } else {
      po[v] = count;
      order[count++] = v;
      sp--;
    }
  }
  for (uint32_t i = 0; i < N; i++) ipdom[i] = UNDEF;
  ipdom[exit] = exit;
  for (int changed = 1; changed;) {
    changed = 0;
    for (uint32_t k = count; k-- > 0;) { /* reverse postorder */
      uint32_t b = order[k];
      if (b == exit) continue;
      uint32_t nd = UNDEF;
      for (int j = 0; j < 2; j++) {
        uint32_t s = succ[2 * b + j];
        if (s == UNDEF || ipdom[s] == UNDEF || !seen[s]) continue;
        if (nd == UNDEF) { nd = s; continue; }
        uint32_t x = s, y = nd;
        while (x != y) {
          while (po[x] < po[y]) x = ipdom[x];
          while (po[y] < po[x]) y = ipdom[y];
        }
        nd = x;
      }
      if (succ[2 * b] == UNDEF && succ[2 * b + 1] == UNDEF) nd = exit;
      if (nd != UNDEF && ipdom[b] != nd) { ipdom[b] = nd; changed = 1; }
    }
  }
  for (uint32_t b = 0; b < nb; b++)
    if (ipdom[b] == UNDEF) ipdom[b] = exit; /* cannot reach the exit */
  free(npred); free(pstart); free(po); free(order); free(stack); free(iter); free(seen); free(preds);
}
