// Expected: no race (C11 threads: mtx_lock around the counter, thrd_join before the read)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <threads.h>
RACEWAY_TRACKED(long, counter);
static mtx_t m;
static int work(void *arg) {
  for (int i = 0; i < 500; i++) {
    mtx_lock(&m);
    counter++;
    mtx_unlock(&m);
  }
  return 0;
}
int main(void) {
  thrd_t t[3];
  mtx_init(&m, mtx_plain);
  for (int i = 0; i < 3; i++)
    thrd_create(&t[i], work, 0);
  for (int i = 0; i < 3; i++)
    thrd_join(t[i], 0);
  printf("counter %ld\n", counter);
  mtx_destroy(&m);
  return DONE();
}
