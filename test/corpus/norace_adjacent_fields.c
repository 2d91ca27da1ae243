// Expected: no race (tsan-vs-gvn: adjacent byte fields at -O2 are distinct)
// RUN: %rwcc -g -O2 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK-NOT: WARNING: Raceway
// CHECK: DONE
// CHECK-NOT: WARNING: Raceway
#include "Inputs/corpus.h"
struct S { RACEWAY_TRACKED(char, c1); RACEWAY_TRACKED(char, c2); RACEWAY_TRACKED(char, c3); };
static struct S s;
static void *t1(void *arg) {
  for (int i = 0; i < 100; i++)
    s.c2 = (char)i;
  return 0;
}
int main(void) {
  pthread_t t = spawn(t1, 0);
  int sum = 0;
  for (int i = 0; i < 100; i++)
    sum += s.c1 + s.c3;
  pthread_join(t, 0);
  printf("%d\n", sum);
  return DONE();
}
