// Expected: no race (each thread has its own thread-local copy)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// (No event check: the pass may leave thread-locals uninstrumented, as
// they cannot be shared; either way no race may be reported.)
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
static _Thread_local RACEWAY_TRACKED(long, scratch);
static void *work(void *arg) {
  for (int i = 0; i < 100; i++)
    scratch += i;
  return (void *)scratch;
}
int main(void) {
  pthread_t a = spawn(work, 0), b = spawn(work, 0);
  scratch = 1;
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
