// Ways a program ends that skip the usual "main returns after joining":
//   detached   a thread that exits and is never joined;
//   running    a thread still writing tracked state when main returns;
//   thread-exit  exit() called by a non-main thread while main waits;
// each must finish promptly with the exit line adding up, no crash, no
// sanitizer report.  _exit() and abort() skip atexit handlers by
// definition: the runtime's documented behaviour is that events still
// buffered are lost silently (no exit line, no report), and it must not
// hang or crash on the way.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %rwcc -g -O1 %s %rwlibs -o %t/exit-paths
// RUN: (%collector --port-file %t/port --pid-file %t/pid --max-seconds 60 > /dev/null 2>&1 &)
// RUN: %collector --wait-for %t/port > /dev/null
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py --after-work 6 -- %t/exit-paths detached | FileCheck %s
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py --after-work 6 -- %t/exit-paths running | FileCheck %s
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py --after-work 6 -- %t/exit-paths thread-exit | FileCheck %s
// CHECK:      EXIT 0
// CHECK-NEXT: AFTER-WORK ok
// CHECK-NEXT: ACCOUNT ok produced=
//
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py --after-work 6 -- %t/exit-paths _exit | FileCheck %s --check-prefix=QUICK
// QUICK:      EXIT 7
// QUICK-NEXT: AFTER-WORK ok
// QUICK-NEXT: ACCOUNT missing
// RUN: env RACEWAY_ENDPOINT=http://127.0.0.1:$(cat %t/port) RACEWAY_DEBUG=1 \
// RUN:   %python %S/Inputs/rw_run.py --after-work 6 -- %t/exit-paths abort | FileCheck %s --check-prefix=ABORT
// ABORT:      EXIT SIGABRT
// ABORT-NEXT: AFTER-WORK ok
// ABORT-NEXT: ACCOUNT missing
// RUN: kill $(cat %t/pid)

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

long shared_slot[4] __attribute__((annotate("raceway")));
static atomic_int stop;

static void work_done(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  printf("work done %lld\n", (long long)now.tv_sec * 1000000000LL + now.tv_nsec);
  fflush(stdout);
}

static void *short_lived(void *arg) {
  for (int i = 0; i < 1000; i++)
    shared_slot[0] = i;
  return arg;
}

static void *forever(void *arg) {
  for (long i = 0; !atomic_load(&stop); i++)
    shared_slot[1] = i;   /* still writing while the process exits */
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
    usleep(200000);   /* it has exited by now, never joined */
  } else if (strcmp(mode, "running") == 0) {
    pthread_create(&t, 0, forever, 0);
    usleep(200000);
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
