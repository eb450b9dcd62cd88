/* compile_server.h - the request the runtime (runtime/compile_client.c) sends to the resident
 * compiler server (`vgpu serve`, tools/cmd_serve.c), one SOCK_SEQPACKET message per build:
 * this header, then the build's private directory (an absolute path, not NUL-terminated: the
 * message length ends it), with the build's reply socket attached (SCM_RIGHTS).  The directory
 * holds the file "request": the command's arguments (`build --in program.cl ...`), an empty
 * string, then the environment the build runs with, each NUL-terminated.  The server answers on
 * the reply socket with one int32: the build process's wait status (waitpid), -2 when it ran past
 * timeout_s and was killed, -1 when it could not be started. */
#ifndef VGPU_COMPILE_SERVER_H
#define VGPU_COMPILE_SERVER_H
#include <stdint.h>

#define VGPU_SERVE_MAGIC 0x56475331u /* "VGS1" */
#define VGPU_SERVE_TIMED_OUT (-2)

struct vgpu_serve_request {
  uint32_t magic;
  uint32_t reserved;
  double timeout_s;
};
#endif
