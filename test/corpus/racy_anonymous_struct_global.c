// Expected: RACE (a global of an anonymous struct type, as rxi/log.c keeps
// its state in `static struct { ... } L;`: its members are named from the
// variable's debug type, also a member's anonymous struct and an array of
// them, not field3 and field1; docs/real-projects.md)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// CHECK-DAG: WARNING: Raceway: data race on L.quiet
// CHECK-DAG: WARNING: Raceway: data race on L.callbacks[1].level
// CHECK-DAG: WARNING: Raceway: data race on L.limits.soft
// CHECK-NOT: field{{[0-9]}}
// CHECK: Raceway: 3 data races (3 occurrences) on 3 variables
#include "Inputs/corpus.h"
#include <stdbool.h>
static struct {
  void *udata;
  int level;
  bool quiet;
  struct { int soft, hard; } limits;
  struct { void *fn; int level; } callbacks[4];
} L RACEWAY_TRACK;
static int one = 1;
static void *writer(void *arg) {
  (void)arg;
  L.quiet = true;
  L.callbacks[*(volatile int *)&one].level = 3;
  L.limits.soft = 5;
  step_go(1);
  return 0;
}
int main(void) {
  pthread_t t = spawn(writer, 0);
  step_wait(1);
  int a = L.quiet + L.callbacks[1].level + L.limits.soft;
  pthread_join(t, 0);
  printf("%d\n", a);
  return DONE();
}
