// Expected: RACE (a relaxed flag does not publish the payload)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on payload
#include "Inputs/corpus.h"
#include <stdatomic.h>
RACEWAY_TRACKED(int, payload);
static atomic_int ready;
static void *producer(void *arg) {
  payload = 123; // CHECK-DAG: racy_relaxed_flag.c:[[@LINE]]:
  atomic_store_explicit(&ready, 1, memory_order_relaxed);
  return 0;
}
int main(void) {
  pthread_t t = spawn(producer, 0);
  while (!atomic_load_explicit(&ready, memory_order_relaxed))
    sched_yield();
  printf("%d\n", payload); // CHECK-DAG: racy_relaxed_flag.c:[[@LINE]]:
  pthread_join(t, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
