// Expected: RACE (a tracked function-static counter is "f.hits", as README
// promises, issue #15 class 4)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: FileCheck --check-prefix=EVENTS %s < %t.events
// CHECK: WARNING: Raceway: data race on count_hit.hits
// CHECK: Raceway: {{[0-9]+}} data race
// EVENTS-NOT: "variable":"hits"
// EVENTS: "variable":"count_hit.hits"
#include "Inputs/corpus.h"
static int count_hit(void) {
  static RACEWAY_TRACKED(int, hits);
  return ++hits;
}
static void *worker(void *arg) {
  count_hit();
  step_go(1);
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  step_wait(1);
  count_hit();
  pthread_join(t, 0);
  return DONE();
}
