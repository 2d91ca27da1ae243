// Expected: no race (the parent reads the result after pthread_join)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, result);
static void *worker(void *arg) {
  result = 42;
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  pthread_join(t, 0);
  printf("result %d\n", result);
  result = 0;
  return DONE();
}
