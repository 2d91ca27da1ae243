// Expected: no race (a freed block reused by another thread starts clean)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
#include <stdlib.h>
struct Node { RACEWAY_TRACKED(long, value); long pad[3]; };
static struct Node *_Atomic handoff;   /* only compared, never used */
static void *first(void *arg) {
  struct Node *n = malloc(sizeof *n);
  n->value = 1;
  handoff = n;
  free(n);
  step_go(1);
  return 0;
}
static void *second(void *arg) {
  step_wait(1);
  struct Node *n = malloc(sizeof *n);   /* usually the block just freed */
  n->value = 2;
  printf("reused: %s\n", n == handoff ? "yes" : "no");
  free(n);
  return 0;
}
int main(void) {
  pthread_t a = spawn(first, 0), b = spawn(second, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
