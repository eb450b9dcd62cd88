/* host_link.c - see host_link.h.  Everything the signal handler calls is async-signal-safe: the
 * folder is removed with openat/getdents64/unlinkat on a path copied at start, then _exit. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "sim/host_link.h"

static volatile pid_t host;          /* 0: no tie */
static char private_path[4096];      /* "" : nothing to remove */

/* Removes name (in directory parent) and, when it is a directory, everything below it; symbolic
 * links are removed, never followed.  Depth-limited: the build folder is shallow. */
static void remove_tree(int parent, const char *name, int depth) {
  if (unlinkat(parent, name, 0) == 0 || (errno != EISDIR && errno != EPERM) || depth > 16) return;
  int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    char buf[2048];
    /* Removing entries while reading them may skip some: read again (a few times at most). */
    for (int pass = 0, removed = 1; removed && pass < 8; pass++) {
      removed = 0;
      lseek(fd, 0, SEEK_SET);
      ssize_t n;
      while ((n = getdents64(fd, buf, sizeof buf)) > 0)
        for (ssize_t off = 0; off < n;) {
          struct dirent64 *d = (struct dirent64 *)(void *)(buf + off);
          off += d->d_reclen;
          if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) continue;
          remove_tree(fd, d->d_name, depth + 1);
          removed = 1;
        }
      if (removed && unlinkat(parent, name, AT_REMOVEDIR) == 0) break;
    }
    close(fd);
  }
  unlinkat(parent, name, AT_REMOVEDIR);
}

int vgpu_host_gone(void) { return host > 0 && getppid() != host; }

void vgpu_host_check(void) {
  if (!vgpu_host_gone()) return;
  if (private_path[0]) remove_tree(AT_FDCWD, private_path, 0);
  _exit(1);
}

static void on_parent_death(int sig) {
  (void)sig;
  int saved = errno;
  vgpu_host_check();
  errno = saved;
}

void vgpu_host_link(long host_pid, const char *private_dir) {
  if (host_pid <= 0) return;
  if (private_dir && snprintf(private_path, sizeof private_path, "%s", private_dir) >= (int)sizeof private_path)
    private_path[0] = 0;
  host = (pid_t)host_pid;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_parent_death;
  sa.sa_flags = SA_RESTART;
  sigfillset(&sa.sa_mask);
  /* A real-time signal: nothing else (LLVM's handlers included) uses it. */
  sigaction(SIGRTMIN, &sa, NULL);
  prctl(PR_SET_PDEATHSIG, SIGRTMIN);
  vgpu_host_check(); /* the host may have died before the tie was made */
}
