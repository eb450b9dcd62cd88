/* cmd_debug.c - `vgpu debug [--break WHERE]... [--commands FILE] -- PROGRAM ARGS...`: runs an
 * unmodified OpenCL program under the kernel debugger (docs/debugging.md).
 *
 * This process owns the user's side: the prompt (or the commands of FILE, echoed, so a session is
 * a replayable transcript) and the list of breakpoints.  It listens on a Unix socket and starts
 * PROGRAM with VGPU_DEBUG naming it; the runtime then runs every launch serially with the debugger
 * observer in its SMs (sim/observers/debugger.c), which connect here at the start of a launch (to
 * fetch the breakpoints) and whenever a warp stops (to be asked questions until told to resume).
 * While one SM talks here the others wait their turn, so the whole device is paused. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tools/commands.h"

enum { BP_LINE = 1, BP_KERNEL, BP_WATCH };
struct bp { int kind, number; unsigned line; unsigned long long addr; char name[112]; };

static struct bp bps[64];
static int nbps, next_number = 1;
static FILE *script;   /* --commands FILE; NULL: the terminal */
static int script_done;

static void usage(void) {
  fprintf(stderr, "usage: vgpu debug [--break FILE:LINE|LINE|KERNEL]... [--commands FILE] -- PROGRAM ARGS...\n");
}

/* break WHERE: FILE:LINE, LINE or a kernel name. */
static int add_break(const char *where) {
  if (nbps == 64) { printf("too many breakpoints\n"); return -1; }
  struct bp b = {.number = next_number};
  const char *colon = strrchr(where, ':');
  char *end;
  unsigned long line = strtoul(colon ? colon + 1 : where, &end, 10);
  if (*end == 0 && end != (colon ? colon + 1 : where)) {
    b.kind = BP_LINE;
    b.line = (unsigned)line;
    if (colon) snprintf(b.name, sizeof b.name, "%.*s", (int)(colon - where), where);
    printf("breakpoint %d at %s%sline %u\n", b.number, b.name, b.name[0] ? ", " : "", b.line);
  } else if (*where && !strchr(where, ' ')) {
    b.kind = BP_KERNEL;
    snprintf(b.name, sizeof b.name, "%s", where);
    printf("breakpoint %d at kernel %s (its first warp's first instruction)\n", b.number, b.name);
  } else {
    printf("break: say FILE:LINE, LINE or a kernel name\n");
    return -1;
  }
  next_number++;
  bps[nbps++] = b;
  return 0;
}

static void add_watch(unsigned long long addr, const char *what) {
  if (nbps == 64) { printf("too many breakpoints\n"); return; }
  bps[nbps++] = (struct bp){.kind = BP_WATCH, .number = next_number, .addr = addr};
  printf("watchpoint %d at %s (address 0x%llx)\n", next_number++, what, addr);
}

static void delete_bp(const char *arg) {
  if (!*arg) { nbps = 0; printf("deleted every breakpoint\n"); return; }
  int n = atoi(arg);
  for (int i = 0; i < nbps; i++)
    if (bps[i].number == n) {
      memmove(&bps[i], &bps[i + 1], (size_t)(nbps - i - 1) * sizeof bps[0]);
      nbps--;
      printf("deleted breakpoint %d\n", n);
      return;
    }
  printf("no breakpoint %d\n", n);
}

static void info_breakpoints(void) {
  if (!nbps) printf("no breakpoints\n");
  for (int i = 0; i < nbps; i++) {
    const struct bp *b = &bps[i];
    if (b->kind == BP_LINE) printf("  %d  line %s%s%u\n", b->number, b->name, b->name[0] ? ":" : "", b->line);
    else if (b->kind == BP_KERNEL) printf("  %d  kernel %s\n", b->number, b->name);
    else printf("  %d  watch 0x%llx\n", b->number, b->addr);
  }
}

static int send_all(int fd, const char *s) {
  for (size_t off = 0, n = strlen(s); off < n;) {
    ssize_t w = send(fd, s + off, n - off, MSG_NOSIGNAL);
    if (w <= 0) return -1;
    off += (size_t)w;
  }
  return 0;
}

/* The breakpoint list, in the SM's "bp-..." lines. */
static int send_bps(int fd) {
  char line[256];
  if (send_all(fd, "bp-clear\n")) return -1;
  for (int i = 0; i < nbps; i++) {
    const struct bp *b = &bps[i];
    if (b->kind == BP_LINE) snprintf(line, sizeof line, "bp-line %d %u %s\n", b->number, b->line, b->name);
    else if (b->kind == BP_KERNEL) snprintf(line, sizeof line, "bp-kernel %d %s\n", b->number, b->name);
    else snprintf(line, sizeof line, "bp-watch %d %llx\n", b->number, b->addr);
    if (send_all(fd, line)) return -1;
  }
  return 0;
}

/* One NUL-terminated reply from the SM into buf (malloc'd, grown): 0, or -1 when it went away. */
static int read_reply(int fd, char **buf, size_t *cap) {
  size_t n = 0;
  for (;;) {
    if (n + 1 >= *cap) {
      size_t nc = *cap ? *cap * 2 : 65536;
      char *p = realloc(*buf, nc);
      if (!p) return -1;
      *buf = p;
      *cap = nc;
    }
    ssize_t r = recv(fd, *buf + n, 1, 0);
    if (r <= 0) return -1;
    if ((*buf)[n] == 0) return 0;
    n++;
  }
}

/* The next command: from FILE (echoed) or the terminal.  NULL: none left. */
static char *next_command(char *line, size_t len) {
  for (;;) {
    if (!script) { printf("(vgpu) "); fflush(stdout); }
    if (script_done || !fgets(line, (int)len, script ? script : stdin)) { script_done = 1; return NULL; }
    line[strcspn(line, "\r\n")] = 0;
    char *s = line + strspn(line, " \t");
    if (!*s || *s == '#') continue;
    if (script) printf("(vgpu) %s\n", s);
    fflush(stdout); /* before the program can run on: its output comes after, on every run */
    return s;
  }
}

/* The debugger's own commands (the breakpoint list): 1 if c was one. */
static int local_command(const char *c, int fd, char **reply, size_t *cap) {
  if (!strncmp(c, "break ", 6) || !strncmp(c, "b ", 2)) { add_break(strchr(c, ' ') + 1 + strspn(strchr(c, ' ') + 1, " ")); return 1; }
  if (!strcmp(c, "delete") || !strncmp(c, "delete ", 7)) { delete_bp(c[6] ? c + 7 : ""); return 1; }
  if (!strcmp(c, "info breakpoints") || !strcmp(c, "info break")) { info_breakpoints(); return 1; }
  if (!strncmp(c, "watch ", 6)) {
    const char *what = c + 6;
    char *end;
    unsigned long long a = strtoull(what, &end, 0);
    if (end != what && !*end) { add_watch(a, what); return 1; }
    if (fd < 0) { printf("watch %s: only a numeric address before the program stops\n", what); return 1; }
    char q[300];
    snprintf(q, sizeof q, "resolve %s\n", what);
    if (send_all(fd, q) || read_reply(fd, reply, cap)) return 1;
    if (!strncmp(*reply, "error", 5)) printf("%s", *reply);
    else add_watch(strtoull(*reply, NULL, 16), what);
    return 1;
  }
  if (!strcmp(c, "help")) {
    printf("break WHERE, delete [N], watch ADDR, info breakpoints; at a stop: continue, step, next, stepi, finish,\n"
           "warps, warp N, lane L, print [-all] EXPR, info registers, info stack, info operands, info groups,\n"
           "x/N ADDR, list, backtrace, where, quit (docs/debugging.md)\n");
    return 1;
  }
  return 0;
}

static int is_resume(const char *c) {
  static const char *const r[] = {"continue", "c", "step", "s", "next", "n", "stepi", "si", "finish", "quit", "q"};
  for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
    if (!strcmp(c, r[i])) return 1;
  return 0;
}

/* One connection from an SM: a launch asking for the breakpoints, or a stopped warp. */
static void serve(int fd) {
  static char *reply;
  static size_t cap;
  if (read_reply(fd, &reply, &cap)) return;
  if (!strncmp(reply, "launch ", 7)) {
    send_bps(fd);
    send_all(fd, "go\n");
    return;
  }
  printf("\n%s", reply);
  fflush(stdout);
  char line[1024];
  for (;;) {
    char *c = next_command(line, sizeof line);
    if (!c) { /* no more commands: run to the end */
      if (script) printf("(vgpu) continue   [end of %s]\n", "the commands");
      fflush(stdout);
      c = "continue";
    }
    if (local_command(c, fd, &reply, &cap)) continue;
    char out[1100];
    if (is_resume(c)) {
      snprintf(out, sizeof out, "%s\n", c);
      if (send_bps(fd) == 0) send_all(fd, out);
      if (!strcmp(c, "quit") || !strcmp(c, "q")) printf("the kernel is ended; the program goes on\n");
      fflush(stdout);
      return;
    }
    snprintf(out, sizeof out, "%s\n", c);
    if (send_all(fd, out) || read_reply(fd, &reply, &cap)) { printf("the SM went away\n"); return; }
    printf("%s", reply);
    fflush(stdout);
  }
}

int vgpu_cmd_debug(int argc, char **argv) {
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--"); i++) {
    if (!strcmp(argv[i], "--break") && i + 1 < argc) { if (add_break(argv[++i])) return 2; }
    else if (!strcmp(argv[i], "--commands") && i + 1 < argc) {
      script = fopen(argv[++i], "r");
      if (!script) { fprintf(stderr, "vgpu debug: cannot read %s: %s\n", argv[i], strerror(errno)); return 2; }
    } else { usage(); return 2; }
  }
  if (i + 1 >= argc) { usage(); return 2; }
  char **prog = argv + i + 1;
  /* the leading break / watch / delete lines of FILE set up breakpoints before the program runs */
  if (script) {
    char line[1024];
    long at;
    for (;;) {
      at = ftell(script);
      if (!fgets(line, sizeof line, script)) break;
      line[strcspn(line, "\r\n")] = 0;
      char *s = line + strspn(line, " \t");
      if (!*s || *s == '#') continue;
      if (strncmp(s, "break ", 6) && strncmp(s, "b ", 2) && strncmp(s, "watch ", 6) && strncmp(s, "delete", 6)) break;
      printf("(vgpu) %s\n", s);
      local_command(s, -1, NULL, NULL);
    }
    fseek(script, at, SEEK_SET);
  }
  char dir[] = "/tmp/vgpu-debug-XXXXXX";
  if (!mkdtemp(dir)) { perror("vgpu debug: mkdtemp"); return 1; }
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  snprintf(a.sun_path, sizeof a.sun_path, "%s/socket", dir);
  int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 64)) {
    perror("vgpu debug: socket");
    rmdir(dir);
    return 1;
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    setenv("VGPU_DEBUG", a.sun_path, 1);
    execvp(prog[0], prog);
    fprintf(stderr, "vgpu debug: cannot run %s: %s\n", prog[0], strerror(errno));
    _exit(127);
  }
  int status = 0;
  signal(SIGINT, SIG_IGN); /* ^C is for the program */
  for (;;) {
    struct pollfd p = {ls, POLLIN, 0};
    int r = poll(&p, 1, 100);
    if (r > 0) {
      int fd = accept(ls, NULL, NULL);
      if (fd >= 0) { serve(fd); close(fd); }
      continue;
    }
    pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) break;
  }
  close(ls);
  unlink(a.sun_path);
  rmdir(dir);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  printf("\n[program exited with status %d]\n", code);
  return code;
}
