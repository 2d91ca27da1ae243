/*
 * measure.c - run one command and print what it cost, from wait4().
 *
 *   measure [-t SECONDS] [-m MIB] [-o FILE] -- CMD [ARGS...]
 *
 *   -t  hard timeout: the command's process group gets SIGKILL after
 *       SECONDS of wall time (default: none)
 *   -m  address-space limit (RLIMIT_AS) of the command, in MiB (default:
 *       none; ThreadSanitizer reserves terabytes of shadow, do not use -m
 *       with it)
 *   -o  the command's stdout goes to FILE (default: /dev/null); its
 *       stderr goes to FILE.err
 *
 * Prints one line on stdout:
 *
 *   wall=S user=S sys=S cpu=S maxrss_kb=K minflt=N status=exit:N|signal:N|timeout
 *
 * wall from CLOCK_MONOTONIC around fork..wait4; user, sys, maxrss and
 * minflt (minor page faults) from the rusage of the command (its threads
 * and any children it waited for).
 * measure itself exits 0 whatever the command did: a benchmark reports a
 * failure, it does not stop on it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv) { return tv.tv_sec + tv.tv_usec / 1e6; }

int main(int argc, char **argv) {
  double timeout = 0;
  long mem_mib = 0;
  const char *out = "/dev/null";
  int i = 1;
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    } else if (!strcmp(argv[i], "-t") && i + 1 < argc) {
      timeout = atof(argv[++i]);
    } else if (!strcmp(argv[i], "-m") && i + 1 < argc) {
      mem_mib = atol(argv[++i]);
    } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
      out = argv[++i];
    } else {
      break;
    }
  }
  if (i >= argc) {
    fprintf(stderr, "usage: measure [-t SECONDS] [-m MIB] [-o FILE] -- CMD [ARGS...]\n");
    return 2;
  }
  char err[4096];
  snprintf(err, sizeof err, "%s.err", out);
  if (!strcmp(out, "/dev/null"))
    snprintf(err, sizeof err, "/dev/null");

  double t0 = now_s();
  pid_t pid = fork();
  if (pid < 0) {
    perror("measure: fork");
    return 1;
  }
  if (pid == 0) {
    setpgid(0, 0);
    int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
      _exit(126);
    close(fo);
    close(fe);
    if (mem_mib > 0) {
      struct rlimit rl = {(rlim_t)mem_mib << 20, (rlim_t)mem_mib << 20};
      setrlimit(RLIMIT_AS, &rl);
    }
    execvp(argv[i], argv + i);
    _exit(127);
  }
  setpgid(pid, pid);
  int status = 0, timed_out = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  for (;;) {
    pid_t r = wait4(pid, &status, timeout > 0 ? WNOHANG : 0, &ru);
    if (r == pid)
      break;
    if (r < 0 && errno != EINTR) {
      perror("measure: wait4");
      return 1;
    }
    if (timeout > 0 && now_s() - t0 > timeout && !timed_out) {
      timed_out = 1;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
    }
    if (timeout > 0) {
      struct timespec pause = {0, 10000000};
      nanosleep(&pause, 0);
    }
  }
  double wall = now_s() - t0;
  double user = tv_s(ru.ru_utime), sys = tv_s(ru.ru_stime);
  char st[64];
  if (timed_out)
    snprintf(st, sizeof st, "timeout");
  else if (WIFSIGNALED(status))
    snprintf(st, sizeof st, "signal:%d", WTERMSIG(status));
  else
    snprintf(st, sizeof st, "exit:%d", WEXITSTATUS(status));
  printf("wall=%.4f user=%.4f sys=%.4f cpu=%.4f maxrss_kb=%ld minflt=%ld status=%s\n", wall,
         user, sys, user + sys, ru.ru_maxrss, ru.ru_minflt, st);
  return 0;
}
