// Expected: no race (thread_tryjoin.c: pthread_tryjoin_np until it succeeds)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#define _GNU_SOURCE
#include "Inputs/corpus.h"
#include <unistd.h>
RACEWAY_TRACKED(int, var);
static void *worker(void *arg) {
  usleep(10000);
  var = 1;
  return 0;
}
int main(void) {
  pthread_t t = spawn(worker, 0);
  while (pthread_tryjoin_np(t, 0) != 0)
    usleep(1000);
  var = 2;
  return DONE();
}
