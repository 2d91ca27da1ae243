// fork() while the background thread encodes: a child must find every
// block the runtime allocated reachable.  The flusher encodes inside a
// gate that a fork's prepare handler waits on (transport/gate.h); without
// it, a block the flusher held only on its stack at the fork (a lock
// fragment being built, a table not yet published) is unreachable in the
// child, and LeakSanitizer there fails the child's exit (sanitized build;
// elsewhere this checks that forks in the middle of encoding neither hang
// nor lose the parent's events).
//
// RUN: %rwcc -g -O1 %s %rwlibs -o %t
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_SEND=all RACEWAY_FLUSH_INTERVAL_MS=1 %t > %t.out
// RUN: FileCheck %s < %t.out
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
//
// CHECK: children 20 clean 20

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <raceway/raceway.h>

#define LOCKS 4096
#define CHILDREN 20

RACEWAY_TRACKED(long, total);
static pthread_mutex_t locks[LOCKS];
static atomic_int stop;

/* Each lock is new to the encoder: its fragment is built (and allocated)
 * on the flusher while the forks happen. */
static void *work(void *arg) {
  (void)arg;
  for (unsigned i = 0; !stop; i++) {
    pthread_mutex_t *m = &locks[i % LOCKS];
    pthread_mutex_lock(m);
    total++;
    pthread_mutex_unlock(m);
  }
  return 0;
}

int main(void) {
  for (int i = 0; i < LOCKS; i++)
    pthread_mutex_init(&locks[i], 0);
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  int clean = 0;
  for (int i = 0; i < CHILDREN; i++) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
      exit(0);   /* exit, not _exit: LeakSanitizer checks at exit */
    int st = 0;
    if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0)
      clean++;
  }
  stop = 1;
  pthread_join(t, 0);
  printf("children %d clean %d\n", CHILDREN, clean);
  return 0;
}
