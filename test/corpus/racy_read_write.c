// Expected: RACE (one thread writes, another reads, ordered only in time)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on shared
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, shared);
static void *writer(void *arg) {
  shared = 42; // CHECK-DAG: {{[Ww]}}rite of 4 bytes {{.*}}racy_read_write.c:[[@LINE]]:
  step_go(1);
  return 0;
}
static void *reader(void *arg) {
  step_wait(1);
  int v = shared; // CHECK-DAG: {{[Rr]}}ead of 4 bytes {{.*}}racy_read_write.c:[[@LINE]]:
  return (void *)(long)v;
}
int main(void) {
  pthread_t a = spawn(writer, 0), b = spawn(reader, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
