// Expected: RACE (race_stress: 16 threads x 1000 increments, reported once per site pair)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on X
#include "Inputs/corpus.h"
RACEWAY_TRACKED(volatile int, X);
static void *work(void *arg) {
  for (int i = 0; i < 1000; i++)
    X++; // CHECK-DAG: racy_race_stress.c:[[@LINE]]:
  return 0;
}
int main(void) {
  pthread_t t[16];
  for (int i = 0; i < 16; i++)
    t[i] = spawn(work, 0);
  for (int i = 0; i < 16; i++)
    pthread_join(t[i], 0);
  return DONE();
}
// CHECK: Raceway: {{[1-3]}} data race{{s?}} ({{[0-9]+}} occurrences) on 1 variable
