// Expected: RACE (issue #15, C11 release sequences: the relaxed store of 2
// by another thread ends the release sequence headed by the producer's
// release store, so the consumer's acquire load that reads 2 synchronises
// with nothing, and its read of payload races with the producer's write)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on payload
#include "Inputs/corpus.h"
#include <stdatomic.h>
RACEWAY_TRACKED(int, payload);
static atomic_int flag;
static void *producer(void *arg) {
  payload = 1; // CHECK-DAG: {{[Ww]}}rite of 4 bytes {{.*}}racy_release_seq_broken.c:[[@LINE]]:
  atomic_store_explicit(&flag, 1, memory_order_release);
  step_go(1);
  return 0;
}
static void *overwriter(void *arg) {
  step_wait(1);
  atomic_store_explicit(&flag, 2, memory_order_relaxed);
  step_go(2);
  return 0;
}
static void *consumer(void *arg) {
  step_wait(2);   /* never reads 1, which would synchronise with the producer */
  while (atomic_load_explicit(&flag, memory_order_acquire) != 2)
    sched_yield();
  return (void *)(long)payload; // CHECK-DAG: {{[Rr]}}ead of 4 bytes {{.*}}racy_release_seq_broken.c:[[@LINE]]:
}
int main(void) {
  pthread_t c = spawn(consumer, 0), o = spawn(overwriter, 0), p = spawn(producer, 0);
  pthread_join(p, 0);
  pthread_join(o, 0);
  pthread_join(c, 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
