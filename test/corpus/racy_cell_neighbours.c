// Expected: RACE (issue #15: the write of b[0] is unordered with the later
// read; the writes of b[1..7] by another thread, to other bytes of the same
// 8-byte cell, must not push it out of the cell's history)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on b[0]
#include "Inputs/corpus.h"
char b[8] RACEWAY_TRACK;
static void *first(void *arg) {
  b[0] = 1; // CHECK-DAG: {{[Ww]}}rite of 1 bytes {{.*}}racy_cell_neighbours.c:[[@LINE]]:
  step_go(1);
  return 0;
}
static void *neighbours(void *arg) {
  step_wait(1);
  for (int i = 1; i < 8; i++)   /* seven more accesses to the cell */
    b[i] = (char)i;
  step_go(2);
  return 0;
}
static void *reader(void *arg) {
  step_wait(2);
  return (void *)(long)b[0]; // CHECK-DAG: {{[Rr]}}ead of 1 bytes {{.*}}racy_cell_neighbours.c:[[@LINE]]:
}
int main(void) {
  pthread_t t1 = spawn(first, 0), t2 = spawn(neighbours, 0), t3 = spawn(reader, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  pthread_join(t3, 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
