// Expected: no race (issue #15, C11 release sequences: a relaxed
// read-modify-write by another thread continues the release sequence, so
// the acquire load that reads its value synchronises with the producer)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: payload 1
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdatomic.h>
RACEWAY_TRACKED(int, payload);
static atomic_int flag;
static void *producer(void *arg) {
  payload = 1;
  atomic_store_explicit(&flag, 1, memory_order_release);
  step_go(1);
  return 0;
}
static void *incrementer(void *arg) {
  step_wait(1);
  atomic_fetch_add_explicit(&flag, 1, memory_order_relaxed);
  step_go(2);
  return 0;
}
static void *consumer(void *arg) {
  step_wait(2);   /* never reads 1, which would synchronise with the producer */
  while (atomic_load_explicit(&flag, memory_order_acquire) != 2)
    sched_yield();
  printf("payload %d\n", payload);
  return 0;
}
int main(void) {
  pthread_t c = spawn(consumer, 0), i = spawn(incrementer, 0), p = spawn(producer, 0);
  pthread_join(p, 0);
  pthread_join(i, 0);
  pthread_join(c, 0);
  return DONE();
}
