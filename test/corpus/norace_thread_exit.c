// Expected: no race (thread_exit.c: pthread_exit, then join, then the parent writes)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, var);
static void *worker(void *arg) {
  var = 7;
  pthread_exit(&var);
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  void *ret = 0;
  pthread_join(t, &ret);
  printf("%d\n", *(int *)ret);
  var = 8;
  return DONE();
}
