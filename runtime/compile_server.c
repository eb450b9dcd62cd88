/* compile_server.c - see compile_server.h.  The server's socket is shared by the host's threads:
 * a request is one SOCK_SEQPACKET message (sent whole, under the lock), and each build has a reply
 * socket of its own, so builds wait for their answers in parallel. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "runtime/compile_server.h"
#include "runtime/log.h"
#include "vgpu/compile_server.h"

extern char **environ;

#define REPLY_GRACE_S 30.0 /* past the build's own limit: the server itself no longer answers */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int server_sock = -1;     /* our end of the server's socket; -1: no server */
static pid_t server_pid;
static pid_t server_owner;       /* the process that started it (a forked host starts its own) */
static unsigned server_gen;      /* counts servers started, so a failure retires only its own */
static char server_helper[4096]; /* the helper it runs (VGPU_COMPILER may change) */

/* Ends the current server if it is still generation gen.  Called with the lock held. */
static void retire(unsigned gen) {
  if (server_sock < 0 || gen != server_gen) return;
  close(server_sock);
  server_sock = -1;
  /* Killed only while it is still our unreaped child (a host that reaps every child may have
   * taken it, and its pid may be another process's by now); its builds end with it. */
  if (server_owner == getpid() && waitpid(server_pid, NULL, WNOHANG) == 0) {
    kill(server_pid, SIGKILL);
    while (waitpid(server_pid, NULL, 0) < 0 && errno == EINTR) {}
  }
}

/* Starts `helper serve --host-pid PID` on a new socket.  Called with the lock held. */
static int start(const char *helper) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) return -1;
  char host_pid[24];
  snprintf(host_pid, sizeof host_pid, "%ld", (long)getpid());
  char *argv[] = {(char *)helper, "serve", "--host-pid", host_pid, NULL};
  pid_t pid = fork();
  if (pid == 0) {
    /* Only async-signal-safe calls until exec (the host program may have threads). */
    int null = open("/dev/null", O_RDWR);
    dup2(sv[1], 0);
    if (null >= 0) { dup2(null, 1); dup2(null, 2); }
    closefrom(3);
    execv(helper, argv);
    _exit(127);
  }
  close(sv[1]);
  if (pid < 0) { close(sv[0]); return -1; }
  server_sock = sv[0];
  server_pid = pid;
  server_owner = getpid();
  server_gen++;
  snprintf(server_helper, sizeof server_helper, "%s", helper);
  vgpu_log(VGPU_LOG_INFO, "compiler: server %ld started (%s)", (long)pid, helper);
  return 0;
}

/* Writes the request file: args, an empty string, the environment. */
static int write_request(const char *dir, char *const *args) {
  char path[4200];
  snprintf(path, sizeof path, "%s/request", dir);
  FILE *f = fopen(path, "we");
  if (!f) return -1;
  for (char *const *a = args; *a; a++) fwrite(*a, 1, strlen(*a) + 1, f);
  fputc(0, f);
  for (char **e = environ; e && *e; e++) fwrite(*e, 1, strlen(*e) + 1, f);
  return fclose(f);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* One attempt: -1 the request could not be sent, -3 the server ended without answering, -4 it
 * did not answer in time; else the server's answer. */
static int attempt(const char *helper, const char *dir, double timeout_s, unsigned *gen) {
  struct { struct vgpu_serve_request r; char dir[4096]; } msg;
  size_t dlen = strlen(dir);
  if (dlen >= sizeof msg.dir) return -1;
  msg.r = (struct vgpu_serve_request){VGPU_SERVE_MAGIC, 0, timeout_s};
  memcpy(msg.dir, dir, dlen);
  int rs[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, rs)) return -1;
  char control[CMSG_SPACE(sizeof(int))];
  memset(control, 0, sizeof control);
  struct iovec iov = {&msg, sizeof msg.r + dlen};
  struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
  struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &rs[1], sizeof(int));
  pthread_mutex_lock(&lock);
  if (server_sock >= 0 && (server_owner != getpid() || strcmp(server_helper, helper))) {
    if (server_owner != getpid()) { close(server_sock); server_sock = -1; } /* the parent's */
    else retire(server_gen);
  }
  int sent = (server_sock >= 0 || start(helper) == 0) && sendmsg(server_sock, &mh, MSG_NOSIGNAL) >= 0;
  *gen = server_gen;
  if (!sent) retire(server_gen); /* a server that cannot take requests is gone */
  pthread_mutex_unlock(&lock);
  close(rs[1]);
  if (!sent) { close(rs[0]); return -1; }
  int32_t st = 0;
  int got = -4;
  double deadline = now_s() + timeout_s + REPLY_GRACE_S;
  for (;;) {
    double left = deadline - now_s();
    if (left <= 0) break;
    struct pollfd p = {rs[0], POLLIN, 0};
    int r = poll(&p, 1, left > 1.0 ? 1000 : (int)(left * 1000) + 1);
    if (r < 0 && errno != EINTR) { got = -3; break; }
    if (r <= 0) continue;
    ssize_t n = recv(rs[0], &st, sizeof st, 0);
    if (n < 0 && errno == EINTR) continue;
    got = n == (ssize_t)sizeof st ? 0 : -3; /* EOF: the server ended mid-build */
    break;
  }
  close(rs[0]);
  return got == 0 ? st : got;
}

int vgpu_compile_server_run(const char *helper, const char *dir, char *const *args, double timeout_s) {
  if (write_request(dir, args)) return -1;
  /* A server that died (killed, or its host link fired in a forked copy) is started again; a
   * build whose server died under it runs once more on the new one. */
  for (int tries = 0; tries < 2; tries++) {
    unsigned gen;
    int st = attempt(helper, dir, timeout_s, &gen);
    if (st >= 0 || st == VGPU_SERVE_TIMED_OUT) return st;
    pthread_mutex_lock(&lock);
    retire(gen);
    pthread_mutex_unlock(&lock);
    vgpu_log(VGPU_LOG_INFO, "compiler: the server %s; %s", st == -4 ? "did not answer" : "ended or refused the build",
             tries ? "starting the helper for this build" : "starting another");
  }
  return -1;
}
