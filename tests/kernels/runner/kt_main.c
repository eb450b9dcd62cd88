/* kt_main.c - runs one kernel test file (tests/kernels/README.md):
 *   kernel-test FILE.cl
 * The header's environment is set before the first OpenCL call; the source is built once per
 * distinct set of build options (through the compile cache, VGPU_CACHE_DIR); every run creates
 * its kernel and buffers, launches, and checks what it expects.  Exit 0 when every check held,
 * 1 when one failed, 77 when there is no VirtualGPU platform.  VGPU_KT_PLATFORM=<name> runs the
 * file on another OpenCL platform instead (PoCL, Oclgrind), to check the test itself. */
#include <pthread.h>
#include <string.h>
#include "kt.h"

static cl_device_id dev;
static cl_context ctx;
static cl_command_queue queue;

/* the context's pfn_notify: the message of the last failed launch */
static pthread_mutex_t note_lock = PTHREAD_MUTEX_INITIALIZER;
static char note[16384]; /* a whole fault report (sim/fault_explain.c) */
static void CL_CALLBACK notify(const char *errinfo, const void *pi, size_t cb, void *ud) {
  (void)pi; (void)cb; (void)ud;
  pthread_mutex_lock(&note_lock);
  snprintf(note, sizeof note, "%s", errinfo);
  pthread_mutex_unlock(&note_lock);
}

static void open_device(void) {
  const char *want = getenv("VGPU_KT_PLATFORM");
  cl_platform_id plat = NULL;
  if (!want) {
    plat = vt_platform(); /* exits 77 when VirtualGPU is not visible */
  } else {
    cl_platform_id ids[16];
    cl_uint n = 0;
    clGetPlatformIDs(16, ids, &n);
    for (cl_uint i = 0; i < n && i < 16; i++) {
      char name[256] = "";
      clGetPlatformInfo(ids[i], CL_PLATFORM_NAME, sizeof name, name, NULL);
      if (!strcmp(name, want)) plat = ids[i];
    }
    if (!plat) { fprintf(stderr, "platform %s not found: skipped\n", want); exit(77); }
  }
  cl_int err;
  if (clGetDeviceIDs(plat, CL_DEVICE_TYPE_ALL, 1, &dev, NULL) != CL_SUCCESS) { fprintf(stderr, "no device\n"); exit(1); }
  ctx = clCreateContext(NULL, 1, &dev, notify, NULL, &err);
  if (ctx) queue = clCreateCommandQueue(ctx, dev, 0, &err);
  if (!queue) { fprintf(stderr, "no context or queue: %s\n", vt_error_name(err)); exit(1); }
}

static char *build_log(cl_program p) {
  size_t len = 0;
  clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
  char *log = calloc(1, len + 1);
  if (log) clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, len, log, NULL);
  return log;
}

/* The programs built so far, one per distinct options string. */
static struct { const char *options; cl_program program; } built[KT_MAX_RUNS + 1];
static int nbuilt;

static cl_program program_for(const struct kt_file *f, const char *options) {
  if (!options) options = f->options ? f->options : "";
  for (int k = 0; k < nbuilt; k++)
    if (!strcmp(built[k].options, options)) return built[k].program;
  cl_int err;
  const char *src = f->source;
  cl_program p = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
  err = p ? clBuildProgram(p, 1, &dev, options, NULL, NULL) : err;
  if (err != CL_SUCCESS) {
    char *log = p ? build_log(p) : NULL;
    fprintf(stderr, "%s: build with \"%s\" failed (%s):\n%s\n", f->path, options, vt_error_name(err), log ? log : "");
    free(log);
    if (p) clReleaseProgram(p);
    p = NULL;
  }
  built[nbuilt].options = options;
  built[nbuilt++].program = p;
  return p;
}

/* A build that must fail, and say so in its log. */
static void check_build_failure(const struct kt_file *f) {
  cl_int err;
  const char *src = f->source;
  cl_program p = clCreateProgramWithSource(ctx, 1, &src, NULL, &err);
  if (!vt_check(p != NULL, "clCreateProgramWithSource", f->path, 1)) return;
  err = clBuildProgram(p, 1, &dev, f->options ? f->options : "", NULL, NULL);
  vt_check_err(err, CL_BUILD_PROGRAM_FAILURE, "the build", f->path, 1);
  char *log = build_log(p);
  if (!vt_check(log && strstr(log, f->build_log_text), "the build log has the expected text", f->path, 1))
    fprintf(stderr, "  wanted \"%s\" in:\n%s\n", f->build_log_text, log ? log : "(no log)");
  free(log);
  clReleaseProgram(p);
}

static cl_mem make_buffer(const struct kt_arg *a, cl_mem *parent) {
  cl_int err = CL_SUCCESS;
  cl_mem m = NULL;
  *parent = NULL;
  if (a->kind == KT_ARG_SUB) {
    *parent = clCreateBuffer(ctx, CL_MEM_READ_WRITE, a->parent_bytes, NULL, &err);
    cl_buffer_region reg = {a->sub_origin, a->bytes};
    if (*parent) m = clCreateSubBuffer(*parent, 0, CL_BUFFER_CREATE_TYPE_REGION, &reg, &err);
    if (m) err = clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, a->bytes, a->data, 0, NULL, NULL);
  } else {
    cl_mem_flags fl = (a->kind == KT_ARG_CONSTANT ? CL_MEM_READ_ONLY : CL_MEM_READ_WRITE) | CL_MEM_COPY_HOST_PTR;
    m = clCreateBuffer(ctx, fl, a->bytes, a->data, &err);
  }
  if (err != CL_SUCCESS) fprintf(stderr, "buffer %s: %s\n", a->name, vt_error_name(err));
  return err == CL_SUCCESS ? m : NULL;
}

static void run_one(struct kt_file *f, struct kt_run *r) {
  char what[384];
  snprintf(what, sizeof what, "run %s: the program builds", r->name);
  cl_program p = program_for(f, r->options);
  if (!vt_check(p != NULL, what, f->path, r->line)) return;
  if (kt_prepare_args(f, r)) { vt_check(0, "the arguments' initial contents", f->path, r->line); return; }
  cl_int err;
  cl_kernel k = clCreateKernel(p, r->kernel, &err);
  snprintf(what, sizeof what, "run %s: clCreateKernel(%s)", r->name, r->kernel);
  if (!vt_check_err(err, CL_SUCCESS, what, f->path, r->line)) return;
  cl_mem mems[KT_MAX_ARGS] = {0}, parents[KT_MAX_ARGS] = {0};
  int ok = 1;
  for (int i = 0; i < r->nargs && ok; i++) {
    struct kt_arg *a = &r->args[i];
    switch (a->kind) {
    case KT_ARG_GLOBAL: case KT_ARG_CONSTANT: case KT_ARG_SUB:
      mems[i] = make_buffer(a, &parents[i]);
      ok = mems[i] != NULL;
      err = ok ? clSetKernelArg(k, (cl_uint)i, sizeof(cl_mem), &mems[i]) : CL_MEM_OBJECT_ALLOCATION_FAILURE;
      break;
    case KT_ARG_LOCAL: err = clSetKernelArg(k, (cl_uint)i, a->bytes, NULL); break;
    case KT_ARG_NULL: err = clSetKernelArg(k, (cl_uint)i, sizeof(cl_mem), NULL); break;
    case KT_ARG_VALUE: err = clSetKernelArg(k, (cl_uint)i, a->bytes, a->data); break;
    }
    snprintf(what, sizeof what, "run %s: argument %d (%s)", r->name, i, a->name);
    ok = vt_check_err(err, CL_SUCCESS, what, f->path, r->line);
  }
  if (ok) {
    pthread_mutex_lock(&note_lock);
    note[0] = 0;
    pthread_mutex_unlock(&note_lock);
    cl_event ev = NULL;
    err = clEnqueueNDRangeKernel(queue, k, r->dims, r->has_offset ? r->offset : NULL, r->global,
                                 r->has_local ? r->local : NULL, 0, NULL, &ev);
    snprintf(what, sizeof what, "run %s: clEnqueueNDRangeKernel", r->name);
    if (vt_check_err(err, r->enqueue_error, what, f->path, r->line) && err == CL_SUCCESS) {
      /* a failed command fails the wait too (OpenCL 3.0 section 5.11, clWaitForEvents) */
      err = clWaitForEvents(1, &ev);
      snprintf(what, sizeof what, "run %s: clWaitForEvents", r->name);
      vt_check_err(err, r->expect_fault ? CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST : CL_SUCCESS, what, f->path, r->line);
      cl_int st = 1;
      clGetEventInfo(ev, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof st, &st, NULL);
      snprintf(what, sizeof what, "run %s: the launch's status", r->name);
      if (r->expect_fault) {
        vt_check_err(st, r->fault_code, what, f->path, r->line);
        pthread_mutex_lock(&note_lock);
        int all = 1;
        for (int t = 0; t < r->nfault_texts; t++) {
          snprintf(what, sizeof what, "run %s: the fault report says \"%s\"", r->name, r->fault_text[t]);
          all &= vt_check(strstr(note, r->fault_text[t]) != NULL, what, f->path, r->line);
        }
        if (!all) fprintf(stderr, "  the report was: \"%s\"\n", note);
        pthread_mutex_unlock(&note_lock);
      } else if (vt_check_err(st, CL_COMPLETE, what, f->path, r->line)) {
        for (int x = 0; x < r->nexpects; x++) {
          const struct kt_expect *e = &r->expects[x];
          const struct kt_arg *a = &r->args[e->arg];
          void *got = malloc(a->bytes);
          err = clEnqueueReadBuffer(queue, mems[e->arg], CL_TRUE, 0, a->bytes, got, 0, NULL, NULL);
          snprintf(what, sizeof what, "run %s: expectation on %s", r->name, a->name);
          vt_check(err == CL_SUCCESS && kt_check_expect(f, r, e, got), what, f->path, e->line);
          free(got);
        }
      }
    }
    if (ev) clReleaseEvent(ev);
  }
  for (int i = 0; i < r->nargs; i++) {
    if (mems[i]) clReleaseMemObject(mems[i]);
    if (parents[i]) clReleaseMemObject(parents[i]);
  }
  clReleaseKernel(k);
}

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s FILE.cl\n", argv[0]); return 2; }
  static struct kt_file f;
  if (kt_parse_file(argv[1], &f)) return 1;
  /* the configuration is read when the program first calls OpenCL */
  for (int i = 0; i < f.nenv; i++) putenv(f.env[i]);
  open_device();
  if (f.build_fails) check_build_failure(&f);
  for (int i = 0; i < f.nruns; i++) run_one(&f, &f.runs[i]);
  for (int k = 0; k < nbuilt; k++)
    if (built[k].program) clReleaseProgram(built[k].program);
  clReleaseCommandQueue(queue);
  clReleaseContext(ctx);
  return vt_finish();
}
