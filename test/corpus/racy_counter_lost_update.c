// Expected: RACE (counter++ from two threads, no lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on counter
#include "Inputs/corpus.h"
RACEWAY_TRACKED(long, counter);
static void *work(void *arg) {
  for (int i = 0; i < 100; i++)
    counter++; // CHECK-DAG: racy_counter_lost_update.c:[[@LINE]]:
  return 0;
}
int main(void) {
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
