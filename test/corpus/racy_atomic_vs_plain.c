// Expected: RACE (atomic_stack.cpp: an atomic RMW against a plain increment)
// RUN: %rwcc -g -O1 %s -o %t %rwlibs
// RUN: env RACEWAY_OUTPUT=%t.events %t 2>&1 | FileCheck %s
// RUN: grep -q StateChange %t.events
// CHECK: WARNING: Raceway: data race on Global
#include "Inputs/corpus.h"
RACEWAY_TRACKED(int, Global);
static void *t1(void *arg) {
  __atomic_fetch_add(&Global, 1, __ATOMIC_RELAXED); // CHECK-DAG: racy_atomic_vs_plain.c:[[@LINE]]:
  step_go(1);
  return 0;
}
static void *t2(void *arg) {
  step_wait(1);
  Global++; // CHECK-DAG: racy_atomic_vs_plain.c:[[@LINE]]:
  return 0;
}
int main(void) {
  pthread_t a = spawn(t1, 0), b = spawn(t2, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return DONE();
}
// CHECK: Previous atomic write
// CHECK: Raceway: {{[0-9]+}} data race
