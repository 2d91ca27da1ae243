// Expected: RACE (tiny_race.c: main writes before the join)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on Global
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, Global);
static void *worker(void *arg) {
  step_wait(1);
  Global = 43; // CHECK-DAG: racy_before_join.c:[[@LINE]]:
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  Global = 42; // CHECK-DAG: racy_before_join.c:[[@LINE]]:
  step_go(1);
  pthread_join(t, 0);
  printf("%d\n", Global);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
