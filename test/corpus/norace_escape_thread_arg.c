// Expected: no race (racy_escape_thread_arg.c with each thread given its
// own element, then main reading both after the joins)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q '"variable":"slots\[2\]".*"access_type":"Write"' %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, slots[4]);
static void *fill(void *arg) {
  int *slot = arg;
  *slot = *slot + 1;
  return 0;
}
int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, fill, &slots[1]);
  pthread_create(&b, 0, fill, &slots[2]);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("%d %d\n", slots[1], slots[2]);
  return DONE();
}
