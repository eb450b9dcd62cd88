/* testlib.c - shared helpers of the test programs (see testlib.h). */
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testlib.h"

int vt_failed, vt_passed;

int vt_check(int ok, const char *what, const char *file, int line) {
  if (ok) { vt_passed++; return 1; }
  vt_failed++;
  fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  return 0;
}

int vt_check_err(cl_int got, cl_int expected, const char *what, const char *file, int line) {
  if (got == expected) { vt_passed++; return 1; }
  vt_failed++;
  fprintf(stderr, "%s:%d: %s returned %s (%d), expected %s (%d)\n", file, line, what,
          vt_error_name(got), got, vt_error_name(expected), expected);
  return 0;
}

cl_platform_id vt_platform(void) {
  static cl_platform_id found;
  if (found) return found;
  cl_platform_id ids[16];
  cl_uint n = 0;
  if (clGetPlatformIDs(16, ids, &n) != CL_SUCCESS || n == 0) {
    fprintf(stderr, "no OpenCL platform (is OCL_ICD_VENDORS set?): skipped\n");
    exit(77);
  }
  for (cl_uint i = 0; i < n && i < 16; i++) {
    char name[256] = "";
    clGetPlatformInfo(ids[i], CL_PLATFORM_NAME, sizeof name, name, NULL);
    if (!strcmp(name, "VirtualGPU")) return found = ids[i];
  }
  fprintf(stderr, "the VirtualGPU platform is not visible: skipped\n");
  exit(77);
}

cl_device_id vt_device(void) {
  static cl_device_id dev;
  if (!dev && clGetDeviceIDs(vt_platform(), CL_DEVICE_TYPE_ALL, 1, &dev, NULL) != CL_SUCCESS) {
    fprintf(stderr, "VirtualGPU has no device\n");
    exit(1);
  }
  return dev;
}

cl_context vt_context(void) {
  static cl_context ctx;
  cl_int err;
  cl_device_id dev = vt_device();
  if (!ctx) ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err);
  if (!ctx) { fprintf(stderr, "clCreateContext failed: %s\n", vt_error_name(err)); exit(1); }
  return ctx;
}

cl_command_queue vt_queue(void) {
  static cl_command_queue q;
  cl_int err;
  if (!q) q = clCreateCommandQueue(vt_context(), vt_device(), CL_QUEUE_PROFILING_ENABLE, &err);
  if (!q) { fprintf(stderr, "clCreateCommandQueue failed: %s\n", vt_error_name(err)); exit(1); }
  return q;
}

cl_program vt_build(const char *source, const char *options) {
  cl_int err;
  cl_program p = clCreateProgramWithSource(vt_context(), 1, &source, NULL, &err);
  if (!p) return NULL;
  cl_device_id dev = vt_device();
  err = clBuildProgram(p, 1, &dev, options, NULL, NULL);
  if (err != CL_SUCCESS) {
    size_t len = 0;
    clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, 0, NULL, &len);
    char *log = malloc(len + 1);
    if (log && clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, len, log, NULL) == CL_SUCCESS)
      fprintf(stderr, "build failed (%s):\n%s\n", vt_error_name(err), log);
    free(log);
    clReleaseProgram(p);
    return NULL;
  }
  return p;
}

const char *vt_self_exe(void) {
  static char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return NULL;
  self[n] = 0;
  return self;
}

int vt_run_self(const char *argv0, const char *mode, const char *const *env, int with_stdout, char *out,
                size_t size) {
  int fds[2];
  out[0] = 0;
  if (size == 0 || pipe(fds) != 0) return -1;
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (with_stdout) dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    for (size_t i = 0; env && env[i]; i++) {
      char name[256];
      const char *eq = strchr(env[i], '=');
      if (!eq || (size_t)(eq - env[i]) >= sizeof name) _exit(127);
      memcpy(name, env[i], (size_t)(eq - env[i]));
      name[eq - env[i]] = 0;
      setenv(name, eq + 1, 1);
    }
    execl(vt_self_exe(), argv0, mode, (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  size_t n = 0;
  ssize_t r;
  while (n < size - 1 && (r = read(fds[0], out + n, size - 1 - n)) > 0) n += (size_t)r;
  out[n] = 0;
  close(fds[0]);
  int st;
  if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
  return WEXITSTATUS(st);
}

char *vt_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
  fclose(f);
  if (buf) { buf[n] = 0; if (len) *len = (size_t)n; }
  return buf;
}

const char *vt_error_name(cl_int err) {
  switch (err) {
#define E(x) case x: return #x;
    E(CL_SUCCESS) E(CL_DEVICE_NOT_FOUND) E(CL_DEVICE_NOT_AVAILABLE) E(CL_COMPILER_NOT_AVAILABLE)
    E(CL_MEM_OBJECT_ALLOCATION_FAILURE) E(CL_OUT_OF_RESOURCES) E(CL_OUT_OF_HOST_MEMORY)
    E(CL_PROFILING_INFO_NOT_AVAILABLE) E(CL_MEM_COPY_OVERLAP) E(CL_IMAGE_FORMAT_MISMATCH)
    E(CL_IMAGE_FORMAT_NOT_SUPPORTED) E(CL_BUILD_PROGRAM_FAILURE) E(CL_MAP_FAILURE)
    E(CL_MISALIGNED_SUB_BUFFER_OFFSET) E(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
    E(CL_COMPILE_PROGRAM_FAILURE) E(CL_LINKER_NOT_AVAILABLE) E(CL_LINK_PROGRAM_FAILURE)
    E(CL_DEVICE_PARTITION_FAILED) E(CL_KERNEL_ARG_INFO_NOT_AVAILABLE) E(CL_INVALID_VALUE)
    E(CL_INVALID_DEVICE_TYPE) E(CL_INVALID_PLATFORM) E(CL_INVALID_DEVICE) E(CL_INVALID_CONTEXT)
    E(CL_INVALID_QUEUE_PROPERTIES) E(CL_INVALID_COMMAND_QUEUE) E(CL_INVALID_HOST_PTR)
    E(CL_INVALID_MEM_OBJECT) E(CL_INVALID_IMAGE_FORMAT_DESCRIPTOR) E(CL_INVALID_IMAGE_SIZE)
    E(CL_INVALID_SAMPLER) E(CL_INVALID_BINARY) E(CL_INVALID_BUILD_OPTIONS) E(CL_INVALID_PROGRAM)
    E(CL_INVALID_PROGRAM_EXECUTABLE) E(CL_INVALID_KERNEL_NAME) E(CL_INVALID_KERNEL_DEFINITION)
    E(CL_INVALID_KERNEL) E(CL_INVALID_ARG_INDEX) E(CL_INVALID_ARG_VALUE) E(CL_INVALID_ARG_SIZE)
    E(CL_INVALID_KERNEL_ARGS) E(CL_INVALID_WORK_DIMENSION) E(CL_INVALID_WORK_GROUP_SIZE)
    E(CL_INVALID_WORK_ITEM_SIZE) E(CL_INVALID_GLOBAL_OFFSET) E(CL_INVALID_EVENT_WAIT_LIST)
    E(CL_INVALID_EVENT) E(CL_INVALID_OPERATION) E(CL_INVALID_GL_OBJECT) E(CL_INVALID_BUFFER_SIZE)
    E(CL_INVALID_MIP_LEVEL) E(CL_INVALID_GLOBAL_WORK_SIZE) E(CL_INVALID_PROPERTY)
    E(CL_INVALID_IMAGE_DESCRIPTOR) E(CL_INVALID_COMPILER_OPTIONS) E(CL_INVALID_LINKER_OPTIONS)
    E(CL_INVALID_DEVICE_PARTITION_COUNT) E(CL_INVALID_PIPE_SIZE) E(CL_INVALID_DEVICE_QUEUE)
    E(CL_INVALID_SPEC_ID) E(CL_MAX_SIZE_RESTRICTION_EXCEEDED)
#undef E
    default: return "unknown error";
  }
}

int vt_finish(void) {
  printf("%d passed, %d failed\n", vt_passed, vt_failed);
  return vt_failed ? 1 : 0;
}

int vt_children(pid_t parent, pid_t *out, int max, int live_only) {
  DIR *d = opendir("/proc");
  struct dirent *e;
  int n = 0;
  while (d && (e = readdir(d)) && n < max) {
    char path[300], buf[512];
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue;
    ssize_t len = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (len <= 0) continue;
    buf[len] = 0;
    const char *rp = strrchr(buf, ')'); /* "pid (comm) state ppid ...": comm may hold ')' */
    char state;
    int ppid;
    if (rp && sscanf(rp + 1, " %c %d", &state, &ppid) == 2 && ppid == parent && !(live_only && state == 'Z'))
      out[n++] = atoi(e->d_name);
  }
  if (d) closedir(d);
  return n;
}

char *vt_slow_source(void) {
  enum { N = 12000 };
  size_t cap = (size_t)N * 80 + 256, n = 0;
  char *src = malloc(cap);
  if (!src) return NULL;
  for (int i = 0; i < N; i++) n += (size_t)snprintf(src + n, cap - n, "int f%d(int x) { return (x * %d + (x >> 3)) ^ %d; }\n", i, i + 1, i);
  n += (size_t)snprintf(src + n, cap - n, "kernel void k(global int *p) { int x = p[0];\n");
  for (int i = 0; i < N; i++) n += (size_t)snprintf(src + n, cap - n, "x = f%d(x);\n", i);
  snprintf(src + n, cap - n, "p[1] = x; }\n");
  return src;
}
