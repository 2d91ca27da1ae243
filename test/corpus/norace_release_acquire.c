// Expected: no race (release store / acquire load publication)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdatomic.h>
RACEWAY_TRACKED(int, payload);
static atomic_int ready;
static void *producer(void *arg) {
  payload = 123;
  atomic_store_explicit(&ready, 1, memory_order_release);
  return 0;
}
int main(void) {
  pthread_t t = spawn(producer, 0);
  while (!atomic_load_explicit(&ready, memory_order_acquire))
    sched_yield();
  printf("%d\n", payload);
  payload = 0;
  pthread_join(t, 0);
  return DONE();
}
