// What a program does before it exits must not lose Raceway's report.
//
// "sandbox": it enters a sandbox that refuses to open files and closes its
// stdout and stderr, as xz does (Landlock, then tuklib_exit; gnulib's
// close_stdout closes stderr too).  The report and exit line still reach
// the stderr (or, RACEWAY_LOG=stdout, the stdout) the program started with,
// from the runtime's copy of it, and the JSON report its file, created at
// start.  Before: nothing at all, silently.  The sandbox is a seccomp
// filter (open and openat fail with EACCES): unlike Landlock, every kernel
// this runs on has it.
//
// "closefrom": it closes every descriptor above 2, as daemons do, and opens
// a file of its own on descriptors 3-31, the numbers of Raceway's log file,
// JSON report and event file: they are opened again by name (the events
// appended), nothing goes into the program's file.
//
// "rename": raceway_init with another RACEWAY_REPORT: the file created at
// start for the first name, still empty, is removed.
//
// Sanitizer runtimes need open() at exit themselves (LeakSanitizer reads
// /proc/self/maps).
// UNSUPPORTED: sanitize
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -rf %t.d && mkdir -p %t.d
// RUN: env RACEWAY_SEND=none RACEWAY_DEBUG=1 RACEWAY_REPORT=%t.d/r.json %t sandbox 2> %t.d/err
// RUN: FileCheck %s < %t.d/err
// RUN: FileCheck --check-prefix=JSON %s < %t.d/r.json
// CHECK: sandboxed, stdout and stderr closed
// CHECK: WARNING: Raceway: data race on hits
// CHECK: Raceway: 2 data races (2 occurrences) on 1 variable
// CHECK: raceway: {{[0-9]+}} events: {{[0-9]+}} delivered
// JSON: "race_count":{{[[:space:]]*}}2,
//
// RUN: env RACEWAY_SEND=none RACEWAY_LOG=stdout %t sandbox > %t.d/out 2> /dev/null
// RUN: FileCheck --check-prefix=OUT %s < %t.d/out
// OUT: WARNING: Raceway: data race on hits
// OUT: Raceway: 2 data races
//
// The report's file cannot be created at start: one line then, one at exit.
// RUN: env RACEWAY_SEND=none RACEWAY_REPORT=%t.d/no/such/dir/r.json %t sandbox 2> %t.d/err2
// RUN: FileCheck --check-prefix=NODIR %s < %t.d/err2
// NODIR: Raceway: cannot create the race report {{.*}}no/such/dir/r.json: No such file or directory; trying again at exit
// NODIR: WARNING: Raceway: data race on hits
// NODIR: Raceway: cannot write the race report to {{.*}}no/such/dir/r.json: Permission denied
//
// RUN: env RACEWAY_SEND=all RACEWAY_OUTPUT=%t.d/ev.jsonl RACEWAY_REPORT_LIVE=1 \
// RUN:   RACEWAY_LOG=%t.d/log RACEWAY_REPORT=%t.d/c.json %t closefrom %t.d/mine 2> %t.d/err3
// RUN: FileCheck --check-prefix=MINE %s < %t.d/mine
// RUN: cat %t.d/log.* | FileCheck --check-prefix=LOG %s
// RUN: FileCheck --check-prefix=JSON %s < %t.d/c.json
// RUN: FileCheck --check-prefix=LOST %s < %t.d/err3
// RUN: grep -c '"StateChange":{"variable":"hits"' %t.d/ev.jsonl | FileCheck --check-prefix=SIX %s
// MINE: the program's own line
// MINE-NOT: {{Raceway|raceway|variable}}
// LOG: WARNING: Raceway: data race on hits
// LOG: Raceway: 2 data races (2 occurrences) on 1 variable, all printed above as found
// LOST: raceway: RACEWAY_OUTPUT's descriptor was closed by the program; opening '{{.*}}ev.jsonl' again
// SIX: {{^6$}}
//
// RUN: env RACEWAY_SEND=none RACEWAY_REPORT=%t.d/first.json %t rename %t.d/second.json 2> /dev/null
// RUN: not test -e %t.d/first.json
// RUN: FileCheck --check-prefix=JSON %s < %t.d/second.json
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, hits);
static atomic_int first_done;

// The second thread waits for the first's write on a relaxed flag, which
// orders nothing: the race is found every run.
static void *worker(void *arg) {
  if (arg)
    while (!atomic_load_explicit(&first_done, memory_order_relaxed))
      sched_yield();
  hits++;
  atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  return NULL;
}

static void race(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, &a);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
}

#ifndef __NR_open
#define __NR_open __NR_openat
#endif

static int deny_open(void) {
  struct sock_filter f[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_openat, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_open, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
  };
  struct sock_fprog prog = {sizeof f / sizeof f[0], f};
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (strcmp(mode, "rename") == 0 && argc > 2) {
    raceway_config cfg;
    raceway_config_init(&cfg);
    cfg.report_path = argv[2];
    if (raceway_init(&cfg) != 0)
      return 1;
  }
  race();
  if (strcmp(mode, "sandbox") == 0) {
    if (deny_open() != 0 || open("/dev/null", O_RDONLY) != -1 || errno != EACCES) {
      perror("sandbox");
      return 1;
    }
    fprintf(stderr, "sandboxed, stdout and stderr closed\n");
    fclose(stdout);
    fclose(stderr);
  } else if (strcmp(mode, "closefrom") == 0 && argc > 2) {
    // Everything sent first: the background thread has nothing to write
    // while the program takes the numbers (a write between its check of
    // the descriptor and the write itself would still land in the file).
    if (raceway_flush(10000) != 0)
      return 1;
    for (int fd = 3; fd < 1024; fd++)
      close(fd);
    int mine = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    for (int fd = 3; mine >= 0 && fd < 32; fd++)
      if (fd != mine)
        dup2(mine, fd);
    // Left open: Raceway's exit runs while the program still holds them.
    if (mine < 0 || write(mine, "the program's own line\n", 23) != 23)
      return 1;
    hits++;     // two more events, sent after the program took the numbers
  }
  return 0;
}
