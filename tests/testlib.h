/* testlib.h - what every test program shares: finding the VirtualGPU platform through the real
 * ICD loader, checking calls, and a plain "N passed, N failed" summary.  Tests exit 0 when every
 * check held, 1 when one failed, 77 when they cannot run here (skipped). */
#ifndef VGPU_TESTLIB_H
#define VGPU_TESTLIB_H
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

extern int vt_failed, vt_passed;

/* Records one check: prints a line for a failure with file:line and the expression. */
#define CHECK(cond) vt_check((cond) != 0, #cond, __FILE__, __LINE__)
/* Checks that an OpenCL call returned the expected code, naming both codes on failure. */
#define CHECK_ERR(call, expected) vt_check_err((call), (expected), #call, __FILE__, __LINE__)
#define CHECK_OK(call) CHECK_ERR(call, CL_SUCCESS)
int vt_check(int ok, const char *what, const char *file, int line);
int vt_check_err(cl_int got, cl_int expected, const char *what, const char *file, int line);

/* The VirtualGPU platform and its first device; exits 77 if the loader does not show it. */
cl_platform_id vt_platform(void);
cl_device_id vt_device(void);
/* A context and in-order queue on vt_device() (profiling enabled). */
cl_context vt_context(void);
cl_command_queue vt_queue(void);
/* Builds source with options; on failure prints the build log and returns NULL. */
cl_program vt_build(const char *source, const char *options);
/* This test program's own path, to run it again in a child (exec "/proc/self/exe" would start
 * Valgrind itself under Valgrind, which translates only readlink of it); NULL if unknown. */
const char *vt_self_exe(void);
/* Runs this program again as `argv0 mode` in a child whose environment also has the NAME=VALUE
 * settings of env (NULL-terminated); what the child writes on stderr (and on stdout too when
 * with_stdout) is read into out, NUL-terminated and cut at size - 1.  Returns the child's exit
 * status, or -1 when it could not run or did not exit. */
int vt_run_self(const char *argv0, const char *mode, const char *const *env, int with_stdout, char *out,
                size_t size);
/* The children of process parent (from /proc/PID/stat), up to max, zombies too unless live_only;
 * returns how many. */
int vt_children(pid_t parent, pid_t *out, int max, int live_only);
/* An OpenCL C source that Clang needs seconds for (12000 functions, all inlined into one kernel
 * k(global int *p) that writes p[1]): for build timeouts and builds in flight.  Caller frees. */
char *vt_slow_source(void);
/* Reads a whole file (NULL on failure); *len gets its size. */
char *vt_read_file(const char *path, size_t *len);
/* The name of an OpenCL error code ("CL_INVALID_VALUE"). */
const char *vt_error_name(cl_int err);
/* Prints "N passed, N failed" and returns the exit status. */
int vt_finish(void);
#endif
