/* profile_out.c - VGPU_PROFILE=FILE.json: the per-source-line profile (schema: docs/profile.md).
 * The file is written as the program runs, launch by launch: each launch is appended where the
 * previous one ended and the closing part (the sources array and the brackets) is written after
 * it again, so the file is complete JSON after every launch and nothing is lost if the program
 * never returns from main.  The sources array keeps each program's text, so tools annotate
 * without the file. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runtime/command.h"
#include "runtime/config.h"
#include "runtime/counters_report.h"
#include "runtime/device.h"
#include "runtime/links.h"
#include "runtime/log.h"
#include "runtime/ndrange.h"
#include "runtime/observe.h"
#include "runtime/profile_out.h"
#include "runtime/program.h"
#include "vgpu/profile.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static FILE *out;
static long launches_end;        /* where the next launch goes */
static unsigned nlaunches;
static char **sources;           /* the source texts seen, in order ("" for a program without one) */
static char **source_names;
static unsigned nsources;

static const char *const prof_names[VGPU_PROF_N] = {VGPU_PROF_NAMES};

static void write_tail(FILE *f);

/* The links keep moving bytes after the last launch (results read back): their totals are
 * written once more when the program exits. */
static void tail_at_exit(void) {
  pthread_mutex_lock(&lock);
  fseek(out, launches_end, SEEK_SET);
  write_tail(out);
  fflush(out);
  if (ftruncate(fileno(out), ftell(out)) != 0)
    vgpu_log(VGPU_LOG_WARN, "VGPU_PROFILE=%s: %s", vgpu_config()->profile, strerror(errno));
  pthread_mutex_unlock(&lock);
}

static void open_file(void) {
  const char *path = vgpu_config()->profile;
  out = fopen(path, "w+");
  if (!out) {
    vgpu_log(VGPU_LOG_ERROR, "VGPU_PROFILE=%s: cannot write the profile there (%s); no profile is written", path,
             strerror(errno));
    return;
  }
  fputs("{\n\"version\": 1,\n\"launches\": [\n", out);
  launches_end = ftell(out);
  atexit(tail_at_exit);
}

int vgpu_profile_out_ok(void) {
  pthread_once(&once, open_file);
  return out != NULL;
}

/* A JSON string (RFC 8259 s7). */
static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
    else if (*p == '\n') fputs("\\n", f);
    else if (*p == '\t') fputs("\\t", f);
    else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}

static void counters_obj(FILE *f, const uint64_t *c) {
  for (unsigned i = 0; i < VGPU_PROF_N; i++)
    fprintf(f, "%s\"%s\": %llu", i ? ", " : "", prof_names[i], (unsigned long long)c[i]);
}

/* Index of the program's source in the sources array (added when new). */
static unsigned source_index(const char *name, const char *text) {
  for (unsigned i = 0; i < nsources; i++)
    if (!strcmp(sources[i], text) && !strcmp(source_names[i], name)) return i;
  char **s = realloc(sources, (nsources + 1) * sizeof *s), **n;
  if (s) sources = s;
  n = s ? realloc(source_names, (nsources + 1) * sizeof *n) : NULL;
  if (n) source_names = n;
  char *t = s && n ? strdup(text) : NULL, *nm = t ? strdup(name) : NULL;
  if (!nm) {
    free(t);
    return UINT32_MAX;
  }
  sources[nsources] = t;
  source_names[nsources] = nm;
  return nsources++;
}

/* struct vgpu_counters, field by field (all uint64_t, in order): the names of today's counters. */
static const char *const counter_names[] = {"warp_insns", "lane_insns", "branches", "divergent_branches",
                                            "global_requests", "global_transactions", "global_bytes",
                                            "local_requests", "local_bank_conflicts", "atomics", "barriers",
                                            "work_groups", "warps", "image_reads", "image_writes",
                                            "image_texels", "image_filter_texels"};
#define NCOUNTERS (sizeof counter_names / sizeof *counter_names)
_Static_assert(NCOUNTERS * sizeof(uint64_t) == sizeof(struct vgpu_counters), "a counter without a name");

/* A failed launch: its fault report (sim/fault.c, sim/fault_explain.c), field by field and whole. */
static void write_fault(FILE *f, const struct vgpu_observe_launch *o) {
  const struct vgpu_fault *x = &o->L->fault;
  fprintf(f, " \"fault\": {\"status\": %d", o->status);
  if (x->claimed) {
    fprintf(f, ", \"line\": %u, \"pc\": %u", x->line, x->pc);
    if (x->has_lane)
      fprintf(f, ", \"sm\": %u, \"warp\": %u, \"lane\": %u, \"mask\": \"0x%016llx\", "
              "\"global_id\": [%llu, %llu, %llu], \"local_id\": [%llu, %llu, %llu], \"group_id\": [%llu, %llu, %llu]",
              x->sm, x->warp, x->lane, (unsigned long long)x->mask, (unsigned long long)x->global_id[0],
              (unsigned long long)x->global_id[1], (unsigned long long)x->global_id[2],
              (unsigned long long)x->local_id[0], (unsigned long long)x->local_id[1],
              (unsigned long long)x->local_id[2], (unsigned long long)x->group_id[0],
              (unsigned long long)x->group_id[1], (unsigned long long)x->group_id[2]);
    fprintf(f, ", \"report\": ");
    char msg[VGPU_FAULT_MSG];
    snprintf(msg, sizeof msg, "%s", x->message);
    json_str(f, msg);
  }
  fprintf(f, "},\n");
}

static void write_launch(FILE *f, const struct vgpu_observe_launch *o, const uint64_t *sum, unsigned src) {
  const struct vgpu_launch *L = o->L;
  const struct vir_kernel *k = o->nd->k;
  const struct vir_insn *in = vir_insns(o->mod) + k->first_insn;
  const char *file = vir_string(o->mod, o->mod->source_name);
  struct vgpu_counters t;
  vgpu_counters_sum(L->counters, L->nsms < VGPU_MAX_SMS ? L->nsms : VGPU_MAX_SMS, &t);
  const uint64_t *tv = (const uint64_t *)(const void *)&t;
  fprintf(f, "{\"kernel\": ");
  json_str(f, o->kernel);
  fprintf(f, ", \"device\": ");
  json_str(f, o->dev->name);
  fprintf(f, ", \"file\": ");
  json_str(f, file);
  if (src != UINT32_MAX) fprintf(f, ", \"source\": %u", src);
  fprintf(f, ", \"work_dim\": %u, \"global_size\": [%llu, %llu, %llu], \"local_size\": [%llu, %llu, %llu]",
          L->work_dim, (unsigned long long)L->global_size[0], (unsigned long long)L->global_size[1],
          (unsigned long long)L->global_size[2], (unsigned long long)L->local_size[0],
          (unsigned long long)L->local_size[1], (unsigned long long)L->local_size[2]);
  fprintf(f, ", \"warp_size\": %u, \"sms\": %u,\n", o->dev->warp_size, L->nsms);
  if (o->status != VGPU_LAUNCH_OK) write_fault(f, o);
  fprintf(f, " \"counters\": {");
  for (unsigned i = 0; i < NCOUNTERS; i++)
    fprintf(f, "%s\"%s\": %llu", i ? ", " : "", counter_names[i], (unsigned long long)tv[i]);
  fprintf(f, "},\n \"lines\": [");
  /* Lines in source order: the pcs of one line summed (line 0: instructions of no known line). */
  uint32_t maxline = 0;
  for (uint32_t p = 0; p < k->ninsns; p++) maxline = in[p].line > maxline ? in[p].line : maxline;
  int first = 1;
  uint64_t line[VGPU_PROF_N];
  for (uint32_t l = 0; l <= maxline; l++) {
    memset(line, 0, sizeof line);
    int any = 0;
    for (uint32_t p = 0; p < k->ninsns; p++) {
      if (in[p].line != l) continue;
      for (unsigned i = 0; i < VGPU_PROF_N; i++) line[i] += sum[(size_t)p * VGPU_PROF_N + i];
    }
    for (unsigned i = 0; i < VGPU_PROF_N; i++) any |= line[i] != 0;
    if (!any) continue;
    fprintf(f, "%s\n  {\"file\": ", first ? "" : ",");
    json_str(f, file);
    fprintf(f, ", \"line\": %u, ", l);
    counters_obj(f, line);
    fputc('}', f);
    first = 0;
  }
  fprintf(f, "],\n \"pcs\": [");
  first = 1;
  for (uint32_t p = 0; p < k->ninsns; p++) {
    const uint64_t *r = sum + (size_t)p * VGPU_PROF_N;
    if (!r[VGPU_PROF_WARP_INSNS]) continue;
    char dis[160];
    vir_disassemble_insn(o->mod, o->nd->kernel_index, p, dis, sizeof dis);
    fprintf(f, "%s\n  {\"pc\": %u, \"line\": %u, \"op\": \"%s\", \"dis\": ", first ? "" : ",", p, in[p].line,
            in[p].op < VIR_NUM_OPS ? vir_op_name[in[p].op] : "?");
    json_str(f, dis);
    fputs(", ", f);
    counters_obj(f, r);
    fputc('}', f);
    first = 0;
  }
  fprintf(f, "]}");
}

static void write_tail(FILE *f) {
  fprintf(f, "\n],\n\"sources\": [");
  for (unsigned i = 0; i < nsources; i++) {
    fprintf(f, "%s\n  {\"file\": ", i ? "," : "");
    json_str(f, source_names[i]);
    fprintf(f, ", \"text\": ");
    json_str(f, sources[i]);
    fputc('}', f);
  }
  fprintf(f, "],\n\"links\": ");
  vgpu_links_json(f);
  fprintf(f, "\n}\n");
}

void vgpu_profile_out_launch(const struct vgpu_observe_launch *o, const uint64_t *rows) {
  if (!rows || !vgpu_profile_out_ok()) return;
  const struct vir_kernel *k = o->nd->k;
  size_t n = (size_t)k->ninsns * VGPU_PROF_N;
  uint64_t *sum = calloc(n ? n : 1, sizeof *sum);
  if (!sum) {
    vgpu_log(VGPU_LOG_WARN, "VGPU_PROFILE: out of memory; launch of %s not recorded", o->kernel);
    return;
  }
  for (unsigned s = 0; s < o->L->nsms; s++) /* the SMs' rows merged: exact sums */
    for (size_t i = 0; i < n; i++) sum[i] += rows[s * n + i];
  const cl_program prog = o->nd->program;
  pthread_mutex_lock(&lock);
  unsigned src = prog->source ? source_index(vir_string(o->mod, o->mod->source_name), prog->source) : UINT32_MAX;
  fseek(out, launches_end, SEEK_SET);
  if (nlaunches++) fputs(",\n", out);
  write_launch(out, o, sum, src);
  launches_end = ftell(out);
  write_tail(out);
  fflush(out);
  if (ftruncate(fileno(out), ftell(out)) != 0)
    vgpu_log(VGPU_LOG_WARN, "VGPU_PROFILE=%s: %s", vgpu_config()->profile, strerror(errno));
  pthread_mutex_unlock(&lock);
  free(sum);
}
