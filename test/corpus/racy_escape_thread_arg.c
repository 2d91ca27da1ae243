// Expected: RACE (the address of a tracked array element is the thread's
// argument; both threads write it through that pointer; issue #16: the
// start routine is cloned for the argument)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on slots[1]
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, slots[4]);
static void *fill(void *arg) {
  int *slot = arg;
  *slot = *slot + 1; // CHECK-DAG: racy_escape_thread_arg.c:[[@LINE]]:
  return 0;
}
int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, fill, &slots[1]);
  pthread_create(&b, 0, fill, &slots[1]);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: {{[0-9]+}} data race
