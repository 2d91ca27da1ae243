// Expected: no race (thread_detach2: the write before pthread_create is ordered)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, x);
static void *worker(void *arg) {
  x = 2;
  return 0;
}
int main(void) {
  x = 1;
  pthread_t t = spawn(worker, 0);
  pthread_detach(t);
  for (volatile int i = 0; i < 1000000; i++) {}
  return DONE();
}
