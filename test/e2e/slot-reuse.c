// Thread slots are reused: 300 threads, created one after another and each
// joined before the next starts, leave events whose causality vectors stay
// a few components wide (a slot's clock entry is taken over by the next
// thread), not 300 wide; yet the counter under its lock is race-free, and
// main's write after the joins is ordered after every thread's (a race
// would be reported otherwise).  A slot is taken over once the flusher
// drained the old thread's ring (main flushes after each join, so that is
// always so here).  (thread_ids are "pid:tid", and the kernel
// reuses tids of joined threads, so their count is not checked.)
// A thread that was not joined gives no slot away: the unjoined
// (detached-style) writer at the end races with main, and is reported.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_MAX_BUFFERED=4096 %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_events.py %t.jsonl
// RUN: %python %srcroot/test/tools/check_chains.py %t.jsonl
// RUN: %python %S/Inputs/max_vector.py %t.jsonl | FileCheck %s --check-prefix=VEC
// RUN: FileCheck %s --check-prefix=ERR < %t.err
//
// VEC: widest_vector={{[1-4]}} threads=
// ERR: WARNING: Raceway: data race on unjoined_flag
// ERR-NOT: data race on counter
// ERR: Raceway: 1 data race
#include <pthread.h>
#include <sched.h>
#include <raceway/raceway.h>

RACEWAY_TRACKED(long, counter);
RACEWAY_TRACKED(int, unjoined_flag);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int seen;   /* untracked: lets main wait without ordering */

static void *work(void *arg) {
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  return arg;
}

static void *unjoined(void *arg) {
  unjoined_flag = 1;
  seen = 1;
  return arg;
}

int main(void) {
  for (int i = 0; i < 300; i++) {
    pthread_t t;
    pthread_create(&t, 0, work, 0);
    pthread_join(t, 0);
    raceway_flush(60000);   /* its ring drained: the slot is free at once */
  }
  counter = 0;              /* ordered after every worker by the joins */
  pthread_t u;
  pthread_create(&u, 0, unjoined, 0);
  while (!seen)
    sched_yield();
  int v = unjoined_flag;    /* no join yet: races with the thread's write */
  return v == 1 ? 0 : 1;
}
