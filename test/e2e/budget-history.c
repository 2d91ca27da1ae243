// The encoder's per-slot history (runs of events with one epoch and trace,
// for the trace components of the causality vector) takes its bytes from
// the budget, at most 10% of it: 16 threads that each release a lock
// 20,000 times make a run per event group, up to 320 KiB of history per
// slot, past 10% of an 8 MiB budget when the flusher keeps up.  The exit
// line lists the part with its peak within the cap (refusals depend on how
// many events the flusher encodes, so they are not required); the
// accounting still adds up.
//
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: rm -f %t.jsonl
// RUN: env RACEWAY_MAX_MEMORY=8 RACEWAY_DEBUG=1 RACEWAY_OUTPUT=%t.jsonl %t 2> %t.err
// RUN: %python %srcroot/test/tools/check_chains.py --exit-line %t.err %t.jsonl
// RUN: %python -c "import re,sys; m=re.search(r'history (\d+)/(\d+)', open(sys.argv[1]).read()); print('history', 'within' if m and int(m.group(2)) <= 8192 * 10 // 100 else 'PAST')" %t.err | FileCheck %s
// CHECK: history within
#include <pthread.h>
#include <raceway/raceway.h>

enum { THREADS = 16, ROUNDS = 20000 };

RACEWAY_TRACKED(long, total);
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  (void)arg;
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&m);
    total++;
    pthread_mutex_unlock(&m);
  }
  return 0;
}

int main(void) {
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++)
    pthread_create(&t[i], 0, work, 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], 0);
  return total == (long)THREADS * ROUNDS ? 0 : 1;
}
