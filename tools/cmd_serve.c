/* cmd_serve.c - `vgpu serve`: the resident compiler server (runtime/compile_server.h is the other
 * end).  Starting the helper for every build costs the exec and the dynamic relocation of libLLVM
 * and libclang-cpp, about as much CPU as compiling a small kernel; the server pays it once per
 * host program and forks a child per build.  The child is a fresh copy of a process that has
 * compiled nothing, so every build starts from pristine LLVM state, and a build that crashes or
 * hangs (Clang included) ends only its own child.
 *
 * The requests arrive on the socket at fd 0 (include/vgpu/compile_server.h says what they hold);
 * EOF there (the host closed it, or died) ends the server. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "vgpu/compile_server.h"
#include "sim/host_link.h"
#include "tools/commands.h"

#define BUILD_ADDRESS_SPACE (4ull << 30) /* Clang compiling one kernel file needs far less */
#define MAX_BUILDS 256                   /* builds in flight at once (host threads) */

struct build {
  pid_t pid;     /* 0: free slot */
  int reply;     /* the reply socket */
  double deadline;
  int timed_out;
};

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Reads dir/request into argv and environment (malloc'd; the strings point into *text). */
static int read_request(char ***argv_out, int *argc_out, char **text) {
  int fd = open("request", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap + 1);
  for (ssize_t r; buf; n += (size_t)r) {
    if (n == cap) {
      char *b = realloc(buf, (cap *= 2) + 1);
      if (!b) { free(buf); buf = NULL; break; }
      buf = b;
    }
    r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR) { r = 0; continue; }
    if (r <= 0) break;
  }
  close(fd);
  if (!buf || !n) { free(buf); return -1; }
  buf[n] = 0;
  size_t words = 0;
  for (size_t i = 0; i < n; i++) words += !buf[i];
  char **argv = calloc(words + 2, sizeof *argv);
  if (!argv) { free(buf); return -1; }
  argv[0] = "vgpu";
  int argc = 1, in_env = 0;
  for (size_t i = 0; i < n; i += strlen(buf + i) + 1) {
    if (!buf[i] && !in_env) { in_env = 1; clearenv(); continue; }
    if (!in_env) argv[argc++] = buf + i;
    else if (buf[i]) putenv(buf + i); /* the host's environment at this build */
  }
  argv[argc] = NULL;
  *argv_out = argv;
  *argc_out = argc;
  *text = buf;
  return argc > 1 ? 0 : -1;
}

/* The build child: the private directory becomes its working directory and its stdout/stderr
 * go to helper.out, as for a helper the runtime starts itself (runtime/compile_client.c). */
static void run_build(const char *dir, pid_t server, int (*dispatch)(int, char **)) {
  setpgid(0, 0); /* the time limit kills the whole group */
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  signal(SIGCHLD, SIG_DFL);
  if (chdir(dir) != 0) _exit(127);
  int null = open("/dev/null", O_RDONLY);
  int out = open("helper.out", O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (null >= 0) dup2(null, 0);
  if (out >= 0) { dup2(out, 1); dup2(out, 2); }
  closefrom(3); /* the server's socket and the other builds' reply sockets */
#ifndef __SANITIZE_ADDRESS__ /* ASan reserves terabytes of address space */
  struct rlimit as = {BUILD_ADDRESS_SPACE, BUILD_ADDRESS_SPACE};
  setrlimit(RLIMIT_AS, &as);
#endif
  /* Ends with the server (and so with the host), removing the build folder (sim/host_link.h). */
  vgpu_host_link((long)server, dir);
  char **argv, *text;
  int argc;
  if (read_request(&argv, &argc, &text)) {
    fprintf(stderr, "vgpu serve: unreadable request in %s\n", dir);
    exit(127);
  }
  exit(dispatch(argc, argv));
}

static void reply(struct build *b, int32_t status) {
  if (send(b->reply, &status, sizeof status, MSG_NOSIGNAL) < 0) {} /* the client may have gone */
  close(b->reply);
  memset(b, 0, sizeof *b);
}

/* Takes one request off the socket and forks its build; returns -1 when the host closed it. */
static int accept_request(int sock, struct build *builds, int (*dispatch)(int, char **)) {
  union { struct vgpu_serve_request r; char bytes[sizeof(struct vgpu_serve_request) + 4097]; } msg;
  char control[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {&msg, sizeof msg - 1};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  ssize_t n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
  if (n < 0) return errno == EINTR || errno == EAGAIN ? 0 : -1;
  if (n == 0) return -1;
  int fd = -1;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) memcpy(&fd, CMSG_DATA(c), sizeof fd);
  if (fd < 0) return 0;
  struct build *b = NULL;
  for (int i = 0; i < MAX_BUILDS && !b; i++)
    if (!builds[i].pid) b = &builds[i];
  if ((size_t)n <= sizeof msg.r || msg.r.magic != VGPU_SERVE_MAGIC || !b) {
    int32_t st = -1;
    if (send(fd, &st, sizeof st, MSG_NOSIGNAL) < 0) {}
    close(fd);
    return 0;
  }
  msg.bytes[n] = 0;
  const char *dir = msg.bytes + sizeof msg.r;
  pid_t server = getpid(), pid = fork();
  if (pid == 0) run_build(dir, server, dispatch);
  if (pid < 0) {
    int32_t st = -1;
    if (send(fd, &st, sizeof st, MSG_NOSIGNAL) < 0) {}
    close(fd);
    return 0;
  }
  *b = (struct build){pid, fd, now_s() + msg.r.timeout_s, 0};
  return 0;
}

int vgpu_cmd_serve(int argc, char **argv, int (*dispatch)(int, char **)) {
  long host = 0;
  for (int i = 1; i + 1 < argc; i++)
    if (!strcmp(argv[i], "--host-pid")) host = strtol(argv[++i], NULL, 10);
  if (host <= 0) {
    fprintf(stderr, "usage: vgpu serve --host-pid PID\n(started by the VirtualGPU runtime: the compiler server)\n");
    return 2;
  }
  struct rlimit core = {0, 0};
  setrlimit(RLIMIT_CORE, &core);
  /* Children are reaped here (a host that ignores SIGCHLD passes that on through exec). */
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  signal(SIGCHLD, SIG_DFL);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  vgpu_host_link(host, NULL); /* the server ends with the host; its builds end with it */
  static struct build builds[MAX_BUILDS];
  for (;;) {
    double next = -1, t = now_s();
    int active = 0;
    for (int i = 0; i < MAX_BUILDS; i++) {
      struct build *b = &builds[i];
      if (!b->pid) continue;
      active++;
      if (!b->timed_out && t >= b->deadline) {
        kill(-b->pid, SIGKILL);
        kill(b->pid, SIGKILL);
        b->timed_out = 1;
      }
      if (!b->timed_out && (next < 0 || b->deadline - t < next)) next = b->deadline - t;
    }
    /* Without a signalfd, look for ended builds every 10 ms. */
    int wait_ms = next < 0 ? -1 : (int)(next * 1000) + 1;
    if (sfd < 0 && active && (wait_ms < 0 || wait_ms > 10)) wait_ms = 10;
    struct pollfd p[2] = {{0, POLLIN, 0}, {sfd, POLLIN, 0}};
    int r = poll(p, sfd >= 0 ? 2 : 1, wait_ms);
    if (r < 0 && errno != EINTR) return 1;
    if (sfd >= 0 && (p[1].revents & POLLIN)) {
      struct signalfd_siginfo si;
      while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {}
    }
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
      for (int i = 0; i < MAX_BUILDS; i++)
        if (builds[i].pid == pid) reply(&builds[i], builds[i].timed_out ? VGPU_SERVE_TIMED_OUT : st);
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      /* The host closed the socket or died: the builds end with the server (their host link). */
      if (accept_request(0, builds, dispatch) < 0) return 0;
    }
  }
}
