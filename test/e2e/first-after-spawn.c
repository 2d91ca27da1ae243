// A thread's first event sends only what its spawn's vector lacks (issue
// #13): its parent is the spawn, but the flusher drains the spawner's
// ring first, so when it encodes the child the spawner has gone on
// (joined more threads); the encoder keeps the spawner's vector as of
// each spawn (runtime/transport/spawnvec.h).  bench/churn.c's shape:
// THREADS short threads, 8 alive at a time, each taking one lock; the
// flusher held (RACEWAY_FLUSH_HOLD) so that every spawn is put in the
// batch before any child's first event, and every thread has a slot of
// its own.  Before, each first event carried the spawner's whole vector,
// an entry per thread joined before its spawn (here up to 57 entries, 25
// of them threads).  Now: its own entry and those of the threads that held the lock since
// (at most the 8 alive at once and the one before), and at most as many
// trace components.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_OUTPUT=%t.jsonl RACEWAY_WIRE_VECTOR=delta RACEWAY_SEND=all RACEWAY_FLUSH_HOLD=1 RACEWAY_DEBUG=1 %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
// RUN: %python %S/Inputs/first_after_spawn.py %t.jsonl | FileCheck %s
// RUN: FileCheck --check-prefix=ERR %s < %t.err
//
// CHECK: first events after their spawn: 48
// CHECK: widest: {{([0-9]|1[0-9]|2[0-4])}} entries, {{([1-9]|1[0-2])}} threads
// ERR-NOT: data race
// ERR: raceway: {{[0-9]+}} events: {{[0-9]+}} delivered, 0 dropped
#include <pthread.h>
#include <raceway/raceway.h>

#define THREADS 48
#define AT_ONCE 8

RACEWAY_TRACKED(long, counter);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  counter++;
  pthread_mutex_unlock(&lock);
  return 0;
}

int main(void) {
  for (int i = 0; i < THREADS; i += AT_ONCE) {
    pthread_t t[AT_ONCE];
    for (int k = 0; k < AT_ONCE; k++)
      pthread_create(&t[k], 0, worker, 0);
    for (int k = 0; k < AT_ONCE; k++)
      pthread_join(t[k], 0);
  }
  return counter == THREADS ? 0 : 1;
}
