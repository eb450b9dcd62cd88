/* example.h - the little that every example shares, so each example file shows only its own
 * OpenCL work: choosing a platform and device, loading the kernel file that sits next to the
 * executable, checking calls, and the final PASS/FAIL line.  Nothing here is VirtualGPU-specific:
 * the examples run unchanged on any OpenCL platform. */
#ifndef EXAMPLE_H
#define EXAMPLE_H
#include <CL/cl.h>
#include <CL/cl_ext.h>
#include <stddef.h>

/* One option of an example, given as "--NAME VALUE" or "--NAME=VALUE": a whole number from 0 to
 * 2^31 - 1.  A table of them ends with {NULL}. */
struct example_option {
  const char *name;               /* "n" for --n */
  long value;                     /* the default; example_init replaces it by the one given */
  const char *help;               /* one line for --help: what the number is */
};

/* What example_init() sets up: one device and an in-order queue with profiling enabled. */
struct example {
  const char *name;               /* "vecmul": the kernel file is <name>.cl */
  const struct example_option *options;
  cl_platform_id platform;
  cl_device_id device;
  cl_context context;
  cl_command_queue queue;
  char platform_name[256], device_name[256];
};

/* Reads the command line first: --help (or -h) prints the usage (the example's one-line summary,
 * --platform and every option with its default) and exits 0; an unknown option, a missing or
 * malformed value, or a stray argument is reported with exit status 2.  Options are checked
 * before any OpenCL call, so --help works with no platform installed.
 * Then chooses the platform (--platform NAME, else $OPENCL_PLATFORM, else the first platform with a
 * GPU, else the first platform; NAME matches any part of the platform name, ignoring case), its
 * first device (a GPU if it has one), and creates the context and queue.  Prints what it chose.
 * Exits 77 (the "cannot run here" code CTest knows as skipped) when no such platform exists. */
void example_init(struct example *ex, const char *name, const char *summary, struct example_option *options,
                  int argc, char **argv);
/* Builds <name>.cl for ex->device (found beside the executable, else in the source tree);
 * on a build failure prints the build log and exits 1. */
cl_program example_build(struct example *ex, const char *options);
/* Builds the same program for every device of a context (the multigpu example). */
cl_program example_build_for(struct example *ex, cl_context ctx, cl_uint ndev, const cl_device_id *devs,
                             const char *options);
/* The value of option NAME (given, else its default). */
long example_arg(const struct example *ex, const char *name);
/* malloc that ends the program with a message when the host is out of memory. */
void *example_alloc(size_t bytes);
/* Milliseconds between the START and END profiling times of a completed event. */
double example_event_ms(cl_event ev);
/* Prints "<name>: PASS" or "<name>: FAIL", releases the objects, and returns the exit status. */
int example_finish(struct example *ex, int ok);

/* What the data distribution moved, against the formula the example derives for it: on a platform
 * with the VirtualGPU links query (clGetLinksVGPU, include/vgpu/links.h) prints every link's bytes
 * and checks them, whatever the topology, against host_writes and host_reads (bytes the program
 * moved between host and devices) and between_devices (bytes moved from one device to another:
 * over a peer link once, or through the host, up one host link and down another).  Returns 0 on a
 * mismatch; 1 when they agree or the platform has no such query (nothing to check). */
int example_check_links(struct example *ex, unsigned long long host_writes, unsigned long long host_reads,
                        unsigned long long between_devices);
/* The name of an OpenCL error code ("CL_INVALID_VALUE"). */
const char *example_error_name(cl_int err);
void example_fail(const char *what, cl_int err, const char *file, int line) __attribute__((noreturn));
/* Every OpenCL call in the examples goes through CL_CHECK: an error ends the program with the
 * call, its error code and the source line, never a crash later. */
#define CL_CHECK(call)                                                                    \
  do {                                                                                    \
    cl_int example_err_ = (call);                                                         \
    if (example_err_ != CL_SUCCESS) example_fail(#call, example_err_, __FILE__, __LINE__); \
  } while (0)
/* For the create functions that return their error through a pointer. */
#define CL_CHECK_ERR(err) \
  do { if ((err) != CL_SUCCESS) example_fail("previous call", (err), __FILE__, __LINE__); } while (0)
#endif
