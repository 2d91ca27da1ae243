// Expected: no race (issue #15: eight threads each own one byte of one
// 8-byte cell, many rounds; then main reads all after joining: the cell's
// history overflows its four slots without any false report)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// CHECK-NOT: WARNING: Raceway
// CHECK: sum 288
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
unsigned char cells[8] RACEWAY_TRACK;
static void *owner(void *arg) {
  int i = (int)(long)arg;
  for (int r = 0; r < 50; r++) {
    cells[i] = (unsigned char)(cells[i] + 1);
    sched_yield();
  }
  cells[i] = (unsigned char)(cells[i] - 14);
  return 0;
}
int main(void) {
  pthread_t t[8];
  for (long i = 0; i < 8; i++)
    t[i] = spawn(owner, (void *)i);
  for (int i = 0; i < 8; i++)
    pthread_join(t[i], 0);
  int sum = 0;
  for (int i = 0; i < 8; i++)
    sum += cells[i];
  printf("sum %d\n", sum);
  return DONE();
}
