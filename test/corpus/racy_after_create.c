// Expected: RACE (global_race2: the parent writes after creating the thread)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on x
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, x);
static void *worker(void *arg) {
  x = 2; // CHECK-DAG: racy_after_create.c:[[@LINE]]:
  step_go(1);
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  step_wait(1);
  x = 1; // CHECK-DAG: racy_after_create.c:[[@LINE]]:
  pthread_join(t, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
