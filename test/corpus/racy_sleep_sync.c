// Expected: RACE (sleep_sync.cpp: sleeping is not synchronisation)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on X
#include "Inputs/corpus.h"
#include <unistd.h>
RACEWAY_TRACKED(int, X);
static void *worker(void *arg) {
  usleep(100000);            /* "main surely wrote X by now" */
  X = 42; // CHECK-DAG: racy_sleep_sync.c:[[@LINE]]:
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  X = 43; // CHECK-DAG: racy_sleep_sync.c:[[@LINE]]:
  pthread_join(t, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
