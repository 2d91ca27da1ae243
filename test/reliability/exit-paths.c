// Ways a program ends that skip the usual "main returns after joining":
//   detached   a thread that has exited (its task is gone from
//              /proc/self/task: all of its exit work done) and is never
//              joined;
//   running    a thread still writing tracked state when main returns
//              (main returns once it has written, never after a sleep);
//   thread-exit  exit() called by a non-main thread while main waits;
// each must finish (not timed: rw_run.py's --timeout only catches a
// hang) with the exit line adding up, no crash, no sanitizer report.  _exit() and abort() skip atexit handlers by
// definition: the runtime's documented behaviour is that events still
// buffered are lost silently (no exit line, no report), and it must not
// hang or crash on the way.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rwcc -g -O1 %s %rwlibs -o %t/exit-paths
// RUN: (%collector --port-file %t/port --pid-file %t/pid --max-seconds 60 > /dev/null 2>&1 &)
// RUN: %collector --wait-for %t/port > /dev/null
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py -- %t/exit-paths detached | FileCheck %s
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py -- %t/exit-paths running | FileCheck %s
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py -- %t/exit-paths thread-exit | FileCheck %s
// CHECK:      EXIT 0
// CHECK-NEXT: ACCOUNT ok produced=
//
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py -- %t/exit-paths _exit | FileCheck %s --check-prefix=QUICK
// QUICK:      EXIT 7
// QUICK-NEXT: ACCOUNT missing
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py -- %t/exit-paths abort | FileCheck %s --check-prefix=ABORT
// ABORT:      EXIT SIGABRT
// ABORT-NEXT: ACCOUNT missing
// RUN: kill $(cat %t/pid)

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

long shared_slot[4] __attribute__((annotate("raceway")));
static atomic_int stop;
static atomic_long short_lived_tid;
static sem_t writing;

static void work_done(void) {
  printf("work done\n");
  fflush(stdout);
}

static void *short_lived(void *arg) {
  atomic_store(&short_lived_tid, (long)syscall(SYS_gettid));
  for (int i = 0; i < 1000; i++)
    shared_slot[0] = i;
  return arg;
}

/* Wait until the detached thread has exited: its tid is known, then its
 * /proc/self/task entry is gone (the kernel removes it once the thread,
 * destructors included, is finished).  Polled, bounded: 0, or -1 if it
 * never went away (the test then fails on the exit status). */
static int wait_short_lived_gone(void) {
  struct timespec tick = {0, 1000000};
  for (int i = 0; i < 60000; i++) {
    long tid = atomic_load(&short_lived_tid);
    if (tid) {
      char path[64];
      struct stat st;
      snprintf(path, sizeof path, "/proc/self/task/%ld", tid);
      if (stat(path, &st) != 0)
        return 0;
    }
    nanosleep(&tick, 0);
  }
  return -1;
}

static void *forever(void *arg) {
  for (long i = 0; !atomic_load(&stop); i++) {
    shared_slot[1] = i;   /* still writing while the process exits */
    if (i == 1000)
      sem_post(&writing);
  }
  return arg;
}

static void *exits_process(void *arg) {
  for (int i = 0; i < 1000; i++)
    shared_slot[2] = i;
  work_done();
  exit(0);   /* runs the atexit handlers on this thread; main is blocked */
  return arg;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  pthread_t t;
  for (int i = 0; i < 1000; i++)
    shared_slot[3] = i;
  if (strcmp(mode, "detached") == 0) {
    pthread_create(&t, 0, short_lived, 0);
    pthread_detach(t);
    if (wait_short_lived_gone() != 0) {
      printf("the detached thread did not exit\n");
      return 4;
    }
  } else if (strcmp(mode, "running") == 0) {
    sem_init(&writing, 0, 0);
    pthread_create(&t, 0, forever, 0);
    while (sem_wait(&writing) != 0)   /* it has written 1000 times */
      ;
  } else if (strcmp(mode, "thread-exit") == 0) {
    pthread_create(&t, 0, exits_process, 0);
    pthread_join(t, 0);   /* never returns: the thread calls exit() */
    return 3;
  } else if (strcmp(mode, "_exit") == 0) {
    work_done();
    _exit(7);
  } else if (strcmp(mode, "abort") == 0) {
    work_done();
    abort();
  }
  work_done();
  return 0;
}
