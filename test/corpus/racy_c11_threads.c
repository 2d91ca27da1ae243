// Expected: RACE (C11 threads without a lock)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on counter
#include "Inputs/corpus.h"
#include <threads.h>
RACEWAY_TRACKED(long, counter);
static int work(void *arg) {
  counter++; // CHECK-DAG: racy_c11_threads.c:[[@LINE]]:
  return 0;
}
int main(void) {
  thrd_t a, b;
  thrd_create(&a, work, 0);
  thrd_create(&b, work, 0);
  thrd_join(a, 0);
  thrd_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
