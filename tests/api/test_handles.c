/* test_handles.c - API misuse with bad handles, through the real ICD loader: released objects of
 * each type, forged handles (a byte copy of a live object), readable junk that starts with our
 * dispatch pointer, handles of the wrong type, double releases, and unreadable pointers passed
 * where VirtualGPU reads them itself (kernel arguments, wait lists, memory object lists).  Each case
 * runs in a child process (a crash or a hang counts as not caught) and must get the
 * specification's CL_INVALID_<OBJECT> (docs/errors.md, "Bad handles").
 *
 * The ocl-icd loader calls through the first word of the handle it dispatches on, so a pointer
 * whose first word is not a dispatch table never reaches VirtualGPU: those cases are run and
 * counted apart ("the loader crashed"), not held against the runtime.
 * `api_test_handles -v` lists every case. */
#include <malloc.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

enum { T_CONTEXT, T_QUEUE, T_MEM, T_PROGRAM, T_KERNEL, T_EVENT, NTYPES };
static const char *type_names[NTYPES] = {"context", "queue", "mem", "program", "kernel", "event"};
static const cl_int invalid_code[NTYPES] = {CL_INVALID_CONTEXT, CL_INVALID_COMMAND_QUEUE, CL_INVALID_MEM_OBJECT,
                                            CL_INVALID_PROGRAM, CL_INVALID_KERNEL, CL_INVALID_EVENT};
enum { K_RELEASED, K_FORGED, K_JUNK, K_WRONG_TYPE, NKINDS };
static const char *kind_names[NKINDS] = {"released", "forged copy", "junk with dispatch", "wrong type"};

static cl_device_id dev;
static cl_context ctx;
static cl_command_queue queue;
static cl_mem buf;
static cl_program prog;
static cl_kernel kern;
static cl_event done; /* a complete user event */
static void *live[NTYPES];
static void *bad[NKINDS][NTYPES];
static int verbose;
static const char *src = "kernel void k(global int *a) { a[get_global_id(0)] = 1; }\n";

/* ---- the entry points, each taking the bad handle where its type goes ---- */
typedef cl_int (*call_fn)(void *h);
static cl_int e;
static size_t one = 1;
static cl_uint u;
static char info[256];

static cl_int ctx_retain(void *h) { return clRetainContext(h); }
static cl_int ctx_release(void *h) { return clReleaseContext(h); }
static cl_int ctx_info(void *h) { return clGetContextInfo(h, CL_CONTEXT_NUM_DEVICES, sizeof u, &u, NULL); }
static cl_int ctx_buffer(void *h) { clCreateBuffer(h, CL_MEM_READ_WRITE, 64, NULL, &e); return e; }
static cl_int ctx_queue(void *h) { clCreateCommandQueueWithProperties(h, dev, NULL, &e); return e; }
static cl_int ctx_program(void *h) { clCreateProgramWithSource(h, 1, &src, NULL, &e); return e; }
static cl_int ctx_user_event(void *h) { clCreateUserEvent(h, &e); return e; }
static cl_int q_retain(void *h) { return clRetainCommandQueue(h); }
static cl_int q_release(void *h) { return clReleaseCommandQueue(h); }
static cl_int q_info(void *h) { return clGetCommandQueueInfo(h, CL_QUEUE_REFERENCE_COUNT, sizeof u, &u, NULL); }
static cl_int q_flush(void *h) { return clFlush(h); }
static cl_int q_finish(void *h) { return clFinish(h); }
static cl_int q_read(void *h) { return clEnqueueReadBuffer(h, buf, CL_TRUE, 0, 4, info, 0, NULL, NULL); }
static cl_int q_ndrange(void *h) { return clEnqueueNDRangeKernel(h, kern, 1, NULL, &one, NULL, 0, NULL, NULL); }
static cl_int q_marker(void *h) { return clEnqueueMarkerWithWaitList(h, 0, NULL, NULL); }
static cl_int m_retain(void *h) { return clRetainMemObject(h); }
static cl_int m_release(void *h) { return clReleaseMemObject(h); }
static cl_int m_info(void *h) { return clGetMemObjectInfo(h, CL_MEM_SIZE, sizeof one, &one, NULL); }
static cl_int m_write(void *h) { return clEnqueueWriteBuffer(queue, h, CL_TRUE, 0, 4, info, 0, NULL, NULL); }
static cl_int m_copy(void *h) { return clEnqueueCopyBuffer(queue, buf, h, 0, 0, 4, 0, NULL, NULL); }
static cl_int m_arg(void *h) { return clSetKernelArg(kern, 0, sizeof h, &h); }
static cl_int m_sub(void *h) {
  cl_buffer_region r = {0, 4};
  clCreateSubBuffer(h, CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION, &r, &e);
  return e;
}
static cl_int m_migrate(void *h) {
  cl_mem list[1] = {h};
  return clEnqueueMigrateMemObjects(queue, 1, list, 0, 0, NULL, NULL);
}
static cl_int p_retain(void *h) { return clRetainProgram(h); }
static cl_int p_release(void *h) { return clReleaseProgram(h); }
static cl_int p_info(void *h) { return clGetProgramInfo(h, CL_PROGRAM_NUM_DEVICES, sizeof u, &u, NULL); }
static cl_int p_build_info(void *h) {
  cl_build_status s;
  return clGetProgramBuildInfo(h, dev, CL_PROGRAM_BUILD_STATUS, sizeof s, &s, NULL);
}
static cl_int p_build(void *h) { return clBuildProgram(h, 0, NULL, NULL, NULL, NULL); }
static cl_int p_kernel(void *h) { clCreateKernel(h, "k", &e); return e; }
static cl_int k_retain(void *h) { return clRetainKernel(h); }
static cl_int k_release(void *h) { return clReleaseKernel(h); }
static cl_int k_info(void *h) { return clGetKernelInfo(h, CL_KERNEL_NUM_ARGS, sizeof u, &u, NULL); }
static cl_int k_wg_info(void *h) {
  return clGetKernelWorkGroupInfo(h, dev, CL_KERNEL_WORK_GROUP_SIZE, sizeof one, &one, NULL);
}
static cl_int k_arg(void *h) { return clSetKernelArg(h, 0, sizeof buf, &buf); }
static cl_int k_ndrange(void *h) { return clEnqueueNDRangeKernel(queue, h, 1, NULL, &one, NULL, 0, NULL, NULL); }
static cl_int ev_retain(void *h) { return clRetainEvent(h); }
static cl_int ev_release(void *h) { return clReleaseEvent(h); }
static cl_int ev_info(void *h) {
  cl_int s;
  return clGetEventInfo(h, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof s, &s, NULL);
}
static cl_int ev_wait(void *h) {
  cl_event list[1] = {h};
  return clWaitForEvents(1, list);
}
static void CL_CALLBACK ev_cb(cl_event ev, cl_int s, void *ud) { (void)ev, (void)s, (void)ud; }
static cl_int ev_callback(void *h) { return clSetEventCallback(h, CL_COMPLETE, ev_cb, NULL); }
static cl_int ev_user_status(void *h) { return clSetUserEventStatus(h, CL_COMPLETE); }
/* In a wait list VirtualGPU reads the handles itself: CL_INVALID_EVENT_WAIT_LIST. */
static cl_int ev_wait_list(void *h) {
  cl_event list[1] = {h};
  return clEnqueueMarkerWithWaitList(queue, 1, list, NULL);
}

static const struct call {
  int type;
  const char *name;
  call_fn fn;
  cl_int expect;  /* 0: the type's CL_INVALID_<OBJECT> */
  int direct;     /* the handle is not the one the loader dispatches on: it reaches us as is */
} calls[] = {
    {T_CONTEXT, "clRetainContext", ctx_retain, 0, 0},
    {T_CONTEXT, "clReleaseContext", ctx_release, 0, 0},
    {T_CONTEXT, "clGetContextInfo", ctx_info, 0, 0},
    {T_CONTEXT, "clCreateBuffer", ctx_buffer, 0, 0},
    {T_CONTEXT, "clCreateCommandQueueWithProperties", ctx_queue, 0, 0},
    {T_CONTEXT, "clCreateProgramWithSource", ctx_program, 0, 0},
    {T_CONTEXT, "clCreateUserEvent", ctx_user_event, 0, 0},
    {T_QUEUE, "clRetainCommandQueue", q_retain, 0, 0},
    {T_QUEUE, "clReleaseCommandQueue", q_release, 0, 0},
    {T_QUEUE, "clGetCommandQueueInfo", q_info, 0, 0},
    {T_QUEUE, "clFlush", q_flush, 0, 0},
    {T_QUEUE, "clFinish", q_finish, 0, 0},
    {T_QUEUE, "clEnqueueReadBuffer", q_read, 0, 0},
    {T_QUEUE, "clEnqueueNDRangeKernel", q_ndrange, 0, 0},
    {T_QUEUE, "clEnqueueMarkerWithWaitList", q_marker, 0, 0},
    {T_MEM, "clRetainMemObject", m_retain, 0, 0},
    {T_MEM, "clReleaseMemObject", m_release, 0, 0},
    {T_MEM, "clGetMemObjectInfo", m_info, 0, 0},
    {T_MEM, "clCreateSubBuffer", m_sub, 0, 0},
    {T_MEM, "clEnqueueWriteBuffer(buffer)", m_write, 0, 1},
    {T_MEM, "clEnqueueCopyBuffer(dst_buffer)", m_copy, 0, 1},
    {T_MEM, "clSetKernelArg(arg_value)", m_arg, 0, 1},
    {T_MEM, "clEnqueueMigrateMemObjects(mem_objects)", m_migrate, 0, 1},
    {T_PROGRAM, "clRetainProgram", p_retain, 0, 0},
    {T_PROGRAM, "clReleaseProgram", p_release, 0, 0},
    {T_PROGRAM, "clGetProgramInfo", p_info, 0, 0},
    {T_PROGRAM, "clGetProgramBuildInfo", p_build_info, 0, 0},
    {T_PROGRAM, "clBuildProgram", p_build, 0, 0},
    {T_PROGRAM, "clCreateKernel", p_kernel, 0, 0},
    {T_KERNEL, "clRetainKernel", k_retain, 0, 0},
    {T_KERNEL, "clReleaseKernel", k_release, 0, 0},
    {T_KERNEL, "clGetKernelInfo", k_info, 0, 0},
    {T_KERNEL, "clGetKernelWorkGroupInfo", k_wg_info, 0, 0},
    {T_KERNEL, "clSetKernelArg", k_arg, 0, 0},
    {T_KERNEL, "clEnqueueNDRangeKernel(kernel)", k_ndrange, 0, 1},
    {T_EVENT, "clRetainEvent", ev_retain, 0, 0},
    {T_EVENT, "clReleaseEvent", ev_release, 0, 0},
    {T_EVENT, "clGetEventInfo", ev_info, 0, 0},
    {T_EVENT, "clWaitForEvents", ev_wait, 0, 0},
    {T_EVENT, "clSetEventCallback", ev_callback, 0, 0},
    {T_EVENT, "clSetUserEventStatus", ev_user_status, 0, 0},
    {T_EVENT, "clEnqueueMarkerWithWaitList(event_wait_list)", ev_wait_list, CL_INVALID_EVENT_WAIT_LIST, 1},
};
#define NCALLS (sizeof calls / sizeof calls[0])

/* ---- running one case in a child ---- */
enum outcome { CAUGHT, WRONG_CODE, CRASHED, HUNG };
static const char *outcome_names[] = {"caught", "wrong code", "crashed", "hung"};

static enum outcome run(call_fn fn, void *h, cl_int expect, cl_int *got) {
  int fds[2];
  if (pipe(fds) != 0) return CRASHED;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    /* A crash is this test's finding, not a sanitizer report (VGPU_SANITIZE builds install
     * their own handlers): the intended loader crashes below must not fail sanitize/logs. */
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    alarm(5);
    cl_int r = fn(h);
    if (write(fds[1], &r, sizeof r) != sizeof r) _exit(3);
    _exit(0); /* _exit: no atexit handlers of the parent's runtime in the child */
  }
  close(fds[1]);
  *got = 1;
  ssize_t n = read(fds[0], got, sizeof *got);
  close(fds[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  if (WIFSIGNALED(st)) return WTERMSIG(st) == SIGALRM ? HUNG : CRASHED;
  if (n != sizeof *got) return CRASHED;
  return *got == expect ? CAUGHT : WRONG_CODE;
}

/* A handle that was valid once: made and released, nothing else holding it (so it is gone). */
static void *released_handle(int t) {
  cl_int err;
  void *h = NULL;
  switch (t) {
  case T_CONTEXT: h = clCreateContext(NULL, 1, &dev, NULL, NULL, &err); clReleaseContext(h); break;
  case T_QUEUE: h = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err); clReleaseCommandQueue(h); break;
  case T_MEM: h = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 64, NULL, &err); clReleaseMemObject(h); break;
  case T_PROGRAM: h = clCreateProgramWithSource(ctx, 1, &src, NULL, &err); clReleaseProgram(h); break;
  case T_KERNEL: h = clCreateKernel(prog, "k", &err); clReleaseKernel(h); break;
  case T_EVENT:
    h = clCreateUserEvent(ctx, &err);
    clSetUserEventStatus(h, CL_COMPLETE);
    clReleaseEvent(h);
    break;
  }
  return h;
}

static cl_int release_of(int t, void *h) {
  switch (t) {
  case T_CONTEXT: return clReleaseContext(h);
  case T_QUEUE: return clReleaseCommandQueue(h);
  case T_MEM: return clReleaseMemObject(h);
  case T_PROGRAM: return clReleaseProgram(h);
  case T_KERNEL: return clReleaseKernel(h);
  default: return clReleaseEvent(h);
  }
}

/* Double release, in the child: a fresh object released twice. */
static int double_type;
static cl_int double_release(void *unused) {
  (void)unused;
  cl_int err;
  void *h = NULL;
  switch (double_type) {
  case T_CONTEXT: h = clCreateContext(NULL, 1, &dev, NULL, NULL, &err); break;
  case T_QUEUE: h = clCreateCommandQueueWithProperties(ctx, dev, NULL, &err); break;
  case T_MEM: h = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 64, NULL, &err); break;
  case T_PROGRAM: h = clCreateProgramWithSource(ctx, 1, &src, NULL, &err); break;
  case T_KERNEL: h = clCreateKernel(prog, "k", &err); break;
  case T_EVENT: h = clCreateUserEvent(ctx, &err); clSetUserEventStatus(h, CL_COMPLETE); break;
  }
  if (release_of(double_type, h) != CL_SUCCESS) return CL_SUCCESS; /* the first must succeed */
  return release_of(double_type, h);
}

static void *copy_of(void *h, size_t min) {
  size_t n = malloc_usable_size(h);
  unsigned char *c = calloc(1, n > min ? n : min);
  memcpy(c, h, n);
  return c;
}

int main(int argc, char **argv) {
  verbose = argc > 1 && !strcmp(argv[1], "-v");
  dev = vt_device();
  ctx = vt_context();
  queue = vt_queue();
  cl_int err;
  buf = clCreateBuffer(ctx, CL_MEM_READ_WRITE, 64, NULL, &err);
  prog = vt_build(src, NULL);
  if (!CHECK(buf && prog)) return vt_finish();
  kern = clCreateKernel(prog, "k", &err);
  done = clCreateUserEvent(ctx, &err);
  clSetUserEventStatus(done, CL_COMPLETE);
  void *objs[NTYPES] = {ctx, queue, buf, prog, kern, done};
  memcpy(live, objs, sizeof live);
  void *dispatch = *(void **)ctx;
  for (int t = 0; t < NTYPES; t++) {
    bad[K_RELEASED][t] = released_handle(t);
    bad[K_FORGED][t] = copy_of(live[t], 64);
    unsigned char *j = malloc(512);
    memset(j, 0xA5, 512);
    memcpy(j, &dispatch, sizeof dispatch);
    bad[K_JUNK][t] = j;
    bad[K_WRONG_TYPE][t] = live[(t + 1) % NTYPES];
  }
  clFinish(queue); /* nothing runs while the children are forked */

  int total = 0, counts[4] = {0};
  for (int k = 0; k < NKINDS; k++)
    for (size_t c = 0; c < NCALLS; c++) {
      const struct call *cl = &calls[c];
      cl_int expect = cl->expect ? cl->expect : invalid_code[cl->type], got;
      enum outcome o = run(cl->fn, bad[k][cl->type], expect, &got);
      total++;
      counts[o]++;
      if (o != CAUGHT || verbose)
        fprintf(o == CAUGHT ? stdout : stderr, "  %-8s %-19s %-45s %s (%s)\n", type_names[cl->type],
                kind_names[k], cl->name, outcome_names[o], o <= WRONG_CODE ? vt_error_name(got) : "-");
    }
  for (int t = 0; t < NTYPES; t++) {
    double_type = t;
    cl_int got;
    enum outcome o = run(double_release, NULL, invalid_code[t], &got);
    total++;
    counts[o]++;
    if (o != CAUGHT || verbose)
      fprintf(o == CAUGHT ? stdout : stderr, "  %-8s %-19s %-45s %s (%s)\n", type_names[t], "double release",
              "clRelease*", outcome_names[o], o <= WRONG_CODE ? vt_error_name(got) : "-");
  }
  /* Unreadable pointers where VirtualGPU reads the handle itself (the loader does not touch it). */
  void *wild = (void *)(uintptr_t)0x1000;
  for (size_t c = 0; c < NCALLS; c++) {
    if (!calls[c].direct) continue;
    cl_int expect = calls[c].expect ? calls[c].expect : invalid_code[calls[c].type], got;
    enum outcome o = run(calls[c].fn, wild, expect, &got);
    total++;
    counts[o]++;
    if (o != CAUGHT || verbose)
      fprintf(o == CAUGHT ? stdout : stderr, "  %-8s %-19s %-45s %s (%s)\n", type_names[calls[c].type],
              "unreadable pointer", calls[c].name, outcome_names[o], o <= WRONG_CODE ? vt_error_name(got) : "-");
  }
  printf("reaching VirtualGPU: %d cases, %d caught, %d wrong code, %d crashed, %d hung\n", total,
         counts[CAUGHT], counts[WRONG_CODE], counts[CRASHED], counts[HUNG]);
  CHECK(counts[CAUGHT] == total);

  /* Not reaching VirtualGPU: the loader calls through the handle's first word.  Counted only. */
  void *zeros = calloc(1, 512), *text = strdup("not an OpenCL object, but readable memory");
  int loader_total = 0, loader_crash = 0;
  void *unreachable[] = {zeros, text, (char *)live[T_MEM] + 8};
  for (size_t i = 0; i < sizeof unreachable / sizeof unreachable[0]; i++) {
    cl_int got;
    enum outcome o = run(ctx_info, unreachable[i], CL_INVALID_CONTEXT, &got);
    loader_total++;
    loader_crash += o == CRASHED;
  }
  printf("not reaching VirtualGPU (first word is no dispatch table): %d cases, %d crashed in the loader\n",
         loader_total, loader_crash);
  free(zeros);
  free(text);
  for (int t = 0; t < NTYPES; t++) {
    free(bad[K_FORGED][t]);
    free(bad[K_JUNK][t]);
  }
  clReleaseEvent(done);
  clReleaseKernel(kern);
  clReleaseProgram(prog);
  clReleaseMemObject(buf);
  return vt_finish();
}
