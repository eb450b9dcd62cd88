/* cmd_profile.c - `vgpu profile FILE.json`: the VGPU_PROFILE file (docs/profile.md) as an annotated
 * source listing, what callgrind_annotate is for CPU programs: the launches, the costliest lines
 * first, every source line with its cost beside it, and the worst divergence, coalescing and bank
 * conflict spots said in plain words with what usually fixes them.  Cost is warp instructions
 * issued: a GPU's issue slots, which is what an SM spends its time on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vgpu/profile.h"
#include "tools/commands.h"
#include "tools/json.h"

static const char *const names[VGPU_PROF_N] = {VGPU_PROF_NAMES};

struct cost {
  int src;            /* index into the file's sources, -1 without source text */
  const char *file;
  uint32_t line;
  uint64_t c[VGPU_PROF_N];
  uint64_t slots;     /* warp_insns x warp size: lanes that could have worked */
};

struct profile {
  struct cost *v;
  size_t n, cap;
  uint64_t total[VGPU_PROF_N], slots;
};

static struct cost *cost_of(struct profile *p, int src, const char *file, uint32_t line) {
  for (size_t i = 0; i < p->n; i++)
    if (p->v[i].src == src && p->v[i].line == line && !strcmp(p->v[i].file, file)) return &p->v[i];
  if (p->n == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 64;
    struct cost *v = realloc(p->v, cap * sizeof *v);
    if (!v) return NULL;
    p->v = v;
    p->cap = cap;
  }
  struct cost *c = &p->v[p->n++];
  memset(c, 0, sizeof *c);
  c->src = src;
  c->file = file;
  c->line = line;
  return c;
}

static double pct(uint64_t a, uint64_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

/* Line `line` (1-based) of text, without its newline: *len bytes at the returned pointer. */
static const char *source_line(const char *text, uint32_t line, int *len) {
  *len = 0;
  if (!text || !line) return "";
  const char *s = text;
  for (uint32_t l = 1; l < line && s; l++) {
    s = strchr(s, '\n');
    if (s) s++;
  }
  if (!s) return "";
  const char *e = strchr(s, '\n');
  *len = (int)(e ? e - s : (long)strlen(s));
  while (*len && (*s == ' ' || *s == '\t')) s++, (*len)--; /* the code, not its indentation */
  return s;
}

static const char *text_of(const struct json *sources, int src) {
  if (src < 0 || !sources) return NULL;
  int i = 0;
  for (const struct json *s = sources->child; s; s = s->next, i++)
    if (i == src) return json_str(s, "text", NULL);
  return NULL;
}

static int by_cost(const void *a, const void *b) {
  const struct cost *x = *(const struct cost *const *)a, *y = *(const struct cost *const *)b;
  uint64_t u = x->c[VGPU_PROF_WARP_INSNS], v = y->c[VGPU_PROF_WARP_INSNS];
  return u < v ? 1 : u > v ? -1 : x->line < y->line ? -1 : x->line > y->line;
}

static void where(FILE *o, const struct cost *c, const struct json *sources) {
  int len;
  const char *s = source_line(text_of(sources, c->src), c->line, &len);
  fprintf(o, "%s:%u", c->file, c->line);
  if (len) fprintf(o, " `%.*s`", len > 60 ? 60 : len, s);
}

/* The spots worth a look, worst first: at most `top` of each kind. */
static void advice(FILE *o, struct cost **sorted, size_t n, const struct json *sources, unsigned top) {
  fprintf(o, "\nWhat to look at\n");
  int said = 0;
  struct cost **v = malloc((n ? n : 1) * sizeof *v);
  if (!v) return;
  /* Divergence: branches whose lanes split; the warp runs both sides one after the other. */
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (sorted[i]->c[VGPU_PROF_DIVERGENT_BRANCHES]) v[k++] = sorted[i];
  for (size_t i = 0; i < k; i++) /* most divergent branches first (a small insertion sort) */
    for (size_t j = i; j > 0 && v[j]->c[VGPU_PROF_DIVERGENT_BRANCHES] > v[j - 1]->c[VGPU_PROF_DIVERGENT_BRANCHES]; j--) {
      struct cost *t = v[j]; v[j] = v[j - 1]; v[j - 1] = t;
    }
  for (size_t i = 0; i < k && i < top; i++) {
    const struct cost *c = v[i];
    fprintf(o, "  divergence at ");
    where(o, c, sources);
    fprintf(o, ":\n    %llu of its %llu warp branches split (%.0f%%): the lanes of a warp disagreed, so the warp\n"
               "    ran both sides one after the other with part of its lanes idle.  Usually fixed by making\n"
               "    the condition the same for the 32 neighbouring work-items of a warp (arrange the data or\n"
               "    the index so that neighbours take the same side), or, when both sides are short, by\n"
               "    computing both and choosing with select() or ?:.\n",
            (unsigned long long)c->c[VGPU_PROF_DIVERGENT_BRANCHES], (unsigned long long)c->c[VGPU_PROF_BRANCHES],
            pct(c->c[VGPU_PROF_DIVERGENT_BRANCHES], c->c[VGPU_PROF_BRANCHES]));
    said = 1;
  }
  /* Coalescing: 32 lanes reading 32 consecutive 4-byte words touch 4 segments of 32 bytes; each
   * transaction above 4 per request is memory traffic a better access pattern would not need. */
  k = 0;
  for (size_t i = 0; i < n; i++)
    if (sorted[i]->c[VGPU_PROF_GLOBAL_TRANSACTIONS] > 4 * sorted[i]->c[VGPU_PROF_GLOBAL_REQUESTS]) v[k++] = sorted[i];
#define EXCESS(x) ((x)->c[VGPU_PROF_GLOBAL_TRANSACTIONS] - 4 * (x)->c[VGPU_PROF_GLOBAL_REQUESTS])
  for (size_t i = 0; i < k; i++)
    for (size_t j = i; j > 0 && EXCESS(v[j]) > EXCESS(v[j - 1]); j--) {
      struct cost *t = v[j]; v[j] = v[j - 1]; v[j - 1] = t;
    }
  for (size_t i = 0; i < k && i < top; i++) {
    const struct cost *c = v[i];
    fprintf(o, "  uncoalesced global memory at ");
    where(o, c, sources);
    fprintf(o, ":\n    %llu warp requests needed %llu transactions of 32 bytes, %.1f each (a warp reading 32\n"
               "    consecutive 4-byte words needs 4): the lanes' addresses are scattered or strided.  Usually\n"
               "    fixed by letting neighbouring work-items access neighbouring addresses: get_global_id(0)\n"
               "    in the fastest-moving index, a structure of arrays instead of an array of structures, or\n"
               "    a tile staged through __local memory (e.g. to transpose).\n",
            (unsigned long long)c->c[VGPU_PROF_GLOBAL_REQUESTS], (unsigned long long)c->c[VGPU_PROF_GLOBAL_TRANSACTIONS],
            (double)c->c[VGPU_PROF_GLOBAL_TRANSACTIONS] / (double)c->c[VGPU_PROF_GLOBAL_REQUESTS]);
    said = 1;
  }
  /* Bank conflicts: lanes on different words of one of the 32 banks are served one after another. */
  k = 0;
  for (size_t i = 0; i < n; i++)
    if (sorted[i]->c[VGPU_PROF_BANK_CONFLICTS]) v[k++] = sorted[i];
  for (size_t i = 0; i < k; i++)
    for (size_t j = i; j > 0 && v[j]->c[VGPU_PROF_BANK_CONFLICTS] > v[j - 1]->c[VGPU_PROF_BANK_CONFLICTS]; j--) {
      struct cost *t = v[j]; v[j] = v[j - 1]; v[j - 1] = t;
    }
  for (size_t i = 0; i < k && i < top; i++) {
    const struct cost *c = v[i];
    fprintf(o, "  local memory bank conflicts at ");
    where(o, c, sources);
    fprintf(o, ":\n    %llu conflicts in %llu warp accesses (%.1f extra cycles each): lanes of a warp hit\n"
               "    different words of the same bank (words 32 apart share one), and those are served one\n"
               "    after another.  Usually fixed by padding the __local array (e.g. tile[16][16 + 1]) or\n"
               "    by changing the index so that neighbouring lanes use neighbouring words.\n",
            (unsigned long long)c->c[VGPU_PROF_BANK_CONFLICTS], (unsigned long long)c->c[VGPU_PROF_LOCAL_ACCESSES],
            (double)c->c[VGPU_PROF_BANK_CONFLICTS] / (double)c->c[VGPU_PROF_LOCAL_ACCESSES]);
    said = 1;
  }
  if (!said) fprintf(o, "  nothing: no divergent branch, no uncoalesced request, no bank conflict.\n");
  free(v);
}

static void usage(FILE *f) {
  fprintf(f, "usage: vgpu profile FILE.json [--kernel NAME] [--top N]\n"
             "  FILE.json: written by a program run with VGPU_PROFILE=FILE.json (docs/profile.md)\n"
             "  --kernel NAME  only the launches of this kernel\n"
             "  --top N        the N costliest lines and spots of each kind (default 10)\n");
}

int vgpu_cmd_profile(int argc, char **argv) {
  const char *path = NULL, *only = NULL;
  unsigned top = 10;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return 0; }
    if (!strcmp(argv[i], "--kernel") && i + 1 < argc) only = argv[++i];
    else if (!strcmp(argv[i], "--top") && i + 1 < argc) top = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (argv[i][0] != '-' && !path) path = argv[i];
    else { fprintf(stderr, "vgpu profile: unknown argument '%s'\n", argv[i]); usage(stderr); return 2; }
  }
  if (!path) { usage(stderr); return 2; }
  char *text = json_read_file(path);
  if (!text) { fprintf(stderr, "vgpu profile: cannot read %s\n", path); return 1; }
  char err[160];
  struct json *root = json_parse(text, err, sizeof err);
  free(text);
  const struct json *launches = json_get(root, "launches"), *sources = json_get(root, "sources");
  if (!root || !launches || launches->type != JSON_ARRAY) {
    fprintf(stderr, "vgpu profile: %s is not a VGPU_PROFILE file (%s)\n", path, root ? "no launches" : err);
    json_free(root);
    return 1;
  }
  struct profile p = {0};
  FILE *o = stdout;
  fprintf(o, "VirtualGPU profile %s\n\n  %-24s %8s %14s %6s %10s %11s %11s\n", path, "launch", "size", "warp insns",
          "SIMT", "divergent", "glob tx/req", "bank confl.");
  unsigned nl = 0;
  for (const struct json *L = launches->child; L; L = L->next) {
    const char *kernel = json_str(L, "kernel", "?");
    if (only && strcmp(kernel, only)) continue;
    nl++;
    uint64_t warp = json_u64(L, "warp_size", 32);
    int src = json_get(L, "source") ? (int)json_u64(L, "source", 0) : -1;
    const struct json *c = json_get(L, "counters"), *g = json_get(L, "global_size"), *lines = json_get(L, "lines");
    uint64_t items = 1;
    for (const struct json *d = g ? g->child : NULL; d; d = d->next) items *= d->u64;
    uint64_t wi = json_u64(c, "warp_insns", 0), li = json_u64(c, "lane_insns", 0);
    uint64_t gr = json_u64(c, "global_requests", 0), gt = json_u64(c, "global_transactions", 0);
    fprintf(o, "  %-24.24s %8llu %14llu %5.1f%% %10llu %11.2f %11llu\n", kernel, (unsigned long long)items,
            (unsigned long long)wi, pct(li, wi * warp), (unsigned long long)json_u64(c, "divergent_branches", 0),
            gr ? (double)gt / (double)gr : 0.0, (unsigned long long)json_u64(c, "local_bank_conflicts", 0));
    for (const struct json *l = lines ? lines->child : NULL; l; l = l->next) {
      struct cost *x = cost_of(&p, src, json_str(l, "file", "?"), (uint32_t)json_u64(l, "line", 0));
      if (!x) break;
      for (unsigned i = 0; i < VGPU_PROF_N; i++) {
        uint64_t v = json_u64(l, names[i], 0);
        x->c[i] += v;
        p.total[i] += v;
      }
      x->slots += json_u64(l, "warp_insns", 0) * warp;
      p.slots += json_u64(l, "warp_insns", 0) * warp;
    }
  }
  if (!nl) {
    fprintf(o, "  (no launch%s%s)\n", only ? " of kernel " : "", only ? only : "");
    json_free(root);
    free(p.v);
    return only ? 1 : 0;
  }
  struct cost **sorted = malloc((p.n ? p.n : 1) * sizeof *sorted);
  if (!sorted) { json_free(root); free(p.v); return 1; }
  for (size_t i = 0; i < p.n; i++) sorted[i] = &p.v[i];
  qsort(sorted, p.n, sizeof *sorted, by_cost);

  /* The costliest lines, with the share of all warp instructions each issued. */
  fprintf(o, "\nCostliest lines (warp instructions issued; SIMT: lanes that worked per issue slot)\n");
  fprintf(o, "  %14s %6s %6s  %s\n", "warp insns", "share", "SIMT", "where");
  for (size_t i = 0; i < p.n && i < top; i++) {
    const struct cost *c = sorted[i];
    if (!c->c[VGPU_PROF_WARP_INSNS]) break;
    fprintf(o, "  %14llu %5.1f%% %5.1f%%  ", (unsigned long long)c->c[VGPU_PROF_WARP_INSNS],
            pct(c->c[VGPU_PROF_WARP_INSNS], p.total[VGPU_PROF_WARP_INSNS]), pct(c->c[VGPU_PROF_LANE_INSNS], c->slots));
    where(o, c, sources);
    fputc('\n', o);
  }

  /* Each source in full, its cost beside every line. */
  int nsrc = 0;
  for (const struct json *s = sources ? sources->child : NULL; s; s = s->next) nsrc++;
  for (int s = 0; s < nsrc; s++) {
    const char *t = text_of(sources, s);
    int any = 0;
    for (size_t i = 0; i < p.n; i++) any |= p.v[i].src == s;
    if (!t || !any) continue;
    int k = 0;
    const char *fname = "?";
    for (const struct json *x = sources->child; x; x = x->next, k++)
      if (k == s) fname = json_str(x, "file", "?");
    fprintf(o, "\nAnnotated source: %s (source %d of the file)\n", fname, s);
    fprintf(o, "  %12s %6s %6s %9s %9s %8s %8s %7s %7s | line\n", "warp insns", "share", "SIMT", "glob req",
            "glob tx", "local", "confl.", "div br", "atomics");
    uint32_t line = 1;
    for (const char *l = t; *l; line++) {
      const char *e = strchr(l, '\n');
      int len = (int)(e ? e - l : (long)strlen(l));
      struct cost *c = NULL;
      for (size_t i = 0; i < p.n; i++)
        if (p.v[i].src == s && p.v[i].line == line) c = &p.v[i];
      if (c && c->c[VGPU_PROF_WARP_INSNS])
        fprintf(o, "  %12llu %5.1f%% %5.1f%% %9llu %9llu %8llu %8llu %7llu %7llu | %4u %.*s\n",
                (unsigned long long)c->c[VGPU_PROF_WARP_INSNS], pct(c->c[VGPU_PROF_WARP_INSNS], p.total[VGPU_PROF_WARP_INSNS]),
                pct(c->c[VGPU_PROF_LANE_INSNS], c->slots), (unsigned long long)c->c[VGPU_PROF_GLOBAL_REQUESTS],
                (unsigned long long)c->c[VGPU_PROF_GLOBAL_TRANSACTIONS], (unsigned long long)c->c[VGPU_PROF_LOCAL_ACCESSES],
                (unsigned long long)c->c[VGPU_PROF_BANK_CONFLICTS], (unsigned long long)c->c[VGPU_PROF_DIVERGENT_BRANCHES],
                (unsigned long long)c->c[VGPU_PROF_ATOMICS], line, len, l);
      else
        fprintf(o, "  %12s %6s %6s %9s %9s %8s %8s %7s %7s | %4u %.*s\n", "", "", "", "", "", "", "", "", "", line, len, l);
      if (!e) break;
      l = e + 1;
    }
  }
  for (size_t i = 0; i < p.n; i++)
    if (p.v[i].line == 0 && p.v[i].c[VGPU_PROF_WARP_INSNS])
      fprintf(o, "\n  %llu warp instructions (%.1f%%) have no source line (builtins, or code the compiler made up)\n",
              (unsigned long long)p.v[i].c[VGPU_PROF_WARP_INSNS], pct(p.v[i].c[VGPU_PROF_WARP_INSNS], p.total[VGPU_PROF_WARP_INSNS]));

  /* The texture path: the lines that read or wrote images, when any did. */
  if (p.total[VGPU_PROF_IMAGE_REQUESTS]) {
    fprintf(o, "\nTexture path (warp image requests; texels they fetched or wrote; texels weighted by linear filtering)\n");
    fprintf(o, "  %10s %12s %8s %12s  %s\n", "requests", "texels", "per req", "filtered", "where");
    for (size_t i = 0; i < p.n; i++) {
      const struct cost *c = sorted[i];
      if (!c->c[VGPU_PROF_IMAGE_REQUESTS]) continue;
      fprintf(o, "  %10llu %12llu %8.1f %12llu  ", (unsigned long long)c->c[VGPU_PROF_IMAGE_REQUESTS],
              (unsigned long long)c->c[VGPU_PROF_IMAGE_TEXELS],
              (double)c->c[VGPU_PROF_IMAGE_TEXELS] / (double)c->c[VGPU_PROF_IMAGE_REQUESTS],
              (unsigned long long)c->c[VGPU_PROF_IMAGE_FILTER_TEXELS]);
      where(o, c, sources);
      fputc('\n', o);
    }
  }

  advice(o, sorted, p.n, sources, top);
  free(sorted);
  free(p.v);
  json_free(root);
  return 0;
}
