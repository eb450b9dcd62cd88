/* example.c - platform choice, kernel loading and reporting shared by the examples (example.h). */
#include "example.h"
#include "vgpu/links.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_SKIP 77  /* "cannot run here": CTest's SKIP_RETURN_CODE */
#define EXIT_USAGE 2  /* a bad command line */

void example_fail(const char *what, cl_int err, const char *file, int line) {
  fprintf(stderr, "%s:%d: %s failed: %s (%d)\n", file, line, what, example_error_name(err), err);
  fprintf(stderr, "FAIL\n");
  exit(1);
}

static int contains_nocase(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i])) i++;
    if (i == n) return 1;
  }
  return n == 0;
}

/* A count option's value: a whole number from 0 to 2^31 - 1, or the program stops with a message. */
static long parse_count(const char *prog, const char *name, const char *text) {
  char *end;
  long v = strtol(text, &end, 0);
  if (end == text || *end || v < 0 || v > 0x7fffffffL) {
    fprintf(stderr, "%s: --%s %s: expected a whole number from 0 to 2147483647\n", prog, name, text);
    exit(EXIT_USAGE);
  }
  return v;
}

static void usage(const char *prog, const char *summary, const struct example_option *opts) {
  printf("usage: %s [--platform NAME]", prog);
  for (const struct example_option *o = opts; o->name; o++) printf(" [--%s N]", o->name);
  printf("\n%s\n\n", summary);
  printf("  --platform NAME  run on the first OpenCL platform whose name contains NAME (any case);\n"
         "                   default: $OPENCL_PLATFORM, else the first platform with a GPU\n");
  for (const struct example_option *o = opts; o->name; o++) {
    char flag[64];
    snprintf(flag, sizeof flag, "--%s N", o->name);
    printf("  %-16s %s (default %ld)\n", flag, o->help, o->value);
  }
  printf("  --help           this text\n");
}

/* Reads the whole command line before any OpenCL call; returns the --platform value or NULL. */
static const char *parse_command_line(struct example *ex, const char *summary, struct example_option *opts,
                                      int argc, char **argv) {
  const char *platform = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(ex->name, summary, opts);
      exit(0);
    }
    if (strncmp(a, "--", 2) != 0) {
      fprintf(stderr, "%s: unexpected argument '%s' (options are --NAME VALUE; see --help)\n", ex->name, a);
      exit(EXIT_USAGE);
    }
    const char *eq = strchr(a, '=');
    size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
    const char *value = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
    struct example_option *o = opts;
    while (o->name && (strlen(o->name) != len || strncmp(o->name, a + 2, len))) o++;
    int is_platform = len == 8 && !strncmp(a + 2, "platform", 8);
    if (!o->name && !is_platform) {
      fprintf(stderr, "%s: unknown option '%.*s' (see --help)\n", ex->name, (int)(len + 2), a);
      exit(EXIT_USAGE);
    }
    if (!value) {
      fprintf(stderr, "%s: option '%s' needs a value (see --help)\n", ex->name, a);
      exit(EXIT_USAGE);
    }
    if (is_platform) platform = value;
    else o->value = parse_count(ex->name, o->name, value);
  }
  return platform;
}

static cl_platform_id choose_platform(const char *want) {
  cl_uint n = 0;
  if (clGetPlatformIDs(0, NULL, &n) != CL_SUCCESS || n == 0) {
    fprintf(stderr, "no OpenCL platform found (is an ICD installed? OCL_ICD_VENDORS=%s)\n",
            getenv("OCL_ICD_VENDORS") ? getenv("OCL_ICD_VENDORS") : "unset");
    exit(EXIT_SKIP);
  }
  cl_platform_id *ids = calloc(n, sizeof *ids);
  CL_CHECK(clGetPlatformIDs(n, ids, NULL));
  cl_platform_id chosen = NULL;
  for (cl_uint i = 0; i < n && !chosen; i++) {
    char pname[256] = "";
    clGetPlatformInfo(ids[i], CL_PLATFORM_NAME, sizeof pname, pname, NULL);
    cl_uint ngpu = 0;
    if (want ? contains_nocase(pname, want)
             : clGetDeviceIDs(ids[i], CL_DEVICE_TYPE_GPU, 0, NULL, &ngpu) == CL_SUCCESS && ngpu > 0)
      chosen = ids[i];
  }
  if (!chosen && !want) chosen = ids[0];
  free(ids);
  if (!chosen) {
    fprintf(stderr, "no OpenCL platform named like '%s' (see clinfo -l)\n", want);
    exit(EXIT_SKIP);
  }
  return chosen;
}

void example_init(struct example *ex, const char *name, const char *summary, struct example_option *options,
                  int argc, char **argv) {
  /* Line by line even into a pipe or file, so our lines and a platform's own stderr messages
   * (VirtualGPU's VGPU_COUNTERS report) stay in the order they happened. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  memset(ex, 0, sizeof *ex);
  ex->name = name;
  ex->options = options;
  const char *want = parse_command_line(ex, summary, options, argc, argv);
  if (!want) want = getenv("OPENCL_PLATFORM");
  if (want && !*want) want = NULL;
  ex->platform = choose_platform(want);
  CL_CHECK(clGetPlatformInfo(ex->platform, CL_PLATFORM_NAME, sizeof ex->platform_name, ex->platform_name, NULL));
  if (clGetDeviceIDs(ex->platform, CL_DEVICE_TYPE_GPU, 1, &ex->device, NULL) != CL_SUCCESS)
    CL_CHECK(clGetDeviceIDs(ex->platform, CL_DEVICE_TYPE_ALL, 1, &ex->device, NULL));
  CL_CHECK(clGetDeviceInfo(ex->device, CL_DEVICE_NAME, sizeof ex->device_name, ex->device_name, NULL));
  cl_int err;
  cl_context_properties props[] = {CL_CONTEXT_PLATFORM, (cl_context_properties)ex->platform, 0};
  ex->context = clCreateContext(props, 1, &ex->device, NULL, NULL, &err);
  CL_CHECK_ERR(err);
  /* clCreateCommandQueue is the OpenCL 1.x call every platform has (deprecated, still required). */
  ex->queue = clCreateCommandQueue(ex->context, ex->device, CL_QUEUE_PROFILING_ENABLE, &err);
  CL_CHECK_ERR(err);
  printf("%s on %s / %s\n", name, ex->platform_name, ex->device_name);
}

/* Directory of the running executable, with a trailing '/' ("" if unknown). */
static void exe_dir(char *buf, size_t size) {
  ssize_t n = readlink("/proc/self/exe", buf, size - 1);
  buf[n > 0 ? n : 0] = 0;
  char *slash = strrchr(buf, '/');
  if (slash) slash[1] = 0;
  else buf[0] = 0;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) { free(s); s = NULL; }
  fclose(f);
  if (s) { s[n] = 0; *len = (size_t)n; }
  return s;
}

/* The kernel sits beside the executable (copied there by the build and by install); a binary
 * moved elsewhere still finds it in the source tree it was built from. */
static char *load_kernel(const char *name, size_t *len) {
  char path[4096 + 256], dir[4096];
  exe_dir(dir, sizeof dir);
  snprintf(path, sizeof path, "%s%s.cl", dir, name);
  char *src = read_file(path, len);
#ifdef EXAMPLE_SOURCE_DIR
  if (!src) {
    snprintf(path, sizeof path, "%s/%s/%s.cl", EXAMPLE_SOURCE_DIR, name, name);
    src = read_file(path, len);
  }
#endif
  if (!src) {
    fprintf(stderr, "cannot read the kernel file %s.cl (looked beside the executable)\nFAIL\n", name);
    exit(1);
  }
  return src;
}

cl_program example_build_for(struct example *ex, cl_context ctx, cl_uint ndev, const cl_device_id *devs,
                             const char *options) {
  size_t len;
  char *src = load_kernel(ex->name, &len);
  cl_int err;
  cl_program prog = clCreateProgramWithSource(ctx, 1, (const char **)&src, &len, &err);
  CL_CHECK_ERR(err);
  free(src);
  err = clBuildProgram(prog, ndev, devs, options, NULL, NULL);
  if (err != CL_SUCCESS) {
    for (cl_uint i = 0; i < ndev; i++) {
      size_t n = 0;
      clGetProgramBuildInfo(prog, devs[i], CL_PROGRAM_BUILD_LOG, 0, NULL, &n);
      char *log = calloc(n + 1, 1);
      clGetProgramBuildInfo(prog, devs[i], CL_PROGRAM_BUILD_LOG, n, log, NULL);
      fprintf(stderr, "build log of %s.cl:\n%s\n", ex->name, log);
      free(log);
    }
    example_fail("clBuildProgram", err, __FILE__, __LINE__);
  }
  return prog;
}

cl_program example_build(struct example *ex, const char *options) {
  return example_build_for(ex, ex->context, 1, &ex->device, options);
}

long example_arg(const struct example *ex, const char *name) {
  for (const struct example_option *o = ex->options; o && o->name; o++)
    if (!strcmp(o->name, name)) return o->value;
  fprintf(stderr, "%s: no option --%s is declared\n", ex->name, name); /* a bug in the example */
  abort();
}

void *example_alloc(size_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p) {
    fprintf(stderr, "out of host memory (%zu bytes): try a smaller size\nFAIL\n", bytes);
    exit(1);
  }
  return p;
}

double example_event_ms(cl_event ev) {
  cl_ulong t0 = 0, t1 = 0;
  if (clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_START, sizeof t0, &t0, NULL) != CL_SUCCESS ||
      clGetEventProfilingInfo(ev, CL_PROFILING_COMMAND_END, sizeof t1, &t1, NULL) != CL_SUCCESS)
    return 0;
  return (double)(t1 - t0) * 1e-6;
}

int example_finish(struct example *ex, int ok) {
  if (ex->queue) clReleaseCommandQueue(ex->queue);
  if (ex->context) clReleaseContext(ex->context);
  printf("%s: %s\n", ex->name, ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

const char *example_error_name(cl_int err) {
  switch (err) {
#define E(x) case x: return #x;
    E(CL_SUCCESS) E(CL_DEVICE_NOT_FOUND) E(CL_DEVICE_NOT_AVAILABLE) E(CL_COMPILER_NOT_AVAILABLE)
    E(CL_MEM_OBJECT_ALLOCATION_FAILURE) E(CL_OUT_OF_RESOURCES) E(CL_OUT_OF_HOST_MEMORY)
    E(CL_PROFILING_INFO_NOT_AVAILABLE) E(CL_BUILD_PROGRAM_FAILURE) E(CL_MAP_FAILURE)
    E(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST) E(CL_INVALID_VALUE) E(CL_INVALID_DEVICE_TYPE)
    E(CL_INVALID_PLATFORM) E(CL_INVALID_DEVICE) E(CL_INVALID_CONTEXT) E(CL_INVALID_QUEUE_PROPERTIES)
    E(CL_INVALID_COMMAND_QUEUE) E(CL_INVALID_HOST_PTR) E(CL_INVALID_MEM_OBJECT) E(CL_INVALID_BINARY)
    E(CL_INVALID_BUILD_OPTIONS) E(CL_INVALID_PROGRAM) E(CL_INVALID_PROGRAM_EXECUTABLE)
    E(CL_INVALID_KERNEL_NAME) E(CL_INVALID_KERNEL_DEFINITION) E(CL_INVALID_KERNEL) E(CL_INVALID_ARG_INDEX)
    E(CL_INVALID_ARG_VALUE) E(CL_INVALID_ARG_SIZE) E(CL_INVALID_KERNEL_ARGS) E(CL_INVALID_WORK_DIMENSION)
    E(CL_INVALID_WORK_GROUP_SIZE) E(CL_INVALID_WORK_ITEM_SIZE) E(CL_INVALID_GLOBAL_OFFSET)
    E(CL_INVALID_EVENT_WAIT_LIST) E(CL_INVALID_EVENT) E(CL_INVALID_OPERATION) E(CL_INVALID_BUFFER_SIZE)
    E(CL_INVALID_GLOBAL_WORK_SIZE) E(CL_INVALID_PROPERTY) E(CL_PLATFORM_NOT_FOUND_KHR)
#undef E
    default: return "unknown error";
  }
}

int example_check_links(struct example *ex, unsigned long long host_writes, unsigned long long host_reads,
                        unsigned long long between_devices) {
  clGetLinksVGPU_fn get = (clGetLinksVGPU_fn)clGetExtensionFunctionAddressForPlatform(ex->platform, "clGetLinksVGPU");
  if (!get) return 1;
  vgpu_link_info l[64];
  cl_uint n = 0;
  if (get(ex->platform, 64, l, &n) != CL_SUCCESS) return 0;
  if (n > 64) n = 64;
  unsigned long long down = 0, up = 0, peer = 0;
  printf("links (bytes each way):\n");
  for (cl_uint i = 0; i < n; i++) {
    int host = l[i].end[0] == VGPU_LINK_HOST;
    char a[16];
    snprintf(a, sizeof a, host ? "host" : "dev%d", l[i].end[0]);
    printf("  %-6s %s-dev%d: %llu B %s->dev%d, %llu B dev%d->%s (%.3f ms modelled)\n", l[i].kind, a, l[i].end[1],
           (unsigned long long)l[i].bytes[0], a, l[i].end[1], (unsigned long long)l[i].bytes[1], l[i].end[1], a,
           l[i].seconds * 1e3);
    if (host) { down += l[i].bytes[0]; up += l[i].bytes[1]; }
    else peer += l[i].bytes[0] + l[i].bytes[1];
  }
  /* A device-to-device move through the host goes up one host link and down another. */
  unsigned long long via_host = down >= host_writes ? down - host_writes : 0;
  int ok = down >= host_writes && up >= host_reads && up - host_reads == via_host && peer + via_host == between_devices;
  printf("host to devices %llu (formula %llu), devices to host %llu (formula %llu), device to device %llu = "
         "%llu over peer links + %llu through the host (formula %llu): %s\n",
         down - via_host, host_writes, up - via_host, host_reads, peer + via_host, peer, via_host, between_devices,
         ok ? "as the formula says" : "MISMATCH");
  return ok;
}
