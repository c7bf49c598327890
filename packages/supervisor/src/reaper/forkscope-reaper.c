/*
 * forkscope-reaper: the subreaper of one run.
 *
 *   forkscope-reaper REPORT_FD PROGRAM [ARG...]
 *
 * Marks itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), starts PROGRAM as its only child (the
 * run's root), then waits for every child it has: the root, and each orphan of the run that the kernel
 * re-parents to it. For each one it writes one line on REPORT_FD, with the raw wait status, so the real
 * exit code of an orphan is known (PID 1 would reap it silently, and lazily):
 *
 *   root <pid> <tm>             the root was forked (tm: CLOCK_MONOTONIC µs, taken just before fork)
 *   exit <pid> <status> <tm>    a child was reaped (status as waitpid() gives it)
 *
 * It exits when no child is left, with the root's status (the same code, or killed by the same signal).
 * SIGTERM, SIGINT, SIGHUP and SIGQUIT are ignored here (restored for the program), so that a cancel,
 * which signals every process of the run, cannot end the reaper before the processes it reaps. SIGKILL
 * (the cancel's last step) ends it with the rest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const int ignored[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE};
static int report_fd = -1;

static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* One line per write(): far below PIPE_BUF, so it never interleaves with another writer. */
static void report(const char *line, int length) {
  if (report_fd < 0) return;
  while (write(report_fd, line, (size_t)length) < 0) {
    if (errno != EINTR) {
      report_fd = -1; /* the supervisor is gone: keep reaping, stop reporting */
      return;
    }
  }
}

static void set_dispositions(void (*handler)(int)) {
  for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) signal(ignored[i], handler);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "forkscope-reaper: usage: forkscope-reaper REPORT_FD PROGRAM [ARG...]\n");
    return 125;
  }
  char *end = NULL;
  long fd = strtol(argv[1], &end, 10);
  if (*argv[1] == '\0' || *end != '\0' || fd < 0 || fcntl((int)fd, F_GETFD) < 0) {
    fprintf(stderr, "forkscope-reaper: REPORT_FD must be an open file descriptor, got %s\n", argv[1]);
    return 125;
  }
  report_fd = (int)fd;
  /* The program and its processes never see the report channel. */
  fcntl(report_fd, F_SETFD, FD_CLOEXEC);
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
    fprintf(stderr, "forkscope-reaper: prctl(PR_SET_CHILD_SUBREAPER) failed: %s\n", strerror(errno));
    return 125;
  }
  set_dispositions(SIG_IGN);

  long long forked_at = now_us();
  pid_t root = fork();
  if (root < 0) {
    fprintf(stderr, "forkscope-reaper: fork failed: %s\n", strerror(errno));
    return 125;
  }
  if (root == 0) {
    set_dispositions(SIG_DFL);
    execvp(argv[2], argv + 2);
    fprintf(stderr, "forkscope-reaper: cannot run %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }

  char line[96];
  report(line, snprintf(line, sizeof line, "root %d %lld\n", (int)root, forked_at));
  int root_status = -1;
  for (;;) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      break; /* ECHILD: nothing of the run is left */
    }
    report(line, snprintf(line, sizeof line, "exit %d %d %lld\n", (int)pid, status, now_us()));
    if (pid == root) root_status = status;
  }

  if (root_status != -1 && WIFSIGNALED(root_status)) {
    int sig = WTERMSIG(root_status);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    return 128 + sig;
  }
  return root_status != -1 && WIFEXITED(root_status) ? WEXITSTATUS(root_status) : 125;
}
