// Expected: RACE (global_race.cpp: one element of a global array)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on GlobalData
#include "Inputs/corpus.h"
int GlobalData[10] RACEWAY_TRACK;
static void *worker(void *arg) {
  GlobalData[2] = 42; // CHECK-DAG: racy_global_array.c:[[@LINE]]:
  step_go(1);
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  step_wait(1);
  GlobalData[2] = 43; // CHECK-DAG: racy_global_array.c:[[@LINE]]:
  GlobalData[3] = 1;  /* another element: not part of the race */
  pthread_join(t, 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
