// Expected: no race (race_on_speculative_load: a load that never runs is no access)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, g);
static volatile int cond_false;
static void *worker(void *arg) {
  int v = 0;
  if (cond_false)
    v = g;                  /* never executed */
  return (void *)(long)v;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  g = 1;
  pthread_join(t, 0);
  g = 2;
  return DONE();
}
