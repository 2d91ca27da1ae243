// Expected: RACE (issue #15: the write of b[0] is unordered with the later
// read; the writes of b[1..7] by seven other threads, to other bytes of the
// same 8-byte cell, must not push it out of the cell's history)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK: WARNING: Raceway: data race on b[0]
#include "Inputs/corpus.h"
char b[8] RACEWAY_TRACK;
int own[8] RACEWAY_TRACK;
static void *first(void *arg) {
  b[0] = 1; // CHECK-DAG: {{[Ww]}}rite of 1 bytes {{.*}}racy_cell_neighbours.c:[[@LINE]]:
  step_go(1);
  return 0;
}
/* Thread k writes b[k] after k events of its own, so the seven threads
 * reach the cell at different points of their event sequences. */
static void *neighbour(void *arg) {
  int k = (int)(long)arg;
  step_wait(k);
  for (int i = 0; i < k; i++)
    own[k] = i;
  b[k] = (char)k;
  step_go(k + 1);
  return 0;
}
static void *reader(void *arg) {
  step_wait(8);
  return (void *)(long)b[0]; // CHECK-DAG: {{[Rr]}}ead of 1 bytes {{.*}}racy_cell_neighbours.c:[[@LINE]]:
}
int main(void) {
  pthread_t t[9];
  t[0] = spawn(first, 0);
  for (long k = 1; k < 8; k++)
    t[k] = spawn(neighbour, (void *)k);
  t[8] = spawn(reader, 0);
  for (int i = 0; i < 9; i++)
    pthread_join(t[i], 0);
  return DONE();
}
// CHECK: Raceway: 1 data race (1 occurrence) on 1 variable
