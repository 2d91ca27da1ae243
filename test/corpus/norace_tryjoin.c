// Expected: no race (thread_tryjoin.c: pthread_tryjoin_np until it succeeds)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: first tryjoin busy: 1
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#define _GNU_SOURCE
#include "Inputs/corpus.h"
#include <errno.h>
RACEWAY_TRACKED(int, var);
static void *worker(void *arg) {
  step_wait(1);   /* until main's first tryjoin failed (no ordering) */
  var = 1;
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  int first = pthread_tryjoin_np(t, 0);   /* the worker is still waiting */
  step_go(1);
  while (pthread_tryjoin_np(t, 0) != 0)
    sched_yield();
  printf("first tryjoin busy: %d\n", first == EBUSY);
  var = 2;
  return DONE();
}
