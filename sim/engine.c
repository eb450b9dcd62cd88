/* engine.c - a device's SM processes, seen from the host runtime (the API of launch.h).
 *
 * Each SM is a `vgpu sm` process started with posix_spawn: it inherits the arena memfd and one end
 * of a socketpair, nothing else of the host but stderr (docs/design.md, "The processes"), and ends
 * when the host does (sim/host_link.h).  A launch is one message to
 * every SM and one reply from each.  The host never trusts an SM to answer: EOF on its socket
 * means it crashed, silence past the watchdog means it hung (it is killed); either way the SM is
 * started again, the launch fails with VGPU_LAUNCH_SM_CRASH / VGPU_LAUNCH_TIMEOUT and the fault
 * record says what happened, and the next launch runs on a fresh SM. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "sim/arena.h"
#include "sim/launch.h"
#include "sim/sm_protocol.h"

extern char **environ;

struct sm_proc {
  pid_t pid;  /* 0: not running */
  int sock;   /* host end of the socketpair */
};

struct vgpu_engine {
  struct vgpu_arena *arena;
  struct vgpu_engine_config cfg;
  char *helper;     /* what runs an SM: vgpu-sm beside the helper if present, else the helper */
  pthread_mutex_t lock;
  int nsms;
  struct sm_proc sm[VGPU_MAX_SMS];
};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sm_stop(struct sm_proc *p, int kill_it) {
  if (p->sock >= 0) close(p->sock);
  p->sock = -1;
  if (p->pid > 0) {
    if (kill_it) kill(p->pid, SIGKILL);
    while (waitpid(p->pid, NULL, 0) < 0 && errno == EINTR) {}
  }
  p->pid = 0;
}

/* The SM's descriptors: the arena at 3, its socket at 4, nothing else of the host but stderr (a
 * host pipe it held would never see EOF).  The two are first copied above 9 so that placing one
 * at 3 or 4 cannot overwrite the other. */
enum { SM_FD_ARENA = 3, SM_FD_SOCK = 4 };

static int sm_start(struct vgpu_engine *e, int i) {
  struct sm_proc *p = &e->sm[i];
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) return -1;
  int arena_hi = fcntl(e->arena->fd, F_DUPFD_CLOEXEC, 10), sock_hi = fcntl(sv[1], F_DUPFD_CLOEXEC, 10);
  close(sv[1]);
  char a_fd[24], a_size[24], a_sock[24], a_index[24], a_warp[24], a_local[24], a_host[24];
  snprintf(a_fd, sizeof a_fd, "%d", SM_FD_ARENA);
  snprintf(a_size, sizeof a_size, "%llu", (unsigned long long)e->arena->size);
  snprintf(a_sock, sizeof a_sock, "%d", SM_FD_SOCK);
  snprintf(a_index, sizeof a_index, "%d", i);
  snprintf(a_warp, sizeof a_warp, "%d", e->cfg.warp_size);
  snprintf(a_local, sizeof a_local, "%llu", (unsigned long long)e->cfg.local_mem_size);
  snprintf(a_host, sizeof a_host, "%ld", (long)getpid());
  char *argv[] = {e->helper, "sm", "--arena-fd", a_fd, "--arena-size", a_size, "--sock", a_sock,
                  "--index", a_index, "--warp", a_warp, "--local-mem", a_local, "--host-pid", a_host, NULL};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  /* dup2 clears close-on-exec on the copy; then every other descriptor is closed. */
  posix_spawn_file_actions_adddup2(&fa, arena_hi, SM_FD_ARENA);
  posix_spawn_file_actions_adddup2(&fa, sock_hi, SM_FD_SOCK);
  posix_spawn_file_actions_addclosefrom_np(&fa, SM_FD_SOCK + 1);
  pid_t pid;
  int rc = arena_hi < 0 || sock_hi < 0 ? -1 : posix_spawn(&pid, e->helper, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (arena_hi >= 0) close(arena_hi);
  if (sock_hi >= 0) close(sock_hi);
  if (rc) {
    close(sv[0]);
    return -1;
  }
  p->pid = pid;
  p->sock = sv[0];
  return 0;
}

/* vgpu-sm in the helper's folder when it is there (no LLVM to load), else the helper itself. */
static char *worker_path(const char *helper) {
  const char *slash = strrchr(helper, '/');
  size_t dir = slash ? (size_t)(slash - helper + 1) : 0;
  char *p = malloc(dir + sizeof "vgpu-sm");
  if (!p) return NULL;
  memcpy(p, helper, dir);
  memcpy(p + dir, "vgpu-sm", sizeof "vgpu-sm");
  if (access(p, X_OK) == 0) return p;
  free(p);
  return strdup(helper);
}

int vgpu_engine_create(struct vgpu_engine **out, struct vgpu_arena *arena, const struct vgpu_engine_config *cfg) {
  if (!out || !arena || !cfg || !cfg->helper_path || cfg->nsms < 1 || cfg->nsms > VGPU_MAX_SMS ||
      cfg->warp_size < 1 || cfg->warp_size > 64 || arena->fd < 0 || !arena->base)
    return -1;
  struct vgpu_engine *e = calloc(1, sizeof *e);
  if (!e) return -1;
  e->arena = arena;
  e->cfg = *cfg;
  e->helper = worker_path(cfg->helper_path);
  e->nsms = cfg->nsms;
  pthread_mutex_init(&e->lock, NULL);
  for (int i = 0; i < VGPU_MAX_SMS; i++) e->sm[i] = (struct sm_proc){0, -1};
  for (int i = 0; i < e->nsms; i++)
    if (!e->helper || sm_start(e, i)) {
      vgpu_engine_destroy(e);
      return -1;
    }
  e->cfg.helper_path = e->helper;
  *out = e;
  return 0;
}

void vgpu_engine_destroy(struct vgpu_engine *e) {
  if (!e) return;
  /* Closing the socket is the SM's signal to exit; one still busy is killed. */
  for (int i = 0; i < e->nsms; i++) {
    if (e->sm[i].sock >= 0) close(e->sm[i].sock);
    e->sm[i].sock = -1;
  }
  uint64_t until = now_ns() + 200000000ull;
  for (int i = 0; i < e->nsms; i++) {
    struct sm_proc *p = &e->sm[i];
    while (p->pid > 0 && waitpid(p->pid, NULL, WNOHANG) == 0 && now_ns() < until) usleep(1000);
    if (p->pid > 0 && waitpid(p->pid, NULL, WNOHANG) == 0) sm_stop(p, 1);
    p->pid = 0;
  }
  pthread_mutex_destroy(&e->lock);
  free(e->helper);
  free(e);
}

/* Writes the host's verdict into the fault record unless an SM already claimed it. */
static void host_fault(struct vgpu_launch *L, int status, const char *msg) {
  if (atomic_exchange(&L->fault.claimed, 1)) return;
  L->fault.status = (uint32_t)status;
  snprintf(L->fault.message, sizeof L->fault.message, "%s", msg);
}

static void describe_exit(char *buf, size_t n, int i, pid_t pid, int wstatus) {
  if (WIFSIGNALED(wstatus))
    snprintf(buf, n, "SM %d (process %d) crashed: killed by signal %d (%s); it was restarted", i, (int)pid,
             WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
  else
    snprintf(buf, n, "SM %d (process %d) exited with status %d during the launch; it was restarted", i,
             (int)pid, WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
}

int vgpu_engine_launch(struct vgpu_engine *e, uint64_t launch_off) {
  if (!e || launch_off < VGPU_ARENA_RESERVED || launch_off > e->arena->size ||
      sizeof(struct vgpu_launch) > e->arena->size - launch_off)
    return VGPU_LAUNCH_FAULT;
  pthread_mutex_lock(&e->lock);
  struct vgpu_launch *L = (struct vgpu_launch *)(void *)(e->arena->base + launch_off);
  L->nsms = (uint32_t)e->nsms;
  if (!L->watchdog_ns) L->watchdog_ns = (uint64_t)(e->cfg.watchdog_s > 0 ? e->cfg.watchdog_s * 1e9 : 30e9);
  /* The SMs enforce the watchdog themselves, per work-group, and report it with the work-item;
   * the host waits a little longer than the watchdog after the last sign of progress (a group
   * handed out) and then kills what did not answer. */
  uint64_t grace = L->watchdog_ns / 4 > 1000000000ull ? L->watchdog_ns / 4 : 1000000000ull;
  uint64_t deadline = now_ns() + L->watchdog_ns + grace, last_progress = 0;
  int pending[VGPU_MAX_SMS] = {0}, crashed = 0, hung = 0;
  char why[VGPU_FAULT_MSG] = "";
  struct vgpu_sm_request rq = {VGPU_SM_RUN, 0, launch_off};
  /* A launch with fewer work-groups than SMs wakes only as many SMs as it has groups (the others
   * would find the block scheduler empty): fewer context switches for small launches. */
  int active = L->total_groups < (uint64_t)e->nsms ? (int)L->total_groups : e->nsms;
  if (active < 1) active = 1;
  L->nactive = (uint32_t)active; /* a serial launch (debugger) hands group g to SM g % nactive */
  atomic_init(&L->turn, 0);
  atomic_init(&L->paused_ns, 0);
  atomic_init(&L->pausing, 0);
  for (int i = 0; i < active; i++) {
    struct sm_proc *p = &e->sm[i];
    if (p->pid <= 0 && sm_start(e, i)) continue; /* could not restart earlier: runs with fewer SMs */
    if (send(p->sock, &rq, sizeof rq, MSG_NOSIGNAL) == (ssize_t)sizeof rq) {
      pending[i] = 1;
      continue;
    }
    /* It died while idle: start a fresh one and give it the launch. */
    sm_stop(p, 1);
    if (!sm_start(e, i) && send(p->sock, &rq, sizeof rq, MSG_NOSIGNAL) == (ssize_t)sizeof rq) pending[i] = 1;
  }
  for (;;) {
    struct pollfd fds[VGPU_MAX_SMS];
    int idx[VGPU_MAX_SMS], n = 0;
    for (int i = 0; i < e->nsms; i++)
      if (pending[i]) {
        fds[n] = (struct pollfd){e->sm[i].sock, POLLIN, 0};
        idx[n++] = i;
      }
    if (!n) break;
    uint64_t t = now_ns();
    /* time a debugger held the device paused does not count (sim/observers/debugger.c) */
    if (atomic_load(&L->pausing)) deadline = t + L->watchdog_ns + grace;
    uint64_t dl = deadline + atomic_load(&L->paused_ns);
    if (t >= dl) { /* silent that long: unless groups went on being scheduled since (progress) */
      uint64_t progress = atomic_load(&L->next_group) + atomic_load(&L->turn) + atomic_load(&L->schedule_turn);
      if (progress != last_progress) {
        last_progress = progress;
        deadline = t + L->watchdog_ns + grace;
        continue;
      }
      for (int j = 0; j < n; j++) {
        int i = idx[j];
        if (!why[0])
          snprintf(why, sizeof why, "SM %d (process %d) did not answer within the watchdog (%.3f s + %.3f s grace): "
                   "killed and restarted", i, (int)e->sm[i].pid, L->watchdog_ns / 1e9, grace / 1e9);
        sm_stop(&e->sm[i], 1);
        sm_start(e, i);
        pending[i] = 0;
        hung = 1;
      }
      break;
    }
    int ms = (int)((dl - t) / 1000000ull) + 1;
    int r = poll(fds, (nfds_t)n, ms);
    if (r < 0 && errno != EINTR) break;
    for (int j = 0; r > 0 && j < n; j++) {
      if (!fds[j].revents) continue;
      int i = idx[j];
      struct sm_proc *p = &e->sm[i];
      struct vgpu_sm_reply rp;
      ssize_t got = recv(p->sock, &rp, sizeof rp, MSG_WAITALL);
      pending[i] = 0;
      if (got == (ssize_t)sizeof rp) continue;
      /* EOF or a broken reply: the process is gone (or going). */
      pid_t pid = p->pid;
      int ws = 0;
      close(p->sock);
      p->sock = -1;
      if (waitpid(pid, &ws, 0) < 0) ws = 0;
      p->pid = 0;
      if (!why[0]) describe_exit(why, sizeof why, i, pid, ws);
      crashed = 1;
      host_fault(L, VGPU_LAUNCH_SM_CRASH, why); /* now: the other SMs see it and stop early */
      sm_start(e, i);
    }
  }
  int status = VGPU_LAUNCH_OK;
  if (crashed) host_fault(L, VGPU_LAUNCH_SM_CRASH, why);
  else if (hung) host_fault(L, VGPU_LAUNCH_TIMEOUT, why);
  if (atomic_load(&L->fault.claimed)) status = (int)L->fault.status;
  if (status == VGPU_LAUNCH_OK && (crashed || hung)) status = crashed ? VGPU_LAUNCH_SM_CRASH : VGPU_LAUNCH_TIMEOUT;
  pthread_mutex_unlock(&e->lock);
  return status;
}
