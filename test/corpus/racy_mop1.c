// Expected: RACE (mop1.c: the ordered reader must not hide the unordered one)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on X
#include "Inputs/corpus.h"
RACEWAY_TRACKED(volatile long, X);
static void *reader(void *arg) {
  step_wait(1);
  long v = X; // CHECK-DAG: racy_mop1.c:[[@LINE]]:
  return (void *)v;
}
int main(void) {
  pthread_t t1 = spawn(reader, 0);
  X = 42; // CHECK-DAG: racy_mop1.c:[[@LINE]]:
  pthread_t t2 = spawn(reader, 0);   /* ordered after the write */
  step_go(1);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
